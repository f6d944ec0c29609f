// docs/design.md §"Value model": a mutation of a uniquely held value happens in place, so n writes
// cost O(n). Each case runs at two sizes 10× apart; a copy per write would make the ratio ~100.
import Foundation
import TestSupport
import XCTest

final class InPlaceMutationTests: XCTestCase {
  /// Seconds the FSL snippet takes for size `n` (timed inside FSL, start-up excluded).
  func seconds(_ body: String, n: Int) -> Double {
    let src = "n = \(n)\nt0 = time()\n\(body)\ntime() - t0"
    let r = runFSL(src)
    XCTAssertNil(r.error, r.rendered ?? "")
    return Double(r.value ?? "") ?? .infinity
  }

  func assertLinear(_ body: String, file: StaticString = #filePath, line: UInt = #line) {
    let small = max(seconds(body, n: 20_000), 1e-4)
    let large = seconds(body, n: 200_000)
    XCTAssertLessThan(large / small, 30, "not linear: \(body)", file: file, line: line)
  }

  func testTensorElementWrites() {
    assertLinear("x = zeros(n)\nfor i in range(n) x[i] = i end")
    assertLinear("x = zeros(n, 2)\nfor i in range(n) x[i, 1] += 1 end")
  }

  func testIndexWritesAtTopLevel() {
    assertLinear("xs = range(n)\nfor i in range(n) xs[i] = i end")
    assertLinear("xs = list(range(n))\nfor i in range(n) xs[i] = i end")
  }

  func testIndexWritesInAFunction() {
    assertLinear("fn f(xs) for i in range(len(xs)) xs[i] += 1 end return xs end\nys = f(range(n))")
  }

  func testWritesThroughADictField() {
    assertLinear("d = {v: range(n)}\nfor i in range(n) d.v[i] = 0 end")
  }

  func testPushAndPop() {
    assertLinear("xs = []\nfor i in range(n) xs.push(i) end\nwhile len(xs) > 0 xs.pop() end")
  }

  func testDictPopInAnyOrder() {
    let fill = "d = {}\nfor i in range(n) d[str(i)] = i end\n"
    assertLinear(fill + "for i in range(n) pop(d, str(i)) end")
    assertLinear(fill + "for i in range(n) d.pop(str(n - 1 - i)) end")
    assertLinear(fill + "for i in range(n) remove(d, str((i * 7919) % n)) end")
  }

  func testPushOnANestedElement() {
    assertLinear("m = {rows: [[]]}\nfor i in range(n) m.rows[0].push(i) end")
  }

  func testPushInsideAClosure() {
    assertLinear("fn g() xs = []; fn add(v) xs.push(v) end for i in range(n) add(i) end end\ng()")
  }
}
