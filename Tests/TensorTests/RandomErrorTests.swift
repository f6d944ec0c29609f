// Tests for RandomError: every invalid argument throws a message naming it, and never traps.

import XCTest

@testable import Tensor

extension RandomTests {
  /// Asserts that `body` throws `expected` (compared by description, so NaN payloads
  /// match), whose message is `message`.
  private func assertThrows<T>(
    _ expected: RandomError, _ message: String, file: StaticString = #filePath,
    line: UInt = #line, _ body: () throws -> T
  ) {
    XCTAssertThrowsError(try body(), file: file, line: line) { error in
      XCTAssertTrue(error is RandomError, "\(type(of: error))", file: file, line: line)
      XCTAssertEqual("\(error)", "\(expected)", file: file, line: line)
      XCTAssertEqual("\(error)", message, file: file, line: line)
    }
  }

  func testRangeAndParameterErrors() {
    var rng = RandomStream(seed: 0)
    let start = rng
    assertThrows(
      .emptyRange(function: "integers", lo: 3, hi: 3),
      "integers: 'hi' must be greater than 'lo' (got lo=3, hi=3)"
    ) { try rng.integers(lo: 3, hi: 3) }
    assertThrows(
      .emptyRange(function: "randint", lo: 5, hi: -1),
      "randint: 'hi' must be greater than 'lo' (got lo=5, hi=-1)"
    ) { try rng.randint(lo: 5, hi: -1, shape: [2]) }
    assertThrows(
      .negative(function: "normal", argument: "std", -1),
      "normal: 'std' must be non-negative, got -1.0"
    ) { try rng.normal(mean: 0, std: -1, shape: [3]) }
    assertThrows(
      .notFinite(function: "normal", argument: "std", .infinity),
      "normal: 'std' must be finite, got inf"
    ) { try rng.normal(mean: 0, std: .infinity) }
    assertThrows(
      .notFinite(function: "normal", argument: "mean", .nan),
      "normal: 'mean' must be finite, got nan"
    ) { try rng.normal(mean: .nan, std: 1) }
    assertThrows(
      .invalidBounds(function: "uniform", lo: 2, hi: 1),
      "uniform: 'hi' must be at least 'lo' and hi - lo finite (got lo=2.0, hi=1.0)"
    ) { try rng.uniform(lo: 2, hi: 1, shape: [1]) }
    assertThrows(
      .invalidBounds(
        function: "uniform", lo: -.greatestFiniteMagnitude, hi: .greatestFiniteMagnitude),
      "uniform: 'hi' must be at least 'lo' and hi - lo finite (got lo=-1.7976931348623157e+308, "
        + "hi=1.7976931348623157e+308)"
    ) { try rng.uniform(lo: -.greatestFiniteMagnitude, hi: .greatestFiniteMagnitude) }
    assertThrows(
      .negative(function: "standard_gamma", argument: "shape", -0.5),
      "standard_gamma: 'shape' must be non-negative, got -0.5"
    ) { try rng.standardGamma(shape: -0.5) }
    assertThrows(
      .notPositive(function: "beta", argument: "b", 0), "beta: 'b' must be positive, got 0.0"
    ) { try rng.beta(a: 1, b: 0) }
    XCTAssertEqual(rng, start, "failed calls draw nothing")
  }

  func testShapeAndCountErrors() {
    var rng = RandomStream(seed: 0)
    assertThrows(
      .invalidShape(function: "rand", [2, -1]),
      "rand: 'shape' must have non-negative dimensions, got [2, -1]"
    ) { try rng.rand(shape: [2, -1]) }
    // A shape too large to allocate is the MemoryError every tensor allocation gives.
    XCTAssertThrowsError(try rng.randn(shape: [1 << 40, 1 << 40])) { error in
      XCTAssertEqual(
        "\(error)",
        "MemoryError: cannot allocate 9.671406556917033e+24 bytes for a tensor of shape "
          + "[1099511627776, 1099511627776] (f64)")
    }
    XCTAssertThrowsError(try rng.permutation(n: 1 << 40)) { error in
      XCTAssertEqual((error as? TensorError)?.kind, "MemoryError")
    }
    assertThrows(
      .negativeCount(function: "permutation", argument: "n", -3),
      "permutation: 'n' must be non-negative, got -3"
    ) { try rng.permutation(n: -3) }
    assertThrows(
      .negativeCount(function: "dirichlet", argument: "n", -1),
      "dirichlet: 'n' must be non-negative, got -1"
    ) { try rng.dirichlet(alpha: [1], n: -1) }
    var scalar = Tensor(scalar: 1)
    assertThrows(
      .rankZero(function: "shuffle"),
      "shuffle: expected a tensor with at least one dimension, got a rank-0 tensor"
    ) { try rng.shuffle(&scalar) }
  }

  func testChoiceErrors() {
    var rng = RandomStream(seed: 0)
    assertThrows(
      .sampleTooLarge(size: 5, population: 3),
      "choice: cannot take 5 samples without replacement from a population of 3; pass "
        + "replace=true or a smaller 'size'"
    ) { try rng.choice(n: 3, shape: [5], replace: false) }
    assertThrows(
      .emptyPopulation(size: 2), "choice: cannot take 2 samples from an empty population"
    ) { try rng.choice(n: 0, shape: [2], replace: true) }
    assertThrows(
      .probabilityCount(count: 2, population: 3),
      "choice: 'p' has 2 entries but the population has 3 elements"
    ) { try rng.choice(n: 3, shape: [1], replace: true, p: [0.5, 0.5]) }
    assertThrows(
      .invalidProbability(index: 1, value: -0.25),
      "choice: every entry of 'p' must be a non-negative number, but p[1] = -0.25"
    ) { try rng.choice(n: 3, shape: [1], replace: true, p: [0.75, -0.25, 0.5]) }
    assertThrows(
      .invalidProbability(index: 0, value: .nan),
      "choice: every entry of 'p' must be a non-negative number, but p[0] = nan"
    ) { try rng.choice(n: 2, shape: [1], replace: true, p: [.nan, 1]) }
    let tolerance = RandomStream.probabilityTolerance
    assertThrows(
      .probabilitySum(sum: 0.9, tolerance: tolerance),
      "choice: the entries of 'p' must sum to 1 (within \(tolerance)), but they sum to 0.9"
    ) { try rng.choice(n: 2, shape: [1], replace: true, p: [0.4, 0.5]) }
    XCTAssertNoThrow(try rng.choice(n: 2, shape: [1], replace: true, p: [0.5, 0.5 + 1e-9]))
    assertThrows(
      .tooFewNonZeroProbabilities(size: 3, nonZero: 2),
      "choice: cannot take 3 samples without replacement when only 2 entries of 'p' are non-zero"
    ) { try rng.choice(n: 3, shape: [3], replace: false, p: [0.5, 0.5, 0]) }
    var scalar = RandomStream(seed: 1)
    assertThrows(
      .rankZero(function: "choice"),
      "choice: expected a tensor with at least one dimension, got a rank-0 tensor"
    ) { try scalar.choice(from: Tensor(scalar: 2), shape: [1], replace: true) }
  }

  func testDirichletAlphaErrors() {
    var rng = RandomStream(seed: 0)
    for (alpha, index, value) in [([1, 0, 2], 1, 0.0), ([-1.0], 0, -1.0), ([1, .nan], 1, .nan)] {
      let shown = value.isNaN ? "nan" : "\(value)"
      assertThrows(
        .invalidAlpha(index: index, value: value),
        "dirichlet: every entry of 'alpha' must be a positive finite number, but "
          + "alpha[\(index)] = \(shown)"
      ) { try rng.dirichlet(alpha: alpha, n: 2) }
    }
  }
}
