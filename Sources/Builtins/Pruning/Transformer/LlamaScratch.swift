// prune: the working buffers of one Llama forward pass (docs/pruning.md, "Forward passes").
// Allocated once per pass and reused by every layer: fresh multi-megabyte arrays per layer cost
// page faults and clearing (5 % of a pass in `perf`). Without an observer the residual sums
// happen in place: each branch's last projection accumulates onto the hidden states (sgemm with
// β = 1), so a layer allocates nothing.
import Tensor

final class LlamaScratch {
  let rows: Int
  let hidden: Int
  let ffn: Int
  /// RMSNorm output `[rows, hidden]`: the input of the attention or MLP branch.
  let norm: UnsafeMutablePointer<Float>
  /// The fused q|k|v projection `[rows, shape.width]`.
  let qkv: UnsafeMutablePointer<Float>
  /// Attention context `[rows, shape.qWidth]`.
  let ctx: UnsafeMutablePointer<Float>
  /// The fused gate|up projection `[rows, 2·ffn]`.
  let gateUp: UnsafeMutablePointer<Float>
  /// SiLU(gate) ⊙ up, `[rows, ffn]`.
  let act: UnsafeMutablePointer<Float>

  init(rows: Int, hidden: Int, shape: AttentionShape, ffn: Int) {
    self.rows = rows
    self.hidden = hidden
    self.ffn = ffn
    norm = .allocate(capacity: rows * hidden)
    qkv = .allocate(capacity: rows * shape.width)
    ctx = .allocate(capacity: rows * shape.qWidth)
    gateUp = .allocate(capacity: rows * 2 * ffn)
    act = .allocate(capacity: rows * ffn)
  }

  deinit {
    for p in [norm, qkv, ctx, gateUp, act] { p.deallocate() }
  }

  /// `norm = RMSNorm(x)·g`.
  func rmsNorm(_ x: [Float], _ g: [Float], eps: Double) {
    precondition(x.count == rows * hidden && g.count == hidden, "internal: rmsNorm shapes")
    x.withUnsafeBufferPointer { xp in
      g.withUnsafeBufferPointer { gp in
        TransformerOps.rmsNorm(
          xp.baseAddress.unsafelyUnwrapped, rows: rows, dim: hidden, gp.baseAddress, eps: eps,
          into: norm)
      }
    }
  }

  /// The projections of x `[rows, hidden]` by `ws`, side by side in `[rows, width]`.
  func project(
    _ x: UnsafeMutablePointer<Float>, _ ws: [LlamaModel.Weights],
    into y: UnsafeMutablePointer<Float>, width: Int
  ) {
    precondition(ws.reduce(0) { $0 + $1.rows } == width, "internal: projection widths")
    var column = 0
    for w in ws {
      precondition(w.cols == hidden, "internal: projection shapes")
      // β = 0: sgemm sets every element, so the buffer needs no clearing.
      w.project(x, rows: rows, into: y + column, ldc: width)
      column += w.rows
    }
  }

  /// `act = SiLU(gate) ⊙ up` from `gateUp`, 8 lanes at a time with `TransformerOps.silu8`
  /// (libm's scalar expf made this a third of the non-BLAS time); two threads, half the rows
  /// each.
  func swiglu() {
    let (ffn, gateUp, act) = (ffn, gateUp, act)
    let whole = TransformerOps.simd ? ffn / 8 * 8 : 0
    TransformerOps.halves(rows) { part in
      for r in part {
        let g = UnsafeRawPointer(gateUp + r * 2 * ffn)
        let u = g + ffn * 4
        let o = UnsafeMutableRawPointer(act + r * ffn)
        for j in stride(from: 0, to: whole, by: 8) {
          let z = g.loadUnaligned(fromByteOffset: j * 4, as: SIMD8<Float>.self)
          let up = u.loadUnaligned(fromByteOffset: j * 4, as: SIMD8<Float>.self)
          o.storeBytes(
            of: TransformerOps.silu8(z) * up, toByteOffset: j * 4, as: SIMD8<Float>.self)
        }
        for j in whole..<ffn {
          act[r * ffn + j] =
            TransformerOps.silu1(gateUp[r * 2 * ffn + j]) * gateUp[r * 2 * ffn + ffn + j]
        }
      }
    }
  }

  /// Adds the branch output `branch·Wᵀ` (branch `[rows, w.cols]`) onto x, the residual stream.
  /// With `keep`, returns the branch's input (`norm`) and output as arrays, the output computed
  /// on its own and then added; without, the product accumulates straight into x (its sum may
  /// differ from the kept path's in the last bit when sgemm splits the inner dimension).
  func residual(
    _ w: LlamaModel.Weights, _ branch: UnsafeMutablePointer<Float>, onto x: inout [Float],
    keep: Bool
  ) -> (input: [Float], output: [Float])? {
    precondition(x.count == rows * w.rows, "internal: residual shapes")
    guard keep else {
      x.withUnsafeMutableBufferPointer { xp in
        w.project(branch, rows: rows, into: xp.baseAddress.unsafelyUnwrapped, ldc: w.rows, beta: 1)
      }
      return nil
    }
    let input = Array(UnsafeBufferPointer(start: norm, count: rows * hidden))
    let output = [Float](unsafeUninitializedCapacity: rows * w.rows) { yp, count in
      w.project(branch, rows: rows, into: yp.baseAddress.unsafelyUnwrapped, ldc: w.rows)
      count = rows * w.rows
    }
    x = TransformerOps.add(x, output)
    return (input, output)
  }
}
