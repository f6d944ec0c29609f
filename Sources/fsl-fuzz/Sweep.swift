// The runtime sweep: every builtin called with hostile arguments (negative, NaN, inf, 1e12,
// 2^32, 2^63, 2.5, empty tensors, wrong types) in every parameter position, then random
// combinations. The input recorded for a crash is the call as FSL source, so a finding is a
// one-line script that reproduces it.
import Builtins
import Foundation
import Interp
import Lang

enum Sweep {
  /// Argument values, as FSL source. Entries that fail to evaluate are left out.
  static let pool: [String] = [
    "0", "1", "-1", "2", "3", "2.5", "-2.5", "0.5", "nan", "inf", "-inf", "1e12", "-1e12",
    "4294967296", "9223372036854775807", "-9223372036854775808", "18446744073709551616",
    "1e308", "5e-324", "65536", "255", "true", "false", "nil", "\"\"", "\"a\"", "\"abc\"",
    "\"f64\"", "\"i64\"", "\"bool\"", "\"x.npy\"", "\"x.json\"", "\"x.png\"", "\"%\"",
    "[]", "[\"a\", \"b\"]", "[[1, 2], [3]]", "[1, 2, 3]", "[nan, inf]", "zeros(0)", "zeros(0, 3)",
    "zeros(1, 0, 2)", "ones(3)", "arange(6)", "reshape(arange(6), 2, 3)", "eye(3)", "randn(4, 4)",
    "tensor([1, 2], dtype=\"i64\")", "tensor([true, false])", "tensor([1.5], dtype=\"f32\")",
    "tensor(5)", "tensor([-9223372036854775808], dtype=\"i64\")", "tensor([nan, inf, -inf])",
    "{}", "{a: 1}", "{w: ones(2, 2), b: zeros(2)}", "fn(x) x end", "fn(x, y) x end", "fn() 1 end",
    "table({a: [1, 2], b: [\"x\", \"y\"]})", "rng(1)",
  ]

  /// A plausible argument for a parameter of this declared kind, used in the other positions.
  static func typical(_ kind: String) -> String {
    switch kind {
    case "number", "int", "float": return "2"
    case "string", "path", "dtype": return "\"a\""
    case "list": return "[\"a\"]"
    case "dict": return "{a: 1}"
    case "function", "callable": return "fn(x) x end"
    case "bool": return "true"
    default: return "ones(3)"
    }
  }

  /// Builtins left out: they wait for input, sleep, exit, or open the user's viewer.
  static let skipped: Set<String> = ["input", "sleep", "exit", "quit", "show", "help", "open"]

  static func qualified(_ b: Builtin) -> String {
    b.module.isEmpty ? b.name : "\(b.module).\(b.name)"
  }

  /// Calls to try: first each pool value in each of the first three positions of every builtin
  /// (other positions typical), then random combinations, up to `count` calls in all.
  static func calls(count: Int, rng: inout FuzzRNG) -> [String] {
    let builtins = allBuiltins.filter { $0.constant == nil && !skipped.contains(qualified($0)) }
    var out: [String] = []
    for b in builtins {
      let arity = min(max(b.params.count, 1), 3)
      for pos in 0..<arity {
        for v in pool {
          var args = (0..<arity).map { i in i < b.params.count ? typical(b.params[i].kind) : "1" }
          args[pos] = v
          out.append("\(qualified(b))(\(args.joined(separator: ", ")))")
        }
      }
    }
    while out.count < count {
      let b = builtins[rng.below(builtins.count)]
      let required = b.params.filter { $0.defaultValue == nil && !$0.variadic }.count
      let n = min(required + rng.below(3), max(b.params.count, 3))
      let args = (0..<n).map { _ in pool[rng.below(pool.count)] }
      out.append("\(qualified(b))(\(args.joined(separator: ", ")))")
    }
    return Array(out.prefix(count))
  }

  /// The target: each input is one call's source text, compiled and run in a fresh module.
  static func target(count: Int, seed: UInt64, interp: Interpreter) -> Target {
    var rng = FuzzRNG(seed: seed)
    let list = calls(count: count, rng: &rng)
    return Target(
      name: "builtins", seeds: list.map { Array($0.utf8) }, dictionary: [], maxSize: 1 << 12
    ) { bytes in
      let src = SourceFile(path: "<sweep>", text: String(decoding: bytes, as: UTF8.self))
      return Targets.runCatching {
        _ = try interp.run(src, in: ModuleEnv(name: "sweep", capacity: 64))
      }
    }
  }
}
