// The fed LoRA builtins (docs/federated.md, "LoRA aggregation") over LoRAClients (FedLoRA.swift).
import Interp
import Tensor

extension LoRA {
  static let factorParams: [BuiltinParam] = [
    .init("As", "list"), .init("Bs", "list"), .init("weights", "list", default: .null),
  ]

  static let builtins: [Builtin] = [
    Builtin(
      "lora_init", module: "fed",
      params: [
        .init("d_out", "int"), .init("d_in", "int"), .init("r", "int"),
        .init("seed", "number", default: .null), .init("rng", "rng", default: .null),
      ],
      summary: "A fresh LoRA adapter {A [r, d_in], B [d_out, r]} as PEFT initialises it.",
      doc: "A ~ U(−1/√d_in, 1/√d_in) (PEFT's Kaiming-uniform with a = √5), B = 0, so ΔW = B·A "
        + "starts at 0. Draws from `seed=`, `rng=` or the global stream as other random builtins.",
      example: "sum(abs(fed.lora_init(4, 3, 2, seed=0).B))  # -> 0",
      effect: .random
    ) { a in
      let (dOut, dIn, r) = (try a.int(0), try a.int(1), try a.int(2))
      guard dOut >= 1, dIn >= 1, r >= 1 else {
        throw RuntimeError.value(
          "fed.lora_init: d_out, d_in and r must be ≥ 1, got \(dOut), \(dIn), \(r)")
      }
      // Checked allocations: sizes beyond the memory limit are a MemoryError, not a crash.
      let bInit = try TensorCreation.filled([dOut, r], 0, .f64)
      let bound = 1 / Double(dIn).squareRoot()
      let aInit = try TensorRandom.withStream(a, seed: 3, rng: 4) {
        try $0.uniform(lo: -bound, hi: bound, shape: [r, dIn])
      }
      return .dict(FDict([("A", .tensor(aInit)), ("B", .tensor(bInit))]))
    },
    Builtin(
      "lora_avg", module: "fed", params: factorParams,
      summary: "FedAvg of LoRA factors (FedIT): {A: Σ p_k A_k, B: Σ p_k B_k}; equal ranks only.",
      doc: "p_k = weights normalised to sum 1 (equal when omitted). The product of the averages is "
        + "not the average of the products (see fed.agg_noise); fed.flora is exact.",
      example: "fed.lora_avg([[[1, 0]], [[0, 1]]], [[[1], [0]], [[0], [1]]]).A  # -> [[0.5, 0.5]]"
    ) { a in
      let c = try LoRAClients(a[0], a[1], weights: a[2], "fed.lora_avg")
      _ = try c.equalRanks("fed.lora_avg")
      let (fa, fb, r) = c.averaged()
      return .dict(FDict(adapter(fa, fb, c, rank: r)))
    },
    Builtin(
      "flora", module: "fed",
      params: factorParams + [.init("scales", "list", default: .null)],
      summary: "FLoRA stacking: one adapter of rank Σr_k with B·A = Σ p_k s_k B_k A_k exactly.",
      doc: "A = [p_1 s_1 A_1; …; p_K s_K A_K] (rows), B = [B_1 … B_K] (columns), as FLoRA's "
        + "model_aggregation.py stacks them (it scales A by p_k); ranks may differ. Per-client "
        + "scales s_k (LoRA α_k/r_k, default 1) are folded into A, so merge with scale 1. "
        + "Returns {A, B, delta} with delta = B·A.",
      example: "fed.flora([[[1, 0]], [[0, 1]]], [[[1], [0]], [[0], [1]]]).delta  "
        + "# -> [[0.5, 0. ],\n [0. , 0.5]]"
    ) { a in
      let c = try LoRAClients(a[0], a[1], weights: a[2], "fed.flora")
      let s = try scales(a[3], count: c.factors.count, "fed.flora")
      let (fa, fb, r) = c.stacked(scales: s)
      let delta = Tensor(shape: [c.dOut, c.dIn], f64: product(fb, fa, c, rank: r))
      return .dict(FDict(adapter(fa, fb, c, rank: r) + [("delta", .tensor(delta))]))
    },
    Builtin(
      "hetlora", module: "fed", params: factorParams,
      summary: "Zero-padding aggregation (HetLoRA): factors padded to the largest rank, averaged.",
      doc: "A = Σ p_k pad(A_k) (zero rows), B = Σ p_k pad(B_k) (zero columns) at r_max; client k "
        + "takes back A[:r_k] and B[:, :r_k]. Not exact when clients disagree (fed.agg_noise).",
      example: "fed.hetlora([[[1, 0], [0, 1]], [[2, 2]]], [[[1, 0]], [[1]]]).A  "
        + "# -> [[1.5, 1. ],\n [0. , 0.5]]"
    ) { a in
      let c = try LoRAClients(a[0], a[1], weights: a[2], "fed.hetlora")
      let (fa, fb, r) = c.averaged()
      return .dict(FDict(adapter(fa, fb, c, rank: r)))
    },
    Builtin(
      "merge", module: "fed",
      params: [
        .init("W", "tensor"), .init("A", "tensor"), .init("B", "tensor"),
        .init("scale", "number", default: .number(1)),
      ],
      summary: "W + scale·B·A: an adapter merged into its base weights (PEFT merge_and_unload).",
      example:
        "fed.merge(zeros(2, 2), [[1, 1]], [[1], [2]], scale=0.5)  # -> [[0.5, 0.5],\n [1. , 1. ]]"
    ) { a in
      let (w, am, bm) = (try a.tensor(0), try a.tensor(1), try a.tensor(2))
      let scale = try a.number(3)
      guard w.rank == 2, am.rank == 2, bm.rank == 2, am.shape[0] == bm.shape[1],
        w.shape == [bm.shape[0], am.shape[1]], w.dtype != .str
      else {
        throw RuntimeError(
          "ShapeError",
          "fed.merge: W is \(shapeText(w.shape)), A is \(shapeText(am.shape)), B is "
            + "\(shapeText(bm.shape)); need W [d_out, d_in], A [r, d_in], B [d_out, r]")
      }
      var out = w.doubles
      gemm(bm.doubles, am.doubles, bm.shape[0], am.shape[0], am.shape[1], alpha: scale, into: &out)
      let t = Tensor(shape: w.shape, f64: out)
      return .tensor(w.dtype == .f32 ? t.astype(.f32) : t)
    },
    Builtin(
      "agg_noise", module: "fed",
      params: factorParams + [.init("method", "string", default: .string("fedavg"))],
      summary: "‖ΔW_agg − Σ p_k B_k A_k‖_F for method fedavg, hetlora or flora (≈ 0).",
      doc: "The aggregation noise of docs/federated.md: how far the aggregated update is from the "
        + "weighted average of the clients' updates. fedavg needs equal ranks.",
      example: "fed.agg_noise([[[1, 0]], [[0, 1]]], [[[1], [0]], [[0], [1]]])  # -> 0.5"
    ) { a in
      let c = try LoRAClients(a[0], a[1], weights: a[2], "fed.agg_noise")
      let method = try a.string(3)
      let agg: [Double]
      switch method {
      case "fedavg":
        let r = try c.equalRanks("fed.agg_noise")
        let (fa, fb, _) = c.averaged()
        agg = product(fb, fa, c, rank: r)
      case "hetlora":
        let (fa, fb, r) = c.averaged()
        agg = product(fb, fa, c, rank: r)
      case "flora":
        let (fa, fb, r) = c.stacked(scales: nil)
        agg = product(fb, fa, c, rank: r)
      default:
        throw RuntimeError.value(
          "fed.agg_noise: unknown method \(quote(method)); use fedavg, hetlora or flora")
      }
      return .number(frobenius(agg, c.ideal()))
    },
  ]
}
