// Quantile builtins as NumPy 2 (issue 13): percentile and quantile with the default "linear"
// method, q a number or a tensor. Kernel in Sources/Tensor/EverydayReductions.swift.
import Interp
import Tensor

enum TensorQuantiles {
  /// `percentile` (scale 100) or `quantile` (scale 1).
  static func record(_ name: String, scale: Double, summary: String, example: String) -> Builtin {
    Builtin(
      name,
      params: [
        .init("x", "tensor"), .init("q", "number|tensor"),
        .init("axis", "int|list", default: .null),
      ],
      summary: summary,
      doc: "NumPy's default \"linear\" method: the value at position (n - 1)·q of the sorted "
        + "elements, interpolated between neighbours. Over all elements, or along `axis` (an "
        + "int or a list). A tensor q gives one result per q, stacked in front of the kept "
        + "axes. A lane holding NaN gives NaN. Results are f64 (f32 for f32 data and a number q).",
      example: example
    ) { a in
      let x = try a.tensor(0)
      let qt = try a.tensor(1)
      let q = qt.doubles.map { $0 / scale }
      let top = scale == 100 ? "100" : "1"
      for (raw, v) in zip(qt.doubles, q) where !(v >= 0 && v <= 1) {
        throw RuntimeError.value("\(name): q must be in [0, \(top)], got \(formatNumber(raw))")
      }
      let axes = try a.axes(2)
      // NumPy's result type of x and q: a plain number q is weak, so f32 data stays f32.
      var weak = false
      if case .number = a[1] { weak = true }
      let f32 = x.dtype == .f32 && (weak || qt.dtype == .f32)
      return Value.wrapping(
        try tensorCall { try x.quantiles(q, qShape: qt.shape, axes: axes, f32: f32, name: name) })
    }
  }

  static let builtins: [Builtin] = [
    record(
      "percentile", scale: 100,
      summary: "The q-th percentiles (q in [0, 100]) over all elements or along an axis.",
      example: "percentile([1, 2, 3, 4], [25, 50])  # -> [1.75, 2.5 ]"),
    record(
      "quantile", scale: 1,
      summary: "The q-th quantiles (q in [0, 1]) over all elements or along an axis.",
      example: "quantile([[1, 2], [3, 5]], 0.5, axis=0)  # -> [2. , 3.5]"),
  ]
}
