// prune: the toy pre-norm model of oracle P2 (docs/pruning.md, "Oracles"), small enough to check
// scores and plans by hand. Layer i: H = X + RMSNorm(X)·Wa_i, Y = H + RMSNorm(H)·Wm_i (row vectors,
// x·W; RMSNorm without weight). Token id k is row k of the embedding matrix.
import Interp

final class ToyModel: TransformerModel {
  let info: ModelInfo
  let embedding: [Float]
  /// Wa_i and Wm_i, each stored transposed ([out, in]).
  let wa: [[Float]]
  let wm: [[Float]]
  let eps: Double
  var tokenizer: PruneTokenizer? { nil }

  init(embedding: [Float], vocab: Int, wa: [[Float]], wm: [[Float]], hidden: Int, eps: Double) {
    info = ModelInfo(
      arch: "toy", source: "prune.toy", layers: wa.count, hidden: hidden, heads: 0, kvHeads: 0,
      ffn: hidden, vocab: vocab, maxLength: Int(Int32.max), preNorm: true, decoder: false)
    self.embedding = embedding
    self.wa = wa
    self.wm = wm
    self.eps = eps
  }

  /// `RMSNorm(x)` and `RMSNorm(x)·W` (`wT` holds Wᵀ, the Linear layout).
  private func module(_ x: [Float], _ wT: [Float]) -> (in: [Float], out: [Float]) {
    let h = info.hidden
    let n = TransformerOps.rmsNorm(x, dim: h, nil, eps: eps)
    return (n, TransformerOps.linear(n, rows: x.count / h, inDim: h, wT, outDim: h))
  }

  func forward(_ batch: TokenBatch, drop: DropSet, observe: ((LayerStates) -> Void)?) throws
    -> [Float]
  {
    let h = info.hidden
    var x = [Float](repeating: 0, count: batch.rows * h)
    for (r, id) in batch.ids.enumerated() {
      for j in 0..<h { x[r * h + j] = embedding[Int(id) * h + j] }
    }
    for i in 0..<info.layers {
      let a = drop.attn.contains(i) ? nil : module(x, wa[i])
      let mid = a.map { TransformerOps.add(x, $0.out) } ?? x
      let m = drop.mlp.contains(i) ? nil : module(mid, wm[i])
      let y = m.map { TransformerOps.add(mid, $0.out) } ?? mid
      observe?(
        LayerStates(
          layer: i, input: x, attnIn: a?.in, attnOut: a?.out, mid: mid, mlpIn: m?.in,
          mlpOut: m?.out, output: y))
      x = y
    }
    return x
  }

  func logits(_ hidden: [Float], rows: Int) -> [Float]? { nil }

  /// `prune.toy(embedding, wa, wm, eps)`: checks the shapes.
  static func make(_ a: Arguments) throws -> ToyModel {
    let who = "prune.toy"
    guard let e = a[0].asTensorValue, e.rank == 2, e.dtype != .str else {
      throw RuntimeError.type("\(who): 'embedding' must be a [vocab, hidden] tensor")
    }
    let h = e.shape[1]
    func stack(_ i: Int, _ name: String) throws -> [[Float]] {
      guard let t = a[i].asTensorValue, t.rank == 3, t.dtype != .str else {
        throw RuntimeError.type("\(who): '\(name)' must be a [layers, hidden, hidden] tensor")
      }
      guard t.shape[1] == h, t.shape[2] == h else {
        throw RuntimeError(
          "ShapeError",
          "\(who): '\(name)' has shape \(t.shape) but the embedding's hidden size is \(h) "
            + "(expected [layers, \(h), \(h)])")
      }
      // Stored transposed, so each module is one `TransformerOps.linear` (x·Wᵀ of Wᵀ = x·W).
      let v = t.doubles.map(Float.init)
      return (0..<t.shape[0]).map { l in
        (0..<(h * h)).map { k in v[l * h * h + (k % h) * h + k / h] }
      }
    }
    let wa = try stack(1, "wa")
    let wm = try stack(2, "wm")
    guard wa.count == wm.count else {
      throw RuntimeError(
        "ShapeError", "\(who): wa has \(wa.count) layers but wm has \(wm.count)")
    }
    let eps = try a.number(3)
    guard eps > 0, eps.isFinite else {
      throw RuntimeError.value("\(who): eps must be positive, got \(formatNumber(eps))")
    }
    return ToyModel(
      embedding: e.doubles.map(Float.init), vocab: e.shape[0], wa: wa, wm: wm, hidden: h,
      eps: eps)
  }
}
