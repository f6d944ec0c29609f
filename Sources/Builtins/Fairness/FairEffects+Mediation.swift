// fair.mediation: natural direct and indirect effects by the plug-in mediation formula (one
// discrete mediator) or by OLS and the product of coefficients
// (docs/fairness.md, "Path-specific effects and Diagnosis Fairness").
import Foundation
import Interp
import Tensor

extension FairEffects {
  struct Effects {
    var nde: Double
    var nie: Double
    var te: Double { nde + nie }
  }

  static func mediation(_ a: Arguments) throws -> Value {
    let fn = "fair.mediation"
    let av = try numbers(a[0], fn, "a")
    let n = av.count
    let (a0, a1) = (try a.number(5), try a.number(6))
    let method = try a.string(4)
    guard method == "plugin" || method == "linear" else {
      throw RuntimeError.value(
        "\(fn): 'method' must be \"plugin\" or \"linear\", got \(a[4].repr)")
    }
    let ms = try columns(a[1], fn, "m")
    try checkLength(ms.first?.count ?? 0, n, fn, "m", "a")
    let y = try numbers(a[2], fn, "y")
    try checkLength(y.count, n, fn, "y", "a")
    let w = try weights(a[7], n, fn)
    try checkBinary(av, a0, a1, fn, "a")
    let r: Effects
    if method == "plugin" {
      guard a.isNil(3) else {
        throw RuntimeError.value(
          "\(fn): method=\"plugin\" takes no covariates 'c'; use method=\"linear\" to adjust for them"
        )
      }
      guard ms.count == 1 else {
        throw RuntimeError.value(
          "\(fn): method=\"plugin\" takes one discrete mediator, got \(ms.count) columns in 'm'; "
            + "use method=\"linear\"")
      }
      r = try plugin(av, ms[0], y, w, a0, a1, fn)
    } else {
      var cs: [[Double]] = []
      if !a.isNil(3) {
        cs = try columns(a[3], fn, "c")
        try checkLength(cs.first?.count ?? 0, n, fn, "c", "a")
      }
      let label = { (base: String, j: Int, k: Int) in k == 1 ? base : "\(base)[\(j)]" }
      r = try linear(
        av, ms, (0..<ms.count).map { label("m", $0, ms.count) }, y, cs,
        (0..<cs.count).map { label("c", $0, cs.count) }, w, a1 - a0, fn)
    }
    return .dict(
      FDict([("nde", .number(r.nde)), ("nie", .number(r.nie)), ("te", .number(r.te))]))
  }

  /// `NDE = Σ_m (E[Y|a1,m] − E[Y|a0,m]) P(m|a0)`, `NIE = Σ_m E[Y|a1,m] (P(m|a1) − P(m|a0))`
  /// with empirical (weighted) probabilities and cell means.
  static func plugin(
    _ a: [Double], _ m: [Double], _ y: [Double], _ w: [Double]?, _ a0: Double, _ a1: Double,
    _ fn: String
  ) throws -> Effects {
    let levels = Array(Set(m)).sorted()
    var index: [Double: Int] = [:]
    for (i, v) in levels.enumerated() { index[v] = i }
    let l = levels.count
    // [group][level]: total weight, weighted sum of y, row count.
    var mass = [[Double]](repeating: [Double](repeating: 0, count: l), count: 2)
    var sum = mass
    var rows = [[Int]](repeating: [Int](repeating: 0, count: l), count: 2)
    for i in 0..<a.count {
      let g = a[i] == a0 ? 0 : 1
      let j = index[m[i]] ?? 0
      let wi = w?[i] ?? 1
      mass[g][j] += wi
      sum[g][j] += wi * y[i]
      rows[g][j] += 1
    }
    let total = mass.map { $0.reduce(0, +) }
    for g in 0..<2 where total[g] <= 0 {
      throw RuntimeError.value(
        "\(fn): the rows with A=\(formatNumber(g == 0 ? a0 : a1)) have total weight 0")
    }
    var r = Effects(nde: 0, nie: 0)
    for j in 0..<l {
      let p0 = mass[0][j] / total[0]
      let p1 = mass[1][j] / total[1]
      if p0 > 0 && mass[1][j] <= 0 {
        let why = rows[1][j] == 0 ? "has no rows" : "has total weight 0"
        throw RuntimeError.value(
          "\(fn): cell A=\(formatNumber(a1)), M=\(formatNumber(levels[j])) \(why), but "
            + "P(M=\(formatNumber(levels[j]))|A=\(formatNumber(a0))) = \(formatNumber(p0)) > 0; "
            + "E[Y|A=\(formatNumber(a1)), M=\(formatNumber(levels[j]))] is not identified")
      }
      let e0 = mass[0][j] > 0 ? sum[0][j] / mass[0][j] : 0
      let e1 = mass[1][j] > 0 ? sum[1][j] / mass[1][j] : 0
      r.nde += (e1 - e0) * p0
      r.nie += e1 * (p1 - p0)
    }
    return r
  }

  /// OLS of each mediator on [1, A, C] (α_j) and of Y on [1, A, M, C] (β); NDE = β_A·Δ,
  /// NIE = Σ α_j β_j·Δ with Δ = a1 − a0.
  static func linear(
    _ a: [Double], _ ms: [[Double]], _ mNames: [String], _ y: [Double], _ cs: [[Double]],
    _ cNames: [String], _ w: [Double]?, _ delta: Double, _ fn: String
  ) throws -> Effects {
    let one = [Double](repeating: 1, count: a.count)
    let alpha = try ols([one, a] + cs, ["1", "a"] + cNames, ms, weights: w, fn).map { $0[1] }
    let beta = try ols([one, a] + ms + cs, ["1", "a"] + mNames + cNames, [y], weights: w, fn)[0]
    var nie = 0.0
    for j in 0..<ms.count { nie += alpha[j] * beta[2 + j] }
    return Effects(nde: beta[1] * delta, nie: nie * delta)
  }
}
