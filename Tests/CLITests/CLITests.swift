// Runs the built `fsl` executable as a user would: exit codes (docs/design.md §"Command line"),
// stdout vs stderr.
import Foundation
import XCTest

final class CLITests: XCTestCase {
  typealias Run = FSLRun

  var binary: URL { FSLProcess.binary }

  func fsl(_ args: [String]) throws -> Run { try FSLProcess.run(args) }

  func script(_ text: String) throws -> String {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("fsl-cli-\(UUID().uuidString).fsl")
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }

  func testSnippetPrintsFinalValue() throws {
    try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary.path), "no fsl binary")
    let r = try fsl(["-e", "fn f(n) if n < 2 return n end return f(n-1) + f(n-2) end print(f(20))"])
    XCTAssertEqual(r.out, "6765\n")
    XCTAssertEqual(r.status, 0)
    XCTAssertEqual(try fsl(["-e", "-1 + 2"]).out, "1\n")
  }

  func testSyntaxErrorExits65WithCaret() throws {
    try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary.path), "no fsl binary")
    let path = try script("x = 1\nz = 3 * * 4\n")
    let r = try fsl([path])
    XCTAssertEqual(r.status, 65)
    XCTAssertEqual(r.out, "")
    XCTAssertTrue(r.err.contains("\(path):2:9: error: expected an expression, found '*'"), r.err)
    XCTAssertTrue(r.err.contains("z = 3 * * 4\n        ^"), r.err)
  }

  func testRuntimeErrorExits70() throws {
    try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary.path), "no fsl binary")
    let path = try script("print(\"before\")\nx = [1, 2, 3]\nx[5]\n")
    let r = try fsl(["run", path])
    XCTAssertEqual(r.status, 70)
    XCTAssertEqual(r.out, "before\n")
    XCTAssertTrue(r.err.contains("IndexError: index 5 is out of bounds for axis 0 with size 3"))
  }

  func testMissingFileAndUsageErrors() throws {
    try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary.path), "no fsl binary")
    XCTAssertEqual(try fsl(["/nonexistent/x.fsl"]).status, 66)
    XCTAssertEqual(try fsl(["--no-such-flag"]).status, 64)
    XCTAssertEqual(try fsl(["doc", "no_such_builtin"]).status, 64)
  }

  func testNonFinitePlotDataWarns() throws {
    try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary.path), "no fsl binary")
    let r = try fsl(["-e", "f = plot.figure(); f.line([1, 2, 3], [1, nan, inf])"])
    XCTAssertEqual(r.status, 0)
    XCTAssertTrue(r.err.contains("warning: line: skipped 2 non-finite values"), r.err)
  }

  func testScriptArgumentsAndDoc() throws {
    try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary.path), "no fsl binary")
    let path = try script("print(args())\n")
    XCTAssertEqual(try fsl([path, "a", "--b"]).out, "[\"a\", \"--b\"]\n")
    // Everything after the script is the script's, before and after `run` (the quick path
    // that skips the option parser must agree with it).
    XCTAssertEqual(try fsl([path, "-e", "3", "--help"]).out, "[\"-e\", \"3\", \"--help\"]\n")
    XCTAssertEqual(try fsl(["run", path, "--dump-ast"]).out, "[\"--dump-ast\"]\n")
    XCTAssertEqual(try fsl(["--dump-ast", path]).out, "(call (name print) (call (name args)))\n")
    let bare = try fsl(["run"])
    XCTAssertEqual(bare.status, 64)
    XCTAssertTrue(bare.err.contains("Missing expected argument"), bare.err)
    XCTAssertTrue(try fsl(["doc", "len"]).out.hasPrefix("len(x)"))
    XCTAssertFalse(try fsl(["--version"]).out.isEmpty)
  }
}
