// Field access fast paths: `d.k` reads and `d.k = v` / `d.k += v` writes with a constant key.
// Each site keeps an inline cache, the slot where its key was found last time, so a dict of
// the usual shape answers with one key comparison instead of a search (FDict.swift). Reads of
// `name.k` and `name[i].k` look at the dict where it is stored, without copying it.
import Lang

/// A field access site's guess of its key's slot in the dicts it sees.
final class FieldCache {
  var slot = 0
}

extension Compiler {
  /// `base.name` read.
  func compileFieldRead(_ base: Expr, _ name: String, _ nameSpan: SourceSpan) -> CompiledExpr {
    let b = compileExpr(base)
    let file = self.file
    let cache = FieldCache()
    let generic = FieldReadNode(b.node, name, cache, nameSpan, file)
    guard Compiler.inPlaceLayout, Compiler.dictInPlace else { return CompiledExpr(node: generic) }
    if case .name(let n) = base.kind, let slot = variableSlot(n) {
      return CompiledExpr(node: VariableFieldNode(slot, name, cache, generic: generic))
    }
    if let (slot, index) = listItem(base) {
      // `name[i].k` with a side-effect-free `i`: the dict is read inside the list.
      return CompiledExpr(node: ItemFieldNode(slot, index, name, cache, generic: generic))
    }
    return CompiledExpr(node: generic)
  }

  /// The variable and index of `name[i]` when `i` has no side effects (a variable or pure
  /// arithmetic), so it may be evaluated again on a slow path.
  func listItem(_ e: Expr) -> (VariableSlot, ExprNode)? {
    guard Compiler.inPlaceLayout, Compiler.dictInPlace,
      case .index(let listExpr, let items) = e.kind,
      items.count == 1, case .expr(let ie) = items[0], isName(ie) || compileNumeric(ie) != nil,
      case .name(let n) = listExpr.kind, let slot = variableSlot(n)
    else { return nil }
    return (slot, compileExpr(ie).node)
  }

  /// Field `name` of the dict stored at `p`, or nil (not a dict, or no such key).
  @inline(__always)
  static func field(at p: UnsafeMutablePointer<Value>, _ name: String, _ cache: FieldCache)
    -> Value?
  {
    guard case .dict = p.pointee else { return nil }
    let d = UnsafeMutableRawPointer(p).assumingMemoryBound(to: FDict.self)
    return FDict.value(at: d, forKey: name, hint: &cache.slot)
  }

  /// Whether a `.dict` value keeps its `FDict` (one reference) in its first word, so a
  /// variable's dict can be read where it is stored. Checked once, like `inPlaceLayout`.
  static let dictInPlace: Bool = {
    let p = UnsafeMutablePointer<Value>.allocate(capacity: 1)
    defer {
      p.deinitialize(count: 1)
      p.deallocate()
    }
    p.initialize(to: .dict(FDict([("a", .number(1)), ("b", .number(7))])))
    guard MemoryLayout<FDict>.size == MemoryLayout<Int>.size, RawArray.valid else { return false }
    let d = UnsafeRawPointer(p).assumingMemoryBound(to: FDict.self).pointee
    if case .number(7)? = d["b"] { return true }
    return false
  }()
}

/// `e.name` read: a dict's field (through the site's cache) or a module member.
final class FieldReadNode: ExprNode {
  let base: ExprNode
  let name: String
  let cache: FieldCache
  let span: SourceSpan
  let file: SourceFile
  init(
    _ base: ExprNode, _ name: String, _ cache: FieldCache, _ span: SourceSpan, _ file: SourceFile
  ) {
    self.base = base
    self.name = name
    self.cache = cache
    self.span = span
    self.file = file
  }
  override func run(_ f: Frame) throws -> Value {
    let bv = try base.run(f)
    if case .dict(let d) = bv, let v = d.value(forKey: name, hint: &cache.slot) { return v }
    do { return try Compiler.field(bv, name) } catch let e as RuntimeError {
      throw e.located(span, file)
    }
  }
}

/// `name.k` read where the variable's dict is stored.
final class VariableFieldNode: ExprNode {
  let slot: VariableSlot
  let name: String
  let cache: FieldCache
  let generic: ExprNode
  init(_ slot: VariableSlot, _ name: String, _ cache: FieldCache, generic: ExprNode) {
    self.slot = slot
    self.name = name
    self.cache = cache
    self.generic = generic
  }
  override func run(_ f: Frame) throws -> Value {
    if let v = Compiler.field(at: slot.pointer(f), name, cache) { return v }
    return try generic.run(f)
  }
}

/// `name[i].k` read inside the list, without copying the list or the dict.
final class ItemFieldNode: ExprNode {
  let slot: VariableSlot
  let index: ExprNode
  let name: String
  let cache: FieldCache
  let generic: ExprNode
  init(
    _ slot: VariableSlot, _ index: ExprNode, _ name: String, _ cache: FieldCache,
    generic: ExprNode
  ) {
    self.slot = slot
    self.index = index
    self.name = name
    self.cache = cache
    self.generic = generic
  }
  override func run(_ f: Frame) throws -> Value {
    let p = slot.pointer(f)
    if case .list = p.pointee, case .number(let d) = try index.run(f), let i = exactInt(d) {
      if let e = RawArray.listItem(p, i), let v = Compiler.field(at: e, name, cache) { return v }
    }
    return try generic.run(f)
  }
}

/// `xs[i].k = x` (`op` nil) or `xs[i].k op= x` where `xs` is a variable: the dict is changed
/// inside the list (both made unique first, so copies elsewhere are untouched). Other cases
/// (not a list of dicts, a missing key for `op=`, operands that are not numbers) go to
/// `slow` with the value already evaluated.
final class ItemFieldUpdateNode: BlockNode {
  let slot: VariableSlot
  let index: ExprNode
  let name: String
  let cache: FieldCache
  let op: BinaryOp?
  let value: ExprNode
  let slow: (Frame, Value) throws -> Void
  let uniqueInline = RawArray.uniqueValid && FDict.slotValueOffset != nil
  let valueOffset = FDict.slotValueOffset ?? 0
  init(
    _ slot: VariableSlot, _ index: ExprNode, _ name: String, _ cache: FieldCache, _ op: BinaryOp?,
    _ value: ExprNode, slow: @escaping (Frame, Value) throws -> Void
  ) {
    self.slot = slot
    self.index = index
    self.name = name
    self.cache = cache
    self.op = op
    self.value = value
    self.slow = slow
  }
  override func run(_ f: Frame) throws -> Flow {
    let y = try value.run(f)
    if case .number(let q) = y, let field = try numberField(f) {
      // A number over a number in a dict and list no one else holds: written in place.
      guard let op = op else {
        field.initialize(to: .number(q))
        return .normal
      }
      if case .number(let x) = field.pointee {
        field.initialize(to: .number(arith(op, x, q)))
        return .normal
      }
    }
    let p = slot.pointer(f)
    if case .list = p.pointee, case .number(let d) = try index.run(f), let i = exactInt(d),
      let (xs, j) = Compiler.listPosition(p, i), update(xs, j, y)
    {
      return .normal
    }
    try slow(f, y)
    return .normal
  }

  /// The field's number in place when the variable's list and the item's dict are unshared
  /// and the site's cache finds the key (`FDict.numberInPlace`).
  @inline(__always)
  func numberField(_ f: Frame) throws -> UnsafeMutablePointer<Value>? {
    let p = slot.pointer(f)
    guard uniqueInline, case .list = p.pointee, case .number(let d) = try index.run(f),
      let i = exactInt(d), RawArray.isUnique(p)
    else { return nil }
    guard let e = RawArray.listItem(p, i), case .dict = e.pointee else { return nil }
    let dict = UnsafeMutableRawPointer(e).assumingMemoryBound(to: FDict.self)
    return FDict.numberInPlace(
      at: dict, forKey: name, hint: cache.slot, valueOffset: valueOffset)
  }

  @inline(__always)
  func update(_ xs: UnsafeMutablePointer<[Value]>, _ j: Int, _ y: Value) -> Bool {
    xs.pointee.withUnsafeMutableBufferPointer { buf -> Bool in
      guard let e = buf.baseAddress.map({ $0 + j }), case .dict = e.pointee else { return false }
      let d = UnsafeMutableRawPointer(e).assumingMemoryBound(to: FDict.self)
      guard let op = op else {
        d.pointee.set(name, y, hint: &cache.slot)
        return true
      }
      guard case .number(let q) = y else { return false }
      let done = d.pointee.modify(name, hint: &cache.slot) { cur -> Bool in
        guard case .number(let x) = cur else { return false }
        cur = .number(arith(op, x, q))
        return true
      }
      return done ?? false
    }
  }
}
