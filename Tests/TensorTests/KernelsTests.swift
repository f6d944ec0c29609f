// Tests for Sources/Tensor/Kernels.swift against hand-computed products and solutions.

import TestSupport
import XCTest

@testable import Tensor

final class KernelsTests: XCTestCase {
  /// Runs `Kernels.dgemm` on arrays; returns the updated `c`.
  private func gemm(
    _ a: [Double], _ b: [Double], m: Int, n: Int, k: Int, transA: Bool = false,
    transB: Bool = false, alpha: Double = 1, beta: Double = 0, c: [Double]? = nil
  ) -> [Double] {
    var out = c ?? [Double](repeating: .nan, count: m * n)
    out.withUnsafeMutableBufferPointer { cBuf in
      guard let cPtr = cBuf.baseAddress else { return }
      Kernels.dgemm(
        transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a,
        lda: max(1, transA ? m : k), b: b, ldb: max(1, transB ? k : n), beta: beta, c: cPtr,
        ldc: max(1, n))
    }
    return out
  }

  func testDgemm2x3Times3x2() {
    // [1 2 3; 4 5 6] * [7 8; 9 10; 11 12] = [58 64; 139 154]
    let c = gemm([1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12], m: 2, n: 2, k: 3)
    assertClose(c, [58, 64, 139, 154])
  }

  func testDgemmTransposedOperands() {
    // A stored 3x2 = [1 4; 2 5; 3 6], so A^T = [1 2 3; 4 5 6]; B stored 2x3, B^T = [7 8; 9 10; 11 12]
    let c = gemm(
      [1, 4, 2, 5, 3, 6], [7, 9, 11, 8, 10, 12], m: 2, n: 2, k: 3, transA: true, transB: true)
    assertClose(c, [58, 64, 139, 154])
  }

  func testDgemmAlphaBetaAccumulate() {
    // 2 * [1 2; 3 4] * I + 0.5 * [10 10; 10 10]
    let c = gemm(
      [1, 2, 3, 4], [1, 0, 0, 1], m: 2, n: 2, k: 2, alpha: 2, beta: 0.5, c: [10, 10, 10, 10])
    assertClose(c, [7, 9, 11, 13])
  }

  func testDgemmMatrixVectorAndNonSquare() {
    // 1x4 row times 4x1 column: dot product 1*5 + 2*6 + 3*7 + 4*8 = 70
    assertClose(gemm([1, 2, 3, 4], [5, 6, 7, 8], m: 1, n: 1, k: 4), [70])
    // 3x1 times 1x2: outer product
    assertClose(gemm([1, 2, 3], [10, 20], m: 3, n: 2, k: 1), [10, 20, 20, 40, 30, 60])
  }

  func testDgemmEmptyInnerDimensionScalesC() {
    assertClose(gemm([], [], m: 2, n: 2, k: 0, beta: 0), [0, 0, 0, 0])
    assertClose(gemm([], [], m: 1, n: 2, k: 0, beta: 3, c: [1, 2]), [3, 6])
    XCTAssertEqual(gemm([], [], m: 0, n: 3, k: 2), [])
  }

  func testDgemmLargerAgainstNaiveLoop() {
    let (m, n, k) = (17, 13, 29)
    let a = (0..<(m * k)).map { Double(($0 * 7) % 11) - 5 }
    let b = (0..<(k * n)).map { Double(($0 * 5) % 13) * 0.25 }
    var expected = [Double](repeating: 0, count: m * n)
    for i in 0..<m {
      for j in 0..<n {
        for p in 0..<k { expected[i * n + j] += a[i * k + p] * b[p * n + j] }
      }
    }
    assertClose(gemm(a, b, m: m, n: n, k: k), expected, rtol: 1e-12, atol: 1e-12)
  }

  func testSolve2x2() throws {
    // 4x + y = 1, 2x + 3y = 2  =>  x = 0.1, y = 0.6
    let x = try Kernels.solve(a: [4, 1, 2, 3], b: [1, 2], n: 2)
    assertClose(x, [0.1, 0.6], rtol: 1e-12)
  }

  func testSolveNeedsPivotingAndMultipleRightHandSides() throws {
    // A = [0 1 0; 1 0 0; 0 0 2] (zero leading pivot); B columns: [1 2 4] and [3 5 6]
    // X = [2 1 2; 5 3 3] transposed: x1 = (2, 1, 2), x2 = (5, 3, 3)
    let x = try Kernels.solve(a: [0, 1, 0, 1, 0, 0, 0, 0, 2], b: [1, 3, 2, 5, 4, 6], n: 3)
    assertClose(x, [2, 5, 1, 3, 2, 3], rtol: 1e-12)
  }

  func testSolveSingularThrowsTypedError() {
    XCTAssertThrowsError(try Kernels.solve(a: [1, 2, 2, 4], b: [1, 1], n: 2)) { error in
      guard case LinalgError.singular(let pivot) = error else {
        return XCTFail("unexpected error \(error)")
      }
      XCTAssertEqual(pivot, 2)
      XCTAssertEqual("\(error)", "matrix is singular to working precision")
    }
  }

  func testSolveWithNaNPropagatesInsteadOfCrashing() throws {
    // How far a NaN spreads is up to the BLAS (OpenBLAS turns x[1] into NaN too, as NumPy on
    // OpenBLAS does); what matters is no crash and no error.
    let x = try Kernels.solve(a: [1, 0, 0, 1], b: [.nan, 2], n: 2)
    XCTAssertEqual(x.count, 2)
    XCTAssertTrue(x[0].isNaN)
  }

  func testSolveEmpty() throws {
    XCTAssertEqual(try Kernels.solve(a: [], b: [], n: 0), [])
  }
}
