// prune: the forward passes' float32 building blocks as builtins, so their oracles
// (docs/pruning.md, "Oracles") are checked on the very code the models run.
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
    Builtin(
      "rope", module: "prune",
      params: [
        .init("x", "tensor"), .init("pos", "int|tensor"),
        .init("base", "number", default: .number(10000)),
        .init("interleaved", "bool", default: .bool(true)),
      ],
      summary: "Rotary position embedding of vectors (one head each) at positions pos.",
      doc: "x: [head_dim] or [rows, head_dim]; pos: one position or one per row. Angles "
        + "θ_j = pos·base^(−2j/head_dim) in float64. interleaved=true rotates pairs (x[2j], "
        + "x[2j+1]) (GGUF's row layout, what the SmolLM2 decoder runs); false rotates halves "
        + "(x[j], x[j+d/2]) as transformers does. Float32; returns f32.",
      example: "prune.rope([1, 2, 3, 4], 1)  "
        + "# -> tensor([-1.14263964,  1.92207551,  2.95985079,  4.02979946], dtype=f32)"
    ) { a in
      let who = "prune.rope"
      var (x, shape, d) = try floats(a, 0, who)
      guard shape.count <= 2, d % 2 == 0, d > 0 else {
        throw RuntimeError(
          "ShapeError",
          "\(who): x must be [head_dim] or [rows, head_dim] with an even head_dim, "
            + "got shape \(shape)")
      }
      let rows = x.count / d
      let pos: [Int]
      if case .number = a[1] {
        let p = try a.int(1)
        guard p >= 0 else {
          throw RuntimeError.value("\(who): positions must be integers ≥ 0, got \(p)")
        }
        pos = [Int](repeating: p, count: rows)
      } else {
        guard let t = a[1].asTensorValue, t.rank == 1, t.count == rows else {
          throw RuntimeError(
            "ShapeError", "\(who): pos must be one position or one per row (\(rows))")
        }
        pos = try t.doubles.map { v in
          guard let i = Int(exactly: v), i >= 0 else {
            throw RuntimeError.value(
              "\(who): positions must be integers ≥ 0, got \(formatNumber(v))")
          }
          return i
        }
      }
      let base = try a.number(2)
      guard base > 0, base.isFinite else {
        throw RuntimeError.value("\(who): base must be positive, got \(formatNumber(base))")
      }
      LlamaModel.rope(
        &x, positions: pos, heads: 1, headDim: d, base: base, interleaved: try a.bool(3))
      return .tensor(Tensor(shape: shape, f32: x))
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
