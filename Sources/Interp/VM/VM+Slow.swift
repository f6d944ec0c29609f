// The VM's out-of-line paths: operators on non-numbers, calls of non-functions and builtins,
// `range` set-up, and element access beyond the in-place fast paths.
import Lang

/// Helpers of the dispatch loop.
enum VM {
  /// The value in `p`, leaving nil behind (a temporary read for the last time).
  @inline(__always) static func take(_ p: UnsafeMutablePointer<Value>) -> Value {
    let v = p.move()
    p.initialize(to: .null)
    return v
  }

  /// Sets `p` to nil; a number, bool or nil needs no destroying.
  @inline(__always) static func clear(_ p: UnsafeMutablePointer<Value>) {
    switch p.pointee {
    case .number, .bool, .null: p.initialize(to: .null)
    default: p.pointee = .null
    }
  }

  /// A copy of the value in `p`; a number is rebuilt from its bits (no outlined copy).
  @inline(__always) static func copy(_ p: UnsafeMutablePointer<Value>) -> Value {
    if case .number(let d) = p.pointee { return .number(d) }
    return p.pointee
  }

  static func comparison(_ op: Op) -> BinaryOp {
    switch op {
    case .eq, .jumpUnlessEq: return .eq
    case .ne, .jumpUnlessNe: return .ne
    case .lt, .jumpUnlessLt: return .lt
    case .le, .jumpUnlessLe: return .le
    case .gt, .jumpUnlessGt: return .gt
    default: return .ge
    }
  }

  @inline(never)
  static func unassigned(_ code: CodeObject, _ g: Int32, _ pc: Int) -> RuntimeError {
    Compiler.unassigned(code.globalNames[Int(g)], code.spans[pc], code.file)
  }

  @inline(__always)
  static func operand(_ r: Int32, _ f: Frame, _ code: CodeObject) -> UnsafeMutablePointer<Value> {
    if r >= 0 { return f + Int(r) }
    if r >= Operand.firstGlobal { return code.constantBuffer + Int(~r) }
    return code.globalBuffer[Operand.globalIndex(r)]
  }

  /// A NameError if operand `r` is a global that is not assigned yet.
  static func checkAssigned(_ r: Int32, _ p: UnsafeMutablePointer<Value>, _ code: CodeObject)
    throws
  {
    guard r < Operand.firstGlobal, case .cell = p.pointee else { return }
    let g = Operand.globalIndex(r)
    throw RuntimeError("NameError", "name '\(code.globalNames[g])' is used before it is assigned")
  }

  /// `for … in range(…)`: turns the arguments in `r[0..<n]` into start, count, step and a
  /// counter (as `Compiler.compileFor`).
  @inline(never)
  static func prepareRange(_ r: UnsafeMutablePointer<Value>, _ n: Int) throws {
    var (start, count, step) = (0.0, 0, 1.0)
    let (lo, hi): (Value, Value) = n == 1 ? (.number(0), r[0]) : (r[0], r[1])
    if n < 3, case .number(let x) = lo, case .number(let y) = hi, x.rounded() == x,
      y.rounded() == y, abs(x) <= 9.2e18, abs(y) <= 9.2e18
    {
      (start, count) = (x, Int(max(0, y - x)))
    } else {
      (start, count, step) = try RangeSpec.parse(Array(UnsafeBufferPointer(start: r, count: n)))
    }
    r[0] = .number(start)
    r[1] = .number(Double(count))
    r[2] = .number(step)
    r[3] = .number(0)
  }

  @inline(never)
  static func readIndex(_ code: CodeObject, _ i: Instr, _ f: Frame) throws -> Value {
    let b = operand(i.b, f, code)
    let c = operand(i.c, f, code)
    let v = try Indexing.read(b.pointee, [.value(c.pointee)])
    if i.x & Consume.b != 0 { b.pointee = .null }
    if i.x & Consume.c != 0 { c.pointee = .null }
    return v
  }

  @inline(never)
  static func writeIndex(
    _ code: CodeObject, _ i: Instr, _ f: Frame, _ x: Value,
    _ pc: Int
  ) throws {
    let ip = operand(i.b, f, code)
    let iv = i.x & Consume.b != 0 ? take(ip) : copy(ip)
    guard let place = code.places[pc] else { return }
    try place.modify(f) { bv in try Indexing.write(&bv, [.value(iv)], x) }
  }
}

extension Interpreter {
  /// `x op y` when an operand is not a number. A temporary left operand is handed over, so a
  /// uniquely held tensor can take the result in place.
  @inline(never)
  func binarySlow(_ op: BinaryOp, _ i: Instr, _ f: Frame, _ code: CodeObject)
    throws
  {
    let xp = VM.operand(i.b, f, code)
    let yp = VM.operand(i.c, f, code)
    try VM.checkAssigned(i.b, xp, code)
    try VM.checkAssigned(i.c, yp, code)
    let y = yp.pointee
    let r: Value
    if i.x & Consume.b != 0 {
      let x = VM.take(xp)
      if case .tensor = x, !op.isComparison, op != .matmul {
        r = try Operators.tensorBinaryConsuming(op, x, y)
      } else {
        r = try Operators.binary(op, x, y)
      }
    } else {
      r = try Operators.binary(op, xp.pointee, y)
    }
    if i.x & Consume.c != 0 { yp.pointee = .null }
    Compiler.assign(f + Int(i.a), r)
  }

  @inline(never)
  func unarySlow(_ op: UnaryOp, _ i: Instr, _ f: Frame, _ code: CodeObject) throws {
    let xp = VM.operand(i.b, f, code)
    let r = try Operators.unary(op, i.x & Consume.b != 0 ? VM.take(xp) : xp.pointee)
    Compiler.assign(f + Int(i.a), r)
  }

  /// The truth of `x op y` for a conditional jump when an operand is not a number.
  @inline(never)
  func compareSlow(_ op: BinaryOp, _ i: Instr, _ f: Frame, _ code: CodeObject)
    throws -> Bool
  {
    let xp = VM.operand(i.b, f, code)
    let yp = VM.operand(i.c, f, code)
    try VM.checkAssigned(i.b, xp, code)
    try VM.checkAssigned(i.c, yp, code)
    let r = try Operators.binary(op, xp.pointee, yp.pointee).truth()
    if i.x & Consume.b != 0 { xp.pointee = .null }
    if i.x & Consume.c != 0 { yp.pointee = .null }
    return r
  }

  /// A call whose callee is not an FSL function: a builtin held in a variable, or an error.
  @inline(never)
  func callSlow(
    _ code: CodeObject, _ i: Instr, _ cp: UnsafeMutablePointer<Value>, _ f: Frame, _ pc: Int
  ) throws {
    if i.b < 0, case .cell = cp.pointee { throw VM.unassigned(code, ~i.b, pc) }
    let fn = cp.pointee
    if i.b >= code.firstTemp { cp.pointee = .null }
    let args = f + Int(i.c)
    let vals = (0..<Int(i.x)).map { VM.take(args + $0) }
    let r = try Compiler.callValue(fn, vals, [], self, code.spans[pc], code.file)
    Compiler.assign(f + Int(i.a), r)
  }

  /// A builtin call: the arguments are moved from their registers to their parameters.
  @inline(__always)
  func callBuiltin(_ code: CodeObject, _ i: Instr, _ f: Frame, _ pc: Int) throws -> Value {
    let site = code.plans[Int(i.b)]
    let plan = site.plan
    var vals = takeArguments(plan.template.count)
    for j in plan.defaulted { vals[j] = plan.template[j] }
    let args = f + Int(i.c)
    let n = Int(i.x)
    if let v = plan.variadic {
      var rest: [Value] = []
      rest.reserveCapacity(plan.gatherCount)
      let gathered = plan.gatherFrom..<(plan.gatherFrom + plan.gatherCount)
      for j in 0..<n {
        let x = VM.take(args + j)
        if gathered.contains(j) { rest.append(x) } else { vals[plan.destination[j]] = x }
      }
      vals[v] = .list(rest)
    } else {
      vals.withUnsafeMutableBufferPointer { buf in
        guard let base = buf.baseAddress else { return }
        for j in 0..<n { (base + plan.destination[j]).pointee = VM.take(args + j) }
      }
    }
    return try Compiler.runBound(site.builtin, vals, self, code.spans[pc], code.file)
  }
}
