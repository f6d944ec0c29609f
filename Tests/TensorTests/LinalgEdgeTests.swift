// Tests for Sources/Tensor/Linalg+Solve.swift and Linalg+Decompositions.swift: errors, empty
// matrices, dtypes, batching and hand-checked values (NumPy's results noted where they apply).

import TestSupport
import XCTest

@testable import Tensor

final class LinalgEdgeTests: XCTestCase {
  private let singular = Tensor(shape: [2, 2], f64: [1, 2, 2, 4])
  private let wide = Tensor(shape: [2, 3], f64: [1, 2, 3, 4, 5, 6])

  func testSingularMatricesAreLinAlgErrors() {
    LinalgCheck.error("LinAlgError", "inv: matrix is singular to working precision") {
      try Tensor.inv(singular)
    }
    LinalgCheck.error("LinAlgError", "solve: matrix is singular to working precision") {
      try Tensor.solve(singular, Tensor(shape: [2], f64: [1, 1]))
    }
    let zeros = Tensor(shape: [3, 3], f64: [Double](repeating: 0, count: 9))
    LinalgCheck.error("LinAlgError", "inv: matrix is singular to working precision") {
      try Tensor.inv(zeros)
    }
  }

  func testSingularDeterminantIsZeroAndSlogdetIsMinusInfinity() throws {
    XCTAssertEqual(try Tensor.det(singular).doubles, [0])
    let (sign, logAbs) = try Tensor.slogdet(singular)
    XCTAssertEqual(sign.doubles, [0])
    XCTAssertEqual(logAbs.doubles, [-.infinity])
  }

  func testDeterminantMatchesNumPyBitForBit() throws {
    // np.linalg.det([[1, 2], [3, 4]]) == -2.0000000000000004 (sign · exp(log|det|)).
    let d = try Tensor.det(Tensor(shape: [2, 2], i64: [1, 2, 3, 4]))
    XCTAssertEqual(d.shape, [])
    XCTAssertEqual(d.dtype, .f64)
    XCTAssertEqual(d.doubles, [-2.0000000000000004])
    // A permutation matrix: one row swap gives sign -1.
    XCTAssertEqual(try Tensor.det(Tensor(shape: [2, 2], f64: [0, 1, 1, 0])).doubles, [-1])
  }

  func testShapeErrorsNameTheFunctionAndShape() {
    for (name, f) in squareFunctions {
      LinalgCheck.error("ShapeError", "\(name): 'a' must be a square matrix, got shape [2, 3]") {
        try f(wide)
      }
      LinalgCheck.error(
        "ShapeError", "\(name): 'a' must be a stack of square matrices, got shape [4, 2, 3]"
      ) { try f(Tensor(shape: [4, 2, 3], f64: [Double](repeating: 1, count: 24))) }
    }
    for (name, f) in squareFunctions + anyShapeFunctions {
      LinalgCheck.error("ShapeError", "\(name): 'a' must be at least 2-dimensional, got shape [3]")
      {
        try f(Tensor(shape: [3], f64: [1, 2, 3]))
      }
      LinalgCheck.error("ShapeError", "\(name): 'a' must be at least 2-dimensional, got shape []") {
        try f(Tensor(scalar: 2))
      }
    }
  }

  func testSolveAndLstsqShapeErrors() {
    let a = Tensor(shape: [2, 2], f64: [2, 0, 0, 2])
    LinalgCheck.error(
      "ShapeError",
      "solve: 'b' has shape [3]; its dimension 0 (3) must equal the size of 'a' (shape [2, 2])"
    ) { try Tensor.solve(a, Tensor(shape: [3], f64: [1, 2, 3])) }
    LinalgCheck.error(
      "ShapeError",
      "solve: 'b' has shape [3, 1]; its dimension 0 (3) must equal the size of 'a' (shape [2, 2])"
    ) { try Tensor.solve(a, Tensor(shape: [3, 1], f64: [1, 2, 3])) }
    LinalgCheck.error("ShapeError", "solve: 'b' must be at least 1-dimensional, got shape []") {
      try Tensor.solve(a, Tensor(scalar: 1))
    }
    let stack3 = Tensor(shape: [3, 2, 2], f64: [Double](repeating: 1, count: 12))
    LinalgCheck.error(
      "ShapeError",
      "solve: the batch axes of 'a' (shape [3, 2, 2]) and 'b' (shape [2, 2, 1]) do not broadcast"
    ) { try Tensor.solve(stack3, Tensor(shape: [2, 2, 1], f64: [1, 2, 3, 4])) }
    LinalgCheck.error(
      "ShapeError", "lstsq: 'a' must be a matrix (2-dimensional), got shape [3, 2, 2]"
    ) { try Tensor.lstsq(stack3, Tensor(shape: [2], f64: [1, 2])) }
    LinalgCheck.error("ShapeError", "lstsq: 'b' must be 1- or 2-dimensional, got shape []") {
      try Tensor.lstsq(a, Tensor(scalar: 1))
    }
    LinalgCheck.error(
      "ShapeError",
      "lstsq: 'b' has shape [3]; its dimension 0 (3) must equal the number of rows of 'a' "
        + "(shape [2, 2])"
    ) { try Tensor.lstsq(a, Tensor(shape: [3], f64: [1, 2, 3])) }
  }

  func testNotPositiveDefinite() {
    let message = "cholesky: matrix is not positive definite"
    LinalgCheck.error("LinAlgError", message) {
      try Tensor.cholesky(Tensor(shape: [2, 2], f64: [1, 2, 2, 1]))
    }
    LinalgCheck.error("LinAlgError", message) {
      try Tensor.cholesky(Tensor(shape: [2, 2], f64: [-1, 0, 0, 1]))
    }
  }

  func testCholeskyLetsNaNPropagateAsNumPy() throws {
    // OpenBLAS's dpotrf does not flag NaN pivots; np.linalg.cholesky returns NaNs too.
    let l = try Tensor.cholesky(Tensor(shape: [2, 2], f64: [.nan, 0, 0, 1]))
    XCTAssertTrue(l.doubles[0].isNaN)
    XCTAssertEqual(l.doubles[1], 0)
  }

  func testNonFiniteInputToIterativeRoutines() {
    let a = Tensor(shape: [2, 2], f64: [.nan, 1, 1, 1])
    let why = " (matrix contains NaN or infinity)"
    LinalgCheck.error("LinAlgError", "svd: SVD did not converge" + why) { try Tensor.svd(a) }
    LinalgCheck.error("LinAlgError", "pinv: SVD did not converge" + why) { try Tensor.pinv(a) }
    LinalgCheck.error("LinAlgError", "eigh: matrix contains NaN or infinity") {
      try Tensor.eigh(Tensor(shape: [2, 2], f64: [1, 0, .infinity, 1]))
    }
    LinalgCheck.error(
      "LinAlgError", "lstsq: SVD did not converge in linear least squares" + why
    ) { try Tensor.lstsq(a, Tensor(shape: [2], f64: [1, 1])) }
    // eigh reads only the lower triangle, so NaN above the diagonal is ignored (as NumPy).
    XCTAssertEqual(
      try Tensor.eigh(Tensor(shape: [2, 2], f64: [2, .nan, 0, 3])).values.doubles, [2, 3])
    // Non-iterative routines let NaN propagate.
    XCTAssertTrue(try Tensor.qr(a).r.doubles[0].isNaN)
    XCTAssertTrue(try Tensor.det(Tensor(shape: [1, 1], f64: [.nan])).doubles[0].isNaN)
  }

  func testEmptyMatricesFollowNumPy() throws {
    let e00 = Tensor(shape: [0, 0], f64: [])
    XCTAssertEqual(try Tensor.inv(e00).shape, [0, 0])
    XCTAssertEqual(try Tensor.det(e00).doubles, [1])
    XCTAssertEqual(try Tensor.solve(e00, Tensor(shape: [0], f64: [])).shape, [0])
    XCTAssertEqual(try Tensor.solve(e00, Tensor(shape: [0, 2], f64: [])).shape, [0, 2])
    XCTAssertEqual(try Tensor.cholesky(e00).shape, [0, 0])
    let (w, v) = try Tensor.eigh(e00)
    XCTAssertEqual([w.shape, v.shape], [[0], [0, 0]])
    XCTAssertEqual(
      try Tensor.solve(
        Tensor(shape: [2, 2], f64: [1, 0, 0, 1]),
        Tensor(shape: [2, 0], f64: [])
      ).shape, [2, 0])

    // (shape, qr Q/R, reduced U/S/Vt, pinv) as np.linalg reports them.
    for (m, n) in [(0, 3), (3, 0), (0, 0)] {
      let a = Tensor(shape: [m, n], f64: [])
      let (q, r) = try Tensor.qr(a)
      XCTAssertEqual([q.shape, r.shape], [[m, 0], [0, n]])
      let (u, s, vt) = try Tensor.svd(a)
      XCTAssertEqual([u.shape, s.shape, vt.shape], [[m, 0], [0], [0, n]])
      let (uf, sf, vtf) = try Tensor.svd(a, fullMatrices: true)
      XCTAssertEqual([uf.shape, sf.shape, vtf.shape], [[m, m], [0], [n, n]])
      XCTAssertEqual(uf.doubles, Kernels.identity(m))
      XCTAssertEqual(vtf.doubles, Kernels.identity(n))
      XCTAssertEqual(try Tensor.pinv(a).shape, [n, m])
    }
  }

  func testEmptyLstsqFollowsNumPy() throws {
    // np.linalg.lstsq(zeros((0, 3)), ones(0)): x = zeros(3), residuals [], rank 0, s [].
    var r = try Tensor.lstsq(Tensor(shape: [0, 3], f64: []), Tensor(shape: [0], f64: []))
    XCTAssertEqual(r.x.doubles, [0, 0, 0])
    XCTAssertEqual([r.residuals.shape, r.s.shape], [[0], [0]])
    XCTAssertEqual(r.rank, 0)
    // np.linalg.lstsq(zeros((3, 0)), ones((3, 2))): x (0, 2), residuals [3, 3].
    r = try Tensor.lstsq(
      Tensor(shape: [3, 0], f64: []), Tensor(shape: [3, 2], f64: [1, 1, 1, 1, 1, 1]))
    XCTAssertEqual(r.x.shape, [0, 2])
    XCTAssertEqual(r.residuals.doubles, [3, 3])
    // A right-hand side with no columns still reports rank and singular values.
    r = try Tensor.lstsq(
      Tensor(shape: [2, 2], f64: [3, 0, 0, 4]), Tensor(shape: [2, 0], f64: []))
    XCTAssertEqual([r.x.shape, r.residuals.shape], [[2, 0], [0]])
    XCTAssertEqual(r.rank, 2)
    assertClose(r.s.doubles, [4, 3])
  }

  func testLstsqOverdeterminedResidualsByHand() throws {
    // Fit y = c0 + c1 t through (0, 1), (1, 2), (2, 2): c = [7/6, 1/2], residual 1/6.
    let a = Tensor(shape: [3, 2], f64: [1, 0, 1, 1, 1, 2])
    let r = try Tensor.lstsq(a, Tensor(shape: [3], f64: [1, 2, 2]))
    assertClose(r.x.doubles, [7.0 / 6, 0.5], rtol: 1e-12)
    XCTAssertEqual(r.residuals.shape, [1])
    assertClose(r.residuals.doubles, [1.0 / 6], rtol: 1e-12)
    XCTAssertEqual(r.rank, 2)
    // rcond large enough to drop the smaller singular value: rank 1, no residuals.
    let low = try Tensor.lstsq(a, Tensor(shape: [3], f64: [1, 2, 2]), rcond: 0.5)
    XCTAssertEqual(low.rank, 1)
    XCTAssertEqual(low.residuals.shape, [0])
  }

  func testOtherDtypesAreConvertedToF64() throws {
    let i = Tensor(shape: [2, 2], i64: [4, 1, 1, 3])
    let f = Tensor(shape: [2, 2], f32: [4, 1, 1, 3])
    let b = Tensor(shape: [2, 2], bool: [true, false, false, true])
    let expected = [3.0 / 11, -1.0 / 11, -1.0 / 11, 4.0 / 11]
    for a in [i, f] {
      let x = try Tensor.inv(a)
      XCTAssertEqual(x.dtype, .f64)
      assertClose(x.doubles, expected, rtol: 1e-12)
      assertClose(try Tensor.det(a).doubles, [11], rtol: 1e-12)
      assertClose(
        try Tensor.eigh(a).values.doubles, [(7 - 5.squareRoot()) / 2, (7 + 5.squareRoot()) / 2])
    }
    XCTAssertEqual(try Tensor.inv(b).doubles, [1, 0, 0, 1])
    XCTAssertEqual(try Tensor.cholesky(b).doubles, [1, 0, 0, 1])
    assertClose(
      try Tensor.solve(i, Tensor(shape: [2], i64: [5, 4])).doubles, [1, 1], rtol: 1e-12)
  }

  func testBatchedOperationsMatchPerMatrixResults() throws {
    let m0: [Double] = [4, 1, 1, 3]
    let m1: [Double] = [2, -1, -1, 2]
    let stack = Tensor(shape: [2, 1, 2, 2], f64: m0 + m1)
    XCTAssertEqual(try Tensor.det(stack).shape, [2, 1])
    assertClose(try Tensor.det(stack).doubles, [11, 3], rtol: 1e-12)
    let inv = try Tensor.inv(stack)
    XCTAssertEqual(inv.shape, [2, 1, 2, 2])
    let inv1 = try Tensor.inv(Tensor(shape: [2, 2], f64: m1))
    assertClose(Array(inv.doubles[4...]), inv1.doubles, rtol: 1e-12)
    // A 1-d b is one right-hand side shared by every matrix of the stack.
    let x = try Tensor.solve(stack, Tensor(shape: [2], f64: [1, 1]))
    XCTAssertEqual(x.shape, [2, 1, 2])
    assertClose(x.doubles, [2.0 / 11, 3.0 / 11, 1, 1], rtol: 1e-12)
    // Batch axes broadcast: one matrix against a stack of right-hand sides.
    let bs = Tensor(shape: [3, 2, 1], f64: [1, 1, 2, 2, 0, 3])
    let y = try Tensor.solve(Tensor(shape: [2, 2], f64: m1), bs)
    XCTAssertEqual(y.shape, [3, 2, 1])
    assertClose(y.doubles, [1, 1, 2, 2, 1, 2], rtol: 1e-12)
    XCTAssertEqual(try Tensor.eigh(stack).values.shape, [2, 1, 2])
    XCTAssertEqual(try Tensor.cholesky(stack).shape, [2, 1, 2, 2])
    XCTAssertEqual(
      try Tensor.pinv(Tensor(shape: [2, 2, 3], f64: (0..<12).map(Double.init))).shape,
      [2, 3, 2])
    // No matrices at all: empty results of the right shapes.
    let none = Tensor(shape: [0, 3, 3], f64: [])
    XCTAssertEqual(try Tensor.inv(none).shape, [0, 3, 3])
    XCTAssertEqual(try Tensor.det(none).shape, [0])
    XCTAssertEqual(try Tensor.svd(none).s.shape, [0, 3])
  }

  func testPinvOfRankDeficientMatrixByHand() throws {
    // pinv([[1, 2], [2, 4]]) = A / 25 (rank 1: A = 5 u uᵀ with u = [1, 2] / √5).
    assertClose(try Tensor.pinv(singular).doubles, [1, 2, 2, 4].map { $0 / 25 }, rtol: 1e-12)
  }

  private var squareFunctions: [(String, (Tensor) throws -> Any)] {
    [
      ("inv", { try Tensor.inv($0) }), ("det", { try Tensor.det($0) }),
      ("slogdet", { try Tensor.slogdet($0) }), ("eigh", { try Tensor.eigh($0) }),
      ("cholesky", { try Tensor.cholesky($0) }),
      ("solve", { try Tensor.solve($0, Tensor(shape: [2], f64: [1, 2])) }),
    ]
  }

  private var anyShapeFunctions: [(String, (Tensor) throws -> Any)] {
    [
      ("qr", { try Tensor.qr($0) }), ("svd", { try Tensor.svd($0) }),
      ("pinv", { try Tensor.pinv($0) }),
    ]
  }
}
