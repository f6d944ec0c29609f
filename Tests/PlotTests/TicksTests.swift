// Tests for Sources/Plot/Ticks.swift and Layout: 1-2-5 steps, decades, non-overlap, margins.

import XCTest

@testable import Plot

final class TicksTests: XCTestCase {
  func testNiceStepIsOneTwoFiveOverManyRanges() {
    for exponent in -6...6 {
      for span in [1.0, 1.3, 2.7, 4.9, 7.5, 9.99] {
        let s = span * pow(10, Double(exponent))
        for count in [3, 5, 8] {
          let step = Ticks.niceStep(span: s, maxCount: count)
          let mantissa = step / pow(10, floor(log10(step) + 1e-9))
          XCTAssertTrue(
            [1, 2, 5, 10].contains { abs(mantissa - $0) < 1e-6 }, "span \(s) → step \(step)")
          XCTAssertLessThanOrEqual(s / step, Double(count) + 1e-6)
        }
      }
    }
  }

  func testLinearTicksAndLabels() {
    let t = Ticks.linear(lo: -0.05, hi: 1.05, step: 0.2)
    XCTAssertEqual(
      Ticks.linearLabels(t, step: 0.2).map(\.label),
      ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    XCTAssertEqual(
      Ticks.linearLabels(Ticks.linear(lo: -12, hi: 12, step: 10), step: 10)
        .map(\.label), ["\u{2212}10", "0", "10"])
    XCTAssertEqual(Ticks.nextStep(0.2), 0.5, accuracy: 1e-12)
    XCTAssertEqual(Ticks.nextStep(5), 10, accuracy: 1e-12)
  }

  func testLogDecades() {
    XCTAssertEqual(Ticks.log(lo: 0.5, hi: 2000, stride: 1), [1, 10, 100, 1000])
    XCTAssertEqual(Ticks.log(lo: 1, hi: 1e6, stride: 2), [1, 100, 10_000, 1e6])
    XCTAssertEqual(Ticks.log(lo: 1.5, hi: 8, stride: 1), [2, 5])
    let labels = Ticks.logLabels([1e-5, 1e-3, 1])
    XCTAssertEqual(labels.map(\.label), ["10", "10", "10"])
    XCTAssertEqual(labels.map(\.sup), ["\u{2212}5", "\u{2212}3", "0"])
  }

  func testLongTickLabelsNeverOverlapAndFitInTheFigure() throws {
    let f = try Figure(width: 3.25, height: nil, preset: nil)
    try f.line(
      x: [0, 123_456_789], y: [0.000_123, 0.000_987], label: nil, style: nil,
      marker: nil, color: nil)
    f.ylabel("a long y label")
    let m = try TextMetrics()
    let layout = Layout(f, metrics: m)
    let xs = layout.x.ticks.map { layout.plot.x + layout.x.frac($0.value) * layout.plot.w }
    let widths = layout.x.ticks.map { m.width($0.label, size: Style.tickFont) }
    XCTAssertGreaterThanOrEqual(xs.count, 2)
    for i in 1..<xs.count {
      XCTAssertGreaterThan(xs[i] - xs[i - 1], (widths[i] + widths[i - 1]) / 2, "x labels overlap")
    }
    XCTAssertGreaterThanOrEqual(xs[0] - widths[0] / 2, 0)
    XCTAssertLessThanOrEqual((xs.last ?? 0) + (widths.last ?? 0) / 2, layout.width)
    let widest = layout.y.ticks.map { m.width($0.label, size: Style.tickFont) }.max() ?? 0
    XCTAssertGreaterThan(layout.plot.x, widest + Style.tickLength + m.height(size: 9))
  }

  func testShortAxesKeepAtLeastThreeTicksWhenTheyFit() throws {
    XCTAssertEqual(Ticks.previousStep(1), 0.5, accuracy: 1e-12)
    XCTAssertEqual(Ticks.previousStep(0.5), 0.2, accuracy: 1e-12)
    XCTAssertEqual(Ticks.previousStep(20), 10, accuracy: 1e-12)
    let m = try TextMetrics()
    // 70 pt for ±4.4: the target count rounds up to a step of 5, which leaves only 0.
    let ticks = Layout.ticks(Axis(lo: -4.4, hi: 4.4, log: false), length: 70, along: false, m)
    XCTAssertEqual(ticks.map(\.value), [-4, -2, 0, 2, 4])
  }

  func testHeatmapIndicesThinToOneTwoFiveStepsAndNamesRotate() throws {
    let m = try TextMetrics()
    var wide = Axis(lo: -0.5, hi: 511.5, log: false, categories: (0..<512).map(String.init))
    wide.numbered = true
    XCTAssertEqual(
      Layout.ticks(wide, length: 160, along: true, m).map(\.label),
      ["0", "100", "200", "300", "400", "500"])
    XCTAssertFalse(Layout.needsRotation(wide, length: 160, m))
    var few = Axis(lo: -0.5, hi: 7.5, log: false, categories: (0..<8).map(String.init))
    few.numbered = true
    XCTAssertEqual(Layout.ticks(few, length: 160, along: true, m).count, 8)
    let named = Axis(
      lo: -0.5, hi: 7.5, log: false, categories: (0..<8).map { "method \($0)" })
    XCTAssertEqual(Layout.ticks(named, length: 160, along: true, m).count, 8, "bars keep names")
    XCTAssertTrue(Layout.needsRotation(named, length: 160, m))
  }

  func testHeatmapCellLabelsShareOneFormat() {
    XCTAssertEqual(SceneBuilder.cellFormat([1, 20, 300]), "%.0f")
    XCTAssertEqual(SceneBuilder.cellFormat([0.5, -0.95, 1.5]), "%.2f")
    XCTAssertEqual(SceneBuilder.cellFormat([12.5, 3]), "%.1f")
    XCTAssertEqual(SceneBuilder.cellFormat([0.05, 0.001]), "%.3f")
    XCTAssertEqual(SceneBuilder.cellFormat([2e-5, 1e-4]), "%.2g")
  }

  func testCategoryLabelsRotateWhenCrowded() throws {
    let f = try Figure(width: 3.25, height: nil, preset: nil)
    let labels = (0..<12).map { "method number \($0)" }
    try f.bar(labels: labels, heights: labels.map { _ in 1 }, err: nil, color: nil, label: nil)
    let layout = Layout(f, metrics: try TextMetrics())
    XCTAssertEqual(layout.xRotation, 45)
    XCTAssertGreaterThan(layout.height - layout.plot.maxY, 50)
  }

  func testSceneDumpOfASmallLine() throws {
    let f = try Figure(width: 2, height: 1.5, preset: nil)
    try f.line(x: [0, 1, 2], y: [0, 1, 4], label: "a", style: "--", marker: nil, color: "#ff0000")
    let dump = try f.sceneDump()
    XCTAssertTrue(dump.hasPrefix("scene 144.00x108.00\nclip ["), dump)
    XCTAssertTrue(dump.contains("polyline stroke=#ff0000 w=1.25 dash=3.70,1.60 n=3"), dump)
    XCTAssertTrue(dump.contains("text \"0\" at="), dump)
  }
}
