// Every differentiable op against central finite differences (Tests/fixtures/nn/gradcheck.fsl).
import Foundation
import TestSupport
import XCTest

final class GradCheckTests: XCTestCase {
  func testEveryOpMatchesFiniteDifferences() throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("fixtures/nn/gradcheck.fsl")
    let source = try String(contentsOf: url, encoding: .utf8)
    let r = runFSL(source, path: url.path)
    XCTAssertNil(r.error, r.rendered ?? "")
    let lines = r.output.split(separator: "\n")
    XCTAssertGreaterThan(lines.count, 80, "every case printed")
    for line in lines {
      let parts = line.split(separator: " ")
      guard parts.count == 2, let err = Double(parts[1]) else {
        XCTFail("unexpected line \(line)")
        continue
      }
      XCTAssertLessThan(err, 1e-6, "gradient of \(parts[0])")
    }
  }
}
