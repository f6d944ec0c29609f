// Labels never clipped (checked on rendered pixels: a 1-px frame around the image stays white),
// long labels shrunk then wrapped, three y ticks kept under rotated categories, `×10ⁿ`
// multipliers for large and tiny tick values, and italic math variables.

import Foundation
import XCTest

@testable import Plot

final class LabelFitTests: XCTestCase {
  static let long = "rate (decile score ≥ 5) among all the defendants of the test set, by race"

  /// The non-white pixels on the 1-px frame around `png` (each as "x,y").
  static func borderInk(_ scene: Scene, dpi: Double = 150) throws -> [String] {
    let bytes = try scene.pngBytes(dpi: dpi, software: "fsl", source: nil)
    let path = NSTemporaryDirectory() + "fsl-border-\(UUID().uuidString).png"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let (pixels, w, h) = try PNGReader.rgba(path: path)
    var ink: [String] = []
    for y in 0..<h {
      for x in 0..<w where x == 0 || y == 0 || x == w - 1 || y == h - 1 {
        let i = (y * w + x) * 4
        if pixels[i] != 255 || pixels[i + 1] != 255 || pixels[i + 2] != 255 {
          ink.append("\(x),\(y)")
        }
      }
    }
    return ink
  }

  static func lineFigure(width: Double? = nil, height: Double? = nil, preset: String? = nil)
    throws -> Figure
  {
    let f = try Figure(width: width, height: height, preset: preset)
    try f.line(x: [0, 1, 2], y: [0.2, 0.5, 0.4], label: nil, style: nil, marker: nil, color: nil)
    return f
  }

  func testLongLabelsStayOnTheImage() throws {
    for (what, set) in [
      ("y label", { (f: Figure) in f.ylabel(Self.long) }),
      ("x label", { (f: Figure) in f.xlabel(Self.long + " " + Self.long) }),
      ("title", { (f: Figure) in f.title(Self.long) }),
      (
        "all",
        { (f: Figure) in
          f.ylabel("rate (decile score ≥ 5)")
          f.xlabel(Self.long)
          f.title(Self.long)
        }
      ),
    ] {
      let f = try Self.lineFigure(width: 2)
      set(f)
      let scene = try f.scene()
      XCTAssertEqual(try Self.borderInk(scene), [], what)
      XCTAssertEqual(scene.warnings, [], what)
      try LabelClippingTests.assertInside(scene, what)
    }
  }

  func testLongLabelsStayOnTheImageInGrids() throws {
    for (sharex, sharey) in [(false, false), (true, true)] {
      let g = try FigureGrid(
        rows: 2, cols: 2, width: nil, height: nil, preset: "icml", sharex: sharex,
        sharey: sharey)
      for p in g.panels {
        try p.line(
          x: [0, 1, 2], y: [0.2, 0.5, 0.4], label: nil, style: nil, marker: nil, color: nil)
        p.ylabel("rate (decile score ≥ 5)")
        p.xlabel("decile score of the defendant")
        p.title(Self.long)
      }
      let scene = try g.scene()
      XCTAssertEqual(try Self.borderInk(scene), [], "sharex=\(sharex)")
      XCTAssertEqual(scene.warnings, [])
      try LabelClippingTests.assertInside(scene, "grid")
    }
  }

  func testShrinkThenWrapThenWarn() throws {
    let m = try TextMetrics()
    let text = "rate (decile score ≥ 5)"
    let full = m.width(text, size: 9)
    XCTAssertEqual(FittedLabel.fit(text, size: 9, room: full + 1, what: "y label", m).size, 9)
    let shrunk = FittedLabel.fit(text, size: 9, room: full * 0.8, what: "y label", m)
    XCTAssertEqual(shrunk.lines, [text])
    XCTAssertLessThan(shrunk.size, 9 * 0.8 + 0.01)
    XCTAssertGreaterThan(shrunk.size, 9 * 0.8 - 0.1)
    XCTAssertLessThanOrEqual(m.width(text, size: shrunk.size), full * 0.8)
    let wrapped = FittedLabel.fit(text, size: 9, room: full * 0.5, what: "y label", m)
    XCTAssertEqual(wrapped.lines.count, 2)
    XCTAssertNil(wrapped.warning)
    XCTAssertGreaterThanOrEqual(wrapped.size, 9 * 0.7)
    for line in wrapped.lines {
      XCTAssertLessThanOrEqual(m.width(line, size: wrapped.size), full * 0.5)
    }
    let word = FittedLabel.fit("supercalifragilistic", size: 9, room: 40, what: "title", m)
    XCTAssertLessThan(word.size, 9 * 0.7)
    XCTAssertLessThanOrEqual(m.width("supercalifragilistic", size: word.size), 40)
    XCTAssertEqual(
      word.warning,
      "title \"supercalifragilistic\" is set at \(FittedLabel.format(word.size)) pt "
        + "(below 6.3 pt) to fit in 40 pt")
  }

  func testWarningsReachTheCaller() throws {
    let f = try Self.lineFigure(width: 1, height: 1)
    f.title("Antidisestablishmentarianism_in_federated_learning")
    let path = NSTemporaryDirectory() + "fsl-warn-\(UUID().uuidString).png"
    defer { try? FileManager.default.removeItem(atPath: path) }
    let warnings = try f.save(path: path, dpi: 100, software: "fsl", source: nil)
    XCTAssertTrue(warnings[0].hasPrefix("title \"Antidis"), "\(warnings)")
    XCTAssertTrue(warnings[0].hasSuffix("is cut at the page edge"), "\(warnings)")
  }

  func testRotatedCategoriesKeepThreeYTicks() throws {
    let labels = ["logistic regression", "gradient boosting", "random forest", "k nearest"]
    func bars(height: Double?) throws -> Figure {
      let f = try Figure(width: 2.5, height: height, preset: nil)
      try f.bar(labels: labels, heights: [0.7, 0.8, 0.75, 0.6], err: nil, color: nil, label: nil)
      f.ylabel("accuracy")
      return f
    }
    let grown = try bars(height: nil)
    let layout = Layout(grown, metrics: try TextMetrics())
    XCTAssertEqual(layout.xRotation, 45)
    XCTAssertGreaterThanOrEqual(layout.y.ticks.count, 3)
    XCTAssertGreaterThan(layout.height, grown.height * 72)
    XCTAssertEqual(layout.warnings, [])
    XCTAssertEqual(try Self.borderInk(try grown.scene()), [])
    // A given height is kept, with a warning.
    let fixed = try bars(height: 1)
    let kept = Layout(fixed, metrics: try TextMetrics())
    XCTAssertEqual(kept.height, 72)
    XCTAssertLessThan(kept.y.ticks.count, 3)
    XCTAssertTrue(
      kept.warnings.contains { $0.hasSuffix("(a taller 'height' would give it more)") },
      "\(kept.warnings)")
  }

  func testNarrowSlotsTurnCategoryLabelsUpright() throws {
    let g = try FigureGrid(
      rows: 1, cols: 2, width: nil, height: nil, preset: "icml", sharex: false, sharey: false)
    for p in g.panels {
      try p.bar(
        labels: ["African-American defendants", "Caucasian defendants", "Hispanic defendants"],
        heights: [0.45, 0.23, 0.2], err: nil, color: nil, label: nil)
    }
    g.panels[0].ylabel("rate (decile score ≥ 5)")
    let m = try TextMetrics()
    let layout = try XCTUnwrap(g.layout(m).panels[0])
    XCTAssertEqual(layout.xRotation, 90)
    let scene = try g.scene()
    XCTAssertEqual(scene.warnings, [])
    XCTAssertEqual(try Self.borderInk(scene), [])
    try LabelClippingTests.assertInside(scene, "upright categories")
    // Too many categories for even upright labels: a warning.
    let f = try Figure(width: 1.5, height: nil, preset: nil)
    try f.bar(
      labels: (0..<20).map { "group \($0)" }, heights: [Double](repeating: 1, count: 20),
      err: nil, color: nil, label: nil)
    let crowded = try f.scene()
    XCTAssertEqual(crowded.warnings.count, 1)
    XCTAssertTrue(crowded.warnings[0].hasPrefix("the 20 x category labels overlap"))
  }

  func testMultiplierForLargeAndTinyTicks() throws {
    let big = Ticks.linearLabels([0, 5e6, 1e7, 1.5e7], step: 5e6)
    XCTAssertEqual(big.map(\.label), ["0.0", "0.5", "1.0", "1.5"])
    XCTAssertEqual(Ticks.exponent(big.map(\.value)), 7)
    XCTAssertEqual(Ticks.multiplier(7).label + (Ticks.multiplier(7).sup ?? ""), "×107")
    let tiny = Ticks.linearLabels([-2e-4, 0, 2e-4, 4e-4], step: 2e-4)
    XCTAssertEqual(Ticks.exponent([-2e-4, 0, 2e-4, 4e-4]), -4)
    XCTAssertEqual(tiny.map(\.label), ["−2", "0", "2", "4"])
    XCTAssertEqual(Ticks.multiplier(-4).sup, "−4")
    let plain = Ticks.linearLabels([0, 2500, 5000, 7500], step: 2500)
    XCTAssertEqual(plain.map(\.label), ["0", "2500", "5000", "7500"])
    XCTAssertNil(Ticks.exponent([0, 0.5, 1]))
    // Ticks sharing four or more leading digits are offset (matplotlib's threshold 4).
    let near = [100_000.0, 100_002, 100_004]
    XCTAssertEqual(Ticks.offset(near), 100_000)
    XCTAssertEqual(Ticks.linearLabels(near, step: 2).map(\.label), ["0", "2", "4"])
    let offsetLabel = try XCTUnwrap(Ticks.scaleLabel(near))
    XCTAssertEqual(offsetLabel.label + "^" + (offsetLabel.sup ?? ""), "+1×10^5")
    XCTAssertEqual(Ticks.offset([-1_000_010, -1_000_000]), -1_000_000)
    XCTAssertEqual(Ticks.offset([2000, 2010, 2020]), 0)
    XCTAssertEqual(Ticks.offset([-5, 0, 5]), 0)
    XCTAssertEqual(Ticks.offset(big.map(\.value)), 0)
    XCTAssertNil(Ticks.scaleLabel([0, 0.5, 1]))
    let small = try XCTUnwrap(Ticks.scaleLabel([1.00001, 1.00003, 1.00005]))
    XCTAssertEqual(small.label, "×10⁻⁵ +1")
    XCTAssertNil(small.sup)
    let f = try Figure(width: 3, height: 2, preset: nil)
    try f.line(
      x: [0, 1e6, 2e6], y: [5e6, 1.5e7, 1e7], label: nil, style: nil, marker: nil, color: nil)
    let dump = try f.sceneDump()
    XCTAssertFalse(dump.contains("e+"), dump)
    XCTAssertTrue(dump.contains("text \"×10\"^\"7\""), dump)
    XCTAssertTrue(dump.contains("text \"×10\"^\"6\""), dump)
    XCTAssertEqual(try Self.borderInk(try f.scene()), [])
    try LabelClippingTests.assertInside(try f.scene(), "multipliers")
  }

  func testMathVariablesAreItalic() {
    let i = StyledText.italic
    XCTAssertEqual(MathText.styled("top-$k$ accuracy"), "top-\(i("k")) accuracy")
    XCTAssertEqual(MathText.styled("$\\log x_i$"), "log \(i("x"))ᵢ")
    XCTAssertEqual(MathText.styled("$loss + 2k$"), "loss + 2\(i("k"))")
    XCTAssertEqual(MathText.styled("$\\mathrm{d}x$"), "d\(i("x"))")
    XCTAssertEqual(MathText.styled("$\\alpha=0.5$"), "α=0.5")
    XCTAssertEqual(MathText.render("$\\mathrm{d}x / \\sqrt{n}$"), "dx / √n")
    XCTAssertEqual(StyledText.markup(MathText.styled("$k$-means")), "<i>k</i>-means")
    XCTAssertEqual(
      StyledText.runs(MathText.styled("a $k$ b")).map { "\($0.text)|\($0.italic)" },
      ["a |false", "k|true", " b|false"])
  }

  func testItalicWidthsDifferFromUpright() throws {
    let m = try TextMetrics()
    let styled = MathText.styled("$f$")
    XCTAssertNotEqual(m.width(styled, size: 9), 0)
    XCTAssertEqual(
      m.width(styled + "x", size: 9), m.width(styled, size: 9) + m.width("x", size: 9),
      accuracy: 1e-9)
  }
}
