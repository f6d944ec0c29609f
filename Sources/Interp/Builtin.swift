// The Builtin record: one per builtin, holding everything help, completion, docs, arity checks
// and doc-example tests need, plus the implementation (Janet's JANET_CORE_FN idea).
import Lang

/// What a builtin does besides computing its result.
public enum Effect: String {
  case pure, random, io, plot, mutates
}

/// What the compiler may assume about a builtin, declared on its record (never by its name).
public struct BuiltinTraits: OptionSet, Sendable {
  public let rawValue: Int
  public init(rawValue: Int) { self.rawValue = rawValue }
  /// `for i in f(a, b, step)` may count from a to b instead of building f's list: f returns
  /// the numbers `range` returns for the same numbers (Compiler+Loops.swift).
  public static let countingRange = BuiltinTraits(rawValue: 1)
}

/// One declared parameter of a builtin.
public struct BuiltinParam {
  public var name: String
  /// nil means required.
  public var defaultValue: Value?
  /// Collects all remaining positional arguments as a list (`print(values…)`).
  public var variadic: Bool
  /// A short type description for docs: "number", "list", "any", …
  public var kind: String

  public init(
    _ name: String, _ kind: String = "any", default d: Value? = nil, variadic: Bool = false
  ) {
    self.name = name
    self.kind = kind
    self.defaultValue = d
    self.variadic = variadic
  }
}

/// A builtin function. A class so that `Value.builtin` stays one pointer wide.
public final class Builtin {
  public let name: String
  /// Module for `fed.avg` style builtins; empty for globals.
  public let module: String
  public let params: [BuiltinParam]
  public let summary: String
  public let doc: String
  public let example: String
  public let effect: Effect
  /// `push(xs, v)`: the first argument is a place written back after the call (docs/design.md
  /// §"Value model").
  public var mutatesFirst: Bool { effect == .mutates }
  /// The implementation on plain values; call `impl`, which routes traced arguments to the
  /// active tracer (Tracing.swift).
  public let body: (inout Arguments) throws -> Value
  /// For named constants (`pi`, `inf`, `nan`): the value the name stands for.
  public let constant: Value?
  /// For one-argument math builtins: the function on a plain number. A call whose argument is
  /// a number runs it directly, without binding arguments (Compiler+Calls.swift).
  public let scalar: ((Double) -> Double)?
  /// For cheap one-argument builtins (`len`): the result on a plain value, or nil when the
  /// argument needs the full call (errors, tensors that need the tracer, other types). A call
  /// with one positional argument tries it first, without binding arguments.
  public let unary: ((Value) -> Value?)?
  /// Whether a parameter collects the remaining positional arguments (see `bind`).
  let hasVariadic: Bool
  /// The file that builds this record, from `Sources/` (e.g. `Sources/Builtins/Core/CoreMath.swift`):
  /// shown by `fsl doc NAME` and docs/builtins.md, and used to group global builtins there.
  /// Derived when asked: start-up builds every record, and a string search per record there
  /// was 6 % of `fsl -e 1`.
  public var sourceFile: String { Builtin.relativeSource(filePath) }
  /// The `#filePath` of the file that builds this record.
  let filePath: String

  /// What the compiler may assume about this builtin.
  public let traits: BuiltinTraits
  /// The parameter (declared with kind "rng") that receives a random stream: `r.f(x)` on a
  /// stream `r` passes it there (Compiler+Calls.swift). nil for a builtin without one.
  public var streamParam: String? { params.first { $0.kind == "rng" }?.name }

  /// `Sources/…` of a `#filePath`.
  static func relativeSource(_ path: String) -> String {
    let parts = path.split(separator: "/", omittingEmptySubsequences: false)
    guard let i = parts.lastIndex(of: "Sources"), i > 0 else { return path }
    return parts[i...].joined(separator: "/")
  }

  public init(
    _ name: String, module: String = "", params: [BuiltinParam], summary: String, doc: String = "",
    example: String, effect: Effect = .pure, scalar: ((Double) -> Double)? = nil,
    unary: ((Value) -> Value?)? = nil, traits: BuiltinTraits = [], file: String = #filePath,
    impl: @escaping (inout Arguments) throws -> Value
  ) {
    self.filePath = file
    self.traits = traits
    self.scalar = scalar
    self.unary = unary
    self.name = name
    self.module = module
    self.params = params
    self.summary = summary
    self.doc = doc
    self.example = example
    self.effect = effect
    self.body = impl
    self.constant = nil
    self.hasVariadic = params.contains { $0.variadic }
  }

  /// A named constant such as `pi`.
  public init(
    constant name: String, _ value: Value, summary: String, example: String,
    file: String = #filePath
  ) {
    self.filePath = file
    self.traits = []
    self.name = name
    self.module = ""
    self.params = []
    self.summary = summary
    self.doc = ""
    self.example = example
    self.effect = .pure
    self.body = { _ in value }
    self.constant = value
    self.scalar = nil
    self.unary = nil
    self.hasVariadic = false
  }

  /// Runs the builtin; while a gradient is being traced, calls with traced arguments go to the
  /// tracer instead.
  @inline(__always)
  public func impl(_ a: inout Arguments) throws -> Value {
    if a.interp.isTracing, let t = a.interp.tracer, a.values.contains(where: { t.involves($0) }) {
      return try t.call(self, &a)
    }
    return try body(&a)
  }

  /// The full name: `fed.avg`, or `sum` for globals.
  public var fullName: String { module.isEmpty ? name : "\(module).\(name)" }

  /// `name(a, b=2, values…)`
  public var signature: String {
    if constant != nil { return name }
    let ps = params.map { p -> String in
      if p.variadic { return "\(p.name)…" }
      if let d = p.defaultValue { return "\(p.name)=\(d.repr)" }
      return p.name
    }
    let full = module.isEmpty ? name : "\(module).\(name)"
    return "\(full)(\(ps.joined(separator: ", ")))"
  }

  /// Binds call arguments to the declared parameters (defaults, keywords, variadics).
  func bind(_ positional: [Value], _ keywords: [(String, Value)]) throws -> [Value] {
    // The common call, every parameter given by position: the arguments are already bound.
    if keywords.isEmpty && positional.count == params.count && !hasVariadic { return positional }
    var out = [Value?](repeating: nil, count: params.count)
    var pi = 0
    var i = 0
    while i < positional.count {
      guard pi < params.count else {
        let required = params.filter { $0.defaultValue == nil && !$0.variadic }.count
        throw RuntimeError.type(
          "\(name)() \(arityText(required: required, total: params.count)), got \(positional.count)"
        )
      }
      if params[pi].variadic {
        out[pi] = .list(Array(positional[i...]))
        i = positional.count
      } else {
        out[pi] = positional[i]
        i += 1
      }
      pi += 1
    }
    for (k, v) in keywords {
      guard let j = params.firstIndex(where: { $0.name == k && !$0.variadic }) else {
        let hint = Suggest.nearest(to: k, in: Set(params.map(\.name))).map {
          " (did you mean '\($0)'?)"
        }
        throw RuntimeError.type("\(name)() got an unexpected keyword argument '\(k)'\(hint ?? "")")
      }
      if out[j] != nil { throw RuntimeError.type("\(name)() got multiple values for '\(k)'") }
      out[j] = v
    }
    var result: [Value] = []
    result.reserveCapacity(params.count)
    for (j, p) in params.enumerated() {
      if let v = out[j] {
        result.append(v)
      } else if p.variadic {
        result.append(.list([]))
      } else if let d = p.defaultValue {
        result.append(d)
      } else {
        throw RuntimeError.type("\(name)() missing required argument '\(p.name)'")
      }
    }
    return result
  }
}

/// Arguments bound to a builtin's parameters, with checked accessors that produce messages
/// naming the builtin, the parameter, and what was expected.
public struct Arguments {
  public var values: [Value]
  /// The builtin being called, which outlives its call (not retained: one call is ~60 ns).
  public unowned(unsafe) let builtin: Builtin
  public unowned(unsafe) let interp: Interpreter

  public subscript(i: Int) -> Value {
    get { values[i] }
    set { values[i] = newValue }
  }

  public func fail(_ i: Int, _ expected: String) -> RuntimeError {
    let v = values[i]
    var e = RuntimeError.type(
      "\(builtin.name): '\(builtin.params[i].name)' must be \(expected), got \(v.typeName)")
    if case .tensor = v, expected.contains("list") {
      e.notes.append("tensors have a fixed size; list(x) makes a growable list of its items")
    }
    return e
  }

  /// A number; bools and one-element tensors convert.
  public func number(_ i: Int) throws -> Double {
    if let d = values[i].scalarDouble { return d }
    throw fail(i, "a number")
  }

  /// An integral number (indices, counts); non-integral values are a TypeError.
  public func int(_ i: Int) throws -> Int {
    let d = try number(i)
    guard d.rounded() == d, abs(d) < 9e15 else {
      throw RuntimeError.type(
        "\(builtin.name): '\(builtin.params[i].name)' must be an integer, got \(formatNumber(d))")
    }
    return Int(d)
  }

  /// Moves the list out of argument `i` (leaving nil) so that changing it copies nothing.
  /// Mutating builtins use this and put the result back; never `switch` on `values[i]` there,
  /// since a switch keeps a copy of its subject alive.
  public mutating func takeList(_ i: Int) -> [Value]? {
    guard case .list(let xs) = values[i] else { return nil }
    values[i] = .null
    return xs
  }

  /// Moves the dict out of argument `i` (leaving nil); see `takeList`.
  public mutating func takeDict(_ i: Int) -> FDict? {
    guard case .dict(let d) = values[i] else { return nil }
    values[i] = .null
    return d
  }

  public func string(_ i: Int) throws -> String {
    if case .string(let s) = values[i] { return s }
    throw fail(i, "a string")
  }

  /// A list's items; a tensor (of rank ≥ 1) gives its items along the first axis.
  public func list(_ i: Int) throws -> [Value] {
    if case .list(let xs) = values[i] { return xs }
    if case .tensor(let t) = values[i], t.rank > 0 { return t.items }
    throw fail(i, "a list")
  }

  public func bool(_ i: Int) throws -> Bool {
    if case .bool(let b) = values[i] { return b }
    throw fail(i, "a bool")
  }

  public func isNil(_ i: Int) -> Bool {
    if case .null = values[i] { return true }
    return false
  }

  /// Calls an FSL function value (closure or builtin) with positional arguments.
  public func call(_ f: Value, _ args: [Value]) throws -> Value {
    try interp.call(f, args)
  }
}

/// "takes 1 argument", "takes 2 arguments", "takes 1 to 3 arguments".
func arityText(required: Int, total: Int) -> String {
  let count = required == total ? "\(total)" : "\(required) to \(total)"
  return "takes \(count) argument\(total == 1 && required == total ? "" : "s")"
}
