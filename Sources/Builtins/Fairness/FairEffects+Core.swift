// fair: pieces shared by the path-specific effect builtins: numeric columns, the binary check
// on the sensitive attribute, least squares that names a collinear column, percentiles.
import Foundation
import Interp
import Tensor

extension FairEffects {
  /// The finite numbers of a 1-d numeric tensor or a list of numbers (bools count as 0/1).
  static func numbers(_ v: Value, _ fn: String, _ what: String) throws -> [Double] {
    let cols = try columns(v, fn, what, allowMatrix: false)
    return cols.first ?? []
  }

  /// The columns of a [n] or [n, k] numeric tensor (or list), each checked finite.
  static func columns(_ v: Value, _ fn: String, _ what: String, allowMatrix: Bool = true) throws
    -> [[Double]]
  {
    var t: Tensor?
    switch v {
    case .tensor(let x): t = x
    case .list(let xs): t = Value.list(xs).asTensorValue
    default: break
    }
    let shape = allowMatrix ? "a [n] or [n, k]" : "a 1-d"
    guard let x = t, x.dtype != .str, x.rank == 1 || (allowMatrix && x.rank == 2) else {
      let got: String
      if case .tensor(let x) = v {
        got = x.dtype == .str ? "a str tensor" : "shape \(shapeText(x.shape))"
      } else {
        got = v.typeName
      }
      throw RuntimeError.type("\(fn): '\(what)' must be \(shape) numeric tensor, got \(got)")
    }
    let n = x.shape[0]
    let k = x.rank == 2 ? x.shape[1] : 1
    let flat = x.doubles
    var out = [[Double]](repeating: [Double](repeating: 0, count: n), count: k)
    for i in 0..<n {
      for j in 0..<k {
        let d = flat[i * k + j]
        guard d.isFinite else {
          throw RuntimeError.value("\(fn): '\(what)' holds \(formatNumber(d)) at row \(i)")
        }
        out[j][i] = d
      }
    }
    return out
  }

  /// Throws unless `n == expected` ("lengths differ").
  static func checkLength(_ n: Int, _ expected: Int, _ fn: String, _ what: String, _ ref: String)
    throws
  {
    guard n == expected else {
      throw RuntimeError(
        "ShapeError", "\(fn): '\(what)' has \(n) rows but '\(ref)' has \(expected); lengths differ")
    }
  }

  /// Checks a0 ≠ a1 and that `a` takes exactly the two values a0 and a1.
  static func checkBinary(_ a: [Double], _ a0: Double, _ a1: Double, _ fn: String, _ what: String)
    throws
  {
    guard a0 != a1 else {
      throw RuntimeError.value(
        "\(fn): a0 and a1 are both \(formatNumber(a0)); the effect compares two different values")
    }
    var has0 = false
    var has1 = false
    var other = false
    for v in a {
      if v == a0 {
        has0 = true
      } else if v == a1 {
        has1 = true
      } else {
        other = true
      }
    }
    guard has0 && has1 && !other else {
      let found = Array(Set(a.filter { !$0.isNaN })).sorted().prefix(20).map(formatNumber)
      let nan = a.contains { $0.isNaN } ? ["nan"] : []
      throw RuntimeError.value(
        "\(fn): '\(what)' must be binary, taking both values a0=\(formatNumber(a0)) and "
          + "a1=\(formatNumber(a1)); found \((found + nan).joined(separator: ", "))")
    }
  }

  /// Weighted least squares of each column of `ys` on the design columns `x` (named `names`),
  /// by LAPACK's SVD solver on column-scaled f64 data; result[r][j] is column j's coefficient
  /// for response r. A design of lower rank is a ValueError naming the first column that is a
  /// linear combination of the columns before it.
  static func ols(
    _ x: [[Double]], _ names: [String], _ ys: [[Double]], weights w: [Double]?, _ fn: String
  ) throws -> [[Double]] {
    let p = x.count
    let k = ys.count
    let n = x.first?.count ?? 0
    if k == 0 { return [] }
    let sw = w.map { $0.map { Foundation.sqrt($0) } }
    var scale = [Double](repeating: 0, count: p)
    var a = [Double](repeating: 0, count: n * p)
    for j in 0..<p {
      var ss = 0.0
      for i in 0..<n {
        let v = x[j][i] * (sw?[i] ?? 1)
        a[i * p + j] = v
        ss += v * v
      }
      scale[j] = Foundation.sqrt(ss)
      guard scale[j] > 0 else { throw singular(names, j, fn) }
      for i in 0..<n { a[i * p + j] /= scale[j] }
    }
    var b = [Double](repeating: 0, count: n * k)
    for r in 0..<k {
      for i in 0..<n { b[i * k + r] = ys[r][i] * (sw?[i] ?? 1) }
    }
    let rcond = 1e-10
    let fit = try tensorCall {
      try Tensor.lstsq(Tensor(shape: [n, p], f64: a), Tensor(shape: [n, k], f64: b), rcond: rcond)
    }
    if fit.rank < p {
      // The first prefix of columns that loses rank ends at the collinear column.
      for j in 1..<p {
        let cols = j + 1
        var sub = [Double](repeating: 0, count: n * cols)
        for i in 0..<n {
          for c in 0..<cols { sub[i * cols + c] = a[i * p + c] }
        }
        let r = try tensorCall {
          try Tensor.lstsq(
            Tensor(shape: [n, cols], f64: sub),
            Tensor(shape: [n], f64: [Double](repeating: 0, count: n)),
            rcond: rcond)
        }
        if r.rank < cols { throw singular(names, j, fn) }
      }
      throw singular(names, p - 1, fn)
    }
    let coef = fit.x.doubles
    return (0..<k).map { r in (0..<p).map { j in coef[j * k + r] / scale[j] } }
  }

  static func singular(_ names: [String], _ j: Int, _ fn: String) -> RuntimeError {
    let before = names[..<j].map { "'\($0)'" }.joined(separator: ", ")
    let what = j == 0 ? "is all zeros" : "is a linear combination of \(before)"
    return RuntimeError.value(
      "\(fn): the regression design is singular: column '\(names[j])' \(what) "
        + "(collinear; drop it or add variation)")
  }

  /// NumPy's default (linear) percentile of `xs`, q in [0, 100]; NaN for no values.
  static func percentile(_ xs: [Double], _ q: Double) -> Double {
    let s = xs.sorted()
    guard let last = s.indices.last else { return .nan }
    let pos = q / 100 * Double(last)
    let lo = Int(pos.rounded(.down))
    let hi = min(lo + 1, last)
    let t = pos - Double(lo)
    return s[lo] + (s[hi] - s[lo]) * t
  }

  /// Optional non-negative weights, one per row ("sample_weight").
  static func weights(_ v: Value, _ n: Int, _ fn: String) throws -> [Double]? {
    if case .null = v { return nil }
    let w = try numbers(v, fn, "sample_weight")
    try checkLength(w.count, n, fn, "sample_weight", "a")
    if let i = w.firstIndex(where: { $0 < 0 }) {
      throw RuntimeError.value(
        "\(fn): 'sample_weight' must be non-negative, got \(formatNumber(w[i])) at row \(i)")
    }
    return w
  }
}
