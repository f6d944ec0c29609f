// Tests for Sources/Plot/GridLayout.swift and FigureGrid.swift: alignment arithmetic, shared
// axes, hidden inner labels, blank panels, index errors, and labels that are never clipped.

import Foundation
import XCTest

@testable import Plot

final class GridLayoutTests: XCTestCase {
  func testAlignGivesEqualPlotsAndColumnMaxMargins() {
    let needs: [Margins?] = [
      Margins(left: 30, right: 4, top: 10, bottom: 20),
      Margins(left: 10, right: 8, top: 16, bottom: 12),
      Margins(left: 12, right: 4, top: 4, bottom: 30), nil,
    ]
    let placed = GridLayout.align(needs, rows: 2, cols: 2, width: 300, height: 200, gap: 6)
    XCTAssertEqual(placed.count, 4)
    // Columns take their widest left/right margins, rows their tallest top/bottom.
    XCTAssertEqual(placed[0].margins, Margins(left: 30, right: 4, top: 16, bottom: 20))
    XCTAssertEqual(placed[2].margins, Margins(left: 30, right: 4, top: 4, bottom: 30))
    XCTAssertEqual(placed[3].margins, Margins(left: 10, right: 8, top: 4, bottom: 30))
    let plots = placed.map { p in
      Rect(
        x: p.frame.x + p.margins.left, y: p.frame.y + p.margins.top,
        w: p.frame.w - p.margins.left - p.margins.right,
        h: p.frame.h - p.margins.top - p.margins.bottom)
    }
    for p in plots {
      XCTAssertEqual(p.w, plots[0].w, accuracy: 1e-9)
      XCTAssertEqual(p.h, plots[0].h, accuracy: 1e-9)
    }
    XCTAssertEqual(plots[0].x, plots[2].x, accuracy: 1e-9, "a column's plots line up")
    XCTAssertEqual(plots[0].y, plots[1].y, accuracy: 1e-9, "a row's plots line up")
    // Frames tile the page: the last column and row end at its edges.
    XCTAssertEqual(placed[3].frame.maxX, 300, accuracy: 1e-9)
    XCTAssertEqual(placed[3].frame.maxY, 200, accuracy: 1e-9)
    XCTAssertEqual(placed[1].frame.x - placed[0].frame.maxX, 6, accuracy: 1e-9)
    XCTAssertEqual(plots[0].w, (300 - 40 - 12 - 6) / 2, accuracy: 1e-9)
  }

  func testSharedAxesHaveOneRangeAndInnerLabelsHidden() throws {
    let g = try FigureGrid(
      rows: 2, cols: 2, width: 4, height: 3, preset: nil, sharex: true, sharey: true)
    for (i, f) in g.panels.enumerated() {
      let s = Double(i + 1)
      try f.line(
        x: [0, 10 * s], y: [-s, s], label: nil, style: nil, marker: nil, color: nil)
    }
    let grid = g.layout(try TextMetrics())
    let layouts = grid.panels.compactMap { $0 }
    XCTAssertEqual(layouts.count, 4)
    for l in layouts {
      XCTAssertEqual(l.x.lo, layouts[0].x.lo)
      XCTAssertEqual(l.x.hi, layouts[0].x.hi)
      XCTAssertEqual(l.y.ticks, layouts[0].y.ticks)
      XCTAssertEqual(l.plot.w, layouts[0].plot.w, accuracy: 1e-9)
    }
    XCTAssertGreaterThanOrEqual(layouts[0].x.hi, 40, "x covers every panel's data")
    XCTAssertEqual(layouts.map(\.options.hideXLabels), [true, true, false, false])
    XCTAssertEqual(layouts.map(\.options.hideYLabels), [false, true, false, true])
    // Inner panels sit closer: the right column needs no room for y tick labels.
    XCTAssertLessThan(layouts[1].margins.left, layouts[0].margins.left)
  }

  func testScaleAndLimitsFollowTheShareGroup() throws {
    let g = try FigureGrid(
      rows: 1, cols: 2, width: nil, height: nil, preset: "icml2", sharex: true, sharey: false)
    try g.panels[1].line(x: [1, 100], y: [1, 2], label: nil, style: nil, marker: nil, color: nil)
    try g.panels[0].xscale("log")
    XCTAssertTrue(g.panels[1].xlog, "xscale on one panel applies to all")
    XCTAssertFalse(g.panels[1].ylog)
    XCTAssertThrowsError(
      try g.panels[0].line(x: [-1, 2], y: [1, 2], label: nil, style: nil, marker: nil, color: nil)
    ) { XCTAssertTrue("\($0)".contains("log x axis"), "\($0)") }
    g.panels[1].xlim(1, 1000)
    XCTAssertEqual(g.panels[0].xlimits?.1, 1000)
    let heat = try FigureGrid(
      rows: 1, cols: 2, width: nil, height: nil, preset: nil, sharex: true, sharey: false)
    try heat.panels[0].heatmap([[1, 2]], cmap: nil, colorbar: false, labels: false)
    XCTAssertThrowsError(try heat.panels[0].xscale("log")) {
      XCTAssertEqual("\($0)", "xscale: a heatmap cannot use a log scale")
    }
    try heat.panels[1].xscale("log")
    XCTAssertFalse(heat.panels[0].xlog, "a heatmap panel keeps its category axis")
  }

  func testBlankPanelsAreNotDrawn() throws {
    let g = try FigureGrid(
      rows: 1, cols: 3, width: nil, height: nil, preset: nil, sharex: false, sharey: false)
    try g.panels[0].hist([1, 2, 2, 3], bins: 3, color: nil, label: nil, alpha: nil)
    let grid = g.layout(try TextMetrics())
    XCTAssertNotNil(grid.panels[0])
    XCTAssertNil(grid.panels[1])
    XCTAssertNil(grid.panels[2])
  }

  func testIndexErrorsNameTheGrid() throws {
    let g = try FigureGrid(
      rows: 2, cols: 3, width: nil, height: nil, preset: nil, sharex: false, sharey: false)
    XCTAssertEqual(try g.position(-1), 5)
    XCTAssertEqual(try g.position(row: -1, col: 0), 3)
    XCTAssertThrowsError(try g.position(6)) {
      XCTAssertEqual(
        "\($0)", "grid: index 6 is out of range for a 2×3 grid (panels 0…5, or -6…-1 from the end)")
    }
    XCTAssertThrowsError(try g.position(row: 2, col: 0)) {
      XCTAssertEqual("\($0)", "grid: row 2 is out of range for a 2×3 grid (rows 0…1)")
    }
    XCTAssertThrowsError(try g.position(row: 0, col: -4)) {
      XCTAssertEqual("\($0)", "grid: column -4 is out of range for a 2×3 grid (columns 0…2)")
    }
    XCTAssertThrowsError(
      try FigureGrid(
        rows: 0, cols: 2, width: nil, height: nil, preset: nil, sharex: false, sharey: false)
    ) { XCTAssertEqual("\($0)", "grid: 'rows' must be 1…10, got 0") }
    XCTAssertThrowsError(
      try FigureGrid(
        rows: 1, cols: 2, width: nil, height: nil, preset: "cvpr", sharex: false, sharey: false)
    ) { XCTAssertTrue("\($0)".hasPrefix("grid: unknown preset \"cvpr\""), "\($0)") }
  }

  func testDefaultHeightLeavesRoomForLabels() throws {
    let g = try FigureGrid(
      rows: 1, cols: 3, width: nil, height: nil, preset: "icml2", sharex: false, sharey: false)
    XCTAssertEqual(g.width, 6.75)
    XCTAssertEqual(g.height, 6.75 / 3 / Figure.golden + 0.35, accuracy: 1e-12)
  }

  func testGridSavesOnePNGWithAllPanels() throws {
    let dir = NSTemporaryDirectory() + "fsl-grid-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let g = try Gallery.grid()
    let path = "\(dir)/grid.png"
    try g.save(path: path, dpi: 150, software: "fsl test", source: nil)
    let info = try PNGReader.info(path: path)
    XCTAssertEqual(info.width, Int((g.width * 150).rounded()))
    XCTAssertEqual(info.height, Int((g.height * 150).rounded()))
    let bytes = try g.pngBytes(dpi: 150, software: "fsl test", source: nil)
    XCTAssertEqual(bytes, Array(try Data(contentsOf: URL(fileURLWithPath: path))))
    for ext in ["pdf", "svg"] {
      try g.save(path: "\(dir)/grid.\(ext)", dpi: 72, software: "fsl", source: nil)
    }
    let pdf = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/grid.pdf"))
    XCTAssertFalse(String(decoding: pdf, as: UTF8.self).contains("/Type3"))
  }
}
