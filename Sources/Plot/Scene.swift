// The display list: what to draw, in points from the top-left corner, independent of output.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A point in page coordinates (points, y down).
struct Point: Equatable {
  var x: Double, y: Double
}

/// A rectangle in page coordinates.
struct Rect: Equatable {
  var x: Double, y: Double, w: Double, h: Double
  var maxX: Double { x + w }
  var maxY: Double { y + h }
  func intersects(_ o: Rect) -> Bool { x < o.maxX && o.x < maxX && y < o.maxY && o.y < maxY }
  func contains(_ p: Point) -> Bool { p.x >= x && p.x <= maxX && p.y >= y && p.y <= maxY }
}

/// Horizontal and vertical text anchors.
enum HAnchor: String { case left, center, right }
enum VAnchor: String { case top, middle, baseline, bottom }

/// One drawing operation.
enum SceneItem {
  /// A polyline or polygon; `fill` and/or `stroke`.
  case path(
    points: [Point], closed: Bool, fill: RGBA?, stroke: RGBA?, width: Double, dash: [Double])
  /// Many copies of one marker shape of diameter `size`; `colors` per point or one for all.
  case markers(shape: Marker, points: [Point], size: Double, colors: [RGBA])
  /// Text at `at` with anchors; `rotation` in degrees counter-clockwise; `sup` a superscript.
  case text(
    String, at: Point, size: Double, color: RGBA, h: HAnchor, v: VAnchor, rotation: Double,
    sup: String?)
  /// A grid of `rows × cols` cells filling `rect`, colours row-major (row 0 on top).
  case cells(rect: Rect, rows: Int, cols: Int, colors: [RGBA])
  /// Restrict drawing to `rect` until the next `clip` (nil removes the clip).
  case clip(Rect?)
}

/// A whole figure as a display list, `width × height` points.
struct Scene {
  var width: Double
  var height: Double
  var items: [SceneItem] = []
  /// What the layout could not do as asked, for the caller to show (not drawn, not dumped).
  var warnings: [String] = []

  /// A line per item with numbers to 2 decimals; long point lists show count, first and last.
  func dump() -> String {
    var lines = ["scene \(n(width))x\(n(height))"]
    for item in items {
      switch item {
      case .path(let points, let closed, let fill, let stroke, let width, let dash):
        var s = closed ? "polygon" : "polyline"
        if let fill { s += " fill=\(fill.hex)" }
        if let stroke { s += " stroke=\(stroke.hex) w=\(n(width))" }
        if !dash.isEmpty { s += " dash=" + dash.map(n).joined(separator: ",") }
        lines.append(s + " " + pts(points))
      case .markers(let shape, let points, let size, let colors):
        let c = colors.count == 1 ? colors[0].hex : "\(colors.count) colours"
        lines.append("markers \(shape.rawValue) size=\(n(size)) \(c) " + pts(points))
      case .text(let s, let at, let size, let color, let h, let v, let rotation, let sup):
        var t = "text \"\(StyledText.markup(s))\"" + (sup.map { "^\"\($0)\"" } ?? "")
        t += " at=\(p(at)) \(n(size))pt \(h.rawValue)/\(v.rawValue)"
        if rotation != 0 { t += " rot=\(n(rotation))" }
        if color != Palette.ink { t += " \(color.hex)" }
        lines.append(t)
      case .cells(let rect, let rows, let cols, let colors):
        let c = colors.first.map(\.hex) ?? "-"
        let d = colors.last.map(\.hex) ?? "-"
        lines.append("cells \(rows)x\(cols) \(r(rect)) first=\(c) last=\(d)")
      case .clip(let rect):
        lines.append("clip " + (rect.map(r) ?? "none"))
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  private func n(_ v: Double) -> String {
    let s = Ticks.format("%.2f", v)
    return s
  }
  private func p(_ q: Point) -> String { "(\(n(q.x)),\(n(q.y)))" }
  private func r(_ q: Rect) -> String { "[\(n(q.x)),\(n(q.y)) \(n(q.w))x\(n(q.h))]" }
  private func pts(_ points: [Point]) -> String {
    guard points.count > 4, let first = points.first, let last = points.last else {
      return "n=\(points.count) " + points.map(p).joined(separator: " ")
    }
    return "n=\(points.count) \(p(first))…\(p(last))"
  }
}
