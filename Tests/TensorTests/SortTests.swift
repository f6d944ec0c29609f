// Tests for Sources/Tensor/Sort.swift: both paths (comparisons below 4096 elements, radix sort
// above) against a plain stable index sort, with NaN, both zeros, infinities and ties; and
// cancellation.
import XCTest

@testable import Tensor

final class SortTests: XCTestCase {
  /// The stable order NaN-last sorting must produce, by the obvious method.
  func reference(_ xs: [Double]) -> [Int] {
    xs.indices.sorted { i, j in
      let (p, q) = (xs[i], xs[j])
      if p.isNaN != q.isNaN { return q.isNaN }
      if p.isNaN || p == q { return i < j }
      return p < q
    }
  }

  func sample(_ n: Int) -> [Double] {
    var g = SystemRandomNumberGenerator()
    let specials: [Double] = [.nan, -.nan, 0, -0.0, .infinity, -.infinity, 1.5, -1.5, 1e300]
    return (0..<n).map { i in
      i % 7 == 0
        ? specials[Int.random(in: 0..<specials.count, using: &g)]
        : Double(Int.random(in: -50...50, using: &g)) / 4 + (i % 3 == 0 ? 1e-9 : 0)
    }
  }

  func testOrderAndValuesMatchAStableSortOnBothPaths() {
    for n in [0, 1, 2, 100, 4095, 4096, 50_000] {
      let xs = sample(n)
      let want = reference(xs)
      XCTAssertEqual(Tensor.sortOrder(xs) { false }, want, "n = \(n)")
      let sorted = Tensor.sortedLane(xs) { false } ?? []
      XCTAssertEqual(sorted.count, n)
      // Bit patterns: -0.0 before 0.0 only where the input had it first; NaN payloads kept.
      XCTAssertEqual(sorted.map(\.bitPattern), want.map { xs[$0].bitPattern }, "n = \(n)")
    }
  }

  func testDigitsAllKeysShareAreSkippedCorrectly() {
    // Small integers: the high digits of every key agree, so those passes are skipped.
    let xs = (0..<10_000).map { Double(($0 * 7919) % 1000) }
    XCTAssertEqual(Tensor.sortOrder(xs) { false }, reference(xs))
    let same = [Double](repeating: 2, count: 5000)
    XCTAssertEqual(Tensor.sortOrder(same) { false }, Array(0..<5000))
  }

  func testCancellationGivesUp() {
    for n in [300_000, 5000] {
      let xs = sample(n)
      XCTAssertNil(Tensor.sortedLane(xs) { true }, "n = \(n)")
      XCTAssertNil(Tensor.sortOrder(xs) { true }, "n = \(n)")
    }
    var asked = 0
    XCTAssertNotNil(
      Tensor.sortOrder(sample(300_000)) {
        asked += 1
        return false
      })
    XCTAssertGreaterThan(asked, 1)
  }
}
