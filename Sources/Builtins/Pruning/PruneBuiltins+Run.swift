// prune: builtins that plan and apply drops, run models and handle their tokens.
import Interp
import Tensor

extension PruneBuiltins {
  static let idsParams: [BuiltinParam] = [
    .init("model", "transformer"), .init("ids", "tensor"), .init("mask", "tensor", default: .null),
  ]

  static let planning: [Builtin] = [
    Builtin(
      "plan", module: "prune",
      params: [
        .init("scores", "tensor|dict"), .init("drop", "int"),
        .init("kind", "string", default: .string("attn")),
      ],
      summary: "The `drop` least important modules, least important first (one-shot LLM-Drop).",
      doc: "scores: a tensor of one kind's importances, or the dict of prune.scores(kind=\"all\"). "
        + "kind \"attn\", \"mlp\" or \"block\" ranks that kind (ties → lower layer); \"joint\" "
        + "ranks attention and MLP together (ties → attention first, then lower layer). "
        + "Returns [kind, layer] pairs for prune.apply; nan scores (already dropped) are skipped.",
      example: "prune.plan({attn: tensor([0.3, 0.1, 0.2]), mlp: tensor([0.05, 0.4, 0.15])}, 2, "
        + "kind=\"joint\")  # -> [[\"mlp\", 0], [\"attn\", 1]]"
    ) { a in
      let who = "prune.plan"
      let kind = try a.string(2)
      func take(_ key: String) throws -> [Double] {
        if case .dict(let d) = a[0] {
          guard let v = d[key], let t = v.asTensorValue, t.rank == 1, t.dtype != .str else {
            throw RuntimeError.value("\(who): the scores dict has no 1-d tensor '\(key)'")
          }
          return t.doubles
        }
        guard kind != "joint" else {
          throw RuntimeError.type(
            "\(who): kind=\"joint\" needs the dict of prune.scores(kind=\"all\"), got a tensor")
        }
        guard let t = a[0].asTensorValue, t.rank == 1, t.dtype != .str else {
          throw RuntimeError.type(
            "\(who): 'scores' must be a 1-d tensor or a dict of them, got \(a[0].typeName)")
        }
        return t.doubles
      }
      var r = PruneScores.Result(attn: [], mlp: [], block: [])
      switch kind {
      case "attn": r.attn = try take("attn")
      case "mlp": r.mlp = try take("mlp")
      case "block": r.block = try take("block")
      case "joint":
        r.attn = try take("attn")
        r.mlp = try take("mlp")
      default: try PruneScores.check(kind: kind, drop: 0, left: 0, who: who)
      }
      return planValue(try PruneScores.plan(r, kind: kind, drop: try a.int(1), who: who))
    },
    Builtin(
      "iterative", module: "prune",
      params: idsParams + [
        .init("drop", "int", default: .number(1)),
        .init("kind", "string", default: .string("joint")),
        .init("norm", "bool", default: .bool(true)),
        .init("pool", "string", default: .string("token")),
      ],
      summary:
        "Iterative LLM-Drop: drop the least important module, re-score, repeat `drop` times.",
      doc: "Each step scores the current pruned model on the ids (modules already dropped are "
        + "not candidates) and drops one module of `kind` (\"joint\", \"attn\", \"mlp\" or "
        + "\"block\"). Returns the plan in drop order; apply it with prune.apply.",
      example: toyExample + "prune.iterative(m, [0, 1, 2], drop=2)  "
        + "# -> [[\"attn\", 2], [\"mlp\", 0]]"
    ) { a in
      let who = "prune.iterative"
      let m = try PruneModels.object(a, 0, who)
      let (b, _) = try PruneModels.batch(a, 1, m.info, who)
      return planValue(
        try PruneScores.iterative(
          m, b, kind: try a.string(4), drop: try a.int(3), norm: try a.bool(5),
          perSequence: try pool(a, 6, who), who: who, a.interp))
    },
    Builtin(
      "apply", module: "prune", params: [.init("model", "transformer"), .init("plan", "list")],
      summary: "A new model with the plan's modules dropped; the original is untouched.",
      doc: "plan: [kind, layer] pairs as prune.plan gives (\"block\" drops attention and MLP). "
        + "Weights are shared, so this is cheap; drops add to those the model already has.",
      example: toyExample + "prune.apply(m, [[\"block\", 1]])  "
        + "# -> <transformer toy (prune.toy): 3 layers, hidden 2, attn [1] dropped, mlp [1] dropped>"
    ) { a in
      let m = try PruneModels.object(a, 0, "prune.apply")
      let p = try plan(a[1], layers: m.info.layers, who: "prune.apply")
      return .object(PruneModelObject(m.model, drop: PruneScores.applying(p, to: m.drop)))
    },
  ]

  static let running: [Builtin] = [
    Builtin(
      "forward", module: "prune",
      params: idsParams + [
        .init("capture", "bool", default: .bool(false)),
        .init("logits", "bool", default: .bool(true)),
      ],
      summary: "Runs the model: {hidden, logits (decoders), states (capture=true)}.",
      doc: "hidden: the final hidden states [batch, length, hidden] (float32; after the final "
        + "norm for a decoder). logits [batch, length, vocab] for a decoder. With capture=true, "
        + "states is a list with one dict per layer: input (X_i), mid (H_i or A_i) and output "
        + "(Y_i). One sequence of ids gives results without the batch axis. logits=false skips the "
        + "head ([batch·length, vocab] is large).",
      example: toyExample + "prune.forward(m, [0, 1], capture=true).states[2].output.shape  "
        + "# -> [2, 2]"
    ) { a in
      let who = "prune.forward"
      let m = try PruneModels.object(a, 0, who)
      let (b, one) = try PruneModels.batch(a, 1, m.info, who, needsReal: false)
      let h = m.info.hidden
      var states: [Value] = []
      let capture = try a.bool(3)
      let hidden = try m.model.forward(b, drop: m.drop) { s in
        guard capture else { return }
        states.append(
          .dict(
            FDict([
              ("input", PruneModels.states(s.input, b, one: one, width: h)),
              ("mid", PruneModels.states(s.mid, b, one: one, width: h)),
              ("output", PruneModels.states(s.output, b, one: one, width: h)),
            ])))
      }
      var out: [(String, Value)] = [("hidden", PruneModels.states(hidden, b, one: one, width: h))]
      if try a.bool(4), let lg = m.model.logits(hidden, rows: b.rows) {
        out.append(("logits", PruneModels.states(lg, b, one: one, width: m.info.vocab)))
      }
      if capture { out.append(("states", .list(states))) }
      return .dict(FDict(out))
    },
    Builtin(
      "perplexity", module: "prune", params: idsParams,
      summary: "exp(−mean log p(x_t | x_<t)) over every predicted real token, pooled.",
      doc: "Needs a decoder. Position t predicts t+1 when both are real (mask 1); all such "
        + "predictions of all sequences are pooled into one mean.",
      example: "m = prune.load(\"smollm\")\n"
        + "round(prune.perplexity(m, prune.tokenize(m, \"The capital of France is Paris.\").ids), 2)  "
        + "# -> 13.03"
    ) { a in
      let who = "prune.perplexity"
      let m = try PruneModels.object(a, 0, who)
      try PruneLM.needsDecoder(m, who)
      let (b, _) = try PruneModels.batch(a, 1, m.info, who)
      return .number(try PruneLM.perplexity(m, b, who: who))
    },
    Builtin(
      "embed", module: "prune", params: idsParams,
      summary: "Sentence embeddings: final hidden states averaged over real tokens, L2-normalised.",
      doc: "Returns [batch, hidden] float64 (one sequence: [hidden]), as sentence-transformers "
        + "computes all-MiniLM-L6-v2's embeddings (mean pooling, then normalisation).",
      example: toyExample + "round(prune.embed(m, [0, 1]), 4)  # -> [-0.4786,  0.878 ]"
    ) { a in
      let who = "prune.embed"
      let m = try PruneModels.object(a, 0, who)
      let (b, one) = try PruneModels.batch(a, 1, m.info, who)
      if let s = (0..<b.batch).first(where: { s in
        !b.mask[(s * b.length)..<((s + 1) * b.length)].contains(true)
      }) {
        throw RuntimeError.value("\(who): sequence \(s) has no real token (its mask is all 0)")
      }
      let e = try PruneLM.embed(m, b)
      let h = m.info.hidden
      return .tensor(Tensor(shape: one ? [h] : [b.batch, h], f64: e))
    },
    Builtin(
      "generate", module: "prune",
      params: [
        .init("model", "transformer"), .init("prompt", "string|tensor"),
        .init("n", "int", default: .number(20)), .init("return_ids", "bool", default: .bool(false)),
      ],
      summary: "Greedy continuation of a prompt (text or ids): the n next tokens' text.",
      doc: "Each step runs the (pruned) model on the whole sequence and appends the most likely "
        + "token (ties → lower id); stops early at end-of-text. Returns the continuation's "
        + "text, or its ids (i64) with return_ids=true.",
      example: "prune.generate(prune.load(\"smollm\"), \"The capital of France is\", 1)  "
        + "# -> \" Paris\""
    ) { a in
      let who = "prune.generate"
      let m = try PruneModels.object(a, 0, who)
      try PruneLM.needsDecoder(m, who)
      let prompt: [Int32]
      if case .string(let s) = a[1] {
        guard let tok = m.model.tokenizer else {
          throw RuntimeError.value("\(who): this model has no tokenizer: give token ids")
        }
        prompt = tok.encode(s)
      } else {
        let (b, _) = try PruneModels.batch(a, 1, m.info, who, hasMask: false)
        guard b.batch == 1 else {
          throw RuntimeError(
            "ShapeError", "\(who): 'prompt' must be one sequence of ids, got \(b.batch) rows")
        }
        prompt = b.ids
      }
      let ids = try PruneLM.generate(m, prompt, n: try a.int(2), interp: a.interp, who: who)
      if try a.bool(3) { return .tensor(Tensor(shape: [ids.count], i64: ids.map(Int64.init))) }
      return .string(m.model.tokenizer?.decode(ids) ?? "")
    },
  ]
}
