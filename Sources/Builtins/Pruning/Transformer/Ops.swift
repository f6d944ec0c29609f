// prune: the float32 building blocks of the forward passes (docs/pruning.md, "Forward passes").
// Matrix products go through BLAS (`cblas_sgemm`); norms reduce in float64 and store float32.
import Foundation
import Tensor

enum TransformerOps {
  /// `x·Wᵀ + b` for x `[rows, inDim]` and W `[outDim, inDim]` (PyTorch's Linear layout).
  static func linear(
    _ x: [Float], rows: Int, inDim: Int, _ w: [Float], outDim: Int, bias: [Float]? = nil
  ) -> [Float] {
    precondition(x.count == rows * inDim && w.count == outDim * inDim, "internal: linear shapes")
    var y = [Float](repeating: 0, count: rows * outDim)
    if let b = bias {
      precondition(b.count == outDim, "internal: linear bias")
      for r in 0..<rows { for j in 0..<outDim { y[r * outDim + j] = b[j] } }
    }
    x.withUnsafeBufferPointer { xp in
      w.withUnsafeBufferPointer { wp in
        y.withUnsafeMutableBufferPointer { yp in
          guard let xa = xp.baseAddress, let wa = wp.baseAddress, let ya = yp.baseAddress else {
            return
          }
          Kernels.sgemm(
            transB: true, m: rows, n: outDim, k: inDim, a: xa, lda: inDim, b: wa, ldb: inDim,
            beta: bias == nil ? 0 : 1, c: ya, ldc: outDim)
        }
      }
    }
    return y
  }

  /// LayerNorm over the last dimension: (x − mean)/√(biased var + eps)·g + b.
  static func layerNorm(_ x: [Float], dim: Int, _ g: [Float], _ b: [Float], eps: Double)
    -> [Float]
  {
    var y = [Float](repeating: 0, count: x.count)
    let rows = dim == 0 ? 0 : x.count / dim
    for r in 0..<rows {
      let o = r * dim
      var mean = 0.0
      for j in 0..<dim { mean += Double(x[o + j]) }
      mean /= Double(dim)
      var v = 0.0
      for j in 0..<dim {
        let d = Double(x[o + j]) - mean
        v += d * d
      }
      let inv = 1 / (v / Double(dim) + eps).squareRoot()
      for j in 0..<dim {
        y[o + j] = Float((Double(x[o + j]) - mean) * inv) * g[j] + b[j]
      }
    }
    return y
  }

  /// RMSNorm over the last dimension: x/√(mean(x²) + eps)·g (g nil: no weight).
  static func rmsNorm(_ x: [Float], dim: Int, _ g: [Float]?, eps: Double) -> [Float] {
    var y = [Float](repeating: 0, count: x.count)
    let rows = dim == 0 ? 0 : x.count / dim
    for r in 0..<rows {
      let o = r * dim
      var ss = 0.0
      for j in 0..<dim { ss += Double(x[o + j]) * Double(x[o + j]) }
      let inv = Float(1 / (ss / Double(dim) + eps).squareRoot())
      if let g = g {
        for j in 0..<dim { y[o + j] = x[o + j] * inv * g[j] }
      } else {
        for j in 0..<dim { y[o + j] = x[o + j] * inv }
      }
    }
    return y
  }

  /// Exact GELU, ½x(1 + erf(x/√2)), in place.
  static func gelu(_ x: inout [Float]) {
    for i in x.indices {
      let v = x[i]
      x[i] = 0.5 * v * (1 + erff(v * Float(0.5.squareRoot())))
    }
  }

  /// SiLU, z·σ(z), in place.
  static func silu(_ x: inout [Float]) {
    for i in x.indices {
      let v = x[i]
      x[i] = v / (1 + expf(-v))
    }
  }

  /// Softmax of each row of `[rows, cols]` in place (maximum subtracted; float64 sum).
  static func softmaxRows(_ x: inout [Float], cols: Int) {
    guard cols > 0 else { return }
    for r in 0..<(x.count / cols) {
      let o = r * cols
      var top = -Float.infinity
      for j in 0..<cols { top = max(top, x[o + j]) }
      var s = 0.0
      for j in 0..<cols {
        let e = top == -Float.infinity ? 0 : expf(x[o + j] - top)
        x[o + j] = e
        s += Double(e)
      }
      let inv = s > 0 ? Float(1 / s) : 0
      for j in 0..<cols { x[o + j] *= inv }
    }
  }

  /// `a + b` elementwise (residual connections).
  static func add(_ a: [Float], _ b: [Float]) -> [Float] {
    precondition(a.count == b.count, "internal: residual shapes")
    var y = a
    for i in y.indices { y[i] += b[i] }
    return y
  }
}
