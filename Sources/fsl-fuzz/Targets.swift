// The fuzz targets: the parser front end (parse, resolve, compile; nothing runs) and each file
// loader, called through its builtin exactly as a script would call it.
import Builtins
import Foundation
import Interp
import Lang

/// How one input ended. Errors are the expected outcome of most inputs; only a signal (caught
/// by CFuzz) or a hang is a finding.
enum Outcome {
  case ok, error, interrupted
}

struct NotParsed: Error {}

/// Discards printed output.
final class NullSink: OutputSink {
  func write(_ s: String) {}
}

/// One fuzz target: seed inputs and a function that runs one input.
struct Target {
  var name: String
  var seeds: [[UInt8]]
  var dictionary: [[UInt8]]
  var maxSize: Int
  var run: ([UInt8]) -> Outcome
}

enum Targets {
  /// Files under `root`'s Tests and examples whose names end in `suffix`, smallest first, each
  /// below `limit` bytes.
  static func files(under root: String, suffix: String, limit: Int = 65536) -> [[UInt8]] {
    var out: [[UInt8]] = []
    for dir in ["Tests", "examples"] {
      let base = (root as NSString).appendingPathComponent(dir)
      guard let e = FileManager.default.enumerator(atPath: base) else { continue }
      for case let rel as String in e where rel.hasSuffix(suffix) {
        let p = (base as NSString).appendingPathComponent(rel)
        if let d = FileManager.default.contents(atPath: p), d.count <= limit {
          out.append([UInt8](d))
        }
      }
    }
    return out.sorted { $0.count < $1.count }
  }

  static func runCatching(_ body: () throws -> Void) -> Outcome {
    do {
      try body()
      return .ok
    } catch let e as RuntimeError where e.kind == "Interrupted" {
      return .interrupted
    } catch {
      return .error
    }
  }

  /// Parse, resolve and compile (never run) mutated scripts.
  static func parser(root: String, interp: Interpreter) -> Target {
    Target(
      name: "parser", seeds: files(under: root, suffix: ".fsl"),
      dictionary: Mutator.fslTokens.map { Array($0.utf8) }, maxSize: 1 << 16
    ) { bytes in
      let src = SourceFile(path: "<fuzz>", text: String(decoding: bytes, as: UTF8.self))
      return runCatching {
        guard case .success(let program) = Parser.parse(src, interactive: false) else {
          throw NotParsed()
        }
        _ = try interp.prepare(program, in: ModuleEnv(name: "fuzz", capacity: 1024))
      }
    }
  }

  /// A loader builtin (`load`, `load_gguf`, `read_csv`, …) on mutated files: the input is
  /// written to `dir/in.EXT` and the result is printed and, for tensors, summed, so that a
  /// value inconsistent with its buffer would be touched.
  static func loader(
    _ name: String, builtin: String, ext: String, seeds: [[UInt8]], dictionary: [String],
    dir: String, interp: Interpreter
  ) -> Target? {
    guard let b = allBuiltins.first(where: { $0.module.isEmpty && $0.name == builtin }),
      let sum = allBuiltins.first(where: { $0.module.isEmpty && $0.name == "sum" })
    else { return nil }
    let path = (dir as NSString).appendingPathComponent("in.\(ext)")
    return Target(
      name: name, seeds: seeds, dictionary: dictionary.map { Array($0.utf8) }, maxSize: 1 << 20
    ) { bytes in
      guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
        return .error
      }
      return runCatching {
        let v = try interp.call(.builtin(b), [.string(path)])
        _ = v.repr
        try touch(v, sum: sum, interp: interp, depth: 0)
      }
    }
  }

  static func touch(_ v: Value, sum: Builtin, interp: Interpreter, depth: Int) throws {
    guard depth < 4 else { return }
    switch v {
    case .tensor: _ = try interp.call(.builtin(sum), [v])
    case .dict(let d):
      for x in d.values { try touch(x, sum: sum, interp: interp, depth: depth + 1) }
    case .list(let xs):
      for x in xs.prefix(64) { try touch(x, sum: sum, interp: interp, depth: depth + 1) }
    default: break
    }
  }

  /// Seeds for formats with few fixtures in the repository.
  static let csvSeeds: [String] = [
    "a,b,c\n1,2,3\n4,5,6\n", "name,score\n\"x, y\",1.5\n\"q\"\"uote\",nan\n,\n",
    "x\n1\n2\n\n3\n", "a;b\n1;2\n", "\u{FEFF}id,v\n1,-inf\n2,1e308\n", "a,a,a\n\"\n\"\n",
  ]
  static let jsonSeeds: [String] = [
    "{\"a\": [1, 2.5, -3e10], \"b\": {\"c\": null, \"d\": true}, \"s\": \"x\\u00e9\\n\"}",
    "[[1, 2], [3, 4]]", "\"\\ud83d\\ude00\"", "[]", "{}", "1e400", "[{\"k\": [[[[]]]]}]",
  ]
}
