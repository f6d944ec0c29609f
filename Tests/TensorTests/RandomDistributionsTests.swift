// Statistical sanity checks of RandomStream's distributions (fixed seeds, so deterministic).

import TestSupport
import XCTest

@testable import Tensor

extension RandomTests {
  private func moments(_ xs: [Double]) -> (mean: Double, variance: Double) {
    let mean = xs.reduce(0, +) / Double(xs.count)
    let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(xs.count - 1)
    return (mean, variance)
  }

  func testNormalMomentsAndTails() throws {
    var rng = RandomStream(seed: 2024)
    let xs = try rng.randn(shape: [100_000]).doubles
    let m = moments(xs)
    assertClose(m.mean, 0, atol: 0.01)
    assertClose(m.variance, 1, atol: 0.02)
    let beyond3 = Double(xs.filter { abs($0) > 3 }.count) / Double(xs.count)
    XCTAssertEqual(beyond3, 0.0027, accuracy: 0.0009)
    let inTail = xs.filter { abs($0) > 3.6541528853610088 }.count  // the ziggurat's tail path
    XCTAssertGreaterThan(inTail, 5)
    let shifted = moments(try rng.normal(mean: -4, std: 0.5, shape: [50_000]).doubles)
    assertClose(shifted.mean, -4, atol: 0.01)
    assertClose(shifted.variance, 0.25, atol: 0.01)
  }

  func testExponentialGammaAndBetaMoments() throws {
    var rng = RandomStream(seed: 99)
    let e = moments(try rng.exponential(shape: [100_000]).doubles)
    assertClose(e.mean, 1, atol: 0.015)
    assertClose(e.variance, 1, atol: 0.04)
    for (shape, tolerance) in [(0.5, 0.01), (3.0, 0.04), (0.05, 0.005)] {
      let g = moments(try (0..<50_000).map { _ in try rng.standardGamma(shape: shape) })
      assertClose(g.mean, shape, atol: tolerance, "gamma(\(shape)) mean")
      assertClose(g.variance, shape, atol: 4 * tolerance, "gamma(\(shape)) variance")
    }
    XCTAssertEqual(try rng.standardGamma(shape: 0), 0)
    let b = moments(try (0..<50_000).map { _ in try rng.beta(a: 0.3, b: 0.7) })
    assertClose(b.mean, 0.3, atol: 0.01)
    assertClose(b.variance, 0.3 * 0.7 / 2, atol: 0.01)
  }

  func testUniformAndIntegerRanges() throws {
    var rng = RandomStream(seed: 8)
    let u = try rng.uniform(lo: -2, hi: 5, shape: [50_000]).doubles
    XCTAssertTrue(u.allSatisfy { $0 >= -2 && $0 < 5 })
    assertClose(moments(u).mean, 1.5, atol: 0.05)
    let ints = try rng.randint(lo: 0, hi: 7, shape: [70_000]).randomTestInts
    for value in 0..<7 {
      XCTAssertEqual(Double(ints.filter { $0 == value }.count), 10_000, accuracy: 400)
    }
    XCTAssertTrue(ints.allSatisfy { (0..<7).contains($0) })
    let wide = try rng.randint(lo: .min, hi: .max, shape: [1000]).randomTestInts
    XCTAssertTrue(wide.contains { $0 < -(1 << 62) } && wide.contains { $0 > 1 << 62 })
    XCTAssertEqual(try rng.integers(lo: 41, hi: 42), 41)
    let big = try rng.randint(lo: -(1 << 40), hi: 1 << 40, shape: [1000]).randomTestInts
    XCTAssertTrue(big.allSatisfy { $0 >= -(1 << 40) && $0 < 1 << 40 })
  }

  func testDirichletRowsAreOnTheSimplex() throws {
    var rng = RandomStream(seed: 17)
    let alpha = [1.0, 2.0, 3.0]
    let draws = try rng.dirichlet(alpha: alpha, n: 20_000)
    let values = draws.doubles
    var columnSums = [0.0, 0.0, 0.0]
    for row in 0..<20_000 {
      let slice = values[(row * 3)..<(row * 3 + 3)]
      XCTAssertEqual(slice.reduce(0, +), 1, accuracy: 1e-12)
      for j in 0..<3 { columnSums[j] += slice[row * 3 + j] }
    }
    for j in 0..<3 { assertClose(columnSums[j] / 20_000, alpha[j] / 6, atol: 0.01) }
    let sparse = try rng.dirichlet(alpha: [0.05, 0.02, 0.01], n: 2000).doubles
    XCTAssertTrue(sparse.allSatisfy { $0 >= 0 && $0 <= 1 })
    for row in 0..<2000 {
      XCTAssertEqual(sparse[(row * 3)..<(row * 3 + 3)].reduce(0, +), 1, accuracy: 1e-12)
    }
  }

  func testChoiceFrequenciesAndDistinctness() throws {
    var rng = RandomStream(seed: 23)
    let p = [0.1, 0.2, 0.3, 0.4, 0.0]
    let picks = try rng.choice(n: 5, shape: [50_000], replace: true, p: p).randomTestInts
    for (i, weight) in p.enumerated() {
      let share = Double(picks.filter { $0 == i }.count) / 50_000
      XCTAssertEqual(share, weight, accuracy: 0.01, "index \(i)")
    }
    for (n, size) in [(10, 10), (30_000, 2000), (30_000, 50), (1, 1)] {
      let sample = try rng.choice(n: n, shape: [size], replace: false).randomTestInts
      XCTAssertEqual(Set(sample).count, size)
      XCTAssertTrue(sample.allSatisfy { $0 >= 0 && $0 < n })
    }
    let weighted = try rng.choice(n: 5, shape: [4], replace: false, p: p).randomTestInts
    XCTAssertEqual(Set(weighted), [0, 1, 2, 3])
    let order = try rng.permutation(n: 1000).randomTestInts
    XCTAssertEqual(order.sorted(), (0..<1000).map { Int64($0) })
  }
}
