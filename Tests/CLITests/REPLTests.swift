// The interactive REPL in a real pseudo-terminal (tmux): multi-line input, completion, Ctrl-C
// during a computation, history across sessions, Ctrl-D (docs/repl.md). Skipped without tmux.
import Foundation
import XCTest

final class REPLTests: XCTestCase {
  var binary: URL {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("fsl")
  }

  func tempDir() throws -> String {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("fsl-repl-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url.path
  }

  /// A REPL session with HOME in `home` (its history file lives there), colour off.
  func repl(home: String) throws -> TmuxSession {
    try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary.path), "no fsl binary")
    let s = try TmuxSession(
      [binary.path],
      env: [
        "HOME": home, "NO_COLOR": "1", "TERM": "xterm-256color", "FSL_INLINE_IMAGES": "0",
        "INPUTRC": "/dev/null",
      ])
    try s.wait(for: "In [1]: ")
    return s
  }

  func testMultiLineInputUsesContinuationPrompt() throws {
    let s = try repl(home: try tempDir())
    try s.enter("fn double(a)")
    try s.wait(for: "...: ")
    try s.enter("return a * 2")
    try s.enter("end")
    try s.wait(for: "In [2]: ")
    try s.enter("double(21)")
    try s.wait(for: "Out[2]: 42")
    try s.enter("[1, 2,")
    try s.enter("3]")
    try s.wait(for: "Out[3]: [1, 2, 3]")
    try s.enter("y = 10 +")
    try s.enter("5")
    try s.enter("y")
    try s.wait(for: "Out[5]: 15")
    // An error shows the caret under its span; the session goes on with ans, Out[n] and err.
    try s.enter("[1, 2][5]")
    try s.wait(for: "IndexError")
    try s.enter("err.kind")
    try s.wait(for: "Out[7]: \"IndexError\"")
    try s.enter("Out[2] + 10")
    let screen = try s.wait(for: "Out[8]: ")
    XCTAssertTrue(screen.contains("Out[8]: 52"), screen)
    XCTAssertTrue(screen.contains("In[6]:1:1: error: IndexError"), screen)
    // A trailing ';' hides the value.
    try s.enter("y + 1;")
    try s.enter("%who")
    let after = try s.wait(for: "double")
    XCTAssertFalse(after.contains("Out[9]"), after)
  }

  func testTabCompletion() throws {
    let home = try tempDir()
    FileManager.default.createFile(atPath: home + "/measurements.csv", contents: Data("a\n".utf8))
    let s = try repl(home: home)
    try s.enter("cfg = {alpha: 1, beta: 2}")
    // Dict keys after `d.`
    try s.type("cfg.al")
    try s.press("Tab")
    try s.wait(for: "cfg.alpha")
    try s.press("Enter")
    try s.wait(for: "Out[2]: 1")
    // Module members after `mod.`
    try s.type("type(plot.fig")
    try s.press("Tab")
    try s.wait(for: "type(plot.figure")
    try s.enter(")")
    try s.wait(for: "Out[3]: \"function\"")
    // Keyword arguments inside a call, from the builtin's parameters.
    try s.type("mean([1, 3], ax")
    try s.press("Tab")
    try s.wait(for: "mean([1, 3], axis=")
    try s.enter("0)")
    try s.wait(for: "Out[4]: 2")
    // A user function's parameters.
    try s.enter("fn scale(value, factor=2) return value * factor end")
    try s.type("scale(3, fac")
    try s.press("Tab")
    try s.wait(for: "scale(3, factor=")
    try s.enter("5)")
    try s.wait(for: "Out[6]: 15")
    // Names in scope.
    try s.type("sca")
    try s.press("Tab")
    try s.wait(for: "In [7]: scale")
    try s.press("C-c")
    try s.wait(for: "scale^C")
    // File paths inside strings; a file's name is followed by the closing quote.
    try s.type("p = \"\(home)/meas")
    try s.press("Tab")
    try s.wait(for: "p = \"\(home)/measurements.csv\"")
    try s.press("Enter")
    try s.enter("len(p) > 0")
    try s.wait(for: "Out[8]: true")
  }

  func testCtrlCStopsALoopAndKeepsVariables() throws {
    let s = try repl(home: try tempDir())
    try s.enter("keep = 7")
    try s.enter("i = 0")
    try s.enter("while true")
    try s.enter("i += 1")
    try s.enter("end")
    // Let the loop run, then interrupt it.
    usleep(700_000)
    try s.press("C-c")
    try s.wait(for: "Interrupted")
    try s.wait(for: "In [4]: ")
    try s.enter("keep * 6")
    try s.wait(for: "Out[4]: 42")
    try s.enter("i > 0")
    try s.wait(for: "Out[5]: true")
    try s.enter("err.kind")
    try s.wait(for: "Out[6]: \"Interrupted\"")
    // Recursion without loops stops too.
    try s.enter("fn fib(n) if n < 2 return n end return fib(n - 1) + fib(n - 2) end")
    try s.enter("fib(60)")
    usleep(500_000)
    try s.press("C-c")
    try s.wait(for: "a second Interrupted") { $0.components(separatedBy: "Interrupted").count >= 3 }
    try s.wait(for: "In [9]: ")
    // Ctrl-C at the prompt drops the line; Ctrl-D quits with status 0.
    try s.type("half typed")
    try s.press("C-c")
    try s.wait(for: "half typed^C")
    try s.press("C-d")
    let deadline = Date().addingTimeInterval(10)
    var status: Int32?
    while status == nil && Date() < deadline {
      status = try s.exitStatus()
      usleep(50_000)
    }
    XCTAssertEqual(status, 0)
  }

  func testHistoryPersistsAcrossSessions() throws {
    let home = try tempDir()
    do {
      let s = try repl(home: home)
      try s.enter("history_marker = 123")
      try s.enter("fn twice(x)")
      try s.enter("return 2 * x")
      try s.enter("end")
      try s.wait(for: "In [3]: ")
      try s.press("C-d")
      try s.wait(for: "exited") { _ in (try? s.exitStatus()) != nil }
    }
    let path = home + "/.fsl_history"
    let attrs = try FileManager.default.attributesOfItem(atPath: path)
    XCTAssertEqual((attrs[.posixPermissions] as? NSNumber)?.intValue, 0o600)
    let saved = try String(contentsOfFile: path, encoding: .utf8)
    XCTAssertEqual(saved, "history_marker = 123\nfn twice(x)\\nreturn 2 * x\\nend\n")

    let s = try repl(home: home)
    try s.press("Up")
    try s.wait(for: "fn twice(x)")
    try s.press("Enter")
    try s.wait(for: "In [2]: ")
    try s.press("Up")
    try s.press("Up")
    try s.wait(for: "In [2]: history_marker = 123")
    try s.press("Enter")
    try s.enter("twice(history_marker)")
    try s.wait(for: "Out[3]: 246")
  }

  func testSaveWritesOnlyInputsThatRunAsAScript() throws {
    let home = try tempDir()
    let s = try repl(home: home)
    try s.enter("a = 2")
    try s.enter("print(undefined_q)")  // a static error
    try s.enter("c = [1, 2][7]")  // a runtime error
    try s.enter("x = )")  // a syntax error
    try s.enter("b = a * 3")
    try s.enter("a + 1")
    try s.enter("d = ans * 2")  // ran, but a script has no `ans`
    try s.enter("help(len)")  // ran, but `help` is the REPL's
    try s.enter("e = a + b; print(e)")
    try s.wait(for: "In [10]: ")
    try s.enter("%save \(home)/saved")
    let screen = try s.wait(for: "left out In[8]")
    XCTAssertTrue(screen.contains("Saved 4 inputs to \(home)/saved.fsl"), screen)
    XCTAssertTrue(screen.contains("left out In[7]: undefined name 'ans'"), screen)
    let saved = try String(contentsOfFile: home + "/saved.fsl", encoding: .utf8)
    XCTAssertEqual(
      saved.split(separator: "\n").dropFirst(),
      ["a = 2", "b = a * 3", "a + 1", "e = a + b; print(e)"])
    let r = try FSLProcess.run([home + "/saved.fsl"], stdin: "", in: URL(fileURLWithPath: home))
    XCTAssertEqual(r.status, 0, r.err)
    XCTAssertEqual(r.out, "8\n")
  }

  func testFigureValueIsSavedToATemporaryPNG() throws {
    let s = try repl(home: try tempDir())
    try s.enter("f = plot.figure(width=3, height=2)")
    try s.enter("f.line([1, 2, 3], [1, 4, 9])")
    try s.enter("f")
    let screen = try s.wait(for: ".png")
    guard let line = screen.split(separator: "\n").first(where: { $0.hasPrefix("Out[3]: ") }),
      let r = line.range(of: "saved to ")
    else { return XCTFail("no 'saved to' line:\n\(screen)") }
    let path = String(line[r.upperBound...]).trimmingCharacters(in: .whitespaces)
    let png = try Data(contentsOf: URL(fileURLWithPath: path))
    XCTAssertTrue(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "not a PNG: \(path)")
    try? FileManager.default.removeItem(atPath: path)
  }
}
