// A grid of panels saved as one figure (`plot.grid`, docs/plots.md "Subplots"): each panel is a
// Figure that takes every figure call, and `save` lays them all out together (GridLayout).

/// `rows × cols` panels on one page, optionally sharing x and/or y axes.
public final class FigureGrid {
  /// The number of panel rows and columns.
  public let rows: Int, cols: Int
  /// Page width and height in inches.
  public let width: Double, height: Double
  /// The most the height may grow to keep three y ticks on every panel (inches).
  let maxHeight: Double
  /// Whether panels share one x (y) range, with inner tick labels left off.
  public let sharex: Bool, sharey: Bool
  /// The panels, row-major.
  public let panels: [Figure]
  /// Keeps the share groups alive (panels refer to them weakly).
  private let groups: [ShareGroup]

  /// The most rows or columns a grid may have.
  public static let maxSide = 10

  /// A grid `width` inches wide (or a preset's column width, else 3.25 in); the height
  /// defaults to `rows` × (panel width / golden ratio + 0.35 in for tick and axis labels).
  public init(
    rows: Int, cols: Int, width: Double?, height: Double?, preset: String?, sharex: Bool,
    sharey: Bool
  ) throws {
    for (name, n) in [("rows", rows), ("cols", cols)] where !(1...FigureGrid.maxSide).contains(n) {
      throw PlotError.invalid("grid: '\(name)' must be 1…\(FigureGrid.maxSide), got \(n)")
    }
    let w = try Figure.pageWidth(width, preset: preset, call: "grid")
    let h = height ?? Double(rows) * (w / Double(cols) / Figure.golden + 0.35)
    try Figure.checkPage(w, h, call: "grid")
    (self.rows, self.cols, self.width, self.height) = (rows, cols, w, h)
    maxHeight = Figure.maxHeight(default: h, given: height != nil, preset: preset)
    (self.sharex, self.sharey) = (sharex, sharey)
    let panels = (0..<(rows * cols)).map { _ in
      Figure(panelWidth: w / Double(cols), height: h / Double(rows))
    }
    var groups: [ShareGroup] = []
    if sharex {
      let group = ShareGroup(panels)
      for p in panels { p.xShare = group }
      groups.append(group)
    }
    if sharey {
      let group = ShareGroup(panels)
      for p in panels { p.yShare = group }
      groups.append(group)
    }
    self.panels = panels
    self.groups = groups
  }

  /// "2×3", for messages.
  public var shape: String { "\(rows)×\(cols)" }

  /// The row-major position of panel `index`; negative indices count back from the last panel.
  public func position(_ index: Int) throws -> Int {
    let n = panels.count
    let i = index < 0 ? index + n : index
    guard panels.indices.contains(i) else {
      throw PlotError.invalid(
        "grid: index \(index) is out of range for a \(shape) grid (panels 0…\(n - 1), "
          + "or -\(n)…-1 from the end)")
    }
    return i
  }

  /// The row-major position of the panel at `row`, `col` (negatives count from the end).
  public func position(row: Int, col: Int) throws -> Int {
    let r = row < 0 ? row + rows : row
    let c = col < 0 ? col + cols : col
    guard (0..<rows).contains(r) else {
      throw PlotError.invalid(
        "grid: row \(row) is out of range for a \(shape) grid (rows 0…\(rows - 1))")
    }
    guard (0..<cols).contains(c) else {
      throw PlotError.invalid(
        "grid: column \(col) is out of range for a \(shape) grid (columns 0…\(cols - 1))")
    }
    return r * cols + c
  }

  /// The layout of every panel on the page, grown (up to `maxHeight`) while a panel's y axis
  /// has fewer than three ticks; warnings for what could not be fitted.
  func layout(_ metrics: TextMetrics) -> GridLayout {
    func at(_ h: Double) -> GridLayout {
      GridLayout(
        panels, rows: rows, cols: cols, width: width * 72, height: h, sharex: sharex,
        sharey: sharey, metrics: metrics)
    }
    var h = height * 72
    var grid = at(h)
    while grid.panels.contains(where: { $0?.lacksYTicks == true }),
      h + Layout.growStep * Double(rows) <= maxHeight * 72 + 1e-9
    {
      h += Layout.growStep * Double(rows)
      grid = at(h)
    }
    for (i, panel) in grid.panels.enumerated() {
      guard let panel else { continue }
      var notes = panel.labelWarnings
      if panel.lacksYTicks {
        notes.append(panel.fewTicksWarning(grown: h > height * 72, given: maxHeight == height))
      }
      grid.warnings += notes.map { "panel \(i): \($0)" }
    }
    return grid
  }

  /// The display list of the whole page: each drawn panel's items in row-major order.
  func scene() throws -> Scene {
    let metrics = try TextMetrics()
    let grid = layout(metrics)
    var scene = Scene(width: grid.width, height: grid.height, warnings: grid.warnings)
    for (figure, layout) in zip(panels, grid.panels) {
      guard let layout else { continue }
      var builder = SceneBuilder(figure, layout: layout, metrics: metrics)
      scene.items += builder.build().items
    }
    return scene
  }

  /// A text dump of the Scene (display list) for snapshot tests.
  public func sceneDump() throws -> String { try scene().dump() }

  /// Writes all panels as one file by extension (.png with pHYs and text chunks, .pdf, .svg),
  /// atomically; returns what the layout could not do as asked (labels shrunk, few ticks).
  @discardableResult
  public func save(path: String, dpi: Double, software: String, source: String?) throws
    -> [String]
  {
    let scene = try scene()
    try scene.write(to: path, dpi: dpi, software: software, source: source)
    return scene.warnings
  }

  /// The PNG file this grid would be saved as, in memory (for notebook reports).
  public func pngBytes(dpi: Double, software: String, source: String?) throws -> [UInt8] {
    try scene().pngBytes(dpi: dpi, software: software, source: source)
  }
}
