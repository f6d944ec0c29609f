// Call nodes (see `CompiledExpr` in Compiler.swift): calls of the FSL function in a variable,
// mutating builtin calls on a place, and builtin methods on random streams. Compiled in
// Compiler+Calls.swift.
import CInterrupt
import Lang

/// What a call site needs to call a callee that is not an FSL function (`callSlow`).
struct CallSlow {
  let callee: CompiledExpr
  let positional: [CompiledExpr]
  let span: SourceSpan
  let file: SourceFile
  init(_ callee: CompiledExpr, _ positional: [CompiledExpr], _ span: SourceSpan, _ file: SourceFile)
  {
    self.callee = callee
    self.positional = positional
    self.span = span
    self.file = file
  }

  /// Evaluates the callee and the arguments and calls whatever the callee is.
  func run(_ f: Frame, _ interp: Interpreter) throws -> Value {
    try Compiler.callSlow(callee, positional, f, interp, span, file)
  }
}

/// `name(args)` with positional arguments where `name` is a frame slot or a global: the
/// closure is taken from the variable without copying the `Value` (no retain of the closure,
/// which the caller's variable keeps alive; `callClosure` keeps its prototype alive). Only for
/// arguments that run no code (`runsNoCode`): code could rebind `name` and free the closure
/// while the arguments are evaluated (`f(g())` calls `CallVariableHeldNode`).
final class CallVariableNode: ExprNode {
  let callee: VariableSlot
  let args: CallArguments
  let interp: Interpreter
  let site: CallSite
  let slow: CallSlow
  init(
    _ callee: VariableSlot, _ args: CallArguments, _ interp: Interpreter, _ site: CallSite,
    slow: CallSlow
  ) {
    self.callee = callee
    self.args = args
    self.interp = interp
    self.site = site
    self.slow = slow
  }
  override func run(_ f: Frame) throws -> Value {
    let p = callee.pointer(f)
    guard case .function = p.pointee else {
      return try slow.run(f, interp)
    }
    let raw = UnsafeRawPointer(p).load(as: UnsafeRawPointer.self)
    return try Unmanaged<Closure>.fromOpaque(raw)._withUnsafeGuaranteedRef { c in
      try Compiler.callPositional(c, args, f, interp, site)
    }
  }
}

/// `CallVariableNode` with one argument: it is evaluated before anything is written to the
/// value stack (so there is nothing to undo when it fails) and stored in the callee's frame.
final class CallVariable1Node: ExprNode {
  let callee: VariableSlot
  let arg: ExprNode
  let interp: Interpreter
  let site: CallSite
  let slow: CallSlow
  init(
    _ callee: VariableSlot, _ arg: ExprNode, _ interp: Interpreter, _ site: CallSite,
    slow: CallSlow
  ) {
    self.callee = callee
    self.arg = arg
    self.interp = interp
    self.site = site
    self.slow = slow
  }
  override func run(_ f: Frame) throws -> Value {
    let p = callee.pointer(f)
    guard case .function = p.pointee else {
      return try slow.run(f, interp)
    }
    let raw = UnsafeRawPointer(p).load(as: UnsafeRawPointer.self)
    let x = try arg.run(f)
    let interp = self.interp
    let base = interp.sp
    interp.ensureStack(base + 1)
    // Moved into the callee's frame, which `callClosure` clears on every exit.
    (interp.stack + base).initialize(to: consume x)
    return try Unmanaged<Closure>.fromOpaque(raw)._withUnsafeGuaranteedRef { c in
      try Compiler.callStacked(c, base: base, argc: 1, interp, site)
    }
  }
}

/// `CallVariableNode` for arguments that run code: the closure is held (retained) while they
/// are evaluated, so the call goes to the function `name` held when the call began (as in
/// Python) even if an argument rebinds `name`.
final class CallVariableHeldNode: ExprNode {
  let callee: VariableSlot
  let args: CallArguments
  let interp: Interpreter
  let site: CallSite
  let slow: CallSlow
  init(
    _ callee: VariableSlot, _ args: CallArguments, _ interp: Interpreter, _ site: CallSite,
    slow: CallSlow
  ) {
    self.callee = callee
    self.args = args
    self.interp = interp
    self.site = site
    self.slow = slow
  }
  override func run(_ f: Frame) throws -> Value {
    guard case .function(let c) = callee.pointer(f).pointee else {
      return try slow.run(f, interp)
    }
    return try Compiler.callPositional(c, args, f, interp, site)
  }
}

/// A mutating builtin (`xs.push(v)`, `pop(d, k)`) whose first argument is a place: the value
/// is moved out of the place into the bound arguments, changed by the builtin where it lies,
/// and moved back (see `compileMutatingCall`).
final class MutatingBuiltinCallNode: ExprNode {
  let builtin: Builtin
  let plan: BuiltinCallPlan
  let args: CallArguments
  let place: CompiledPlace
  let method: Bool
  let interp: Interpreter
  let site: CallSite
  init(
    _ builtin: Builtin, _ plan: BuiltinCallPlan, _ args: CallArguments, _ place: CompiledPlace,
    method: Bool, _ interp: Interpreter, _ site: CallSite
  ) {
    self.builtin = builtin
    self.plan = plan
    self.args = args
    self.place = place
    self.method = method
    self.interp = interp
    self.site = site
  }
  override func run(_ f: Frame) throws -> Value {
    let (b, interp, plan) = (builtin, self.interp, self.plan)
    var vals = try plan.evaluate(args, f, interp, skipFirst: true)
    var result = Value.null
    do {
      try place.modify(f) { v in
        if method, case .dict(let d) = v, let m = d[b.name] {
          // `d.pop(k)` on a dict with a member of the builtin's name calls the member.
          let (pos, kws) = plan.unbind(vals)
          interp.giveBack(&vals)
          result = try Compiler.callValue(m, pos, kws, interp, site.span, site.file)
          return
        }
        vals[0] = v
        v = .null
        var a = Arguments(values: vals, builtin: b, interp: interp)
        vals = []
        defer {
          v = a.values[0]
          interp.giveBack(&a.values)
        }
        result = try b.impl(&a)
      }
    } catch let e as RuntimeError {
      throw Compiler.locatedAt(e, site)
    }
    if fsl_interrupt_pending() != 0 { throw Interpreter.interrupted(at: site) }
    return result
  }
}

/// `r.f(args)` where `f` is a builtin with a stream parameter: on a random stream it is
/// `f(args, rng=r)` with the arguments bound at compile time; any other receiver (a dict, a
/// module, a table) takes the general method call.
final class StreamMethodNode: ExprNode {
  let builtin: Builtin
  let plan: BuiltinCallPlan
  let args: CallArguments
  let slot: Int
  let receiver: ExprNode
  let site: CallSite
  let general: (Frame, Value) throws -> Value
  let interp: Interpreter
  init(
    _ builtin: Builtin, _ plan: BuiltinCallPlan, _ args: CallArguments, _ slot: Int,
    receiver: ExprNode, _ interp: Interpreter, _ site: CallSite,
    general: @escaping (Frame, Value) throws -> Value
  ) {
    self.builtin = builtin
    self.plan = plan
    self.args = args
    self.slot = slot
    self.receiver = receiver
    self.site = site
    self.general = general
    self.interp = interp
  }
  override func run(_ f: Frame) throws -> Value {
    let o = try receiver.run(f)
    guard case .object(let r) = o, r is RandomBox else { return try general(f, o) }
    var vals = try plan.evaluate(args, f, interp)
    vals[slot] = o
    return try Compiler.runBound(builtin, vals, interp, site)
  }
}
