// The REPL driven without a terminal (Shell/REPL.swift, REPL+Meta.swift): multi-line input,
// Out/ans/err, `;`, meta commands, `%save`, `?name`.
import Foundation
import Interp
import XCTest

@testable import Shell

final class REPLSessionTests: XCTestCase {
  /// Runs `lines` through a whole session (prompts, continuation lines, Ctrl-D at the end).
  func session(_ lines: [String]) -> (ScriptedLines, Transcript, REPL) {
    let source = ScriptedLines(lines)
    let console = Transcript()
    let repl = REPL(lines: source, console: console)
    XCTAssertEqual(repl.run(), 0)
    return (source, console, repl)
  }

  /// A session that runs `inputs` one by one (each a complete input).
  func handled(_ inputs: [String]) -> (Transcript, REPL) {
    let console = Transcript()
    let repl = REPL(lines: ScriptedLines([]), console: console)
    for i in inputs { repl.handle(i) }
    return (console, repl)
  }

  func testMultiLineInputAndContinuationPrompts() {
    let (source, console, _) = session(["fn double(a)", "return a * 2", "end", "double(21)"])
    XCTAssertEqual(
      source.prompts, ["In [1]: ", "   ...: ", "   ...: ", "In [2]: ", "In [3]: "])
    // Completion sees the earlier lines of the input.
    XCTAssertEqual(source.contexts[2], "fn double(a)\nreturn a * 2\n")
    XCTAssertEqual(source.remembered, ["fn double(a)\nreturn a * 2\nend", "double(21)"])
    XCTAssertTrue(console.out.hasPrefix("FSL \(fslVersion) — ?name for help"), console.out)
    XCTAssertTrue(console.out.contains("Out[2]: 42\n"), console.out)
    XCTAssertEqual(console.errors, [])
  }

  func testOutAnsErrAndSemicolon() throws {
    let (console, repl) = handled([
      "x = 20 + 1", "x * 2", "ans + 1;", "Out[2] + 100", "[1, 2][5]", "err.kind",
    ])
    XCTAssertFalse(console.out.contains("Out[1]"), "an assignment has no value")
    XCTAssertTrue(console.out.contains("Out[2]: 42\n"), console.out)
    XCTAssertFalse(console.out.contains("Out[3]"), "a trailing ; hides the value")
    XCTAssertTrue(console.out.contains("Out[4]: 142\n"), console.out)
    XCTAssertTrue(console.err.contains("In[5]:1:1: error: IndexError"), console.err)
    XCTAssertTrue(console.out.contains("Out[6]: \"IndexError\"\n"), console.out)
    XCTAssertEqual(repl.inputs.map(\.ok), [true, true, true, true, false, true])
    XCTAssertEqual(repl.interp.main.value(of: "x")?.repr, "21")
  }

  func testPrintGoesToTheConsoleAndMatricesStartOnTheirOwnLine() {
    let (console, _) = handled(["print(\"hi\")", "[[1, 2], [3, 4]]"])
    XCTAssertTrue(console.out.hasPrefix("hi\n"), console.out)
    XCTAssertTrue(console.out.contains("Out[2]:\n"), console.out)
  }

  func testSyntaxErrorBindsErr() {
    let (console, repl) = handled(["1 +* 2"])
    XCTAssertTrue(console.err.contains("error"), console.err)
    guard case .dict(let d)? = repl.interp.main.value(of: "err") else {
      return XCTFail("err is not a dict")
    }
    XCTAssertEqual(d["kind"]?.repr, "\"SyntaxError\"")
    XCTAssertEqual(d["file"]?.repr, "\"In[1]\"")
  }

  func testSaveWritesOnlyTheInputsThatSucceeded() throws {
    let dir = try temporaryFolder("save")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/session"
    let (console, _) = handled([
      "a = 2", "a + 1", "b = a + undefined_name", "[1][9]", "c = a * 3", "%who", "print(ans)",
      "%save \(path)",
    ])
    let text = try String(contentsOfFile: path + ".fsl", encoding: .utf8)
    XCTAssertEqual(
      text, "# Saved from an FSL \(fslVersion) session: 3 inputs.\na = 2\na + 1\nc = a * 3\n")
    XCTAssertTrue(console.out.contains("Saved 3 inputs to \(path).fsl"), console.out)
    // `print(ans)` ran, but `ans` exists only in the session: left out, with the reason.
    XCTAssertTrue(console.out.contains("left out In[7]: "), console.out)
    XCTAssertTrue(console.out.contains("ans"), console.out)
  }

  func testWhoHistAndReset() {
    let (console, repl) = handled(["alpha = [1, 2, 3]", "beta = \"x\"", "%who", "%hist"])
    XCTAssertTrue(console.out.contains("alpha  tensor"), console.out)
    XCTAssertTrue(console.out.contains("beta   string"), console.out)
    XCTAssertTrue(console.out.contains("   1: alpha = [1, 2, 3]\n"), console.out)
    XCTAssertTrue(console.out.hasSuffix("   3: %who\n"), console.out)
    repl.handle("%reset")
    XCTAssertNil(repl.interp.main.value(of: "alpha"))
    repl.handle("%who")
    XCTAssertTrue(console.out.hasSuffix("All variables deleted.\nNo variables defined.\n"))
  }

  func testUnknownAndIncompleteMetaCommands() {
    let (console, repl) = handled(["%tme 1", "%time", "%save"])
    XCTAssertEqual(repl.inputs.map(\.ok), [false, false, false])
    XCTAssertTrue(console.errors[0].hasPrefix("UsageError: unknown command '%tme'"), console.err)
    XCTAssertTrue(console.errors[0].contains("did you mean '%time'?"), console.err)
    XCTAssertEqual(console.errors[1], "UsageError: %time needs code to run: %time CODE")
    XCTAssertEqual(console.errors[2], "UsageError: %save needs a file name: %save FILE")
  }

  func testTimeAndTimeit() {
    let (console, _) = handled(["%time 1 + 1", "%timeit x = 1"])
    XCTAssertTrue(console.out.contains("Wall time: "), console.out)
    XCTAssertTrue(console.out.contains("Out[1]: 2"), console.out)
    XCTAssertTrue(console.out.contains(" per loop (mean ± std. dev. of "), console.out)
  }

  func testRunAndLoad() throws {
    let dir = try temporaryFolder("run")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try "answer = 6 * 7\nprint(len(args()))\n".write(
      toFile: dir + "/s.fsl", atomically: true, encoding: .utf8)
    let source = ScriptedLines(["%run \(dir)/s.fsl a b", "%load \(dir)/s.fsl", "answer"])
    let console = Transcript()
    let repl = REPL(lines: source, console: console)
    XCTAssertEqual(repl.run(), 0)
    XCTAssertTrue(console.out.contains("2\n"), console.out)
    XCTAssertEqual(repl.interp.main.value(of: "answer")?.repr, "42")
    // %load puts the file's text into the next prompt.
    XCTAssertEqual(source.prefills[2], "answer = 6 * 7\nprint(len(args()))")
    repl.handle("%run \(dir)/missing.fsl")
    XCTAssertTrue(console.err.contains("cannot open '\(dir)/missing.fsl'"), console.err)
  }

  func testCdAndPwd() throws {
    let dir = try temporaryFolder("cd")
    let here = FileManager.default.currentDirectoryPath
    defer {
      FileManager.default.changeCurrentDirectoryPath(here)
      try? FileManager.default.removeItem(atPath: dir)
    }
    let (console, repl) = handled(["%cd \(dir)", "%pwd", "%cd \(dir)/nope"])
    let real = FileManager.default.currentDirectoryPath
    XCTAssertTrue(real.hasSuffix((dir as NSString).lastPathComponent), real)
    XCTAssertEqual(console.out, "\(real)\n\(real)\n")
    XCTAssertEqual(console.errors, ["error: cd: no such directory '\(dir)/nope'"])
    XCTAssertEqual(repl.inputs.map(\.ok), [true, true, false])
  }

  func testHelpRequests() {
    let (console, repl) = handled([
      "fn scale(x, k=2)\n  \"\"\"Multiplies x by k.\"\"\"\n  return x * k\nend", "?scale",
      "??scale",
      "?len", "?lenn", "?", "help(\"len\")",
    ])
    XCTAssertTrue(console.out.contains("scale(x, k=2)\n\nMultiplies x by k."), console.out)
    XCTAssertTrue(console.out.contains("Defined at In[1]:1."), console.out)
    XCTAssertTrue(console.out.contains("Source (In[1]:1):\nfn scale(x, k=2)"), console.out)
    XCTAssertTrue(console.out.contains("len(x)"), console.out)
    XCTAssertTrue(console.out.contains("Example:\n  "), console.out)
    XCTAssertEqual(
      console.errors, ["error: no variable, function or builtin named 'lenn'; did you mean 'len'?"])
    XCTAssertTrue(console.out.contains("%help               the meta commands"), console.out)
    XCTAssertEqual(repl.inputs.map(\.ok), [true, true, true, true, false, true, true])
  }

  func testAFigureValueIsSavedAsPNG() throws {
    setenv("FSL_INLINE_IMAGES", "0", 1)
    let (console, repl) = handled(["fig = plot.figure()\nplot.line(fig, [1, 2], [3, 4])", "fig"])
    XCTAssertEqual(repl.inputs.map(\.ok), [true, true], console.err)
    let line = try XCTUnwrap(console.out.split(separator: "\n").first { $0.hasPrefix("Out[2]: ") })
    let path = try XCTUnwrap(line.range(of: " saved to ").map { String(line[$0.upperBound...]) })
    defer { try? FileManager.default.removeItem(atPath: path) }
    XCTAssertTrue(path.hasSuffix("-out2.png"), path)
    let png = try XCTUnwrap(FileManager.default.contents(atPath: path))
    XCTAssertEqual(Array(png.prefix(4)), [0x89, 0x50, 0x4E, 0x47])
    XCTAssertNil(FigureSupport.figure(in: .number(1)))
  }

  func testFormatDuration() {
    XCTAssertEqual(formatDuration(1.5), "1.50 s")
    XCTAssertEqual(formatDuration(0.0123), "12.3 ms")
    XCTAssertEqual(formatDuration(456e-6), "456 µs")
    XCTAssertEqual(formatDuration(7e-9), "7.00 ns")
  }

  func testHistoryFileEscapesAndKeepsTheNewest() throws {
    let dir = try temporaryFolder("hist")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let history = History(path: dir + "/h", limit: 3)
    XCTAssertEqual(history.load(), [])
    for e in ["one", "fn f()\n  return 1\nend", "a\\b", "last"] { history.append(e) }
    XCTAssertEqual(history.load(), ["fn f()\n  return 1\nend", "a\\b", "last"])
    let raw = try String(contentsOfFile: dir + "/h", encoding: .utf8)
    XCTAssertEqual(raw, "fn f()\\n  return 1\\nend\na\\\\b\nlast\n")
    let attributes = try FileManager.default.attributesOfItem(atPath: dir + "/h")
    XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
  }
}
