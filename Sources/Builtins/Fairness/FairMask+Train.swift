// fair.mask's training loop (docs/fairness.md, "Adversarial fairness masks"): per seeded minibatch,
// k_adv Adam steps on the adversary with z detached, then one Adam step on θ, δ, φ and h_y; a
// history row per epoch, a progress line on a terminal, on_epoch, and Ctrl-C between batches
// returning the state reached.
import Foundation
import Interp
import Tensor

enum MaskTrain {
  static let columns = [
    "epoch", "task_loss", "adv_loss", "task_acc", "adv_acc", "dp_diff", "mask_mean",
  ]

  static func run(_ s: MaskSetup, _ interp: Interpreter) throws -> Value {
    let (n, d, k) = (s.n, s.d, s.classes.count)
    var stream = RandomStream(seed: s.seed)
    var means = [Double](repeating: 0, count: d)
    let xv = s.x.doubles
    for i in 0..<n { for j in 0..<d { means[j] += xv[i * d + j] } }
    var params = FDict([
      ("theta", .tensor(Tensor(shape: [d], f64: [Double](repeating: 3, count: d)))),
      ("delta", .tensor(Tensor(shape: [d], f64: means.map { $0 / Double(n) }))),
      ("encoder", try NNModels.layer(d, s.hidden, &stream)),
      ("head", try NNModels.layer(s.hidden, k, &stream)),
    ])
    var adversary = try NNModels.layer(s.hidden, 1, &stream)
    let optMain = Optimizer(.adam, lr: s.lr)
    let optMask = Optimizer(.adam, lr: s.maskLr)
    let optAdv = Optimizer(.adam, lr: s.lr)
    let seen = LossBox()
    let mainLoss = MaskNet.mainLoss(s, seen)
    var plain = s
    plain.lam = 0
    let warmLoss = MaskNet.mainLoss(plain, seen)
    let advLoss = MaskNet.adversaryLoss()
    let ops = ValueOps(interp: interp)
    let yIdx = s.y.doubles.map { Int($0) }
    let aVals = s.a.doubles
    var history: [[Double]] = []
    var drawn = Date.distantPast
    var interrupted = false
    training: for epoch in stride(from: 1, through: s.epochs, by: 1) {
      let order = try TensorRandom.randomCall { try stream.permutation(n: n) }.doubles.map {
        Int($0)
      }
      var (taskSum, advSum, start) = (0.0, 0.0, 0)
      while start < n {
        if interp.interruptRequested {
          interrupted = true
          break training
        }
        let idx = order[start..<min(start + s.batch, n)]
        let (xb, yb, ab) = (NNTrain.rows(s.x, idx), NNTrain.rows(s.y, idx), NNTrain.rows(s.a, idx))
        do {
          if s.kAdv > 0 {
            // z is computed without a tape: the adversary's steps do not reach φ or the mask.
            let z = try MaskNet.encode(params, try MaskNet.masked(params, .tensor(xb), ops).x, ops)
            for _ in 0..<s.kAdv {
              let (_, g) = try MaskNet.valueAndGrad(advLoss, adversary, [z, .tensor(ab)], interp)
              adversary = try optAdv.step(adversary, g)
            }
          }
          // Warm-up epochs train the networks alone (no adversary term, mask fixed); with
          // `freeze`, later epochs train the mask alone on the warmed-up networks.
          let warm = epoch <= s.warmup
          let (_, g) = try MaskNet.valueAndGrad(
            warm ? warmLoss : mainLoss, .dict(params),
            [.tensor(xb), .tensor(yb), .tensor(ab), adversary], interp)
          // The mask (θ, δ) has its own step size: Adam moves a parameter about lr per step,
          // and θ starts at 3, so at the networks' lr the mask could hardly close in 50 epochs.
          guard case .dict(let gd) = g else { preconditionFailure("internal: mask gradient") }
          let maskKeys: Set<String> = ["theta", "delta"]
          let split = { (d: FDict, mask: Bool) in
            FDict(d.filter { maskKeys.contains($0.0) == mask }.map { ($0.0, $0.1) })
          }
          if !warm,
            case .dict(let pm) = try optMask.step(
              .dict(split(params, true)), .dict(split(gd, true)))
          {
            for (k, v) in pm { params[k] = v }
          }
          if warm || !s.freeze,
            case .dict(let pn) = try optMain.step(
              .dict(split(params, false)), .dict(split(gd, false)))
          {
            for (k, v) in pn { params[k] = v }
          }
        } catch let e as RuntimeError where e.kind == "Interrupted" {
          interrupted = true
          break training
        }
        taskSum += seen.task * Double(idx.count)
        advSum += seen.adv * Double(idx.count)
        start += s.batch
        // At most ten redraws a second, and always the end of an epoch (as nn.train).
        if s.progress && (start >= n || Date().timeIntervalSince(drawn) > 0.1) {
          drawn = Date()
          let done = min(start, n)
          let running = String(
            format: "task %.4f  adv %.4f", taskSum / Double(done), advSum / Double(done))
          NNTrain.progress(
            "fair.mask epoch \(epoch)/\(s.epochs) \(NNTrain.bar(done, n)) \(done)/\(n)  \(running)"
          )
        }
      }
      let (pred, advPred, maskMean) = try MaskNet.evaluate(params, adversary, s.x, ops)
      let taskAcc = Double(zip(pred, yIdx).filter { $0.0 == $0.1 }.count) / Double(n)
      let advAcc = Double(zip(advPred, aVals).filter { Double($0.0) == $0.1 }.count) / Double(n)
      let row = [
        Double(epoch), taskSum / Double(n), advSum / Double(n), taskAcc, advAcc,
        MaskNet.dpDiff(pred, aVals, classes: k), maskMean,
      ]
      history.append(row)
      if let f = s.onEpoch {
        let dict = FDict(zip(columns, row).map { ($0.0, Value.number($0.1)) })
        if case .bool(false) = try interp.call(f, [.number(Double(epoch)), .dict(dict)]) { break }
      }
    }
    if s.progress { FileHandle.standardError.write(Data("\n".utf8)) }
    if interrupted {
      // Ctrl-C ends the training, not the program: the caller gets the state reached.
      interp.interruptRequested = false
      FileHandle.standardError.write(
        Data(
          ("fair.mask: interrupted; returning the state after \(history.count) complete "
            + "epoch(s)\n").utf8))
    }
    return try result(s, params, adversary, history)
  }

  static func result(_ s: MaskSetup, _ params: FDict, _ adversary: Value, _ history: [[Double]])
    throws -> Value
  {
    let shape = s.shape ?? [s.d]
    let theta = params["theta"]?.asTensorOperand ?? Tensor(scalar: 0)
    let mask = theta.mapF64 { CoreMath.sigmoid($0) }.reshaped(shape)
    let delta = (params["delta"]?.asTensorOperand ?? Tensor(scalar: 0)).reshaped(shape)
    var cols = FDict()
    for (j, name) in columns.enumerated() {
      let v = history.map { $0[j] }
      cols[name] =
        j == 0
        ? .tensor(Tensor(shape: [v.count], i64: v.map { Int64($0) }))
        : .tensor(Tensor(shape: [v.count], f64: v))
    }
    return .dict(
      FDict([
        ("mask", .tensor(mask)), ("delta", .tensor(delta)),
        ("model", model(s, params, adversary)), ("history", .table(try FTable(cols))),
      ]))
  }

  /// The trained networks and closures applying them (with the mask) to new rows.
  static func model(_ s: MaskSetup, _ params: FDict, _ adversary: Value) -> Value {
    let (d, classes) = (s.d, s.classes)
    let integral = classes.allSatisfy { $0.rounded() == $0 && abs($0) < 9e15 }
    func rows(_ b: Arguments) throws -> Tensor {
      guard let t = b[0].asTensorOperand, t.count > 0, t.count % d == 0, t.shape.last == d
      else {
        throw RuntimeError(
          "ShapeError",
          "fair.mask model: x must have \(d) features per row, got "
            + GradBuiltins.describe(b[0]))
      }
      return GradMath.f64(t).reshaped([t.count / d, d])
    }
    func closure(
      _ name: String, _ summary: String, _ body: @escaping (Tensor, Interpreter) throws -> Value
    ) -> Value {
      .builtin(
        Builtin(name, module: "fair", params: [.init("x", "tensor")], summary: summary, example: "")
        {
          b in try body(try rows(b), b.interp)
        })
    }
    let predict = closure("predict", "Task labels of the masked rows.") { x, interp in
      let (pred, _, _) = try MaskNet.evaluate(params, adversary, x, ValueOps(interp: interp))
      let labels = pred.map { classes[$0] }
      return .tensor(
        integral
          ? Tensor(shape: [labels.count], i64: labels.map { Int64($0) })
          : Tensor(shape: [labels.count], f64: labels))
    }
    let predictA = closure("predict_a", "The adversary's guess (0/1) of a.") { x, interp in
      let (_, adv, _) = try MaskNet.evaluate(params, adversary, x, ValueOps(interp: interp))
      return .tensor(Tensor(shape: [adv.count], i64: adv.map { Int64($0) }))
    }
    let encode = closure("encode", "The representation z = φ(x') of the masked rows.") {
      x, interp in
      let ops = ValueOps(interp: interp)
      return try MaskNet.encode(params, try MaskNet.masked(params, .tensor(x), ops).x, ops)
    }
    return .dict(
      FDict([
        ("encoder", params["encoder"] ?? .null), ("head", params["head"] ?? .null),
        ("adversary", adversary),
        ("classes", .tensor(Tensor(shape: [classes.count], f64: classes))),
        ("predict", predict), ("predict_a", predictA), ("encode", encode),
      ]))
  }
}
