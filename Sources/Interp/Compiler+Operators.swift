// Compiling binary operators: a node per operator with an inline number-number fast path
// (CompilerNodes.swift), a variant for a constant right operand (`n - 1`, `i % 7`), and the
// generic fallback.
import Lang

extension Compiler {
  /// `l op r`, where `a` and `b` are the compiled operands (a constant operand is used as a
  /// value instead).
  func compileBinary(
    _ op: BinaryOp, _ l: Expr, _ r: Expr, _ span: SourceSpan, _ a: CompiledExpr,
    _ b: CompiledExpr
  ) -> CompiledExpr {
    // The left value is a temporary owned by the node, handed over (`consume`) to the slow
    // path so a uniquely held tensor can take the result in place (not a variable's value).
    let node = BinaryNode.make(op, a.node, b.node, consumesLeft: !isName(l), span, file)
    if case .number(let k) = r.kind, [.add, .sub, .mul, .mod, .lt].contains(op) {
      return CompiledExpr(node: ConstantRightNode(op, a.node, k, generic: node))
    }
    return CompiledExpr(node: node)
  }
}

extension BinaryOp {
  var isComparison: Bool {
    switch self {
    case .eq, .ne, .lt, .le, .gt, .ge: return true
    default: return false
    }
  }
}

@inline(__always) func compareNumbers(_ op: BinaryOp, _ p: Double, _ q: Double) -> Bool {
  switch op {
  case .eq: return p == q
  case .ne: return p != q
  case .lt: return p < q
  case .le: return p <= q
  case .gt: return p > q
  default: return p >= q
  }
}

/// `x == y` when one side is nil and the other is not a tensor or a traced value (whose `==`
/// is elementwise or recorded); nil otherwise.
@inline(__always) func nilEquality(_ x: Value, _ y: Value) -> Bool? {
  if case .null = y {
    if case .tensor = x { return nil }
    if case .object = x { return nil }
    if case .null = x { return true }
    return false
  }
  if case .null = x {
    if case .tensor = y { return nil }
    if case .object = y { return nil }
    return false
  }
  return nil
}

/// True when evaluating `e` runs no FSL code (no call), so it cannot rebind a variable.
func runsNoCode(_ e: Expr) -> Bool {
  switch e.kind {
  case .number, .string, .bool, .null, .name: return true
  case .list(let xs): return xs.allSatisfy(runsNoCode)
  case .dict(let kvs): return kvs.allSatisfy { runsNoCode($0.value) }
  case .unary(_, let x), .field(let x, _, _): return runsNoCode(x)
  case .binary(_, let l, let r), .logical(_, let l, let r): return runsNoCode(l) && runsNoCode(r)
  case .conditional(let c, let t, let o): return runsNoCode(c) && runsNoCode(t) && runsNoCode(o)
  case .index(let b, let items):
    return runsNoCode(b)
      && items.allSatisfy { item in
        switch item {
        case .expr(let x): return runsNoCode(x)
        case .slice(let lo, let hi, let step):
          return [lo, hi, step].allSatisfy { $0.map(runsNoCode) ?? true }
        case .ellipsis: return true
        }
      }
  case .fstring, .call, .function, .error: return false
  }
}

/// True for a plain variable (its value is shared with the variable, never a temporary).
func isName(_ e: Expr) -> Bool {
  if case .name = e.kind { return true }
  return false
}
