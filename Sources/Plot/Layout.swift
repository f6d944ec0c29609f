// Layout: axis ranges, ticks whose labels never overlap, and margins that fit every label.
//
// Order matters: vertical margins need only font heights; y ticks need the plot height; the
// left margin needs the widest y label; x ticks need the plot width; the right margin needs
// half the last x label. Two passes settle the x ticks after the left margin is known.

import CCairo

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Measures DejaVu Sans text with Cairo's toy font API (the renderer draws with the same).
final class TextMetrics {
  private let surface: OpaquePointer
  private let cr: OpaquePointer

  init() throws(PlotError) {
    guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1) else {
      throw .cairo("cannot create measuring surface")
    }
    guard let cr = cairo_create(surface) else {
      cairo_surface_destroy(surface)
      throw .cairo("cannot create measuring context")
    }
    (self.surface, self.cr) = (surface, cr)
    TextMetrics.face(cr, italic: false)
    // Unhinted metrics: the font's design widths, as PDF and SVG use, not whole device units.
    if let options = cairo_font_options_create() {
      cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
      cairo_set_font_options(cr, options)
      cairo_font_options_destroy(options)
    }
  }

  deinit {
    cairo_destroy(cr)
    cairo_surface_destroy(surface)
  }

  private struct Key: Hashable {
    let text: String
    let size: Double
  }
  /// Widths already measured: layout asks for the same tick labels on every margin pass.
  private var widths: [Key: Double] = [:]

  /// Advance width of `s` at `size` points (plus a superscript at 70 %).
  func width(_ s: String, size: Double, sup: String? = nil) -> Double {
    let base: Double
    if let known = widths[Key(text: s, size: size)] {
      base = known
    } else {
      cairo_set_font_size(cr, size)
      var total = 0.0
      for run in StyledText.runs(s) {
        TextMetrics.face(cr, italic: run.italic)
        var e = cairo_text_extents_t()
        cairo_text_extents(cr, run.text, &e)
        total += e.x_advance
      }
      TextMetrics.face(cr, italic: false)
      base = total
      widths[Key(text: s, size: size)] = base
    }
    return base + (sup.map { width($0, size: size * 0.7) } ?? 0)
  }

  /// Ascent + descent of the font at `size` points.
  func height(size: Double) -> Double { size * 1.17 }

  /// Selects DejaVu Sans, upright or oblique (math variables), on `cr`.
  static func face(_ cr: OpaquePointer, italic: Bool) {
    cairo_select_font_face(
      cr, Style.font, italic ? CAIRO_FONT_SLANT_OBLIQUE : CAIRO_FONT_SLANT_NORMAL,
      CAIRO_FONT_WEIGHT_NORMAL)
  }
}

/// Sizes in points: venue style (8 pt ticks/legend, 9 pt labels/title).
enum Style {
  static let font = "DejaVu Sans"
  static let tickFont = 8.0, labelFont = 9.0, titleFont = 9.0, legendFont = 8.0
  static let tickLength = 3.0, pad = 4.0, lineWidth = 1.25, axisWidth = 0.6
}

/// One axis: range, scale and ticks.
struct Axis {
  var lo: Double, hi: Double
  var log: Bool
  var ticks: [Tick] = []
  /// Category axes (bars, heatmaps) label positions, not values.
  var categories: [String]?
  /// Categories that are the numbers 0, 1, 2, … (heatmap rows and columns): thinned to 1-2-5
  /// steps when crowded, where named categories (bars) are all kept and rotated instead.
  var numbered = false

  /// The `×10ⁿ` (and/or `+c×10ᵐ` offset) label of a linear value axis whose tick labels are
  /// scaled or offset (nil: plain labels).
  var multiplier: Tick? {
    guard categories == nil, !log else { return nil }
    return Ticks.scaleLabel(ticks.map(\.value))
  }

  /// Position of `v` along the axis in 0…1 (NaN if it cannot be shown).
  func frac(_ v: Double) -> Double {
    if log {
      guard v > 0 else { return .nan }
      return (log10(v) - log10(lo)) / (log10(hi) - log10(lo))
    }
    return (v - lo) / (hi - lo)
  }
}

/// Space around a plot rectangle, in points.
struct Margins: Equatable {
  var left = 0.0, right = 0.0, top = 0.0, bottom = 0.0

  /// The larger of each side.
  func union(_ o: Margins) -> Margins {
    Margins(
      left: max(left, o.left), right: max(right, o.right), top: max(top, o.top),
      bottom: max(bottom, o.bottom))
  }

  /// Whether no side of `o` exceeds this one by more than `tolerance` points.
  func covers(_ o: Margins, tolerance: Double = 0.01) -> Bool {
    o.left <= left + tolerance && o.right <= right + tolerance && o.top <= top + tolerance
      && o.bottom <= bottom + tolerance
  }
}

/// What a grid imposes on one panel: shared axes and hidden inner tick labels.
struct PanelOptions {
  /// A shared axis range (its ticks are recomputed for the panel's size); nil: the panel's own.
  var x: Axis?, y: Axis?
  /// Tick labels left off (a panel below or to the left shows them on a shared axis).
  var hideXLabels = false, hideYLabels = false
  /// Category labels that do not fit their slots are turned 90°, not 45° (set when a first
  /// layout ended upright, so margins grown for slanted labels do not linger).
  var uprightCategories = false
}

/// Where everything of one figure (or grid panel) goes, in points from the page's top-left.
struct Layout {
  /// The panel's rectangle on the page: the whole page for a single figure.
  var frame: Rect
  /// The space between `frame` and the plot rectangle.
  var margins: Margins
  var plot: Rect
  var x: Axis, y: Axis
  /// Degrees the x tick labels are rotated (45 when category labels would collide).
  var xRotation = 0.0
  var colorbar: Rect?
  var colorbarAxis: Axis?
  var options: PanelOptions
  /// The title and axis labels as fitted to this layout's frame (`LabelFit.swift`).
  var title: FittedLabel?, xlabel: FittedLabel?, ylabel: FittedLabel?
  /// What could not be laid out as asked (labels shrunk past 70 %, too few ticks).
  var warnings: [String] = []
  /// Page width and height for a single figure (the frame's size).
  var width: Double { frame.w }
  var height: Double { frame.h }

  /// Places the plot rectangle `margins` inside `frame` and picks ticks for its size.
  init(
    _ figure: Figure, frame: Rect, margins: Margins, options: PanelOptions, _ m: TextMetrics
  ) {
    self.frame = frame
    self.margins = margins
    self.options = options
    let (ownX, ownY) = Layout.ranges(figure)
    x = options.x ?? ownX
    y = options.y ?? ownY
    plot = Rect(
      x: frame.x + margins.left, y: frame.y + margins.top,
      w: max(10, frame.w - margins.left - margins.right),
      h: max(10, frame.h - margins.top - margins.bottom))
    y.ticks = Layout.ticks(y, length: plot.h, along: false, m)
    if let scale = figure.colorScale {
      var axis = Axis(lo: scale.lo, hi: scale.hi, log: false)
      axis.ticks = Layout.ticks(axis, length: plot.h, along: false, m)
      colorbarAxis = axis
      colorbar = Rect(x: plot.maxX + 8, y: plot.y, w: 8, h: plot.h)
    }
    x.ticks = Layout.ticks(x, length: plot.w, along: true, m)
    xRotation =
      options.uprightCategories
      ? (Layout.needsRotation(x, length: plot.w, m) ? 90 : 0)
      : Layout.rotation(x, length: plot.w, m)
    (title, xlabel, ylabel) = Layout.fitLabels(figure, frame: frame, plot: plot, m)
  }

  /// The margins this layout's labels need: title, axis labels, tick labels (including x
  /// labels reaching past the plot's ends) and the colorbar.
  func needs(_ figure: Figure, _ m: TextMetrics) -> Margins {
    let tickH = m.height(size: Style.tickFont)
    func w(_ t: Tick) -> Double { m.width(t.label, size: Style.tickFont, sup: t.sup) }
    var n = Margins()
    // Top and bottom y tick labels are centred on the plot's edges.
    let yHalf = options.hideYLabels ? 0 : tickH / 2
    // A `×10ⁿ` multiplier of the y axis or colorbar sits on its own line above the plot.
    let raised = (!options.hideYLabels && y.multiplier != nil) || colorbarAxis?.multiplier != nil
    n.top = Style.pad + (title.map { $0.depth(m) + 4 } ?? (raised ? 0 : yHalf))
    if raised { n.top += tickH + 2 }
    n.bottom = Style.pad + Style.tickLength
    if !options.hideXLabels {
      let widest = x.ticks.map { m.width($0.label, size: Style.tickFont) }.max() ?? 0
      n.bottom +=
        3
        + (xRotation == 0 ? tickH : xRotation == 90 ? widest + 2 : (widest + tickH) * 0.7072)
      if x.multiplier != nil { n.bottom += tickH + 1 }
    }
    if let xlabel { n.bottom += xlabel.depth(m) + 2 }
    n.bottom = max(n.bottom, Style.pad + yHalf)
    n.left = Style.pad + Style.tickLength
    if !options.hideYLabels { n.left += 3 + (y.ticks.map(w).max() ?? 0) }
    if let ylabel { n.left += ylabel.depth(m) + 3 }
    n.right = Style.pad
    if let axis = colorbarAxis {
      n.right += 8 + 8 + Style.tickLength + 3 + (axis.ticks.map(w).max() ?? 0)
      if let mult = axis.multiplier { n.right = max(n.right, Style.pad + 8 + w(mult)) }
    }
    if !options.hideXLabels, let first = x.ticks.first, let last = x.ticks.last {
      if xRotation == 0 {
        n.left = max(n.left, Style.pad + w(first) / 2 - x.frac(first.value) * plot.w)
        n.right += max(0, w(last) / 2 - (1 - x.frac(last.value)) * plot.w)
      } else if xRotation == 45 {
        let reach = m.width(first.label, size: Style.tickFont) * 0.7072
        n.left = max(n.left, Style.pad + reach - x.frac(first.value) * plot.w)
      }
    }
    return n
  }

  /// Ticks for `axis` over `length` points, the densest 1-2-5 (or decade) spacing whose labels
  /// keep a gap: label widths along x, label heights along y.
  static func ticks(_ axis: Axis, length: Double, along: Bool, _ m: TextMetrics) -> [Tick] {
    let gap = along ? 6.0 : 3.0
    func fits(_ ticks: [Tick]) -> Bool {
      guard ticks.count > 1 else { return true }
      for (a, b) in zip(ticks, ticks.dropFirst()) {
        let distance = abs(axis.frac(b.value) - axis.frac(a.value)) * length
        let need =
          along
          ? (m.width(a.label, size: Style.tickFont, sup: a.sup)
            + m.width(b.label, size: Style.tickFont, sup: b.sup)) / 2
          : m.height(size: Style.tickFont)
        if distance < need + gap { return false }
      }
      return true
    }
    if let categories = axis.categories {
      func every(_ step: Int) -> [Tick] {
        stride(from: 0, to: categories.count, by: step).map {
          Tick(value: Double($0), label: categories[$0], sup: nil)
        }
      }
      if axis.numbered {
        var step = 1.0
        for _ in 0..<40 {
          let t = every(Int(step))
          if fits(t) { return t }
          step = Ticks.nextStep(step)
        }
        return []
      }
      var step = 1
      while along == false
        && Double(step) * length / Double(categories.count)
          < m.height(size: Style.tickFont) * 1.2
      {
        step *= 2
      }
      return every(step)
    }
    let (lo, hi) = (min(axis.lo, axis.hi), max(axis.lo, axis.hi))
    if axis.log {
      for k in 1...40 {
        let t = Ticks.logLabels(Ticks.log(lo: lo, hi: hi, stride: k))
        if fits(t) { return t }
      }
      return []
    }
    func at(_ step: Double) -> [Tick] {
      Ticks.linearLabels(Ticks.linear(lo: lo, hi: hi, step: step), step: step)
    }
    let start = Ticks.niceStep(span: hi - lo, maxCount: max(2, Int(length / (along ? 24 : 16))))
    var step = start
    var chosen: [Tick] = []
    for _ in 0..<30 {
      let t = at(step)
      if fits(t) {
        chosen = t
        break
      }
      step = Ticks.nextStep(step)
    }
    // On a short axis the target count can round up to a step that leaves one or two ticks;
    // a finer step whose labels still fit reads better.
    if chosen.count < 3 {
      var finer = start
      for _ in 0..<3 {
        finer = Ticks.previousStep(finer)
        let t = at(finer)
        if t.count >= 3 && fits(t) { return t }
      }
    }
    return chosen
  }

  /// Degrees category labels are turned: 0 when each fits its slot, else 45, or 90 when the
  /// slots are too narrow for slanted labels to clear each other (their distance across is
  /// 0.71 × the slot).
  static func rotation(_ axis: Axis, length: Double, _ m: TextMetrics) -> Double {
    guard needsRotation(axis, length: length, m), let n = axis.categories?.count else { return 0 }
    return length / Double(n) * 0.7071 >= Style.tickFont * 1.1 ? 45 : 90
  }

  /// Category labels wider than their slots are drawn turned (`rotation`).
  static func needsRotation(_ axis: Axis, length: Double, _ m: TextMetrics) -> Bool {
    guard let categories = axis.categories, !axis.numbered, categories.count > 1 else {
      return false
    }
    let slot = length / Double(categories.count)
    return categories.contains { m.width($0, size: Style.tickFont) + 4 > slot }
  }

  /// Data ranges: limits if set, else padded extents (bars, histograms start at 0).
  static func ranges(_ f: Figure) -> (Axis, Axis) {
    if let heat = f.heatmap {
      let rows = heat.values.count
      let cols = heat.values[0].count
      return (
        Axis(
          lo: -0.5, hi: Double(cols) - 0.5, log: false, categories: (0..<cols).map(String.init),
          numbered: true),
        Axis(
          lo: Double(rows) - 0.5, hi: -0.5, log: false, categories: (0..<rows).map(String.init),
          numbered: true)
      )
    }
    var categories: [String] = []
    for s in f.series {
      if case .bars(let labels, _, _, _) = s.mark {
        for l in labels where !categories.contains(l) { categories.append(l) }
      }
    }
    let x =
      categories.isEmpty
      ? xAxis([f])
      : Axis(lo: -0.5, hi: Double(categories.count) - 0.5, log: false, categories: categories)
    return (x, yAxis([f]))
  }

  /// One numeric x axis covering the data of all `figures` (shared by a grid's panels): the
  /// first explicit limits, else the padded union of their extents.
  static func xAxis(_ figures: [Figure]) -> Axis {
    let log = figures.contains { $0.xlog }
    if let (lo, hi) = figures.lazy.compactMap(\.xlimits).first(where: { $0.0 != $0.1 }) {
      return Axis(lo: lo, hi: hi, log: log)
    }
    let values = figures.flatMap { $0.series.flatMap(\.xValues) }
    let (a, b) = extent(values, log: log) ?? (log ? (1, 10) : (0, 1))
    let (lo, hi) = Ticks.autoLimits(lo: a, hi: b, log: log, pad: 0.05, stickyZero: false)
    return Axis(lo: lo, hi: hi, log: log)
  }

  /// One numeric y axis covering the data of all `figures`; starts at 0 under bars/histograms.
  static func yAxis(_ figures: [Figure]) -> Axis {
    let log = figures.contains { $0.ylog }
    if let (lo, hi) = figures.lazy.compactMap(\.ylimits).first(where: { $0.0 != $0.1 }) {
      return Axis(lo: lo, hi: hi, log: log)
    }
    let sticky = figures.contains { $0.series.contains(where: \.hasBaseline) }
    var values = figures.flatMap { $0.series.flatMap(\.yValues) }
    if sticky && !log { values.append(0) }
    let (c, d) = extent(values, log: log) ?? (log ? (1, 10) : (0, 1))
    let (lo, hi) = Ticks.autoLimits(lo: c, hi: d, log: log, pad: 0.05, stickyZero: sticky)
    return Axis(lo: lo, hi: hi, log: log)
  }

  /// The finite (and, on a log axis, positive) range of `values`.
  static func extent(_ values: [Double], log: Bool) -> (Double, Double)? {
    var lo = Double.infinity
    var hi = -Double.infinity
    for v in values where v.isFinite && (!log || v > 0) {
      lo = min(lo, v)
      hi = max(hi, v)
    }
    return lo <= hi ? (lo, hi) : nil
  }
}
