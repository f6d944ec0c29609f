// prune: BERT self-attention, ctx·W_oᵀ + b_o before the residual and LayerNorm (§4.3).
//
// One sgemm gives Q, K and V for every row ([rows, 3H]); each sequence and head then takes
// strided views of it (leading dimension 3H): S = Q·Kᵀ/√d + M with M = float32 min on padded
// keys (as transformers' extended attention mask), softmax over keys, ctx = S·V written into
// its head's columns of [rows, H]. Padded query rows are computed like real ones.
import Tensor

extension BertModel {
  func attention(_ x: [Float], _ layer: Layer, _ batch: TokenBatch) -> [Float] {
    let h = info.hidden
    let heads = info.heads
    let dh = h / heads
    let t = batch.length
    let ld = 3 * h
    let qkv = TransformerOps.linear(
      x, rows: batch.rows, inDim: h, layer.qkvW, outDim: ld, bias: layer.qkvB)
    let scale = Float(1 / Double(dh).squareRoot())
    var ctx = [Float](repeating: 0, count: batch.rows * h)
    var scores = [Float](repeating: 0, count: t * t)
    var keyBias = [Float](repeating: 0, count: t)
    for b in 0..<batch.batch {
      for k in 0..<t { keyBias[k] = batch.mask[b * t + k] ? 0 : -Float.greatestFiniteMagnitude }
      for head in 0..<heads {
        let q0 = b * t * ld + head * dh
        qkv.withUnsafeBufferPointer { qp in
          scores.withUnsafeMutableBufferPointer { sp in
            guard let base = qp.baseAddress, let s = sp.baseAddress else { return }
            Kernels.sgemm(
              transB: true, m: t, n: t, k: dh, a: base + q0, lda: ld, b: base + q0 + h, ldb: ld,
              c: s, ldc: t)
          }
        }
        for r in 0..<t {
          for k in 0..<t { scores[r * t + k] = scores[r * t + k] * scale + keyBias[k] }
        }
        TransformerOps.softmaxRows(&scores, cols: t)
        qkv.withUnsafeBufferPointer { qp in
          scores.withUnsafeBufferPointer { sp in
            ctx.withUnsafeMutableBufferPointer { cp in
              guard let base = qp.baseAddress, let s = sp.baseAddress, let c = cp.baseAddress
              else { return }
              Kernels.sgemm(
                m: t, n: dh, k: t, a: s, lda: t, b: base + q0 + 2 * h, ldb: ld,
                c: c + b * t * h + head * dh, ldc: h)
            }
          }
        }
      }
    }
    return TransformerOps.linear(
      ctx, rows: batch.rows, inDim: h, layer.outW, outDim: h, bias: layer.outB)
  }
}
