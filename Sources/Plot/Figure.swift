// The pure description of one figure: what was asked for, validated, with colours resolved.
//
// Nothing here measures text or draws: `Layout` turns a Figure into positions, `SceneBuilder`
// into a display list, `CairoRenderer` into pixels. Every call checks its input and throws a
// `PlotError.invalid` naming the call and the argument; NaN/inf points are kept and skipped
// when drawn (they break lines).

/// A marker shape for `line`.
enum Marker: String, Sendable, CaseIterable {
  case circle = "o"
  case square = "s"
  case triangle = "^"
  case cross = "x"
  case plus = "+"
}

/// What one plotting call added.
enum Mark {
  case line(x: [Double], y: [Double], dash: [Double], marker: Marker?)
  /// `colors` are per-point (already mapped through a colormap), else the series colour.
  case scatter(x: [Double], y: [Double], size: Double, colors: [RGBA]?)
  /// Categorical bars; `group` is this call's index among the figure's bar calls.
  case bars(labels: [String], heights: [Double], err: [Double]?, group: Int)
  case hist(edges: [Double], counts: [Double])
  case errorbar(x: [Double], y: [Double], err: [Double])
  case band(x: [Double], lo: [Double], hi: [Double])
}

/// One plotted element with its resolved colour and legend label.
struct Series {
  var mark: Mark
  var color: RGBA
  var label: String?
}

/// A heatmap of `values[row][col]` drawn with row 0 at the top.
struct Heatmap {
  var values: [[Double]]
  var cmap: Colormap
  var labels: Bool
}

/// What a colorbar shows: a colormap over the value range `lo…hi` (heatmap cells or scatter
/// colours).
struct ColorScale {
  var cmap: Colormap
  var lo: Double, hi: Double

  /// The scale over the finite `values` (0…1 when there are none; a constant widens to +1).
  init(_ cmap: Colormap, values: some Sequence<Double>) {
    var lo = Double.infinity
    var hi = -Double.infinity
    for v in values where v.isFinite {
      lo = min(lo, v)
      hi = max(hi, v)
    }
    if lo > hi { (lo, hi) = (0, 1) }
    (self.cmap, self.lo, self.hi) = (cmap, lo, hi > lo ? hi : lo + 1)
  }
}

/// A single-axes figure; see docs/plots.md. Sizes are in inches, text in points.
public final class Figure {
  /// Width and height in inches.
  let width: Double, height: Double
  /// The most the height may grow to keep three y ticks when it was not given (inches); the
  /// given height itself when it was.
  let maxHeight: Double
  var series: [Series] = []
  var heatmap: Heatmap?
  /// The scale a colorbar beside the plot shows (heatmap, or a scatter's `values`).
  var colorScale: ColorScale?
  var notes: [(x: Double, y: Double, text: String)] = []
  var titleText: String?, xlabelText: String?, ylabelText: String?
  /// `nil`: no legend; `"best"`: least overlap; else a position name.
  var legendPosition: String?
  var xlog = false, ylog = false
  var xlimits: (Double, Double)?, ylimits: (Double, Double)?
  var gridOn = false
  /// For a grid panel with shared axes: the panels whose scale and limits follow this one's.
  weak var xShare: ShareGroup?, yShare: ShareGroup?
  private var nextColor = 0
  private var barGroups = 0

  /// Venue column widths in inches.
  static let presets: [String: Double] = ["icml": 3.25, "icml2": 6.75, "neurips": 5.5]
  /// The text block height of each venue (ICML and NeurIPS: 9 in), the tallest a figure can be
  /// on the page; also the limit without a preset.
  static let textHeights: [String: Double] = ["icml": 9, "icml2": 9, "neurips": 9]
  static let defaultTextHeight = 9.0

  /// How tall a figure of default height `h` may grow: the venue's text block (at least `h`),
  /// or `h` when the height was given.
  static func maxHeight(default h: Double, given: Bool, preset: String?) -> Double {
    if given { return h }
    let text = preset.flatMap { textHeights[$0.lowercased()] } ?? defaultTextHeight
    return max(h, text)
  }
  /// Legend positions accepted by `legend`.
  static let legendPositions = [
    "upper right", "upper left", "lower left", "lower right", "right", "center left",
    "center right", "lower center", "upper center", "center",
  ]

  /// A figure `width × height` inches; `preset` sets the width of a venue's column
  /// (icml 3.25, icml2 6.75, neurips 5.5); height defaults to width / golden ratio.
  public init(width: Double?, height: Double?, preset: String?) throws {
    let w = try Figure.pageWidth(width, preset: preset, call: "figure")
    let h = height ?? w / Figure.golden
    try Figure.checkPage(w, h, call: "figure")
    self.width = w
    self.height = h
    maxHeight = Figure.maxHeight(default: h, given: height != nil, preset: preset)
  }

  static let golden = 1.618_033_988_75

  /// `width`, else the width of `preset`'s column, else 3.25 in.
  static func pageWidth(_ width: Double?, preset: String?, call: String) throws -> Double {
    guard let preset else { return width ?? 3.25 }
    guard let presetWidth = Figure.presets[preset.lowercased()] else {
      throw PlotError.invalid(
        "\(call): unknown preset \"\(preset)\" (expected icml, icml2 or neurips)")
    }
    return width ?? presetWidth
  }

  /// Page sides must be 0.5…50 inches.
  static func checkPage(_ w: Double, _ h: Double, call: String) throws {
    for (name, v) in [("width", w), ("height", h)] where !(v.isFinite && v > 0.5 && v <= 50) {
      throw PlotError.invalid("\(call): '\(name)' must be between 0.5 and 50 inches, got \(v)")
    }
  }

  /// A grid panel: sized by its grid, which checked the page size.
  init(panelWidth: Double, height: Double) {
    width = panelWidth
    self.height = height
    maxHeight = height
  }

  /// Whether nothing was drawn or written on this figure (a grid leaves such panels blank).
  var isBlank: Bool {
    series.isEmpty && heatmap == nil && notes.isEmpty && titleText == nil && xlabelText == nil
      && ylabelText == nil
  }

  private func color(_ text: String?, call: String) throws -> RGBA {
    if let text { return try Palette.parse(text, call: call) }
    defer { nextColor += 1 }
    return Palette.cycle[nextColor % Palette.cycle.count]
  }

  /// A line through (x, y); `style` is "-", "--", ":" or "-."; `marker` one of o s ^ x +.
  public func line(
    x: [Double], y: [Double], label: String?, style: String?, marker: String?, color: String?
  ) throws {
    try Check.pair("line", x, y)
    let dashes: [String: [Double]] = [
      "-": [], "--": [3.7, 1.6], ":": [1, 1.65], "-.": [6.4, 1.6, 1, 1.6],
    ]
    guard let dash = dashes[style ?? "-"] else {
      throw PlotError.invalid("line: unknown 'style' \"\(style ?? "")\" (expected -, --, : or -.)")
    }
    var shape: Marker?
    if let marker {
      guard let m = Marker(rawValue: marker) else {
        throw PlotError.invalid("line: unknown 'marker' \"\(marker)\" (expected o, s, ^, x or +)")
      }
      shape = m
    }
    try Check.positive(self, "line", x: x, y: y)
    let c = try self.color(color, call: "line")
    series.append(
      Series(
        mark: .line(x: x, y: y, dash: dash, marker: shape), color: c,
        label: label.map(MathText.styled)))
  }

  /// Points at (x, y); `size` is the marker diameter in points (default 3); `values` colour
  /// each point through `cmap` (viridis by default), with a colorbar if `colorbar`.
  public func scatter(
    x: [Double], y: [Double], size: Double?, alpha: Double?, color: String?, values: [Double]?,
    cmap: String?, label: String?, colorbar: Bool = false
  ) throws {
    try Check.pair("scatter", x, y)
    let a = try Check.alpha("scatter", alpha, default: 1)
    let s = size ?? 3
    guard s.isFinite, s > 0, s <= 100 else {
      throw PlotError.invalid("scatter: 'size' must be in (0, 100] points, got \(s)")
    }
    var colors: [RGBA]?
    if let values {
      guard values.count == x.count else {
        throw PlotError.invalid(
          "scatter: 'values' has \(values.count) entries but 'x' has \(x.count)")
      }
      let scale = ColorScale(try Colormap.named(cmap, call: "scatter"), values: values)
      colors = values.map {
        scale.cmap.color(at: ($0 - scale.lo) / (scale.hi - scale.lo)).withAlpha(a)
      }
      if colorbar { colorScale = scale }
    } else if let cmap {
      _ = try Colormap.named(cmap, call: "scatter")
    }
    if colorbar && values == nil {
      throw PlotError.invalid("scatter: 'colorbar' needs numbers in 'color' to map through 'cmap'")
    }
    try Check.positive(self, "scatter", x: x, y: y)
    let c = try self.color(color, call: "scatter").withAlpha(a)
    series.append(
      Series(
        mark: .scatter(x: x, y: y, size: s, colors: colors), color: c,
        label: label.map(MathText.styled)))
  }

  /// Bars at categories `labels`; repeated calls are grouped side by side.
  public func bar(
    labels: [String], heights: [Double], err: [Double]?, color: String?, label: String?
  ) throws {
    guard !labels.isEmpty else { throw PlotError.invalid("bar: 'labels' is empty") }
    guard labels.count == heights.count else {
      throw PlotError.invalid(
        "bar: 'labels' has \(labels.count) entries but 'heights' has \(heights.count)")
    }
    if let err, err.count != heights.count {
      throw PlotError.invalid(
        "bar: 'err' has \(err.count) entries but 'heights' has \(heights.count)")
    }
    if ylog, heights.contains(where: { $0.isFinite && $0 <= 0 }) {
      throw PlotError.invalid("bar: 'heights' has values ≤ 0, which a log y axis cannot show")
    }
    let c = try self.color(color, call: "bar")
    series.append(
      Series(
        mark: .bars(
          labels: labels.map(MathText.styled), heights: heights, err: err, group: barGroups),
        color: c, label: label.map(MathText.styled)))
    barGroups += 1
  }

  /// A histogram of the finite values of `x` in `bins` equal-width bins.
  public func hist(_ x: [Double], bins: Int, color: String?, label: String?, alpha: Double?) throws
  {
    guard (1...10_000).contains(bins) else {
      throw PlotError.invalid("hist: 'bins' must be in 1…10000, got \(bins)")
    }
    let data = x.filter(\.isFinite)
    guard let lo = data.min(), let hi = data.max() else {
      throw PlotError.invalid("hist: 'x' has no finite values")
    }
    let (a, b) = hi > lo ? (lo, hi) : (lo - 0.5, hi + 0.5)
    let width = (b - a) / Double(bins)
    let edges = (0...bins).map { a + Double($0) * width }
    var counts = [Double](repeating: 0, count: bins)
    for v in data { counts[min(bins - 1, Int((v - a) / width))] += 1 }
    if xlog, a <= 0 { throw PlotError.invalid("hist: 'x' has values ≤ 0 on a log x axis") }
    let opacity = try Check.alpha("hist", alpha, default: 1)
    let c = try self.color(color, call: "hist").withAlpha(opacity)
    series.append(
      Series(mark: .hist(edges: edges, counts: counts), color: c, label: label.map(MathText.styled))
    )
  }

  /// Points (x, y) with vertical error bars ±`err`.
  public func errorbar(x: [Double], y: [Double], err: [Double], label: String?, color: String?)
    throws
  {
    try Check.pair("errorbar", x, y)
    guard err.count == y.count else {
      throw PlotError.invalid("errorbar: 'err' has \(err.count) values but 'y' has \(y.count)")
    }
    try Check.positive(self, "errorbar", x: x, y: y)
    let c = try self.color(color, call: "errorbar")
    series.append(
      Series(mark: .errorbar(x: x, y: y, err: err), color: c, label: label.map(MathText.styled)))
  }

  /// A shaded band between `lo` and `hi` over `x` (alpha 0.25 by default).
  public func band(
    x: [Double], lo: [Double], hi: [Double], alpha: Double?, color: String?, label: String?
  ) throws {
    try Check.pair("band", x, lo, second: "lo")
    try Check.pair("band", x, hi, second: "hi")
    try Check.positive(self, "band", x: x, y: lo + hi)
    let opacity = try Check.alpha("band", alpha, default: 0.25)
    let c = try self.color(color, call: "band").withAlpha(opacity)
    series.append(
      Series(mark: .band(x: x, lo: lo, hi: hi), color: c, label: label.map(MathText.styled)))
  }

  /// A heatmap of `values` (rows × columns, row 0 on top) through `cmap`.
  public func heatmap(_ values: [[Double]], cmap: String?, colorbar: Bool, labels: Bool) throws {
    guard let cols = values.first?.count, cols > 0 else {
      throw PlotError.invalid("heatmap: 'values' is empty")
    }
    if let bad = values.firstIndex(where: { $0.count != cols }) {
      throw PlotError.invalid(
        "heatmap: row \(bad) has \(values[bad].count) values but row 0 has \(cols)")
    }
    guard values.count * cols <= 4_000_000 else {
      throw PlotError.invalid("heatmap: 'values' has more than 4,000,000 cells")
    }
    let map = try Colormap.named(cmap, call: "heatmap")
    heatmap = Heatmap(values: values, cmap: map, labels: labels)
    colorScale = colorbar ? ColorScale(map, values: values.joined()) : nil
  }

  /// Text at data coordinates (x, y), left-aligned, vertically centred.
  public func text(x: Double, y: Double, _ s: String) {
    notes.append((x, y, MathText.styled(s)))
  }
  /// The x axis label.
  public func xlabel(_ s: String) { xlabelText = MathText.styled(s) }
  /// The y axis label.
  public func ylabel(_ s: String) { ylabelText = MathText.styled(s) }
  /// The title above the axes.
  public func title(_ s: String) { titleText = MathText.styled(s) }

  /// Shows a legend at `position` ("upper right" … "lower left"), or where it hides the
  /// fewest data points for "best"/nil.
  public func legend(_ position: String?) throws {
    let p = (position ?? "best").lowercased()
    guard p == "best" || Figure.legendPositions.contains(p) else {
      throw PlotError.invalid(
        "legend: unknown position \"\(position ?? "")\" (expected best, "
          + Figure.legendPositions.joined(separator: ", ") + ")")
    }
    legendPosition = p
  }

  /// Sets the x scale: "linear" or "log" (on every panel sharing this x axis).
  public func xscale(_ s: String) throws {
    let panels = ShareGroup.panels(sharing: self, xShare, axis: "x")
    let log = try panels.map { try Check.scale($0, s, axis: "x") }.contains(true)
    for f in panels { f.xlog = log }
  }
  /// Sets the y scale: "linear" or "log" (on every panel sharing this y axis).
  public func yscale(_ s: String) throws {
    let panels = ShareGroup.panels(sharing: self, yShare, axis: "y")
    let log = try panels.map { try Check.scale($0, s, axis: "y") }.contains(true)
    for f in panels { f.ylog = log }
  }
  /// Fixes the x range (of every panel sharing this x axis).
  public func xlim(_ lo: Double, _ hi: Double) {
    for f in xShare?.members ?? [self] { f.xlimits = (lo, hi) }
  }
  /// Fixes the y range (of every panel sharing this y axis).
  public func ylim(_ lo: Double, _ hi: Double) {
    for f in yShare?.members ?? [self] { f.ylimits = (lo, hi) }
  }
  /// Turns grid lines at the major ticks on or off.
  public func grid(_ on: Bool) { gridOn = on }
}

/// The panels of a grid that share one axis: a scale or limit set on one applies to all.
final class ShareGroup {
  let members: [Figure]
  init(_ members: [Figure]) { self.members = members }

  /// The members with a numeric axis: heatmaps (and, along x, bar charts) have categories.
  func numeric(axis: String) -> [Figure] {
    members.filter { f in
      f.heatmap == nil && !(axis == "x" && f.series.contains { $0.isBars })
    }
  }

  /// The panels a scale set on `figure` applies to: its group's numeric members, or just
  /// itself (alone, or a heatmap, whose own check then explains the error).
  static func panels(sharing figure: Figure, _ group: ShareGroup?, axis: String) -> [Figure] {
    guard let numeric = group?.numeric(axis: axis), numeric.contains(where: { $0 === figure })
    else { return [figure] }
    return numeric
  }
}
