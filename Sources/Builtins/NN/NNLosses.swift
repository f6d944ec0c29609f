// nn losses (docs/nn.md): cross_entropy, mse and bce, each a mean over samples with its own
// gradient rule (one fused, numerically stable kernel rather than a chain of traced ops).
import Foundation
import Interp
import Tensor

enum NNLosses {
  /// Row-wise log-softmax pieces of `logits` [n, k]: the rows' max-shifted log-sum-exp.
  static func lse(_ z: [Double], _ n: Int, _ k: Int) -> [Double] {
    (0..<n).map { i in
      let row = z[(i * k)..<(i * k + k)]
      let m = row.max() ?? 0
      return m + Foundation.log(row.reduce(0) { $0 + Foundation.exp($1 - m) })
    }
  }

  /// Targets as per-row class weights [n, k]: integer labels become one-hot rows.
  static func targets(_ y: Tensor, n: Int, k: Int) throws -> [Double] {
    if y.rank == 2 && y.shape == [n, k] && y.dtype.isFloat { return y.doubles }
    guard y.count == n, y.rank <= 1 else {
      throw RuntimeError(
        "ShapeError",
        "nn.cross_entropy: 'y' must be \(n) class labels or a [\(n), \(k)] probability tensor, "
          + "got shape \(shapeText(y.shape))")
    }
    var out = [Double](repeating: 0, count: n * k)
    for (i, label) in y.doubles.enumerated() {
      guard label.rounded() == label, label >= 0, label < Double(k) else {
        throw RuntimeError.value(
          "nn.cross_entropy: label \(formatNumber(label)) at row \(i) is not a class in 0..<\(k)")
      }
      out[i * k + Int(label)] = 1
    }
    return out
  }

  static func logits(_ a: Arguments) throws -> (z: [Double], n: Int, k: Int, shape: [Int]) {
    let t = try a.tensor(0)
    guard t.rank == 1 || t.rank == 2, t.count > 0 else {
      throw RuntimeError(
        "ShapeError",
        "nn.cross_entropy: 'logits' must be [n, classes] (or [classes]), got shape \(shapeText(t.shape))"
      )
    }
    let n = t.rank == 2 ? t.shape[0] : 1
    return (t.doubles, n, t.shape.last ?? 1, t.shape)
  }

  static func crossEntropy(_ a: Arguments) throws -> Double {
    let (z, n, k, _) = try logits(a)
    let p = try targets(try a.tensor(1), n: n, k: k)
    let l = lse(z, n, k)
    var total = 0.0
    for i in 0..<n {
      for j in 0..<k where p[i * k + j] != 0 { total += p[i * k + j] * (l[i] - z[i * k + j]) }
    }
    return total / Double(n)
  }

  static let crossEntropyRule: VJP = { a, _, g in
    let (z, n, k, shape) = try logits(a)
    let p = try targets(try a.tensor(1), n: n, k: k)
    let l = lse(z, n, k)
    let scale = (g.doubles.first ?? 1) / Double(n)
    var out = [Double](repeating: 0, count: n * k)
    for i in 0..<n {
      let mass = p[(i * k)..<(i * k + k)].reduce(0, +)
      for j in 0..<k {
        out[i * k + j] = scale * (Foundation.exp(z[i * k + j] - l[i]) * mass - p[i * k + j])
      }
    }
    return [Tensor(shape: shape, f64: out), nil]
  }

  static func difference(_ a: Arguments) throws -> Tensor {
    let (x, y) = try a.tensorPair(0, 1)
    return try GradMath.sub(x, y)
  }

  /// Binary cross-entropy terms and their derivative w.r.t. the first argument.
  static func bceTerms(_ a: Arguments) throws -> (loss: [Double], dp: [Double], dy: [Double]) {
    let (p, y) = try a.tensorPair(0, 1)
    let bp = try tensorCall { try p.broadcasted(to: try Shape.broadcast(p.shape, y.shape)) }
    let by = try tensorCall { try y.broadcasted(to: bp.shape) }
    let pv = GradMath.f64(bp).doubles
    let yv = GradMath.f64(by).doubles
    var loss = [Double](repeating: 0, count: pv.count)
    var dp = loss
    var dy = loss
    let fromLogits = try a.bool(2)
    for i in 0..<pv.count {
      let (x, t) = (pv[i], yv[i])
      if fromLogits {
        loss[i] = CoreMath.softplus(x) - t * x
        dp[i] = CoreMath.sigmoid(x) - t
        dy[i] = -x
      } else {
        guard x >= 0 && x <= 1 else {
          throw RuntimeError.value(
            "nn.bce: probabilities must be in [0, 1], got \(formatNumber(x)); pass logits=true for scores"
          )
        }
        // PyTorch clamps the logs at -100 so that p = 0 or 1 stays finite.
        let lp = max(Foundation.log(x), -100)
        let lq = max(Foundation.log(1 - x), -100)
        loss[i] = -(t * lp + (1 - t) * lq)
        dp[i] = (x - t) / max(x * (1 - x), 1e-12)
        dy[i] = lq - lp
      }
    }
    return (loss, dp, dy)
  }

  static let builtins: [Builtin] = [
    Builtin(
      "cross_entropy", module: "nn", params: [.init("logits", "tensor"), .init("y", "tensor")],
      summary: "Mean softmax cross-entropy of logits [n, k] against labels [n] (or probabilities).",
      doc: "As torch.nn.functional.cross_entropy with mean reduction; computed with a stable "
        + "log-sum-exp. `y` holds integer class labels or one probability row per sample.",
      example: "nn.cross_entropy([[0.0, 0.0]], [1]) == log(2)  # -> true"
    ) { a in .number(try crossEntropy(a)) },
    Builtin(
      "mse", module: "nn", params: [.init("pred", "tensor"), .init("y", "tensor")],
      summary: "Mean squared error mean((pred - y)^2).",
      example: "nn.mse([1.0, 2.0], [1.0, 4.0])  # -> 2"
    ) { a in
      let d = try difference(a)
      return .number(d.doubles.reduce(0) { $0 + $1 * $1 } / Double(max(d.count, 1)))
    },
    Builtin(
      "bce", module: "nn",
      params: [
        .init("p", "tensor"), .init("y", "tensor"), .init("logits", "bool", default: .bool(false)),
      ],
      summary: "Mean binary cross-entropy of probabilities p (or logits) against 0/1 targets y.",
      doc: "With `logits=true`, p holds scores and the loss is computed stably from them "
        + "(BCEWithLogits). Log terms are clamped at -100, as PyTorch does.",
      example: "nn.bce([0.5, 0.5], [0, 1]) == log(2)  # -> true"
    ) { a in
      let t = try bceTerms(a)
      return .number(t.loss.reduce(0, +) / Double(max(t.loss.count, 1)))
    },
  ]
}

extension GradRules {
  static let nnRules: [String: GradRule] = [
    "nn.cross_entropy": .vjp(NNLosses.crossEntropyRule),
    "nn.mse": .vjp { a, _, g in
      let d = try NNLosses.difference(a)
      let s = 2 * (g.doubles.first ?? 1) / Double(max(d.count, 1))
      let gd = GradMath.scale(d, s)
      return [
        try GradMath.sumTo(gd, GradRules.arg(a, 0).shape),
        try GradMath.sumTo(try GradMath.neg(gd), GradRules.arg(a, 1).shape),
      ]
    },
    "nn.bce": .vjp { a, _, g in
      let t = try NNLosses.bceTerms(a)
      let s = (g.doubles.first ?? 1) / Double(max(t.dp.count, 1))
      let (p, y) = (GradRules.arg(a, 0), GradRules.arg(a, 1))
      let shape = try tensorCall { try Shape.broadcast(p.shape, y.shape) }
      return [
        try GradMath.sumTo(Tensor(shape: shape, f64: t.dp.map { $0 * s }), p.shape),
        try GradMath.sumTo(Tensor(shape: shape, f64: t.dy.map { $0 * s }), y.shape), nil,
      ]
    },
  ]
}
