// Compiled nodes (see `CompiledExpr` in Compiler.swift): the base classes whose `run` a parent
// node calls, the wrappers for nodes still written as closures, and the node classes of the
// hottest shapes (variable reads, arithmetic and comparisons on numbers). Statement nodes are in
// StatementNodes.swift, numeric ones in NumericNodes.swift, element access in
// Compiler+Elements.swift and calls in Compiler+Calls.swift.
import Lang

/// A compiled expression node. Subclasses override `run`.
class ExprNode {
  func run(_ f: Frame) throws -> Value { preconditionFailure("internal: abstract ExprNode.run") }
}

/// A compiled statement node.
class BlockNode {
  func run(_ f: Frame) throws -> Flow { preconditionFailure("internal: abstract BlockNode.run") }
}

/// A compiled condition node.
class ConditionNode {
  func run(_ f: Frame) throws -> Bool {
    preconditionFailure("internal: abstract ConditionNode.run")
  }
}

final class ClosureExprNode: ExprNode {
  let body: (Frame) throws -> Value
  init(_ body: @escaping (Frame) throws -> Value) { self.body = body }
  override func run(_ f: Frame) throws -> Value { try body(f) }
}

final class ClosureBlockNode: BlockNode {
  let body: (Frame) throws -> Flow
  init(_ body: @escaping (Frame) throws -> Flow) { self.body = body }
  override func run(_ f: Frame) throws -> Flow { try body(f) }
}

// MARK: - Variables and constants

/// A local (frame slot) read; a number is rebuilt from its bits (no outlined `Value` copy).
final class LoadLocalNode: ExprNode {
  let slot: Int
  init(_ slot: Int) { self.slot = slot }
  override func run(_ f: Frame) throws -> Value {
    if case .number(let d) = f[slot] { return .number(d) }
    return f[slot]
  }
}

/// A value known at compile time (a builtin, a named constant).
final class ConstantNode: ExprNode {
  let value: Value
  init(_ value: Value) { self.value = value }
  override func run(_ f: Frame) throws -> Value { value }
}

// MARK: - Arithmetic and comparison

/// `l op r` on two operand nodes: each subclass computes numbers inline and hands any other
/// operands to `slow` (tensors, strings, lists, errors).
class BinaryNode: ExprNode {
  let op: BinaryOp
  let a: ExprNode
  let b: ExprNode
  /// Whether the left operand is a temporary this node may hand over (a uniquely held tensor
  /// then takes the result in place); false when it is a plain variable.
  let consumesLeft: Bool
  let span: SourceSpan
  let file: SourceFile

  init(
    _ op: BinaryOp, _ a: ExprNode, _ b: ExprNode, consumesLeft: Bool, _ span: SourceSpan,
    _ file: SourceFile
  ) {
    self.op = op
    self.a = a
    self.b = b
    self.consumesLeft = consumesLeft
    self.span = span
    self.file = file
  }

  @inline(never)
  final func slow(_ x: consuming Value, _ y: Value) throws -> Value {
    do {
      if consumesLeft, case .tensor = x, !op.isComparison, op != .matmul {
        return try Operators.tensorBinaryConsuming(op, consume x, y)
      }
      return try Operators.binary(op, x, y)
    } catch let e as RuntimeError {
      throw e.located(span, file)
    }
  }

  /// The node for `op`: a class of its own for the common operators.
  static func make(
    _ op: BinaryOp, _ a: ExprNode, _ b: ExprNode, consumesLeft: Bool, _ span: SourceSpan,
    _ file: SourceFile
  ) -> BinaryNode {
    let args = (op, a, b, consumesLeft, span, file)
    switch op {
    case .add: return AddNode(args.0, args.1, args.2, consumesLeft: args.3, args.4, args.5)
    case .sub: return SubNode(args.0, args.1, args.2, consumesLeft: args.3, args.4, args.5)
    case .mul: return MulNode(args.0, args.1, args.2, consumesLeft: args.3, args.4, args.5)
    case .div: return DivNode(args.0, args.1, args.2, consumesLeft: args.3, args.4, args.5)
    case .eq, .ne:
      return EqualityNode(args.0, args.1, args.2, consumesLeft: args.3, args.4, args.5)
    default: return GenericBinaryNode(args.0, args.1, args.2, consumesLeft: args.3, args.4, args.5)
    }
  }
}

final class AddNode: BinaryNode {
  override func run(_ f: Frame) throws -> Value {
    let x = try a.run(f)
    let y = try b.run(f)
    if case .number(let p) = x, case .number(let q) = y { return .number(p + q) }
    return try slow(consume x, y)
  }
}

final class SubNode: BinaryNode {
  override func run(_ f: Frame) throws -> Value {
    let x = try a.run(f)
    let y = try b.run(f)
    if case .number(let p) = x, case .number(let q) = y { return .number(p - q) }
    return try slow(consume x, y)
  }
}

final class MulNode: BinaryNode {
  override func run(_ f: Frame) throws -> Value {
    let x = try a.run(f)
    let y = try b.run(f)
    if case .number(let p) = x, case .number(let q) = y { return .number(p * q) }
    return try slow(consume x, y)
  }
}

final class DivNode: BinaryNode {
  override func run(_ f: Frame) throws -> Value {
    let x = try a.run(f)
    let y = try b.run(f)
    if case .number(let p) = x, case .number(let q) = y { return .number(p / q) }
    return try slow(consume x, y)
  }
}

/// `==` and `!=`: numbers, and nil against anything that is not a tensor or traced value.
final class EqualityNode: BinaryNode {
  override func run(_ f: Frame) throws -> Value {
    let x = try a.run(f)
    let y = try b.run(f)
    let isEq = op == .eq
    if case .number(let p) = x, case .number(let q) = y { return .bool((p == q) == isEq) }
    if let r = nilEquality(x, y) { return .bool(r == isEq) }
    return try slow(consume x, y)
  }
}

final class GenericBinaryNode: BinaryNode {
  override func run(_ f: Frame) throws -> Value {
    let x = try a.run(f)
    let y = try b.run(f)
    if op != .matmul, case .number(let p) = x, case .number(let q) = y {
      if op.isComparison { return .bool(compareNumbers(op, p, q)) }
      if op == .mod { return .number(pyMod(p, q)) }
      return .number(arith(op, p, q))
    }
    return try slow(consume x, y)
  }
}

/// `x op k` with a number constant `k` on the right (`n - 1`, `i % 7`, `x < 0`).
final class ConstantRightNode: ExprNode {
  let op: BinaryOp
  let a: ExprNode
  let k: Double
  let generic: BinaryNode
  init(_ op: BinaryOp, _ a: ExprNode, _ k: Double, generic: BinaryNode) {
    self.op = op
    self.a = a
    self.k = k
    self.generic = generic
  }
  override func run(_ f: Frame) throws -> Value {
    let x = try a.run(f)
    if case .number(let p) = x {
      switch op {
      case .add: return .number(p + k)
      case .sub: return .number(p - k)
      case .mul: return .number(p * k)
      case .mod: return .number(pyMod(p, k))
      default: return .bool(compareNumbers(op, p, k))
      }
    }
    return try generic.slow(consume x, .number(k))
  }
}

/// The operands of `x op k` or `x op y` where `x` (and `y`) are plain variables, read in place.
struct VariableOperands {
  let x: VariableSlot
  let y: VariableSlot?
  let k: Double

  /// Both operands when they are numbers.
  @inline(__always) func numbers(_ f: Frame) -> (Double, Double)? {
    guard let p = Compiler.number(x.pointer(f)) else { return nil }
    guard let y = y else { return (p, k) }
    guard let q = Compiler.number(y.pointer(f)) else { return nil }
    return (p, q)
  }
}

/// `x op k` or `x op y` on plain variables, computed in one node; anything but two numbers
/// runs `generic`.
final class VariableArithmeticNode: ExprNode {
  let op: BinaryOp
  let operands: VariableOperands
  let generic: ExprNode
  init(_ op: BinaryOp, _ x: VariableSlot, _ y: VariableSlot?, _ k: Double, generic: ExprNode) {
    self.op = op
    operands = VariableOperands(x: x, y: y, k: k)
    self.generic = generic
  }
  override func run(_ f: Frame) throws -> Value {
    if let (p, q) = operands.numbers(f) { return .number(arith(op, p, q)) }
    return try generic.run(f)
  }
}

/// Pure arithmetic with a `Double?` fast path (`NumericExpr`), else the generic node.
final class NumericFastNode: ExprNode {
  let fast: NumericExpr
  let generic: ExprNode
  init(_ fast: NumericExpr, generic: ExprNode) {
    self.fast = fast
    self.generic = generic
  }
  override func run(_ f: Frame) throws -> Value {
    if let d = fast.run(f) { return .number(d) }
    return try generic.run(f)
  }
}

/// A comparison of a variable with a constant (`n < 2`) or another variable (`i < j`) as a
/// condition; other operands run `generic`, which reports errors at the condition.
final class CompareVariablesCondition: ConditionNode {
  let op: BinaryOp
  let operands: VariableOperands
  let generic: ConditionNode
  init(_ op: BinaryOp, _ x: VariableSlot, _ y: VariableSlot?, _ k: Double, generic: ConditionNode) {
    self.op = op
    operands = VariableOperands(x: x, y: y, k: k)
    self.generic = generic
  }
  override func run(_ f: Frame) throws -> Bool {
    if let (p, q) = operands.numbers(f) { return compareNumbers(op, p, q) }
    return try generic.run(f)
  }
}

/// A constant condition (`while true`).
final class ConstantCondition: ConditionNode {
  let value: Bool
  init(_ value: Bool) { self.value = value }
  override func run(_ f: Frame) throws -> Bool { value }
}

/// Any expression as a condition: its truth (errors, such as an ambiguous tensor, are reported
/// at the condition).
final class TruthCondition: ConditionNode {
  let e: ExprNode
  let span: SourceSpan
  let file: SourceFile
  init(_ e: ExprNode, _ span: SourceSpan, _ file: SourceFile) {
    self.e = e
    self.span = span
    self.file = file
  }
  override func run(_ f: Frame) throws -> Bool {
    do { return try e.run(f).truth() } catch let err as RuntimeError {
      throw err.located(span, file)
    }
  }
}

/// A comparison of two pure-arithmetic operands as a condition (`i == n - 1`).
final class CompareNumericCondition: ConditionNode {
  let op: BinaryOp
  let a: NumericNode
  let b: NumericNode
  let generic: ConditionNode
  init(_ op: BinaryOp, _ a: NumericNode, _ b: NumericNode, generic: ConditionNode) {
    self.op = op
    self.a = a
    self.b = b
    self.generic = generic
  }
  override func run(_ f: Frame) throws -> Bool {
    if let x = a.run(f), let y = b.run(f) { return compareNumbers(op, x, y) }
    return try generic.run(f)
  }
}

/// `<`, `<=`, `>`, `>=` of two expressions as a condition: numbers inline, anything else
/// through the operator (strings compare, tensors are ambiguous).
final class CompareValuesCondition: ConditionNode {
  let op: BinaryOp
  let a: ExprNode
  let b: ExprNode
  let span: SourceSpan
  let file: SourceFile
  init(_ op: BinaryOp, _ a: ExprNode, _ b: ExprNode, _ span: SourceSpan, _ file: SourceFile) {
    self.op = op
    self.a = a
    self.b = b
    self.span = span
    self.file = file
  }
  override func run(_ f: Frame) throws -> Bool {
    let x = try a.run(f)
    let y = try b.run(f)
    if case .number(let p) = x, case .number(let q) = y { return compareNumbers(op, p, q) }
    do { return try Operators.binary(op, x, y).truth() } catch let err as RuntimeError {
      throw err.located(span, file)
    }
  }
}

/// `x == nil` or `x != nil` as a condition; for a tensor or traced `x` the operator decides
/// (elementwise or recorded, and its truth may be ambiguous).
final class NilTestCondition: ConditionNode {
  let x: ExprNode
  let isEqual: Bool
  let span: SourceSpan
  let file: SourceFile
  init(_ x: ExprNode, isEqual: Bool, _ span: SourceSpan, _ file: SourceFile) {
    self.x = x
    self.isEqual = isEqual
    self.span = span
    self.file = file
  }
  override func run(_ f: Frame) throws -> Bool {
    let v = try x.run(f)
    if let r = nilEquality(v, .null) { return r == isEqual }
    do { return try Operators.binary(isEqual ? .eq : .ne, v, .null).truth() } catch let err
      as RuntimeError
    {
      throw err.located(span, file)
    }
  }
}

/// `xs[i] == nil` or `xs[i] != nil` (a `SlotIndexNode` on the left): the item is tested where
/// it lies instead of being copied out (a retain and release when it is a list, as in a tree).
final class ItemNilTestCondition: ConditionNode {
  let item: SlotIndexNode
  let isEqual: Bool
  let generic: NilTestCondition
  init(_ item: SlotIndexNode, isEqual: Bool, generic: NilTestCondition) {
    self.item = item
    self.isEqual = isEqual
    self.generic = generic
  }
  override func run(_ f: Frame) throws -> Bool {
    if let isNil = item.itemIsNil(f) { return isNil == isEqual }
    return try generic.run(f)
  }
}

/// A two-item bracket literal (`[left, right]`), built in one allocation.
final class ShortList2Node: ExprNode {
  let a: ExprNode
  let b: ExprNode
  init(_ a: ExprNode, _ b: ExprNode) {
    self.a = a
    self.b = b
  }
  override func run(_ f: Frame) throws -> Value {
    Value.bracketLiteral([try a.run(f), try b.run(f)])
  }
}

/// A three-item bracket literal, built in one allocation.
final class ShortList3Node: ExprNode {
  let a: ExprNode
  let b: ExprNode
  let c: ExprNode
  init(_ a: ExprNode, _ b: ExprNode, _ c: ExprNode) {
    self.a = a
    self.b = b
    self.c = c
  }
  override func run(_ f: Frame) throws -> Value {
    Value.bracketLiteral([try a.run(f), try b.run(f), try c.run(f)])
  }
}
