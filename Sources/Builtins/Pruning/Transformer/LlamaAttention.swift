// prune: RoPE and grouped-query causal attention of the Llama decoder
// (docs/pruning.md, "Forward passes"). Activations stay in one `[rows, q|k|v]` buffer (the fused
// projection's output); heads are strided views of it, so RoPE works in place and each head's
// q·kᵀ and P·v is one sgemm.
import Foundation
import Tensor

extension LlamaModel {
  /// Rotates each head of `x` (`[rows, heads·headDim]`, row r at position `positions[r]`) by
  /// RoPE: θ_j = pos·base^(−2j/headDim), j < headDim/2, angles in Double. Interleaved pairs
  /// (x[2j], x[2j+1]) is the GGUF row layout; otherwise rotate-half pairs (x[j], x[j+half]).
  static func rope(
    _ x: inout [Float], positions: [Int], heads: Int, headDim: Int, base: Double,
    interleaved: Bool
  ) {
    let width = heads * headDim
    precondition(x.count == positions.count * width, "internal: rope shapes")
    let table = RopeTable(positions: positions, headDim: headDim, base: base)
    x.withUnsafeMutableBufferPointer { p in
      guard let base = p.baseAddress else { return }
      for r in positions.indices {
        table.rotate(
          base + r * width, heads: heads, headDim: headDim, row: r, interleaved: interleaved)
      }
    }
  }
}

/// cos θ and sin θ (float32, computed in Double) for each of a list of positions.
struct RopeTable {
  let half: Int
  var cos: [Float]
  var sin: [Float]

  init(positions: [Int], headDim: Int, base: Double) {
    half = headDim / 2
    cos = [Float](repeating: 0, count: positions.count * half)
    sin = cos
    let inverse = (0..<half).map { Foundation.pow(base, -2 * Double($0) / Double(headDim)) }
    for (r, pos) in positions.enumerated() {
      for j in 0..<half {
        let theta = Double(pos) * inverse[j]
        cos[r * half + j] = Float(Foundation.cos(theta))
        sin[r * half + j] = Float(Foundation.sin(theta))
      }
    }
  }

  /// Rotates the `heads` heads starting at `x` with the angles of table row `row`.
  func rotate(
    _ x: UnsafeMutablePointer<Float>, heads: Int, headDim: Int, row: Int, interleaved: Bool
  ) {
    cos.withUnsafeBufferPointer { cp in
      sin.withUnsafeBufferPointer { sp in
        let c = cp.baseAddress.unsafelyUnwrapped + row * half
        let s = sp.baseAddress.unsafelyUnwrapped + row * half
        for h in 0..<heads {
          let v = x + h * headDim
          for j in 0..<half {
            let (i0, i1) = interleaved ? (2 * j, 2 * j + 1) : (j, j + half)
            let a = v[i0]
            let b = v[i1]
            v[i0] = a * c[j] - b * s[j]
            v[i1] = b * c[j] + a * s[j]
          }
        }
      }
    }
  }
}

/// The shape of one attention call.
struct AttentionShape {
  let batch: Int
  let length: Int
  let heads: Int
  let kvHeads: Int
  let headDim: Int

  var qWidth: Int { heads * headDim }
  var kvWidth: Int { kvHeads * headDim }
  /// Columns of the fused q|k|v rows.
  var width: Int { qWidth + 2 * kvWidth }
}

enum LlamaAttention {
  /// Applies interleaved RoPE to the q and k columns of `qkv` (`[batch·length, width]`) in
  /// place, position = index in the sequence.
  static func rope(_ qkv: UnsafeMutablePointer<Float>, _ shape: AttentionShape, table: RopeTable) {
    for b in 0..<shape.batch {
      for t in 0..<shape.length {
        let row = qkv + (b * shape.length + t) * shape.width
        table.rotate(row, heads: shape.heads, headDim: shape.headDim, row: t, interleaved: true)
        table.rotate(
          row + shape.qWidth, heads: shape.kvHeads, headDim: shape.headDim, row: t,
          interleaved: true)
      }
    }
  }

  /// softmax(q·kᵀ/√d + causal and padding mask)·v for every sequence and query head, from the
  /// fused `qkv`; query head h reads KV head h / (heads / kvHeads), into `ctx` `[rows, qWidth]`.
  /// A key is attended when it is at or before the query and real (`mask` true); a query with
  /// no such key (padding before any real token) gets zeros: every element of `ctx` is written.
  static func attend(
    _ qkv: UnsafePointer<Float>, mask: [Bool], _ shape: AttentionShape,
    into ctx: UnsafeMutablePointer<Float>
  ) {
    if TransformerOps.simd && shape.length <= shortLength && shape.headDim % 8 == 0 {
      return attendShort(qkv, mask: mask, shape, into: ctx)
    }
    let (len, width, hd) = (shape.length, shape.width, shape.headDim)
    let group = shape.heads / shape.kvHeads
    let scale = Float(1 / Double(hd).squareRoot())
    var scores = [Float](repeating: 0, count: len * len)
    scores.withUnsafeMutableBufferPointer { sp in
      guard let s = sp.baseAddress else { return }
      for b in 0..<shape.batch {
        let rows = qkv + b * len * width
        let real = mask[(b * len)..<(b * len + len)]
        for h in 0..<shape.heads {
          let g = h / group
          let k = rows + shape.qWidth + g * hd
          let v = rows + shape.qWidth + shape.kvWidth + g * hd
          Kernels.sgemm(
            transB: true, m: len, n: len, k: hd, a: rows + h * hd, lda: width, b: k,
            ldb: width, c: s, ldc: len)
          softmax(s, length: len, scale: scale, real: real)
          Kernels.sgemm(
            m: len, n: hd, k: len, a: s, lda: len, b: v, ldb: width,
            c: ctx + b * len * shape.qWidth + h * hd, ldc: shape.qWidth)
        }
      }
    }
  }

  /// Row i of the `[length, length]` scores: scaled, keys after i or padded set to −∞, then
  /// `TransformerOps.softmaxRows` (so they get 0).
  private static func softmax(
    _ s: UnsafeMutablePointer<Float>, length: Int, scale: Float, real: ArraySlice<Bool>
  ) {
    let first = real.startIndex
    for i in 0..<length {
      let row = s + i * length
      for j in 0..<length { row[j] = j <= i && real[first + j] ? row[j] * scale : -.infinity }
    }
    TransformerOps.softmaxRows(s, rows: length, cols: length)
  }

  /// Up to this length a sequence's attention runs in SIMD loops: one tiny sgemm per head and
  /// sequence costs more in call overhead and OpenBLAS thread wake-ups than its arithmetic.
  static let shortLength = 64

  /// `attend` for short sequences: per query row, dot products with the allowed keys (8 lanes
  /// at a time), softmax, then the weighted sum of values accumulated into the output row. The
  /// (sequence, head) pairs are split between two threads.
  private static func attendShort(
    _ qkv: UnsafePointer<Float>, mask: [Bool], _ shape: AttentionShape,
    into ctx: UnsafeMutablePointer<Float>
  ) {
    mask.withUnsafeBufferPointer { mp in
      guard let real = mp.baseAddress else { return }
      TransformerOps.halves(shape.batch * shape.heads) { part in
        let w = UnsafeMutablePointer<Float>.allocate(capacity: shape.length)
        defer { w.deallocate() }
        for unit in part {
          attendShort(
            qkv, real: real, shape, sequence: unit / shape.heads, head: unit % shape.heads,
            weights: w, into: ctx)
        }
      }
    }
  }

  /// One sequence and query head of `attendShort`; `w` holds `length` floats of scratch.
  @inline(__always)
  private static func attendShort(
    _ qkv: UnsafePointer<Float>, real mask: UnsafePointer<Bool>, _ shape: AttentionShape,
    sequence b: Int, head h: Int, weights w: UnsafeMutablePointer<Float>,
    into ctx: UnsafeMutablePointer<Float>
  ) {
    let (len, width, hd) = (shape.length, shape.width, shape.headDim)
    let scale = Float(1 / Double(hd).squareRoot())
    let lanes = hd / 8
    let raw = UnsafeRawPointer(qkv)
    let first = b * len
    let kOffset = shape.qWidth + (h / (shape.heads / shape.kvHeads)) * hd
    let vOffset = kOffset + shape.kvWidth
    for i in 0..<len {
      let qRow = raw + ((first + i) * width + h * hd) * 4
      var top = -Float.infinity
      for j in 0...i where mask[first + j] {
        let kRow = raw + ((first + j) * width + kOffset) * 4
        var acc = SIMD8<Float>()
        for l in 0..<lanes {
          acc +=
            qRow.loadUnaligned(fromByteOffset: l * 32, as: SIMD8<Float>.self)
            * kRow.loadUnaligned(fromByteOffset: l * 32, as: SIMD8<Float>.self)
        }
        let score = acc.sum() * scale
        w[j] = score
        top = max(top, score)
      }
      let row = ctx + (first + i) * shape.qWidth + h * hd
      guard top > -Float.infinity else {
        row.update(repeating: 0, count: hd)
        continue
      }
      var sum = 0.0
      for j in 0...i {
        let e = mask[first + j] ? expf(w[j] - top) : 0
        w[j] = e
        sum += Double(e)
      }
      let inv = Float(1 / sum)
      for l in 0..<lanes {
        var acc = SIMD8<Float>()
        for j in 0...i where w[j] != 0 {
          let vRow = raw + ((first + j) * width + vOffset) * 4
          acc += w[j] * vRow.loadUnaligned(fromByteOffset: l * 32, as: SIMD8<Float>.self)
        }
        UnsafeMutableRawPointer(row).storeBytes(
          of: acc * inv, toByteOffset: l * 32, as: SIMD8<Float>.self)
      }
    }
  }
}
