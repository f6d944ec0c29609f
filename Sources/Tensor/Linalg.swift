// Matrix products through BLAS: `@` / matmul, batched over leading axes (NumPy's rules).

extension Tensor {
  /// `a @ b`: 1-d operands are promoted to a row (left) or a column (right) and the added axis
  /// is dropped again; leading axes broadcast. Dtypes promote as NumPy's (`matmulType`): f64
  /// runs in `cblas_dgemm`, f32 in `cblas_sgemm`, i64 in an exact wrapping loop, bool as the
  /// logical or of ands.
  public static func matmul(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    guard a.dtype != .str && b.dtype != .str else {
      throw TensorError.type("matmul: str tensors have no numeric value")
    }
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
    let dtype = Tensor.matmulType(a.dtype, b.dtype)
    var out = try Tensor(allocating: batch + [m, n], dtype: dtype)
    let nb = batch.reduce(1, *)
    let x = a2.astype(dtype)
    let y = b2.astype(dtype)
    let sa = Shape.broadcastStrides(Array(a2.shape.dropLast(2)), to: batch)
    let sb = Shape.broadcastStrides(Array(b2.shape.dropLast(2)), to: batch)
    let bstrides = Shape.strides(batch)
    let size = dtype.itemSize
    let (pa, pb) = (x.buffer.raw, y.buffer.raw)
    out.ensureUniqueBuffer()
    let po = out.buffer.raw
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
      Tensor.product(
        dtype, m: m, n: n, k: k, a: pa + oa * m * k * size, b: pb + ob * k * n * size,
        c: po + i * m * n * size)
    }
    var shape = batch + [m, n]
    if b.rank == 1 { shape.removeLast() }
    if a.rank == 1 { shape.remove(at: shape.count - (b.rank == 1 ? 1 : 2)) }
    return out.reshaped(shape)
  }
}

extension Tensor {
  /// The dtype of `a @ b`: arithmetic promotion, except bool @ bool stays bool.
  public static func matmulType(_ a: DType, _ b: DType) -> DType {
    a == .bool && b == .bool ? .bool : DType.promote(a, b)
  }

  /// One `m × k` by `k × n` product into `c` (row-major, contiguous) in `dtype`.
  static func product(
    _ dtype: DType, m: Int, n: Int, k: Int, a: UnsafeMutableRawPointer,
    b: UnsafeMutableRawPointer, c: UnsafeMutableRawPointer
  ) {
    switch dtype {
    case .f64:
      Kernels.dgemm(
        m: m, n: n, k: k, a: a.assumingMemoryBound(to: Double.self), lda: max(k, 1),
        b: b.assumingMemoryBound(to: Double.self), ldb: max(n, 1),
        c: c.assumingMemoryBound(to: Double.self), ldc: max(n, 1))
    case .f32:
      Kernels.sgemm(
        m: m, n: n, k: k, a: a.assumingMemoryBound(to: Float.self), lda: max(k, 1),
        b: b.assumingMemoryBound(to: Float.self), ldb: max(n, 1),
        c: c.assumingMemoryBound(to: Float.self), ldc: max(n, 1))
    case .i64:
      Kernels.integerProduct(
        m: m, n: n, k: k, a: a.assumingMemoryBound(to: Int64.self),
        b: b.assumingMemoryBound(to: Int64.self), c: c.assumingMemoryBound(to: Int64.self))
    case .str: preconditionFailure("internal: matmul of str tensors")
    case .bool:
      Kernels.boolProduct(
        m: m, n: n, k: k, a: a.assumingMemoryBound(to: UInt8.self),
        b: b.assumingMemoryBound(to: UInt8.self), c: c.assumingMemoryBound(to: UInt8.self))
    }
  }
}

extension Kernels {
  /// `C = A B` for row-major Int64 matrices, exact with wrapping (BLAS has no integer
  /// product). The i-k-j order streams rows of B and C, which the compiler vectorises; blocks
  /// of 256 columns keep a row of C in cache.
  public static func integerProduct(
    m: Int, n: Int, k: Int, a: UnsafePointer<Int64>, b: UnsafePointer<Int64>,
    c: UnsafeMutablePointer<Int64>
  ) {
    c.update(repeating: 0, count: m * n)
    let block = 256
    for j0 in stride(from: 0, to: n, by: block) {
      let j1 = min(n, j0 + block)
      for i in 0..<m {
        let row = c + i * n
        for p in 0..<k {
          let x = a[i * k + p]
          if x == 0 { continue }
          let brow = b + p * n
          for j in j0..<j1 { row[j] &+= x &* brow[j] }
        }
      }
    }
  }

  /// `C = A B` for bool matrices stored one byte each (0 or 1): the logical or of ands.
  public static func boolProduct(
    m: Int, n: Int, k: Int, a: UnsafePointer<UInt8>, b: UnsafePointer<UInt8>,
    c: UnsafeMutablePointer<UInt8>
  ) {
    c.update(repeating: 0, count: m * n)
    for i in 0..<m {
      let row = c + i * n
      for p in 0..<k where a[i * k + p] != 0 {
        let brow = b + p * n
        for j in 0..<n { row[j] |= brow[j] }
      }
    }
  }
}
