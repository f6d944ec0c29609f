// Operands read without a call. Most operands of a statement or a call are a local variable or
// a number literal; reading one through its node costs a dynamic call (prologue, epilogue and
// an indirect branch) for a load of 17 bytes. An `Operand` keeps the node for everything else
// and reads these two kinds inline, like a register or constant operand of a VM instruction.

/// An expression operand whose local-variable and number-literal forms are read inline.
struct Operand {
  enum Kind: UInt8 {
    case local, number, node
  }
  let kind: Kind
  /// The frame slot, for `.local`.
  let slot: Int
  /// The literal, for `.number`.
  let number: Double
  /// The expression (for every kind; only run for `.node`).
  let node: ExprNode

  init(_ node: ExprNode) {
    self.node = node
    if let l = node as? LoadLocalNode {
      (kind, slot, number) = (.local, l.slot, 0)
    } else if let c = node as? ConstantNode, case .number(let d) = c.value {
      (kind, slot, number) = (.number, 0, d)
    } else {
      (kind, slot, number) = (.node, 0, 0)
    }
  }

  /// The number a local variable or literal holds, read without a call; nil otherwise.
  @inline(__always) func number(_ f: Frame) -> Double? {
    switch kind {
    case .local:
      if case .number(let d) = f[slot] { return d }
      return nil
    case .number: return number
    case .node: return nil
    }
  }

  @inline(__always) func run(_ f: Frame) throws -> Value {
    switch kind {
    case .local:
      // A number is rebuilt from its bits (copying a `Value` goes through an outlined function).
      if case .number(let d) = f[slot] { return .number(d) }
      return f[slot]
    case .number: return .number(number)
    case .node: return try node.run(f)
    }
  }
}
