// Emitter: expressions, calls and assignments.
import Lang

extension Emitter {
  /// `e` as an RK operand: a variable's register, a constant, or a new temporary holding it
  /// (which the caller frees). With `globals`, a global variable is an operand too (only
  /// arithmetic and comparisons, whose slow paths check for unassigned globals, take them).
  func operand(_ e: Expr, globals: Bool = false) -> Int32 {
    switch e.kind {
    case .number(let d): return constant(.number(d))
    case .string(let s): return constant(.string(s))
    case .bool(let b): return constant(.bool(b))
    case .null: return constant(.null)
    case .name(let n):
      switch compiler.binding(n) {
      case .local(let s, false)?: return Int32(s)
      case .global? where globals:
        if case .global(let g)? = variable(n) { return Operand.global(g) }
      case .builtin(let name)?:
        if let b = interp.builtins[name] { return constant(b.constant ?? .builtin(b)) }
      default: break
      }
    default: break
    }
    let t = temp()
    into(e, t)
    return t
  }

  /// Evaluates `e` into register `dst`; temporaries it needs are freed afterwards.
  func into(_ e: Expr, _ dst: Int32) {
    let mark = nextTemp
    defer { nextTemp = mark }
    switch e.kind {
    case .number, .string, .bool, .null:
      emit(Instr(op: .loadK, a: dst, b: operand(e)), e.span)
    case .name(let n):
      switch compiler.binding(n) {
      case .local(let s, false)?:
        if Int32(s) != dst { emit(Instr(op: .move, a: dst, b: Int32(s)), e.span) }
      case .global?:
        guard case .global(let g)? = variable(n) else { return closure(e, dst) }
        emit(Instr(op: .getGlobal, a: dst, b: g), e.span)
      case .builtin(let name)? where interp.builtins[name] != nil:
        emit(Instr(op: .loadK, a: dst, b: operand(e)), e.span)
      default: closure(e, dst)
      }
    case .binary(let op, let l, let r):
      guard !Compiler.isLongChain(e) else { return closure(e, dst) }
      // A global left operand is read when the operator runs: only if the right side cannot
      // run code that assigns it.
      let x = operand(l, globals: Emitter.isPure(r))
      let y = operand(r, globals: true)
      let flags = consumeFlag(x, Consume.b) | consumeFlag(y, Consume.c)
      if op == .mod, case .number(let d) = r.kind, d > 0, d.rounded() == d, d < 4.5e15 {
        // `i % 7`: multiply by the reciprocal instead of dividing (pyModByConstant).
        code.constants.append(.number(d))
        code.constants.append(.number(1 / d))
        let k = ~Int32(code.constants.count - 2)
        emit(Instr(op: .modK, x: flags, a: dst, b: x, c: k), e.span)
        return
      }
      emit(Instr(op: Emitter.opcode(op), x: flags, a: dst, b: x, c: y), e.span)
    case .unary(let op, let a) where op != .pos:
      let x = operand(a)
      emit(Instr(op: op == .neg ? .neg : .not, x: consumeFlag(x, Consume.b), a: dst, b: x), e.span)
    case .call(let callee, let args): call(e, callee, args, dst)
    case .index(let base, let items):
      guard items.count == 1, case .expr(let ie) = items[0] else { return closure(e, dst) }
      let x = operand(base)
      let y = operand(ie)
      let flags = consumeFlag(x, Consume.b) | consumeFlag(y, Consume.c)
      emit(Instr(op: .getIndex, x: flags, a: dst, b: x, c: y), e.span)
    case .field(let base, let name, let nameSpan):
      let x = operand(base)
      code.fields.append(FieldSite(name))
      let k = Int32(code.fields.count - 1)
      emit(Instr(op: .getField, x: consumeFlag(x, Consume.b), a: dst, b: x, c: k), nameSpan)
    case .list(let xs) where xs.count < Int(UInt16.max):
      let start = nextTemp
      for x in xs { into(x, temp()) }
      emit(Instr(op: .newList, x: UInt16(xs.count), a: dst, b: start), e.span)
    default: closure(e, dst)
    }
  }

  /// Evaluates `e` with the closure compiler into `dst`.
  func closure(_ e: Expr, _ dst: Int32) {
    code.exprs.append(compiler.compileExpr(e))
    emit(Instr(op: .expr, a: dst, b: Int32(code.exprs.count - 1)), e.span)
  }

  /// Whether evaluating `e` runs no FSL code (no calls), so it cannot assign a global.
  static func isPure(_ e: Expr) -> Bool {
    switch e.kind {
    case .number, .string, .bool, .null, .name: return true
    case .unary(_, let a): return isPure(a)
    case .binary(_, let a, let b), .logical(_, let a, let b):
      return !Compiler.isLongChain(e) && isPure(a) && isPure(b)
    default: return false
    }
  }

  static func opcode(_ op: BinaryOp) -> Op {
    switch op {
    case .add: return .add
    case .sub: return .sub
    case .mul: return .mul
    case .div: return .div
    case .floorDiv: return .floorDiv
    case .mod: return .mod
    case .pow: return .pow
    case .matmul: return .matmul
    case .eq: return .eq
    case .ne: return .ne
    case .lt: return .lt
    case .le: return .le
    case .gt: return .gt
    case .ge: return .ge
    }
  }

  // MARK: - Calls

  func call(_ e: Expr, _ callee: Expr, _ args: [Argument], _ dst: Int32) {
    if case .name(let n) = callee.kind, case .builtin? = compiler.binding(n),
      let b = interp.builtins[n]
    {
      return builtinCall(e, b, args, dst)
    }
    guard args.allSatisfy({ $0.label == nil }), args.count < Int(UInt16.max) else {
      return closure(e, dst)
    }
    if case .field = callee.kind { return closure(e, dst) }
    let f: Int32
    switch callee.kind {
    case .name(let n) where variable(n) != nil:
      switch variable(n) {
      case .register(let r)?: f = r
      case .global(let g)?: f = ~g
      case nil: return closure(e, dst)
      }
    default: f = operand(callee)
    }
    let start = nextTemp
    for a in args { into(a.value, temp()) }
    let pc = emit(Instr(op: .call, x: UInt16(args.count), a: dst, b: f, c: start), e.span)
    code.sites[pc] = CallSite(e.span, code.file)
  }

  func builtinCall(_ e: Expr, _ b: Builtin, _ args: [Argument], _ dst: Int32) {
    let positional = args.filter { $0.label == nil }
    let keywords = args.filter { $0.label != nil }
    if b.mutatesFirst, let first = args.first, first.label == nil,
      compiler.isPlace(first.value)
    {
      return closure(e, dst)
    }
    guard args.count < Int(UInt16.max),
      let plan = BuiltinCallPlan(
        b, positional: positional.count, keywords: keywords.compactMap(\.label))
    else { return closure(e, dst) }
    code.plans.append(BuiltinSite(b, plan))
    let k = Int32(code.plans.count - 1)
    let all = positional + keywords
    if b.scalar != nil, all.count == 1, plan.template.count == 1 {
      let x = operand(all[0].value)
      emit(Instr(op: .callScalar, x: consumeFlag(x, Consume.c), a: dst, b: k, c: x), e.span)
      return
    }
    let start = nextTemp
    for a in all { into(a.value, temp()) }
    emit(Instr(op: .callBuiltin, x: UInt16(all.count), a: dst, b: k, c: start), e.span)
  }

  // MARK: - Assignment

  func assign(_ s: Stmt, _ target: Expr, _ value: Expr) {
    switch target.kind {
    case .name(let n):
      switch variable(n) {
      case .register(let r)?: into(value, r)
      case .global(let g)?:
        let x = operand(value)
        emit(Instr(op: .setGlobal, x: consumeFlag(x, Consume.c), a: g, c: x), target.span)
      case nil: fallback(s)
      }
    case .field(let base, let name, let nameSpan):
      guard case .name(let n) = base.kind, let v = variable(n) else { return fallback(s) }
      let x = operand(value)
      code.fields.append(FieldSite(name))
      let k = Int32(code.fields.count - 1)
      let pc = emit(
        Instr(op: .setField, x: consumeFlag(x, Consume.c), a: container(v), b: k, c: x),
        nameSpan)
      code.places[pc] = compiler.compilePlace(base)
    case .index(let base, let items):
      guard items.count == 1, case .expr(let ie) = items[0], case .name(let n) = base.kind,
        let v = variable(n)
      else { return fallback(s) }
      // The value is evaluated before the index (as the closure compiler does).
      let x = operand(value)
      let i = operand(ie)
      let flags = consumeFlag(i, Consume.b) | consumeFlag(x, Consume.c)
      let pc = emit(
        Instr(op: .setIndex, x: flags, a: container(v), b: i, c: x), target.span)
      code.places[pc] = compiler.compilePlace(base)
    default: fallback(s)
    }
  }

  func container(_ v: Variable) -> Int32 {
    switch v {
    case .register(let r): return r
    case .global(let g): return ~g
    }
  }

  /// `target op= value` on a variable; other targets run through the closure compiler.
  func compound(_ s: Stmt, _ op: BinaryOp, _ target: Expr, _ value: Expr) {
    guard case .name(let n) = target.kind, let v = variable(n) else { return fallback(s) }
    switch v {
    case .register(let r):
      let y = operand(value, globals: true)
      emit(
        Instr(op: Emitter.opcode(op), x: consumeFlag(y, Consume.c), a: r, b: r, c: y), s.span)
    case .global(let g):
      let y = operand(value, globals: true)
      let t = temp()
      let flags = consumeFlag(y, Consume.c)
      emit(Instr(op: Emitter.opcode(op), x: flags, a: t, b: Operand.global(g), c: y), s.span)
      emit(Instr(op: .setGlobal, x: Consume.c, a: g, c: t), target.span)
    }
  }
}
