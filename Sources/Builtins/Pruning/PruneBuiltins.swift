// prune: the builtins of LLM-Drop (docs/pruning.md): load a transformer, score its attention
// and MLP modules on calibration ids, plan and apply drops, and measure what is lost.
import Interp
import Tensor

enum PruneBuiltins {
  static let toyExample =
    "m = prune.toy([[1, 2], [3, -1], [0.5, 0.5]], "
    + "[[[-0.5, 0], [-1, 1]], [[-1, 1], [0.5, -0.5]], [[-0.5, -1], [-0.5, 1]]], "
    + "[[[0, 1], [1, 0.5]], [[0.5, 1], [-1, 0]], [[0.5, 0], [-0.5, -1]]])\n"

  static func planValue(_ p: [PlanEntry]) -> Value {
    .list(p.map { .list([.string($0.kind), .number(Double($0.layer))]) })
  }

  /// A plan from FSL: a list of ["attn" | "mlp" | "block", layer] pairs.
  static func plan(_ v: Value, layers: Int, who: String) throws -> [PlanEntry] {
    guard case .list(let items) = v else {
      throw RuntimeError.type(
        "\(who): 'plan' must be a list of [kind, layer] pairs (from prune.plan), got \(v.typeName)")
    }
    return try items.enumerated().map { k, item in
      guard case .list(let pair) = item, pair.count == 2, case .string(let kind) = pair[0],
        case .number(let d) = pair[1], let i = Int(exactly: d)
      else {
        throw RuntimeError.type("\(who): plan entry \(k) must be a [kind, layer] pair")
      }
      guard ["attn", "mlp", "block"].contains(kind) else {
        throw RuntimeError.value(
          "\(who): plan entry \(k) has kind \"\(kind)\" (expected \"attn\", \"mlp\" or \"block\")")
      }
      guard i >= 0, i < layers else {
        throw RuntimeError.value(
          "\(who): plan entry \(k) names layer \(i) but the model has layers 0..\(layers - 1)")
      }
      return PlanEntry(kind: kind, layer: i)
    }
  }

  static func vector(_ x: [Double]) -> Value { .tensor(Tensor(shape: [x.count], f64: x)) }

  static func pool(_ a: Arguments, _ i: Int, _ who: String) throws -> Bool {
    let p = try a.string(i)
    guard p == "token" || p == "sequence" else {
      throw RuntimeError.value("\(who): pool must be \"token\" or \"sequence\", got \"\(p)\"")
    }
    return p == "sequence"
  }

  static let builtins: [Builtin] =
    [
      Builtin(
        "load", module: "prune", params: [.init("source", "string")],
        summary: "Loads a transformer: \"minilm\", \"smollm\", a .gguf file or a BERT folder.",
        doc: "\"minilm\" is all-MiniLM-L6-v2 (BERT encoder, data/minilm) and \"smollm\" is "
          + "SmolLM2-135M-Instruct (Llama decoder, Q4_1 GGUF, data/smollm2), both placed by "
          + "scripts/fetch-data. A path may be a .gguf file (architecture llama) or a folder "
          + "(or its .safetensors file) holding model.safetensors, config.json and vocab.txt. "
          + "Quantised weights are dequantised to float32 once, here.",
        example: "type(prune.load(\"minilm\"))  # -> \"transformer\""
      ) { a in .object(PruneModelObject(try PruneModels.load(try a.string(0)))) },
      Builtin(
        "toy", module: "prune",
        params: [
          .init("embedding", "tensor"), .init("wa", "tensor"), .init("wm", "tensor"),
          .init("eps", "number", default: .number(1e-5)),
        ],
        summary:
          "The toy pre-norm model of oracle P2: H = X + RMSNorm(X)·Wa_i, Y = H + RMSNorm(H)·Wm_i.",
        doc: "Token id k is row k of `embedding` [vocab, hidden]; wa and wm are [layers, hidden, "
          + "hidden] (row vectors, x·W; RMSNorm without weight). Every prune function works on it.",
        example: toyExample + "prune.info(m).layers  # -> 3"
      ) { a in .object(PruneModelObject(try ToyModel.make(a))) },
      Builtin(
        "info", module: "prune", params: [.init("model", "transformer")],
        summary: "A model's architecture, sizes and dropped modules as a dict.",
        doc: "Keys: arch, source, layers, hidden, heads, kv_heads, ffn, vocab, max_length, "
          + "pre_norm, decoder, dropped_attn, dropped_mlp (sorted layer lists).",
        example: toyExample + "prune.info(prune.apply(m, [[\"attn\", 2]])).dropped_attn  # -> [2]"
      ) { a in
        let m = try PruneModels.object(a, 0, "prune.info")
        let i = m.info
        func n(_ x: Int) -> Value { .number(Double(x)) }
        return .dict(
          FDict([
            ("arch", .string(i.arch)), ("source", .string(i.source)), ("layers", n(i.layers)),
            ("hidden", n(i.hidden)), ("heads", n(i.heads)), ("kv_heads", n(i.kvHeads)),
            ("ffn", n(i.ffn)), ("vocab", n(i.vocab)), ("max_length", n(i.maxLength)),
            ("pre_norm", .bool(i.preNorm)), ("decoder", .bool(i.decoder)),
            ("dropped_attn", .list(m.drop.attn.sorted().map(n))),
            ("dropped_mlp", .list(m.drop.mlp.sorted().map(n))),
          ]))
      },
      Builtin(
        "scores", module: "prune",
        params: [
          .init("model", "transformer"), .init("ids", "tensor"),
          .init("mask", "tensor", default: .null),
          .init("kind", "string", default: .string("attn")),
          .init("norm", "bool", default: .bool(true)),
          .init("pool", "string", default: .string("token")),
        ],
        summary: "Importance 1 − mean cos(input, output) of each layer's attention, MLP or block.",
        doc: "One forward pass over the calibration ids ([batch, length] or one sequence; mask 1 "
          + "for real tokens). Cosines are float64 over the hidden vector of every real token, "
          + "pooled over all tokens (pool=\"sequence\": mean of per-sequence means). Attention "
          + "compares X_i with H_i (pre-norm) or A_i (post-norm), MLP H_i/A_i with Y_i, block X_i "
          + "with Y_i. norm=false compares a pre-norm module's own input and output, or a "
          + "post-norm model's sums before the LayerNorm. kind=\"all\" gives a dict attn, mlp, "
          + "block. Modules already dropped score nan.",
        example: toyExample + "round(prune.scores(m, [0, 1, 2]), 6)  "
          + "# -> [0.338078, 0.29957 , 0.015896]"
      ) { a in
        let who = "prune.scores"
        let m = try PruneModels.object(a, 0, who)
        let (b, _) = try PruneModels.batch(a, 1, m.info, who)
        let kind = try a.string(3)
        guard ["attn", "mlp", "block", "all"].contains(kind) else {
          throw RuntimeError.value(
            "\(who): kind must be \"attn\", \"mlp\", \"block\" or \"all\", got \"\(kind)\"")
        }
        let r = try PruneScores.compute(
          m, b, norm: try a.bool(4), perSequence: try pool(a, 5, who), who: who, a.interp)
        switch kind {
        case "attn": return vector(r.attn)
        case "mlp": return vector(r.mlp)
        case "block": return vector(r.block)
        default:
          return .dict(
            FDict([("attn", vector(r.attn)), ("mlp", vector(r.mlp)), ("block", vector(r.block))]))
        }
      },
    ] + PruneBuiltins.planning + PruneBuiltins.running + PruneBuiltins.tokens + PruneOps.builtins
}
