// Subplots: `plot.grid(rows, cols, …)` makes a grid value whose panels are figures
// (`g.panel(i)`, `g.panel(r, c)`, and `g[i]` / `g[r, c]` through `index`); `g.save(path)`
// writes them as one file. `plot.grid` is also the figure method `f.grid(on)` (grid lines), so
// it dispatches on whether its first argument is a figure; `plot.save` on figure vs grid.
import Interp
import Plot

/// A grid of panels as an FSL value; its panels are `FigureObject`s made once, so `g.panel(0)`
/// is the same value every time (they hold the `FigureGrid`, not this object: no cycle).
final class GridObject: IndexableObject {
  let grid: FigureGrid
  let panels: [FigureObject]

  init(_ grid: FigureGrid) {
    self.grid = grid
    panels = grid.panels.indices.map { FigureObject(grid.panels[$0], panelOf: (grid, $0)) }
  }

  var typeName: String { "grid" }
  var repr: String { "<grid \(grid.shape)>" }
  var methodModule: String { "plot" }

  /// The panel at row-major `index`, or at (`index`, `col`); negatives count from the end.
  func panel(_ index: Int, col: Int?) throws -> FigureObject {
    do {
      let i = try col.map { try grid.position(row: index, col: $0) } ?? grid.position(index)
      return panels[i]
    } catch let e as PlotError {
      throw RuntimeError.index("\(e)")
    }
  }

  /// `g[i]` and `g[r, c]`: integer indices only.
  func item(_ items: [Value]) throws -> Value {
    guard (1...2).contains(items.count) else {
      throw RuntimeError.type(
        "grid indices take a panel number or a row and column, got \(items.count) indices")
    }
    let ints = try items.map { v -> Int in
      guard let d = v.scalarDouble, d.rounded() == d, abs(d) < 1e9 else {
        let got = v.scalarDouble.map(formatNumber) ?? v.typeName
        throw RuntimeError.type("grid indices must be integers, got \(got)")
      }
      return Int(d)
    }
    return .object(try panel(ints[0], col: ints.count == 2 ? ints[1] : nil))
  }
}

extension PlotBuiltins {
  /// `plot.grid(rows, cols, …)` makes a grid; `f.grid(on)` turns a figure's grid lines on/off.
  static let grid = Builtin(
    "grid", module: "plot",
    params: [
      .init("rows", "number|figure"), .init("cols", "number|bool", default: opt),
      .init("preset", "string", default: opt), .init("width", "number", default: opt),
      .init("height", "number", default: opt), .init("sharex", "bool", default: .bool(false)),
      .init("sharey", "bool", default: .bool(false)), .init("on", "bool", default: opt),
    ],
    summary:
      "plot.grid(rows, cols): a grid of panels (subplots), optionally sharing axes; "
      + "f.grid(on=true): grid lines on a figure.",
    doc: """
      With numbers, returns a grid of rows × cols panels on one page: `g.panel(i)` (row-major, \
      negatives from the end) or `g.panel(r, c)` is a figure that takes every figure method, \
      and `g.save(path, dpi=300)` writes all panels as one PNG, PDF or SVG. The page is \
      `width` inches wide (or a preset's column: icml, icml2, neurips; else 3.25); the height \
      defaults to rows × (panel width / golden ratio + 0.35 in). `sharex`/`sharey` give all \
      panels one x/y range (scales and limits set on one panel apply to all) and leave tick \
      labels only on the bottom row / left column. Plot rectangles line up across rows and \
      columns; panels with nothing on them stay blank. On a figure, `f.grid(true)` shows grid \
      lines at the major ticks.
      """,
    example: """
      g = plot.grid(1, 2, preset="icml2", sharey=true)
      g.panel(0).line([1, 2, 3], [1, 4, 9])
      g.panel(-1).grid(true)
      g  # -> <grid 1×2>
      """,
    effect: .plot
  ) { a in
    if case .object(let o) = a[0], o is FigureObject {
      for i in 2...6 where !a.isNil(i) && !(i >= 5 && a[i].isTruthy == false) {
        throw RuntimeError.type(
          "grid: '\(a.builtin.params[i].name)' is for plot.grid(rows, cols); on a figure, "
            + "grid(on) only turns grid lines on or off")
      }
      if !a.isNil(1) && !a.isNil(7) {
        throw RuntimeError.type("grid: got both a positional 'on' and on=")
      }
      let on = a.isNil(7) ? (a.isNil(1) ? true : try a.bool(1)) : try a.bool(7)
      try a.figure(0).grid(on)
      return .null
    }
    if case .object(let o) = a[0], o is GridObject {
      throw RuntimeError.type(
        "grid: a grid has no grid lines of its own; call grid(true) on a panel, "
          + "e.g. g[0].grid(true)")
    }
    guard !a.isNil(1) else {
      throw RuntimeError.type("grid: missing 'cols' (plot.grid(rows, cols) makes subplots)")
    }
    guard a.isNil(7) else {
      throw RuntimeError.type("grid: 'on' is for a figure's grid lines (f.grid(true))")
    }
    let (rows, cols) = (try a.int(0), try a.int(1))
    let (w, h, preset) = (try a.optionalNumber(3), try a.optionalNumber(4), try a.optionalString(2))
    let (sharex, sharey) = (try a.bool(5), try a.bool(6))
    let g = try plotCall {
      try FigureGrid(
        rows: rows, cols: cols, width: w, height: h, preset: preset, sharex: sharex,
        sharey: sharey)
    }
    let object = GridObject(g)
    FigureLog.record(object)
    return .object(object)
  }

  /// `g.panel(i)` / `g.panel(r, c)`.
  static let panel = Builtin(
    "panel", module: "plot",
    params: [
      .init("grid", "grid"), .init("index", "number"), .init("col", "number", default: opt),
    ],
    summary: "A panel of a grid as a figure: g.panel(i) row-major (negatives from the end), "
      + "or g.panel(row, col).",
    example: """
      g = plot.grid(2, 2)
      g.panel(1, 0).scatter([1, 2], [3, 4])
      g.panel(-1)  # -> <figure: panel 3 of a 2×2 grid>
      """,
    effect: .plot
  ) { a in
    guard case .object(let o) = a[0], let g = o as? GridObject else {
      throw a.fail(0, "a grid from plot.grid(rows, cols)")
    }
    return .object(try g.panel(try a.int(1), col: a.isNil(2) ? nil : try a.int(2)))
  }

  /// `f.save(path)` for a figure, `g.save(path)` for a whole grid.
  static let save = Builtin(
    "save", module: "plot",
    params: [
      .init("fig", "figure|grid"), .init("path", "string"),
      .init("dpi", "number", default: .number(300)),
    ],
    summary:
      "Writes a figure or grid by extension (.png, .pdf, .svg), atomically; PNGs carry dpi "
      + "and source.",
    example: "f = plot.figure(); f.line([1, 2], [1, 2]); f.save(\"/tmp/fsl_doc.svg\")  # -> nil",
    effect: .plot
  ) { a in
    let dpi = try a.number(2)
    guard dpi >= 10, dpi <= 2400 else {
      throw RuntimeError.value(
        "save: 'dpi' must be between 10 and 2400, got \(formatNumber(dpi))")
    }
    let (path, software) = (try a.string(1), "fsl \(fslVersionString)")
    let source = sourceStamp(a.interp)
    if case .object(let o) = a[0], let g = o as? GridObject {
      let warnings = try plotCall {
        try g.grid.save(path: path, dpi: dpi, software: software, source: source)
      }
      warnLayout(a.interp, warnings)
      return .null
    }
    if case .object(let o) = a[0], let f = o as? FigureObject, let (grid, index) = f.panelOf {
      throw RuntimeError.type(
        "save: this figure is panel \(index) of a \(grid.shape) grid; save the whole grid "
          + "(g.save(path))")
    }
    let f = try a.figure(0)
    warnLayout(
      a.interp,
      try plotCall { try f.save(path: path, dpi: dpi, software: software, source: source) })
    return .null
  }
}
