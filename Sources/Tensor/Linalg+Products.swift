// Products and the trace: dot (NumPy's rules), outer, kron, trace.

extension Tensor {
  /// NumPy's `dot`: a rank-0 operand multiplies elementwise; 1-d · 1-d is the inner product
  /// (rank 0); for ranks ≤ 2 it is `matmul`; otherwise it sums over the last axis of `a` and
  /// the second-to-last of `b` (the last if `b` is 1-d), giving
  /// `a.shape[..-1] + b.shape without that axis`. Dtypes are `matmul`'s.
  public static func dot(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    if a.rank == 0 || b.rank == 0 { return try binary(.mul, a, b) }
    let k = a.shape[a.rank - 1]
    let axis = max(b.rank - 2, 0)
    guard b.shape[axis] == k else {
      throw TensorError.shape(
        "dot: shapes \(shapeText(a.shape)) and \(shapeText(b.shape)) not aligned: \(k) "
          + "(dim \(a.rank - 1)) != \(b.shape[axis]) (dim \(axis))")
    }
    if a.rank <= 2 && b.rank <= 2 { return try matmul(a, b) }
    let rowsA = a.shape.dropLast().reduce(1, *)
    var restB = b.shape
    restB.remove(at: axis)
    let colsB = restB.reduce(1, *)
    let perm = [axis] + (0..<b.rank).filter { $0 != axis }
    let lhs = a.reshaped([rowsA, k])
    let rhs = try b.transposed(perm).reshaped([k, colsB])
    return try matmul(lhs, rhs).reshaped(Array(a.shape.dropLast()) + restB)
  }

  /// The outer product `out[i, j] = a.flat[i] * b.flat[j]` (inputs of any rank are flattened);
  /// dtypes promote as for `*`.
  public static func outer(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    try binary(.mul, a.reshaped([a.count, 1]), b.reshaped([1, b.count]))
  }

  /// The Kronecker product: the operand of lower rank gets leading length-1 axes, and the
  /// result has shape `a.shape[i] * b.shape[i]`, block `(i, …)` being `a[i, …] * b`
  /// (NumPy's `kron`); dtypes promote as for `*`.
  public static func kron(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    let r = max(a.rank, b.rank)
    let sa = [Int](repeating: 1, count: r - a.rank) + a.shape
    let sb = [Int](repeating: 1, count: r - b.rank) + b.shape
    // a as [a0, 1, a1, 1, …] times b as [1, b0, 1, b1, …] is [a0, b0, a1, b1, …].
    let x = a.reshaped(sa.flatMap { [$0, 1] })
    let y = b.reshaped(sb.flatMap { [1, $0] })
    return try binary(.mul, x, y).reshaped(zip(sa, sb).map { $0 * $1 })
  }

  /// The sum of the diagonal `a[i, i, …]` over the first two axes (NumPy's `trace`): rank 0
  /// for a matrix, shape `a.shape[2...]` otherwise; non-square matrices use `min(n0, n1)`
  /// elements. bool and i64 give i64 (wrapping like NumPy); f32 stays f32.
  public static func trace(_ a: Tensor) throws -> Tensor {
    guard a.rank >= 2 else {
      throw TensorError.shape(
        "trace: 'a' must be at least 2-dimensional, got shape \(shapeText(a.shape))")
    }
    let rest = Array(a.shape.dropFirst(2))
    let inner = rest.reduce(1, *)
    let diagonal = min(a.shape[0], a.shape[1])
    let step = (a.shape[1] + 1) * inner
    if a.dtype == .i64 || a.dtype == .bool {
      let x = a.astype(.i64)
      var out = [Int64](repeating: 0, count: inner)
      x.withElements(as: Int64.self) { p in
        for i in 0..<diagonal {
          for j in 0..<inner { out[j] &+= p[i * step + j] }
        }
      }
      return Tensor(shape: rest, i64: out)
    }
    let x = a.astype(.f64)
    var out = [Double](repeating: 0, count: inner)
    x.withElements(as: Double.self) { p in
      for i in 0..<diagonal {
        for j in 0..<inner { out[j] += p[i * step + j] }
      }
    }
    return Tensor(shape: rest, f64: out).astype(a.dtype)
  }
}
