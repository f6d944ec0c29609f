// Input checks shared by the Figure calls, and the data extents each series contributes.

/// Validation helpers; every message names the call and the argument.
enum Check {
  /// `x` and `second` must be non-empty and equally long.
  static func pair(_ call: String, _ x: [Double], _ y: [Double], second: String = "y")
    throws(PlotError)
  {
    guard !x.isEmpty else { throw .invalid("\(call): 'x' is empty") }
    guard x.count == y.count else {
      throw .invalid("\(call): 'x' has \(x.count) values but '\(second)' has \(y.count)")
    }
  }

  /// An opacity in 0…1, or `fallback` when nil.
  static func alpha(_ call: String, _ alpha: Double?, default fallback: Double) throws(PlotError)
    -> Double
  {
    let a = alpha ?? fallback
    guard a.isFinite, (0...1).contains(a) else {
      throw .invalid("\(call): 'alpha' must be in 0…1, got \(a)")
    }
    return a
  }

  /// On a log axis, finite values must be > 0.
  static func positive(_ figure: Figure, _ call: String, x: [Double], y: [Double])
    throws(PlotError)
  {
    if figure.xlog, x.contains(where: { $0.isFinite && $0 <= 0 }) {
      throw .invalid("\(call): 'x' has values ≤ 0, which a log x axis cannot show")
    }
    if figure.ylog, y.contains(where: { $0.isFinite && $0 <= 0 }) {
      throw .invalid("\(call): 'y' has values ≤ 0, which a log y axis cannot show")
    }
  }

  /// Parses "linear"/"log"; switching to log checks the data already plotted.
  static func scale(_ figure: Figure, _ s: String, axis: String) throws(PlotError) -> Bool {
    switch s.lowercased() {
    case "linear": return false
    case "log":
      for series in figure.series {
        let values = axis == "x" ? series.xValues : series.yValues
        if values.contains(where: { $0.isFinite && $0 <= 0 }) {
          throw .invalid(
            "\(axis)scale: cannot use a log scale: the data has \(axis) values ≤ 0")
        }
      }
      if figure.heatmap != nil {
        throw .invalid("\(axis)scale: a heatmap cannot use a log scale")
      }
      return true
    default:
      throw .invalid("\(axis)scale: unknown scale \"\(s)\" (expected linear or log)")
    }
  }
}

extension Series {
  /// The x values this series needs visible (bars have categorical x: none).
  var xValues: [Double] {
    switch mark {
    case .line(let x, _, _, _), .scatter(let x, _, _, _), .errorbar(let x, _, _),
      .band(let x, _, _):
      return x
    case .hist(let edges, _): return edges
    case .bars: return []
    }
  }

  /// The y values this series needs visible.
  var yValues: [Double] {
    switch mark {
    case .line(_, let y, _, _), .scatter(_, let y, _, _): return y
    case .errorbar(_, let y, let err):
      return zip(y, err).flatMap { [$0 - abs($1), $0 + abs($1)] }
    case .band(_, let lo, let hi): return lo + hi
    case .hist(_, let counts): return counts
    case .bars(_, let heights, let err, _):
      guard let err else { return heights }
      return zip(heights, err).flatMap { [$0 - abs($1), $0 + abs($1)] }
    }
  }

  /// Whether this is a bar chart (categorical x).
  var isBars: Bool {
    if case .bars = mark { return true }
    return false
  }

  /// Whether the y axis should start exactly at 0 (bars, histograms).
  var hasBaseline: Bool {
    switch mark {
    case .bars, .hist: return true
    default: return false
    }
  }
}
