// Tab completion (Shell/Completion.swift) without a terminal.
import Foundation
import Interp
import Lang
import XCTest

@testable import Shell

final class CompletionTests: XCTestCase {
  /// An interpreter with a `mean(x, axis, keepdims)` builtin and a `fed.avg` module member.
  func session(_ code: String = "") throws -> Interpreter {
    let mean = Builtin(
      "mean",
      params: [
        BuiltinParam("x"), BuiltinParam("axis", default: .null),
        BuiltinParam("keepdims", default: .bool(false)),
      ],
      summary: "Mean.", example: "mean([1])"
    ) { _ in .null }
    let avg = Builtin(
      "avg", module: "fed", params: [BuiltinParam("models"), BuiltinParam("weights")],
      summary: "Average.", example: "fed.avg([])"
    ) { _ in .null }
    let interp = Interpreter(builtins: [mean, avg], output: StringSink())
    if !code.isEmpty { try interp.run(SourceFile(path: "<test>", text: code)) }
    return interp
  }

  func testNamesKeywordsAndGlobals() throws {
    let interp = try session("meaning = 42\nfn measure(a) return a end")
    let c = Completer.complete("x = mea", in: interp)
    XCTAssertEqual(c.word, "mea")
    XCTAssertEqual(c.candidates, ["mean", "meaning", "measure"])
    XCTAssertEqual(Completer.complete("whi", in: interp).candidates, ["while"])
    XCTAssertEqual(Completer.complete("whi", in: interp).suffix, " ")
    XCTAssertEqual(Completer.complete("1 + 2", in: interp).candidates, [])
  }

  func testModuleMembersAndDictKeys() throws {
    let interp = try session("cfg = {lr: 0.1, clients: 8, \"not an id\": 1, inner: {depth: 2}}")
    XCTAssertEqual(Completer.complete("fed.a", in: interp).candidates, ["fed.avg"])
    XCTAssertEqual(
      Completer.complete("print(cfg.", in: interp).candidates,
      ["cfg.clients", "cfg.inner", "cfg.lr"])
    XCTAssertEqual(Completer.complete("cfg.inner.d", in: interp).candidates, ["cfg.inner.depth"])
    XCTAssertEqual(Completer.complete("nosuch.x", in: interp).candidates, [])
  }

  func testKeywordArgumentsOfTheInnermostCall() throws {
    let interp = try session("fn train(model, lr=0.1, epochs=3) return model end")
    XCTAssertEqual(Completer.complete("mean(x, ax", in: interp).candidates, ["axis="])
    XCTAssertEqual(
      Completer.complete("mean([1, 2], k", in: interp).candidates.first, "keepdims=")
    XCTAssertEqual(Completer.complete("train(m, ep", in: interp).candidates, ["epochs="])
    XCTAssertEqual(Completer.complete("fed.avg(ms, w", in: interp).candidates.first, "weights=")
    // A call opened on an earlier line of a multi-line input.
    XCTAssertEqual(Completer.complete("y = train(m,\n  l", in: interp).candidates.first, "lr=")
    // Not at the start of an argument, or inside a nested list: no keyword arguments.
    XCTAssertFalse(Completer.complete("train(m + ep", in: interp).candidates.contains("epochs="))
    XCTAssertFalse(Completer.complete("train([ep", in: interp).candidates.contains("epochs="))
  }

  func testPathsInsideStrings() throws {
    let dir = FileManager.default.temporaryDirectory
      .appendingPathComponent("fsl-complete-\(UUID().uuidString)")
    try FileManager.default.createDirectory(
      at: dir.appendingPathComponent("runs"), withIntermediateDirectories: true)
    FileManager.default.createFile(atPath: dir.path + "/results.csv", contents: Data())
    defer { try? FileManager.default.removeItem(at: dir) }
    let interp = try session()
    let file = Completer.complete("x = read_csv(\"\(dir.path)/res", in: interp)
    XCTAssertTrue(file.inString)
    XCTAssertEqual(file.word, "\(dir.path)/res")
    XCTAssertEqual(file.candidates, ["\(dir.path)/results.csv"])
    XCTAssertEqual(file.suffix, "\"")
    let folder = Completer.complete("load('\(dir.path)/ru", in: interp)
    XCTAssertEqual(folder.candidates, ["\(dir.path)/runs/"])
    XCTAssertEqual(folder.suffix, "")
    // A closed string is not a path context.
    XCTAssertFalse(Completer.complete("\"abc\" + ab", in: interp).inString)
  }
}
