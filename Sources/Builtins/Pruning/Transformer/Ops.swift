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
    let rows = dim == 0 ? 0 : x.count / dim
    return [Float](unsafeUninitializedCapacity: x.count) { yp, count in
      x.withUnsafeBufferPointer { xp in
        if let g = g {
          g.withUnsafeBufferPointer { gp in
            rmsNorm(
              xp.baseAddress.unsafelyUnwrapped, rows: rows, dim: dim, gp.baseAddress,
              eps: eps, into: yp.baseAddress.unsafelyUnwrapped)
          }
        } else {
          rmsNorm(
            xp.baseAddress.unsafelyUnwrapped, rows: rows, dim: dim, nil, eps: eps,
            into: yp.baseAddress.unsafelyUnwrapped)
        }
      }
      count = x.count
    }
  }

  /// RMSNorm of `rows` rows of `dim` floats from x into y: the sum of squares in float64 (four
  /// partial sums), the scale 1/√(mean + eps) rounded to float32, times g when given.
  static func rmsNorm(
    _ x: UnsafePointer<Float>, rows: Int, dim: Int, _ g: UnsafePointer<Float>?, eps: Double,
    into y: UnsafeMutablePointer<Float>
  ) {
    for r in 0..<rows {
      let (xr, yr) = (x + r * dim, y + r * dim)
      var s = (0.0, 0.0, 0.0, 0.0)
      var j = 0
      while j + 4 <= dim {
        let (a, b, c, d) = (Double(xr[j]), Double(xr[j + 1]), Double(xr[j + 2]), Double(xr[j + 3]))
        s = (s.0 + a * a, s.1 + b * b, s.2 + c * c, s.3 + d * d)
        j += 4
      }
      var ss = (s.0 + s.1) + (s.2 + s.3)
      while j < dim {
        ss += Double(xr[j]) * Double(xr[j])
        j += 1
      }
      let inv = Float(1 / (ss / Double(dim) + eps).squareRoot())
      if let g = g {
        for j in 0..<dim { yr[j] = xr[j] * inv * g[j] }
      } else {
        for j in 0..<dim { yr[j] = xr[j] * inv }
      }
    }
  }

  /// Exact GELU, ½x(1 + erf(x/√2)), in place.
  static func gelu(_ x: inout [Float]) {
    for i in x.indices {
      let v = x[i]
      x[i] = 0.5 * v * (1 + erff(v * Float(0.5.squareRoot())))
    }
  }

  /// SiLU, z·σ(z), in place.
  /// The one SiLU kernel: this and Llama's SwiGLU both run `silu8` (8 lanes, `exp8`) and
  /// `silu1` for the tail, so `prune.silu` checks the code the decoder runs.
  static func silu(_ x: inout [Float]) {
    let n = x.count
    x.withUnsafeMutableBufferPointer { p in
      guard let b = p.baseAddress else { return }
      let raw = UnsafeMutableRawPointer(b)
      let whole = simd ? n / 8 * 8 : 0
      for j in stride(from: 0, to: whole, by: 8) {
        let z = raw.loadUnaligned(fromByteOffset: j * 4, as: SIMD8<Float>.self)
        raw.storeBytes(of: silu8(z), toByteOffset: j * 4, as: SIMD8<Float>.self)
      }
      for j in whole..<n { b[j] = silu1(b[j]) }
    }
  }

  @inline(__always)
  static func silu8(_ z: SIMD8<Float>) -> SIMD8<Float> { z / (1 + exp8(-z)) }

  @inline(__always)
  static func silu1(_ z: Float) -> Float { z / (1 + expf(-z)) }

  /// Runs `body` on the two halves of `0..<n` on two threads (BLAS runs on all cores, and the
  /// work between its calls would otherwise be serial), or on all of it when n < 2. The body
  /// must touch only raw pointers and plain values: Builtins counts references without atomics
  /// (Package.swift), so it may not copy arrays or objects from two threads.
  static func halves(_ n: Int, _ body: (Range<Int>) -> Void) {
    guard n >= 2 && multicore else {
      body(0..<n)
      return
    }
    DispatchQueue.concurrentPerform(iterations: 2) { h in body(h == 0 ? 0..<(n / 2) : (n / 2)..<n) }
  }

  /// Whether `halves` uses two threads: asked once, not at every call of a forward pass.
  static let multicore = ProcessInfo.processInfo.activeProcessorCount > 1

  /// Whether the SIMD8 loops run: not in debug builds, where unspecialised SIMD code makes a
  /// SmolLM2 forward six times slower than the scalar loops and tiny sgemms.
  static let simd: Bool = {
    #if DEBUG
      return false
    #else
      return true
    #endif
  }()

  /// e^x in 8 lanes (Cephes expf: x = n·ln2 + r, degree-6 polynomial in r, times 2^n), within
  /// 2 ulp of libm; x is clamped to [−87.3, 88] (no inf, no denormals).
  @inline(__always)
  static func exp8(_ v: SIMD8<Float>) -> SIMD8<Float> {
    // Clamped by masks: `clamped(lowerBound:upperBound:)` calls the generic pointwise
    // min/max out of line.
    let lo = SIMD8<Float>(repeating: -87.33654)
    let hi = SIMD8<Float>(repeating: 88)
    let x = v.replacing(with: lo, where: v .< lo).replacing(with: hi, where: v .> hi)
    // n = round(x·log2 e), to nearest even: adding 1.5·2²³ leaves n in the low mantissa bits
    // (|n| ≤ 127), so n is read from the bit pattern too. `rounded(.toNearestOrEven)` called
    // libm's rintf once per lane, and SIMD8<Int32>(n, rounding:) is an unspecialised generic
    // conversion (a fifth of a forward pass in perf).
    let t = x * 1.442695041 + 12_582_912
    let n = t - 12_582_912
    let r = x - n * 0.693359375 + n * 2.12194440e-4
    var p = SIMD8<Float>(repeating: 1.9875691500e-4)
    p = p * r + 1.3981999507e-3
    p = p * r + 8.3334519073e-3
    p = p * r + 4.1665795894e-2
    p = p * r + 1.6666665459e-1
    p = p * r + 5.0000001201e-1
    let y = p * r * r + r + 1
    let k = unsafeBitCast(t, to: SIMD8<Int32>.self) &- 0x4B40_0000
    let bits = (k &+ 127) &<< 23
    return y * unsafeBitCast(bits, to: SIMD8<Float>.self)
  }

  /// Softmax of each row of `[rows, cols]` in place (maximum subtracted; float64 sum).
  static func softmaxRows(_ x: inout [Float], cols: Int) {
    guard cols > 0 else { return }
    x.withUnsafeMutableBufferPointer { p in
      guard let base = p.baseAddress else { return }
      softmaxRows(base, rows: p.count / cols, cols: cols)
    }
  }

  /// The one softmax kernel (BERT's scores, Llama's long-sequence scores): each row of
  /// `[rows, cols]` in place, its maximum subtracted, the sum in float64. A row of −∞ (no key
  /// allowed) becomes zeros.
  static func softmaxRows(_ x: UnsafeMutablePointer<Float>, rows: Int, cols: Int) {
    for r in 0..<rows {
      let row = x + r * cols
      var top = -Float.infinity
      for j in 0..<cols { top = max(top, row[j]) }
      var s = 0.0
      for j in 0..<cols {
        let e = top == -Float.infinity ? 0 : expf(row[j] - top)
        row[j] = e
        s += Double(e)
      }
      let inv = s > 0 ? Float(1 / s) : 0
      for j in 0..<cols { row[j] *= inv }
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
