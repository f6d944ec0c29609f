// Element access fast paths: `x[i]` and `x[i, j]` with number indices on lists and tensors,
// and `x[i] = v` on a variable. They handle the in-range cases without building index arrays;
// everything else (slices, negative bounds errors, traced values, dicts) takes the generic
// path in Indexing.swift with the values already evaluated, so behaviour is unchanged.
import Lang
import Tensor

/// `d` as an Int when it is an integer with |d| < 9.2e18, else nil: `Int(exactly:)` without its
/// call to `trunc` (a libm call on every element access was 10 % of fannkuch). Integers between
/// 9.2e18 and 2^63 give nil, and callers take the generic path, which reports them.
@inline(__always) func exactInt(_ d: Double) -> Int? {
  guard d > -9.2e18 && d < 9.2e18 else { return nil }
  let i = Int(d)
  return Double(i) == d ? i : nil
}

/// A copy of the value at `p`, made by a call (see `SlotIndexNode.run`); not optimized, or
/// the optimizer turns it into a borrow and copies in the caller after all.
@inline(never) @_optimize(none)
func copyValue(_ p: UnsafeMutablePointer<Value>) -> Value { p.pointee }

extension Compiler {
  /// `base[i]` read.
  func compileIndex1(_ b: CompiledExpr, _ ic: CompiledExpr, _ span: SourceSpan) -> CompiledExpr {
    let file = self.file
    return CompiledExpr { f in
      let bv = try b.run(f)
      let iv = try ic.run(f)
      if case .number(let d) = iv, let v = Compiler.element(bv, d) { return v }
      do { return try Indexing.read(bv, [.value(iv)]) } catch let e as RuntimeError {
        throw e.located(span, file)
      }
    }
  }

  /// `name[i]` read where `name` is a frame slot or global and `i` has no side effects: the
  /// element is read where the container is stored, without copying the container.
  func compileSlotIndex1(
    _ slot: VariableSlot, _ b: CompiledExpr, _ ic: CompiledExpr, index: VariableSlot?,
    constant: Double?, _ span: SourceSpan
  ) -> CompiledExpr {
    let generic = compileIndex1(b, ic, span).node
    // `xs[0]` (a constant index) and `xs[i]` (an index variable, read inline too).
    if constant != nil || index != nil {
      return CompiledExpr(
        node: SlotIndexNode(slot, index: index, constant: constant ?? 0, generic: generic))
    }
    return CompiledExpr(node: SlotIndexExprNode(slot, ic.node, generic: generic))
  }

  /// `base[i, j]` read.
  func compileIndex2(
    _ b: CompiledExpr, _ ic: CompiledExpr, _ jc: CompiledExpr, _ span: SourceSpan
  ) -> CompiledExpr {
    let file = self.file
    return CompiledExpr { f in
      let bv = try b.run(f)
      let iv = try ic.run(f)
      let jv = try jc.run(f)
      if case .tensor(let t) = bv, t.rank == 2, case .number(let di) = iv,
        case .number(let dj) = jv, let i = exactInt(di), let j = exactInt(dj),
        i >= 0, j >= 0, i < t.shape[0], j < t.shape[1]
      {
        return Compiler.tensorElement(t, i * t.shape[1] + j)
      }
      do { return try Indexing.read(bv, [.value(iv), .value(jv)]) } catch let e as RuntimeError {
        throw e.located(span, file)
      }
    }
  }

  /// Item `d` of a list or a 1-d tensor, when `d` is an in-range integer (negatives count
  /// from the end); nil sends the caller to the generic path. The list case is inlined into
  /// the callers; the rest is a call (inlined, its registers and stack space slowed the list
  /// case down).
  @inline(__always)
  static func element(
    _ p: UnsafeMutablePointer<Value>, _ d: Double, _ inPlace: Bool, _ f64Tag: UInt8
  ) -> Value? {
    guard inPlace, case .list = p.pointee, let i = exactInt(d) else {
      return otherElement(p, d, inPlace, f64Tag)
    }
    guard let e = RawArray.listItem(p, i) else { return nil }
    // A number is rebuilt from its bits (copying a `Value` goes through an outlined function).
    if case .number(let d) = e.pointee { return .number(d) }
    return e.pointee
  }

  /// `element` on anything but a list stored with `inPlaceLayout`.
  @inline(never)
  static func otherElement(
    _ p: UnsafeMutablePointer<Value>, _ d: Double, _ inPlace: Bool, _ f64Tag: UInt8
  ) -> Value? {
    guard let i = exactInt(d) else { return nil }
    if inPlace, isF64Tensor(p, f64Tag) { return f64Element(p, i).map { .number($0) } }
    return element(p.pointee, d)
  }

  /// The position of item `i` (negatives count from the end) of the 1-d f64 tensor stored at
  /// `p` (`isF64Tensor`), or nil when out of range or not 1-d.
  @inline(__always)
  static func f64Position(_ p: UnsafeMutablePointer<Value>, _ i: Int) -> Int? {
    let t = UnsafeMutableRawPointer(p).assumingMemoryBound(to: Tensor.self)
    guard t.pointee.shape.count == 1 else { return nil }
    let n = t.pointee.shape[0]
    let j = i < 0 ? i + n : i
    return j >= 0 && j < n ? j : nil
  }

  /// Item `i` of the 1-d f64 tensor stored at `p` (`isF64Tensor`), or nil when out of range
  /// or not 1-d.
  @inline(__always)
  static func f64Element(_ p: UnsafeMutablePointer<Value>, _ i: Int) -> Double? {
    guard let j = f64Position(p, i) else { return nil }
    let t = UnsafeMutableRawPointer(p).assumingMemoryBound(to: Tensor.self)
    return t.pointee.buffer.raw.load(fromByteOffset: j * 8, as: Double.self)
  }

  /// Stores `d` at item `i` of the 1-d f64 tensor stored at `p` (`isF64Tensor`); false when
  /// out of range or not 1-d.
  @inline(__always)
  static func storeF64Element(_ p: UnsafeMutablePointer<Value>, _ i: Int, _ d: Double) -> Bool {
    guard let j = f64Position(p, i) else { return false }
    UnsafeMutableRawPointer(p).assumingMemoryBound(to: Tensor.self).pointee.setF64Element(at: j, d)
    return true
  }

  @inline(__always)
  static func element(_ bv: Value, _ d: Double) -> Value? {
    guard let i = exactInt(d) else { return nil }
    switch bv {
    case .list(let xs):
      let j = i < 0 ? i + xs.count : i
      return j >= 0 && j < xs.count ? xs[j] : nil
    case .tensor(let t):
      guard t.rank == 1 else { return nil }
      let n = t.shape[0]
      let j = i < 0 ? i + n : i
      return j >= 0 && j < n ? tensorElement(t, j) : nil
    default: return nil
    }
  }

  /// Whether a variable's list or f64 tensor can be read and changed where it is stored,
  /// without the copy (retains and releases) that binding the payload makes. This relies on
  /// the layout of `Value`, checked once here (the copying paths remain for other layouts):
  /// a list's array is its first word, a tensor's shape and buffer are its first two words,
  /// and the last byte (the tag, which shares its byte with a tensor's dtype) tells an f64
  /// tensor from every other value.
  static let inPlaceLayout: Bool = {
    let p = UnsafeMutablePointer<Value>.allocate(capacity: 1)
    defer {
      p.deinitialize(count: 1)
      p.deallocate()
    }
    p.initialize(to: .list([.number(3), .number(7)]))
    guard Interpreter.payloadIsFirstWord, RawArray.valid else { return false }
    let xs = UnsafeRawPointer(p).assumingMemoryBound(to: [Value].self).pointee
    guard xs.count == 2, case .number(7) = xs[1] else { return false }
    p.pointee = .tensor(Tensor(shape: [2], f64: [3, 7]))
    let t = UnsafeRawPointer(p).assumingMemoryBound(to: Tensor.self).pointee
    guard t.shape == [2], t.buffer.raw.load(fromByteOffset: 8, as: Double.self) == 7,
      UnsafeRawPointer(p).load(fromByteOffset: 8, as: UnsafeRawPointer.self)
        == UnsafeRawPointer(Unmanaged.passUnretained(t.buffer).toOpaque())
    else {
      return false
    }
    let others: [Value] = [
      .tensor(Tensor(shape: [1], f32: [1])), .tensor(Tensor(shape: [1], bool: [true])),
      .tensor(Tensor(shape: [1], i64: [1])), .null, .bool(true), .number(1),
      .string("fifteen chars!!"), .list([]), .dict(FDict()),
    ]
    for v in others {
      p.pointee = v
      if isF64Tensor(p, f64TensorTag) { return false }
    }
    return true
  }()

  /// The last byte of an f64 tensor `Value`, which holds its tag (see `inPlaceLayout`).
  static let f64TensorTag: UInt8 = {
    let p = UnsafeMutablePointer<Value>.allocate(capacity: 1)
    defer {
      p.deinitialize(count: 1)
      p.deallocate()
    }
    p.initialize(to: .tensor(Tensor(shape: [0], f64: [])))
    return UnsafeRawPointer(p).load(fromByteOffset: MemoryLayout<Value>.size - 1, as: UInt8.self)
  }()

  @inline(__always)
  static func isF64Tensor(_ p: UnsafeMutablePointer<Value>, _ tag: UInt8) -> Bool {
    UnsafeRawPointer(p).load(fromByteOffset: MemoryLayout<Value>.size - 1, as: UInt8.self) == tag
  }

  @inline(__always)
  static func tensorElement(_ t: Tensor, _ offset: Int) -> Value {
    if t.dtype == .str { return .string(t.string(at: offset)) }
    return t.dtype == .bool ? .bool(t.element(at: offset) != 0) : .number(t.element(at: offset))
  }

  /// `name[i] = x` where `name` is a frame slot or a global: lists and 1-d tensors are changed
  /// in place (the value is moved out of the slot while it changes, so it stays unique).
  func compileStoreIndex1(
    _ slot: VariableSlot, _ v: CompiledExpr, _ ic: CompiledExpr, index: VariableSlot?,
    constant: Double?, generic: CompiledPlace, _ span: SourceSpan
  ) -> CompiledBlock {
    let store = StoreIndexNode(
      slot, v.node, ic.node, index: index, constant: constant, generic: generic, span, file)
    if let source = v.node as? SlotIndexNode {
      return CompiledBlock(node: StoreItemNode(source, store))
    }
    return CompiledBlock(node: store)
  }

  /// The array of the list stored at `p` (which must hold a list, with `inPlaceLayout`) and
  /// item `i`'s position in it (negatives count from the end), or nil when `i` is out of range.
  @inline(__always)
  static func listPosition(_ p: UnsafeMutablePointer<Value>, _ i: Int)
    -> (UnsafeMutablePointer<[Value]>, Int)?
  {
    let xs = UnsafeMutableRawPointer(p).assumingMemoryBound(to: [Value].self)
    let n = xs.pointee.count
    let j = i < 0 ? i + n : i
    return j >= 0 && j < n ? (xs, j) : nil
  }

  /// Stores `x` at position `i` of the list or 1-d tensor in `*p`; false when this is not the
  /// simple in-range case. A number into a list is inlined into the callers; the rest is a call.
  @inline(__always)
  static func storeElement(
    _ p: UnsafeMutablePointer<Value>, _ i: Int, _ x: Value, _ inPlace: Bool, _ f64Tag: UInt8
  ) -> Bool {
    guard inPlace, case .list = p.pointee, case .number(let d) = x else {
      return storeOtherElement(p, i, x, inPlace, f64Tag)
    }
    guard let (xs, j) = listPosition(p, i) else { return false }
    // A number is stored by its bits over the old item (no outlined copy or destroy).
    xs.pointee.withUnsafeMutableBufferPointer { buf in
      if let base = buf.baseAddress { Compiler.assign(base + j, .number(d)) }
    }
    return true
  }

  /// `storeElement` of anything but a number into a list stored with `inPlaceLayout`.
  @inline(never)
  static func storeOtherElement(
    _ p: UnsafeMutablePointer<Value>, _ i: Int, _ x: Value, _ inPlace: Bool, _ f64Tag: UInt8
  ) -> Bool {
    if inPlace, case .list = p.pointee {
      guard let (xs, j) = listPosition(p, i) else { return false }
      xs.pointee[j] = x
      return true
    }
    if inPlace, isF64Tensor(p, f64Tag), case .number(let d) = x {
      return storeF64Element(p, i, d)
    }
    if case .list(var xs) = p.pointee {
      let j = i < 0 ? i + xs.count : i
      guard j >= 0 && j < xs.count else { return false }
      p.pointee = .null
      xs[j] = x
      p.pointee = .list(xs)
      return true
    }
    if case .tensor(var t) = p.pointee, t.rank == 1 {
      let n = t.shape[0]
      let j = i < 0 ? i + n : i
      let d: Double
      switch x {
      case .number(let y): d = y
      case .bool(let b): d = b ? 1 : 0
      default: return false
      }
      guard j >= 0 && j < n else { return false }
      p.pointee = .null
      t.setElement(at: j, d)
      p.pointee = .tensor(t)
      return true
    }
    return false
  }
}
