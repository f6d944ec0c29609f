// prune: LLM-Drop's importance scores and drop plans (docs/pruning.md, "Scores", "Dropping"). A
// module's importance is 1 − the mean cosine between its input and output hidden states over the
// real tokens of the calibration batch, in float64, computed while the forward pass runs.
import Foundation
import Interp
import Tensor

/// One module chosen for dropping: ("attn", 3), ("mlp", 0) or ("block", 5).
struct PlanEntry: Equatable {
  let kind: String
  let layer: Int
}

enum PruneScores {
  /// Importances per layer; NaN where the module is already dropped.
  struct Result {
    var attn: [Double]
    var mlp: [Double]
    var block: [Double]
  }

  /// Sums of cosines per sequence (padded tokens skipped) for one kind of module and layer.
  private struct Pool {
    var sums: [Double]
    var counts: [Int]

    init(_ n: Int) {
      sums = [Double](repeating: 0, count: n)
      counts = [Int](repeating: 0, count: n)
    }

    /// 1 − mean cosine: tokens pooled, or the mean of the per-sequence means.
    func importance(perSequence: Bool) -> Double {
      if perSequence {
        let means = sums.indices.filter { counts[$0] > 0 }.map { sums[$0] / Double(counts[$0]) }
        return 1 - means.reduce(0, +) / Double(means.count)
      }
      return 1 - sums.reduce(0, +) / Double(counts.reduce(0, +))
    }
  }

  /// The scores of every module of `m` on `batch` (one forward pass). `norm=false` compares a
  /// module's own input and output (pre-norm) or the residual sums before the LayerNorm
  /// (post-norm, the `presum` variants). Warns once when a cosine meets a zero vector.
  static func compute(
    _ m: PruneModelObject, _ batch: TokenBatch, norm: Bool, perSequence: Bool, who: String,
    _ interp: Interpreter
  ) throws -> Result {
    let info = m.info
    let h = info.hidden
    let nan = [Double](repeating: .nan, count: info.layers)
    var result = Result(attn: nan, mlp: nan, block: nan)
    var zeroAt: Int?
    let preNorm = info.preNorm
    func pool(_ x: [Float], _ y: [Float], addY: Bool, layer: Int) -> Pool {
      var p = Pool(batch.batch)
      x.withUnsafeBufferPointer { xp in
        y.withUnsafeBufferPointer { yp in
          for r in 0..<batch.rows where batch.mask[r] {
            var dot = 0.0
            var nx = 0.0
            var ny = 0.0
            for j in (r * h)..<(r * h + h) {
              let u = Double(xp[j])
              let v = addY ? Double(xp[j] + yp[j]) : Double(yp[j])
              dot += u * v
              nx += u * u
              ny += v * v
            }
            let den = (nx * ny).squareRoot()
            if den < 1e-8 && zeroAt == nil { zeroAt = layer }
            p.sums[r / batch.length] += dot / max(den, 1e-8)
            p.counts[r / batch.length] += 1
          }
        }
      }
      return p
    }
    /// One module's importance: its boundary states x → y (norm), else its own input and
    /// output (pre-norm) or x against the residual sum x + output (post-norm, `presum`).
    func module(_ x: [Float], _ y: [Float], own: [Float], out: [Float], layer: Int) -> Double {
      let p =
        norm
        ? pool(x, y, addY: false, layer: layer)
        : preNorm
          ? pool(own, out, addY: false, layer: layer) : pool(x, out, addY: true, layer: layer)
      return p.importance(perSequence: perSequence)
    }
    _ = try m.model.forward(batch, drop: m.drop) { s in
      let i = s.layer
      if let ai = s.attnIn, let ao = s.attnOut {
        result.attn[i] = module(s.input, s.mid, own: ai, out: ao, layer: i)
      }
      if let mi = s.mlpIn, let mo = s.mlpOut {
        result.mlp[i] = module(s.mid, s.output, own: mi, out: mo, layer: i)
      }
      if s.attnIn != nil || s.mlpIn != nil {
        result.block[i] = pool(s.input, s.output, addY: false, layer: i)
          .importance(perSequence: perSequence)
      }
    }
    if let l = zeroAt {
      interp.warn(
        "\(who): a zero hidden vector in a cosine at layer \(l); "
          + "its cosine uses ε = 1e-8 as torch does")
    }
    return result
  }

  /// The `drop` least important modules, least important first. `kind` "attn", "mlp" or
  /// "block" ranks that kind's scores (ties → lower layer); "joint" ranks attention and MLP
  /// scores together (ties → attention first, then lower layer). NaN scores (modules already
  /// dropped) are not candidates.
  static func plan(_ r: Result, kind: String, drop: Int, who: String) throws -> [PlanEntry] {
    var cands: [(score: Double, module: PruneModule, name: String)] = []
    func add(_ s: [Double], _ k: PruneModule.Kind, _ name: String) {
      for (i, v) in s.enumerated() where !v.isNaN {
        cands.append((v, PruneModule(kind: k, layer: i), name))
      }
    }
    switch kind {
    case "attn": add(r.attn, .attn, "attn")
    case "mlp": add(r.mlp, .mlp, "mlp")
    case "block": add(r.block, .attn, "block")
    default:
      add(r.attn, .attn, "attn")
      add(r.mlp, .mlp, "mlp")
    }
    try check(kind: kind, drop: drop, left: cands.count, who: who)
    cands.sort { $0.score != $1.score ? $0.score < $1.score : $0.module < $1.module }
    return cands.prefix(drop).map { PlanEntry(kind: $0.name, layer: $0.module.layer) }
  }

  /// Checks `kind` and that `drop` modules of it can go when `left` remain.
  static func check(kind: String, drop: Int, left: Int, who: String) throws {
    let what = [
      "attn": "attention layers", "mlp": "MLP layers", "block": "blocks", "joint": "modules",
    ]
    guard let noun = what[kind] else {
      throw RuntimeError.value(
        "\(who): kind must be \"attn\", \"mlp\", \"block\" or \"joint\", got \"\(kind)\"")
    }
    guard drop >= 0 else { throw RuntimeError.value("\(who): drop must be ≥ 0, got \(drop)") }
    if left == 0 && drop > 0 {
      let all = ["attn": "attention layer", "mlp": "MLP layer", "block": "block"][kind]
      throw RuntimeError.value(
        "\(who): every \(all ?? "attention and MLP module") of the model is already dropped")
    }
    guard drop <= left else {
      throw RuntimeError.value(
        "\(who): cannot drop \(drop) \(noun): only \(left) \(left == 1 ? "is" : "are") left")
    }
  }

  /// The drop set of `m` with the plan's modules added (a block adds its attention and MLP).
  static func applying(_ plan: [PlanEntry], to drop: DropSet) -> DropSet {
    var d = drop
    for e in plan {
      if e.kind != "mlp" { d.attn.insert(e.layer) }
      if e.kind != "attn" { d.mlp.insert(e.layer) }
    }
    return d
  }

  /// How many modules of `kind` `m` still has.
  static func available(_ info: ModelInfo, _ d: DropSet, kind: String) -> Int {
    let attn = info.layers - d.attn.count
    let mlp = info.layers - d.mlp.count
    let blocks = (0..<info.layers).filter { !d.attn.contains($0) || !d.mlp.contains($0) }.count
    return ["attn": attn, "mlp": mlp, "block": blocks, "joint": attn + mlp][kind] ?? 0
  }

  /// Iterative drop: score, drop the least important module, re-score the pruned model, …
  static func iterative(
    _ m: PruneModelObject, _ batch: TokenBatch, kind: String, drop: Int, norm: Bool,
    perSequence: Bool, who: String, _ interp: Interpreter
  ) throws -> [PlanEntry] {
    try check(kind: kind, drop: drop, left: available(m.info, m.drop, kind: kind), who: who)
    var current = m
    var out: [PlanEntry] = []
    for _ in 0..<drop {
      let r = try compute(
        current, batch, norm: norm, perSequence: perSequence, who: who, interp)
      let next = try plan(r, kind: kind, drop: 1, who: who)
      out += next
      current = PruneModelObject(current.model, drop: applying(next, to: current.drop))
    }
    return out
  }
}
