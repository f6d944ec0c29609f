// Compiling binary operators: a closure per operator with an inline number-number fast path,
// a variant for a constant right operand (`n - 1`, `i % 7`), and the generic fallback.
import Lang

extension Compiler {
  /// `l op r`, where `a` and `b` are the compiled operands (a constant operand is used as a
  /// value instead).
  func compileBinary(
    _ op: BinaryOp, _ l: Expr, _ r: Expr, _ span: SourceSpan, _ a: CompiledExpr,
    _ b: CompiledExpr
  ) -> CompiledExpr {
    let file = self.file
    // The left value is a temporary owned by this closure: it is handed over (`consume`) so a
    // uniquely held tensor can take the result in place.
    @inline(__always) func slow(_ x: consuming Value, _ y: Value) throws -> Value {
      do {
        if case .tensor = x, !op.isComparison, op != .matmul, !isName(l) {
          return try Operators.tensorBinaryConsuming(op, consume x, y)
        }
        return try Operators.binary(op, x, y)
      } catch let e as RuntimeError {
        throw e.located(span, file)
      }
    }
    if case .number(let k) = r.kind {
      let kv = Value.number(k)
      switch op {
      case .add:
        return CompiledExpr { f in
          let x = try a.run(f)
          if case .number(let p) = x { return .number(p + k) }
          return try slow(consume x, kv)
        }
      case .sub:
        return CompiledExpr { f in
          let x = try a.run(f)
          if case .number(let p) = x { return .number(p - k) }
          return try slow(consume x, kv)
        }
      case .mul:
        return CompiledExpr { f in
          let x = try a.run(f)
          if case .number(let p) = x { return .number(p * k) }
          return try slow(consume x, kv)
        }
      case .mod:
        return CompiledExpr { f in
          let x = try a.run(f)
          if case .number(let p) = x { return .number(pyMod(p, k)) }
          return try slow(consume x, kv)
        }
      case .lt:
        return CompiledExpr { f in
          let x = try a.run(f)
          if case .number(let p) = x { return .bool(p < k) }
          return try slow(consume x, kv)
        }
      default: break
      }
    }
    if case .number(let k) = l.kind, op == .add || op == .sub || op == .mul {
      // `1 + f(x)`: a constant left operand needs no closure.
      let kv = Value.number(k)
      return CompiledExpr { f in
        let y = try b.run(f)
        if case .number(let q) = y { return .number(arith(op, k, q)) }
        return try slow(kv, y)
      }
    }
    if op == .eq || op == .ne, case .null = r.kind {
      // `x == nil`, `x != nil`: no closure for the nil.
      let isEq = op == .eq
      return CompiledExpr { f in
        let x = try a.run(f)
        if let r = nilEquality(x, .null) { return .bool(r == isEq) }
        return try slow(consume x, .null)
      }
    }
    switch op {
    case .add:
      return CompiledExpr { f in
        let x = try a.run(f)
        let y = try b.run(f)
        if case .number(let p) = x, case .number(let q) = y { return .number(p + q) }
        return try slow(consume x, y)
      }
    case .sub:
      return CompiledExpr { f in
        let x = try a.run(f)
        let y = try b.run(f)
        if case .number(let p) = x, case .number(let q) = y { return .number(p - q) }
        return try slow(consume x, y)
      }
    case .mul:
      return CompiledExpr { f in
        let x = try a.run(f)
        let y = try b.run(f)
        if case .number(let p) = x, case .number(let q) = y { return .number(p * q) }
        return try slow(consume x, y)
      }
    case .div:
      return CompiledExpr { f in
        let x = try a.run(f)
        let y = try b.run(f)
        if case .number(let p) = x, case .number(let q) = y { return .number(p / q) }
        return try slow(consume x, y)
      }
    case .mod:
      return CompiledExpr { f in
        let x = try a.run(f)
        let y = try b.run(f)
        if case .number(let p) = x, case .number(let q) = y { return .number(pyMod(p, q)) }
        return try slow(consume x, y)
      }
    case .lt:
      return CompiledExpr { f in
        let x = try a.run(f)
        let y = try b.run(f)
        if case .number(let p) = x, case .number(let q) = y { return .bool(p < q) }
        return try slow(consume x, y)
      }
    case .eq:
      return CompiledExpr { f in
        let x = try a.run(f)
        let y = try b.run(f)
        if case .number(let p) = x, case .number(let q) = y { return .bool(p == q) }
        if let r = nilEquality(x, y) { return .bool(r) }
        return try slow(consume x, y)
      }
    case .ne:
      return CompiledExpr { f in
        let x = try a.run(f)
        let y = try b.run(f)
        if case .number(let p) = x, case .number(let q) = y { return .bool(p != q) }
        if let r = nilEquality(x, y) { return .bool(!r) }
        return try slow(consume x, y)
      }
    default:
      return CompiledExpr { f in
        let x = try a.run(f)
        let y = try b.run(f)
        if op != .matmul, case .number(let p) = x, case .number(let q) = y {
          if op.isComparison { return .bool(compareNumbers(op, p, q)) }
          return .number(arith(op, p, q))
        }
        return try slow(consume x, y)
      }
    }
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

/// True for a plain variable (its value is shared with the variable, never a temporary).
func isName(_ e: Expr) -> Bool {
  if case .name = e.kind { return true }
  return false
}
