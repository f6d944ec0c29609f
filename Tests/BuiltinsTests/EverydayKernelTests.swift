// Unit tests for the kernels under the everyday NumPy functions (issue 13) that the NumPy
// oracle (EverydayOracleTests) cannot reach from FSL: NumPy's equal-pieces `split`, the
// quickselect behind quantiles on long lanes, the hash set behind `isin`, and inputs that must
// not crash (infinite histogram widths, huge counts).

import Foundation
import TestSupport
import XCTest

@testable import Tensor

final class EverydayKernelTests: XCTestCase {
  func testSplitEvenlyRefusesUnequalPieces() throws {
    let x = Tensor(shape: [6], f64: [0, 1, 2, 3, 4, 5])
    let parts = try x.split(.sections(3), axis: 0, evenly: true, name: "split")
    XCTAssertEqual(parts.map(\.doubles), [[0, 1], [2, 3], [4, 5]])
    XCTAssertThrowsError(try x.split(.sections(4), axis: 0, evenly: true, name: "split")) { e in
      XCTAssertEqual(
        (e as? TensorError)?.description,
        "ValueError: split: 4 sections do not divide axis 0 of length 6 equally "
          + "(array_split allows unequal pieces)")
    }
    // Indices never need to divide evenly.
    let cut = try x.split(.indices([4]), axis: 0, evenly: true, name: "split")
    XCTAssertEqual(cut.map(\.count), [4, 2])
  }

  func testSplitAlongInnerAxisKeepsBlocks() throws {
    let x = Tensor(shape: [2, 3, 2], i64: (0..<12).map(Int64.init))
    let parts = try x.split(.indices([1, 1, 5]), axis: 1, evenly: false, name: "array_split")
    XCTAssertEqual(parts.map(\.shape), [[2, 1, 2], [2, 0, 2], [2, 2, 2], [2, 0, 2]])
    XCTAssertEqual(parts[2].doubles, [2, 3, 4, 5, 8, 9, 10, 11])
  }

  func testSelectPlacesOrderStatistics() {
    var rng = SystemRandomNumberGenerator()
    for trial in 0..<200 {
      let n = Int.random(in: 1...400, using: &rng)
      let spread = trial % 3 == 0 ? 3 : 1000
      let xs = (0..<n).map { _ in Double(Int.random(in: 0..<spread, using: &rng)) }
      let want = xs.sorted()
      let positions = Set((0..<4).map { _ in Int.random(in: 0..<n, using: &rng) }).sorted()
      var got = xs
      Tensor.select(&got, positions)
      for k in positions {
        XCTAssertEqual(got[k], want[k], "n \(n), position \(k)")
        XCTAssertTrue(got[..<k].allSatisfy { $0 <= got[k] })
        XCTAssertTrue(got[(k + 1)...].allSatisfy { $0 >= got[k] })
      }
    }
  }

  func testQuantilesOfLongLanesMatchSorting() throws {
    let xs = (0..<1000).map { Double(($0 * 7919) % 257) }
    let t = Tensor(shape: [1000], f64: xs)
    let q = [0, 0.013, 0.5, 0.77, 1]
    let got = try t.quantiles(q, qShape: [5], axes: nil, f32: false, name: "quantile").doubles
    let sorted = xs.sorted()
    for (g, qk) in zip(got, q) { assertClose(g, Tensor.linearQuantile(sorted, qk), rtol: 0) }
  }

  func testIsinWithWideIntegerRangeUsesExactKeys() {
    let big: [Int64] = [Int64.min, -1, 0, 1 << 60, Int64.max]
    let x = Tensor(shape: [6], i64: [Int64.min, 5, 1 << 60, Int64.max, 0, (1 << 60) + 1])
    let r = Tensor.isin(x, Tensor(shape: [5], i64: big))
    XCTAssertEqual(r.doubles, [1, 0, 1, 1, 1, 0])
    let f = Tensor.isin(
      Tensor(shape: [3], f64: [-0.0, .nan, 2]), Tensor(shape: [2], f64: [0, .nan]))
    XCTAssertEqual(f.doubles, [1, 0, 0])
  }

  func testHistogramWithInfiniteWidthIsAValueError() throws {
    // The bin width overflows: NumPy raises "Too many bins for data range" too.
    let x = Tensor(shape: [3], f64: [-1e308, 0, 1e308])
    XCTAssertThrowsError(try Tensor.histogram(x, bins: 3, range: nil, density: false)) { e in
      XCTAssertEqual((e as? TensorError)?.kind, "ValueError")
    }
  }

  func testHugeCountsAreMemoryErrors() {
    let x = Tensor(shape: [1], f64: [1e15])
    XCTAssertThrowsError(try Tensor.bincount(x, weights: nil, minlength: 0)) { e in
      XCTAssertEqual((e as? TensorError)?.kind, "MemoryError")
    }
    XCTAssertThrowsError(
      try Tensor.histogram(x, bins: 1 << 60, range: nil, density: false)
    ) { e in XCTAssertEqual((e as? TensorError)?.kind, "MemoryError") }
    XCTAssertThrowsError(
      try Tensor(shape: [2], f64: [0, 1]).split(
        .sections(1 << 40), axis: 0, evenly: false, name: "array_split")
    ) { e in XCTAssertEqual((e as? TensorError)?.kind, "MemoryError") }
  }

  func testLargeScatterAndCountRunInMilliseconds() throws {
    let n = 1_000_000
    let idx = Tensor(shape: [n], i64: (0..<n).map { Int64(($0 * 7919) % 1000) })
    let vals = Tensor(shape: [n], f64: (0..<n).map { Double($0 % 13) })
    let start = Date()
    let sums = try Tensor.addAt(
      Tensor(shape: [1000], f64: .init(repeating: 0, count: 1000)), [idx], vals)
    let counts = try Tensor.bincount(idx, weights: nil, minlength: 0)
    let seconds = Date().timeIntervalSince(start)
    XCTAssertEqual(sums.doubles.reduce(0, +), vals.doubles.reduce(0, +))
    XCTAssertEqual(counts.doubles, .init(repeating: 1000, count: 1000))
    // Debug builds are slower than release (where both take a few ms); a per-element boxed
    // path would take seconds.
    XCTAssertLessThan(seconds, 2, "add_at + bincount on 1e6 elements took \(seconds) s")
  }
}
