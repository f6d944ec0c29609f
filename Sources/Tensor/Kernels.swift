// BLAS/LAPACK calls (OpenBLAS, LAPACKE) on raw row-major buffers; the only CBLAS importer.
//
// Callers (tensor ops) have already checked shapes and produce user-facing messages; here a
// size mismatch is a broken invariant (`preconditionFailure("internal: …")`), while numerical
// failures that depend on the data (a singular matrix) are typed errors.

import CBLAS

/// A numerical failure reported by LAPACK that depends on the data, not on the caller's code.
public enum LinalgError: Error, Equatable, CustomStringConvertible, Sendable {
  /// `U(pivot, pivot)` is exactly zero after LU factorisation (`pivot` is 1-based, as LAPACK).
  case singular(pivot: Int)

  /// The message users see, e.g. in `solve: matrix is singular to working precision`.
  public var description: String {
    switch self {
    case .singular: return "matrix is singular to working precision"
    }
  }
}

/// Thin, checked wrappers over BLAS/LAPACK for row-major `Double` storage.
public enum Kernels {
  /// `C = alpha * op(A) * op(B) + beta * C` with row-major storage (`cblas_dgemm`).
  ///
  /// `op(A)` is `m × k`, `op(B)` is `k × n`, `C` is `m × n`; `lda`, `ldb`, `ldc` are the row
  /// strides (elements) of the matrices as stored, i.e. before transposition.
  /// Empty dimensions are allowed: with `k == 0`, `C` becomes `beta * C`.
  public static func dgemm(
    transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int, alpha: Double = 1,
    a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int, beta: Double = 0,
    c: UnsafeMutablePointer<Double>, ldc: Int
  ) {
    precondition(m >= 0 && n >= 0 && k >= 0, "internal: dgemm: negative dimension")
    precondition(ldc >= max(1, n), "internal: dgemm: ldc \(ldc) < n \(n)")
    precondition(lda >= max(1, transA ? m : k), "internal: dgemm: lda \(lda) too small")
    precondition(ldb >= max(1, transB ? k : n), "internal: dgemm: ldb \(ldb) too small")
    precondition(max(m, n, k, lda, ldb, ldc) <= Int(Int32.max), "internal: dgemm: size > 2^31")
    if m == 0 || n == 0 { return }
    if k == 0 {
      scale(c, rows: m, cols: n, stride: ldc, by: beta)
      return
    }
    cblas_dgemm(
      CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
      Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
  }

  /// `C = op(A) * op(B)` in single precision (`cblas_sgemm`), as `dgemm` with `Float` storage.
  public static func sgemm(
    transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int, beta: Float = 0,
    c: UnsafeMutablePointer<Float>, ldc: Int
  ) {
    precondition(m >= 0 && n >= 0 && k >= 0, "internal: sgemm: negative dimension")
    precondition(
      ldc >= max(1, n) && lda >= max(1, transA ? m : k) && ldb >= max(1, transB ? k : n),
      "internal: sgemm: ld")
    precondition(max(m, n, k, lda, ldb, ldc) <= Int(Int32.max), "internal: sgemm: size > 2^31")
    if m == 0 || n == 0 { return }
    if k == 0 {
      for i in 0..<m { for j in 0..<n { c[i * ldc + j] = beta == 0 ? 0 : c[i * ldc + j] * beta } }
      return
    }
    cblas_sgemm(
      CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
      Int32(m), Int32(n), Int32(k), 1, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
  }

  /// Solves `A X = B` for square `A` (`n × n`, row-major) and `B` with `b.count / n` columns
  /// (row-major `n × nrhs`; a plain vector when `nrhs == 1`), by LU with partial pivoting
  /// (`LAPACKE_dgesv_work`). Returns `X` with the layout of `B`. NaN/Inf inputs propagate into
  /// the result as in NumPy (the non-`_work` entry point would reject them as bad arguments).
  ///
  /// - Throws: `LinalgError.singular` when `A` is exactly singular after pivoting.
  public static func solve(
    a: UnsafeBufferPointer<Double>, b: UnsafeBufferPointer<Double>, n: Int
  ) throws(LinalgError) -> [Double] {
    precondition(n >= 0 && a.count == n * n, "internal: solve: a has \(a.count) elements, n=\(n)")
    if n == 0 { return [] }
    precondition(b.count % n == 0, "internal: solve: b has \(b.count) elements, n=\(n)")
    precondition(n <= Int(Int32.max) && b.count / n <= Int(Int32.max), "internal: solve: size")
    let nrhs = b.count / n
    if nrhs == 0 { return [] }
    var lu = Array(a)
    var x = Array(b)
    var pivots = [Int32](repeating: 0, count: n)
    let info = lu.withUnsafeMutableBufferPointer { luBuf in
      x.withUnsafeMutableBufferPointer { xBuf in
        pivots.withUnsafeMutableBufferPointer { pBuf in
          LAPACKE_dgesv_work(
            LAPACK_ROW_MAJOR, Int32(n), Int32(nrhs), luBuf.baseAddress, Int32(n),
            pBuf.baseAddress, xBuf.baseAddress, Int32(nrhs))
        }
      }
    }
    if info > 0 { throw .singular(pivot: Int(info)) }
    precondition(info == 0, "internal: LAPACKE_dgesv_work rejected argument \(-info)")
    return x
  }

  /// Array convenience for `solve(a:b:n:)` on buffers.
  public static func solve(a: [Double], b: [Double], n: Int) throws(LinalgError) -> [Double] {
    // Typed throws does not flow through withUnsafeBufferPointer's rethrows; use Result.
    let result: Result<[Double], LinalgError> = a.withUnsafeBufferPointer { aBuf in
      b.withUnsafeBufferPointer { bBuf in
        Result { () throws(LinalgError) in try solve(a: aBuf, b: bBuf, n: n) }
      }
    }
    return try result.get()
  }

  /// `C[i, j] *= beta` over an `rows × cols` block with row stride `stride` (BLAS semantics:
  /// `beta == 0` overwrites, so NaNs in uninitialised `C` do not leak).
  private static func scale(
    _ c: UnsafeMutablePointer<Double>, rows: Int, cols: Int, stride: Int, by beta: Double
  ) {
    for i in 0..<rows {
      let row = c + i * stride
      for j in 0..<cols { row[j] = beta == 0 ? 0 : row[j] * beta }
    }
  }
}
