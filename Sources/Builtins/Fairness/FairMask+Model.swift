// fair.mask's network: mask logits θ and fill δ, encoder φ (one relu layer), task head h_y and
// adversary h_a (logistic on z), written with the same differentiable builtins users call so
// that `grad`'s tape (Sources/Builtins/NN) differentiates it. Plain evaluation for the history
// (accuracies, dp_diff) and the `predict` closures of the returned model live here too.
import Foundation
import Interp
import Tensor

/// The data and settings of one fair.mask run.
struct MaskSetup {
  let x: Tensor  // [n, d] f64
  let y: Tensor  // [n] i64 class indices
  let a: Tensor  // [n, 1] f64 0/1
  let classes: [Double]
  var lam: Double
  let mu, nu, lr, maskLr: Double
  let warmup: Int
  let freeze: Bool
  let confuse: Bool
  let epochs, batch, kAdv, hidden: Int
  let shape: [Int]?
  let seed: UInt64
  let onEpoch: Value?
  let progress: Bool
  var n: Int { x.shape[0] }
  var d: Int { x.shape[1] }
}

enum MaskNet {
  static func builtin(_ name: String) -> Builtin? {
    NNLosses.builtins.first { $0.name == name }
  }

  /// The masked input x' = δ + σ(θ) ⊙ (x − δ) = m ⊙ x + (1 − m) ⊙ δ.
  static func masked(_ params: FDict, _ x: Value, _ ops: ValueOps) throws -> (m: Value, x: Value) {
    let theta = params["theta"] ?? .null
    let delta = params["delta"] ?? .null
    let m = try ops.call("sigmoid", [theta])
    let xp = try ops.op(.add, delta, try ops.op(.mul, m, try ops.op(.sub, x, delta)))
    return (m, xp)
  }

  /// z = relu(x' @ w + b).
  static func encode(_ params: FDict, _ xp: Value, _ ops: ValueOps) throws -> Value {
    try ops.call("relu", [try NNModels.forward(params["encoder"] ?? .null, xp, ops)])
  }

  /// The neighbour differences of an [H, W] image as a constant matrix D [pairs, H·W]
  /// (vertical pairs, then horizontal), so that TV(m) = mean |D m| is a matmul on the tape.
  static func differences(_ shape: [Int]) -> Tensor {
    let (h, w) = (shape[0], shape[1])
    let d = h * w
    var rows: [[Int]] = []
    for r in 0..<max(h - 1, 0) { for c in 0..<w { rows.append([r * w + c, (r + 1) * w + c]) } }
    for r in 0..<h { for c in 0..<max(w - 1, 0) { rows.append([r * w + c, r * w + c + 1]) } }
    var v = [Double](repeating: 0, count: rows.count * d)
    for (i, pair) in rows.enumerated() {
      v[i * d + pair[0]] = -1
      v[i * d + pair[1]] = 1
    }
    return Tensor(shape: [rows.count, d], f64: v)
  }

  /// Anisotropic total variation of the mask as an [H, W] image: the mean absolute difference
  /// of vertically and horizontally neighbouring pixels (0 for a 1×1 image).
  static func totalVariation(_ m: Value, _ diffs: Tensor, _ ops: ValueOps) throws -> Value {
    guard diffs.shape[0] > 0 else { return .number(0) }
    return try ops.call("mean", [try ops.call("abs", [try ops.op(.matmul, .tensor(diffs), m)])])
  }

  /// The main objective CE(h_y(z), y) ∓ λ·BCE(h_a(z), ·) + μ·mean(1 − m) + ν·TV(m) as an FSL
  /// function of (params, x, y, a, adversary); `seen` receives the batch's CE and BCE.
  static func mainLoss(_ s: MaskSetup, _ seen: LossBox) -> Objective {
    let ce = builtin("cross_entropy")
    let bce = builtin("bce")
    let diffs = s.shape.map(differences)
    return { params, b, ops in
      guard case .dict(let p) = params, let ce = ce, let bce = bce else { return .null }
      let (m, xp) = try masked(p, b[0], ops)
      let z = try encode(p, xp, ops)
      let logits = try NNModels.forward(p["head"] ?? .null, z, ops)
      let task = try ops.interp.call(.builtin(ce), [logits, b[1]])
      let score = try NNModels.forward(b[3], z, ops)
      let adv = try ops.interp.call(
        .builtin(bce), [score, b[2]], keywords: [("logits", .bool(true))])
      seen.task = Tape.strip(task).scalarDouble ?? .nan
      seen.adv = Tape.strip(adv).scalarDouble ?? .nan
      var loss = task
      if s.lam > 0 {
        if s.confuse {
          let half = try ops.interp.call(
            .builtin(bce), [score, .number(0.5)], keywords: [("logits", .bool(true))])
          loss = try ops.op(.add, loss, try ops.op(.mul, .number(s.lam), half))
        } else {
          loss = try ops.op(.sub, loss, try ops.op(.mul, .number(s.lam), adv))
        }
      }
      if s.mu > 0 {
        let open = try ops.call("mean", [try ops.op(.sub, .number(1), m)])
        loss = try ops.op(.add, loss, try ops.op(.mul, .number(s.mu), open))
      }
      if s.nu > 0, let diffs = diffs {
        let tv = try totalVariation(m, diffs, ops)
        loss = try ops.op(.add, loss, try ops.op(.mul, .number(s.nu), tv))
      }
      return loss
    }
  }

  /// The adversary's objective BCE(h_a(z), a) as an FSL function of (adversary, z, a).
  static func adversaryLoss() -> Objective {
    let bce = builtin("bce")
    return { adversary, b, ops in
      guard let bce = bce else { return .null }
      let score = try NNModels.forward(adversary, b[0], ops)
      return try ops.interp.call(.builtin(bce), [score, b[1]], keywords: [("logits", .bool(true))])
    }
  }

  /// The value of `f(params, data)` and its gradient w.r.t. params, on `grad`'s tape (as
  /// GradBuiltins.evaluate, for a Swift objective).
  static func valueAndGrad(
    _ f: Objective, _ params: Value, _ data: [Value], _ interp: Interpreter
  ) throws -> (Double, Value) {
    let (out, traced, tape) = try GradBuiltins.onTape(interp, [params], wrapping: [0]) {
      try f($0[0], data, ValueOps(interp: interp))
    }
    let grads = try GradBuiltins.gradients(tape, of: out)
    return (Tape.strip(out).scalarDouble ?? .nan, GradBuiltins.collect(traced[0], grads))
  }

  /// Row-wise argmax of logits [n, k].
  static func argmax(_ t: Tensor) -> [Int] {
    let v = t.doubles
    let k = t.shape.last ?? 1
    let n = k == 0 ? 0 : v.count / k
    return (0..<n).map { i in
      var best = 0
      for j in 1..<max(k, 1) where v[i * k + j] > v[i * k + best] { best = j }
      return best
    }
  }

  /// Task predictions (class indices), adversary predictions (0/1) and the mask mean of the
  /// current parameters on x, without a tape.
  static func evaluate(_ params: FDict, _ adversary: Value, _ x: Tensor, _ ops: ValueOps) throws
    -> (task: [Int], adv: [Int], maskMean: Double)
  {
    let (m, xp) = try masked(params, .tensor(x), ops)
    let z = try encode(params, xp, ops)
    let logits = try NNModels.forward(params["head"] ?? .null, z, ops)
    let score = try NNModels.forward(adversary, z, ops)
    let mv = m.asTensorOperand?.doubles ?? []
    return (
      argmax(logits.asTensorOperand ?? Tensor(scalar: 0)),
      (score.asTensorOperand?.doubles ?? []).map { $0 > 0 ? 1 : 0 },
      mv.reduce(0, +) / Double(max(mv.count, 1))
    )
  }

  /// Demographic-parity difference of the predictions over the groups of a (0/1): binary
  /// tasks compare the rate of class index 1; with more classes, the largest such gap over
  /// the classes. 0 when only one group occurs.
  static func dpDiff(_ pred: [Int], _ a: [Double], classes k: Int) -> Double {
    var count = [0.0, 0.0]
    var hits = [[Double]](repeating: [0, 0], count: k)
    for (p, g) in zip(pred, a) {
      let gi = g > 0.5 ? 1 : 0
      count[gi] += 1
      if p < k { hits[p][gi] += 1 }
    }
    guard count[0] > 0, count[1] > 0 else { return 0 }
    let gap = { (c: Int) in abs(hits[c][1] / count[1] - hits[c][0] / count[0]) }
    return k == 2 ? gap(1) : (0..<k).map(gap).max() ?? 0
  }
}

/// A scalar objective of (params, data) computed with builtins through `ops`.
typealias Objective = (Value, [Value], ValueOps) throws -> Value

/// The last batch's loss terms, written by the main objective.
final class LossBox {
  var task = 0.0
  var adv = 0.0
}
