// Tests for Sources/Tensor/Strings.swift: the str dtype's interning, comparisons, ordering,
// unique, the `isin` hook, and that element-moving kernels (gather, mask, concat) keep strings.
import XCTest

@testable import Tensor

final class StringsTests: XCTestCase {
  func testRoundTripAndInterning() {
    let t = Tensor(strings: ["b", "a", "b", "é"])
    XCTAssertEqual(t.dtype, .str)
    XCTAssertEqual(t.strings, ["b", "a", "b", "é"])
    XCTAssertEqual(t.stringCodes[0], t.stringCodes[2])
    XCTAssertEqual(t.string(at: 3), "é")
    XCTAssertTrue(t.doubles.allSatisfy(\.isNaN))
  }

  func testEqualityAndOrderingBroadcast() throws {
    let t = Tensor(strings: ["b", "a", "c"])
    let eq = try Tensor.binary(.eq, t, Tensor(shape: [], strings: ["a"]))
    XCTAssertEqual(eq.withElements(as: Bool.self) { Array($0) }, [false, true, false])
    let lt = try Tensor.binary(.lt, t, Tensor(shape: [], strings: ["b"]))
    XCTAssertEqual(lt.withElements(as: Bool.self) { Array($0) }, [false, true, false])
    let ge = try Tensor.binary(.ge, t, Tensor(shape: [], strings: ["b"]))
    XCTAssertEqual(ge.withElements(as: Bool.self) { Array($0) }, [true, false, true])
    // Against a number: == all false, != all true (NumPy 2); arithmetic is a TypeError.
    let ne = try Tensor.binary(.ne, t, Tensor(scalar: 1))
    XCTAssertEqual(ne.withElements(as: Bool.self) { Array($0) }, [true, true, true])
    XCTAssertThrowsError(try Tensor.binary(.add, t, t))
    XCTAssertThrowsError(try Tensor.binary(.lt, t, Tensor(scalar: 1)))
  }

  func testSortUniqueAndIsin() {
    // Unicode scalar order: "B" < "a" < "ab" < "é".
    let t = Tensor(strings: ["ab", "é", "a", "B", "a"])
    XCTAssertEqual(t.stringSortOrder(), [3, 2, 4, 0, 1])
    let u = t.stringUnique()
    XCTAssertEqual(u.values.strings, ["B", "a", "ab", "é"])
    XCTAssertEqual(u.inverse, [2, 3, 1, 0, 1])
    XCTAssertEqual(u.first, [3, 2, 0, 1])
    let m = t.isin(strings: ["a", "é", "zzz"])
    XCTAssertEqual(m.withElements(as: Bool.self) { Array($0) }, [false, true, true, false, true])
    XCTAssertEqual(
      t.isin(Tensor(scalar: 1)).withElements(as: Bool.self) { Array($0) },
      [
        false, false, false, false, false,
      ])
  }

  func testMovingKernelsKeepStrings() throws {
    let t = Tensor(strings: ["x", "y", "z"])
    XCTAssertEqual(try t.index([.gather([2, 0])]).strings, ["z", "x"])
    XCTAssertEqual(
      try t.index([.mask(Tensor(shape: [3], bool: [true, false, true]))]).strings, ["x", "z"])
    XCTAssertEqual(
      try Tensor.concat([t, Tensor(strings: ["w"])], axis: 0).strings,
      [
        "x", "y", "z", "w",
      ])
    XCTAssertThrowsError(try Tensor.concat([t, Tensor(shape: [1], f64: [1])], axis: 0))
    XCTAssertEqual(t.reshaped([3, 1]).strings, ["x", "y", "z"])
    XCTAssertEqual(Tensor(shape: [2], f64: [1, 2.5]).astype(.str).strings, ["1", "2.5"])
    XCTAssertThrowsError(try Tensor.matmul(t, t))
  }
}

extension StringsTests {
  func testFileFormatsRejectStr() {
    let t = Tensor(strings: ["a"])
    XCTAssertThrowsError(try Npz.encode([("a", t)]))
    XCTAssertThrowsError(try Safetensors.encode([("a", t)]))
    XCTAssertThrowsError(try Npy.write(t, to: "/tmp/fsl_str_test.npy"))
  }
}
