// Element nodes (see `CompiledExpr` in Compiler.swift): `name[i]` reads and `name[i] = x`
// writes on a variable's list or 1-d tensor, read and changed where the variable stores it.
// The common cases (a number item of a list, an f64 tensor item) are straight-line code with
// no call, so no registers are saved on their path; everything else runs out of line.
// Compiled in Compiler+Elements.swift.
import Lang
import Tensor

/// `name[i]` read with a constant index or an index variable (see `compileSlotIndex1`).
final class SlotIndexNode: ExprNode {
  let slot: VariableSlot
  let index: VariableSlot?
  let constant: Double
  let generic: ExprNode
  let inPlace = Compiler.inPlaceLayout
  let f64Tag = Compiler.f64TensorTag
  init(_ slot: VariableSlot, index: VariableSlot?, constant: Double, generic: ExprNode) {
    self.slot = slot
    self.index = index
    self.constant = constant
    self.generic = generic
  }
  override func run(_ f: Frame) throws -> Value {
    if let e = listItem(f) {
      // A number item of a list needs no call; any other is copied by a call that returns
      // it, so no value lives across a call and no registers are saved on either path.
      if case .number(let x) = e.pointee { return .number(x) }
      return copyValue(e)
    }
    return try read(f)
  }

  /// The item when the variable holds a 1-d f64 tensor and the index is in range.
  @inline(__always)
  func tensorItem(_ f: Frame) -> Double? {
    guard let d = indexNumber(f) else { return nil }
    let p = slot.pointer(f)
    guard inPlace, Compiler.isF64Tensor(p, f64Tag), let i = exactInt(d) else { return nil }
    return Compiler.f64Element(p, i)
  }

  /// The index: the variable's number (nil when it holds anything else) or the literal.
  @inline(__always)
  func indexNumber(_ f: Frame) -> Double? {
    guard let index = index else { return constant }
    return Compiler.number(index.pointer(f))
  }

  /// The list item's address when the variable holds a list and the index is in range.
  @inline(__always)
  func listItem(_ f: Frame) -> UnsafeMutablePointer<Value>? {
    guard let d = indexNumber(f) else { return nil }
    let p = slot.pointer(f)
    guard inPlace, case .list = p.pointee, let i = exactInt(d) else { return nil }
    return RawArray.listItem(p, i)
  }

  /// Any item (`run` without its list fast path first): copied out of a list, read from a
  /// tensor, or the generic path.
  @inline(never)
  func read(_ f: Frame) throws -> Value {
    if let e = listItem(f) { return e.pointee }
    if let x = tensorItem(f) { return .number(x) }
    guard let d = indexNumber(f) else { return try generic.run(f) }
    if let v = Compiler.element(slot.pointer(f), d, inPlace, f64Tag) { return v }
    return try generic.run(f)
  }

  /// Whether the item is nil, tested where it lies; nil when that takes the general `==` (not
  /// a list, out of range, or an item that defines its own equality: a tensor or an object).
  @inline(__always)
  func itemIsNil(_ f: Frame) -> Bool? {
    guard let e = listItem(f) else { return nil }
    switch e.pointee {
    case .null: return true
    case .tensor, .object: return nil
    default: return false
    }
  }
}

/// `name[e]` read with a side-effect-free index expression.
final class SlotIndexExprNode: ExprNode {
  let slot: VariableSlot
  let index: ExprNode
  let generic: ExprNode
  let inPlace = Compiler.inPlaceLayout
  let f64Tag = Compiler.f64TensorTag
  init(_ slot: VariableSlot, _ index: ExprNode, generic: ExprNode) {
    self.slot = slot
    self.index = index
    self.generic = generic
  }
  override func run(_ f: Frame) throws -> Value {
    if case .number(let d) = try index.run(f),
      let v = Compiler.element(slot.pointer(f), d, inPlace, f64Tag)
    {
      return v
    }
    return try generic.run(f)
  }
}

/// `name[i] = x` (see `compileStoreIndex1`).
final class StoreIndexNode: BlockNode {
  let slot: VariableSlot
  let value: Operand
  let indexExpr: ExprNode
  let index: VariableSlot?
  /// The index when it is a number literal.
  let constant: Double?
  let generic: CompiledPlace
  let span: SourceSpan
  let file: SourceFile
  let inPlace = Compiler.inPlaceLayout
  let uniqueInline = RawArray.uniqueValid
  let f64Tag = Compiler.f64TensorTag
  init(
    _ slot: VariableSlot, _ value: ExprNode, _ indexExpr: ExprNode, index: VariableSlot?,
    constant: Double?, generic: CompiledPlace, _ span: SourceSpan, _ file: SourceFile
  ) {
    self.slot = slot
    self.value = Operand(value)
    self.indexExpr = indexExpr
    self.index = index
    self.constant = constant
    self.generic = generic
    self.span = span
    self.file = file
  }

  override func run(_ f: Frame) throws -> Flow {
    // A number from a variable or literal over a number, nil or bool in a list only this
    // variable holds: straight-line code, no call.
    if let y = value.number(f) {
      if let item = plainItem(f) {
        item.initialize(to: .number(y))
        return .normal
      }
      if let cell = tensorCell(f) {
        cell.storeBytes(of: y, as: Double.self)
        return .normal
      }
    }
    return try storeValue(f)
  }

  /// The index, when it is a variable holding a number or a literal.
  @inline(__always)
  func indexNumber(_ f: Frame) -> Double? {
    if let index = index { return Compiler.number(index.pointer(f)) }
    return constant
  }

  /// The item's address when the variable holds a 1-d f64 tensor whose buffer no one else
  /// holds and the index is in range.
  @inline(__always)
  func tensorCell(_ f: Frame) -> UnsafeMutableRawPointer? {
    let p = slot.pointer(f)
    guard uniqueInline, Compiler.isF64Tensor(p, f64Tag), let d = indexNumber(f),
      let i = exactInt(d)
    else { return nil }
    // The buffer is the tensor's second word (`Compiler.inPlaceLayout`).
    guard let j = Compiler.f64Position(p, i),
      RawArray.isUniqueObject(
        UnsafeRawPointer(p).load(fromByteOffset: 8, as: UnsafeRawPointer.self))
    else { return nil }
    let t = UnsafeMutableRawPointer(p).assumingMemoryBound(to: Tensor.self)
    return t.pointee.buffer.raw + j * 8
  }

  /// The item's address when the variable holds an unshared list, the index (a variable or a
  /// literal) is in range and the item needs no destroying.
  @inline(__always)
  func plainItem(_ f: Frame) -> UnsafeMutablePointer<Value>? {
    guard let d = indexNumber(f) else { return nil }
    let p = slot.pointer(f)
    guard uniqueInline, case .list = p.pointee, let i = exactInt(d), RawArray.isUnique(p) else {
      return nil
    }
    guard let e = RawArray.listItem(p, i), Compiler.isPlain(e) else { return nil }
    return e
  }

  /// Any value and index (`run` without its fast path first).
  @inline(never)
  func storeValue(_ f: Frame) throws -> Flow {
    let x = try value.run(f)
    if case .number(let y) = x {
      if let item = plainItem(f) {
        item.initialize(to: .number(y))
        return .normal
      }
      // `t[i] = y` on a 1-d f64 tensor.
      let p = slot.pointer(f)
      if inPlace, Compiler.isF64Tensor(p, f64Tag), let index = index,
        let d = Compiler.number(index.pointer(f)), let i = exactInt(d),
        Compiler.storeF64Element(p, i, y)
      {
        return .normal
      }
    }
    // `xs[i] = x`: the index variable is read inline.
    if let index = index, let d = Compiler.number(index.pointer(f)), let i = exactInt(d),
      Compiler.storeElement(slot.pointer(f), i, x, inPlace, f64Tag)
    {
      return .normal
    }
    return try store(f, x)
  }

  /// Any other index (evaluated here) or container.
  func store(_ f: Frame, _ x: Value) throws -> Flow {
    let p = slot.pointer(f)
    let iv = try indexExpr.run(f)
    if case .number(let d) = iv, let i = exactInt(d),
      Compiler.storeElement(p, i, x, inPlace, f64Tag)
    {
      return .normal
    }
    do {
      try generic.modify(f) { bv in try Indexing.write(&bv, [.value(iv)], x) }
    } catch let e as RuntimeError { throw e.located(span, file) }
    return .normal
  }
}

/// `xs[i] = ys[j]` (a `SlotIndexNode` on the right): a number item goes from one list to the
/// other with no call; anything else is `target`'s general store.
final class StoreItemNode: BlockNode {
  let source: SlotIndexNode
  let target: StoreIndexNode
  init(_ source: SlotIndexNode, _ target: StoreIndexNode) {
    self.source = source
    self.target = target
  }
  override func run(_ f: Frame) throws -> Flow {
    if let e = source.listItem(f), case .number(let y) = e.pointee,
      let item = target.plainItem(f)
    {
      item.initialize(to: .number(y))
      return .normal
    }
    return try target.storeValue(f)
  }
}
