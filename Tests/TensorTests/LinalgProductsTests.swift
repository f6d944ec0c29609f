// Tests for Sources/Tensor/Linalg+Products.swift: dot, outer, kron, trace (NumPy's values).

import TestSupport
import XCTest

@testable import Tensor

final class LinalgProductsTests: XCTestCase {
  private func range(_ shape: [Int]) -> Tensor {
    Tensor(shape: shape, f64: (0..<shape.reduce(1, *)).map(Double.init))
  }

  func testDotVectorsGiveRankZero() throws {
    let d = try Tensor.dot(Tensor(shape: [3], f64: [1, 2, 3]), Tensor(shape: [3], f64: [4, 5, 6]))
    XCTAssertEqual(d.shape, [])
    XCTAssertEqual(d.doubles, [32])
    let empty = try Tensor.dot(Tensor(shape: [0], f64: []), Tensor(shape: [0], f64: []))
    XCTAssertEqual(empty.shape, [])
    XCTAssertEqual(empty.doubles, [0])
  }

  func testDotMatricesAndScalars() throws {
    let a = Tensor(shape: [2, 2], f64: [1, 2, 3, 4])
    XCTAssertEqual(try Tensor.dot(a, a).doubles, [7, 10, 15, 22])
    XCTAssertEqual(try Tensor.dot(a, Tensor(shape: [2], f64: [1, 1])).doubles, [3, 7])
    XCTAssertEqual(try Tensor.dot(Tensor(shape: [2], f64: [1, 1]), a).doubles, [4, 6])
    let scaled = try Tensor.dot(Tensor(scalar: 2), a)
    XCTAssertEqual([scaled.shape, scaled.doubles.map { Int($0) }], [[2, 2], [2, 4, 6, 8]])
    XCTAssertEqual(try Tensor.dot(Tensor(scalar: 2), Tensor(scalar: 3)).doubles, [6])
  }

  func testDotHigherRankFollowsNumPy() throws {
    // np.dot(arange(24).reshape(2,3,4), arange(40).reshape(5,4,2)).shape == (2, 3, 5, 2);
    // out[1, 2, 3, 1] = sum(a[1, 2, :] * b[3, :, 1]) = 20*25 + 21*27 + 22*29 + 23*31 = 2418.
    let out = try Tensor.dot(range([2, 3, 4]), range([5, 4, 2]))
    XCTAssertEqual(out.shape, [2, 3, 5, 2])
    XCTAssertEqual(out.doubles[((1 * 3 + 2) * 5 + 3) * 2 + 1], 2418)
    // n-d · 1-d contracts the last axis: np.dot(arange(24).reshape(2,3,4), [1,1,1,1]).
    let v = try Tensor.dot(range([2, 3, 4]), Tensor(shape: [4], f64: [1, 1, 1, 1]))
    XCTAssertEqual(v.shape, [2, 3])
    XCTAssertEqual(v.doubles, [6, 22, 38, 54, 70, 86])
  }

  func testDotShapeMismatch() {
    LinalgCheck.error(
      "ShapeError", "dot: shapes [2, 3] and [4, 5] not aligned: 3 (dim 1) != 4 (dim 0)"
    ) {
      try Tensor.dot(range([2, 3]), range([4, 5]))
    }
    LinalgCheck.error("ShapeError", "dot: shapes [3] and [2] not aligned: 3 (dim 0) != 2 (dim 0)") {
      try Tensor.dot(range([3]), range([2]))
    }
  }

  func testOuterFlattensAndKeepsIntegers() throws {
    let o = try Tensor.outer(
      Tensor(shape: [2], i64: [1, 2]), Tensor(shape: [3], i64: [1, 10, 100]))
    XCTAssertEqual(o.shape, [2, 3])
    XCTAssertEqual(o.dtype, .i64)
    XCTAssertEqual(o.doubles, [1, 10, 100, 2, 20, 200])
    XCTAssertEqual(try Tensor.outer(range([2, 2]), Tensor(scalar: 3)).shape, [4, 1])
    XCTAssertEqual(try Tensor.outer(range([0]), range([3])).shape, [0, 3])
  }

  func testKron() throws {
    // np.kron([[1, 2], [3, 4]], [1, 10]) == [[1, 10, 2, 20], [3, 30, 4, 40]].
    let k = try Tensor.kron(
      Tensor(shape: [2, 2], i64: [1, 2, 3, 4]), Tensor(shape: [2], i64: [1, 10]))
    XCTAssertEqual(k.shape, [2, 4])
    XCTAssertEqual(k.doubles, [1, 10, 2, 20, 3, 30, 4, 40])
    // kron(I2, B) is block diagonal.
    let b = Tensor(shape: [2, 2], f64: [1, 2, 3, 4])
    let blocks = try Tensor.kron(Tensor(shape: [2, 2], f64: [1, 0, 0, 1]), b)
    XCTAssertEqual(blocks.shape, [4, 4])
    XCTAssertEqual(blocks.doubles, [1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 1, 2, 0, 0, 3, 4])
    XCTAssertEqual(
      try Tensor.kron(Tensor(scalar: 2), Tensor(shape: [2], f64: [1, 2])).doubles, [2, 4])
    XCTAssertEqual(try Tensor.kron(Tensor(scalar: 2), Tensor(scalar: 3)).shape, [])
    XCTAssertEqual(try Tensor.kron(range([0, 2]), range([3, 1])).shape, [0, 2])
  }

  func testTrace() throws {
    let t = try Tensor.trace(range([3, 3]))
    XCTAssertEqual([t.shape, t.doubles.map { Int($0) }], [[], [12]])
    XCTAssertEqual(try Tensor.trace(range([2, 3])).doubles, [4])
    // np.trace(arange(24).reshape(2, 3, 4)) == [16, 18, 20, 22] (diagonal of the first two axes).
    let n = try Tensor.trace(range([2, 3, 4]))
    XCTAssertEqual(n.shape, [4])
    XCTAssertEqual(n.doubles, [16, 18, 20, 22])
    let i = try Tensor.trace(Tensor(shape: [2, 2], bool: [true, false, true, true]))
    XCTAssertEqual([i.dtype], [.i64])
    XCTAssertEqual(i.doubles, [2])
    XCTAssertEqual(try Tensor.trace(Tensor(shape: [2, 2], f32: [1, 2, 3, 4])).dtype, .f32)
    XCTAssertEqual(try Tensor.trace(range([0, 0])).doubles, [0])
    LinalgCheck.error("ShapeError", "trace: 'a' must be at least 2-dimensional, got shape [3]") {
      try Tensor.trace(range([3]))
    }
  }
}
