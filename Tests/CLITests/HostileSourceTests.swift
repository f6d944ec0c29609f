// Generated or damaged scripts with thousands of errors on one huge line: the report is short
// (100 errors, each line shown as a window around its caret), fast, and exits 65.
import Foundation
import XCTest

final class HostileSourceTests: XCTestCase {
  func testHundredThousandNestedFStringsFailFastWithAShortReport() throws {
    let binary = FSLProcess.binary
    try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary.path), "no fsl binary")
    let n = 100_000
    let source =
      "x = " + String(repeating: "f\"{", count: n) + "1" + String(repeating: "}\"", count: n)
    let start = Date()
    let r = try FSLProcess.run(["/dev/stdin"], stdin: source + "\n")
    XCTAssertLessThan(Date().timeIntervalSince(start), 20)
    XCTAssertEqual(r.status, 65)
    // Same-quote nesting is valid (Python 3.12), so this is one f-string 100,000 deep: one
    // error, found without scanning the line once per level.
    XCTAssertTrue(r.err.contains("f-strings nested too deeply (limit 200)"), r.err)
    XCTAssertLessThan(r.err.utf8.count, 1000)
  }

  func testLongLineIsShownAsAWindowAroundTheError() throws {
    let binary = FSLProcess.binary
    try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary.path), "no fsl binary")
    let source = "x = " + String(repeating: "1 + ", count: 1000) + ")"
    let r = try FSLProcess.run(["/dev/stdin"], stdin: source + "\n")
    XCTAssertEqual(r.status, 65)
    let lines = r.err.split(separator: "\n")
    XCTAssertTrue(lines.contains { $0.hasPrefix("… + 1 + 1") && $0.hasSuffix(")") }, r.err)
    XCTAssertTrue(lines.allSatisfy { $0.count < 400 }, r.err)
  }
}
