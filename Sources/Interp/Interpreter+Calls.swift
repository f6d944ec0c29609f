// Calls of FSL functions: `call` for builtins that call back (keywords bound by name), and
// `callClosure`, the path every compiled call takes, with its entry checks, frame set-up and
// clearing (docs/design.md §"Evaluator", "Frames and calls").
import CInterrupt
import Lang

extension Interpreter {
  /// Calls a function value with positional and keyword arguments (used by builtins).
  public func call(
    _ f: Value, _ args: [Value], keywords: [(String, Value)] = [],
    site: CallSite? = nil
  ) throws -> Value {
    switch f {
    case .function(let c):
      let base = sp
      ensureStack(base + args.count + c.proto.slotCount + 1)
      defer { sp = base }
      if keywords.isEmpty {
        for (i, a) in args.enumerated() { stack[base + i] = a }
        sp = base + args.count
        return try callClosure(c, base: base, argc: args.count, site: site)
      }
      let bound = try bindKeywords(c, args, keywords)
      for (i, a) in bound.enumerated() { stack[base + i] = a }
      sp = base + bound.count
      return try callClosure(c, base: base, argc: bound.count, site: site)
    case .builtin(let b):
      var a = Arguments(values: try b.bind(args, keywords), builtin: b, interp: self)
      return try b.impl(&a)
    default:
      throw RuntimeError.type("'\(f.typeName)' value is not callable")
    }
  }

  /// Orders positional and keyword arguments by the closure's parameters.
  func bindKeywords(_ c: Closure, _ args: [Value], _ keywords: [(String, Value)]) throws -> [Value]
  {
    let names = c.proto.paramNames
    guard args.count <= names.count else { throw arityError(c, args.count) }
    var out = [Value?](repeating: nil, count: names.count)
    for (i, a) in args.enumerated() { out[i] = a }
    for (k, v) in keywords {
      guard let j = names.firstIndex(of: k) else {
        let hint = Suggest.nearest(to: k, in: Set(names)).map { " (did you mean '\($0)'?)" }
        throw RuntimeError.type(
          "\(c.proto.name)() got an unexpected keyword argument '\(k)'\(hint ?? "")")
      }
      if out[j] != nil {
        throw RuntimeError.type("\(c.proto.name)() got multiple values for argument '\(k)'")
      }
      out[j] = v
    }
    var result: [Value] = []
    for j in 0..<names.count {
      if let v = out[j] {
        result.append(v)
      } else if j < c.defaults.count, let d = c.defaults[j] {
        result.append(d)
      } else {
        throw RuntimeError.type("\(c.proto.name)() missing required argument '\(names[j])'")
      }
    }
    return result
  }

  func arityError(_ c: Closure, _ got: Int) -> RuntimeError {
    let n = c.proto.paramNames.count
    let required = (0..<n).filter { $0 >= c.defaults.count || c.defaults[$0] == nil }.count
    return .type("\(c.proto.name)() \(arityText(required: required, total: n)), got \(got)")
  }

  /// Calls closure `c` whose `argc` positional arguments are already at `stack[base...]`.
  /// `site` is the call expression's location, recorded in the call stack of errors. The usual
  /// call (no default to fill, no captured locals, no error on entry) is inlined here, its
  /// frame cleared in line on each exit; every other goes to `callClosureFully`.
  @inline(__always)
  func callClosure(_ c: Closure, base: Int, argc: Int, site: CallSite?) throws -> Value {
    let p = c.proto
    let width = max(p.slotCount, argc)
    let top = base + width
    if depth >= maxDepth || top + 8 >= stackCapacity || fsl_interrupt_pending() != 0
      || argc != p.paramCount || p.hasCells
    {
      return try callClosureFully(c, base: base, argc: argc, site: site)
    }
    ensureStack(top + 8)
    let frame = stack + base
    let savedSp = sp
    sp = top
    depth += 1
    do {
      // Callers may lend `c` without retaining it (Compiler+Calls.swift); the prototype, which
      // owns the body, is kept alive here in case the body drops the last reference to `c`.
      _ = try withExtendedLifetime(p) { try p.body.run(frame) }
    } catch let e as RuntimeError {
      leave(frame, width, savedSp)
      throw Interpreter.traced(e, p, site)
    } catch {
      leave(frame, width, savedSp)
      throw error
    }
    leave(frame, width, savedSp)
    var r = Value.null
    swap(&r, &returnValue)
    return r
  }

  /// Ends a call: clears its frame (numbers, bools and nil are overwritten without a destroy)
  /// and restores `sp` and the depth.
  @inline(__always)
  func leave(_ frame: UnsafeMutablePointer<Value>, _ width: Int, _ savedSp: Int) {
    for i in 0..<width { Compiler.assign(frame + i, .null) }
    sp = savedSp
    depth -= 1
  }

  /// `callClosure` for every call: fills defaults, enters cells, and reports recursion depth,
  /// stack exhaustion and Ctrl-C on entry.
  @inline(never)
  func callClosureFully(_ c: Closure, base: Int, argc: Int, site: CallSite?) throws -> Value {
    let p = c.proto
    let width = max(p.slotCount, argc)
    let top = base + width
    ensureStack(min(top + 8, stackCapacity))
    let frame = stack + base
    let savedSp = sp
    sp = top
    depth += 1
    defer { leave(frame, width, savedSp) }
    // Error paths are functions of their own (never inlined), which keeps this hot path small.
    if depth > maxDepth || top + 8 >= stackCapacity { throw Interpreter.recursionError() }
    // Recursion without loops (fib) must stop on Ctrl-C too.
    if fsl_interrupt_pending() != 0 { throw Interpreter.interrupted() }
    if argc != p.paramCount { try fillDefaults(c, base: base, argc: argc) }
    if p.hasCells { enterCells(c, frame) }
    do {
      _ = try withExtendedLifetime(p) { try p.body.run(frame) }
    } catch let e as RuntimeError {
      throw Interpreter.traced(e, p, site)
    }
    var r = Value.null
    swap(&r, &returnValue)
    return r
  }

  @inline(never) static func recursionError() -> RuntimeError {
    RuntimeError("RecursionError", "maximum recursion depth \(Interpreter.maxDepth) exceeded")
  }

  /// `e` with the call of `p` at `site` added to its call stack.
  @inline(never)
  static func traced(_ e: RuntimeError, _ p: FunctionProto, _ site: CallSite?) -> RuntimeError {
    var e = e
    if let site = site {
      e.trace.append(TraceEntry(function: p.name, span: site.span, file: site.file))
    }
    return e
  }

  @inline(never)
  func enterCells(_ c: Closure, _ frame: UnsafeMutablePointer<Value>) {
    for s in c.proto.cellLocals { frame[s] = .cell(Cell(frame[s])) }
    for (k, s) in c.proto.upvalueSlots.enumerated() { frame[s] = .cell(c.cells[k]) }
  }

  @inline(never)
  func fillDefaults(_ c: Closure, base: Int, argc: Int) throws {
    let n = c.proto.paramNames.count
    guard argc < n else { throw arityError(c, argc) }
    for j in argc..<n {
      guard j < c.defaults.count, let d = c.defaults[j] else {
        throw RuntimeError.type(
          "\(c.proto.name)() missing required argument '\(c.proto.paramNames[j])'")
      }
      stack[base + j] = d
    }
  }
}
