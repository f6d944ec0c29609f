// Tests for Sources/Tensor/Random/RandomMath.swift against the libm values in fixtures/random/math.json.

import XCTest

@testable import Tensor

extension RandomTests {
  struct MathFixture: Decodable {
    let platform: String
    let log1p: [[String]]
    let exp: [[String]]
    let log: [[String]]
    let pow: [[String]]
  }

  /// Counts inputs where `f` differs from the recorded libm value; fails above `allowed`
  /// or for any difference over one ulp.
  private func compare(
    _ name: String, _ rows: [[String]], allowed: Int, _ f: ([Double]) -> Double
  ) throws {
    var differ = 0
    for row in rows {
      let values = try row.map { try Self.double($0) }
      let (inputs, expected) = (Array(values.dropLast()), values[values.count - 1])
      let got = f(inputs)
      guard got.bitPattern != expected.bitPattern else { continue }
      differ += 1
      XCTAssertLessThanOrEqual(
        Self.ulpDistance(got, expected), 1, "\(name)\(inputs): \(got) vs libm \(expected)")
    }
    XCTAssertLessThanOrEqual(differ, allowed, "\(name): \(differ) of \(rows.count) differ")
  }

  /// log1p is glibc's FMA build exactly (the fixture machine's libm); exp, log and pow are
  /// correctly rounded where glibc is within 0.52 ulp, so they may differ on a few inputs.
  func testMathAgainstLibm() throws {
    let fixture = try Self.fixture(MathFixture.self, "math.json")
    XCTAssertEqual(fixture.log1p.count, 1150)
    try compare("log1p", fixture.log1p, allowed: 0) { RandomMath.log1p($0[0]) }
    try compare("exp", fixture.exp, allowed: 3) { RandomMath.exp($0[0]) }
    try compare("log", fixture.log, allowed: 3) { RandomMath.log($0[0]) }
    try compare("pow", fixture.pow, allowed: 3) { RandomMath.pow($0[0], $0[1]) }
  }

  func testMathSpecialValues() {
    XCTAssertEqual(RandomMath.log1p(-1), -.infinity)
    XCTAssertTrue(RandomMath.log1p(-2).isNaN)
    XCTAssertEqual(RandomMath.log1p(0), 0)
    XCTAssertEqual(RandomMath.log1p(1e-300), 1e-300)
    XCTAssertEqual(RandomMath.log1p(.infinity), .infinity)
    XCTAssertEqual(RandomMath.exp(0), 1)
    XCTAssertEqual(RandomMath.exp(1), 2.718281828459045)
    XCTAssertEqual(RandomMath.exp(-1000), 0)
    XCTAssertEqual(RandomMath.exp(1000), .infinity)
    XCTAssertEqual(RandomMath.exp(-745), 5e-324)
    XCTAssertEqual(RandomMath.log(1), 0)
    XCTAssertEqual(RandomMath.log(0), -.infinity)
    XCTAssertTrue(RandomMath.log(-1).isNaN)
    XCTAssertEqual(RandomMath.log(2), 0.6931471805599453)
    XCTAssertEqual(RandomMath.log(5e-324), -744.4400719213812)
    XCTAssertEqual(RandomMath.log(.greatestFiniteMagnitude), 709.782712893384)
    XCTAssertEqual(RandomMath.pow(0, 3), 0)
    XCTAssertEqual(RandomMath.pow(0.5, 0), 1)
    XCTAssertEqual(RandomMath.pow(1, 1e300), 1)
    XCTAssertEqual(RandomMath.pow(0.5, 2), 0.25)
    XCTAssertEqual(RandomMath.pow(0.25, 0.5), 0.5)
    XCTAssertEqual(RandomMath.pow(0.5, 1e10), 0)
    XCTAssertEqual(RandomMath.pow(0.5, .infinity), 0)
    XCTAssertEqual(RandomMath.pow(3, 4), 81)
  }
}
