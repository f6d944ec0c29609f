// Tests for Sources/Tensor/Random/*.swift: NumPy's recorded draws, replayed bit for bit.
//
// Fixtures: Tests/fixtures/random, made by scripts/oracles/random_fixtures.py. Every draw must
// match exactly, except that draws NumPy computes with libm pow/log may differ in the last bit
// (see `usesPow`).

import Foundation
import TestSupport
import XCTest

@testable import Tensor

final class RandomTests: XCTestCase {
  /// One recorded NumPy call; the fields used depend on `op` (see random_fixtures.py).
  struct Operation: Decodable {
    let op: String
    let n: Int
    let low: Int64?
    let high: Int64?
    let population: Int?
    let replace: Bool?
    let p: [String]?
    let alpha: [String]?
    let shape: String?
    let a: String?
    let b: String?
    let mean: String?
    let std: String?
    let lo: String?
    let hi: String?
    let f64: [String]?
    let i64: [Int64]?
  }

  struct SeedFixture: Decodable {
    let seed: UInt64
    let ops: [Operation]
  }

  static func fixture<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("fixtures/random/\(name)")
    return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
  }

  /// A double from its 16-hex-digit bit pattern.
  static func double(_ hex: String?) throws -> Double {
    let pattern = try XCTUnwrap(hex.flatMap { UInt64($0, radix: 16) }, "bad hex \(hex ?? "nil")")
    return Double(bitPattern: pattern)
  }

  static func doubles(_ hex: [String]?) throws -> [Double] {
    try XCTUnwrap(hex, "missing doubles").map { try double($0) }
  }

  /// Replays `fixture` on a fresh stream; `scalar` uses the one-draw methods instead of the
  /// tensor ones where both exist. Returns the ops whose outputs differ.
  func replay(_ fixture: SeedFixture, scalar: Bool) throws -> [String] {
    var rng = RandomStream(seed: fixture.seed)
    var failures: [String] = []
    for (index, op) in fixture.ops.enumerated() {
      let label = "seed \(fixture.seed) op \(index) \(op.op)"
      if let expected = op.i64 {
        let got = try integerResult(op, &rng, scalar: scalar)
        if got != expected {
          let first =
            zip(got, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(got.count, expected.count)
          failures.append(
            "\(label): \(got.count) vs \(expected.count) values, first diff at \(first)")
        }
      } else {
        let expected = try Self.doubles(op.f64)
        let got = try doubleResult(op, &rng, scalar: scalar)
        let differ = zip(got, expected).filter { $0.bitPattern != $1.bitPattern }
        let allowed = try usesPow(op) ? expected.count / 20 : 0
        if differ.count > allowed || got.count != expected.count {
          failures.append(
            "\(label): \(differ.count) of \(expected.count) differ (got \(got.count))")
        }
        for (g, e) in differ where Self.ulpDistance(g, e) > 2 {
          failures.append("\(label): \(g) vs NumPy \(e) differ by more than 2 ulps")
        }
      }
    }
    return failures
  }

  /// Whether NumPy computes the op with libm `pow`/`log` on its output path (gamma with
  /// shape < 1, beta by Johnk's method, Dirichlet with an alpha < 1). FSL's versions are
  /// correctly rounded and glibc's are not always, so about 1 in 1000 of those draws differ
  /// in the last bit (docs/random.md); the fixtures allow 1 in 20 and at most 2 ulps.
  private func usesPow(_ op: Operation) throws -> Bool {
    switch op.op {
    case "standard_gamma": return try Self.double(op.shape) < 1
    case "beta": return try Self.double(op.a) <= 1 && Self.double(op.b) <= 1
    case "dirichlet": return try Self.doubles(op.alpha).contains { $0 < 1 }
    default: return false
    }
  }

  static func ulpDistance(_ a: Double, _ b: Double) -> UInt64 {
    let (x, y) = (Int64(bitPattern: a.bitPattern), Int64(bitPattern: b.bitPattern))
    return x.subtractingReportingOverflow(y).partialValue.magnitude
  }

  private func integerResult(
    _ op: Operation, _ rng: inout RandomStream, scalar: Bool
  ) throws -> [Int64] {
    switch op.op {
    case "integers":
      let low = try XCTUnwrap(op.low)
      let high = try XCTUnwrap(op.high)
      if scalar { return try (0..<op.n).map { _ in try rng.integers(lo: low, hi: high) } }
      return try rng.randint(lo: low, hi: high, shape: [op.n]).randomTestInts
    case "permutation":
      return try rng.permutation(n: op.n).randomTestInts
    case "choice":
      let p = try op.p.map { try Self.doubles($0) }
      return try rng.choice(
        n: XCTUnwrap(op.population), shape: [op.n], replace: XCTUnwrap(op.replace), p: p
      ).randomTestInts
    default:
      throw UnknownFixtureOperation(name: op.op)
    }
  }

  private func doubleResult(
    _ op: Operation, _ rng: inout RandomStream, scalar: Bool
  ) throws -> [Double] {
    let shape = [op.n]
    switch op.op {
    case "random":
      return scalar ? (0..<op.n).map { _ in rng.random() } : try rng.rand(shape: shape).doubles
    case "standard_normal":
      if scalar { return (0..<op.n).map { _ in rng.standardNormal() } }
      return try rng.randn(shape: shape).doubles
    case "standard_exponential":
      if scalar { return (0..<op.n).map { _ in rng.standardExponential() } }
      return try rng.exponential(shape: shape).doubles
    case "standard_gamma":
      let k = try Self.double(op.shape)
      return try (0..<op.n).map { _ in try rng.standardGamma(shape: k) }
    case "beta":
      let (a, b) = (try Self.double(op.a), try Self.double(op.b))
      return try (0..<op.n).map { _ in try rng.beta(a: a, b: b) }
    case "normal":
      let (mean, std) = (try Self.double(op.mean), try Self.double(op.std))
      if scalar { return try (0..<op.n).map { _ in try rng.normal(mean: mean, std: std) } }
      return try rng.normal(mean: mean, std: std, shape: shape).doubles
    case "uniform":
      let (lo, hi) = (try Self.double(op.lo), try Self.double(op.hi))
      if scalar { return try (0..<op.n).map { _ in try rng.uniform(lo: lo, hi: hi) } }
      return try rng.uniform(lo: lo, hi: hi, shape: shape).doubles
    case "dirichlet":
      let alpha = try Self.doubles(op.alpha)
      let draws = try rng.dirichlet(alpha: alpha, n: op.n)
      XCTAssertEqual(draws.shape, [op.n, alpha.count])
      return draws.doubles
    default:
      throw UnknownFixtureOperation(name: op.op)
    }
  }

  func testNumPyFixturesMatchBitForBit() throws {
    for seed in [0, 1, 42] {
      let fixture = try Self.fixture(SeedFixture.self, "seed\(seed).json")
      XCTAssertGreaterThan(fixture.ops.count, 30)
      for failure in try replay(fixture, scalar: false) { XCTFail(failure) }
    }
  }

  func testScalarMethodsMatchTensorMethods() throws {
    for seed in [0, 42] {
      let fixture = try Self.fixture(SeedFixture.self, "seed\(seed).json")
      for failure in try replay(fixture, scalar: true) { XCTFail(failure) }
    }
  }

  struct SeedingCase: Decodable {
    let seed: String?
    let entropy: [UInt32]?
    let pcgState: String
    let pcgIncrement: String
    let raw: [String]
    enum CodingKeys: String, CodingKey {
      case seed, entropy, raw
      case pcgState = "pcg_state"
      case pcgIncrement = "pcg_increment"
    }
  }

  struct SeedingFixture: Decodable { let cases: [SeedingCase] }

  /// SeedSequence -> PCG64 state and increment and the first raw outputs, for seeds 0, 1,
  /// 42, 2^32 + 5 (two seed words), 2^64 - 1 and a six-word entropy list.
  func testSeedingMatchesNumPy() throws {
    let fixture = try Self.fixture(SeedingFixture.self, "seeding.json")
    XCTAssertEqual(fixture.cases.count, 6)
    for c in fixture.cases {
      var rng: RandomStream
      if let seed = c.seed {
        rng = RandomStream(seed: try XCTUnwrap(UInt64(seed)))
      } else {
        rng = RandomStream(entropy: try XCTUnwrap(c.entropy))
      }
      let state = rng.pcgState
      let hex = { (pair: (UInt64, UInt64)) in Self.hex(pair.0) + Self.hex(pair.1) }
      XCTAssertEqual(hex(state.state), c.pcgState, "state for \(c.seed ?? "entropy")")
      XCTAssertEqual(hex(state.increment), c.pcgIncrement, "increment for \(c.seed ?? "entropy")")
      XCTAssertEqual((0..<8).map { _ in Self.hex(rng.nextUInt64()) }, c.raw)
    }
  }

  static func hex(_ value: UInt64) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }

  func testSeedWordsAreLittleEndian32BitWords() {
    XCTAssertEqual(RandomSeedSequence.words(of: 0), [0])
    XCTAssertEqual(RandomSeedSequence.words(of: 42), [42])
    XCTAssertEqual(RandomSeedSequence.words(of: (1 << 32) + 5), [5, 1])
    XCTAssertEqual(RandomStream(seed: 7), RandomStream(entropy: [7]))
  }

  func testCopiesForkTheStream() {
    var a = RandomStream(seed: 3)
    _ = a.nextUInt32()  // leaves a buffered half, which the copy must share
    var b = a
    XCTAssertEqual((0..<5).map { _ in a.nextUInt32() }, (0..<5).map { _ in b.nextUInt32() })
    XCTAssertEqual(a, b)
    _ = a.random()
    XCTAssertNotEqual(a, b)
  }

  func testShapesAndEmptyTensors() throws {
    var rng = RandomStream(seed: 0)
    XCTAssertEqual(try rng.rand(shape: [2, 3]).shape, [2, 3])
    XCTAssertEqual(try rng.randn(shape: []).count, 1)
    let before = rng
    XCTAssertEqual(try rng.randn(shape: [0, 4]).count, 0)
    XCTAssertEqual(try rng.randint(lo: 0, hi: 5, shape: [3, 0]).dtype, .i64)
    XCTAssertEqual(try rng.dirichlet(alpha: [1, 2], n: 0).shape, [0, 2])
    XCTAssertEqual(try rng.permutation(n: 0).shape, [0])
    XCTAssertEqual(rng, before, "empty draws consume nothing")
  }

  /// NumPy shuffles a matrix's rows with the same swaps as a vector of its length.
  func testShuffleMovesRowsLikePermutation() throws {
    var a = RandomStream(seed: 11)
    var b = a
    let order = try a.permutation(n: 5).randomTestInts
    var matrix = Tensor(shape: [5, 2], f64: (0..<10).map(Double.init))
    try b.shuffle(&matrix)
    XCTAssertEqual(matrix.doubles, order.flatMap { [Double(2 * $0), Double(2 * $0 + 1)] })
    XCTAssertEqual(a, b)
    var c = RandomStream(seed: 11)
    let flags = Tensor(shape: [5], bool: [true, false, false, true, false])
    XCTAssertEqual(try c.shuffled(flags).doubles, order.map { [1, 0, 0, 1, 0][Int($0)] })
  }

  func testChoiceFromValuesGathersRows() throws {
    var a = RandomStream(seed: 5)
    var b = a
    let values = Tensor(shape: [4, 3], i64: (0..<12).map { Int64($0) * 10 })
    let picked = try a.choice(from: values, shape: [2, 2], replace: true)
    let indices = try b.choice(n: 4, shape: [2, 2], replace: true).randomTestInts
    XCTAssertEqual(picked.shape, [2, 2, 3])
    XCTAssertEqual(picked.dtype, .i64)
    XCTAssertEqual(
      picked.randomTestInts, indices.flatMap { i in (0..<3).map { (i * 3 + $0) * 10 } })
  }
}

extension Tensor {
  /// The elements of an i64 tensor (for the Random tests).
  var randomTestInts: [Int64] { withElements(as: Int64.self) { Array($0) } }
}

/// An op name the replayer does not know (the fixture is newer than the test).
struct UnknownFixtureOperation: Error { let name: String }
