// prune: the Llama decoder (SmolLM2-135M) from a GGUF file (ALGORITHMS §4.3). Weights are
// dequantised once at load (LlamaLoad.swift) into float32 `[out, in]` matrices; q|k|v and
// gate|up are stored fused so each is one sgemm over all `batch·length` rows. Q and K rows are
// in llama.cpp's permuted order, so RoPE rotates interleaved pairs (LlamaAttention.swift).
// Dropping (§4.2, pre-norm): a dropped attention skips its norm and attention (H = X), a
// dropped MLP skips its norm and MLP (Y = H).
import CInterrupt
import Foundation
import Interp
import Tensor

final class LlamaModel: TransformerModel {
  /// One decoder layer's weights.
  struct Layer {
    /// RMSNorm weight before attention, `[hidden]`.
    let attnNorm: [Float]
    /// W_q, W_k, W_v stacked: `[qWidth + 2·kvWidth, hidden]`.
    let qkv: [Float]
    /// W_o, `[hidden, qWidth]`.
    let output: [Float]
    /// RMSNorm weight before the MLP, `[hidden]`.
    let ffnNorm: [Float]
    /// W_gate, W_up stacked: `[2·ffn, hidden]`.
    let gateUp: [Float]
    /// W_down, `[hidden, ffn]`.
    let down: [Float]
  }

  let info: ModelInfo
  let tokenizer: PruneTokenizer?
  let layers: [Layer]
  /// Token embedding `[vocab, hidden]`.
  let embedding: [Float]
  /// The language-model head `[vocab, hidden]`; nil when tied to the embedding.
  let head: [Float]?
  /// Final RMSNorm weight `[hidden]`.
  let outputNorm: [Float]
  let headDim: Int
  let eps: Double
  let ropeBase: Double

  init(
    info: ModelInfo, tokenizer: PruneTokenizer?, layers: [Layer], embedding: [Float],
    head: [Float]?, outputNorm: [Float], headDim: Int, eps: Double, ropeBase: Double
  ) {
    self.info = info
    self.tokenizer = tokenizer
    self.layers = layers
    self.embedding = embedding
    self.head = head
    self.outputNorm = outputNorm
    self.headDim = headDim
    self.eps = eps
    self.ropeBase = ropeBase
  }

  /// Loads the GGUF model at `path` (`source` names it in `info`).
  static func load(path: String, source: String) throws -> TransformerModel {
    try LlamaLoader.load(path: path, source: source)
  }

  func forward(_ batch: TokenBatch, drop: DropSet, observe: ((LayerStates) -> Void)?) throws
    -> [Float]
  {
    let hidden = info.hidden
    let rows = batch.rows
    let shape = AttentionShape(
      batch: batch.batch, length: batch.length, heads: info.heads, kvHeads: info.kvHeads,
      headDim: headDim)
    let table = RopeTable(positions: Array(0..<batch.length), headDim: headDim, base: ropeBase)
    var x = embed(batch.ids)
    for (i, layer) in layers.enumerated() {
      if fsl_interrupt_pending() != 0 { throw RuntimeError("Interrupted", "interrupted") }
      var attnIn: [Float]?
      var attnOut: [Float]?
      var mid = x
      if !drop.attn.contains(i) {
        let n = TransformerOps.rmsNorm(x, dim: hidden, layer.attnNorm, eps: eps)
        var qkv = TransformerOps.linear(
          n, rows: rows, inDim: hidden, layer.qkv, outDim: shape.width)
        LlamaAttention.rope(&qkv, shape, table: table)
        let ctx = LlamaAttention.attend(qkv, mask: batch.mask, shape)
        let a = TransformerOps.linear(
          ctx, rows: rows, inDim: shape.qWidth, layer.output, outDim: hidden)
        mid = TransformerOps.add(x, a)
        if observe != nil { (attnIn, attnOut) = (n, a) }
      }
      var mlpIn: [Float]?
      var mlpOut: [Float]?
      var y = mid
      if !drop.mlp.contains(i) {
        let n = TransformerOps.rmsNorm(mid, dim: hidden, layer.ffnNorm, eps: eps)
        let gateUp = TransformerOps.linear(
          n, rows: rows, inDim: hidden, layer.gateUp, outDim: 2 * info.ffn)
        let act = Self.swiglu(gateUp, rows: rows, ffn: info.ffn)
        let m = TransformerOps.linear(act, rows: rows, inDim: info.ffn, layer.down, outDim: hidden)
        y = TransformerOps.add(mid, m)
        if observe != nil { (mlpIn, mlpOut) = (n, m) }
      }
      observe?(
        LayerStates(
          layer: i, input: x, attnIn: attnIn, attnOut: attnOut, mid: mid, mlpIn: mlpIn,
          mlpOut: mlpOut, output: y))
      x = y
    }
    return TransformerOps.rmsNorm(x, dim: hidden, outputNorm, eps: eps)
  }

  func logits(_ hidden: [Float], rows: Int) -> [Float]? {
    TransformerOps.linear(
      hidden, rows: rows, inDim: info.hidden, head ?? embedding, outDim: info.vocab)
  }

  /// The embedding rows of `ids` (each already checked < vocab), `[ids.count, hidden]`.
  private func embed(_ ids: [Int32]) -> [Float] {
    let hidden = info.hidden
    var x = [Float](repeating: 0, count: ids.count * hidden)
    x.withUnsafeMutableBufferPointer { xp in
      embedding.withUnsafeBufferPointer { ep in
        guard let xa = xp.baseAddress, let ea = ep.baseAddress else { return }
        for (r, id) in ids.enumerated() {
          precondition(id >= 0 && Int(id) < info.vocab, "internal: token id out of range")
          (xa + r * hidden).update(from: ea + Int(id) * hidden, count: hidden)
        }
      }
    }
    return x
  }

  /// SiLU(gate) ⊙ up from the fused `[rows, 2·ffn]` projection, `[rows, ffn]`.
  static func swiglu(_ gateUp: [Float], rows: Int, ffn: Int) -> [Float] {
    var out = [Float](repeating: 0, count: rows * ffn)
    gateUp.withUnsafeBufferPointer { gp in
      out.withUnsafeMutableBufferPointer { op in
        guard let g0 = gp.baseAddress, let o0 = op.baseAddress else { return }
        for r in 0..<rows {
          let g = g0 + r * 2 * ffn
          let u = g + ffn
          let o = o0 + r * ffn
          for j in 0..<ffn {
            let z = g[j]
            o[j] = z / (1 + expf(-z)) * u[j]
          }
        }
      }
    }
    return out
  }
}
