// Grid layout: panels placed so their plot rectangles line up in rows and columns, shared axes
// with one range, inner tick labels left off, and margins grown until no label is clipped.
//
// `align` is pure arithmetic on measured margins: every column takes its panels' widest left
// and right margins, every row its tallest top and bottom ones, and all plot rectangles get the
// same size. Measuring (`Layout.needs`, which depends on the ticks chosen for a size) and
// aligning alternate; margins only grow, so the loop settles in a few rounds.

/// Where each panel of a grid goes on the page.
struct GridLayout {
  /// Page size in points.
  let width: Double, height: Double
  /// One layout per panel, row-major; nil for blank panels (nothing was drawn on them).
  var panels: [Layout?]
  /// What could not be laid out as asked, each naming its panel (set by `FigureGrid.layout`).
  var warnings: [String] = []

  /// Space between neighbouring panels' frames, in points.
  static let gap = 6.0

  /// Lays out `figures` (row-major, `rows × cols`) on a `width × height` point page.
  init(
    _ figures: [Figure], rows: Int, cols: Int, width: Double, height: Double, sharex: Bool,
    sharey: Bool, metrics m: TextMetrics
  ) {
    precondition(figures.count == rows * cols, "internal: grid has \(figures.count) panels")
    self.width = width
    self.height = height
    let drawn = figures.map { !$0.isBlank }
    var options = GridLayout.options(
      figures, drawn: drawn, rows: rows, cols: cols, sharex: sharex, sharey: sharey)
    var layouts = GridLayout.settle(
      figures, drawn: drawn, options: options, rows: rows, cols: cols, width: width,
      height: height, m)
    // Labels turned upright once the plots narrowed: the margins grown for slanted labels
    // are not needed; lay out again with them upright from the start.
    let upright = figures.indices.filter { layouts[$0]?.xRotation == 90 }
    if !upright.isEmpty {
      for i in upright { options[i].uprightCategories = true }
      layouts = GridLayout.settle(
        figures, drawn: drawn, options: options, rows: rows, cols: cols, width: width,
        height: height, m)
    }
    panels = layouts
  }

  /// Panel layouts whose margins grew, in rounds, until every panel's labels fit.
  static func settle(
    _ figures: [Figure], drawn: [Bool], options: [PanelOptions], rows: Int, cols: Int,
    width: Double, height: Double, _ m: TextMetrics
  ) -> [Layout?] {
    var needs: [Margins?] = drawn.map { $0 ? Margins() : nil }
    var layouts: [Layout?] = []
    for _ in 0..<8 {
      let placed = GridLayout.align(needs, rows: rows, cols: cols, width: width, height: height)
      layouts = figures.indices.map { i in
        drawn[i]
          ? Layout(
            figures[i], frame: placed[i].frame, margins: placed[i].margins, options: options[i], m)
          : nil
      }
      var settled = true
      for i in figures.indices {
        guard let layout = layouts[i], let need = needs[i] else { continue }
        let measured = layout.needs(figures[i], m)
        if !layout.margins.covers(measured) { settled = false }
        needs[i] = need.union(measured)
      }
      if settled { break }
    }
    return layouts
  }

  /// Frames and margins of every panel (row-major) from the margins each needs (nil: blank).
  /// Column `c` spans its widest left and right margins around a plot width shared by all
  /// columns, with `gap` between columns; rows likewise.
  static func align(
    _ needs: [Margins?], rows: Int, cols: Int, width: Double, height: Double, gap: Double = gap
  ) -> [(frame: Rect, margins: Margins)] {
    var left = [Double](repeating: 0, count: cols)
    var right = left
    var top = [Double](repeating: 0, count: rows)
    var bottom = top
    for (i, need) in needs.enumerated() {
      guard let n = need else { continue }
      let (r, c) = (i / cols, i % cols)
      left[c] = max(left[c], n.left)
      right[c] = max(right[c], n.right)
      top[r] = max(top[r], n.top)
      bottom[r] = max(bottom[r], n.bottom)
    }
    let sum = { (xs: [Double]) in xs.reduce(0, +) }
    let plotW = max(10, (width - sum(left) - sum(right) - gap * Double(cols - 1)) / Double(cols))
    let plotH = max(10, (height - sum(top) - sum(bottom) - gap * Double(rows - 1)) / Double(rows))
    var xs: [Double] = []
    var x = 0.0
    for c in 0..<cols {
      xs.append(x)
      x += left[c] + plotW + right[c] + gap
    }
    var ys: [Double] = []
    var y = 0.0
    for r in 0..<rows {
      ys.append(y)
      y += top[r] + plotH + bottom[r] + gap
    }
    return (0..<(rows * cols)).map { i in
      let (r, c) = (i / cols, i % cols)
      let margins = Margins(left: left[c], right: right[c], top: top[r], bottom: bottom[r])
      let frame = Rect(
        x: xs[c], y: ys[r], w: left[c] + plotW + right[c], h: top[r] + plotH + bottom[r])
      return (frame, margins)
    }
  }

  /// Shared axes and hidden labels. With `sharex`, every drawn panel with a numeric x axis
  /// (no heatmap, no bars) gets one x range, and shows x tick labels only if no such panel is
  /// below it in its column; `sharey` likewise with rows, labels kept on the leftmost.
  static func options(
    _ figures: [Figure], drawn: [Bool], rows: Int, cols: Int, sharex: Bool, sharey: Bool
  ) -> [PanelOptions] {
    var out = [PanelOptions](repeating: PanelOptions(), count: figures.count)
    if sharex {
      let members = figures.indices.filter {
        drawn[$0] && figures[$0].heatmap == nil && !figures[$0].series.contains(where: \.isBars)
      }
      let axis = Layout.xAxis(members.map { figures[$0] })
      for i in members {
        out[i].x = axis
        out[i].hideXLabels = members.contains { $0 % cols == i % cols && $0 / cols > i / cols }
      }
    }
    if sharey {
      let members = figures.indices.filter { drawn[$0] && figures[$0].heatmap == nil }
      let axis = Layout.yAxis(members.map { figures[$0] })
      for i in members {
        out[i].y = axis
        out[i].hideYLabels = members.contains { $0 / cols == i / cols && $0 % cols < i % cols }
      }
    }
    return out
  }
}
