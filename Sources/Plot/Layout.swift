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
    cairo_select_font_face(cr, Style.font, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
  }

  deinit {
    cairo_destroy(cr)
    cairo_surface_destroy(surface)
  }

  /// Advance width of `s` at `size` points (plus a superscript at 70 %).
  func width(_ s: String, size: Double, sup: String? = nil) -> Double {
    cairo_set_font_size(cr, size)
    var e = cairo_text_extents_t()
    cairo_text_extents(cr, s, &e)
    return e.x_advance + (sup.map { width($0, size: size * 0.7) } ?? 0)
  }

  /// Ascent + descent of the font at `size` points.
  func height(size: Double) -> Double { size * 1.17 }
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

  /// Position of `v` along the axis in 0…1 (NaN if it cannot be shown).
  func frac(_ v: Double) -> Double {
    if log {
      guard v > 0 else { return .nan }
      return (log10(v) - log10(lo)) / (log10(hi) - log10(lo))
    }
    return (v - lo) / (hi - lo)
  }
}

/// Where everything goes, in points from the page's top-left corner.
struct Layout {
  var width: Double, height: Double
  var plot: Rect
  var x: Axis, y: Axis
  /// Degrees the x tick labels are rotated (45 when category labels would collide).
  var xRotation = 0.0
  var colorbar: Rect?
  var colorbarAxis: Axis?

  /// Lays out `figure` at its size.
  init(_ figure: Figure, metrics m: TextMetrics) {
    width = figure.width * 72
    height = figure.height * 72
    (x, y) = Layout.ranges(figure)
    var cbar: Axis?
    if let heat = figure.heatmap, heat.colorbar {
      let finite = heat.values.joined().filter(\.isFinite)
      let lo = finite.min() ?? 0
      let hi = finite.max() ?? 1
      cbar = Axis(lo: lo, hi: hi > lo ? hi : lo + 1, log: false)
    }
    let tickH = m.height(size: Style.tickFont)
    let top =
      Style.pad + (figure.titleText != nil ? m.height(size: Style.titleFont) + 4 : tickH / 2)
    var bottom = Style.pad + Style.tickLength + 3 + tickH
    if figure.xlabelText != nil { bottom += m.height(size: Style.labelFont) + 2 }
    var left = Style.pad + Style.tickLength + 3
    if figure.ylabelText != nil { left += m.height(size: Style.labelFont) + 3 }
    var right = Style.pad
    plot = Rect(x: 0, y: top, w: width, h: height - top - bottom)
    // y ticks first (height is known), then the colorbar, then x ticks in two passes.
    y.ticks = Layout.ticks(y, length: plot.h, along: false, m)
    let yLabelWidth =
      y.ticks.map { m.width($0.label, size: Style.tickFont, sup: $0.sup) }.max() ?? 0
    left += yLabelWidth
    if var axis = cbar {
      axis.ticks = Layout.ticks(axis, length: plot.h, along: false, m)
      let w = axis.ticks.map { m.width($0.label, size: Style.tickFont, sup: $0.sup) }.max() ?? 0
      right += 8 + 8 + Style.tickLength + 3 + w
      colorbarAxis = axis
    }
    for _ in 0..<2 {
      plot.x = left
      plot.w = max(10, width - left - right)
      x.ticks = Layout.ticks(x, length: plot.w, along: true, m)
      xRotation = Layout.needsRotation(x, length: plot.w, m) ? 45 : 0
      let last = x.ticks.last.map { tick -> Double in
        let edge = plot.x + x.frac(tick.value) * plot.w
        let half = xRotation == 0 ? m.width(tick.label, size: Style.tickFont, sup: tick.sup) / 2 : 0
        return edge + half - (width - Style.pad - (colorbarAxis == nil ? 0 : right - Style.pad))
      }
      if let overflow = last, overflow > 0 { right += overflow }
      if xRotation != 0 {
        let widest = x.ticks.map { m.width($0.label, size: Style.tickFont) }.max() ?? 0
        bottom = Style.pad + Style.tickLength + 3 + (widest + tickH) * 0.7072
        if figure.xlabelText != nil { bottom += m.height(size: Style.labelFont) + 2 }
        if let first = x.ticks.first {
          let reach = m.width(first.label, size: Style.tickFont) * 0.7072
          left = max(left, Style.pad + reach - x.frac(first.value) * plot.w)
        }
      }
      plot.h = max(10, height - top - bottom)
    }
    if let axis = colorbarAxis {
      colorbar = Rect(x: plot.maxX + 8, y: plot.y, w: 8, h: plot.h)
      colorbarAxis?.ticks = Layout.ticks(axis, length: plot.h, along: false, m)
    }
    y.ticks = Layout.ticks(y, length: plot.h, along: false, m)
  }

  /// Ticks for `axis` over `length` points, the densest 1-2-5 (or decade) spacing whose labels
  /// keep a gap: label widths along x, label heights along y.
  static func ticks(_ axis: Axis, length: Double, along: Bool, _ m: TextMetrics) -> [Tick] {
    if let categories = axis.categories {
      var step = 1
      while along == false
        && Double(step) * length / Double(categories.count)
          < m.height(size: Style.tickFont) * 1.2
      {
        step *= 2
      }
      return stride(from: 0, to: categories.count, by: step).map {
        Tick(value: Double($0), label: categories[$0], sup: nil)
      }
    }
    let (lo, hi) = (min(axis.lo, axis.hi), max(axis.lo, axis.hi))
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
    if axis.log {
      for k in 1...40 {
        let t = Ticks.logLabels(Ticks.log(lo: lo, hi: hi, stride: k))
        if fits(t) { return t }
      }
      return []
    }
    var step = Ticks.niceStep(span: hi - lo, maxCount: max(2, Int(length / (along ? 24 : 16))))
    for _ in 0..<30 {
      let t = Ticks.linearLabels(Ticks.linear(lo: lo, hi: hi, step: step), step: step)
      if fits(t) { return t }
      step = Ticks.nextStep(step)
    }
    return []
  }

  /// Category labels wider than their slots are drawn at 45°.
  static func needsRotation(_ axis: Axis, length: Double, _ m: TextMetrics) -> Bool {
    guard let categories = axis.categories, categories.count > 1 else { return false }
    let slot = length / Double(categories.count)
    return categories.contains { m.width($0, size: Style.tickFont) + 4 > slot }
  }

  /// Data ranges: limits if set, else padded extents (bars, histograms start at 0).
  static func ranges(_ f: Figure) -> (Axis, Axis) {
    if let heat = f.heatmap {
      let rows = heat.values.count
      let cols = heat.values[0].count
      return (
        Axis(lo: -0.5, hi: Double(cols) - 0.5, log: false, categories: (0..<cols).map(String.init)),
        Axis(lo: Double(rows) - 0.5, hi: -0.5, log: false, categories: (0..<rows).map(String.init))
      )
    }
    var categories: [String] = []
    for s in f.series {
      if case .bars(let labels, _, _, _) = s.mark {
        for l in labels where !categories.contains(l) { categories.append(l) }
      }
    }
    func extent(_ values: [Double], log: Bool) -> (Double, Double)? {
      let ok = values.filter { $0.isFinite && (!log || $0 > 0) }
      guard let lo = ok.min(), let hi = ok.max() else { return nil }
      return (lo, hi)
    }
    let sticky = f.series.contains { $0.hasBaseline }
    var x: Axis
    if !categories.isEmpty {
      x = Axis(lo: -0.5, hi: Double(categories.count) - 0.5, log: false, categories: categories)
    } else {
      let (a, b) = extent(f.series.flatMap(\.xValues), log: f.xlog) ?? (f.xlog ? (1, 10) : (0, 1))
      let (lo, hi) = Ticks.autoLimits(lo: a, hi: b, log: f.xlog, pad: 0.05, stickyZero: false)
      x = Axis(lo: lo, hi: hi, log: f.xlog)
    }
    var ys = f.series.flatMap(\.yValues)
    if sticky && !f.ylog { ys.append(0) }
    let (c, d) = extent(ys, log: f.ylog) ?? (f.ylog ? (1, 10) : (0, 1))
    let (ylo, yhi) = Ticks.autoLimits(lo: c, hi: d, log: f.ylog, pad: 0.05, stickyZero: sticky)
    var y = Axis(lo: ylo, hi: yhi, log: f.ylog)
    if let (lo, hi) = f.xlimits, lo != hi, x.categories == nil { (x.lo, x.hi) = (lo, hi) }
    if let (lo, hi) = f.ylimits, lo != hi { (y.lo, y.hi) = (lo, hi) }
    return (x, y)
  }
}
