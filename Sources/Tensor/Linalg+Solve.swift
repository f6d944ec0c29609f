// Linear systems through LAPACK: inv, solve, det, slogdet (batched) and lstsq (2-d).
//
// Inputs of any dtype are converted to f64; results are f64 (lstsq's rank is an Int).

import Foundation

extension Tensor {
  /// The inverse of each square matrix in `a` (`… × n × n`), by LU (`dgesv` with `B = I`, as
  /// NumPy). `n == 0` gives an empty `0 × 0` result.
  ///
  /// - Throws: LinAlgError `inv: matrix is singular to working precision`.
  public static func inv(_ a: Tensor) throws -> Tensor {
    let s = try MatrixStack(a, "inv", square: true)
    let n = s.rows
    let eye = Kernels.identity(n)
    var out: [Double] = []
    out.reserveCapacity(s.count * n * n)
    try eye.withUnsafeBufferPointer { e in
      try s.eachMatrix { _, x in
        do throws(LinalgError) {
          out += try Kernels.solve(a: x, b: e, n: n)
        } catch {
          throw linAlgError("inv: \(error)")
        }
      }
    }
    return Tensor(shape: s.batch + [n, n], f64: out)
  }

  /// Solves `a @ x = b` for square `a` (`… × n × n`). A 1-d `b` (`n`) is one right-hand side
  /// and gives `x` of shape `… × n`; otherwise `b` is `… × n × k` and `x` is `… × n × k`.
  /// The batch axes of `a` and `b` broadcast (`dgesv`).
  ///
  /// - Throws: ShapeError on mismatched shapes; LinAlgError
  ///   `solve: matrix is singular to working precision`.
  public static func solve(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    let sa = try MatrixStack(a, "solve", square: true)
    let n = sa.rows
    guard b.rank >= 1 else {
      throw TensorError.shape("solve: 'b' must be at least 1-dimensional, got shape []")
    }
    let vector = b.rank == 1
    let sb = try MatrixStack(vector ? b.reshaped([b.shape[0], 1]) : b, "solve", "b", square: false)
    guard sb.rows == n else {
      throw TensorError.shape(
        "solve: 'b' has shape \(shapeText(b.shape)); its dimension \(vector ? 0 : b.rank - 2) "
          + "(\(sb.rows)) must equal the size of 'a' (shape \(shapeText(a.shape)))")
    }
    let batch: [Int]
    do {
      batch = try Shape.broadcast(sa.batch, sb.batch)
    } catch {
      throw TensorError.shape(
        "solve: the batch axes of 'a' (shape \(shapeText(a.shape))) and 'b' (shape "
          + "\(shapeText(b.shape))) do not broadcast")
    }
    let k = sb.cols
    let ia = sa.sourceIndices(broadcastTo: batch)
    let ib = sb.sourceIndices(broadcastTo: batch)
    var out: [Double] = []
    out.reserveCapacity(ia.count * n * k)
    try sa.data.withElements(as: Double.self) { pa in
      try sb.data.withElements(as: Double.self) { pb in
        for (i, j) in zip(ia, ib) {
          let x = UnsafeBufferPointer(rebasing: pa[(i * n * n)..<((i + 1) * n * n)])
          let y = UnsafeBufferPointer(rebasing: pb[(j * n * k)..<((j + 1) * n * k)])
          do throws(LinalgError) {
            out += try Kernels.solve(a: x, b: y, n: n)
          } catch {
            throw linAlgError("solve: \(error)")
          }
        }
      }
    }
    return Tensor(shape: batch + (vector ? [n] : [n, k]), f64: out)
  }

  /// The determinant of each square matrix in `a`: rank 0 for a matrix, shape `…` for a stack.
  /// Computed from the LU factors (`dgetrf`) as `sign · exp(log|det|)`, like NumPy; an exactly
  /// singular matrix gives 0 and a `0 × 0` matrix gives 1.
  public static func det(_ a: Tensor) throws -> Tensor {
    let s = try MatrixStack(a, "det", square: true)
    var out: [Double] = []
    out.reserveCapacity(s.count)
    s.eachMatrix { _, x in
      let d = Kernels.slogdet(a: x, n: s.rows)
      out.append(d.sign * exp(d.logAbs))
    }
    return Tensor(shape: s.batch, f64: out)
  }

  /// The sign (1, -1, or 0 when singular) and natural log of the absolute determinant of each
  /// square matrix in `a` (NumPy's `slogdet`), which does not overflow where `det` would.
  public static func slogdet(_ a: Tensor) throws -> (sign: Tensor, logAbsDet: Tensor) {
    let s = try MatrixStack(a, "slogdet", square: true)
    var signs: [Double] = []
    var logs: [Double] = []
    s.eachMatrix { _, x in
      let d = Kernels.slogdet(a: x, n: s.rows)
      signs.append(d.sign)
      logs.append(d.logAbs)
    }
    return (Tensor(shape: s.batch, f64: signs), Tensor(shape: s.batch, f64: logs))
  }

  /// Least-squares solution of `a @ x ≈ b` for a matrix `a` (`m × n`) and `b` (`m` or
  /// `m × k`), minimum-norm when rank-deficient (`dgelsd`, as NumPy). Singular values at or
  /// below `rcond · max(s)` count as zero; the default `rcond` is `eps · max(m, n)`.
  /// Returns `x` (`n` or `n × k`), `residuals` (the squared 2-norm of each column of
  /// `b - a @ x`, shape `[k]` (`[1]` for 1-d `b`) when `rank == n < m`, else shape `[0]`),
  /// the effective `rank`, and the singular values `s` (`min(m, n)`, descending).
  ///
  /// - Throws: ShapeError on bad shapes; LinAlgError when the SVD does not converge (also for
  ///   NaN/Inf input).
  public static func lstsq(_ a: Tensor, _ b: Tensor, rcond: Double? = nil) throws -> (
    x: Tensor, residuals: Tensor, rank: Int, s: Tensor
  ) {
    guard a.rank == 2 else {
      throw TensorError.shape(
        "lstsq: 'a' must be a matrix (2-dimensional), got shape \(shapeText(a.shape))")
    }
    guard b.rank == 1 || b.rank == 2 else {
      throw TensorError.shape(
        "lstsq: 'b' must be 1- or 2-dimensional, got shape \(shapeText(b.shape))")
    }
    let (m, n) = (a.shape[0], a.shape[1])
    guard b.shape[0] == m else {
      throw TensorError.shape(
        "lstsq: 'b' has shape \(shapeText(b.shape)); its dimension 0 (\(b.shape[0])) must equal "
          + "the number of rows of 'a' (shape \(shapeText(a.shape)))")
    }
    let k = b.rank == 1 ? 1 : b.shape[1]
    let cutoff = rcond ?? Double.ulpOfOne * Double(max(m, n))
    let x = a.astype(.f64)
    let y = b.astype(.f64)
    let result: (x: [Double], residuals: [Double], rank: Int, s: [Double])
    do {
      result = try x.withElements(as: Double.self) { pa in
        try y.withElements(as: Double.self) { pb in
          try Kernels.lstsq(a: pa, b: pb, m: m, n: n, nrhs: k, rcond: cutoff)
        }
      }
    } catch let error as LapackError {
      let why = error == .nonFinite ? " (matrix contains NaN or infinity)" : ""
      throw linAlgError("lstsq: SVD did not converge in linear least squares\(why)")
    }
    let full = result.rank == n && m > n
    return (
      Tensor(shape: b.rank == 1 ? [n] : [n, k], f64: result.x),
      Tensor(shape: [full ? k : 0], f64: full ? result.residuals : []), result.rank,
      Tensor(shape: [min(m, n)], f64: result.s)
    )
  }
}
