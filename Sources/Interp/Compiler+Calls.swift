// Compiling calls: closures get their arguments written straight into the value stack;
// builtins get bound arguments; `x.f(a)` is a dict/module member call or method sugar for the
// builtin `f(x, a)`; mutating builtins (`push`, `pop`, …) write their first argument back.
import Lang

extension Compiler {
  func compileCall(_ callee: Expr, _ args: [Argument], _ span: SourceSpan) -> CompiledExpr {
    let positional = args.filter { $0.label == nil }.map { compileExpr($0.value) }
    let keywords = args.compactMap { a in a.label.map { ($0, compileExpr(a.value)) } }
    let interp = self.interp
    let file = self.file

    if case .field(let objExpr, let name, _) = callee.kind {
      return compileMethodCall(objExpr, name, positional, keywords, span)
    }
    if case .name(let n) = callee.kind, case .builtin? = binding(n), let b = interp.builtins[n] {
      if b.mutatesFirst, let first = args.first, first.label == nil, isPlace(first.value) {
        return compileMutatingCall(
          b, place: compilePlace(first.value), Array(positional.dropFirst()), keywords, span,
          method: false)
      }
      return compileBuiltinCall(b, positional, keywords, span)
    }
    let cf = compileExpr(callee)
    if !keywords.isEmpty {
      return CompiledExpr { f in
        let fn = try cf.run(f)
        let vals = try positional.map { try $0.run(f) }
        let kws = try keywords.map { ($0.0, try $0.1.run(f)) }
        return try Compiler.callValue(fn, vals, kws, interp, span, file)
      }
    }
    let site = CallSite(span, file)
    let argumentsRunCode = !args.allSatisfy { runsNoCode($0.value) }
    let args = CallArguments(positional)
    if case .name(let n) = callee.kind, let v = variableSlot(n), Interpreter.payloadIsFirstWord {
      let slow = CallSlow(cf, positional, span, file)
      if argumentsRunCode {
        return CompiledExpr(node: CallVariableHeldNode(v, args, interp, site, slow: slow))
      }
      if positional.count == 1 {
        return CompiledExpr(
          node: CallVariable1Node(v, positional[0].node, interp, site, slow: slow))
      }
      return CompiledExpr(node: CallVariableNode(v, args, interp, site, slow: slow))
    }
    return CompiledExpr { f in
      let fn = try cf.run(f)
      guard case .function(let c) = fn else {
        let vals = try positional.map { try $0.run(f) }
        return try Compiler.callValue(fn, vals, [], interp, span, file)
      }
      return try Compiler.callPositional(c, args, f, interp, site)
    }
  }

  /// Writes the arguments into the value stack and calls `c`.
  @inline(__always)
  static func callPositional(
    _ c: Closure, _ positional: CallArguments, _ f: Frame, _ interp: Interpreter,
    _ site: CallSite
  ) throws -> Value {
    let n = positional.count
    let base = interp.sp
    interp.ensureStack(base + n + 1)
    defer { interp.sp = base }
    do {
      for i in 0..<n {
        // Slots at and above `sp` hold nil, which needs no destroying: initialize over it.
        (interp.stack + base + i).initialize(to: try positional.run(i, f))
        interp.sp = base + i + 1
      }
    } catch {
      throw Compiler.abandonArguments(error, interp, base, n)
    }
    return try callStacked(c, base: base, argc: n, interp, site)
  }

  /// Calls `c` on the `argc` arguments already at `stack[base...]`; errors are located at
  /// the call site.
  @inline(__always)
  static func callStacked(
    _ c: Closure, base: Int, argc: Int, _ interp: Interpreter, _ site: CallSite
  ) throws -> Value {
    do {
      return try interp.callClosure(c, base: base, argc: argc, site: site)
    } catch let e as RuntimeError {
      throw Compiler.locatedAt(e, site)
    }
  }

  /// Clears the arguments written so far when evaluating one of them failed.
  @inline(never)
  static func abandonArguments(_ error: Error, _ interp: Interpreter, _ base: Int, _ n: Int)
    -> Error
  {
    for i in 0..<n { interp.stack[base + i] = .null }
    return error
  }

  @inline(never) static func locatedAt(_ e: RuntimeError, _ site: CallSite) -> RuntimeError {
    e.located(site.span, site.file)
  }

  /// A call of something that is not an FSL function (a builtin, or an error). Never inlined:
  /// inlined, it doubles the frame of the call closures above (+1.7 % instructions on fib).
  @inline(never)
  static func callSlow(
    _ cf: CompiledExpr, _ positional: [CompiledExpr], _ f: Frame, _ interp: Interpreter,
    _ span: SourceSpan, _ file: SourceFile
  ) throws -> Value {
    let fn = try cf.run(f)
    let vals = try positional.map { try $0.run(f) }
    return try Compiler.callValue(fn, vals, [], interp, span, file)
  }

  /// `obj.name(args)`.
  func compileMethodCall(
    _ objExpr: Expr, _ name: String, _ positional: [CompiledExpr],
    _ keywords: [(String, CompiledExpr)], _ span: SourceSpan
  ) -> CompiledExpr {
    let interp = self.interp
    let file = self.file
    let b = interp.builtins[name]
    let streamParam = b?.streamParam
    if let b = b, b.mutatesFirst, isPlace(objExpr) {
      return compileMutatingCall(
        b, place: compilePlace(objExpr), positional, keywords, span, method: true)
    }
    let ob = compileExpr(objExpr)
    // Everything but a stream's method, given the evaluated receiver `o`.
    let general: (Frame, Value) throws -> Value = { f, o in
      let vals = try positional.map { try $0.run(f) }
      let kws = try keywords.map { ($0.0, try $0.1.run(f)) }
      switch o {
      case .dict(let d):
        if let m = d[name] { return try Compiler.callValue(m, vals, kws, interp, span, file) }
      case .module:
        let m = try interp.locate(span, file) { try Compiler.field(o, name) }
        return try Compiler.callValue(m, vals, kws, interp, span, file)
      default: break
      }
      // `r.rand(2)` on a random stream (when no plan binds it) is `rand(2, rng=r)`.
      if case .object(let r) = o, r is RandomBox, let b = b, let param = streamParam {
        return try Compiler.callBuiltin(b, vals, kws + [(param, o)], interp, span, file)
      }
      if case .object(let obj) = o, !obj.methodModule.isEmpty,
        let m = interp.modules[obj.methodModule]
      {
        guard let fn = m.members[name] else {
          var e = RuntimeError(
            "AttributeError", "'\(obj.typeName)' has no method '\(name)'", span: span, file: file)
          if let s = Suggest.nearest(to: name, in: Set(m.members.keys)) {
            e.notes.append("did you mean '\(s)'?")
          }
          throw e
        }
        return try Compiler.callValue(fn, [o] + vals, kws, interp, span, file)
      }
      guard let b = b else { throw Compiler.noMethod(o, name, interp, span, file) }
      return try Compiler.callBuiltin(b, [o] + vals, kws, interp, span, file)
    }
    // `r.rand(2)` on a random stream is `rand(2, rng=r)`, bound at compile time like a builtin
    // call (the stream's argument slot is filled after the others are evaluated).
    if let b = b, let param = streamParam,
      let plan = BuiltinCallPlan(
        b, positional: positional.count, keywords: keywords.map(\.0) + [param]),
      let slot = plan.destination.last
    {
      let args = CallArguments(
        positional + keywords.map(\.1) + [CompiledExpr(node: ConstantNode(.null))])
      return CompiledExpr(
        node: StreamMethodNode(
          b, plan, args, slot, receiver: ob.node, interp, CallSite(span, file), general: general))
    }
    return CompiledExpr { f in try general(f, try ob.run(f)) }
  }

  /// A mutating builtin whose first argument is a place: run it on the stored value in place.
  /// `method`: written `x.pop(k)`, which calls a function a dict `x` holds under `pop` instead
  /// (docs/language.md, method sugar); `pop(x, k)` always calls the builtin.
  func compileMutatingCall(
    _ b: Builtin, place: CompiledPlace, _ rest: [CompiledExpr],
    _ keywords: [(String, CompiledExpr)], _ span: SourceSpan, method: Bool
  ) -> CompiledExpr {
    let interp = self.interp
    let file = self.file
    // The place is argument 0 and is moved in after evaluation, so it must not be gathered
    // into a variadic parameter (no mutating builtin has one first; such a call binds late).
    if let plan = BuiltinCallPlan(b, positional: rest.count + 1, keywords: keywords.map(\.0)),
      plan.variadic != 0
    {
      let args = CallArguments(rest + keywords.map(\.1))
      return CompiledExpr(
        node: MutatingBuiltinCallNode(
          b, plan, args, place, method: method, interp, CallSite(span, file)))
    }
    return CompiledExpr { f in
      let vals = try rest.map { try $0.run(f) }
      let kws = try keywords.map { ($0.0, try $0.1.run(f)) }
      var result = Value.null
      try interp.locate(span, file) {
        try place.modify(f) { v in
          if method, case .dict(let d) = v, let m = d[b.name] {
            result = try Compiler.callValue(m, vals, kws, interp, span, file)
            return
          }
          var args: [Value] = []
          args.reserveCapacity(vals.count + 1)
          args.append(v)
          args.append(contentsOf: vals)
          // `consume`: `a.values` must be the array's only holder (even in debug builds, which
          // keep locals alive to the end of their scope), or the builtin's first write to it
          // copies the array and with it the place's value.
          var a = Arguments(values: try b.bind(consume args, kws), builtin: b, interp: interp)
          v = .null
          defer { v = a.values[0] }
          result = try b.impl(&a)
        }
      }
      try interp.pollInterrupt(span, file)
      return result
    }
  }

  static func callBuiltin(
    _ b: Builtin, _ vals: [Value], _ kws: [(String, Value)], _ interp: Interpreter,
    _ span: SourceSpan, _ file: SourceFile
  ) throws -> Value {
    try interp.locate(span, file) {
      var a = Arguments(values: try b.bind(vals, kws), builtin: b, interp: interp)
      let r = try b.impl(&a)
      if interp.interruptRequested { throw Interpreter.interrupted() }
      return r
    }
  }

  static func callValue(
    _ fn: Value, _ vals: [Value], _ kws: [(String, Value)], _ interp: Interpreter,
    _ span: SourceSpan, _ file: SourceFile
  ) throws -> Value {
    switch fn {
    case .builtin(let b): return try callBuiltin(b, vals, kws, interp, span, file)
    case .function:
      return try interp.locate(span, file) {
        try interp.call(fn, vals, keywords: kws, site: CallSite(span, file))
      }
    default:
      throw RuntimeError(
        "TypeError", "'\(fn.typeName)' value is not callable", span: span, file: file)
    }
  }

  static func noMethod(
    _ o: Value, _ name: String, _ interp: Interpreter, _ span: SourceSpan, _ file: SourceFile
  ) -> RuntimeError {
    var e = RuntimeError(
      "AttributeError", "'\(o.typeName)' value has no method '\(name)'", span: span, file: file)
    var candidates = interp.builtinNames
    if case .dict(let d) = o { candidates.formUnion(d.keys) }
    if let s = Suggest.nearest(to: name, in: candidates) { e.notes.append("did you mean '\(s)'?") }
    return e
  }
}

extension Interpreter {
  /// Attaches `span` in `file` to errors that have no location yet.
  func locate<T>(_ span: SourceSpan, _ file: SourceFile, _ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let e as RuntimeError {
      throw e.located(span, file)
    }
  }
}

/// A call's positional argument expressions. The first three are held in fields: a closure
/// loaded from an array is retained and released around its call, one held in a field of the
/// (immutable) captured context is not.
struct CallArguments {
  let count: Int
  let a0: CompiledExpr
  let a1: CompiledExpr
  let a2: CompiledExpr
  /// Arguments from the fourth on.
  let rest: [CompiledExpr]

  init(_ xs: [CompiledExpr]) {
    let none = CompiledExpr { _ in .null }
    count = xs.count
    a0 = xs.count > 0 ? xs[0] : none
    a1 = xs.count > 1 ? xs[1] : none
    a2 = xs.count > 2 ? xs[2] : none
    rest = Array(xs.dropFirst(3))
  }

  @inline(__always) func run(_ i: Int, _ f: Frame) throws -> Value {
    switch i {
    case 0: return try a0.run(f)
    case 1: return try a1.run(f)
    case 2: return try a2.run(f)
    default: return try rest[i - 3].run(f)
    }
  }
}
