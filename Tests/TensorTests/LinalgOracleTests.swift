// Tests for Sources/Tensor/Linalg+Solve.swift and Linalg+Decompositions.swift against NumPy.
//
// Tests/fixtures/linalg/linalg.json comes from scripts/oracles/linalg_fixtures.py. Values are
// compared with rtol 1e-10; factors whose signs are not unique (Q/R, U/Vt, eigenvectors) are
// checked by reconstruction and orthonormality, with R compared after normalising signs.

import Foundation
import TestSupport
import XCTest

@testable import Tensor

/// One fixture array: shape plus row-major data.
struct LinalgArray: Decodable {
  let shape: [Int]
  let data: [Double]
  var tensor: Tensor { Tensor(shape: shape, f64: data) }
}

/// NumPy's lstsq outputs.
struct LinalgLstsq: Decodable {
  let x: LinalgArray
  let residuals: LinalgArray
  let rank: Int
  let s: LinalgArray
}

/// One matrix (or stack) with NumPy's results; absent keys do not apply to it.
struct LinalgCase: Decodable {
  let a: LinalgArray
  let b: LinalgArray?
  let bm: LinalgArray?
  let inv: LinalgArray?
  let solve: LinalgArray?
  let solveM: LinalgArray?
  let det: LinalgArray?
  let slogdet: [Double]?
  let qrR: LinalgArray?
  let svdS: LinalgArray?
  let pinv: LinalgArray?
  let lstsq: LinalgLstsq?
  let lstsqM: LinalgLstsq?
  let sym: LinalgArray?
  let eighValues: LinalgArray?
  let spd: LinalgArray?
  let cholesky: LinalgArray?
}

/// Fixture loading and the checks the linalg tests share.
enum LinalgCheck {
  struct File: Decodable { let cases: [String: LinalgCase] }

  static let cases: [String: LinalgCase] = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("fixtures/linalg/linalg.json")
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    guard let data = try? Data(contentsOf: url),
      let file = try? decoder.decode(File.self, from: data)
    else {
      XCTFail("cannot decode Tests/fixtures/linalg/linalg.json")
      return [:]
    }
    return file.cases
  }()

  /// The fixture cases (sorted by name) that have `key`.
  static func having<T>(_ key: KeyPath<LinalgCase, T?>) -> [(String, LinalgCase)] {
    cases.sorted { $0.key < $1.key }.filter { $0.value[keyPath: key] != nil }
  }

  /// Asserts the tensor has `shape` and elements close to `expected`.
  static func close(
    _ t: Tensor, _ shape: [Int], _ expected: [Double], atol: Double = 0, _ what: String,
    file: StaticString = #filePath, line: UInt = #line
  ) {
    XCTAssertEqual(t.shape, shape, what, file: file, line: line)
    assertClose(t.doubles, expected, rtol: 1e-10, atol: atol, what, file: file, line: line)
  }

  /// Asserts the tensor matches a fixture array (shape and values).
  static func close(
    _ t: Tensor, _ expected: LinalgArray?, atol: Double = 0, _ what: String,
    file: StaticString = #filePath, line: UInt = #line
  ) {
    guard let expected else {
      return XCTFail("missing fixture for \(what)", file: file, line: line)
    }
    close(t, expected.shape, expected.data, atol: atol, what, file: file, line: line)
  }

  /// `x` with its last two axes swapped.
  static func mT(_ x: Tensor) throws -> Tensor {
    try x.transposed(Array(0..<(x.rank - 2)) + [x.rank - 1, x.rank - 2])
  }

  /// Asserts that the columns of each matrix in `q` are orthonormal.
  static func orthonormalColumns(
    _ q: Tensor, _ what: String, file: StaticString = #filePath, line: UInt = #line
  ) throws {
    let k = q.shape[q.rank - 1]
    let gram = try Tensor.matmul(mT(q), q)
    let count = gram.count / max(k * k, 1)
    let eye = (0..<count).flatMap { _ in Kernels.identity(k) }
    assertClose(gram.doubles, eye, rtol: 1e-10, atol: 1e-12, what, file: file, line: line)
  }

  /// Asserts that `body` throws a TensorError of `kind` with exactly `message`.
  static func error<T>(
    _ kind: String, _ message: String, file: StaticString = #filePath, line: UInt = #line,
    _ body: () throws -> T
  ) {
    XCTAssertThrowsError(try body(), file: file, line: line) { e in
      guard let t = e as? TensorError else {
        return XCTFail("not a TensorError: \(e)", file: file, line: line)
      }
      XCTAssertEqual(t.kind, kind, file: file, line: line)
      XCTAssertEqual(t.message, message, file: file, line: line)
    }
  }
}

final class LinalgOracleTests: XCTestCase {
  func testFixturesLoad() {
    XCTAssertEqual(LinalgCheck.cases.count, 6)
  }

  func testInvSolveDetSlogdet() throws {
    for (name, c) in LinalgCheck.having(\.inv) {
      let a = c.a.tensor
      LinalgCheck.close(try Tensor.inv(a), c.inv, "\(name) inv")
      LinalgCheck.close(try Tensor.det(a), c.det, "\(name) det")
      if let b = c.b, b.shape.count == 1 {
        LinalgCheck.close(try Tensor.solve(a, b.tensor), c.solve, "\(name) solve")
      }
      if let bm = c.bm {
        LinalgCheck.close(try Tensor.solve(a, bm.tensor), c.solveM, "\(name) solve matrix")
      }
      if let expected = c.slogdet {
        let (sign, logAbs) = try Tensor.slogdet(a)
        assertClose([sign.doubles[0], logAbs.doubles[0]], expected, rtol: 1e-10)
      }
    }
  }

  func testBatchedSolveAgainstNumPy() throws {
    let c = try XCTUnwrap(LinalgCheck.cases["batch2x3x3"])
    let b = try XCTUnwrap(c.b).tensor
    let x = try Tensor.solve(c.a.tensor, b.reshaped([2, 3, 1]))
    LinalgCheck.close(x.reshaped([2, 3]), c.solve, "batched solve")
  }

  func testQRReconstructsAndMatchesNumPyUpToSigns() throws {
    for (name, c) in LinalgCheck.having(\.qrR) {
      let a = c.a.tensor
      let (q, r) = try Tensor.qr(a)
      let (m, n) = (a.shape[0], a.shape[1])
      let k = min(m, n)
      XCTAssertEqual(q.shape, [m, k], name)
      XCTAssertEqual(r.shape, [k, n], name)
      LinalgCheck.close(try Tensor.matmul(q, r), [m, n], a.doubles, atol: 1e-12, "\(name) QR")
      try LinalgCheck.orthonormalColumns(q, "\(name) Q")
      let rs = r.doubles
      for i in 0..<k {
        for j in 0..<i { XCTAssertEqual(rs[i * n + j], 0, "\(name) R[\(i), \(j)]") }
      }
      // Rows of R are unique up to sign: make each diagonal entry positive on both sides.
      let expected = try XCTUnwrap(c.qrR).data
      func normalised(_ x: [Double]) -> [Double] {
        (0..<(k * n)).map { x[$0] * (x[($0 / n) * n + $0 / n] < 0 ? -1 : 1) }
      }
      assertClose(normalised(rs), normalised(expected), rtol: 1e-10, atol: 1e-12, "\(name) R")
    }
  }

  func testSVDValuesAndReconstruction() throws {
    for (name, c) in LinalgCheck.having(\.svdS) where c.a.shape.count == 2 {
      let a = c.a.tensor
      let (m, n) = (a.shape[0], a.shape[1])
      let k = min(m, n)
      let (u, s, vt) = try Tensor.svd(a)
      XCTAssertEqual([u.shape, s.shape, vt.shape], [[m, k], [k], [k, n]], name)
      LinalgCheck.close(s, c.svdS, atol: 1e-12, "\(name) S")
      let us = try Tensor.binary(.mul, u, s.reshaped([1, k]))
      LinalgCheck.close(try Tensor.matmul(us, vt), [m, n], a.doubles, atol: 1e-12, "\(name) USV")
      try LinalgCheck.orthonormalColumns(u, "\(name) U")
      try LinalgCheck.orthonormalColumns(LinalgCheck.mT(vt), "\(name) Vt")

      let (uf, sf, vtf) = try Tensor.svd(a, fullMatrices: true)
      XCTAssertEqual([uf.shape, sf.shape, vtf.shape], [[m, m], [k], [n, n]], name)
      try LinalgCheck.orthonormalColumns(uf, "\(name) full U")
      try LinalgCheck.orthonormalColumns(LinalgCheck.mT(vtf), "\(name) full Vt")
      LinalgCheck.close(sf, c.svdS, atol: 1e-12, "\(name) full S")
    }
  }

  func testEighValuesAndVectors() throws {
    for (name, c) in LinalgCheck.having(\.eighValues) {
      let sym = try XCTUnwrap(c.sym).tensor
      let (w, v) = try Tensor.eigh(sym)
      LinalgCheck.close(w, c.eighValues, "\(name) eigenvalues")
      let n = sym.shape[sym.rank - 1]
      // A V = V diag(w), column by column, for every matrix of the stack.
      let av = try Tensor.matmul(sym, v)
      let vw = try Tensor.binary(.mul, v, w.reshaped(Array(w.shape.dropLast()) + [1, n]))
      LinalgCheck.close(av, vw.shape, vw.doubles, atol: 1e-12, "\(name) A V = V diag(w)")
      try LinalgCheck.orthonormalColumns(v, "\(name) eigenvectors")
      let ws = w.doubles
      for i in 1..<ws.count where i % n != 0 { XCTAssertLessThanOrEqual(ws[i - 1], ws[i]) }
    }
  }

  func testCholeskyLowerAndUpper() throws {
    for (name, c) in LinalgCheck.having(\.cholesky) {
      let spd = try XCTUnwrap(c.spd).tensor
      let l = try Tensor.cholesky(spd)
      LinalgCheck.close(l, c.cholesky, "\(name) cholesky")
      let u = try Tensor.cholesky(spd, upper: true)
      LinalgCheck.close(u, l.shape, try LinalgCheck.mT(l).doubles, "\(name) upper")
    }
  }

  func testPinv() throws {
    for (name, c) in LinalgCheck.having(\.pinv) {
      LinalgCheck.close(try Tensor.pinv(c.a.tensor), c.pinv, atol: 1e-12, "\(name) pinv")
    }
  }

  func testLstsqVectorAndMatrixRightHandSides() throws {
    for (name, c) in LinalgCheck.having(\.lstsq) {
      for (rhs, expected) in [(c.b, c.lstsq), (c.bm, c.lstsqM)] {
        let e = try XCTUnwrap(expected)
        let b = try XCTUnwrap(rhs).tensor
        let r = try Tensor.lstsq(c.a.tensor, b)
        LinalgCheck.close(r.x, e.x, "\(name) lstsq x (b rank \(b.rank))")
        LinalgCheck.close(r.residuals, e.residuals, "\(name) lstsq residuals (b rank \(b.rank))")
        XCTAssertEqual(r.rank, e.rank, "\(name) lstsq rank")
        LinalgCheck.close(r.s, e.s, atol: 1e-12, "\(name) lstsq s")
      }
    }
  }

  func testBatchedFactorisationsAgainstNumPy() throws {
    let c = try XCTUnwrap(LinalgCheck.cases["batch2x3x3"])
    let a = c.a.tensor
    LinalgCheck.close(try Tensor.svd(a).s, c.svdS, "batched S")
    let (u, s, vt) = try Tensor.svd(a)
    let usv = try Tensor.matmul(try Tensor.binary(.mul, u, s.reshaped([2, 1, 3])), vt)
    LinalgCheck.close(usv, a.shape, a.doubles, atol: 1e-12, "batched USV")
    let (q, r) = try Tensor.qr(a)
    LinalgCheck.close(try Tensor.matmul(q, r), a.shape, a.doubles, atol: 1e-12, "batched QR")
    try LinalgCheck.orthonormalColumns(q, "batched Q")
  }
}
