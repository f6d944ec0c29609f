// Tests for Sources/Plot/CairoCanvas.swift: PDF/SVG files, atomic finish, real fonts.

import Foundation
import XCTest

@testable import Plot

final class CairoCanvasTests: XCTestCase {
  private var dir = ""

  override func setUpWithError() throws {
    dir = NSTemporaryDirectory() + "fsl-canvas-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(atPath: dir)
  }

  private func contents(_ path: String) throws -> String {
    String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
  }

  func testPDFHasHeaderAndEmbedsDejaVuAsTrueType() throws {
    let path = "\(dir)/probe.pdf"
    let canvas = try CairoCanvas.pdf(path: path, width: 234, height: 173)
    CairoProbe.draw(on: canvas)
    XCTAssertFalse(FileManager.default.fileExists(atPath: path), "appears only on finish")
    try canvas.finish()
    let pdf = try contents(path)
    XCTAssertTrue(pdf.hasPrefix("%PDF-"), "header: \(pdf.prefix(8))")
    XCTAssertTrue(pdf.contains("%%EOF"))
    XCTAssertTrue(pdf.contains("DejaVuSans"), "font is DejaVu Sans")
    XCTAssertTrue(pdf.contains("/FontFile2"), "TrueType font program embedded")
    XCTAssertFalse(pdf.contains("/Type3"), "no Type 3 fonts")
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["probe.pdf"])
  }

  func testSVGHasSVGRoot() throws {
    let path = "\(dir)/probe.svg"
    let canvas = try CairoCanvas.svg(path: path, width: 234, height: 173)
    CairoProbe.draw(on: canvas)
    try canvas.finish()
    let svg = try contents(path)
    XCTAssertTrue(svg.hasPrefix("<?xml"))
    XCTAssertTrue(svg.contains("<svg"))
    XCTAssertTrue(svg.contains("width=\"234"))
  }

  func testAbandonedVectorCanvasLeavesNoFile() throws {
    do {
      let canvas = try CairoCanvas.pdf(path: "\(dir)/never.pdf", width: 100, height: 100)
      CairoProbe.draw(on: canvas)
    }
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), [])
  }

  func testPDFIntoMissingDirectoryThrows() {
    let path = "\(dir)/missing/x.pdf"
    XCTAssertThrowsError(try CairoCanvas.pdf(path: path, width: 100, height: 100)) { error in
      guard case .write(let failed, _)? = error as? PlotError else {
        return XCTFail("unexpected \(error)")
      }
      XCTAssertEqual(failed, path)
    }
  }

  func testVectorFileOnAFullDiskNamesThePathAndReason() throws {
    try XCTSkipUnless(FileManager.default.fileExists(atPath: "/dev/full"), "no /dev/full")
    for ext in ["pdf", "svg"] {
      let path = "\(dir)/full.\(ext)"
      XCTAssertEqual(symlink("/dev/full", path), 0)
      let canvas =
        ext == "pdf"
        ? try CairoCanvas.pdf(path: path, width: 100, height: 100)
        : try CairoCanvas.svg(path: path, width: 100, height: 100)
      CairoProbe.draw(on: canvas)
      XCTAssertThrowsError(try canvas.finish()) { error in
        XCTAssertEqual(error as? PlotError, .write(path: path, reason: "No space left on device"))
      }
    }
  }

  func testFinishedVectorFileReplacesTheOldOneAndLeavesNoTemporary() throws {
    let path = "\(dir)/fig.svg"
    try Data("old".utf8).write(to: URL(fileURLWithPath: path))
    let canvas = try CairoCanvas.svg(path: path, width: 50, height: 50)
    CairoProbe.draw(on: canvas)
    XCTAssertEqual(try contents(path), "old", "nothing is published before finish()")
    try canvas.finish()
    XCTAssertTrue(try contents(path).hasPrefix("<?xml"))
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["fig.svg"])
  }

  func testInvalidSizesAreRejected() {
    XCTAssertThrowsError(try CairoCanvas.image(width: 0, height: 10))
    XCTAssertThrowsError(try CairoCanvas.pdf(path: "\(dir)/x.pdf", width: -1, height: 10))
  }

  func testImageCanvasCannotWriteVectorAndViceVersa() throws {
    let canvas = try CairoCanvas.pdf(path: "\(dir)/v.pdf", width: 10, height: 10)
    XCTAssertThrowsError(
      try canvas.writePNG(to: "\(dir)/v.png", metadata: PNGMetadata(software: "t")))
  }
}
