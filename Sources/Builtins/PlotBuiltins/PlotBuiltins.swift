// The `plot` module (docs/plots.md): `plot.figure(…)` makes a figure value whose methods
// (`f.line(x, y)`, `f.save("fig.png")`) are the members of this module with the figure first.
import Crypto
import Foundation
import Interp
import Plot
import Tensor

/// A figure as an FSL value: one made by `plot.figure`, or a panel of a grid.
final class FigureObject: ForeignObject {
  let figure: Figure
  /// For a panel: its grid (kept alive by the panel) and row-major position.
  let panelOf: (grid: FigureGrid, index: Int)?
  init(_ figure: Figure, panelOf: (grid: FigureGrid, index: Int)? = nil) {
    self.figure = figure
    self.panelOf = panelOf
  }
  var typeName: String { "figure" }
  var repr: String {
    guard let (grid, index) = panelOf else { return "<figure>" }
    return "<figure: panel \(index) of a \(grid.shape) grid>"
  }
  var methodModule: String { "plot" }
}

extension Arguments {
  /// The figure (or grid panel) in argument `i`; a grid gets a message pointing at its panels.
  func figure(_ i: Int) throws -> Figure {
    if case .object(let o) = values[i] {
      if let f = o as? FigureObject { return f.figure }
      if let g = o as? GridObject {
        throw RuntimeError.type(
          "\(builtin.name): a \(g.grid.shape) grid has no '\(builtin.name)'; call it on one of "
            + "its panels, e.g. g[0].\(builtin.name)(…)")
      }
    }
    throw fail(i, "a figure from plot.figure()")
  }

  /// Numbers from a tensor, a list of numbers, or one number.
  func doubles(_ i: Int) throws -> [Double] {
    if let d = values[i].scalarDouble, case .number = values[i] { return [d] }
    guard let t = values[i].asTensorValue, t.rank <= 1 else {
      throw fail(i, "a 1-d tensor or list of numbers")
    }
    return t.doubles
  }

  func optionalString(_ i: Int) throws -> String? { isNil(i) ? nil : try string(i) }
  /// A label; Figure renders its `$…$` math (Greek letters, sub/superscripts, italics).
  func label(_ i: Int) throws -> String? { isNil(i) ? nil : try string(i) }
  func optionalNumber(_ i: Int) throws -> Double? { isNil(i) ? nil : try number(i) }
  func optionalDoubles(_ i: Int) throws -> [Double]? { isNil(i) ? nil : try doubles(i) }
}

/// Warns when a plotting call's data hold NaN or ±inf, which are skipped
/// (docs/design.md §"Plot pipeline").
func warnNonFinite(_ interp: Interpreter, _ call: String, _ series: [Double]...) {
  let n = series.reduce(0) { $0 + $1.filter { !$0.isFinite }.count }
  guard n > 0 else { return }
  interp.warn("\(call): skipped \(n) non-finite value\(n == 1 ? "" : "s") (nan or inf)")
}

/// Warns about what a figure's layout could not do as asked (a label shrunk below 70 % of its
/// size, a y axis left with fewer than three ticks).
func warnLayout(_ interp: Interpreter, _ warnings: [String]) {
  for w in warnings { interp.warn("save: \(w)") }
}

/// Runs a plotting call, showing its errors as ValueError.
func plotCall<T>(_ body: () throws -> T) throws -> T {
  do { return try body() } catch let e as PlotError {
    throw e.isFileError ? RuntimeError.io("\(e)") : RuntimeError.value("\(e)")
  }
}

enum PlotBuiltins {
  static func method(
    _ name: String, _ params: [BuiltinParam], _ summary: String, _ example: String,
    _ body: @escaping (inout Arguments, Figure) throws -> Void
  ) -> Builtin {
    Builtin(
      name, module: "plot", params: [.init("fig", "figure")] + params, summary: summary,
      example: example, effect: .plot
    ) { a in
      let f = try a.figure(0)
      try plotCall { try body(&a, f) }
      return .null
    }
  }

  static let opt: Value = .null

  static let builtins: [Builtin] =
    [
      Builtin(
        "figure", module: "plot",
        params: [
          .init("width", "number", default: opt), .init("height", "number", default: opt),
          .init("preset", "string", default: opt),
        ],
        summary:
          "A new figure: width and height in inches, or a venue preset (icml, icml2, neurips).",
        example: "type(plot.figure(preset=\"icml\"))  # -> \"figure\"", effect: .plot
      ) { a in
        let (w, h, p) = (try a.optionalNumber(0), try a.optionalNumber(1), try a.optionalString(2))
        let f = try plotCall { try Figure(width: w, height: h, preset: p) }
        let object = FigureObject(f)
        FigureLog.record(object)
        return .object(object)
      }
    ] + marks + decorations + [panel]

  static let marks: [Builtin] = [
    method(
      "line",
      [
        .init("x", "tensor"), .init("y", "tensor"), .init("label", "string", default: opt),
        .init("style", "string", default: opt), .init("marker", "string", default: opt),
        .init("color", "string", default: opt),
      ],
      "A line through the points (x, y); style \"-\", \"--\", \":\", \"-.\"; marker \"o\", \"s\", …",
      "f = plot.figure(); f.line([1, 2], [3, 4], label=\"a\")  # -> nil"
    ) { a, f in
      warnNonFinite(a.interp, "line", try a.doubles(1), try a.doubles(2))
      try f.line(
        x: try a.doubles(1), y: try a.doubles(2), label: try a.label(3),
        style: try a.optionalString(4), marker: try a.optionalString(5),
        color: try a.optionalString(6))
    },
    method(
      "scatter",
      [
        .init("x", "tensor"), .init("y", "tensor"), .init("size", "number", default: opt),
        .init("alpha", "number", default: opt), .init("color", "string|tensor", default: opt),
        .init("cmap", "string", default: opt), .init("label", "string", default: opt),
        .init("colorbar", "bool", default: .bool(false)),
      ],
      "Points at (x, y); color is one colour or numbers mapped through cmap (viridis), "
        + "shown by a colorbar if colorbar=true.",
      "f = plot.figure(); f.scatter([1, 2], [3, 4], alpha=0.5)  # -> nil"
    ) { a, f in
      var color: String?
      var values: [Double]?
      if case .string(let s) = a[5] { color = s } else if !a.isNil(5) { values = try a.doubles(5) }
      warnNonFinite(a.interp, "scatter", try a.doubles(1), try a.doubles(2))
      try f.scatter(
        x: try a.doubles(1), y: try a.doubles(2), size: try a.optionalNumber(3),
        alpha: try a.optionalNumber(4), color: color, values: values, cmap: try a.optionalString(6),
        label: try a.label(7), colorbar: try a.bool(8))
    },
    method(
      "bar",
      [
        .init("labels", "list"), .init("heights", "tensor"), .init("err", "tensor", default: opt),
        .init("color", "string", default: opt), .init("label", "string", default: opt),
      ],
      "Bars with category labels, optionally with error bars.",
      "f = plot.figure(); f.bar([\"a\", \"b\"], [1, 2])  # -> nil"
    ) { a, f in
      try f.bar(
        labels: try a.list(1).map(\.str), heights: try a.doubles(2),
        err: try a.optionalDoubles(3),
        color: try a.optionalString(4), label: try a.label(5))
    },
    method(
      "hist",
      [
        .init("x", "tensor"), .init("bins", "number", default: .number(30)),
        .init("color", "string", default: opt), .init("label", "string", default: opt),
        .init("alpha", "number", default: opt),
      ],
      "A histogram of x with `bins` equal bins.",
      "f = plot.figure(); f.hist([1, 2, 2, 3], bins=3)  # -> nil"
    ) { a, f in
      try f.hist(
        try a.doubles(1), bins: try a.int(2), color: try a.optionalString(3),
        label: try a.label(4), alpha: try a.optionalNumber(5))
    },
    method(
      "errorbar",
      [
        .init("x", "tensor"), .init("y", "tensor"), .init("err", "tensor"),
        .init("label", "string", default: opt), .init("color", "string", default: opt),
      ],
      "Points with symmetric error bars.",
      "f = plot.figure(); f.errorbar([1, 2], [3, 4], [0.1, 0.2])  # -> nil"
    ) { a, f in
      try f.errorbar(
        x: try a.doubles(1), y: try a.doubles(2), err: try a.doubles(3),
        label: try a.label(4),
        color: try a.optionalString(5))
    },
    method(
      "band",
      [
        .init("x", "tensor"), .init("lo", "tensor"), .init("hi", "tensor"),
        .init("alpha", "number", default: .number(0.2)), .init("color", "string", default: opt),
        .init("label", "string", default: opt),
      ],
      "A shaded band between lo and hi.",
      "f = plot.figure(); f.band([1, 2], [0, 0], [1, 2])  # -> nil"
    ) { a, f in
      try f.band(
        x: try a.doubles(1), lo: try a.doubles(2), hi: try a.doubles(3),
        alpha: try a.optionalNumber(4),
        color: try a.optionalString(5), label: try a.label(6))
    },
    method(
      "heatmap",
      [
        .init("m", "tensor"), .init("cmap", "string", default: opt),
        .init("colorbar", "bool", default: .bool(true)),
        .init("labels", "bool", default: .bool(false)),
      ],
      "A matrix as coloured cells (viridis by default), with a colorbar and optional cell labels.",
      "f = plot.figure(); f.heatmap([[1, 2], [3, 4]])  # -> nil"
    ) { a, f in
      guard let t = a[1].asTensorValue, t.rank == 2 else { throw a.fail(1, "a 2-d tensor") }
      let rows = t.items.map { row -> [Double] in
        if case .tensor(let r) = row { return r.doubles }
        return []
      }
      try f.heatmap(
        rows, cmap: try a.optionalString(2), colorbar: try a.bool(3), labels: try a.bool(4))
    },
  ]
}
