// `fsl doc`, `?name` and `help(x)` (Shell/Help.swift), and loading scripts (Shell/Runner.swift).
import Builtins
import Foundation
import Interp
import Lang
import XCTest

@testable import Shell

final class HelpTests: XCTestCase {
  func testDocForABuiltin() throws {
    let out = Help.doc("len")
    XCTAssertEqual(out.status, Status.ok)
    XCTAssertEqual(out.stderr, "")
    XCTAssertTrue(out.stdout.hasPrefix("len(x)\n\n"), out.stdout)
    XCTAssertTrue(out.stdout.contains("\n\nExample:\n  "), out.stdout)
    XCTAssertTrue(out.stdout.hasSuffix(".swift.\n"), out.stdout)
  }

  func testDocForABuiltinModuleListsItsMembers() throws {
    let module = try XCTUnwrap(allBuiltins.first { !$0.module.isEmpty }?.module)
    let out = Help.doc(module)
    XCTAssertTrue(out.stdout.hasPrefix("module \(module): "), out.stdout)
    XCTAssertEqual(
      Help.memberLine("f(x)", "Sum."), "\n  f(x)" + String(repeating: " ", count: 37) + "Sum.")
    // A signature longer than the column is kept whole.
    let long = "g(" + String(repeating: "a, ", count: 20) + "b)"
    XCTAssertEqual(Help.memberLine(long, "G."), "\n  \(long) G.")
    for b in allBuiltins where b.module == module {
      XCTAssertTrue(out.stdout.contains("\n  \(b.signature)"), b.signature)
    }
  }

  func testDocListsEverythingAndSuggestsNames() {
    let all = Help.doc(nil)
    XCTAssertEqual(all.stdout.split(separator: "\n").filter { $0.hasPrefix("len(") }.count, 1)
    XCTAssertGreaterThanOrEqual(all.stdout.split(separator: "\n").count, allBuiltins.count)
    let missing = Help.doc("lenn")
    XCTAssertEqual(missing.status, Status.usage)
    XCTAssertEqual(missing.stdout, "")
    XCTAssertEqual(
      missing.stderr, "fsl doc: no builtin or library module named 'lenn'; did you mean 'len'?")
    XCTAssertEqual(Help.doc(nil, markdown: true).stdout, builtinsMarkdown())
  }

  func testHelpTextForValuesModulesAndFunctions() throws {
    let interp = REPL.makeInterpreter(output: StringSink())
    try interp.run(
      SourceFile(
        path: "s.fsl",
        text: "fn area(w, h=1)\n  \"\"\"Width times height.\"\"\"\n  return w * h\nend\n"
          + "cfg = {lr: 0.1}\nbig = [1, 2, 3]\n"))
    let f = try XCTUnwrap(Completer.lookup("area", in: interp))
    XCTAssertEqual(
      Help.text(for: f, name: "area", interp: interp),
      "area(w, h=1)\n\nWidth times height.\n\nDefined at s.fsl:1.")
    XCTAssertTrue(
      Help.source(of: f, name: "area", interp: interp).hasSuffix(
        "Source (s.fsl:1):\nfn area(w, h=1)\n  \"\"\"Width times height.\"\"\"\n  return w * h\nend"
      ))
    let cfg = try XCTUnwrap(Completer.lookup("cfg", in: interp))
    XCTAssertEqual(Help.text(for: cfg, name: "cfg", interp: interp), "cfg: dict = {lr: 0.1}")
    XCTAssertEqual(Completer.lookup("cfg.lr", in: interp)?.repr, "0.1")
    let len = try XCTUnwrap(Completer.lookup("len", in: interp))
    XCTAssertTrue(
      Help.source(of: len, name: "len", interp: interp).hasSuffix("no FSL source to show)"))
  }

  func testHelpAndCompletionForStreamsAndTables() throws {
    let interp = REPL.makeInterpreter(output: StringSink())
    try interp.run(
      SourceFile(path: "s.fsl", text: "r = rng(7)\nt = table({age: [30, 40], score: [1, 2]})\n"))
    let r = try XCTUnwrap(Completer.lookup("r", in: interp))
    let rHelp = Help.text(for: r, name: "r", interp: interp)
    XCTAssertTrue(rHelp.hasPrefix("r: rng = <rng seed=7>\nmethods (NAME(…, rng=r)): "), rHelp)
    XCTAssertTrue(rHelp.contains("normal"), rHelp)
    XCTAssertTrue(Completer.members(of: "r", in: interp).contains("normal"))
    XCTAssertEqual(Completer.lookup("r.normal", in: interp)?.typeName, "function")
    let t = try XCTUnwrap(Completer.lookup("t", in: interp))
    let tHelp = Help.text(for: t, name: "t", interp: interp)
    XCTAssertTrue(tHelp.hasPrefix("t: table =\nage  score\n"), tHelp)
    XCTAssertTrue(tHelp.contains("\ncolumns: age, score\nmethods (NAME(t, …)): "), tHelp)
    let members = Completer.members(of: "t", in: interp)
    XCTAssertEqual(Array(members.prefix(2)), ["age", "score"])
    XCTAssertTrue(members.contains("head"), "\(members)")
    XCTAssertEqual(Completer.lookup("t.age", in: interp)?.typeName, "tensor")
  }

  func testHelpBuiltinWritesToTheSessionOutput() throws {
    let sink = StringSink()
    let interp = REPL.makeInterpreter(output: sink)
    try interp.run(SourceFile(path: "t", text: "help(len)\nhelp(\"len\")\n"))
    XCTAssertEqual(sink.text.components(separatedBy: "len(x)\n\n").count, 3, sink.text)
    XCTAssertThrowsError(try interp.run(SourceFile(path: "t", text: "help(\"nosuch\")"))) {
      XCTAssertEqual(
        ($0 as? RuntimeError)?.message, "help: no variable, function or builtin named 'nosuch'")
    }
  }

  func testLoadScriptSaysWhyItCannot() throws {
    let dir = try temporaryFolder("load")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    var said: [String] = []
    let missing = Runner.loadScript(dir + "/none.fsl", "fsl") { said.append($0) }
    guard case .failure(let f) = missing else { return XCTFail() }
    XCTAssertEqual(f.status, Status.noInput)
    XCTAssertEqual(said, ["fsl: cannot open '\(dir)/none.fsl': no such file"])
    XCTAssertTrue(
      FileManager.default.createFile(atPath: dir + "/bad.fsl", contents: Data([0x61, 0x0A, 0xFF])))
    said = []
    guard
      case .failure(let g) = Runner.loadScript(dir + "/bad.fsl", "fsl", errors: { said.append($0) })
    else { return XCTFail() }
    XCTAssertEqual(g.status, Status.staticError)
    XCTAssertEqual(
      said, ["fsl: '\(dir)/bad.fsl' is not UTF-8 text: invalid byte 0xff at offset 2 (line 2)"])
    XCTAssertTrue(
      FileManager.default.createFile(atPath: dir + "/ok.fsl", contents: Data("x = 1\n".utf8)))
    guard case .success(let ok) = Runner.loadScript(dir + "/ok.fsl", "fsl") else {
      return XCTFail()
    }
    XCTAssertEqual(ok.text, "x = 1\n")
  }

  func testRenderedErrorsAndTheirStatus() {
    let src = SourceFile(path: "e.fsl", text: "1 +")
    let (text, status) = rendered(
      StaticErrors(file: src, diagnostics: [Runner.incompleteInput(src)]), color: false)
    XCTAssertEqual(status, Status.staticError)
    XCTAssertTrue(text.hasPrefix("e.fsl:1:4: error"), text)
    XCTAssertEqual(
      rendered(RuntimeError("Interrupted", "x"), color: false).status, Status.interrupted)
    XCTAssertEqual(
      rendered(RuntimeError("ValueError", "x"), color: false).status, Status.runtimeError)
  }
}
