// LAPACK decompositions (LAPACKE `_work` entry points) on row-major `Double` buffers.
//
// Same contract as Kernels.swift: callers have checked shapes (a size mismatch here is a broken
// invariant) and data-dependent failures are typed errors. The `_work` routines are called with
// a workspace query first, because the plain LAPACKE entry points reject NaN input as a bad
// argument. Iterative routines (SVD, symmetric eigensolver, least squares) refuse non-finite
// input up front instead: on NaN/Inf LAPACK prints argument errors to stderr and may not converge.

import CBLAS
import Foundation

/// A data-dependent LAPACK failure other than a singular matrix (that is `LinalgError`).
public enum LapackError: Error, Equatable, CustomStringConvertible, Sendable {
  /// The leading minor of order `minor` (1-based) is not positive definite (`dpotrf`).
  case notPositiveDefinite(minor: Int)
  /// An iterative algorithm failed to converge; `info` is LAPACK's positive `info`.
  case noConvergence(info: Int)
  /// The input holds NaN or ±infinity, which the iterative routines are not given.
  case nonFinite

  /// The condition in words, e.g. `matrix is not positive definite`.
  public var description: String {
    switch self {
    case .notPositiveDefinite: return "matrix is not positive definite"
    case .noConvergence: return "did not converge"
    case .nonFinite: return "matrix contains NaN or infinity"
    }
  }
}

extension Kernels {
  /// `det(A) = sign · exp(logAbs)` for square row-major `A` (`n × n`) by LU with partial
  /// pivoting (`dgetrf`), accumulated as NumPy's `slogdet` does; an exactly singular `A` gives
  /// `(0, -inf)`, and `n == 0` gives `(1, 0)`.
  public static func slogdet(a: UnsafeBufferPointer<Double>, n: Int) -> (
    sign: Double, logAbs: Double
  ) {
    precondition(n >= 0 && a.count == n * n, "internal: slogdet: \(a.count) elements, n=\(n)")
    checkFits(n)
    if n == 0 { return (1, 0) }
    let lu = Scratch(copying: a)
    defer { lu.free() }
    let pivots = Scratch<Int32>(count: n, value: 0)
    defer { pivots.free() }
    let info = LAPACKE_dgetrf_work(
      LAPACK_ROW_MAJOR, Int32(n), Int32(n), lu.base, Int32(n), pivots.base)
    precondition(info >= 0, "internal: LAPACKE_dgetrf_work rejected argument \(-info)")
    if info > 0 { return (0, -.infinity) }
    var sign = 1.0
    var logAbs = 0.0
    for i in 0..<n {
      if pivots.base[i] != Int32(i + 1) { sign = -sign }
      let d = lu.base[i * n + i]
      if d < 0 { sign = -sign }
      logAbs += log(abs(d))
    }
    return (sign, logAbs)
  }

  /// Reduced QR of row-major `A` (`m × n`, `k = min(m, n)`): `Q` is `m × k` with orthonormal
  /// columns, `R` is `k × n` upper triangular (`dgeqrf` + `dorgqr`, Householder signs as LAPACK).
  public static func qr(a: UnsafeBufferPointer<Double>, m: Int, n: Int) -> (
    q: [Double], r: [Double]
  ) {
    precondition(m >= 0 && n >= 0 && a.count == m * n, "internal: qr: \(a.count) elements")
    checkFits(m, n)
    let k = min(m, n)
    if k == 0 { return ([], []) }
    let f = Scratch(copying: a)
    defer { f.free() }
    let tau = Scratch(count: k, value: 0.0)
    defer { tau.free() }
    var info = withWorkspace { work, lwork, _, _ in
      LAPACKE_dgeqrf_work(
        LAPACK_ROW_MAJOR, Int32(m), Int32(n), f.base, Int32(n), tau.base, work, lwork)
    }
    precondition(info == 0, "internal: LAPACKE_dgeqrf_work returned \(info)")
    var r = [Double](repeating: 0, count: k * n)
    for i in 0..<k {
      for j in i..<n { r[i * n + j] = f.base[i * n + j] }
    }
    info = withWorkspace { work, lwork, _, _ in
      LAPACKE_dorgqr_work(
        LAPACK_ROW_MAJOR, Int32(m), Int32(k), Int32(k), f.base, Int32(n), tau.base, work, lwork)
    }
    precondition(info == 0, "internal: LAPACKE_dorgqr_work returned \(info)")
    var q = [Double](repeating: 0, count: m * k)
    for i in 0..<m {
      for j in 0..<k { q[i * k + j] = f.base[i * n + j] }
    }
    return (q, r)
  }

  /// SVD `A = U diag(S) Vt` of row-major `A` (`m × n`, `k = min(m, n)`) by divide and conquer
  /// (`dgesdd`), `S` descending. Reduced: `U` is `m × k`, `Vt` is `k × n`; `full`: `U` is
  /// `m × m`, `Vt` is `n × n` (identities when `k == 0`, as NumPy).
  ///
  /// - Throws: `LapackError.nonFinite` on NaN/Inf input, `.noConvergence` if `dbdsdc` fails.
  public static func svd(a: UnsafeBufferPointer<Double>, m: Int, n: Int, full: Bool)
    throws(LapackError) -> (u: [Double], s: [Double], vt: [Double])
  {
    precondition(m >= 0 && n >= 0 && a.count == m * n, "internal: svd: \(a.count) elements")
    checkFits(m, n)
    let k = min(m, n)
    if k == 0 { return full ? (identity(m), [], identity(n)) : ([], [], []) }
    guard a.allSatisfy(\.isFinite) else { throw .nonFinite }
    let uCols = full ? m : k
    let vtRows = full ? n : k
    let f = Scratch(copying: a)
    defer { f.free() }
    let s = Scratch(count: k, value: 0.0)
    defer { s.free() }
    let u = Scratch(count: m * uCols, value: 0.0)
    defer { u.free() }
    let vt = Scratch(count: vtRows * n, value: 0.0)
    defer { vt.free() }
    let jobz = CChar(UInt8(ascii: full ? "A" : "S"))
    let info = withWorkspace(minIwork: 8 * k) { work, lwork, iwork, _ in
      LAPACKE_dgesdd_work(
        LAPACK_ROW_MAJOR, jobz, Int32(m), Int32(n), f.base, Int32(n), s.base, u.base,
        Int32(uCols), vt.base, Int32(n), work, lwork, iwork)
    }
    precondition(info >= 0, "internal: LAPACKE_dgesdd_work rejected argument \(-info)")
    if info > 0 { throw .noConvergence(info: Int(info)) }
    return (u.array, s.array, vt.array)
  }

  /// Eigenvalues (ascending) and orthonormal eigenvectors (the columns of the row-major
  /// `n × n` result) of the symmetric matrix whose lower triangle is that of `A` (`dsyevd`,
  /// UPLO='L' as NumPy; the strict upper triangle is not read).
  ///
  /// - Throws: `LapackError.nonFinite` on NaN/Inf in the lower triangle, `.noConvergence`.
  public static func eigh(a: UnsafeBufferPointer<Double>, n: Int) throws(LapackError) -> (
    values: [Double], vectors: [Double]
  ) {
    precondition(n >= 0 && a.count == n * n, "internal: eigh: \(a.count) elements, n=\(n)")
    checkFits(n)
    if n == 0 { return ([], []) }
    for i in 0..<n {
      for j in 0...i where !a[i * n + j].isFinite { throw .nonFinite }
    }
    let f = Scratch(copying: a)
    defer { f.free() }
    let w = Scratch(count: n, value: 0.0)
    defer { w.free() }
    let info = withWorkspace { work, lwork, iwork, liwork in
      LAPACKE_dsyevd_work(
        LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "L")), Int32(n), f.base,
        Int32(n), w.base, work, lwork, iwork, liwork)
    }
    precondition(info >= 0, "internal: LAPACKE_dsyevd_work rejected argument \(-info)")
    if info > 0 { throw .noConvergence(info: Int(info)) }
    return (w.array, f.array)
  }

  /// The lower-triangular Cholesky factor `L` (`A = L Lᵀ`, upper part zero) of the symmetric
  /// matrix whose lower triangle is that of row-major `A` (`n × n`, `dpotrf` UPLO='L').
  ///
  /// - Throws: `LapackError.notPositiveDefinite`. NaN input is not flagged by OpenBLAS's
  ///   `dpotrf`; it propagates into the factor (as in NumPy).
  public static func cholesky(a: UnsafeBufferPointer<Double>, n: Int) throws(LapackError)
    -> [Double]
  {
    precondition(n >= 0 && a.count == n * n, "internal: cholesky: \(a.count) elements, n=\(n)")
    checkFits(n)
    if n == 0 { return [] }
    var l = Array(a)
    let info = l.withUnsafeMutableBufferPointer { p in
      LAPACKE_dpotrf_work(
        LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "L")), Int32(n), p.baseAddress, Int32(n))
    }
    precondition(info >= 0, "internal: LAPACKE_dpotrf_work rejected argument \(-info)")
    if info > 0 { throw .notPositiveDefinite(minor: Int(info)) }
    for i in 0..<n {
      for j in (i + 1)..<n { l[i * n + j] = 0 }
    }
    return l
  }

  /// Minimum-norm least squares `min ‖A X − B‖` for row-major `A` (`m × n`) and `B`
  /// (`m × nrhs`) by SVD (`dgelsd`); singular values `≤ rcond · s_max` count as zero.
  /// Returns `X` (`n × nrhs`), the per-column sums of squared residual components LAPACK leaves
  /// in rows `n..<m` (meaningful only when `rank == n < m`; for `k == 0` the sums of `B²`),
  /// the effective rank and the `min(m, n)` singular values, descending.
  ///
  /// - Throws: `LapackError.nonFinite` on NaN/Inf in `A` or `B`, `.noConvergence`.
  public static func lstsq(
    a: UnsafeBufferPointer<Double>, b: UnsafeBufferPointer<Double>, m: Int, n: Int, nrhs: Int,
    rcond: Double
  ) throws(LapackError) -> (x: [Double], residuals: [Double], rank: Int, s: [Double]) {
    precondition(m >= 0 && n >= 0 && nrhs >= 0, "internal: lstsq: negative dimension")
    precondition(a.count == m * n && b.count == m * nrhs, "internal: lstsq: element counts")
    checkFits(m, n, nrhs + 1)
    let k = min(m, n)
    if k == 0 {
      var sums = [Double](repeating: 0, count: nrhs)
      for i in 0..<m {
        for j in 0..<nrhs { sums[j] += b[i * nrhs + j] * b[i * nrhs + j] }
      }
      return ([Double](repeating: 0, count: n * nrhs), sums, 0, [])
    }
    guard a.allSatisfy(\.isFinite) && b.allSatisfy(\.isFinite) else { throw .nonFinite }
    // LAPACK wants at least one right-hand side and room for the n rows of X (as NumPy, pad).
    let rows = max(m, n)
    let cols = max(nrhs, 1)
    let f = Scratch(copying: a)
    defer { f.free() }
    let x = Scratch(count: rows * cols, value: 0.0)
    defer { x.free() }
    for i in 0..<m {
      for j in 0..<nrhs { x.base[i * cols + j] = b[i * nrhs + j] }
    }
    let s = Scratch(count: k, value: 0.0)
    defer { s.free() }
    var rank: Int32 = 0
    let info = withWorkspace { work, lwork, iwork, _ in
      LAPACKE_dgelsd_work(
        LAPACK_ROW_MAJOR, Int32(m), Int32(n), Int32(cols), f.base, Int32(n), x.base, Int32(cols),
        s.base, rcond, &rank, work, lwork, iwork)
    }
    precondition(info >= 0, "internal: LAPACKE_dgelsd_work rejected argument \(-info)")
    if info > 0 { throw .noConvergence(info: Int(info)) }
    var solution = [Double](repeating: 0, count: n * nrhs)
    var sums = [Double](repeating: 0, count: nrhs)
    for j in 0..<nrhs {
      for i in 0..<n { solution[i * nrhs + j] = x.base[i * cols + j] }
      for i in n..<rows { sums[j] += x.base[i * cols + j] * x.base[i * cols + j] }
    }
    return (solution, sums, Int(rank), s.array)
  }

  /// The row-major `n × n` identity.
  static func identity(_ n: Int) -> [Double] {
    var e = [Double](repeating: 0, count: n * n)
    for i in 0..<n { e[i * n + i] = 1 }
    return e
  }

  /// LAPACK takes 32-bit sizes (LP64 OpenBLAS).
  private static func checkFits(_ sizes: Int...) {
    for s in sizes { precondition(s <= Int(Int32.max) / 2, "internal: LAPACK size \(s) > 2^30") }
  }

  /// Runs `call(work, lwork, iwork, liwork)` as a workspace query (sizes `-1`), then again with
  /// the workspace LAPACK asked for (at least `minIwork` integers); returns the second `info`.
  private static func withWorkspace(
    minIwork: Int = 1,
    _ call: (UnsafeMutablePointer<Double>, Int32, UnsafeMutablePointer<Int32>, Int32) -> Int32
  ) -> Int32 {
    let workQuery = Scratch(count: 1, value: 0.0)
    defer { workQuery.free() }
    let iworkQuery = Scratch<Int32>(count: 1, value: 0)
    defer { iworkQuery.free() }
    let query = call(workQuery.base, -1, iworkQuery.base, -1)
    precondition(query == 0, "internal: LAPACK workspace query rejected argument \(-query)")
    let lwork = max(1, Int(workQuery.base[0].rounded(.up)))
    let liwork = max(1, minIwork, Int(iworkQuery.base[0]))
    precondition(lwork <= Int(Int32.max) && liwork <= Int(Int32.max), "internal: workspace")
    let work = Scratch(count: lwork, value: 0.0)
    defer { work.free() }
    let iwork = Scratch<Int32>(count: liwork, value: 0)
    defer { iwork.free() }
    return call(work.base, Int32(lwork), iwork.base, Int32(liwork))
  }
}

/// Manually allocated storage for one LAPACK call; the caller frees it (`defer`).
private struct Scratch<T> {
  let base: UnsafeMutablePointer<T>
  let count: Int

  /// `count` copies of `value` (at least one element is allocated, so `base` is valid).
  init(count: Int, value: T) {
    self.count = count
    base = .allocate(capacity: max(count, 1))
    base.initialize(repeating: value, count: max(count, 1))
  }

  /// A copy of `source`.
  init(copying source: UnsafeBufferPointer<T>) {
    count = source.count
    base = .allocate(capacity: max(count, 1))
    if let src = source.baseAddress { base.initialize(from: src, count: count) }
  }

  /// The elements as an array.
  var array: [T] { Array(UnsafeBufferPointer(start: base, count: count)) }

  func free() { base.deallocate() }
}
