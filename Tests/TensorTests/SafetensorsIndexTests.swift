// Tests for Sources/Tensor/IO/Safetensors+Index.swift: tensors on demand and float32 arrays
// converted straight from the file's bytes (mapped for large files).

import FileOut
import Foundation
import TestSupport
import XCTest

@testable import Tensor

final class SafetensorsIndexTests: XCTestCase {
  /// The float32 value of every element of a floating-point tensor, as bit patterns.
  func floatBits(_ t: Tensor) -> [UInt32] {
    switch t.dtype {
    case .f32: return t.withElements(as: Float.self) { $0.map(\.bitPattern) }
    case .f64: return t.withElements(as: Double.self) { $0.map { Float($0).bitPattern } }
    default: return []
    }
  }

  func testFloatsMatchTheDecodedTensors() throws {
    for name in ["reference.safetensors", "mixed.safetensors"] {
      let path = IOFixtures.path(name)
      let index = try Safetensors.index(contentsOf: path)
      let file = try Safetensors.read(contentsOf: path)
      XCTAssertEqual(index.names, file.tensors.map(\.name), name)
      var floating: [String] = []
      for (tensorName, tensor) in file.tensors {
        XCTAssertEqual(index.shape(of: tensorName), tensor.shape, tensorName)
        XCTAssertEqual(index.dtype(of: tensorName), tensor.dtype, tensorName)
        XCTAssertTrue(try identical(XCTUnwrap(index.tensor(named: tensorName)), tensor))
        guard tensor.dtype == .f32 || tensor.dtype == .f64 else { continue }
        floating.append(tensorName)
        XCTAssertEqual(
          index.floats([tensorName]).map(\.bitPattern), floatBits(tensor), tensorName)
      }
      // Several tensors stacked: each one's elements in turn.
      let stacked = file.tensors.filter { floating.contains($0.name) }.flatMap {
        floatBits($0.tensor)
      }
      XCTAssertEqual(index.floats(floating).map(\.bitPattern), stacked, name)
      XCTAssertNil(try index.tensor(named: "absent"))
      XCTAssertNil(index.shape(of: "absent"))
    }
  }

  func testLargeFilesAreMappedAndConvertedOnce() throws {
    // 2 MiB of f64 (mapped) and an f32 tensor: the floats are the values rounded to float32.
    let doubles = (0..<262_144).map { Double($0) * 1.000_000_1 - 7.5 }
    let singles = (0..<1000).map { Float($0) / 3 }
    let tensors = [
      ("d", Tensor(shape: [512, 512], f64: doubles)), ("s", Tensor(shape: [1000], f32: singles)),
    ]
    let path = try temporaryDirectory(self) + "/big.safetensors"
    try Safetensors.write(tensors, to: path)
    let index = try Safetensors.index(contentsOf: path)
    XCTAssertTrue(index.contents.isMapped)
    XCTAssertEqual(index.floats(["d"]), doubles.map { Float($0) })
    XCTAssertEqual(index.floats(["s", "d"]), singles + doubles.map { Float($0) })
    let file = try Safetensors.read(contentsOf: path)
    XCTAssertTrue(identical(file.tensors[0].tensor, tensors[0].1))
  }

  func testHeaderErrorsAreThoseOfRead() throws {
    let good = try IOFixtures.bytes("reference.safetensors")
    let path = try temporaryDirectory(self) + "/cut.safetensors"
    try AtomicFile.write(Array(good.dropLast(4)), to: path)
    var expected = ""
    XCTAssertThrowsError(try Safetensors.read(contentsOf: path)) { expected = "\($0)" }
    XCTAssertThrowsError(try Safetensors.index(contentsOf: path)) {
      XCTAssertEqual("\($0)", expected)
    }
    XCTAssertFalse(expected.isEmpty)
  }
}
