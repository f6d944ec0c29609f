// Integer division kernels: the one quotient that overflows wraps as NumPy's does.

import XCTest

@testable import Tensor

final class IntegerDivisionTests: XCTestCase {
  func testIntegerDivisionOfMinByMinusOneWraps() throws {
    let m = Tensor(shape: [2], i64: [.min, 7])
    let d = Tensor(shape: [1], i64: [-1])
    XCTAssertEqual(
      try Tensor.binary(.floorDiv, m, d).withElements(as: Int64.self) { Array($0) },
      [.min, -7])
    XCTAssertEqual(
      try Tensor.binary(.mod, m, d).withElements(as: Int64.self) { Array($0) }, [0, 0])
    let z = Tensor(shape: [1], i64: [0])
    XCTAssertEqual(
      try Tensor.binary(.floorDiv, m, z).withElements(as: Int64.self) { Array($0) },
      [0, 0])
  }
}
