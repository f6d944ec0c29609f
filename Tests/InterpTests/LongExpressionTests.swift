// Long and deep expressions (issue 12): chains of 20,000–100,000 operators compile and run in
// linear time without deep recursion; operator chains keep their evaluation order and errors.
import Foundation
import TestSupport
import XCTest

final class LongExpressionTests: XCTestCase {
  /// Runs `src` and checks its final value; returns the seconds it took.
  @discardableResult
  func check(
    _ src: String, _ expected: String, within seconds: Double = 10,
    file: StaticString = #filePath, line: UInt = #line
  ) -> Double {
    let start = Date()
    let r = runFSL(src)
    let took = Date().timeIntervalSince(start)
    XCTAssertNil(r.error, r.rendered ?? "", file: file, line: line)
    XCTAssertEqual(r.value, expected, file: file, line: line)
    XCTAssertLessThan(took, seconds, "took \(took) s", file: file, line: line)
    return took
  }

  func repr(_ xs: [Int]) -> String { "[" + xs.map(String.init).joined(separator: ", ") + "]" }

  func terms(_ n: Int, _ term: String, _ op: String) -> String {
    Array(repeating: term, count: n).joined(separator: op)
  }

  func testLongSumRunsQuickly() {
    check(terms(20_000, "1", " + "), "20000", within: 2)
    check("a = 2\n" + terms(100_000, "a", "+"), "200000")
    check(terms(50_000, "1 - 1", " + "), "0")
    check(terms(40_000, "2 * 3", " - "), "-239988")
  }

  func testLongLogicalChains() {
    check(terms(100_000, "true", " and "), "true")
    check(terms(100_000, "false", " or ") + " or 7", "7")
    check(terms(50_000, "1", " and ") + " and nil", "nil")
    // Mixed: `a and b or c` is `(a and b) or c`.
    check(terms(20_000, "false and 1 or 2", " and "), "2")
  }

  func testLongConcatenationIsLinear() {
    check("s = " + terms(200_000, "\"ab\"", " + ") + "\nlen(s)", "400000", within: 5)
    check("xs = " + terms(50_000, "[\"a\"]", " + ") + "\nlen(xs)", "50000", within: 5)
    // The chain starting with a variable does not change it.
    check("s = \"x\"\nt = s + " + terms(100, "\"y\"", " + ") + "\nlen(s) * 1000 + len(t)", "1101")
  }

  func testChainsKeepOrderAndValues() {
    // Left to right, each operand once.
    let calls = (1...40).map { "f(\($0))" }.joined(separator: " + ")
    let r = runFSL("out = []\nfn f(i)\n  push(out, i)\n  return i\nend\nx = \(calls)\n[x, out]")
    XCTAssertEqual(r.value, "[820, " + repr(Array(1...40)) + "]", r.rendered ?? "")
    check(terms(40, "1", " + ") + " == 40", "true")
    check(terms(40, "1", " + ") + " < 40", "false")
    check(terms(40, "1", " * ") + " / 4 % 3", "0.25")
    check("x = nil\n" + terms(40, "1", " + ") + " == 40 and x == nil", "true")
    check("t = [1, 2]\nt" + String(repeating: " + 1", count: 100), "[101, 102]")
    check("t = [1, 2]\nu = t" + String(repeating: " * 2", count: 40) + "\nt", "[1, 2]")
    check(terms(100, "[true, false]", " and "), "tensor([ true, false], dtype=bool)")
  }

  func testChainErrorPointsAtItsOperator() {
    // The 35th `+` of a 40-operator chain adds a string: its node spans columns 5 to 5 + 4 * 35.
    var parts = Array(repeating: "1", count: 41)
    parts[35] = "\"a\""
    let r = runFSL("x = " + parts.joined(separator: " + "))
    XCTAssertEqual(r.error, "TypeError: unsupported operand types for +: 'number' and 'string'")
    XCTAssertTrue(r.rendered?.contains("test.fsl:1:5: error") ?? false, r.rendered ?? "")
    let caret = "    ^" + String(repeating: "~", count: 4 * 35 + 2)
    XCTAssertEqual(r.rendered?.split(separator: "\n").dropFirst(2).first.map(String.init), caret)
  }

  func testSumOfVariablesCompilesInLinearTime() {
    // `1 + a + a + …` used to compile each left operand twice per level: 2^n closures.
    check("a = 1\n1 + " + terms(31, "a", " + "), "32", within: 2)
    check("a = 1\nb = 2\n" + terms(31, "a * b", " + ") + " + a", "63", within: 2)
  }

  func testDeeplyNestedArithmeticIsLinear() {
    // 450 nested parentheses (each costs two of the parser's 1000 levels), each holding a chain
    // just below the loop threshold: 14,000 levels of arithmetic, each compiled once.
    let chain = terms(30, "1", " + ")
    let deep =
      String(repeating: chain + " + (", count: 450) + "1" + String(repeating: ")", count: 450)
    check(deep, "13501", within: 5)
    // -(1 + -(1 + … -(1 + 1)…)) alternates between -2 and 1.
    let negs = String(repeating: "-(1 + ", count: 300) + "1" + String(repeating: ")", count: 300)
    check(negs, "1", within: 5)
    check("a = 2\n" + negs.replacingOccurrences(of: "1", with: "a"), "2", within: 5)
  }

  func testLongPostfixChainsRun() {
    let build = "x = \"s\"\nfor i in range(20000)\n  x = [x]\nend\n"
    let index = build + "x" + String(repeating: "[0]", count: 20_000)
    check(index, "\"s\"", within: 10)
  }
}
