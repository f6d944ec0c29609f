// Saved PNGs carry the dpi, `Software` and `Source` = script path + SHA-256 of its text
// (docs/design.md §"Plot pipeline").
import Crypto
import Foundation
import Plot
import TestSupport
import XCTest

final class PlotSaveTests: XCTestCase {
  func testPNGMetadataNamesTheScript() throws {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("fsl-meta.png").path
    let src = """
      f = plot.figure(preset="icml")
      f.scatter(randn(50), randn(50))
      f.save("\(out)", dpi=200)
      """
    let r = runFSL(src, path: "/tmp/analysis.fsl")
    XCTAssertNil(r.error, r.rendered ?? "")
    let info = try PNGReader.info(path: out)
    XCTAssertEqual(info.width, 650)  // 3.25 in × 200 dpi
    XCTAssertEqual(info.pixelsPerMetre?.x, 7874)  // 200 dpi
    XCTAssertEqual(try PNGReader.text(path: out, key: "Software"), "fsl 0.1.0")
    let sha = SHA256.hash(data: Array(src.utf8)).map { String(format: "%02x", $0) }.joined()
    XCTAssertEqual(try PNGReader.text(path: out, key: "Source"), "/tmp/analysis.fsl sha256:\(sha)")
  }

  func testSameScriptGivesIdenticalFiles() throws {
    let dir = FileManager.default.temporaryDirectory
    var contents: [Data] = []
    let out = dir.appendingPathComponent("fsl-same.png").path
    for _ in 0..<2 {
      let r = runFSL(
        "f = plot.figure()\nf.hist(randn(500), bins=20)\nf.save(\"\(out)\")", path: "/tmp/same.fsl")
      XCTAssertNil(r.error, r.rendered ?? "")
      contents.append(try Data(contentsOf: URL(fileURLWithPath: out)))
    }
    XCTAssertEqual(contents[0], contents[1])
  }
}
