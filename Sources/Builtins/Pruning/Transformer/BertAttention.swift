// prune: BERT self-attention, ctx·W_oᵀ + b_o before the residual and LayerNorm
// (docs/pruning.md, "Forward passes").
//
// One sgemm gives Q, K and V for every row ([rows, 3H]); each sequence and head then reads
// strided views of it (row stride 3H): S = Q·Kᵀ/√d + M with M = float32 min on padded keys
// (as transformers' extended attention mask), softmax over keys, ctx = S·V written into its
// head's columns of [rows, H]. Padded query rows are computed like real ones. The per-head
// products are plain SIMD loops: for the short sequences of calibration sets, one BLAS call
// per head and sequence cost more in call overhead (and OpenBLAS thread wake-ups) than the
// arithmetic (10 ms vs under 2 ms a layer for 32 × 15 tokens).

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
    qkv.withUnsafeBufferPointer { qp in
      ctx.withUnsafeMutableBufferPointer { cp in
        guard let base = qp.baseAddress, let out = cp.baseAddress else { return }
        for b in 0..<batch.batch {
          for k in 0..<t {
            keyBias[k] = batch.mask[b * t + k] ? 0 : -Float.greatestFiniteMagnitude
          }
          for head in 0..<heads {
            let q = base + b * t * ld + head * dh
            for r in 0..<t {
              for k in 0..<t {
                scores[r * t + k] = Self.dot(q + r * ld, q + h + k * ld, dh) * scale + keyBias[k]
              }
            }
            TransformerOps.softmaxRows(&scores, cols: t)
            for r in 0..<t {
              let c = out + (b * t + r) * h + head * dh
              for k in 0..<t {
                let p = scores[r * t + k]
                let v = q + 2 * h + k * ld
                for d in 0..<dh { c[d] += p * v[d] }
              }
            }
          }
        }
      }
    }
    return TransformerOps.linear(
      ctx, rows: batch.rows, inDim: h, layer.outW, outDim: h, bias: layer.outB)
  }

  /// The float32 dot product of `n` contiguous elements, eight lanes at a time.
  @inline(__always)
  static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
    var acc = SIMD8<Float>()
    var i = 0
    while i + 8 <= n {
      acc +=
        UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Float>.self)
        * UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self)
      i += 8
    }
    var s = acc.sum()
    while i < n {
      s += a[i] * b[i]
      i += 1
    }
    return s
  }
}
