// fed.simulate and fed.compare (docs/federated.md, "Simulation") over FedSim.
import Foundation
import Interp
import Tensor

extension FedSim {
  /// The parameters both builtins share, in this order after init, loss, data, parts, rounds,
  /// local_epochs and lr.
  static let shared: [BuiltinParam] = [
    .init("init"), .init("loss", "string|function"), .init("data", "list"), .init("parts", "list"),
    .init("rounds", "int"), .init("local_epochs", "int"), .init("lr", "number"),
    .init("batch", "int", default: .number(32)), .init("opt", "string", default: .string("sgd")),
    .init("frac", "number", default: .number(1)), .init("test", "list", default: .null),
    .init("seed", "number", default: .number(0)), .init("accuracy", "function", default: .null),
    .init("progress", "bool", default: .null),
  ]

  static func config(_ a: Arguments, _ who: String, epochs: Int) throws -> Config {
    let (x, y) = try NNTrain.data(a, 2, who)
    let parts = try a.list(3).enumerated().map { k, v -> [Int] in
      guard let t = v.asTensorValue, t.rank == 1, t.dtype != .str else {
        throw RuntimeError.type("\(who): parts[\(k)] must be a list of row indices")
      }
      guard t.count > 0 else {
        throw RuntimeError.value("\(who): client \(k) has no rows; every client needs data")
      }
      return try t.doubles.map { d in
        guard let i = Int(exactly: d), i >= 0, i < x.shape[0] else {
          throw RuntimeError.index(
            "\(who): parts[\(k)] holds \(formatNumber(d)), not a row of the data (\(x.shape[0]) rows)"
          )
        }
        return i
      }
    }
    guard !parts.isEmpty else { throw RuntimeError.value("\(who): 'parts' is empty") }
    let (batch, frac, lr) = (try a.int(7), try a.number(9), try a.number(6))
    guard batch >= 1, frac > 0, frac <= 1, lr > 0, lr.isFinite else {
      throw RuntimeError.value(
        "\(who): need batch ≥ 1, 0 < frac ≤ 1 and lr > 0; got batch \(batch), frac "
          + "\(formatNumber(frac)), lr \(formatNumber(lr))")
    }
    let optName = try a.string(8)
    guard let opt = Optimizer.Kind(rawValue: optName) else {
      throw RuntimeError.value("\(who): unknown opt \(quote(optName)); use sgd or adam")
    }
    var test: (x: Tensor, y: Tensor)?
    if !a.isNil(10) { test = try NNTrain.data(a, 10, who) }
    return Config(
      loss: try NNTrain.lossFunction(a, 1, who), x: x, y: y, parts: parts, epochs: epochs,
      lr: lr, batch: batch, opt: opt, frac: frac, test: test, evalEvery: 1,
      seed: try TensorRandom.seedValue(a, 11), accuracy: a[12],
      show: a.isNil(13) ? isatty(STDERR_FILENO) != 0 : try a.bool(13), who: who)
  }

  static func counts(_ a: Arguments, _ who: String) throws -> (rounds: Int, epochs: Int) {
    let (r, e) = (try a.int(4), try a.int(5))
    guard r >= 1, e >= 1 else {
      throw RuntimeError.value(
        "\(who): rounds and local_epochs must be ≥ 1, got \(r) and \(e)")
    }
    return (r, e)
  }

  /// After Ctrl-C: say what is returned and let the script go on with it.
  static func interrupted(_ a: Arguments, _ who: String, _ run: Run, of rounds: Int) {
    FileHandle.standardError.write(
      Data("\(who): interrupted; returning the \(run.rows.count) of \(rounds) rounds done\n".utf8))
    a.interp.interruptRequested = false
  }

  /// ∇F at `w` on the pooled training rows, flattened.
  static func gradient(_ a: Arguments, _ c: Config, _ w: Value, _ x: Tensor, _ y: Tensor) throws
    -> [Double]
  {
    let (_, g) = try GradBuiltins.evaluate(
      c.who, c.loss, [w, .tensor(x), .tensor(y)], [0], single: true, a.interp)
    return flat(g)
  }

  static let builtins: [Builtin] = [
    Builtin(
      "simulate", module: "fed",
      params: shared + [.init("eval_every", "int", default: .number(1))],
      summary: "Federated training: rounds of local epochs on each client, then FedAvg.",
      doc: "Round r: the clients (all, or ⌈frac·K⌉ drawn by (seed, r)) each start from the global "
        + "model and run local_epochs epochs of minibatch sgd/adam (fresh state, batch order "
        + "seeded by (seed, r, client)) with loss(model, x, y) (or a named nn loss on nn.forward); "
        + "the server averages them weighted by row counts. Returns {model, history}: history a "
        + "table per round of train_loss (pooled), test_loss and test_acc (on test=[x, y], every "
        + "eval_every rounds), bytes (2 × parameters × 4 per client) and tau (max relative "
        + "local update). Ctrl-C ends the run at the last finished round.",
      example: "fed.simulate(2.0, (w, x, y) -> mean(0.5 * x[:, 0] * (w - x[:, 1])^2), "
        + "[[[1, 0], [3, 1]], [0, 0]], [[0], [1]], 1, 1, 0.1).model  # -> 1.75"
    ) { a in
      let (rounds, epochs) = try counts(a, "fed.simulate")
      var c = try config(a, "fed.simulate", epochs: epochs)
      c.evalEvery = max(1, try a.int(14))
      let run = try FedSim.run(a, c, init: a[0], rounds: rounds)
      if run.interrupted { interrupted(a, "fed.simulate", run, of: rounds) }
      return .dict(FDict([("model", run.model), ("history", try table(run.rows))]))
    },
    Builtin(
      "compare", module: "fed",
      params: shared + [.init("oneshot_epochs", "int", default: .null)],
      summary: "One-shot (1 round, equal local compute) vs multi-round FedAvg: the paper's gaps.",
      doc: "Runs fed.simulate for `rounds` rounds of local_epochs and for one round of "
        + "rounds·local_epochs epochs (or oneshot_epochs). Returns {multi, one (their results), "
        + "gap_acc = acc(multi) − acc(one), gap_loss = test (else train) loss(one) − loss(multi), "
        + "gap_train_loss, eps = ‖w_one − w_multi‖ / ‖w0‖, tau (max relative local update of the "
        + "multi-round run), L_hat (secant smoothness of the pooled loss along the multi-round "
        + "iterates), bound = L_hat·tau·T·k·m·‖w0‖} (k local steps, m clients per round).",
      example: "fed.compare(2.0, (w, x, y) -> mean(0.5 * x[:, 0] * (w - x[:, 1])^2), "
        + "[[[2, 0], [2, 1]], [0, 0]], [[0], [1]], 5, 2, 0.1).eps < 1e-15  # -> true"
    ) { a in
      let (rounds, epochs) = try counts(a, "fed.compare")
      let multiConfig = try config(a, "fed.compare", epochs: epochs)
      var oneConfig = multiConfig
      oneConfig.epochs = a.isNil(14) ? rounds * epochs : try a.int(14)
      guard oneConfig.epochs >= 1 else {
        throw RuntimeError.value("fed.compare: oneshot_epochs must be ≥ 1")
      }
      let multi = try run(a, multiConfig, init: a[0], rounds: rounds)
      let one = multi.interrupted ? multi : try run(a, oneConfig, init: a[0], rounds: 1)
      if multi.interrupted || one.interrupted {
        interrupted(a, "fed.compare", multi.interrupted ? multi : one, of: rounds)
        throw RuntimeError("Interrupted", "fed.compare: interrupted before both runs finished")
      }
      let (m, o) = (multi.rows.last, one.rows.last)
      let w0 = flat(a[0])
      let (xAll, yAll) = pooled(multiConfig)
      var lHat = 0.0
      var grads = try multi.globals.map { try gradient(a, multiConfig, $0, xAll, yAll) }
      for t in 0..<(multi.globals.count - 1) {
        let step = distance(flat(multi.globals[t + 1]), flat(multi.globals[t]))
        if step > 0 { lHat = max(lHat, distance(grads[t + 1], grads[t]) / step) }
      }
      grads = []
      let testGap = (o?.testLoss ?? .nan) - (m?.testLoss ?? .nan)
      let trainGap = (o?.trainLoss ?? .nan) - (m?.trainLoss ?? .nan)
      let result: [(String, Value)] = [
        ("multi", .dict(FDict([("model", multi.model), ("history", try table(multi.rows))]))),
        ("one", .dict(FDict([("model", one.model), ("history", try table(one.rows))]))),
        ("gap_acc", .number((m?.testAcc ?? .nan) - (o?.testAcc ?? .nan))),
        ("gap_loss", .number(multiConfig.test == nil ? trainGap : testGap)),
        ("gap_train_loss", .number(trainGap)),
        ("eps", .number(distance(flat(one.model), flat(multi.model)) / norm(w0))),
        ("tau", .number(multi.tau)), ("L_hat", .number(lHat)),
        (
          "bound",
          .number(
            lHat * multi.tau * Double(rounds) * Double(multi.steps) * Double(multi.selected)
              * norm(w0))
        ),
      ]
      return .dict(FDict(result))
    },
  ]
}
