// Numeric fast paths: an expression built only from number literals, plain variables and
// arithmetic compiles (also) to a closure returning `Double?` — no `Value` is built for
// intermediate results. It returns nil when some operand is not a number; the caller then runs
// the generic closure, which is safe because such expressions have no side effects.
import Lang

/// A compiled pure-arithmetic expression; nil means "an operand was not a number".
struct NumericExpr {
  let run: (Frame) -> Double?
}

extension Compiler {
  /// The numeric fast path for `e`, if `e` is pure arithmetic on numbers and variables.
  func compileNumeric(_ e: Expr) -> NumericExpr? {
    switch e.kind {
    case .number(let d): return NumericExpr { _ in d }
    case .name(let n):
      switch slotRef(n) {
      case .frame(let s)?:
        return NumericExpr { f in
          if case .number(let d) = f[s] { return d }
          return nil
        }
      case .global(let p)?:
        return NumericExpr { _ in
          if case .number(let d) = p.pointee { return d }
          return nil
        }
      default: return nil
      }
    case .call(let callee, let args):
      // `sqrt(x)`: a math builtin with a scalar function, on a numeric argument.
      guard case .name(let n) = callee.kind, case .builtin? = binding(n),
        let scalar = interp.builtins[n]?.scalar, args.count == 1, args[0].label == nil,
        let a = compileNumeric(args[0].value)
      else { return nil }
      return NumericExpr { f in a.run(f).map(scalar) }
    case .unary(.neg, let x):
      guard let a = compileNumeric(x) else { return nil }
      return NumericExpr { f in a.run(f).map { -$0 } }
    case .binary(let op, let l, let r):
      guard !op.isComparison, op != .matmul, !Compiler.isLongChain(e),
        let a = compileNumeric(l), let b = compileNumeric(r)
      else { return nil }
      return numericBinary(op, l, r, a, b)
    default: return nil
    }
  }

  /// The numeric closure of `l op r` from those of its operands (`a`, `b`), specialised for
  /// constant and variable operands.
  func numericBinary(_ op: BinaryOp, _ l: Expr, _ r: Expr, _ a: NumericExpr, _ b: NumericExpr)
    -> NumericExpr
  {
    if let fused = numericLeaves(op, l, r, a, b) { return fused }
    if case .number(let k) = r.kind {
      switch op {
      case .add: return NumericExpr { f in a.run(f).map { $0 + k } }
      case .sub: return NumericExpr { f in a.run(f).map { $0 - k } }
      case .mul: return NumericExpr { f in a.run(f).map { $0 * k } }
      case .div: return NumericExpr { f in a.run(f).map { $0 / k } }
      case .mod:
        if k > 0, k.rounded() == k, k < 1e9 {
          let inv = 1 / k
          return NumericExpr { f in a.run(f).map { pyModByConstant($0, k, inv) } }
        }
        return NumericExpr { f in a.run(f).map { pyMod($0, k) } }
      default: break
      }
    }
    if case .number(let k) = l.kind {
      switch op {
      case .add: return NumericExpr { f in b.run(f).map { k + $0 } }
      case .sub: return NumericExpr { f in b.run(f).map { k - $0 } }
      case .mul: return NumericExpr { f in b.run(f).map { k * $0 } }
      case .div: return NumericExpr { f in b.run(f).map { k / $0 } }
      default: break
      }
    }
    switch op {
    case .add:
      return NumericExpr { f in
        guard let x = a.run(f), let y = b.run(f) else { return nil }
        return x + y
      }
    case .sub:
      return NumericExpr { f in
        guard let x = a.run(f), let y = b.run(f) else { return nil }
        return x - y
      }
    case .mul:
      return NumericExpr { f in
        guard let x = a.run(f), let y = b.run(f) else { return nil }
        return x * y
      }
    case .div:
      return NumericExpr { f in
        guard let x = a.run(f), let y = b.run(f) else { return nil }
        return x / y
      }
    default:
      return NumericExpr { f in
        guard let x = a.run(f), let y = b.run(f) else { return nil }
        return arith(op, x, y)
      }
    }
  }

  /// `x op y` where an operand is a plain variable: the variable is read inside the operator's
  /// closure instead of through a closure of its own (one indirect call less per operand).
  func numericLeaves(_ op: BinaryOp, _ l: Expr, _ r: Expr, _ a: NumericExpr, _ b: NumericExpr)
    -> NumericExpr?
  {
    let ls = numericVariable(l)
    let rs = numericVariable(r)
    switch (ls, rs) {
    case (let x?, let y?):
      return NumericExpr { f in
        guard let p = Compiler.number(x.pointer(f)), let q = Compiler.number(y.pointer(f)) else {
          return nil
        }
        return arith(op, p, q)
      }
    case (let x?, nil):
      if case .number(let k) = r.kind {
        if op == .mod { return nil }  // the reciprocal path is faster
        return NumericExpr { f in Compiler.number(x.pointer(f)).map { arith(op, $0, k) } }
      }
      return NumericExpr { f in
        guard let p = Compiler.number(x.pointer(f)), let q = b.run(f) else { return nil }
        return arith(op, p, q)
      }
    case (nil, let y?):
      if case .number(let k) = l.kind {
        return NumericExpr { f in Compiler.number(y.pointer(f)).map { arith(op, k, $0) } }
      }
      return NumericExpr { f in
        guard let p = a.run(f), let q = Compiler.number(y.pointer(f)) else { return nil }
        return arith(op, p, q)
      }
    default: return nil
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
  /// `withNumericFastPath` computes in one closure.
  func isVariableArithmetic(_ e: Expr) -> Bool {
    guard case .binary(let op, let l, let r) = e.kind, !op.isComparison, op != .matmul,
      op != .mod, numericVariable(l) != nil
    else { return false }
    if case .number = r.kind { return true }
    return numericVariable(r) != nil
  }

  /// Wraps a generic closure with the numeric fast path `numeric` of `e`, if any.
  func withNumericFastPath(_ e: Expr, _ generic: CompiledExpr, _ numeric: NumericExpr?)
    -> CompiledExpr
  {
    // `n - 1`, `x * y`: a variable with a constant or another variable, computed in one closure.
    if case .binary(let op, let l, let r) = e.kind, !op.isComparison, op != .matmul,
      op != .mod, let x = numericVariable(l)
    {
      if case .number(let k) = r.kind {
        return CompiledExpr { f in
          if let p = Compiler.number(x.pointer(f)) { return .number(arith(op, p, k)) }
          return try generic.run(f)
        }
      }
      if let y = numericVariable(r) {
        return CompiledExpr { f in
          if let p = Compiler.number(x.pointer(f)), let q = Compiler.number(y.pointer(f)) {
            return .number(arith(op, p, q))
          }
          return try generic.run(f)
        }
      }
    }
    guard isArithmetic(e), let fast = numeric else { return generic }
    return CompiledExpr { f in
      if let d = fast.run(f) { return .number(d) }
      return try generic.run(f)
    }
  }

  /// An operand of arithmetic compiled bottom-up, every node once: its closure without a
  /// numeric fast path of its own, and its numeric closure if it is pure arithmetic. Only the
  /// outermost arithmetic gets the fast path; the operands under it need none (the fast path
  /// covers them, and the generic closure runs only when some operand is not a number).
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
      let numeric = nx.map { a in NumericExpr { f in a.run(f).map { -$0 } } }
      let a = numeric == nil ? withNumericFastPath(x, gx, nx) : gx
      return (compileUnary(.neg, a, e.span), numeric)
    case .number, .name, .call: return (compileExpr(e), compileNumeric(e))
    default: return (compileExpr(e), nil)
    }
  }
}
