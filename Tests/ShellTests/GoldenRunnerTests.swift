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
        x = 1 # not an expectation
        """)
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
    FileManager.default.createFile(atPath: dir + "/weights.bin", contents: Data())
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

  func testCapturedRunSeparatesOutputAndErrors() {
    let r = CapturedRun.run(
      .init(path: "t.fsl", text: "print(args()[0])\nerror(\"boom\")\n"), args: ["hi"])
    XCTAssertEqual(r.stdout, "hi\n")
    XCTAssertEqual(r.status, Status.runtimeError)
    XCTAssertTrue(r.stderr.contains("boom"), r.stderr)
  }
}
