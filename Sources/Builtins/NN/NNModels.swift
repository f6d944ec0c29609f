// nn models (docs/nn.md): parameters are plain dicts of tensors, so `grad` differentiates them
// directly. A layer is {w: [in, out], b: [out]}; an MLP is {layers: [layer…], act: "relu"}.
// `nn.forward` is written with the same operators and builtins users call, so it is
// differentiable wherever they are (a `composite` grad rule).
import Foundation
import Interp
import Lang
import Tensor

/// Calls builtins and operators on values, through the tracer when one is recording.
struct ValueOps {
  unowned let interp: Interpreter

  func call(_ name: String, _ args: [Value], _ kw: [(String, Value)] = []) throws -> Value {
    guard let b = interp.builtins[name] else { preconditionFailure("internal: no builtin \(name)") }
    return try interp.call(.builtin(b), args, keywords: kw)
  }

  func op(_ op: BinaryOp, _ a: Value, _ b: Value) throws -> Value { try binaryOp(op, a, b) }
}

enum NNModels {
  static let activations = ["relu", "tanh", "sigmoid", "gelu", "silu", "softplus", "identity"]

  /// PyTorch's default init: weights and biases uniform in ±1/√fan_in.
  /// A size too large to allocate is a MemoryError (as every tensor allocation).
  static func layer(_ nIn: Int, _ nOut: Int, _ stream: inout RandomStream) throws -> Value {
    let bound = 1 / Double(nIn).squareRoot()
    return try TensorRandom.randomCall {
      let w = try stream.uniform(lo: -bound, hi: bound, shape: [nIn, nOut])
      let b = try stream.uniform(lo: -bound, hi: bound, shape: [nOut])
      return .dict(FDict([("w", .tensor(w)), ("b", .tensor(b))]))
    }
  }

  /// A layer size: nil unless a positive integer; past `Int.max` a MemoryError.
  static func size(_ v: Value, _ who: String) throws -> Int? {
    guard let d = v.scalarDouble, d.rounded() == d, d >= 1 else { return nil }
    return try Arguments.dimension(d, who)
  }

  /// The layers of a model dict, and its activation.
  static func structure(_ model: Value, _ who: String) throws -> (layers: [FDict], act: String) {
    guard case .dict(let d) = model else {
      throw RuntimeError.type(
        "\(who): 'model' must be a dict from nn.mlp or nn.linear, got \(model.typeName)")
    }
    if d["w"] != nil { return ([d], "identity") }
    guard case .list(let ls)? = d["layers"] else {
      throw RuntimeError.value("\(who): 'model' needs 'layers' (nn.mlp) or 'w' and 'b' (nn.linear)")
    }
    var layers: [FDict] = []
    for (i, l) in ls.enumerated() {
      guard case .dict(let ld) = l, ld["w"] != nil else {
        throw RuntimeError.value("\(who): layer \(i) must be a dict with 'w' and 'b'")
      }
      layers.append(ld)
    }
    var act = "relu"
    if case .string(let s)? = d["act"] { act = s }
    try checkActivation(act, who)
    return (layers, act)
  }

  static func checkActivation(_ act: String, _ who: String) throws {
    guard activations.contains(act) else {
      throw RuntimeError.value(
        "\(who): unknown activation \(quote(act)); use \(activations.joined(separator: ", "))")
    }
  }

  /// x @ w + b through each layer, with the activation between layers.
  static func forward(_ model: Value, _ x: Value, _ ops: ValueOps) throws -> Value {
    let (layers, act) = try structure(model, "nn.forward")
    var h = x
    for (i, l) in layers.enumerated() {
      guard let w = l["w"] else { continue }
      h = try ops.op(.matmul, h, w)
      if let b = l["b"], b.asTensorOperand != nil { h = try ops.op(.add, h, b) }
      if i < layers.count - 1 && act != "identity" { h = try ops.call(act, [h]) }
    }
    return h
  }

  /// Class labels: the argmax of the outputs (or output > 0 for a single output).
  static func predict(_ model: Value, _ x: Value, _ ops: ValueOps) throws -> Value {
    if case .dict(let d) = model, let p = d["predict"] { return try ops.interp.call(p, [x]) }
    let out = try forward(model, x, ops)
    guard case .tensor(let t) = out, t.rank == 2, t.shape[1] > 1 else {
      let positive = try ops.op(.gt, out, .number(0))
      return try ops.call("astype", [positive, .string("i64")])
    }
    return try ops.call("argmax", [out], [("axis", .number(1))])
  }

  static let builtins: [Builtin] = [
    Builtin(
      "linear", module: "nn",
      params: [
        .init("n_in", "int"), .init("n_out", "int"), .init("seed", "int", default: .number(0)),
      ],
      summary: "A dense layer {w: [n_in, n_out], b: [n_out]}, initialised as PyTorch does.",
      doc: "Weights and biases are uniform in ±1/√n_in (PyTorch's nn.Linear default), drawn "
        + "from PCG64 with `seed`. Apply it with `nn.forward(layer, x)` (x @ w + b).",
      example: "nn.linear(3, 2).w.shape  # -> [3, 2]"
    ) { a in
      let given = "n_in=\(formatNumber(try a.number(0))), n_out=\(formatNumber(try a.number(1)))"
      guard try a.number(0) >= 1, try a.number(1) >= 1 else {
        throw RuntimeError.value("nn.linear: sizes must be ≥ 1, got \(given)")
      }
      guard let nIn = try size(a[0], "nn.linear"), let nOut = try size(a[1], "nn.linear") else {
        throw RuntimeError.type("nn.linear: sizes must be integers, got \(given)")
      }
      var s = RandomStream(seed: try TensorRandom.seedValue(a, 2))
      return try layer(nIn, nOut, &s)
    },
    Builtin(
      "mlp", module: "nn",
      params: [
        .init("sizes", "list"), .init("act", "string", default: .string("relu")),
        .init("seed", "int", default: .number(0)),
      ],
      summary: "A multi-layer perceptron {layers: [{w, b}…], act} for sizes [in, hidden…, out].",
      doc: "The activation (relu, tanh, sigmoid, gelu, silu, softplus, identity) is applied "
        + "between layers, not after the last, so the output is logits.",
      example: "len(nn.mlp([64, 128, 10]).layers)  # -> 2"
    ) { a in
      let sizes = try a.list(0).map { v -> Int in
        guard let n = try size(v, "nn.mlp") else {
          throw RuntimeError.value("nn.mlp: 'sizes' must be positive integers, got \(v.repr)")
        }
        return n
      }
      guard sizes.count >= 2 else {
        throw RuntimeError.value(
          "nn.mlp: 'sizes' needs at least 2 entries (in and out), got \(sizes.count)")
      }
      let act = try a.string(1)
      try checkActivation(act, "nn.mlp")
      var s = RandomStream(seed: try TensorRandom.seedValue(a, 2))
      var layers: [Value] = []
      for i in 0..<(sizes.count - 1) { layers.append(try layer(sizes[i], sizes[i + 1], &s)) }
      return .dict(FDict([("layers", .list(layers)), ("act", .string(act))]))
    },
    Builtin(
      "forward", module: "nn", params: [.init("model", "dict"), .init("x", "tensor")],
      summary: "The model's outputs for inputs x (rows are samples); differentiable.",
      example: "nn.forward({\"w\": [[2.0], [1.0]], \"b\": [0.5]}, [[1.0, 1.0]])  # -> [[3.5]]"
    ) { a in try forward(a[0], a[1], ValueOps(interp: a.interp)) },
    Builtin(
      "predict", module: "nn", params: [.init("model", "dict"), .init("x", "tensor")],
      summary: "Class labels: argmax of the outputs (output > 0 when there is one output).",
      doc: "For a model from nn.logreg it calls the model's own `predict`.",
      example:
        "nn.predict({\"w\": [[1.0, -1.0]], \"b\": [0.0, 0.0]}, [[2.0], [-1.0]])  # -> tensor([0, 1], dtype=i64)"
    ) { a in try predict(a[0], a[1], ValueOps(interp: a.interp)) },
    Builtin(
      "accuracy", module: "nn",
      params: [.init("model", "dict"), .init("x", "tensor"), .init("y", "tensor")],
      summary: "The fraction of rows of x whose predicted class equals y.",
      example:
        "nn.accuracy({\"w\": [[1.0, -1.0]], \"b\": [0.0, 0.0]}, [[2.0], [-1.0]], [0, 0])  # -> 0.5"
    ) { a in
      let ops = ValueOps(interp: a.interp)
      let p = try predict(a[0], a[1], ops)
      guard let pt = p.asTensorOperand, let yt = a[2].asTensorOperand, pt.count == yt.count else {
        throw RuntimeError(
          "ShapeError", "nn.accuracy: 'y' must have one label per row of 'x'")
      }
      return try ops.call(
        "mean",
        [try ops.op(.eq, .tensor(pt.reshaped([pt.count])), .tensor(yt.reshaped([yt.count])))])
    },
  ]
}
