// Figure + Layout → Scene: data mapped to points, axes, labels, legend and colorbar.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Builds the display list of a figure.
struct SceneBuilder {
  let figure: Figure
  let layout: Layout
  let metrics: TextMetrics
  var scene: Scene

  /// A builder for `figure` alone on its page.
  init(_ figure: Figure, metrics: TextMetrics) {
    self.init(figure, layout: Layout(figure, metrics: metrics), metrics: metrics)
  }

  /// A builder for `figure` placed by `layout` (a grid panel); the scene is the layout's frame.
  init(_ figure: Figure, layout: Layout, metrics: TextMetrics) {
    self.figure = figure
    self.metrics = metrics
    self.layout = layout
    scene = Scene(width: layout.frame.w, height: layout.frame.h, warnings: layout.warnings)
  }

  /// Page position of a data point (NaN components when it cannot be shown).
  func map(_ x: Double, _ y: Double) -> Point {
    let p = layout.plot
    return Point(x: p.x + layout.x.frac(x) * p.w, y: p.maxY - layout.y.frac(y) * p.h)
  }

  /// Finite runs of mapped points (lines break at NaN/inf and at values a log axis cannot show).
  func runs(_ xs: [Double], _ ys: [Double]) -> [[Point]] {
    var out: [[Point]] = []
    var run: [Point] = []
    for (x, y) in zip(xs, ys) {
      let q = map(x, y)
      if q.x.isFinite && q.y.isFinite {
        run.append(q)
      } else if !run.isEmpty {
        out.append(run)
        run = []
      }
    }
    if !run.isEmpty { out.append(run) }
    return out
  }

  private mutating func add(_ item: SceneItem) { scene.items.append(item) }

  private mutating func text(
    _ s: String, _ at: Point, size: Double = Style.tickFont, h: HAnchor, v: VAnchor,
    rotation: Double = 0, sup: String? = nil, color: RGBA = Palette.ink
  ) {
    add(.text(s, at: at, size: size, color: color, h: h, v: v, rotation: rotation, sup: sup))
  }

  /// The whole scene.
  mutating func build() -> Scene {
    let p = layout.plot
    if figure.gridOn { grid() }
    add(.clip(p))
    if let heat = figure.heatmap { heatmap(heat) }
    for s in figure.series { series(s) }
    add(.clip(nil))
    add(
      .path(
        points: [
          Point(x: p.x, y: p.y), Point(x: p.maxX, y: p.y), Point(x: p.maxX, y: p.maxY),
          Point(x: p.x, y: p.maxY),
        ], closed: true, fill: nil, stroke: Palette.ink,
        width: Style.axisWidth, dash: []))
    axes()
    for note in figure.notes {
      let q = map(note.x, note.y)
      if q.x.isFinite && q.y.isFinite {
        text(note.text, q, size: Style.tickFont, h: .left, v: .middle)
      }
    }
    if let position = figure.legendPosition { legend(position) }
    if let bar = layout.colorbar, let axis = layout.colorbarAxis, let scale = figure.colorScale {
      colorbar(bar, axis, scale.cmap)
    }
    return scene
  }

  private mutating func grid() {
    let p = layout.plot
    for t in layout.x.ticks {
      let x = p.x + layout.x.frac(t.value) * p.w
      add(
        .path(
          points: [Point(x: x, y: p.y), Point(x: x, y: p.maxY)], closed: false, fill: nil,
          stroke: Palette.gridLine, width: 0.5, dash: []))
    }
    for t in layout.y.ticks {
      let y = p.maxY - layout.y.frac(t.value) * p.h
      add(
        .path(
          points: [Point(x: p.x, y: y), Point(x: p.maxX, y: y)], closed: false, fill: nil,
          stroke: Palette.gridLine, width: 0.5, dash: []))
    }
  }

  private mutating func axes() {
    let p = layout.plot
    let tl = Style.tickLength
    for t in layout.x.ticks {
      let x = p.x + layout.x.frac(t.value) * p.w
      add(
        .path(
          points: [Point(x: x, y: p.maxY), Point(x: x, y: p.maxY + tl)], closed: false,
          fill: nil, stroke: Palette.ink, width: Style.axisWidth, dash: []))
      if layout.options.hideXLabels { continue }
      if layout.xRotation == 90 {
        text(t.label, Point(x: x, y: p.maxY + tl + 2), h: .right, v: .middle, rotation: 90)
      } else if layout.xRotation != 0 {
        text(t.label, Point(x: x, y: p.maxY + tl + 2), h: .right, v: .top, rotation: 45)
      } else {
        text(t.label, Point(x: x, y: p.maxY + tl + 2), h: .center, v: .top, sup: t.sup)
      }
    }
    for t in layout.y.ticks {
      let y = p.maxY - layout.y.frac(t.value) * p.h
      add(
        .path(
          points: [Point(x: p.x - tl, y: y), Point(x: p.x, y: y)], closed: false,
          fill: nil, stroke: Palette.ink, width: Style.axisWidth, dash: []))
      if layout.options.hideYLabels { continue }
      text(t.label, Point(x: p.x - tl - 2, y: y), h: .right, v: .middle, sup: t.sup)
    }
    multipliers()
    // Titles and axis labels sit at the frame's edges, so a grid's labels line up; a wrapped
    // label's lines stack inwards from there.
    let frame = layout.frame
    if let t = layout.title {
      let lineH = metrics.height(size: t.size)
      for (i, s) in t.lines.enumerated() {
        text(
          s, Point(x: p.x + p.w / 2, y: frame.y + Style.pad + Double(i) * lineH), size: t.size,
          h: .center, v: .top)
      }
    }
    if let t = layout.xlabel {
      let lineH = metrics.height(size: t.size)
      for (i, s) in t.lines.enumerated() {
        let up = Double(t.lines.count - 1 - i) * lineH
        text(
          s, Point(x: p.x + p.w / 2, y: frame.maxY - Style.pad - up), size: t.size,
          h: .center, v: .bottom)
      }
    }
    if let t = layout.ylabel {
      let lineH = metrics.height(size: t.size)
      for (i, s) in t.lines.enumerated() {
        text(
          s, Point(x: frame.x + Style.pad + Double(i) * lineH, y: p.y + p.h / 2), size: t.size,
          h: .center, v: .top, rotation: 90)
      }
    }
  }

  /// The `×10ⁿ` of scaled tick labels: above the y axis's top end (left-aligned, as
  /// matplotlib), below the x tick labels at the axis's right end, above the colorbar.
  private mutating func multipliers() {
    let p = layout.plot
    let tickH = metrics.height(size: Style.tickFont)
    if !layout.options.hideYLabels, let mult = layout.y.multiplier {
      text(mult.label, Point(x: p.x, y: p.y - 2), h: .left, v: .bottom, sup: mult.sup)
    }
    if !layout.options.hideXLabels, let mult = layout.x.multiplier {
      let y = p.maxY + Style.tickLength + 2 + tickH + 1
      text(mult.label, Point(x: p.maxX, y: y), h: .right, v: .top, sup: mult.sup)
    }
    if let bar = layout.colorbar, let mult = layout.colorbarAxis?.multiplier {
      text(mult.label, Point(x: bar.x, y: bar.y - 2), h: .left, v: .bottom, sup: mult.sup)
    }
  }

  private mutating func series(_ s: Series) {
    let c = s.color
    switch s.mark {
    case .line(let xs, let ys, let dash, let marker):
      let r = runs(xs, ys)
      for run in r {
        add(
          .path(
            points: run, closed: false, fill: nil, stroke: c, width: Style.lineWidth,
            dash: dash))
      }
      if let marker {
        add(.markers(shape: marker, points: r.flatMap { $0 }, size: 4, colors: [c]))
      }
    case .scatter(let xs, let ys, let size, let colors):
      var points: [Point] = []
      var keep: [RGBA] = []
      for i in xs.indices {
        let q = map(xs[i], ys[i])
        guard q.x.isFinite && q.y.isFinite else { continue }
        points.append(q)
        if let colors { keep.append(colors[i]) }
      }
      add(.markers(shape: .circle, points: points, size: size, colors: colors == nil ? [c] : keep))
    case .bars(let labels, let heights, let err, let group):
      bars(labels, heights, err, group: group, color: c)
    case .hist(let edges, let counts):
      let base = layout.y.log ? layout.y.lo : 0
      for i in counts.indices where counts[i] > 0 || !layout.y.log {
        rect(x0: edges[i], x1: edges[i + 1], y0: base, y1: counts[i], fill: c, edge: Palette.white)
      }
    case .errorbar(let xs, let ys, let err):
      var centres: [Point] = []
      for i in xs.indices {
        let a = map(xs[i], ys[i] - abs(err[i]))
        let b = map(xs[i], ys[i] + abs(err[i]))
        let q = map(xs[i], ys[i])
        if q.x.isFinite && q.y.isFinite { centres.append(q) }
        guard a.x.isFinite, a.y.isFinite, b.y.isFinite else { continue }
        errorLine(x: a.x, from: a.y, to: b.y, color: c)
      }
      add(.markers(shape: .circle, points: centres, size: 4, colors: [c]))
    case .band(let xs, let lo, let hi):
      let upper = runs(xs, hi)
      let lower = runs(xs, lo)
      for (u, l) in zip(upper, lower) where u.count == l.count {
        add(.path(points: u + l.reversed(), closed: true, fill: c, stroke: nil, width: 0, dash: []))
      }
    }
  }

  private mutating func bars(
    _ labels: [String], _ heights: [Double], _ err: [Double]?, group: Int, color: RGBA
  ) {
    let groups = figure.series.filter {
      if case .bars = $0.mark { return true } else { return false }
    }.count
    let categories = layout.x.categories ?? []
    let width = 0.8 / Double(max(1, groups))
    let base = layout.y.log ? layout.y.lo : 0
    for (i, label) in labels.enumerated() where heights[i].isFinite {
      guard let k = categories.firstIndex(of: label) else { continue }
      let x0 = Double(k) - 0.4 + Double(group) * width
      rect(x0: x0, x1: x0 + width, y0: base, y1: heights[i], fill: color, edge: nil)
      if let e = err?[i], e.isFinite {
        let a = map(x0 + width / 2, heights[i] - abs(e))
        let b = map(x0 + width / 2, heights[i] + abs(e))
        if a.y.isFinite && b.y.isFinite {
          errorLine(x: a.x, from: a.y, to: b.y, color: Palette.ink)
        }
      }
    }
  }

  private mutating func rect(
    x0: Double, x1: Double, y0: Double, y1: Double, fill: RGBA, edge: RGBA?
  ) {
    let a = map(x0, y0)
    let b = map(x1, y1)
    guard a.x.isFinite, a.y.isFinite, b.x.isFinite, b.y.isFinite else { return }
    add(
      .path(
        points: [a, Point(x: b.x, y: a.y), b, Point(x: a.x, y: b.y)], closed: true,
        fill: fill, stroke: edge, width: edge == nil ? 0 : 0.5, dash: []))
  }

  private mutating func errorLine(x: Double, from y0: Double, to y1: Double, color: RGBA) {
    let cap = 2.0
    add(
      .path(
        points: [Point(x: x, y: y0), Point(x: x, y: y1)], closed: false, fill: nil,
        stroke: color, width: 0.8, dash: []))
    for y in [y0, y1] {
      add(
        .path(
          points: [Point(x: x - cap, y: y), Point(x: x + cap, y: y)], closed: false,
          fill: nil, stroke: color, width: 0.8, dash: []))
    }
  }
}
