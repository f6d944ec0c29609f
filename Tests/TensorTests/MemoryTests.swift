// Tests for the one checked allocation path: sizes from shapes, the memory limit, MemoryError.

import XCTest

@testable import Tensor

final class MemoryTests: XCTestCase {
  func testByteCountOfOrdinaryShapes() throws {
    XCTAssertEqual(try Shape.byteCount([], .f64), 8)
    XCTAssertEqual(try Shape.byteCount([2, 3], .f32), 24)
    XCTAssertEqual(try Shape.byteCount([5], .bool), 5)
    XCTAssertEqual(try Shape.byteCount([0, 7], .i64), 0)
  }

  func testNegativeDimensionIsValueError() {
    XCTAssertThrowsError(try Shape.byteCount([2, -1], .f64)) { error in
      XCTAssertEqual("\(error)", "ValueError: negative dimension -1")
    }
  }

  func testTooLargeAndOverflowAreMemoryErrors() {
    XCTAssertThrowsError(try Tensor(allocating: [1_000_000, 1_000_000], dtype: .f64)) { error in
      XCTAssertEqual(
        "\(error)",
        "MemoryError: cannot allocate 8000000000000 bytes for a tensor of shape "
          + "[1000000, 1000000] (f64)")
    }
    XCTAssertThrowsError(try Shape.byteCount([1 << 32, 1 << 32], .f64)) { error in
      XCTAssertEqual(
        "\(error)",
        "MemoryError: cannot allocate 1.4757395258967641e+20 bytes for a tensor of shape "
          + "[4294967296, 4294967296] (f64)")
    }
    // As NumPy, the non-zero dimensions may not overflow even when another one is zero.
    XCTAssertThrowsError(try Shape.byteCount([1 << 40, 1 << 40, 0], .f64))
    // The item size counts: 2^61 elements fit an Int, their f64 bytes do not.
    XCTAssertThrowsError(try Shape.byteCount([1 << 61], .f64))
  }

  func testPolicy() {
    let gib = 1 << 30
    XCTAssertTrue(MemoryLimit.allows(100, physical: 16 * gib, available: nil))
    XCTAssertFalse(MemoryLimit.allows(17 * gib, physical: 16 * gib, available: 20 * gib))
    XCTAssertFalse(MemoryLimit.allows(8 * gib, physical: 16 * gib, available: 4 * gib))
    XCTAssertTrue(MemoryLimit.allows(8 * gib, physical: 16 * gib, available: 9 * gib))
    // Under 1 GiB the memory available now is not consulted; unknown availability allows.
    XCTAssertTrue(MemoryLimit.allows(gib - 1, physical: 16 * gib, available: 0))
    XCTAssertTrue(MemoryLimit.allows(8 * gib, physical: 16 * gib, available: nil))
    XCTAssertGreaterThan(MemoryLimit.physical, 0)
  }

  func testMeminfoParsing() {
    let text = """
      MemTotal:       24000000 kB
      MemFree:         1000000 kB
      MemAvailable:   20000000 kB
      SwapTotal:       2000000 kB
      SwapFree:        1500000 kB
      """
    XCTAssertEqual(MemoryLimit.available(meminfo: text), (20_000_000 + 1_500_000) * 1024)
    XCTAssertNil(MemoryLimit.available(meminfo: "MemTotal: 1 kB"))
    XCTAssertNotNil(MemoryLimit.available())
  }

  func testSmallAllocationsStillWork() throws {
    var t = try Tensor(allocating: [3], dtype: .f64)
    t.withMutableElements(as: Double.self) { p in for i in 0..<3 { p[i] = Double(i) } }
    XCTAssertEqual(t.doubles, [0, 1, 2])
    let empty = try Tensor(allocating: [0, 4], dtype: .bool)
    XCTAssertEqual(empty.count, 0)
    let big = try Tensor(allocating: [1 << 20], dtype: .f64)  // the huge-page path
    XCTAssertEqual(Int(bitPattern: big.buffer.raw) % (2 << 20), 0)
  }

  func testBroadcastResultIsChecked() {
    let a = Tensor(shape: [1_000_000, 1], f64: [Double](repeating: 1, count: 1_000_000))
    let b = a.reshaped([1, 1_000_000])
    XCTAssertThrowsError(try Tensor.binary(.add, a, b)) { error in
      XCTAssertEqual((error as? TensorError)?.kind, "MemoryError")
    }
    XCTAssertThrowsError(try Tensor.matmul(a, b))
    XCTAssertThrowsError(try Tensor.outer(a, b))
  }
}
