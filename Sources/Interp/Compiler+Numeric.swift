// Numeric fast paths: an expression built only from number literals, plain variables and
// arithmetic compiles (also) to a node returning `Double?` — no `Value` is built for
// intermediate results. It returns nil when some operand is not a number; the caller then runs
// the generic node, which is safe because such expressions have no side effects.
import Lang

/// A compiled pure-arithmetic expression; nil means "an operand was not a number". A node like
/// `CompiledExpr` (NumericNodes.swift).
struct NumericExpr {
  let node: NumericNode
  @inline(__always) func run(_ f: Frame) -> Double? { node.run(f) }
}

extension Compiler {
  /// The numeric fast path for `e`, if `e` is pure arithmetic on numbers and variables.
  func compileNumeric(_ e: Expr) -> NumericExpr? {
    switch e.kind {
    case .number(let d): return NumericExpr(node: NumericConstant(d))
    case .name:
      guard let v = numericVariable(e) else { return nil }
      return NumericExpr(node: NumericVariable(v))
    case .call(let callee, let args):
      // `sqrt(x)`: a math builtin with a scalar function, on a numeric argument.
      guard case .name(let n) = callee.kind, case .builtin? = binding(n),
        let scalar = interp.builtins[n]?.scalar, args.count == 1, args[0].label == nil,
        let a = compileNumeric(args[0].value)
      else { return nil }
      return NumericExpr(node: NumericScalarCall(a.node, scalar))
    case .unary(.neg, let x):
      guard let a = compileNumeric(x) else { return nil }
      return NumericExpr(node: NumericNegate(a.node))
    case .binary(let op, let l, let r):
      guard !op.isComparison, op != .matmul, !Compiler.isLongChain(e),
        let a = compileNumeric(l), let b = compileNumeric(r)
      else { return nil }
      return numericBinary(op, l, r, a, b)
    default: return nil
    }
  }

  /// The numeric node of `l op r` from those of its operands (`a`, `b`): variables are read
  /// in place and constants held in the node, so `x * y + 1` is two nodes, not five.
  func numericBinary(_ op: BinaryOp, _ l: Expr, _ r: Expr, _ a: NumericExpr, _ b: NumericExpr)
    -> NumericExpr
  {
    let ls = numericVariable(l)
    let rs = numericVariable(r)
    if case .number(let k) = r.kind {
      if op == .mod, k > 0, k.rounded() == k, k < 1e9 {
        return NumericExpr(node: NumericModConstant(a.node, k))
      }
      if let x = ls { return NumericExpr(node: NumericVariableConstant(op, x, k)) }
      return NumericExpr(node: NumericNodeConstant(op, a.node, k))
    }
    if case .number(let k) = l.kind {
      if let y = rs { return NumericExpr(node: NumericConstantVariable(op, k, y)) }
      return NumericExpr(node: NumericConstantNode(op, k, b.node))
    }
    switch (ls, rs) {
    case (let x?, let y?): return NumericExpr(node: NumericVariables(op, x, y))
    case (let x?, nil): return NumericExpr(node: NumericVariableNode(op, x, b.node))
    case (nil, let y?): return NumericExpr(node: NumericNodeVariable(op, a.node, y))
    default:
      switch op {
      case .add: return NumericExpr(node: NumericAdd(op, a.node, b.node))
      case .sub: return NumericExpr(node: NumericSub(op, a.node, b.node))
      case .mul: return NumericExpr(node: NumericMul(op, a.node, b.node))
      case .div: return NumericExpr(node: NumericDiv(op, a.node, b.node))
      default: return NumericExpr(node: NumericArith(op, a.node, b.node))
      }
    }
  }

  /// The storage of `e` when it is a plain (uncaptured) variable.
  func numericVariable(_ e: Expr) -> VariableSlot? {
    guard case .name(let n) = e.kind else { return nil }
    return variableSlot(n)
  }

  @inline(__always) static func number(_ p: UnsafeMutablePointer<Value>) -> Double? {
    if case .number(let d) = p.pointee { return d }
    return nil
  }

  /// True for expressions worth a numeric fast path (at least one arithmetic operator).
  func isArithmetic(_ e: Expr) -> Bool {
    if case .binary(let op, _, _) = e.kind { return !op.isComparison && op != .matmul }
    if case .unary(.neg, _) = e.kind { return true }
    return false
  }

  /// Whether `e` is `variable op constant` or `variable op variable` (not `%`), which
  /// `withNumericFastPath` computes in one node.
  func isVariableArithmetic(_ e: Expr) -> Bool {
    guard case .binary(let op, let l, let r) = e.kind, !op.isComparison, op != .matmul,
      op != .mod, numericVariable(l) != nil
    else { return false }
    if case .number = r.kind { return true }
    return numericVariable(r) != nil
  }

  /// Wraps a generic node with the numeric fast path `numeric` of `e`, if any.
  func withNumericFastPath(_ e: Expr, _ generic: CompiledExpr, _ numeric: NumericExpr?)
    -> CompiledExpr
  {
    // `n - 1`, `x * y`: a variable with a constant or another variable, computed in one node.
    if case .binary(let op, let l, let r) = e.kind, !op.isComparison, op != .matmul,
      op != .mod, let x = numericVariable(l)
    {
      if case .number(let k) = r.kind {
        return CompiledExpr(node: VariableArithmeticNode(op, x, nil, k, generic: generic.node))
      }
      if let y = numericVariable(r) {
        return CompiledExpr(node: VariableArithmeticNode(op, x, y, 0, generic: generic.node))
      }
    }
    guard isArithmetic(e), let fast = numeric else { return generic }
    return CompiledExpr(node: NumericFastNode(fast, generic: generic.node))
  }

  /// An operand of arithmetic compiled bottom-up, every node once: its node without a
  /// numeric fast path of its own, and its numeric node if it is pure arithmetic. Only the
  /// outermost arithmetic gets the fast path; the operands under it need none (the fast path
  /// covers them, and the generic node runs only when some operand is not a number).
  /// Wrapping every level instead made compiling quadratic in the depth of the expression.
  func compileArithmetic(_ e: Expr) -> (generic: CompiledExpr, numeric: NumericExpr?) {
    switch e.kind {
    case .binary(let op, let l, let r) where !op.isComparison && op != .matmul:
      guard !Compiler.isLongChain(e) else { return (compileExpr(e), nil) }
      let (ga, na) = compileArithmetic(l)
      let (gb, nb) = compileArithmetic(r)
      var numeric: NumericExpr?
      if let na = na, let nb = nb { numeric = numericBinary(op, l, r, na, nb) }
      let a = numeric == nil ? withNumericFastPath(l, ga, na) : ga
      let b = numeric == nil ? withNumericFastPath(r, gb, nb) : gb
      return (compileBinary(op, l, r, e.span, a, b), numeric)
    case .unary(.neg, let x):
      let (gx, nx) = compileArithmetic(x)
      let numeric = nx.map { NumericExpr(node: NumericNegate($0.node)) }
      let a = numeric == nil ? withNumericFastPath(x, gx, nx) : gx
      return (compileUnary(.neg, a, e.span), numeric)
    case .number, .name, .call: return (compileExpr(e), compileNumeric(e))
    default: return (compileExpr(e), nil)
    }
  }
}
