// Matrix decompositions through LAPACK (qr, svd, eigh, cholesky, pinv), batched over leading axes.
//
// Every input is converted to f64 and results are f64. A tensor of rank > 2 is a stack of
// matrices over its leading axes, as in NumPy; each matrix is factored on its own.

extension Tensor {
  /// Reduced QR: `a = q @ r` with `q` (`… × m × k`, orthonormal columns) and `r` (`… × k × n`,
  /// upper triangular), `k = min(m, n)` (`dgeqrf` + `dorgqr`; signs as LAPACK/NumPy).
  public static func qr(_ a: Tensor) throws -> (q: Tensor, r: Tensor) {
    let s = try MatrixStack(a, "qr", square: false)
    let (m, n) = (s.rows, s.cols)
    let k = min(m, n)
    var qs: [Double] = []
    var rs: [Double] = []
    qs.reserveCapacity(s.count * m * k)
    rs.reserveCapacity(s.count * k * n)
    s.eachMatrix { _, x in
      let f = Kernels.qr(a: x, m: m, n: n)
      qs += f.q
      rs += f.r
    }
    return (Tensor(shape: s.batch + [m, k], f64: qs), Tensor(shape: s.batch + [k, n], f64: rs))
  }

  /// Singular value decomposition `a = u @ diag(s) @ vt` by `dgesdd`, `s` descending.
  /// Reduced (default): `u` is `… × m × k`, `vt` is `… × k × n` with `k = min(m, n)`;
  /// `fullMatrices`: `u` is `… × m × m`, `vt` is `… × n × n`.
  ///
  /// - Throws: LinAlgError `svd: SVD did not converge` (also for NaN/Inf input).
  public static func svd(_ a: Tensor, fullMatrices: Bool = false) throws -> (
    u: Tensor, s: Tensor, vt: Tensor
  ) {
    let st = try MatrixStack(a, "svd", square: false)
    let (m, n) = (st.rows, st.cols)
    let k = min(m, n)
    let (uCols, vtRows) = fullMatrices ? (m, n) : (k, k)
    // Full matrices can be far larger than `a` (u of a 10⁶ × 2 matrix is 10⁶ × 10⁶).
    _ = try Shape.byteCount(st.batch + [m, uCols], .f64)
    _ = try Shape.byteCount(st.batch + [vtRows, n], .f64)
    var us: [Double] = []
    var ss: [Double] = []
    var vts: [Double] = []
    us.reserveCapacity(st.count * m * uCols)
    ss.reserveCapacity(st.count * k)
    vts.reserveCapacity(st.count * vtRows * n)
    try st.eachMatrix { _, x in
      let f = try svdOrThrow(x, m, n, full: fullMatrices, "svd")
      us += f.u
      ss += f.s
      vts += f.vt
    }
    return (
      Tensor(shape: st.batch + [m, uCols], f64: us), Tensor(shape: st.batch + [k], f64: ss),
      Tensor(shape: st.batch + [vtRows, n], f64: vts)
    )
  }

  /// Eigenvalues (ascending, `… × n`) and eigenvectors (columns of `… × n × n`) of symmetric
  /// `a`, reading only its lower triangle as NumPy's default `UPLO='L'` (`dsyevd`).
  ///
  /// - Throws: LinAlgError on NaN/Inf in the lower triangle or if the solver does not converge.
  public static func eigh(_ a: Tensor) throws -> (values: Tensor, vectors: Tensor) {
    let s = try MatrixStack(a, "eigh", square: true)
    let n = s.rows
    var values: [Double] = []
    var vectors: [Double] = []
    values.reserveCapacity(s.count * n)
    vectors.reserveCapacity(s.count * n * n)
    try s.eachMatrix { _, x in
      do throws(LapackError) {
        let f = try Kernels.eigh(a: x, n: n)
        values += f.values
        vectors += f.vectors
      } catch {
        throw linAlgError(
          error == .nonFinite
            ? "eigh: matrix contains NaN or infinity" : "eigh: eigenvalues did not converge")
      }
    }
    return (
      Tensor(shape: s.batch + [n], f64: values), Tensor(shape: s.batch + [n, n], f64: vectors)
    )
  }

  /// The Cholesky factor of symmetric positive-definite `a` (lower triangle read): lower `L`
  /// with `a = L @ Lᵀ` and zeros above the diagonal, or `Lᵀ` when `upper` (`dpotrf`).
  ///
  /// - Throws: LinAlgError `cholesky: matrix is not positive definite`.
  public static func cholesky(_ a: Tensor, upper: Bool = false) throws -> Tensor {
    let s = try MatrixStack(a, "cholesky", square: true)
    let n = s.rows
    var out: [Double] = []
    out.reserveCapacity(s.count * n * n)
    try s.eachMatrix { _, x in
      do throws(LapackError) {
        let l = try Kernels.cholesky(a: x, n: n)
        out += upper ? transposedMatrix(l, rows: n, cols: n) : l
      } catch {
        throw linAlgError("cholesky: matrix is not positive definite")
      }
    }
    return Tensor(shape: s.batch + [n, n], f64: out)
  }

  /// Moore–Penrose pseudo-inverse (`… × n × m`) via the reduced SVD: singular values at or
  /// below `rcond · max(s)` are treated as zero (NumPy's default `rcond = 1e-15`).
  ///
  /// - Throws: LinAlgError `pinv: SVD did not converge` (also for NaN/Inf input).
  public static func pinv(_ a: Tensor, rcond: Double = 1e-15) throws -> Tensor {
    let st = try MatrixStack(a, "pinv", square: false)
    let (m, n) = (st.rows, st.cols)
    let k = min(m, n)
    var out = [Double](repeating: 0, count: st.count * n * m)
    try st.eachMatrix { i, x in
      let f = try svdOrThrow(x, m, n, full: false, "pinv")
      guard k > 0 else { return }
      let cutoff = rcond * (f.s.max() ?? 0)
      // u ← u · diag(1/s) on the kept singular values, then out = vtᵀ · uᵀ.
      var u = f.u
      for l in 0..<k {
        let inv = f.s[l] > cutoff ? 1 / f.s[l] : 0
        for r in 0..<m { u[r * k + l] *= inv }
      }
      out.withUnsafeMutableBufferPointer { o in
        guard let base = o.baseAddress else { return }
        Kernels.dgemm(
          transA: true, transB: true, m: n, n: m, k: k, a: f.vt, lda: n, b: u, ldb: k,
          c: base + i * n * m, ldc: m)
      }
    }
    return Tensor(shape: st.batch + [n, m], f64: out)
  }

  /// `Kernels.svd` with its failures worded as LinAlgErrors of `function`.
  static func svdOrThrow(
    _ x: UnsafeBufferPointer<Double>, _ m: Int, _ n: Int, full: Bool, _ function: String
  ) throws -> (u: [Double], s: [Double], vt: [Double]) {
    do throws(LapackError) {
      return try Kernels.svd(a: x, m: m, n: n, full: full)
    } catch {
      let why = error == .nonFinite ? " (matrix contains NaN or infinity)" : ""
      throw linAlgError("\(function): SVD did not converge\(why)")
    }
  }

  /// A LinAlgError: a data-dependent failure of a linear-algebra routine.
  static func linAlgError(_ message: String) -> TensorError {
    TensorError("LinAlgError", message)
  }

  /// The transpose of a row-major `rows × cols` matrix.
  static func transposedMatrix(_ x: [Double], rows: Int, cols: Int) -> [Double] {
    var t = [Double](repeating: 0, count: x.count)
    for i in 0..<rows {
      for j in 0..<cols { t[j * rows + i] = x[i * cols + j] }
    }
    return t
  }
}

/// A tensor seen as a stack of `rows × cols` matrices over its leading (`batch`) axes, in f64.
struct MatrixStack {
  let data: Tensor
  let batch: [Int]
  let rows: Int
  let cols: Int

  /// The number of matrices.
  var count: Int { batch.reduce(1, *) }

  /// Checks that `a` has rank ≥ 2 (and square matrices if `square`); errors name `function`
  /// and the argument `name`, e.g. `inv: 'a' must be a square matrix, got shape [2, 3]`.
  init(_ a: Tensor, _ function: String, _ name: String = "a", square: Bool) throws {
    guard a.rank >= 2 else {
      throw TensorError.shape(
        "\(function): '\(name)' must be at least 2-dimensional, got shape \(shapeText(a.shape))")
    }
    rows = a.shape[a.rank - 2]
    cols = a.shape[a.rank - 1]
    if square && rows != cols {
      let what = a.rank == 2 ? "a square matrix" : "a stack of square matrices"
      throw TensorError.shape(
        "\(function): '\(name)' must be \(what), got shape \(shapeText(a.shape))")
    }
    batch = Array(a.shape.dropLast(2))
    data = a.astype(.f64)
  }

  /// Calls `body(i, matrix)` for each matrix, in row-major order of the batch axes.
  func eachMatrix(_ body: (Int, UnsafeBufferPointer<Double>) throws -> Void) rethrows {
    let size = rows * cols
    try data.withElements(as: Double.self) { p in
      for i in 0..<count {
        try body(i, UnsafeBufferPointer(rebasing: p[(i * size)..<((i + 1) * size)]))
      }
    }
  }

  /// For each matrix of the broadcast `target` batch shape, the index of the matrix of this
  /// stack it reads (broadcasting the batch axes).
  func sourceIndices(broadcastTo target: [Int]) -> [Int] {
    let strides = Shape.broadcastStrides(batch, to: target)
    let targetStrides = Shape.strides(target)
    return (0..<target.reduce(1, *)).map { i in
      var rest = i
      var source = 0
      for d in 0..<target.count {
        source += rest / targetStrides[d] * strides[d]
        rest %= targetStrides[d]
      }
      return source
    }
  }
}
