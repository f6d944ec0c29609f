// Compiling calls of builtins known at compile time: arguments are bound to parameter positions
// once, while compiling, and evaluated straight into a reused argument array (no per-call
// allocation, no keyword matching by name at run time). One-argument math builtins with a
// `scalar` function skip the binding altogether when their argument is a number.
import Lang

/// Where each argument of a builtin call goes, decided at compile time.
final class BuiltinCallPlan {
  /// The parameter position of argument `k` (positional arguments first, then keywords);
  /// arguments from `gatherFrom` up to `gatherCount` go into the variadic parameter's list.
  let destination: [Int]
  /// The bound arguments before any argument is evaluated: defaults where no argument is given.
  let template: [Value]
  /// Parameters that take their default.
  let defaulted: [Int]
  /// The variadic parameter's position, the first argument it gathers and how many.
  let variadic: Int?
  let gatherFrom: Int
  let gatherCount: Int

  /// nil when the call is an arity or keyword error, which the generic path reports when the
  /// call runs.
  init?(_ b: Builtin, positional: Int, keywords: [String]) {
    let params = b.params
    let v = params.firstIndex(where: \.variadic)
    let direct = v.map { min($0, positional) } ?? positional
    guard direct <= params.count else { return nil }
    var dest = Array(0..<direct)
    var filled = [Bool](repeating: false, count: params.count)
    for k in 0..<direct { filled[k] = true }
    gatherFrom = direct
    gatherCount = positional - direct
    if let v = v, gatherCount > 0 {
      filled[v] = true
      dest += [Int](repeating: v, count: gatherCount)
    }
    for name in keywords {
      guard let j = params.firstIndex(where: { $0.name == name && !$0.variadic }), !filled[j]
      else { return nil }
      filled[j] = true
      dest.append(j)
    }
    var template = [Value](repeating: .null, count: params.count)
    var defaulted: [Int] = []
    for (j, p) in params.enumerated() where !filled[j] {
      if p.variadic {
        template[j] = .list([])
      } else {
        guard let d = p.defaultValue else { return nil }
        template[j] = d
      }
      defaulted.append(j)
    }
    destination = dest
    self.template = template
    self.defaulted = defaulted
    variadic = gatherCount > 0 ? v : nil
    self.keywords = keywords
  }

  /// The keyword names, in the order of their arguments.
  let keywords: [String]

  /// The call's positional and keyword values back from bound `vals` (for a dict member that
  /// shadows a mutating builtin's name), without argument 0.
  func unbind(_ vals: [Value]) -> ([Value], [(String, Value)]) {
    var positional: [Value] = []
    let firstKeyword = destination.count - keywords.count
    for k in 1..<firstKeyword where k < gatherFrom { positional.append(vals[destination[k]]) }
    if let v = variadic, case .list(let rest) = vals[v] {
      positional += rest
    }
    let named = keywords.enumerated().map { ($1, vals[destination[firstKeyword + $0]]) }
    return (positional, named)
  }

  /// Evaluates `args` in order into a pooled array bound to the parameters. With `skipFirst`,
  /// `args` lacks argument 0 (a mutating call's place, which the caller moves in) and position
  /// 0 is left nil.
  @inline(__always)
  func evaluate(
    _ args: CallArguments, _ f: Frame, _ interp: Interpreter, skipFirst: Bool = false
  ) throws -> [Value] {
    var vals = interp.takeArguments(template.count)
    for j in defaulted { vals[j] = template[j] }
    let first = skipFirst ? 1 : 0
    guard let v = variadic else {
      // The destinations hold nil (pooled arrays are cleared, defaults go elsewhere), so the
      // values are initialized over them; one uniqueness check for all of them.
      try vals.withUnsafeMutableBufferPointer { buf in
        guard let base = buf.baseAddress else { return }
        for k in first..<destination.count {
          (base + destination[k]).initialize(to: try args.run(k - first, f))
        }
      }
      return vals
    }
    let end = gatherFrom + gatherCount
    for k in first..<gatherFrom { vals[destination[k]] = try args.run(k - first, f) }
    var rest: [Value] = []
    rest.reserveCapacity(gatherCount)
    for k in max(first, gatherFrom)..<end { rest.append(try args.run(k - first, f)) }
    vals[v] = .list(rest)
    for k in end..<destination.count { vals[destination[k]] = try args.run(k - first, f) }
    return vals
  }
}

extension Compiler {
  /// A call of builtin `b` with arguments known at compile time.
  func compileBuiltinCall(
    _ b: Builtin, _ positional: [CompiledExpr], _ keywords: [(String, CompiledExpr)],
    _ span: SourceSpan
  ) -> CompiledExpr {
    let interp = self.interp
    let file = self.file
    guard let plan = BuiltinCallPlan(b, positional: positional.count, keywords: keywords.map(\.0))
    else {
      return CompiledExpr { f in
        var vals: [Value] = []
        vals.reserveCapacity(positional.count)
        for a in positional { vals.append(try a.run(f)) }
        let kws = try keywords.map { ($0.0, try $0.1.run(f)) }
        return try Compiler.callBuiltin(b, vals, kws, interp, span, file)
      }
    }
    let all = positional + keywords.map(\.1)
    let args = CallArguments(all)
    let site = CallSite(span, file)
    if let scalar = b.scalar, all.count == 1, plan.template.count == 1 {
      return CompiledExpr(node: ScalarBuiltinCallNode(b, scalar, all[0].node, interp, site))
    }
    if let unary = b.unary, all.count == 1, plan.template.count == 1 {
      return CompiledExpr(node: UnaryBuiltinCallNode(b, unary, all[0].node, interp, site))
    }
    return CompiledExpr(node: BuiltinCallNode(b, plan, args, interp, site))
  }

  /// Runs builtin `b` on arguments already bound to its parameters, then returns the argument
  /// array to the interpreter's pool.
  @inline(__always)
  static func runBound(
    _ b: Builtin, _ vals: consuming [Value], _ interp: Interpreter, _ site: CallSite
  ) throws -> Value {
    var a = Arguments(values: consume vals, builtin: b, interp: interp)
    defer { interp.giveBack(&a.values) }
    do {
      let r = try b.impl(&a)
      // Ctrl-C while the builtin ran (BLAS and LAPACK cannot poll): raise at its call and drop
      // the result, so an assignment binds nothing.
      if interp.interruptRequested { throw Interpreter.interrupted() }
      return r
    } catch let e as RuntimeError {
      // The site, not its span and file: reading those here retained the file on every call.
      throw Compiler.locatedAt(e, site)
    }
  }
}

extension Interpreter {
  /// An array of `n` nils for a builtin's arguments, reused across calls.
  @inline(__always) func takeArguments(_ n: Int) -> [Value] {
    if n < Interpreter.pooledArities {
      var a: [Value] = []
      swap(&a, &argumentPool[n])
      if a.count == n { return a }
    }
    return [Value](repeating: .null, count: n)
  }

  /// Clears an argument array and keeps it for the next call of the same arity. (If a tracer
  /// kept a copy of the arguments, clearing copies the array first, so the copy is unchanged.)
  @inline(__always) func giveBack(_ a: inout [Value]) {
    let n = a.count
    guard n < Interpreter.pooledArities else { return }
    a.withUnsafeMutableBufferPointer { buf in
      for i in buf.indices { buf[i] = .null }
    }
    swap(&a, &argumentPool[n])
  }
}

/// A call of a builtin known at compile time, its arguments bound by `plan`.
final class BuiltinCallNode: ExprNode {
  let builtin: Builtin
  let plan: BuiltinCallPlan
  let args: CallArguments
  let interp: Interpreter
  let site: CallSite
  init(
    _ builtin: Builtin, _ plan: BuiltinCallPlan, _ args: CallArguments, _ interp: Interpreter,
    _ site: CallSite
  ) {
    self.builtin = builtin
    self.plan = plan
    self.args = args
    self.interp = interp
    self.site = site
  }
  override func run(_ f: Frame) throws -> Value {
    try Compiler.runBound(builtin, try plan.evaluate(args, f, interp), interp, site)
  }
}

/// `sqrt(x)` and the other one-argument math builtins: a number argument goes straight to the
/// scalar function.
final class ScalarBuiltinCallNode: ExprNode {
  let builtin: Builtin
  let scalar: (Double) -> Double
  let x: ExprNode
  let interp: Interpreter
  let site: CallSite
  init(
    _ builtin: Builtin, _ scalar: @escaping (Double) -> Double, _ x: ExprNode,
    _ interp: Interpreter, _ site: CallSite
  ) {
    self.builtin = builtin
    self.scalar = scalar
    self.x = x
    self.interp = interp
    self.site = site
  }
  override func run(_ f: Frame) throws -> Value {
    let v = try x.run(f)
    if case .number(let d) = v { return .number(scalar(d)) }
    return try Compiler.runBound(builtin, [v], interp, site)
  }
}

/// `len(x)` and other builtins with a `unary` function: tried first on the argument; the full
/// call (which reports errors) runs when it declines.
final class UnaryBuiltinCallNode: ExprNode {
  let builtin: Builtin
  let unary: (Value) -> Value?
  let x: ExprNode
  let interp: Interpreter
  let site: CallSite
  init(
    _ builtin: Builtin, _ unary: @escaping (Value) -> Value?, _ x: ExprNode,
    _ interp: Interpreter, _ site: CallSite
  ) {
    self.builtin = builtin
    self.unary = unary
    self.x = x
    self.interp = interp
    self.site = site
  }
  override func run(_ f: Frame) throws -> Value {
    let v = try x.run(f)
    if let r = unary(v) { return r }
    var vals = interp.takeArguments(1)
    vals[0] = v
    return try Compiler.runBound(builtin, vals, interp, site)
  }
}
