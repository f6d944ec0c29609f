// fair: adversarial perturbation masks (fair.mask, fair.apply_mask); docs/fairness.md.
// The network and losses are in FairMask+Model.swift, the training loop in FairMask+Train.swift.
import Foundation
import Interp
import Tensor

enum FairMask {
  /// Sorted distinct values as text for messages, at most ten.
  static func valuesText(_ vs: [Double]) -> String {
    let nans = vs.contains { $0.isNaN }
    let sorted = Array(Set(vs.filter { !$0.isNaN })).sorted()
    var items = sorted.prefix(10).map(formatNumber)
    if nans { items.append("nan") }
    return items.joined(separator: ", ") + (sorted.count > 10 ? ", …" : "")
  }

  static func nonNegative(_ a: Arguments, _ i: Int) throws -> Double {
    let v = try a.number(i)
    guard v >= 0, v.isFinite else {
      throw RuntimeError.value(
        "fair.mask: '\(a.builtin.params[i].name)' must be a finite number ≥ 0, got \(formatNumber(v))"
      )
    }
    return v
  }

  static func count(_ a: Arguments, _ i: Int, least: Int) throws -> Int {
    let v = try a.int(i)
    guard v >= least else {
      throw RuntimeError.value(
        "fair.mask: '\(a.builtin.params[i].name)' must be ≥ \(least), got \(v)")
    }
    return v
  }

  /// One label per row of x: a 1-d tensor (or [n, 1]) with as many rows as x.
  static func labels(_ a: Arguments, _ i: Int, rows n: Int) throws -> [Double] {
    guard let t = a[i].asTensorOperand, t.rank >= 1, t.rank <= 2, t.count == t.shape[0] else {
      throw RuntimeError.type(
        "fair.mask: '\(a.builtin.params[i].name)' must be a 1-d tensor of labels, got "
          + GradBuiltins.describe(a[i]))
    }
    guard t.shape[0] == n else {
      throw RuntimeError(
        "ShapeError",
        "fair.mask: x has \(n) rows but \(a.builtin.params[i].name) has \(t.shape[0])")
    }
    return t.doubles
  }

  static func setup(_ a: Arguments) throws -> MaskSetup {
    guard let x = a[0].asTensorOperand, x.rank == 2, x.shape[0] > 0, x.shape[1] > 0,
      x.dtype != .str
    else {
      throw RuntimeError(
        "ShapeError",
        "fair.mask: 'x' must be a 2-d tensor [samples, features], got "
          + GradBuiltins.describe(a[0])
      )
    }
    let n = x.shape[0]
    let y = try labels(a, 1, rows: n)
    let av = try labels(a, 2, rows: n)
    if let bad = y.firstIndex(where: { !$0.isFinite }) {
      throw RuntimeError.value(
        "fair.mask: 'y' must hold finite class labels, got \(formatNumber(y[bad])) at row \(bad)")
    }
    let classes = Array(Set(y)).sorted()
    guard classes.count >= 2 else {
      throw RuntimeError.value(
        "fair.mask: 'y' needs at least 2 classes, got only class \(valuesText(classes))")
    }
    guard av.allSatisfy({ $0 == 0 || $0 == 1 }) else {
      throw RuntimeError.value("fair.mask: 'a' must be binary (0/1), got values \(valuesText(av))")
    }
    let lam = try nonNegative(a, 3)
    let mu = try nonNegative(a, 4)
    let nu = try nonNegative(a, 5)
    let adv = try a.string(6)
    guard adv == "neg" || adv == "confuse" else {
      throw RuntimeError.value(
        "fair.mask: unknown adv \(quote(adv)); use \"neg\" (−λ·BCE) or \"confuse\" (+λ·BCE to ½)")
    }
    let epochs = try count(a, 7, least: 0)
    let batch = try count(a, 8, least: 1)
    let lr = try a.number(9)
    guard lr > 0, lr.isFinite else {
      throw RuntimeError.value(
        "fair.mask: 'lr' must be a finite number > 0, got \(formatNumber(lr))")
    }
    let kAdv = try count(a, 10, least: 0)
    let hidden = try count(a, 11, least: 1)
    var shape: [Int]?
    if !a.isNil(12) {
      guard let dims = try Arguments.dims(a[12], "fair.mask"), dims.count == 2 else {
        throw RuntimeError.type("fair.mask: 'shape' must be [H, W], got \(a[12].repr)")
      }
      guard dims[0] * dims[1] == x.shape[1] else {
        throw RuntimeError(
          "ShapeError",
          "fair.mask: shape [\(dims[0]), \(dims[1])] has \(dims[0] * dims[1]) pixels but x has "
            + "\(x.shape[1]) features")
      }
      shape = dims
    }
    let seed = try TensorRandom.seedValue(a, 13)
    let onEpoch: Value? = a.isNil(14) ? nil : a[14]
    let progress = a.isNil(15) ? isatty(STDERR_FILENO) != 0 : try a.bool(15)
    let maskLr = a.isNil(16) ? lr : try a.number(16)
    let warmup = try count(a, 17, least: 0)
    let freeze = try a.bool(18)
    guard maskLr > 0, maskLr.isFinite else {
      throw RuntimeError.value(
        "fair.mask: 'mask_lr' must be a finite number > 0, got \(formatNumber(maskLr))")
    }
    let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
    return MaskSetup(
      x: GradMath.f64(x), y: Tensor(shape: [n], i64: y.map { Int64(index[$0] ?? 0) }),
      a: Tensor(shape: [n, 1], f64: av), classes: classes, lam: lam, mu: mu, nu: nu, lr: lr,
      maskLr: maskLr, warmup: warmup, freeze: freeze,
      confuse: adv == "confuse", epochs: epochs, batch: batch, kAdv: kAdv, hidden: hidden,
      shape: shape, seed: seed, onEpoch: onEpoch, progress: progress)
  }

  /// x' = m ⊙ x + (1 − m) ⊙ δ for rows x of the mask's shape (or flattened to its size).
  static func apply(_ a: Arguments) throws -> Value {
    guard case .dict(let r) = a[0], let m = r["mask"]?.asTensorOperand,
      let delta = r["delta"]?.asTensorOperand, m.shape == delta.shape, m.dtype.isFloat
    else {
      throw RuntimeError.type(
        "fair.apply_mask: 'r' must be a result of fair.mask (a dict with mask and delta), got "
          + "a \(a[0].typeName)")
    }
    guard let x = a[1].asTensorOperand, x.dtype != .str else { throw a.fail(1, "a tensor") }
    var (mm, dd) = (GradMath.f64(m), GradMath.f64(delta))
    if x.shape.count >= m.shape.count, Array(x.shape.suffix(m.shape.count)) == m.shape {
      // Broadcasts as it is.
    } else if x.shape.last == m.count {
      mm = mm.reshaped([m.count])
      dd = dd.reshaped([m.count])
    } else {
      throw RuntimeError(
        "ShapeError",
        "fair.apply_mask: x has shape \(shapeText(x.shape)) but the mask has shape "
          + "\(shapeText(m.shape)); rows of x must have \(m.count) features")
    }
    return .tensor(try GradMath.add(dd, try GradMath.mul(mm, try GradMath.sub(x, dd))))
  }

  static let builtins: [Builtin] = [
    Builtin(
      "mask", module: "fair",
      params: [
        .init("x", "tensor"), .init("y", "tensor"), .init("a", "tensor"),
        .init("lam", "number", default: .number(1)), .init("mu", "number", default: .number(0.01)),
        .init("nu", "number", default: .number(0)), .init("adv", "string", default: .string("neg")),
        .init("epochs", "int", default: .number(50)), .init("batch", "int", default: .number(64)),
        .init("lr", "number", default: .number(0.001)),
        .init("k_adv", "int", default: .number(1)), .init("hidden", "int", default: .number(32)),
        .init("shape", "list", default: .null), .init("seed", "int", default: .number(0)),
        .init("on_epoch", "function", default: .null),
        .init("progress", "bool", default: .null), .init("mask_lr", "number", default: .null),
        .init("warmup", "int", default: .number(0)), .init("freeze", "bool", default: .bool(false)),
      ],
      summary: "Adversarial perturbation mask hiding a binary attribute a from a classifier of y; "
        + "returns {mask, delta, model, history}.",
      doc: "Learns mask logits θ (init 3), fill values δ (init the feature means), an encoder "
        + "z = relu(x'·W + b) with `hidden` units, a task head and a logistic adversary on z, "
        + "where x' = m ⊙ x + (1 − m) ⊙ δ and m = σ(θ). Per seeded minibatch: `k_adv` Adam "
        + "steps on the adversary's BCE(h_a(z), a) with z fixed, then one Adam step on θ, δ, the "
        + "encoder and the head minimising CE(h_y(z), y) − lam·BCE(h_a(z), a) + mu·mean(1 − m) "
        + "+ nu·TV(m) (adv=\"confuse\": + lam·BCE(h_a(z), ½) instead; TV, the mean absolute "
        + "difference of neighbouring pixels, needs shape=[H, W]). `history` is a table with a "
        + "row per epoch (task_loss, adv_loss, task_acc, adv_acc, dp_diff, mask_mean; the last "
        + "four on the training data); dp_diff is the spread of the rate of predicting the "
        + "second class over the groups of a (with more classes, the largest such spread over "
        + "the classes). `model.predict(x)`, `model.predict_a(x)` and `model.encode(x)` apply "
        + "the mask and the networks to new rows. On a terminal a progress line goes to stderr; "
        + "`on_epoch(epoch, row)` returning false stops; Ctrl-C stops between batches and "
        + "returns the state reached. The mask has shape `shape` when given. FSL extensions: "
        + "`mask_lr` (θ and δ's own Adam step, default lr); `warmup` epochs that train the "
        + "networks alone (no adversary term, mask fixed) before the mask; `freeze=true` keeps "
        + "the networks fixed after the warm-up, so the mask alone hides a (the paper's "
        + "setting; warmup=20, freeze=true, mask_lr=0.05 pass the acceptance experiment of "
        + "docs/fairness.md on every seed).",
      example:
        "fair.mask([[0.0, 1.0], [1.0, 0.0], [0.0, 1.0], [1.0, 0.0]], [0, 1, 0, 1], [0, 1, 1, 0], epochs=3).history.task_acc.shape  # -> [3]"
    ) { a in try MaskTrain.run(try setup(a), a.interp) },
    Builtin(
      "apply_mask", module: "fair", params: [.init("r", "dict"), .init("x", "tensor")],
      summary: "The masked inputs m ⊙ x + (1 − m) ⊙ δ for a result r of fair.mask.",
      doc: "Rows of x are flattened to the mask's size unless their shape is the mask's "
        + "(images [n, H, W] with shape=[H, W]).",
      example:
        "fair.apply_mask({\"mask\": [1.0, 0.25], \"delta\": [0.0, 4.0]}, [[2.0, 8.0]])  # -> [[2, 5]]"
    ) { a in try apply(a) },
  ]
}
