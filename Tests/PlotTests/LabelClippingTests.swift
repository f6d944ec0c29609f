// Every text item of a scene lies inside the page (labels are never clipped), for every plot
// kind alone and in grids with shared axes, rotated category labels and colorbars.

import Foundation
import XCTest

@testable import Plot

final class LabelClippingTests: XCTestCase {
  /// The approximate ink box of a text item: advance width × (ascent 0.76, descent 0.24 of the
  /// size) around the baseline the renderer uses, rotated about the anchor.
  static func box(
    _ s: String, at: Point, size: Double, h: HAnchor, v: VAnchor, rotation: Double, sup: String?,
    _ m: TextMetrics
  ) -> Rect {
    let w = m.width(s, size: size, sup: sup)
    let x0 = h == .left ? 0 : h == .center ? -w / 2 : -w
    let baseline: Double
    switch v {
    case .top: baseline = size * 0.73
    case .middle: baseline = size * 0.365
    case .baseline: baseline = 0
    case .bottom: baseline = -size * 0.236
    }
    let corners = [
      (x0, baseline - size * 0.76), (x0 + w, baseline - size * 0.76), (x0, baseline + size * 0.24),
      (x0 + w, baseline + size * 0.24),
    ]
    let a = -rotation * Double.pi / 180
    let pts = corners.map { (x, y) in
      Point(x: at.x + x * cos(a) - y * sin(a), y: at.y + x * sin(a) + y * cos(a))
    }
    let xs = pts.map(\.x)
    let ys = pts.map(\.y)
    let (minX, minY) = (xs.min() ?? 0, ys.min() ?? 0)
    return Rect(x: minX, y: minY, w: (xs.max() ?? 0) - minX, h: (ys.max() ?? 0) - minY)
  }

  static func assertInside(
    _ scene: Scene, _ name: String, file: StaticString = #filePath, line: UInt = #line
  )
    throws
  {
    let m = try TextMetrics()
    var count = 0
    for item in scene.items {
      guard case .text(let s, let at, let size, _, let h, let v, let rotation, let sup) = item
      else { continue }
      count += 1
      let b = box(s, at: at, size: size, h: h, v: v, rotation: rotation, sup: sup, m)
      let tolerance = 0.5
      XCTAssert(
        b.x >= -tolerance && b.y >= -tolerance && b.maxX <= scene.width + tolerance
          && b.maxY <= scene.height + tolerance,
        "\(name): \"\(s)\" at \(b) leaves the \(scene.width)×\(scene.height) page", file: file,
        line: line)
    }
    XCTAssertGreaterThan(count, 0, name, file: file, line: line)
  }

  func testSingleFiguresKeepTextOnThePage() throws {
    for (name, figure) in try Gallery.figures() {
      try Self.assertInside(try figure.scene(), name)
    }
    let long = try Figure(width: 2.5, height: 1.6, preset: nil)
    try long.line(
      x: [-123_456_789, 987_654_321], y: [1e-7, 9e-7], label: nil, style: nil, marker: nil,
      color: nil)
    long.xlabel("a long x label")
    long.ylabel("y")
    long.title("A title")
    try Self.assertInside(try long.scene(), "long labels")
  }

  func testGridsKeepTextOnThePage() throws {
    try Self.assertInside(try Gallery.grid().scene(), "gallery grid")
    for (sharex, sharey) in [(false, false), (true, false), (false, true), (true, true)] {
      let g = try FigureGrid(
        rows: 2, cols: 3, width: 6.75, height: nil, preset: nil, sharex: sharex, sharey: sharey)
      for (i, p) in g.panels.enumerated() {
        let scale = pow(10, Double(i))
        try p.line(
          x: [0, 1, 2].map { $0 * scale }, y: [-1, 3, 2].map { $0 * scale }, label: "s\(i)",
          style: nil, marker: nil, color: nil)
        p.title("panel \(i)")
        p.xlabel("x")
        p.ylabel("y")
      }
      try g.panels[4].legend(nil)
      try Self.assertInside(try g.scene(), "2×3 sharex=\(sharex) sharey=\(sharey)")
    }
  }
}
