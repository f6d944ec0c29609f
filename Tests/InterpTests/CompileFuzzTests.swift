// Fuzz: mutated golden programs (lines deleted, duplicated, swapped; spans cut out) that still
// parse must resolve and compile without crashing; small ones are also run with a time budget.
import Foundation
import Lang
import TestSupport
import XCTest

@testable import Builtins
@testable import Interp

final class CompileFuzzTests: XCTestCase {
  struct Rng {
    var state: UInt64
    mutating func next(_ n: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(max(n, 1)))
    }
  }

  func goldenSources() throws -> [String] {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../golden").standardized
    let items = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String }
    return try (items ?? []).filter { $0.hasSuffix(".fsl") }.sorted().map {
      try String(contentsOf: root.appendingPathComponent($0), encoding: .utf8)
    }
  }

  func mutate(_ text: String, _ rng: inout Rng) -> String {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard !lines.isEmpty else { return text }
    for _ in 0...rng.next(3) {
      let i = rng.next(lines.count)
      switch rng.next(4) {
      case 0: lines.remove(at: i)
      case 1: lines.insert(lines[i], at: i)
      case 2: lines.swapAt(i, rng.next(lines.count))
      default:
        let chars = Array(lines[i])
        if chars.count > 2 {
          let a = rng.next(chars.count)
          let b = min(chars.count, a + 1 + rng.next(6))
          lines[i] = String(chars[..<a] + chars[b...])
        }
      }
      if lines.isEmpty { break }
    }
    return lines.joined(separator: "\n")
  }

  func testMutatedProgramsCompile() throws {
    let sources = try goldenSources()
    XCTAssertGreaterThan(sources.count, 50)
    var rng = Rng(state: 7)
    var compiled = 0
    for k in 0..<2000 {
      let text = mutate(sources[k % sources.count], &rng)
      // Programs that import other files, loop with `while` or count to huge bounds
      // (`range(1e18)` without its `break`) are compiled but not run, and so are programs
      // that write files (a mutation of "/tmp/x.json" can name a file in the working folder)
      // or set print options (process-wide: they would change later tests' printing).
      let runnable = !["import", "while", "1e", "write", "save", "printoptions"].contains {
        text.contains($0)
      }
      let result: Bool = runOnLargeStack {
        let interp = Interpreter(builtins: allBuiltins, output: StringSink())
        let file = SourceFile(path: "/tmp/fuzz\(k).fsl", text: text)
        guard case .success(let program) = Parser.parse(file, interactive: false) else {
          return false
        }
        guard
          case .success(let res) = Resolver.resolve(
            program, globals: interp.main.table, builtins: interp.builtinNames)
        else { return false }
        let compiler = Compiler(interp: interp, file: file, env: interp.main, resolution: res)
        let code = compiler.compileTopLevel(program.statements, wantLastValue: true)
        if runnable { _ = try? code(interp.stack) }
        return true
      }
      if result { compiled += 1 }
    }
    XCTAssertGreaterThan(compiled, 500, "too few mutants compiled to exercise the compiler")
  }
}
