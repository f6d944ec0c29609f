// `grad` and `value_and_grad` (docs/nn.md): JAX-style transformations that return a function.
import Interp
import Tensor

enum GradBuiltins {
  /// Which arguments to differentiate: one index, or a list of them.
  static func argnums(_ a: Arguments, _ i: Int) throws -> (nums: [Int], single: Bool) {
    let single: Bool
    if case .number = a[i] { single = true } else { single = false }
    let xs = single ? [a[i]] : try a.list(i)
    let nums = try xs.map { v -> Int in
      guard let d = v.scalarDouble, d.rounded() == d, d >= 0, d < 1e6 else {
        throw RuntimeError.type(
          "\(a.builtin.name): argnums must be non-negative integers, got \(v.repr)")
      }
      return Int(d)
    }
    return (nums, single)
  }

  /// `x` with its float tensors (also inside lists and dicts) made tape leaves; a number or an
  /// i64 tensor given directly is one too.
  static func wrap(_ v: Value, _ tape: Tape, top: Bool) -> Value {
    switch v {
    case .number(let d) where top: return .object(tape.leaf(Tensor(scalar: d)))
    case .tensor(let t) where t.dtype.isFloat: return .object(tape.leaf(t))
    // An integer tensor passed directly is differentiated as f64; inside lists and dicts
    // integer and bool tensors (labels, masks) are constants.
    case .tensor(let t) where top && t.dtype == .i64: return .object(tape.leaf(t.astype(.f64)))
    case .list(let xs): return .list(xs.map { wrap($0, tape, top: false) })
    case .dict(let d): return .dict(d.mapValues { wrap($0, tape, top: false) })
    default: return v
    }
  }

  /// The gradient with the structure of `x` (nil for leaves that were not differentiated).
  static func collect(_ x: Value, _ grads: [Tensor?]) -> Value {
    switch x {
    case .object(let o):
      guard let t = o as? Traced else { return .null }
      let g =
        grads[t.id] ?? Tensor(shape: t.value.shape, f64: .init(repeating: 0, count: t.value.count))
      let typed = t.value.dtype == .f32 ? g.astype(.f32) : g
      return t.value.rank == 0 ? .number(typed.doubles[0]) : .tensor(typed)
    case .list(let xs): return .list(xs.map { collect($0, grads) })
    case .dict(let d): return .dict(d.mapValues { collect($0, grads) })
    default: return .null
    }
  }

  /// Calls `f(args…)` with `argnums` traced; returns f's plain value and the gradients.
  static func evaluate(
    _ name: String, _ f: Value, _ args: [Value], _ nums: [Int], single: Bool, _ interp: Interpreter
  ) throws -> (Value, Value) {
    if let outer = interp.tracer, args.contains(where: { outer.involves($0) }) {
      throw RuntimeError.type(
        "\(name): nested (higher-order) grad is not supported; its argument is already traced")
    }
    for n in nums where n >= args.count {
      throw RuntimeError.type(
        "\(name): argnums \(n) is out of range for a call with \(args.count) argument(s)")
    }
    let (out, traced, tape) = try onTape(interp, args, wrapping: nums) { try interp.call(f, $0) }
    let plain = Tape.strip(out)
    guard let o = plain.asTensorOperand, o.count == 1 else {
      throw RuntimeError.type(
        "\(name): the function must return a scalar, got \(describe(plain))")
    }
    let grads = try gradients(tape, of: out)
    let gs = nums.map { collect(traced[$0], grads) }
    return (plain, single ? gs[0] : .list(gs))
  }

  /// Runs `body` on `args` with those at `nums` traced on a fresh tape (the interpreter's tracer
  /// meanwhile) and returns its output, the traced arguments and the tape.
  static func onTape(
    _ interp: Interpreter, _ args: [Value], wrapping nums: [Int], _ body: ([Value]) throws -> Value
  ) throws -> (out: Value, traced: [Value], tape: Tape) {
    let tape = Tape(interp: interp)
    var traced = args
    for n in nums { traced[n] = wrap(args[n], tape, top: true) }
    let previous = interp.tracer
    interp.tracer = tape
    let out: Value
    do {
      defer {
        interp.tracer = previous
        tape.closed = true
      }
      out = try body(traced)
    }
    return (out, traced, tape)
  }

  /// The gradients of every node of `tape` with respect to the scalar `out` (none when `out`
  /// does not depend on the traced values).
  static func gradients(_ tape: Tape, of out: Value) throws -> [Tensor?] {
    guard let t = out.traced as? Traced else {
      return [Tensor?](repeating: nil, count: tape.nodes.count)
    }
    return try tape.backward(from: t)
  }

  /// Whether `b` is a function made by grad/value_and_grad (it checks its own arguments for
  /// nesting, so the tape passes traced values through to it).
  static func isTransform(_ b: Builtin) -> Bool {
    b.module.isEmpty && (b.name.hasPrefix("grad(") || b.name.hasPrefix("value_and_grad("))
  }

  static func describe(_ v: Value) -> String {
    if case .tensor(let t) = v { return "a tensor of shape \(shapeText(t.shape))" }
    return "a \(v.typeName)"
  }

  static func transform(_ name: String, withValue: Bool) -> Builtin {
    Builtin(
      name,
      params: [.init("f", "function"), .init("argnums", "int|list", default: .number(0))],
      summary: withValue
        ? "A function returning [f(args…), gradient of f w.r.t. argument argnums]."
        : "A function returning the gradient of scalar f w.r.t. argument argnums (reverse mode).",
      doc: "As in JAX: `grad(f)(x)` is df/dx for a scalar-valued f. The argument may be a "
        + "number, a tensor, or a list/dict of tensors (the gradient has the same structure); "
        + "`argnums=[0, 1]` gives a list of gradients. Only operations with a gradient rule are "
        + "allowed on traced values; others raise an error naming the op.",
      example: withValue
        ? "value_and_grad(x -> x * x)(3)  # -> [9, 6]"
        : "grad(x -> sum(x ^ 2))([1.0, 2.0])  # -> [2, 4]"
    ) { a in
      let f = a[0]
      let (nums, single) = try argnums(a, 1)
      let interp = a.interp
      let shown = "\(name)(\(f.typeName == "function" ? "f" : f.typeName))"
      return .builtin(
        Builtin(
          shown, params: [.init("args", variadic: true)], summary: "A gradient function.",
          example: ""
        ) { b in
          let (v, g) = try evaluate(name, f, try b.list(0), nums, single: single, interp)
          return withValue ? .list([v, g]) : g
        })
    }
  }

  static let builtins: [Builtin] = [
    transform("grad", withValue: false),
    transform("value_and_grad", withValue: true),
  ]
}
