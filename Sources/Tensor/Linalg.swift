// Matrix products through BLAS: `@` / matmul, batched over leading axes (NumPy's rules).

extension Tensor {
  /// `a @ b`: 1-d operands are promoted to a row (left) or a column (right) and the added axis
  /// is dropped again; leading axes broadcast; the product runs in `cblas_dgemm` (f64).
  public static func matmul(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    guard a.rank >= 1 && b.rank >= 1 else {
      throw TensorError.value("matmul: input operand does not have enough dimensions (rank 0)")
    }
    let a2 = a.rank == 1 ? a.reshaped([1, a.shape[0]]) : a
    let b2 = b.rank == 1 ? b.reshaped([b.shape[0], 1]) : b
    let m = a2.shape[a2.rank - 2]
    let k = a2.shape[a2.rank - 1]
    let k2 = b2.shape[b2.rank - 2]
    let n = b2.shape[b2.rank - 1]
    guard k == k2 else {
      throw TensorError.shape(
        "matmul: 'b' has shape \(shapeText(b.shape)); its dimension \(b.rank == 1 ? 0 : b.rank - 2) "
          + "(\(k2)) must equal the last dimension of 'a' (shape \(shapeText(a.shape)))")
    }
    let batch = try Shape.broadcast(Array(a2.shape.dropLast(2)), Array(b2.shape.dropLast(2)))
    var out = try Tensor(allocating: batch + [m, n], dtype: .f64)
    let nb = batch.reduce(1, *)
    let x = a2.astype(.f64)
    let y = b2.astype(.f64)
    let sa = Shape.broadcastStrides(Array(a2.shape.dropLast(2)), to: batch)
    let sb = Shape.broadcastStrides(Array(b2.shape.dropLast(2)), to: batch)
    let bstrides = Shape.strides(batch)
    x.withElements(as: Double.self) { pa in
      y.withElements(as: Double.self) { pb in
        out.withMutableElements(as: Double.self) { po in
          guard let baseA = pa.baseAddress, let baseB = pb.baseAddress, let baseO = po.baseAddress
          else { return }
          for i in 0..<nb {
            var oa = 0
            var ob = 0
            var rest = i
            for d in 0..<batch.count {
              let idx = rest / bstrides[d]
              rest %= bstrides[d]
              oa += idx * sa[d]
              ob += idx * sb[d]
            }
            Kernels.dgemm(
              m: m, n: n, k: k, a: baseA + oa * m * k, lda: max(k, 1), b: baseB + ob * k * n,
              ldb: max(n, 1), c: baseO + i * m * n, ldc: max(n, 1))
          }
        }
      }
    }
    var shape = batch + [m, n]
    if b.rank == 1 { shape.removeLast() }
    if a.rank == 1 { shape.remove(at: shape.count - (b.rank == 1 ? 1 : 2)) }
    return out.reshaped(shape)
  }
}
