// prune: the Llama decoder (SmolLM2-135M) from a GGUF file (docs/pruning.md, "Forward passes").
// Weights are dequantised once at load (LlamaLoad.swift) into float32 `[out, in]` matrices, kept in
// the buffers the GGUF reader filled (copying 540 MB again doubled the load time). Every projection
// is one sgemm over all `batch·length` rows; q, k and v land side by side in one
// `[rows, q|k|v]` buffer, gate and up in one `[rows, gate|up]`. Q and K rows are in llama.cpp's
// permuted order, so RoPE rotates interleaved pairs (LlamaAttention.swift).
// Dropping (docs/pruning.md, "Dropping"; pre-norm): a dropped attention skips its norm and
// attention (H = X), a dropped MLP skips its norm and MLP (Y = H).
import CInterrupt
import Foundation
import Interp
import Tensor

final class LlamaModel: TransformerModel {
  /// A float32 matrix `[rows, cols]`, dequantised once, read-only.
  struct Weights {
    let rows: Int
    let cols: Int
    let tensor: Tensor

    func withPointer<R>(_ body: (UnsafePointer<Float>) -> R) -> R {
      tensor.withElements(as: Float.self) { body($0.baseAddress.unsafelyUnwrapped) }
    }

    /// `c[r, 0..<rows] = x[r, :]·Wᵀ + beta·c[r, 0..<rows]` for `xRows` rows of x
    /// `[xRows, cols]`; c's rows are `ldc` apart (so several projections can fill one wider
    /// buffer).
    func project(
      _ x: UnsafePointer<Float>, rows xRows: Int, into c: UnsafeMutablePointer<Float>, ldc: Int,
      beta: Float = 0
    ) {
      withPointer { w in
        Kernels.sgemm(
          transB: true, m: xRows, n: rows, k: cols, a: x, lda: cols, b: w, ldb: cols, beta: beta,
          c: c, ldc: ldc)
      }
    }

    /// `x·Wᵀ` for x `[xRows, cols]`, as `[xRows, rows]`.
    func apply(_ x: [Float], rows xRows: Int) -> [Float] {
      precondition(x.count == xRows * cols, "internal: projection shapes")
      // sgemm with beta 0 sets every element: no zero fill first.
      return [Float](unsafeUninitializedCapacity: xRows * rows) { yp, count in
        x.withUnsafeBufferPointer { xp in
          if let xa = xp.baseAddress, let ya = yp.baseAddress {
            project(xa, rows: xRows, into: ya, ldc: rows)
          }
        }
        count = xRows * rows
      }
    }
  }

  /// One decoder layer's weights.
  struct Layer {
    /// RMSNorm weight before attention, `[hidden]`.
    let attnNorm: [Float]
    /// W_q `[qWidth, hidden]`, W_k and W_v `[kvWidth, hidden]`.
    let q: Weights
    let k: Weights
    let v: Weights
    /// W_o, `[hidden, qWidth]`.
    let output: Weights
    /// RMSNorm weight before the MLP, `[hidden]`.
    let ffnNorm: [Float]
    /// W_gate and W_up `[ffn, hidden]`, W_down `[hidden, ffn]`.
    let gate: Weights
    let up: Weights
    let down: Weights
  }

  let info: ModelInfo
  let tokenizer: PruneTokenizer?
  let layers: [Layer]
  /// Token embedding `[vocab, hidden]`.
  let embedding: Weights
  /// The language-model head `[vocab, hidden]`; nil when tied to the embedding.
  let head: Weights?
  /// Final RMSNorm weight `[hidden]`.
  let outputNorm: [Float]
  let headDim: Int
  let eps: Double
  let ropeBase: Double

  init(
    info: ModelInfo, tokenizer: PruneTokenizer?, layers: [Layer], embedding: Weights,
    head: Weights?, outputNorm: [Float], headDim: Int, eps: Double, ropeBase: Double
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
    let work = LlamaScratch(rows: rows, hidden: hidden, shape: shape, ffn: info.ffn)
    let keep = observe != nil
    var x = embed(batch.ids)
    for (i, layer) in layers.enumerated() {
      if fsl_interrupt_pending() != 0 { throw RuntimeError("Interrupted", "interrupted") }
      // Without an observer x becomes H_i, then Y_i, in place (each branch's last projection
      // adds onto it); with one, the states are kept as separate arrays.
      let input = keep ? x : []
      var attn: (input: [Float], output: [Float])?
      if !drop.attn.contains(i) {
        work.rmsNorm(x, layer.attnNorm, eps: eps)
        work.project(work.norm, [layer.q, layer.k, layer.v], into: work.qkv, width: shape.width)
        LlamaAttention.rope(work.qkv, shape, table: table)
        LlamaAttention.attend(work.qkv, mask: batch.mask, shape, into: work.ctx)
        attn = work.residual(layer.output, work.ctx, onto: &x, keep: keep)
      }
      let mid = keep ? x : []
      var mlp: (input: [Float], output: [Float])?
      if !drop.mlp.contains(i) {
        work.rmsNorm(x, layer.ffnNorm, eps: eps)
        work.project(work.norm, [layer.gate, layer.up], into: work.gateUp, width: 2 * info.ffn)
        work.swiglu()
        mlp = work.residual(layer.down, work.act, onto: &x, keep: keep)
      }
      observe?(
        LayerStates(
          layer: i, input: input, attnIn: attn?.input, attnOut: attn?.output, mid: mid,
          mlpIn: mlp?.input, mlpOut: mlp?.output, output: x))
    }
    return TransformerOps.rmsNorm(x, dim: hidden, outputNorm, eps: eps)
  }

  func logits(_ hidden: [Float], rows: Int) -> [Float]? {
    (head ?? embedding).apply(hidden, rows: rows)
  }

  /// The embedding rows of `ids` (each already checked < vocab), `[ids.count, hidden]`.
  private func embed(_ ids: [Int32]) -> [Float] {
    let hidden = info.hidden
    var x = [Float](repeating: 0, count: ids.count * hidden)
    x.withUnsafeMutableBufferPointer { xp in
      embedding.withPointer { ea in
        guard let xa = xp.baseAddress else { return }
        for (r, id) in ids.enumerated() {
          precondition(id >= 0 && Int(id) < info.vocab, "internal: token id out of range")
          (xa + r * hidden).update(from: ea + Int(id) * hidden, count: hidden)
        }
      }
    }
    return x
  }
}
