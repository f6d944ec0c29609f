// nn.train (mini-batch training with a seeded shuffle, a TTY progress line and an on_epoch
// callback) and nn.lbfgs (minimising an FSL function with its `grad`).
import Foundation
import Interp
import Tensor

enum NNTrain {
  /// Rows `idx` of `t` (along the first axis).
  static func rows(_ t: Tensor, _ idx: ArraySlice<Int>) -> Tensor {
    let n = t.shape.first ?? 1
    let rowBytes = n == 0 ? 0 : t.count / n * t.dtype.itemSize
    var shape = t.shape
    shape[0] = idx.count
    let out = Tensor(uninitializedShape: shape, dtype: t.dtype)
    for (k, i) in idx.enumerated() {
      (out.buffer.raw + k * rowBytes).copyMemory(
        from: t.buffer.raw + i * rowBytes, byteCount: rowBytes)
    }
    return out
  }

  /// The loss as a function of (model, x, y): a named loss applied to nn.forward, or f itself.
  static func lossFunction(_ a: Arguments, _ i: Int, _ who: String = "nn.train") throws -> Value {
    guard case .string(let name) = a[i] else { return a[i] }
    guard let loss = NNLosses.builtins.first(where: { $0.name == name }) else {
      throw RuntimeError.value(
        "\(who): unknown loss \(quote(name)); use cross_entropy, mse, bce or a function "
          + "(model, x, y) -> number")
    }
    let ops = ValueOps(interp: a.interp)
    return .builtin(
      Builtin(
        "forward_loss", module: "nn", params: [.init("model"), .init("x"), .init("y")],
        summary: "\(name)(nn.forward(model, x), y)", example: ""
      ) { b in
        try ops.interp.call(.builtin(loss), [try NNModels.forward(b[0], b[1], ops), b[2]])
      })
  }

  /// `data` as (x, y) tensors with the same number of rows.
  static func data(_ a: Arguments, _ i: Int, _ who: String = "nn.train") throws -> (Tensor, Tensor)
  {
    var pair: [Value] = []
    switch a[i] {
    case .list(let xs): pair = xs
    case .dict(let d): pair = [d["x"] ?? .null, d["y"] ?? .null]
    // `[x, y]` of one shape is a bracket literal, hence one stacked tensor.
    case .tensor(let t) where t.rank >= 2 && t.shape[0] == 2: pair = t.items
    default: break
    }
    guard pair.count == 2, let x = pair[0].asTensorOperand, let y = pair[1].asTensorOperand,
      x.rank >= 1, y.rank >= 1
    else { throw a.fail(i, "[x, y] or {x, y} with tensors x and y") }
    if x.shape[0] == 0 || y.shape[0] == 0 {
      // An empty data set (a federated client with no rows is common) says so, naming it.
      let param = a.builtin.params[i].name
      let what = param == "data" ? "the training data" : "'\(param)'"
      let rows =
        x.shape[0] == y.shape[0]
        ? "x and y have 0 rows" : x.shape[0] == 0 ? "x has 0 rows" : "y has 0 rows"
      throw RuntimeError.value(
        "\(who): \(what) is empty (\(rows); shapes \(shapeText(x.shape)) and \(shapeText(y.shape)))"
      )
    }
    guard x.shape[0] == y.shape[0] else {
      throw RuntimeError(
        "ShapeError",
        "\(who): x has \(x.shape[0]) rows but y has \(y.shape[0]) (shapes \(shapeText(x.shape)) "
          + "and \(shapeText(y.shape)))")
    }
    return (x, y)
  }

  /// `[=====>    ]`: `done` of `total` in 20 cells.
  static func bar(_ done: Int, _ total: Int) -> String {
    let filled = total == 0 ? 20 : done * 20 / total
    let head = filled < 20 ? ">" : ""
    let pad = String(repeating: " ", count: max(20 - filled - head.count, 0))
    return "[" + String(repeating: "=", count: filled) + head + pad + "]"
  }

  static func progress(_ text: String) {
    FileHandle.standardError.write(Data(("\r" + text + "\u{1B}[K").utf8))
  }

  static func train(_ a: Arguments) throws -> Value {
    var model = a[0]
    _ = try NNModels.structure(model, "nn.train")
    let loss = try lossFunction(a, 1)
    let (x, y) = try data(a, 2)
    let epochs = try a.int(3)
    let batch = try a.int(5)
    guard epochs >= 0, batch >= 1 else {
      throw RuntimeError.value("nn.train: 'epochs' must be ≥ 0 and 'batch' ≥ 1")
    }
    let opt: Optimizer
    if a.isNil(6) {
      opt = Optimizer(.adam, lr: a.isNil(4) ? 0.001 : try a.number(4))
    } else {
      opt = try NNOptim.optimizer(a, 6)
      if !a.isNil(4) { opt.lr = try a.number(4) }
    }
    var stream = RandomStream(seed: try TensorRandom.seedValue(a, 7))
    let show = a.isNil(9) ? isatty(STDERR_FILENO) != 0 : try a.bool(9)
    let n = x.shape[0]
    var history: [Double] = []
    var drawn = Date.distantPast
    for epoch in stride(from: 1, through: epochs, by: 1) {
      let order =
        try a.bool(10) ? try stream.permutation(n: n).doubles.map { Int($0) } : Array(0..<n)
      var total = 0.0
      var start = 0
      while start < n {
        let idx = order[start..<min(start + batch, n)]
        let args: [Value] = [model, .tensor(rows(x, idx)), .tensor(rows(y, idx))]
        let (value, g) = try GradBuiltins.evaluate(
          "nn.train", loss, args, [0], single: true, a.interp)
        model = try opt.step(model, g)
        total += (value.scalarDouble ?? .nan) * Double(idx.count)
        start += batch
        // At most ten redraws a second, and always the end of an epoch.
        if show && (start >= n || Date().timeIntervalSince(drawn) > 0.1) {
          drawn = Date()
          let running = String(format: "%.4f", total / Double(min(start, n)))
          progress(
            "epoch \(epoch)/\(epochs) \(bar(min(start, n), n)) \(min(start, n))/\(n)  loss \(running)"
          )
        }
        if a.interp.interruptRequested { throw RuntimeError("Interrupted", "interrupted") }
      }
      history.append(total / Double(n))
      if !a.isNil(8) {
        let r = try a.interp.call(
          a[8], [.number(Double(epoch)), .number(total / Double(n)), model])
        if case .bool(false) = r { break }
      }
    }
    if show { FileHandle.standardError.write(Data("\n".utf8)) }
    return .dict(
      FDict([("model", model), ("loss", .tensor(Tensor(shape: [history.count], f64: history)))]))
  }

  static let builtins: [Builtin] = [
    Builtin(
      "train", module: "nn",
      params: [
        .init("model", "dict"), .init("loss", "string|function"), .init("data", "list"),
        .init("epochs", "int", default: .number(1)), .init("lr", "number", default: .null),
        .init("batch", "int", default: .number(32)),
        .init("optimizer", "optimizer", default: .null),
        .init("seed", "int", default: .number(0)), .init("on_epoch", "function", default: .null),
        .init("progress", "bool", default: .null), .init("shuffle", "bool", default: .bool(true)),
      ],
      summary: "Mini-batch training; returns {model, loss} with the mean loss of each epoch.",
      doc: "`loss` is cross_entropy, mse or bce (applied to nn.forward(model, x)) or a function "
        + "(model, x, y) -> number. `data` is [x, y] or {x, y}. Rows are shuffled each epoch by "
        + "PCG64 with `seed` (unless shuffle=false), so the same seed gives the same loss curve. The optimizer defaults "
        + "to nn.adam(lr or 0.001). On a terminal a progress line (epoch, loss) goes to stderr. "
        + "`on_epoch(epoch, loss, model)` runs after each epoch; returning false stops early.",
      example:
        "nn.train(nn.linear(1, 1), \"mse\", [[[1.0], [2.0]], [[2.0], [4.0]]], epochs=3, lr=0.1).loss.shape  # -> [3]"
    ) { a in try train(a) }
  ]
}
