// Compiling binary operators: a closure per operator with an inline number-number fast path,
// a variant for a constant right operand (`n - 1`, `i % 7`), and the generic fallback.
import Lang

extension Compiler {
  func compileBinary(_ op: BinaryOp, _ l: Expr, _ r: Expr, _ span: SourceSpan) -> CompiledExpr {
    let a = compileExpr(l)
    let file = self.file
    @inline(__always) func slow(_ x: Value, _ y: Value) throws -> Value {
      do { return try Operators.binary(op, x, y) } catch let e as RuntimeError {
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
          return try slow(x, kv)
        }
      case .sub:
        return CompiledExpr { f in
          let x = try a.run(f)
          if case .number(let p) = x { return .number(p - k) }
          return try slow(x, kv)
        }
      case .mul:
        return CompiledExpr { f in
          let x = try a.run(f)
          if case .number(let p) = x { return .number(p * k) }
          return try slow(x, kv)
        }
      case .mod:
        return CompiledExpr { f in
          let x = try a.run(f)
          if case .number(let p) = x { return .number(pyMod(p, k)) }
          return try slow(x, kv)
        }
      case .lt:
        return CompiledExpr { f in
          let x = try a.run(f)
          if case .number(let p) = x { return .bool(p < k) }
          return try slow(x, kv)
        }
      default: break
      }
    }
    let b = compileExpr(r)
    switch op {
    case .add:
      return CompiledExpr { f in
        let x = try a.run(f)
        let y = try b.run(f)
        if case .number(let p) = x, case .number(let q) = y { return .number(p + q) }
        return try slow(x, y)
      }
    case .sub:
      return CompiledExpr { f in
        let x = try a.run(f)
        let y = try b.run(f)
        if case .number(let p) = x, case .number(let q) = y { return .number(p - q) }
        return try slow(x, y)
      }
    case .mul:
      return CompiledExpr { f in
        let x = try a.run(f)
        let y = try b.run(f)
        if case .number(let p) = x, case .number(let q) = y { return .number(p * q) }
        return try slow(x, y)
      }
    case .div:
      return CompiledExpr { f in
        let x = try a.run(f)
        let y = try b.run(f)
        if case .number(let p) = x, case .number(let q) = y { return .number(p / q) }
        return try slow(x, y)
      }
    case .mod:
      return CompiledExpr { f in
        let x = try a.run(f)
        let y = try b.run(f)
        if case .number(let p) = x, case .number(let q) = y { return .number(pyMod(p, q)) }
        return try slow(x, y)
      }
    case .lt:
      return CompiledExpr { f in
        let x = try a.run(f)
        let y = try b.run(f)
        if case .number(let p) = x, case .number(let q) = y { return .bool(p < q) }
        return try slow(x, y)
      }
    case .eq:
      return CompiledExpr { f in
        let x = try a.run(f)
        let y = try b.run(f)
        if case .number(let p) = x, case .number(let q) = y { return .bool(p == q) }
        return try slow(x, y)
      }
    default:
      return CompiledExpr { f in
        let x = try a.run(f)
        let y = try b.run(f)
        if op != .matmul, case .number(let p) = x, case .number(let q) = y {
          if op.isComparison { return .bool(compareNumbers(op, p, q)) }
          return .number(arith(op, p, q))
        }
        return try slow(x, y)
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
