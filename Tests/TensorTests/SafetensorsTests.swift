// Tests for Sources/Tensor/IO/Safetensors.swift (and HeaderJSON.swift): reference-writer
// fixtures, byte-identical writes, round trips, header validation.

import Foundation
import TestSupport
import XCTest

@testable import Tensor

final class SafetensorsTests: XCTestCase {
  func testFixturesReadAsExpected() throws {
    for name in ["reference.safetensors", "mixed.safetensors"] {
      let file = try Safetensors.read(contentsOf: IOFixtures.path(name))
      let expected = try IOFixtures.expectation(name)
      XCTAssertEqual(file.metadata, expected.metadata, name)
      let tensors = try XCTUnwrap(expected.tensors)
      XCTAssertEqual(file.tensors.map(\.name), tensors.map { $0.name ?? "" }, name)
      for (got, want) in zip(file.tensors, tensors) {
        assertTensor(got.tensor, want, "\(name): \(got.name)")
      }
    }
  }

  func testWritesAreByteIdenticalToTheReferenceWriter() throws {
    let bytes = try IOFixtures.bytes("reference.safetensors")
    let file = try Safetensors.read(bytes: bytes)
    XCTAssertEqual(try Safetensors.encode(file.tensors, metadata: file.metadata), bytes)
    // Order of the input does not matter: the layout is by dtype, then name.
    let reversed = Array(file.tensors.reversed())
    XCTAssertEqual(try Safetensors.encode(reversed, metadata: file.metadata), bytes)
  }

  func testRoundTripsEveryDtypeAndShape() throws {
    var tensors: [(name: String, tensor: Tensor)] = []
    for dtype in DType.allCases where dtype != .str {  // str: not a file dtype
      for shape in roundTripShapes {
        tensors.append(("t\(tensors.count)", sampleTensor(dtype, shape)))
      }
    }
    let metadata = ["a": "1", "quote\"": "line\nbreak \u{1} é ✓"]
    let directory = try temporaryDirectory(self)
    try Safetensors.write(tensors, metadata: metadata, to: directory + "/m.safetensors")
    let fromDisk = try Safetensors.read(contentsOf: directory + "/m.safetensors")
    let fromMemory = try Safetensors.read(bytes: Safetensors.encode(tensors, metadata: metadata))
    for file in [fromDisk, fromMemory] {
      XCTAssertEqual(file.metadata, metadata)
      let byName = Dictionary(uniqueKeysWithValues: file.tensors.map { ($0.name, $0.tensor) })
      XCTAssertEqual(byName.count, tensors.count)
      for (name, tensor) in tensors {
        XCTAssertTrue(byName[name].map { identical($0, tensor) } ?? false, name)
      }
    }
    let empty = try Safetensors.encode([])
    XCTAssertEqual(empty.count, 16)
    XCTAssertEqual(try Safetensors.read(bytes: empty).tensors.count, 0)
  }

  func testWriterRejectsBadNames() {
    let one = Tensor(scalar: 1)
    assertThrows("<memory>: cannot write: two tensors named 'x'") {
      try Safetensors.encode([("x", one), ("x", one)])
    }
    assertThrows("<memory>: cannot write: a tensor may not be named __metadata__") {
      try Safetensors.encode([("__metadata__", one)])
    }
  }

  /// A file with `header` (padded to 8) followed by `data`.
  private func file(_ header: String, data: Int) -> [UInt8] {
    var text = Array(header.utf8)
    text += [UInt8](repeating: 0x20, count: (8 - text.count % 8) % 8)
    return le64(UInt64(text.count)) + text + [UInt8](repeating: 0, count: data)
  }

  func testCorruptFilesNameFileOffsetAndExpectation() throws {
    let good = try IOFixtures.bytes("reference.safetensors")
    assertThrows(
      "x.st: at byte 0: expected a header size within the file (at most 471), found 1000000"
    ) {
      try Safetensors.read(bytes: patched(good, at: 0, le64(1_000_000)), name: "x.st")
    }
    assertThrows("x.st: at byte 0: expected a header size within the file, found only 3 bytes left")
    {
      try Safetensors.read(bytes: Array(good[..<3]), name: "x.st")
    }
    assertThrows(
      "x.st: at byte 0: expected a header size within the file (at most 100), found 408"
    ) { try Safetensors.read(bytes: Array(good[..<108]), name: "x.st") }
    let overlap = file(
      #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"#
        + #""b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#, data: 12)
    assertThrows(
      "x.st: at byte 108: expected \"b\" to start at data offset 8 (right after \"a\"; no gaps "
        + "or overlaps), found data_offsets [4, 12]"
    ) { try Safetensors.read(bytes: overlap, name: "x.st") }
    let outside = file(#"{"a":{"dtype":"F64","shape":[2],"data_offsets":[0,16]}}"#, data: 8)
    assertThrows(
      "x.st: at byte 55: expected \"a\" within the 8 bytes of data after the header, found "
        + "data_offsets [0, 16]"
    ) { try Safetensors.read(bytes: outside, name: "x.st") }
    let wrongSize = file(#"{"a":{"dtype":"I64","shape":[3],"data_offsets":[0,16]}}"#, data: 16)
    assertThrows(
      "x.st: at byte 55: expected data_offsets spanning the size of shape [3] for \"a\", found "
        + "[0, 16]"
    ) { try Safetensors.read(bytes: wrongSize, name: "x.st") }
    let badType = file(#"{"a":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}}"#, data: 1)
    assertThrows(
      "x.st: at byte 22: expected a dtype of F64, F32, F16, BF16, I64, I32, I16, I8, U8, U16, "
        + "U32, U64 or BOOL for \"a\", found the string \"F8_E4M3\""
    ) { try Safetensors.read(bytes: badType, name: "x.st") }
    let badJSON = file(#"{"a":{"dtype":"F32" "shape":[1]}}"#, data: 0)
    assertThrows("x.st: at byte 28: expected ',' or '}' in an object, found '\"'") {
      try Safetensors.read(bytes: badJSON, name: "x.st")
    }
    let deep = file(String(repeating: "[", count: 100_000), data: 0)
    assertThrows("x.st: at byte 72: expected JSON nested at most 64 deep, found '['") {
      try Safetensors.read(bytes: deep, name: "x.st")
    }
  }

  func testHugeShapeIsAnErrorNotAnAllocation() {
    let huge = file(
      #"{"a":{"dtype":"F64","shape":[4611686018427387904,4],"data_offsets":[0,8]}}"#, data: 8)
    assertThrows(
      "x.st: at byte 75: expected data_offsets spanning the size of shape "
        + "[4611686018427387904, 4] for \"a\", found [0, 8]"
    ) { try Safetensors.read(bytes: huge, name: "x.st") }
  }
}
