// Tests for Sources/Plot/CairoRenderer+Raster.swift: blitted markers match Cairo's own drawing,
// respect the clip, and heatmap cells land in the right place.

import CCairo
import XCTest

@testable import Plot

final class RasterTests: XCTestCase {
  /// Premultiplied ARGB pixels of `scene` rendered at 72 dpi.
  private func pixels(_ scene: Scene) throws -> [UInt32] {
    let canvas = try CairoCanvas.image(width: Int(scene.width), height: Int(scene.height))
    CairoRenderer(canvas: canvas, scale: 1).render(scene)
    try canvas.finish()
    let (rgba, _, _) = try PNGWriter.rgba(fromImageSurface: canvas.surface)
    return stride(from: 0, to: rgba.count, by: 4).map {
      UInt32(rgba[$0]) << 16 | UInt32(rgba[$0 + 1]) << 8 | UInt32(rgba[$0 + 2])
    }
  }

  private func maxDifference(_ a: [UInt32], _ b: [UInt32]) -> UInt32 {
    zip(a, b).map { p, q in
      [16, 8, 0].map { s in
        let (x, y) = ((p >> s) & 0xff, (q >> s) & 0xff)
        return x > y ? x - y : y - x
      }.max() ?? 0
    }.max() ?? 0
  }

  func testBlittedMarkersMatchCairoArcs() throws {
    // Centres on the blit's 1/4-pixel grid (+1/8), so both paths draw the same geometry.
    let points = (0..<60).map { i in
      Point(x: 10.125 + Double(i % 10) * 7.25, y: 10.375 + Double(i / 10) * 6.5)
    }
    let color = RGBA(0.0, 0.45, 0.7, 0.4)
    var many = Scene(width: 100, height: 60)
    many.items = [.markers(shape: .circle, points: points, size: 5, colors: [color])]
    // Under 51 points the renderer draws arcs: the same markers in groups of 10.
    var arcs = Scene(width: 100, height: 60)
    arcs.items = stride(from: 0, to: 60, by: 10).map {
      .markers(shape: .circle, points: Array(points[$0..<($0 + 10)]), size: 5, colors: [color])
    }
    let (a, b) = (try pixels(many), try pixels(arcs))
    XCTAssertLessThanOrEqual(maxDifference(a, b), 2)
    XCTAssertTrue(a.contains { $0 != 0xffffff }, "markers were drawn")
  }

  func testBlitRespectsTheClip() throws {
    var scene = Scene(width: 60, height: 40)
    let points = (0..<100).map { Point(x: Double($0 % 20) * 3, y: Double($0 / 20) * 8 + 4) }
    scene.items = [
      .clip(Rect(x: 10, y: 0, w: 30.5, h: 40)),
      .markers(shape: .square, points: points, size: 4, colors: [RGBA(0, 0, 0)]),
      .clip(nil),
    ]
    let p = try pixels(scene)
    for y in 0..<40 {
      for x in 0..<60 where x < 10 || x > 40 {
        XCTAssertEqual(p[y * 60 + x], 0xffffff, "pixel (\(x), \(y)) is outside the clip")
      }
    }
    let edge = (0..<40).map { p[$0 * 60 + 40] }
    XCTAssertTrue(edge.contains { $0 != 0xffffff && $0 != 0 }, "the half-covered column blends")
  }

  func testCellsFillTheirRectangles() throws {
    var scene = Scene(width: 40, height: 40)
    let colors = [RGBA(1, 0, 0), RGBA(0, 1, 0), RGBA(0, 0, 1), RGBA(0, 0, 0)]
    scene.items = [.cells(rect: Rect(x: 0, y: 0, w: 40, h: 40), rows: 2, cols: 2, colors: colors)]
    let p = try pixels(scene)
    XCTAssertEqual(p[10 * 40 + 10], 0xff0000)
    XCTAssertEqual(p[10 * 40 + 30], 0x00ff00)
    XCTAssertEqual(p[30 * 40 + 10], 0x0000ff)
    XCTAssertEqual(p[30 * 40 + 30], 0x000000)
    XCTAssertEqual(p[0], 0xff0000, "cells reach the rectangle's corner")
  }
}
