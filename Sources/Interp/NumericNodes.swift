// Numeric nodes (see `NumericExpr` in Compiler+Numeric.swift): pure arithmetic on numbers,
// returning nil as soon as an operand is not a number. Variables are read in place and
// constants held in the node, so the common shapes (`x * y`, `n - 1`, `i % 7`) are one node.
import Lang

/// A numeric node. Subclasses override `run`.
class NumericNode {
  func run(_ f: Frame) -> Double? { preconditionFailure("internal: abstract NumericNode.run") }
}

final class NumericConstant: NumericNode {
  let k: Double
  init(_ k: Double) { self.k = k }
  override func run(_ f: Frame) -> Double? { k }
}

final class NumericVariable: NumericNode {
  let x: VariableSlot
  init(_ x: VariableSlot) { self.x = x }
  override func run(_ f: Frame) -> Double? { Compiler.number(x.pointer(f)) }
}

/// `sqrt(e)` and the other one-argument math builtins with a scalar function.
final class NumericScalarCall: NumericNode {
  let a: NumericNode
  let scalar: (Double) -> Double
  init(_ a: NumericNode, _ scalar: @escaping (Double) -> Double) {
    self.a = a
    self.scalar = scalar
  }
  override func run(_ f: Frame) -> Double? { a.run(f).map(scalar) }
}

final class NumericNegate: NumericNode {
  let a: NumericNode
  init(_ a: NumericNode) { self.a = a }
  override func run(_ f: Frame) -> Double? { a.run(f).map { -$0 } }
}

/// `e % k` for a positive integral constant below 1e9: Python's modulo by a reciprocal.
final class NumericModConstant: NumericNode {
  let a: NumericNode
  let k: Double
  let inverse: Double
  init(_ a: NumericNode, _ k: Double) {
    self.a = a
    self.k = k
    inverse = 1 / k
  }
  override func run(_ f: Frame) -> Double? { a.run(f).map { pyModByConstant($0, k, inverse) } }
}

final class NumericVariableConstant: NumericNode {
  let op: BinaryOp
  let x: VariableSlot
  let k: Double
  init(_ op: BinaryOp, _ x: VariableSlot, _ k: Double) {
    self.op = op
    self.x = x
    self.k = k
  }
  override func run(_ f: Frame) -> Double? {
    Compiler.number(x.pointer(f)).map { arith(op, $0, k) }
  }
}

final class NumericNodeConstant: NumericNode {
  let op: BinaryOp
  let a: NumericNode
  let k: Double
  init(_ op: BinaryOp, _ a: NumericNode, _ k: Double) {
    self.op = op
    self.a = a
    self.k = k
  }
  override func run(_ f: Frame) -> Double? { a.run(f).map { arith(op, $0, k) } }
}

final class NumericConstantVariable: NumericNode {
  let op: BinaryOp
  let k: Double
  let y: VariableSlot
  init(_ op: BinaryOp, _ k: Double, _ y: VariableSlot) {
    self.op = op
    self.k = k
    self.y = y
  }
  override func run(_ f: Frame) -> Double? {
    Compiler.number(y.pointer(f)).map { arith(op, k, $0) }
  }
}

final class NumericConstantNode: NumericNode {
  let op: BinaryOp
  let k: Double
  let b: NumericNode
  init(_ op: BinaryOp, _ k: Double, _ b: NumericNode) {
    self.op = op
    self.k = k
    self.b = b
  }
  override func run(_ f: Frame) -> Double? { b.run(f).map { arith(op, k, $0) } }
}

final class NumericVariables: NumericNode {
  let op: BinaryOp
  let x: VariableSlot
  let y: VariableSlot
  init(_ op: BinaryOp, _ x: VariableSlot, _ y: VariableSlot) {
    self.op = op
    self.x = x
    self.y = y
  }
  override func run(_ f: Frame) -> Double? {
    guard let p = Compiler.number(x.pointer(f)), let q = Compiler.number(y.pointer(f)) else {
      return nil
    }
    return arith(op, p, q)
  }
}

final class NumericVariableNode: NumericNode {
  let op: BinaryOp
  let x: VariableSlot
  let b: NumericNode
  init(_ op: BinaryOp, _ x: VariableSlot, _ b: NumericNode) {
    self.op = op
    self.x = x
    self.b = b
  }
  override func run(_ f: Frame) -> Double? {
    guard let p = Compiler.number(x.pointer(f)), let q = b.run(f) else { return nil }
    return arith(op, p, q)
  }
}

final class NumericNodeVariable: NumericNode {
  let op: BinaryOp
  let a: NumericNode
  let y: VariableSlot
  init(_ op: BinaryOp, _ a: NumericNode, _ y: VariableSlot) {
    self.op = op
    self.a = a
    self.y = y
  }
  override func run(_ f: Frame) -> Double? {
    guard let p = a.run(f), let q = Compiler.number(y.pointer(f)) else { return nil }
    return arith(op, p, q)
  }
}

/// Two operand nodes; `+ - * /` have classes of their own (no switch on the operator).
class NumericPair: NumericNode {
  let op: BinaryOp
  let a: NumericNode
  let b: NumericNode
  init(_ op: BinaryOp, _ a: NumericNode, _ b: NumericNode) {
    self.op = op
    self.a = a
    self.b = b
  }
}

final class NumericAdd: NumericPair {
  override func run(_ f: Frame) -> Double? {
    guard let x = a.run(f), let y = b.run(f) else { return nil }
    return x + y
  }
}

final class NumericSub: NumericPair {
  override func run(_ f: Frame) -> Double? {
    guard let x = a.run(f), let y = b.run(f) else { return nil }
    return x - y
  }
}

final class NumericMul: NumericPair {
  override func run(_ f: Frame) -> Double? {
    guard let x = a.run(f), let y = b.run(f) else { return nil }
    return x * y
  }
}

final class NumericDiv: NumericPair {
  override func run(_ f: Frame) -> Double? {
    guard let x = a.run(f), let y = b.run(f) else { return nil }
    return x / y
  }
}

final class NumericArith: NumericPair {
  override func run(_ f: Frame) -> Double? {
    guard let x = a.run(f), let y = b.run(f) else { return nil }
    return arith(op, x, y)
  }
}
