// `fsl test` (Shell/GoldenRunner.swift): parsing `# expect…` / `# requires:` comments and the
// outcome of small golden files.
import Foundation
import Lang
import XCTest

@testable import Shell

final class GoldenRunnerTests: XCTestCase {
  var dir = ""

  override func setUpWithError() throws {
    dir = try temporaryFolder("golden")
  }

  override func tearDown() {
    try? FileManager.default.removeItem(atPath: dir)
  }

  func write(_ name: String, _ text: String) throws -> String {
    let path = dir + "/" + name
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  func testParsesExpectationComments() {
    let e = GoldenExpectation(
      parsing: """
        # requires: data/model.bin (run scripts/fetch-data model)
        # requires: data/other.bin
        print(1)  # expect: 1
        # expect:
        # expect error: E201
        # expect error: unknown name 'q'
        # expect runtime error: t.fsl:3:1: error: ValueError: bad
        # expect warning: line: skipped 1 non-finite value (nan or inf)
        x = 1 # not an expectation
        """)
    XCTAssertEqual(e.warnings, ["line: skipped 1 non-finite value (nan or inf)"])
    XCTAssertEqual(e.stdout, ["1", ""])
    XCTAssertEqual(e.staticErrors, ["E201", "unknown name 'q'"])
    XCTAssertEqual(e.runtimeError, "t.fsl:3:1: error: ValueError: bad")
    XCTAssertEqual(e.requires.map(\.path), ["data/model.bin", "data/other.bin"])
    XCTAssertEqual(e.requires.map(\.hint), ["(run scripts/fetch-data model)", ""])
    XCTAssertFalse(e.isEmpty)
    XCTAssertTrue(GoldenExpectation(parsing: "print(1)\n# requires: x\n").isEmpty)
  }

  func testPassingFile() throws {
    let path = try write("ok.fsl", "print(1 + 1)\n# expect: 2\nprint(\"a\")\n# expect: a\n")
    XCTAssertEqual(GoldenRunner().check(path), .passed)
  }

  func testStdoutDifferenceIsDescribedLineByLine() throws {
    let path = try write("bad.fsl", "print(3)\n# expect: 4\n# expect: 5\n")
    guard case .failed(let why) = GoldenRunner().check(path) else { return XCTFail() }
    XCTAssertTrue(why.hasPrefix("stdout differs:\n"), why)
    XCTAssertTrue(why.contains("line 1: expected \"4\"\n         got      \"3\""), why)
    XCTAssertTrue(why.contains("line 2: expected \"5\""), why)
    XCTAssertTrue(why.contains("<missing>"), why)
  }

  func testRuntimeAndStaticErrors() throws {
    let runtime = try write(
      "rt.fsl", "print(0)\nx = [1][3]\n# expect: 0\n# expect runtime error: IndexError\n")
    XCTAssertEqual(GoldenRunner().check(runtime), .passed)
    let wrongMessage = try write(
      "rt2.fsl", "x = [1][3]\n# expect runtime error: ValueError: nope\n")
    guard case .failed(let why) = GoldenRunner().check(wrongMessage) else { return XCTFail() }
    XCTAssertTrue(why.contains("error message does not contain: ValueError: nope"), why)
    let staticError = try write("st.fsl", "print(nosuchname)\n# expect error: nosuchname\n")
    XCTAssertEqual(GoldenRunner().check(staticError), .passed)
    // An error where none is expected: the status and the message are shown.
    let unexpected = try write("un.fsl", "x = [1][3]\n# expect: 1\n")
    guard case .failed(let why2) = GoldenRunner().check(unexpected) else { return XCTFail() }
    XCTAssertTrue(why2.contains("exit status 70, expected 0\n"), why2)
    XCTAssertTrue(why2.contains("IndexError"), why2)
  }

  func testSkipsWithoutRequiredFilesAndRejectsEmptyTests() throws {
    let skip = try write(
      "skip.fsl", "# requires: \(dir)/weights.bin run fetch\nprint(1)\n# expect: 2\n")
    XCTAssertEqual(GoldenRunner().check(skip), .skipped("needs \(dir)/weights.bin run fetch"))
    XCTAssertTrue(FileManager.default.createFile(atPath: dir + "/weights.bin", contents: Data()))
    guard case .failed = GoldenRunner().check(skip) else { return XCTFail("ran once present") }
    let empty = try write("empty.fsl", "print(1)\n")
    XCTAssertEqual(
      GoldenRunner().check(empty),
      .failed("no '# expect' comments: a golden test must assert something"))
  }

  func testRunCountsAFolderAndReportsMissingPaths() throws {
    var lines: [String] = []
    var errors: [String] = []
    var runner = GoldenRunner(verbose: true)
    runner.say = { lines.append($0) }
    runner.complain = { errors.append($0) }
    _ = try write("a.fsl", "print(1)\n# expect: 1\n")
    _ = try write("b.fsl", "# requires: \(dir)/absent\nprint(2)\n# expect: 2\n")
    XCTAssertEqual(runner.run([dir]), Status.ok)
    XCTAssertEqual(
      lines, ["ok   \(dir)/a.fsl", "skip \(dir)/b.fsl: needs \(dir)/absent", "1 passed, 0 failed"])
    lines = []
    _ = try write("c.fsl", "print(2)\n# expect: 3\n")
    XCTAssertEqual(runner.run([dir + "/c.fsl", dir + "/a.fsl"]), 1)
    XCTAssertEqual(lines.first?.hasPrefix("FAIL \(dir)/c.fsl\n  stdout differs:\n  line 1: "), true)
    XCTAssertEqual(lines.last, "1 passed, 1 failed")
    XCTAssertEqual(runner.run([dir + "/nothing-here"]), Status.noInput)
    XCTAssertEqual(errors, ["fsl test: no such file or folder '\(dir)/nothing-here'"])
  }

  func testWarningsAreCheckedWhenDeclared() throws {
    let warns = "f = plot.figure()\nf.line([1, 2, 3], [1, nan, inf])\nprint(1)\n# expect: 1\n"
    let declared = try write(
      "w.fsl", warns + "# expect warning: line: skipped 2 non-finite values (nan or inf)\n")
    XCTAssertEqual(GoldenRunner().check(declared), .passed)
    let wrong = try write("w2.fsl", warns + "# expect warning: line: skipped 1\n")
    guard case .failed(let why) = GoldenRunner().check(wrong) else { return XCTFail() }
    XCTAssertTrue(why.hasPrefix("warnings differ:\nline 1: expected \"line: skipped 1\""), why)
    // Without `# expect warning:` lines warnings are captured but not checked.
    XCTAssertEqual(GoldenRunner().check(try write("w3.fsl", warns)), .passed)
    let missing = try write("w4.fsl", "print(1)\n# expect: 1\n# expect warning: save: x\n")
    guard case .failed(let none) = GoldenRunner().check(missing) else { return XCTFail() }
    XCTAssertTrue(none.contains("got      \"<missing>\""), none)
  }

  func testCapturedRunSeparatesOutputAndErrors() {
    let r = CapturedRun.run(
      .init(path: "t.fsl", text: "print(args()[0])\nerror(\"boom\")\n"), args: ["hi"])
    XCTAssertEqual(r.stdout, "hi\n")
    XCTAssertEqual(r.status, Status.runtimeError)
    XCTAssertTrue(r.stderr.contains("boom"), r.stderr)
    let w = CapturedRun.run(.init(path: "t.fsl", text: "plot.figure().line([1], [nan])\n"))
    XCTAssertEqual(w.warnings, "warning: line: skipped 1 non-finite value (nan or inf)\n")
    XCTAssertEqual(w.stderr, "")
  }
}
