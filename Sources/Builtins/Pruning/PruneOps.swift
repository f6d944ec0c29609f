// prune: the forward passes' float32 building blocks as builtins, so their oracles (ALGORITHMS
// §4.3) are checked on the very code the models run.
import Interp
import Tensor

enum PruneOps {
  /// The float32 values of argument `i` and its last-axis length.
  static func floats(_ a: Arguments, _ i: Int, _ who: String) throws -> ([Float], [Int], Int) {
    guard let t = a[i].asTensorValue, t.dtype != .str, t.rank >= 1 else {
      throw RuntimeError.type("\(who): 'x' must be a tensor of at least 1 dimension")
    }
    return (t.doubles.map(Float.init), t.shape, t.shape[t.rank - 1])
  }

  static func eps(_ a: Arguments, _ i: Int, _ who: String) throws -> Double {
    let e = try a.number(i)
    guard e > 0, e.isFinite else {
      throw RuntimeError.value("\(who): eps must be positive, got \(formatNumber(e))")
    }
    return e
  }

  static func unary(
    _ name: String, _ summary: String, _ example: String, _ f: @escaping (inout [Float]) -> Void
  ) -> Builtin {
    Builtin(
      name, module: "prune", params: [.init("x", "tensor")], summary: summary,
      doc: "Computed in float32 by the code the transformers run; returns f32.",
      example: example
    ) { a in
      var (x, shape, _) = try floats(a, 0, "prune.\(name)")
      f(&x)
      return .tensor(Tensor(shape: shape, f32: x))
    }
  }

  static let builtins: [Builtin] = [
    Builtin(
      "rms_norm", module: "prune",
      params: [.init("x", "tensor"), .init("eps", "number", default: .number(1e-5))],
      summary: "RMSNorm over the last axis: x/√(mean(x²) + eps), as Llama's (without weight).",
      doc: "Float32 values, float64 reduction; returns f32.",
      example: "prune.rms_norm([1, 2, 3, 4])  "
        + "# -> tensor([0.36514813, 0.73029625, 1.09544444, 1.46059251], dtype=f32)"
    ) { a in
      let (x, shape, d) = try floats(a, 0, "prune.rms_norm")
      return .tensor(
        Tensor(
          shape: shape,
          f32: TransformerOps.rmsNorm(x, dim: d, nil, eps: try eps(a, 1, "prune.rms_norm"))))
    },
    Builtin(
      "layer_norm", module: "prune",
      params: [.init("x", "tensor"), .init("eps", "number", default: .number(1e-12))],
      summary: "LayerNorm over the last axis: (x − mean)/√(biased var + eps), as BERT's.",
      doc: "Float32 values, float64 reductions, no weight or bias; returns f32.",
      example: "prune.layer_norm([1, 2, 3, 4])  "
        + "# -> tensor([-1.34164083, -0.44721359,  0.44721359,  1.34164083], dtype=f32)"
    ) { a in
      let (x, shape, d) = try floats(a, 0, "prune.layer_norm")
      let one = [Float](repeating: 1, count: d)
      let zero = [Float](repeating: 0, count: d)
      return .tensor(
        Tensor(
          shape: shape,
          f32: TransformerOps.layerNorm(
            x, dim: d, one, zero, eps: try eps(a, 1, "prune.layer_norm"))))
    },
    unary(
      "gelu", "Exact GELU, ½x(1 + erf(x/√2)) (BERT's; not the tanh form).",
      "prune.gelu([1, -1])  # -> tensor([ 0.84134471, -0.15865526], dtype=f32)",
      TransformerOps.gelu),
    unary(
      "silu", "SiLU, x·σ(x) (Llama's MLP gate).",
      "prune.silu([1, -1])  # -> tensor([ 0.7310586 , -0.26894143], dtype=f32)",
      TransformerOps.silu),
  ]
}
