// Tests for Figure → Layout → Scene → CairoRenderer: rendering, determinism, input errors.

import Foundation
import XCTest

@testable import Plot

/// Builds one small figure of each kind (also used to render the gallery).
enum Gallery {
  static func figures() throws -> [(String, Figure)] {
    let xs = (0..<50).map { Double($0) / 5 }
    var out: [(String, Figure)] = []
    let line = try Figure(width: nil, height: nil, preset: "icml")
    try line.line(x: xs, y: xs.map { sin($0) }, label: "sin", style: "-", marker: nil, color: nil)
    try line.line(
      x: xs, y: xs.map { cos($0) }, label: "cos", style: "--", marker: "o", color: nil)
    line.xlabel("communication round")
    line.ylabel("accuracy α")
    line.title("Line")
    try line.legend(nil)
    line.grid(true)
    out.append(("line", line))
    let scatter = try Figure(width: 3.25, height: 2.5, preset: nil)
    var seed: UInt64 = 42
    func rnd() -> Double {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Double(seed >> 11) / Double(1 << 53)
    }
    let sx = (0..<2000).map { _ in rnd() * 2 - 1 }
    let sy = sx.map { $0 * 0.5 + rnd() * 0.6 }
    try scatter.scatter(
      x: sx, y: sy, size: 3, alpha: 0.5, color: nil, values: sy, cmap: "viridis", label: nil)
    scatter.xlabel("x")
    scatter.ylabel("y")
    out.append(("scatter", scatter))
    let bar = try Figure(width: 3.25, height: nil, preset: nil)
    let methods = ["FedAvg", "FedProx", "SCAFFOLD", "one-shot"]
    try bar.bar(
      labels: methods, heights: [0.8, 0.82, 0.85, 0.7], err: [0.02, 0.01, 0.03, 0.05],
      color: nil, label: "IID")
    try bar.bar(
      labels: methods, heights: [0.6, 0.65, 0.7, 0.5], err: nil, color: nil,
      label: "non-IID")
    try bar.legend("upper right")
    bar.ylabel("accuracy")
    out.append(("bar", bar))
    let hist = try Figure(width: 3.25, height: nil, preset: nil)
    try hist.hist(
      (0..<3000).map { _ in rnd() + rnd() + rnd() }, bins: 30, color: nil,
      label: nil, alpha: nil)
    hist.xlabel("value")
    out.append(("hist", hist))
    let err = try Figure(width: 3.25, height: nil, preset: nil)
    let ex = [1.0, 10, 100, 1000, 10000, 100_000]
    try err.band(
      x: ex, lo: ex.map { 0.5 / $0 }, hi: ex.map { 2 / $0 }, alpha: nil, color: nil,
      label: "band")
    try err.errorbar(
      x: ex, y: ex.map { 1 / $0 }, err: ex.map { 0.3 / $0 }, label: "mean",
      color: "C0")
    try err.xscale("log")
    try err.yscale("log")
    err.text(x: 10, y: 1, "note")
    try err.legend(nil)
    out.append(("errorbar", err))
    let heat = try Figure(width: 3.25, height: 3, preset: nil)
    try heat.heatmap(
      (0..<6).map { r in (0..<6).map { c in Double(r * c) - 8 } },
      cmap: "coolwarm", colorbar: true, labels: true)
    heat.title("Heatmap")
    out.append(("heatmap", heat))
    return out
  }

  /// A 1×3 grid of different kinds: lines with a band, bars with rotated labels, a heatmap
  /// with colorbar and cell labels.
  static func grid() throws -> FigureGrid {
    let g = try FigureGrid(
      rows: 1, cols: 3, width: nil, height: nil, preset: "icml2", sharex: false, sharey: false)
    let r = (1...20).map(Double.init)
    let acc = r.map { 0.9 - 0.4 * exp(-$0 / 4) }
    try g.panels[0].band(
      x: r, lo: acc.map { $0 - 0.03 }, hi: acc.map { $0 + 0.03 }, alpha: nil, color: "C0",
      label: nil)
    try g.panels[0].line(x: r, y: acc, label: "multi-round", style: nil, marker: nil, color: "C0")
    try g.panels[0].legend("lower right")
    g.panels[0].xlabel("round")
    g.panels[0].ylabel("accuracy")
    g.panels[0].title("(a) Convergence")
    try g.panels[1].bar(
      labels: ["FedAvg", "FedProx", "FLoRA", "HetLoRA"], heights: [0.81, 0.83, 0.86, 0.79],
      err: [0.02, 0.01, 0.015, 0.025], color: nil, label: nil)
    g.panels[1].title("(b) Methods")
    try g.panels[2].heatmap(
      (0..<5).map { i in (0..<5).map { j in sin(Double(i * 5 + j) / 4) } }, cmap: "coolwarm",
      colorbar: true, labels: true)
    g.panels[2].title("(c) Similarity")
    return g
  }
}

final class FigureTests: XCTestCase {
  private var dir = ""

  override func setUpWithError() throws {
    dir = NSTemporaryDirectory() + "fsl-fig-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(atPath: dir)
  }

  func testEveryKindRendersPNGWithMetadataAndPixels() throws {
    for (name, figure) in try Gallery.figures() {
      let path = "\(dir)/\(name).png"
      try figure.save(path: path, dpi: 300, software: "fsl test", source: "g.fsl sha")
      let info = try PNGReader.info(path: path)
      XCTAssertEqual(info.width, Int((figure.width * 300).rounded()), name)
      XCTAssertEqual(info.dpi ?? 0, 300, accuracy: 0.5, name)
      XCTAssertEqual(try PNGReader.text(path: path, key: "Software"), "fsl test")
      XCTAssertEqual(try PNGReader.text(path: path, key: "Source"), "g.fsl sha")
      let (pixels, _, _) = try PNGReader.rgba(path: path)
      var nonWhite = 0
      for i in stride(from: 0, to: pixels.count, by: 4) where pixels[i] < 200 { nonWhite += 1 }
      XCTAssertGreaterThan(nonWhite, 2000, "\(name) has content")
      if let out = ProcessInfo.processInfo.environment["FSL_GALLERY"] {
        try figure.save(path: "\(out)/\(name).png", dpi: 200, software: "fsl", source: nil)
      }
    }
  }

  func testRerenderIsByteIdentical() throws {
    for (name, figure) in try Gallery.figures().prefix(3) {
      for ext in ["png", "pdf", "svg"] {
        let a = "\(dir)/\(name)-a.\(ext)"
        let b = "\(dir)/\(name)-b.\(ext)"
        try figure.save(path: a, dpi: 150, software: "fsl", source: nil)
        Thread.sleep(forTimeInterval: ext == "pdf" ? 1.1 : 0)
        try figure.save(path: b, dpi: 150, software: "fsl", source: nil)
        XCTAssertEqual(
          try Data(contentsOf: URL(fileURLWithPath: a)),
          try Data(contentsOf: URL(fileURLWithPath: b)), "\(name).\(ext)")
      }
    }
  }

  func testPDFKeepsTextAsTrueType() throws {
    let (_, figure) = try XCTUnwrap(try Gallery.figures().first)
    let path = "\(dir)/f.pdf"
    try figure.save(path: path, dpi: 72, software: "fsl", source: nil)
    let pdf = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
    XCTAssertTrue(pdf.contains("/FontFile2"))
    XCTAssertFalse(pdf.contains("/Type3"))
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["f.pdf"])
  }

  func testBadInputThrowsNamedErrors() throws {
    let f = try Figure(width: nil, height: nil, preset: nil)
    func message(_ body: () throws -> Void) -> String {
      do { try body() } catch { return "\(error)" }
      return "no error"
    }
    XCTAssertEqual(
      message { try f.line(x: [1, 2], y: [1], label: nil, style: nil, marker: nil, color: nil) },
      "line: 'x' has 2 values but 'y' has 1")
    XCTAssertEqual(
      message { try f.line(x: [], y: [], label: nil, style: nil, marker: nil, color: nil) },
      "line: 'x' is empty")
    XCTAssertTrue(
      message { try f.line(x: [1], y: [1], label: nil, style: "~", marker: nil, color: nil) }
        .hasPrefix("line: unknown 'style'"))
    XCTAssertTrue(
      message { try f.heatmap([[1]], cmap: "jet", colorbar: false, labels: false) }
        .hasPrefix("heatmap: unknown colormap \"jet\""))
    XCTAssertTrue(
      message { _ = try Figure(width: nil, height: nil, preset: "cvpr") }
        .hasPrefix("figure: unknown preset \"cvpr\""))
    try f.line(x: [-1, 2], y: [1, 2], label: nil, style: nil, marker: nil, color: nil)
    XCTAssertTrue(message { try f.xscale("log") }.hasPrefix("xscale: cannot use a log scale"))
    XCTAssertTrue(
      message { try f.save(path: "\(dir)/x.jpg", dpi: 72, software: "", source: nil) }
        .hasPrefix("save: cannot tell the format"))
  }

  func testNaNPointsAreSkippedAndBreakLines() throws {
    let f = try Figure(width: nil, height: nil, preset: nil)
    try f.line(
      x: [0, 1, 2, 3, 4], y: [0, 1, .nan, 3, 4], label: nil, style: nil, marker: nil,
      color: nil)
    let dump = try f.sceneDump()
    XCTAssertEqual(dump.components(separatedBy: "polyline stroke=#0072b2").count - 1, 2, dump)
  }
}
