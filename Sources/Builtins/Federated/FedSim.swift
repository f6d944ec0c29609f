// fed.simulate's engine (docs/federated.md, "Simulation"): rounds of local minibatch training from
// the global model on each selected client's rows, then FedAvg weighted by the clients' row counts.
// A client's local training is a pure function of (global model, its rows, round, seed): its batch
// order comes from a stream seeded by (seed, round, client) and its optimiser starts fresh, so
// clients could run in other processes with identical results.
import Foundation
import Interp
import Tensor

enum FedSim {
  struct Config {
    var loss: Value
    var x: Tensor
    var y: Tensor
    var parts: [[Int]]
    var epochs: Int
    var lr: Double
    var batch: Int
    var opt: Optimizer.Kind
    var frac: Double
    var test: (x: Tensor, y: Tensor)?
    var evalEvery: Int
    var seed: UInt64
    var accuracy: Value
    var show: Bool
    var who: String
  }

  /// One round's metrics.
  struct Row {
    var round: Int
    var trainLoss: Double
    var testLoss: Double
    var testAcc: Double
    var bytes: Int
    var tau: Double
  }

  struct Run {
    var globals: [Value]
    var rows: [Row] = []
    var tau = 0.0
    var steps = 0
    var selected = 0
    var interrupted = false
    var model: Value { globals.last ?? .null }
  }

  /// Ctrl-C inside a round: the round is dropped and the run returns the rounds before it.
  struct Stop: Error {}

  /// The numeric leaves of a model (numbers and float tensors) flattened in tree order.
  static func flat(_ v: Value) -> [Double] {
    switch v {
    case .number(let d): return [d]
    case .tensor(let t) where t.dtype.isFloat || t.dtype == .i64: return t.doubles
    case .list(let xs): return xs.flatMap(flat)
    case .dict(let d): return d.values.flatMap(flat)
    default: return []
    }
  }

  static func norm(_ x: [Double]) -> Double { x.reduce(0) { $0 + $1 * $1 }.squareRoot() }

  static func distance(_ x: [Double], _ y: [Double]) -> Double {
    zip(x, y).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
  }

  /// The stream of a client in a round (client = -1: the round's client selection).
  static func stream(_ seed: UInt64, round: Int, client: Int) -> RandomStream {
    RandomStream(entropy: [
      UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32),
      UInt32(truncatingIfNeeded: round), UInt32(truncatingIfNeeded: client + 1),
    ])
  }

  /// The clients taking part in `round`: all, or ⌈frac·K⌉ drawn without replacement (ascending).
  static func selection(_ c: Config, round: Int) throws -> [Int] {
    let k = c.parts.count
    guard c.frac < 1 else { return Array(0..<k) }
    let m = max(1, Int((c.frac * Double(k)).rounded(.up)))
    var s = stream(c.seed, round: round, client: -1)
    let perm = try TensorRandom.randomCall { try s.permutation(n: k) }.doubles.map { Int($0) }
    return perm.prefix(m).sorted()
  }

  /// Local training of client `k` in `round` from `global`: E epochs of minibatches.
  static func local(
    _ a: Arguments, _ c: Config, _ global: Value, client k: Int, round: Int,
    report: (Double) -> Void
  ) throws -> Value {
    let rows = c.parts[k]
    var s = stream(c.seed, round: round, client: k)
    let opt = Optimizer(c.opt, lr: c.lr)
    var model = global
    for _ in 0..<c.epochs {
      let order = try TensorRandom.randomCall { try s.permutation(n: rows.count) }.doubles
      var start = 0
      while start < rows.count {
        let idx = order[start..<min(start + c.batch, rows.count)].map { rows[Int($0)] }
        let args: [Value] = [
          model, .tensor(NNTrain.rows(c.x, idx[...])), .tensor(NNTrain.rows(c.y, idx[...])),
        ]
        let (value, g) = try GradBuiltins.evaluate(c.who, c.loss, args, [0], single: true, a.interp)
        let l = value.scalarDouble ?? .nan
        guard l.isFinite else {
          throw RuntimeError.value(
            "\(c.who): the loss is \(formatNumber(l)) in round \(round), client \(k); lower lr or "
              + "check the data")
        }
        model = try opt.step(model, g)
        report(l)
        start += c.batch
        if a.interp.interruptRequested { throw Stop() }
      }
    }
    return model
  }

  /// The loss of `model` on (x, y) as a number.
  static func loss(_ a: Arguments, _ c: Config, _ model: Value, _ x: Tensor, _ y: Tensor) throws
    -> Double
  {
    let v = try a.interp.call(c.loss, [model, .tensor(x), .tensor(y)])
    guard let d = Tape.strip(v).scalarDouble else {
      throw RuntimeError.type("\(c.who): the loss must return a number, got \(v.typeName)")
    }
    return d
  }

  /// Test accuracy: `accuracy(model, x, y)` when given, nn.accuracy for an nn model, else NaN.
  static func accuracy(_ a: Arguments, _ c: Config, _ model: Value, _ x: Tensor, _ y: Tensor)
    throws -> Double
  {
    var f = c.accuracy
    if case .null = f {
      guard case .dict(let d) = model, d["layers"] != nil || d["w"] != nil || d["predict"] != nil,
        let b = builtin(named: "nn.accuracy")
      else { return .nan }
      f = .builtin(b)
    }
    return try a.interp.call(f, [model, .tensor(x), .tensor(y)]).scalarDouble ?? .nan
  }

  /// Every row of every part, for the pooled training loss.
  static func pooled(_ c: Config) -> (Tensor, Tensor) {
    let all = Array(Set(c.parts.flatMap { $0 })).sorted()
    return (NNTrain.rows(c.x, all[...]), NNTrain.rows(c.y, all[...]))
  }

  static func run(_ a: Arguments, _ c: Config, init w0: Value, rounds: Int) throws -> Run {
    var run = Run(globals: [w0])
    let (xAll, yAll) = pooled(c)
    let params = flat(w0).count
    var drawn = Date.distantPast
    for r in 1...rounds {
      // A round counts only once it is complete, its evaluation included: Ctrl-C anywhere in
      // it (between batches, or inside the loss, where the interpreter polls) drops it.
      do {
        let chosen = try selection(c, round: r)
        let global = run.model
        let g = flat(global)
        var models: [Value] = []
        var roundTau = 0.0
        for (j, k) in chosen.enumerated() {
          let w = try local(a, c, global, client: k, round: r) { l in
            guard c.show, Date().timeIntervalSince(drawn) > 0.1 else { return }
            drawn = Date()
            NNTrain.progress(
              "round \(r)/\(rounds) \(NNTrain.bar(j, chosen.count)) client \(j + 1)/"
                + "\(chosen.count)  loss \(String(format: "%.4f", l))")
          }
          roundTau = max(roundTau, distance(flat(w), g) / max(norm(g), .leastNormalMagnitude))
          models.append(w)
        }
        let weights = chosen.map { Double(c.parts[$0].count) }
        let walk = CoreTree.Walk(caller: c.who, plural: "client models") { "client \($0)" }
        let next = try CoreTree.zip(walk, models) { leaves, path in
          try FedAvg.leaf(leaves, weights, path)
        }
        var row = Row(
          round: r, trainLoss: try loss(a, c, next, xAll, yAll), testLoss: .nan, testAcc: .nan,
          bytes: chosen.count * 2 * params * 4, tau: roundTau)
        if r % c.evalEvery == 0 || r == rounds, let t = c.test {
          row.testLoss = try loss(a, c, next, t.x, t.y)
          row.testAcc = try accuracy(a, c, next, t.x, t.y)
        }
        run.globals.append(next)
        run.rows.append(row)
        run.tau = max(run.tau, roundTau)
        run.selected = max(run.selected, chosen.count)
        run.steps = max(
          run.steps,
          chosen.map { c.epochs * ((c.parts[$0].count + c.batch - 1) / c.batch) }.max() ?? 0)
        if a.interp.interruptRequested { throw Stop() }
      } catch is Stop {
        run.interrupted = true
        break
      } catch let e as RuntimeError where e.kind == "Interrupted" {
        run.interrupted = true
        break
      }
    }
    if c.show { FileHandle.standardError.write(Data("\n".utf8)) }
    return run
  }

  static func table(_ rows: [Row]) throws -> Value {
    func col(_ f: (Row) -> Double) -> Value {
      .tensor(Tensor(shape: [rows.count], f64: rows.map(f)))
    }
    return .table(
      try FTable(
        FDict([
          ("round", .tensor(Tensor(shape: [rows.count], i64: rows.map { Int64($0.round) }))),
          ("train_loss", col(\.trainLoss)), ("test_loss", col(\.testLoss)),
          ("test_acc", col(\.testAcc)),
          ("bytes", .tensor(Tensor(shape: [rows.count], i64: rows.map { Int64($0.bytes) }))),
          ("tau", col(\.tau)),
        ])))
  }
}
