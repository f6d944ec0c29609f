// Heatmap cells, the colorbar, and the legend (explicit or least-overlap placement).

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension SceneBuilder {
  mutating func heatmap(_ heat: Heatmap) {
    let finite = heat.values.joined().filter(\.isFinite)
    let lo = finite.min() ?? 0
    let hi = finite.max() ?? 1
    let span = hi > lo ? hi - lo : 1
    let rows = heat.values.count
    let cols = heat.values[0].count
    let colors = heat.values.joined().map { v in
      v.isFinite ? heat.cmap.color(at: (v - lo) / span) : Palette.white
    }
    scene.items.append(.cells(rect: layout.plot, rows: rows, cols: cols, colors: colors))
    guard heat.labels, rows * cols <= 400 else { return }
    // One number format and one font size for every cell, as in a table.
    let format = SceneBuilder.cellFormat(finite)
    let labels = heat.values.map { row in
      row.map { $0.isFinite ? Ticks.minus(Ticks.format(format, $0)) : "" }
    }
    let widest = labels.joined().map { metrics.width($0, size: 1) }.max() ?? 1
    let cellW = layout.plot.w / Double(cols)
    let cellH = layout.plot.h / Double(rows)
    let size = min(Style.tickFont, 0.85 * cellW / max(widest, 0.1), 0.7 * cellH / 1.17)
    guard size >= 4 else { return }
    for r in 0..<rows {
      for c in 0..<cols where heat.values[r][c].isFinite {
        let v = heat.values[r][c]
        let bg = heat.cmap.color(at: (v - lo) / span)
        let light = 0.299 * bg.r + 0.587 * bg.g + 0.114 * bg.b > 0.5
        scene.items.append(
          .text(
            labels[r][c], at: map(Double(c), Double(r)), size: size,
            color: light ? Palette.black : Palette.white, h: .center, v: .middle, rotation: 0,
            sup: nil))
      }
    }
  }

  /// A printf format giving every cell the same decimals, as in a table: none for integers,
  /// else two for magnitudes in 0.1…10, one up to 100, none above, three or four below 0.1.
  static func cellFormat(_ values: [Double]) -> String {
    let largest = values.map(abs).max() ?? 0
    if values.allSatisfy({ $0 == $0.rounded() }) && largest < 1e6 { return "%.0f" }
    guard largest >= 1e-3, largest < 1e5 else { return "%.2g" }
    let decimals =
      largest >= 100 ? 0 : largest >= 10 ? 1 : largest >= 0.1 ? 2 : largest >= 0.01 ? 3 : 4
    return "%.\(decimals)f"
  }

  mutating func colorbar(_ bar: Rect, _ axis: Axis, _ cmap: Colormap) {
    let steps = 256
    let colors = (0..<steps).map { cmap.color(at: 1 - (Double($0) + 0.5) / Double(steps)) }
    scene.items.append(.cells(rect: bar, rows: steps, cols: 1, colors: colors))
    scene.items.append(
      .path(
        points: [
          Point(x: bar.x, y: bar.y), Point(x: bar.maxX, y: bar.y),
          Point(x: bar.maxX, y: bar.maxY), Point(x: bar.x, y: bar.maxY),
        ], closed: true, fill: nil,
        stroke: Palette.ink, width: Style.axisWidth, dash: []))
    for t in axis.ticks {
      let y = bar.maxY - axis.frac(t.value) * bar.h
      scene.items.append(
        .path(
          points: [Point(x: bar.maxX, y: y), Point(x: bar.maxX + Style.tickLength, y: y)],
          closed: false, fill: nil, stroke: Palette.ink, width: Style.axisWidth, dash: []))
      scene.items.append(
        .text(
          t.label, at: Point(x: bar.maxX + Style.tickLength + 2, y: y), size: Style.tickFont,
          color: Palette.ink, h: .left, v: .middle, rotation: 0, sup: t.sup))
    }
  }

  /// The legend box for `position` inside the plot, given its size.
  func legendRect(_ position: String, w: Double, h: Double) -> Rect {
    let p = layout.plot
    let inset = 4.0
    let left = p.x + inset
    let right = p.maxX - inset - w
    let midX = p.x + (p.w - w) / 2
    let top = p.y + inset
    let bottom = p.maxY - inset - h
    let midY = p.y + (p.h - h) / 2
    switch position {
    case "upper left": return Rect(x: left, y: top, w: w, h: h)
    case "lower left": return Rect(x: left, y: bottom, w: w, h: h)
    case "lower right": return Rect(x: right, y: bottom, w: w, h: h)
    case "right", "center right": return Rect(x: right, y: midY, w: w, h: h)
    case "center left": return Rect(x: left, y: midY, w: w, h: h)
    case "lower center": return Rect(x: midX, y: bottom, w: w, h: h)
    case "upper center": return Rect(x: midX, y: top, w: w, h: h)
    case "center": return Rect(x: midX, y: midY, w: w, h: h)
    default: return Rect(x: right, y: top, w: w, h: h)
    }
  }

  /// Points of the drawn data, for scoring legend positions (lines densified).
  func dataPoints() -> [Point] {
    var out: [Point] = []
    for item in scene.items {
      switch item {
      case .path(let points, let closed, _, _, _, _) where !closed:
        for (a, b) in zip(points, points.dropFirst()) {
          for k in 0..<8 {
            let t = Double(k) / 8
            out.append(Point(x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t))
          }
        }
        out.append(contentsOf: points.suffix(1))
      case .path(let points, _, _, _, _, _), .markers(_, let points, _, _):
        out.append(contentsOf: points)
      default: break
      }
    }
    return out
  }

  mutating func legend(_ position: String) {
    let entries = figure.series.compactMap { s in s.label.map { (s, $0) } }.filter {
      !$0.1.isEmpty
    }
    guard !entries.isEmpty else { return }
    let pad = 4.0
    let sample = 14.0
    let row = Style.legendFont * 1.3
    let textW = entries.map { metrics.width($0.1, size: Style.legendFont) }.max() ?? 0
    let w = pad * 2 + sample + 4 + textW
    let h = pad * 2 + row * Double(entries.count)
    var box = legendRect(position, w: w, h: h)
    if position == "best" {
      let points = dataPoints()
      let order = [
        "upper right", "upper left", "lower left", "lower right", "center right",
        "center left", "upper center", "lower center", "center",
      ]
      var best = (Int.max, box)
      for name in order {
        let r = legendRect(name, w: w, h: h)
        let hidden = points.reduce(0) { $0 + (r.contains($1) ? 1 : 0) }
        if hidden < best.0 { best = (hidden, r) }
      }
      box = best.1
    }
    scene.items.append(
      .path(
        points: [
          Point(x: box.x, y: box.y), Point(x: box.maxX, y: box.y),
          Point(x: box.maxX, y: box.maxY), Point(x: box.x, y: box.maxY),
        ], closed: true,
        fill: RGBA(1, 1, 1, 0.85), stroke: RGBA(0.8, 0.8, 0.8), width: 0.5, dash: []))
    for (i, (s, label)) in entries.enumerated() {
      let cy = box.y + pad + row * (Double(i) + 0.5)
      let x0 = box.x + pad
      switch s.mark {
      case .line(_, _, let dash, let marker):
        scene.items.append(
          .path(
            points: [Point(x: x0, y: cy), Point(x: x0 + sample, y: cy)], closed: false,
            fill: nil, stroke: s.color, width: Style.lineWidth, dash: dash))
        if let marker {
          scene.items.append(
            .markers(
              shape: marker, points: [Point(x: x0 + sample / 2, y: cy)], size: 4,
              colors: [s.color]))
        }
      case .scatter, .errorbar:
        scene.items.append(
          .markers(
            shape: .circle, points: [Point(x: x0 + sample / 2, y: cy)], size: 4,
            colors: [s.color]))
      default:
        let r = Rect(x: x0 + 2, y: cy - 3.5, w: sample - 4, h: 7)
        scene.items.append(
          .path(
            points: [
              Point(x: r.x, y: r.y), Point(x: r.maxX, y: r.y), Point(x: r.maxX, y: r.maxY),
              Point(x: r.x, y: r.maxY),
            ], closed: true, fill: s.color, stroke: nil, width: 0,
            dash: []))
      }
      scene.items.append(
        .text(
          label, at: Point(x: x0 + sample + 4, y: cy), size: Style.legendFont,
          color: Palette.ink, h: .left, v: .middle, rotation: 0, sup: nil))
    }
  }
}
