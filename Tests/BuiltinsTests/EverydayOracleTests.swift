// Oracle tests for the everyday NumPy functions (issue 13) against NumPy 2.
//
// Tests/fixtures/everyday.json comes from scripts/oracles/everyday_fixtures.py (seeded random
// inputs written as FSL literals, edge cases, and the errors FSL must raise). The cases have
// the format of tensor_ops.json and run through the same harness (TensorOracleTests.swift):
// floats compare with rtol 1e-12 (1e-6 for f32), i64 and bool exactly.

import Foundation
import XCTest

final class EverydayOracleTests: XCTestCase {
  static let file: OracleFile? = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("fixtures/everyday.json")
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    guard let data = try? Data(contentsOf: url) else { return nil }
    return try? decoder.decode(OracleFile.self, from: data)
  }()

  func testFixtureLoads() throws {
    let file = try XCTUnwrap(Self.file, "cannot decode Tests/fixtures/everyday.json")
    XCTAssertGreaterThanOrEqual(file.cases.count, 500)
    XCTAssertTrue(file.knownMismatches.isEmpty)
  }

  func testCasesMatchNumPy() throws {
    let file = try XCTUnwrap(Self.file, "cannot decode Tests/fixtures/everyday.json")
    var failed = 0
    for c in file.cases {
      let got = TensorOracle.run(c, prelude: file.prelude)
      if let why = TensorOracle.mismatch(c, got) {
        failed += 1
        XCTFail("MISMATCH `\(c.source)`: \(why)")
      }
    }
    print("EverydayOracle: \(file.cases.count - failed) passed, \(failed) failed")
  }
}
