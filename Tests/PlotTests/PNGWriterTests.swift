// Tests for Sources/Plot/PNGWriter.swift (+ PNGReader): chunks on disk, pixels, determinism.

import CCairo
import Foundation
import TestSupport
import XCTest

@testable import Plot

final class PNGWriterTests: XCTestCase {
  private var dir = ""

  override func setUpWithError() throws {
    dir = NSTemporaryDirectory() + "fsl-plot-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(atPath: dir)
  }

  private let metadata = PNGMetadata(
    dpi: 300, software: "fsl test", source: "probe.fsl sha256:0123abcd")

  /// Renders the probe figure to `name` in the test directory and returns the path.
  private func renderProbe(_ name: String, width: Int = 600, height: Int = 400) throws -> String {
    let canvas = try CairoCanvas.image(width: width, height: height)
    CairoProbe.draw(on: canvas)
    let path = "\(dir)/\(name)"
    try canvas.writePNG(to: path, metadata: metadata)
    return path
  }

  func testProbePNGHasSignatureIHDRTextAndPHYs() throws {
    let chunks = try readChunks(try renderProbe("probe.png"))
    XCTAssertEqual(chunks.first?.type, "IHDR")
    XCTAssertEqual(chunks.last?.type, "IEND")
    let ihdr = try XCTUnwrap(chunks.first)
    XCTAssertEqual(ihdr.uint32(at: 0), 600)
    XCTAssertEqual(ihdr.uint32(at: 4), 400)
    XCTAssertEqual(ihdr.data[8], 8, "bit depth")
    XCTAssertEqual(ihdr.data[9], 6, "colour type RGBA")

    let phys = try XCTUnwrap(chunks.first { $0.type == "pHYs" })
    XCTAssertEqual(phys.uint32(at: 0), 11811, "300 dpi = 11811 px/m")
    XCTAssertEqual(phys.uint32(at: 4), 11811)
    XCTAssertEqual(phys.data[8], 1, "unit is the metre")

    let text = chunks.filter { $0.type == "tEXt" }.compactMap(\.keyValue)
    XCTAssertEqual(text.map(\.key), ["Software", "Source"])
    XCTAssertEqual(text.map(\.value), ["fsl test", "probe.fsl sha256:0123abcd"])
    XCTAssertFalse(chunks.contains { $0.type == "tIME" }, "timestamps break determinism")
  }

  func testReaderAgreesWithFile() throws {
    let path = try renderProbe("probe.png", width: 200, height: 100)
    let info = try PNGReader.info(path: path)
    XCTAssertEqual(info.width, 200)
    XCTAssertEqual(info.height, 100)
    XCTAssertEqual(info.colorType, 6)
    XCTAssertEqual(info.textCount, 2)
    assertClose(try XCTUnwrap(info.dpi), 300, rtol: 1e-3)
    XCTAssertEqual(try PNGReader.text(path: path, key: "Software"), "fsl test")
    XCTAssertNil(try PNGReader.text(path: path, key: "Author"))
  }

  func testRenderingTwiceIsByteIdentical() throws {
    let first = try Data(contentsOf: URL(fileURLWithPath: try renderProbe("a.png")))
    let second = try Data(contentsOf: URL(fileURLWithPath: try renderProbe("b.png")))
    XCTAssertGreaterThan(first.count, 1000)
    XCTAssertEqual(first, second)
  }

  func testProbeDrawsCurveAndText() throws {
    let (pixels, width, height) = try PNGReader.rgba(path: try renderProbe("probe.png"))
    func pixel(_ x: Int, _ y: Int) -> [UInt8] {
      let start = (y * width + x) * 4
      return Array(pixels[start..<start + 4])
    }
    var blue = 0
    var dark = 0
    for y in 0..<height {
      for x in 0..<width {
        let p = pixel(x, y)
        XCTAssertEqual(p[3], 255, "opaque background")
        if p[2] > 150 && p[0] < 80 { blue += 1 }
        if y > height * 85 / 100 && p[0] < 100 && p[1] < 100 && p[2] < 100 { dark += 1 }
      }
    }
    XCTAssertGreaterThan(blue, 500, "the curve is drawn")
    XCTAssertGreaterThan(dark, 200, "the label is drawn")
    XCTAssertEqual(pixel(1, 1), [255, 255, 255, 255])
  }

  func testPremultipliedBGRAIsWrittenAsStraightRGBA() throws {
    let canvas = try CairoCanvas.image(width: 3, height: 1)
    let cr = canvas.context
    cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE)
    cairo_set_source_rgba(cr, 1, 0.5, 0, 0.5)
    cairo_rectangle(cr, 0, 0, 1, 1)
    cairo_fill(cr)
    cairo_set_source_rgba(cr, 0, 0, 1, 1)
    cairo_rectangle(cr, 1, 0, 1, 1)
    cairo_fill(cr)
    let path = "\(dir)/px.png"
    try canvas.writePNG(to: path, metadata: PNGMetadata(dpi: nil, software: "t"))
    let (pixels, _, _) = try PNGReader.rgba(path: path)
    // 50 % alpha orange: premultiplied (128, 64, 0, 128) in memory, straight ≈ (255, 128, 0).
    XCTAssertEqual(pixels[3], 128)
    XCTAssertEqual(pixels[0], 255)
    XCTAssertTrue((126...129).contains(pixels[1]), "green \(pixels[1])")
    XCTAssertEqual(pixels[2], 0)
    XCTAssertEqual(Array(pixels[4..<8]), [0, 0, 255, 255])
    XCTAssertEqual(Array(pixels[8..<12]), [0, 0, 0, 0], "untouched pixels stay transparent")
    XCTAssertNil(try PNGReader.info(path: path).pixelsPerMetre, "dpi nil omits pHYs")
  }

  func testUnpremultiplyEdgeCases() {
    XCTAssertEqual(PNGWriter.unpremultiply(0, 0), 0)
    XCTAssertEqual(PNGWriter.unpremultiply(200, 255), 200)
    XCTAssertEqual(PNGWriter.unpremultiply(1, 1), 255)
    XCTAssertEqual(PNGWriter.unpremultiply(64, 128), 128)
    XCTAssertEqual(PNGWriter.unpremultiply(255, 3), 255, "clamped when c > a (invalid input)")
  }

  func testNonASCIIValueIsStoredAsUTF8ITXt() throws {
    let canvas = try CairoCanvas.image(width: 4, height: 4)
    let path = "\(dir)/itxt.png"
    let meta = PNGMetadata(software: "fsl", source: "résumé/α.fsl sha256:ff")
    try canvas.writePNG(to: path, metadata: meta)
    let chunks = try readChunks(path)
    XCTAssertEqual(chunks.filter { $0.type == "tEXt" }.count, 1)
    XCTAssertEqual(chunks.filter { $0.type == "iTXt" }.count, 1)
    XCTAssertEqual(try PNGReader.text(path: path, key: "Source"), "résumé/α.fsl sha256:ff")
  }

  func testWriteIsAtomicAndReplacesExistingFile() throws {
    let path = "\(dir)/fig.png"
    try Data("old".utf8).write(to: URL(fileURLWithPath: path))
    let canvas = try CairoCanvas.image(width: 8, height: 8)
    try canvas.writePNG(to: path, metadata: metadata)
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["fig.png"])
    XCTAssertEqual(try PNGReader.info(path: path).width, 8)
  }

  func testWriteIntoMissingDirectoryThrowsWithReason() throws {
    let canvas = try CairoCanvas.image(width: 8, height: 8)
    let path = "\(dir)/missing/fig.png"
    XCTAssertThrowsError(try canvas.writePNG(to: path, metadata: metadata)) { error in
      XCTAssertEqual(
        error as? PlotError, .write(path: path, reason: "No such file or directory"))
      XCTAssertEqual("\(error)", "cannot write '\(path)': No such file or directory")
    }
  }

  func testFullDiskSaysNoSpaceLeftAndKeepsTheOldFile() throws {
    try XCTSkipUnless(FileManager.default.fileExists(atPath: "/dev/full"), "no /dev/full")
    let canvas = try CairoCanvas.image(width: 64, height: 64)
    CairoProbe.draw(on: canvas)
    // A link to /dev/full is written through (a device is not replaced): every write fails.
    let path = "\(dir)/full.png"
    XCTAssertEqual(symlink("/dev/full", path), 0)
    XCTAssertThrowsError(try canvas.writePNG(to: path, metadata: metadata)) { error in
      XCTAssertEqual("\(error)", "cannot write '\(path)': No space left on device")
      XCTAssertEqual((error as? PlotError)?.isFileError, true)
    }
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["full.png"])
  }

  func testReadingANonPNGFails() throws {
    let path = "\(dir)/not.png"
    try Data("hello, not a png".utf8).write(to: URL(fileURLWithPath: path))
    XCTAssertThrowsError(try PNGReader.info(path: path)) { error in
      XCTAssertEqual(error as? PlotError, .read(path: path, reason: "not a PNG file"))
    }
  }

  func testKeywordValidation() {
    XCTAssertTrue(PNGWriter.isKeyword("Software"))
    XCTAssertFalse(PNGWriter.isKeyword(""))
    XCTAssertFalse(PNGWriter.isKeyword(" lead"))
    XCTAssertFalse(PNGWriter.isKeyword("a  b"))
    XCTAssertFalse(PNGWriter.isKeyword(String(repeating: "k", count: 80)))
  }
}
