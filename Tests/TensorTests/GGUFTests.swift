// Tests for Sources/Tensor/IO/GGUF.swift, GGUFValue.swift and GGMLType.swift against fixtures
// written and dequantised by the gguf Python package.

import Foundation
import TestSupport
import XCTest

@testable import Tensor

final class GGUFTests: XCTestCase {
  /// The GGUFValue an expectation describes.
  private func value(_ kv: ExpectedKV) throws -> GGUFValue {
    func scalar(_ type: String, _ s: Scalar) throws -> GGUFValue {
      switch (type, s) {
      case ("uint8", .int(let v)): return .uint8(UInt8(v))
      case ("int8", .int(let v)): return .int8(Int8(v))
      case ("uint16", .int(let v)): return .uint16(UInt16(v))
      case ("int16", .int(let v)): return .int16(Int16(v))
      case ("uint32", .int(let v)): return .uint32(UInt32(v))
      case ("int32", .int(let v)): return .int32(Int32(v))
      case ("uint64", .uint(let v)): return .uint64(v)
      case ("uint64", .int(let v)): return .uint64(UInt64(v))
      case ("int64", .int(let v)): return .int64(v)
      case ("float32", _): return .float32(Float(s.double))
      case ("float64", _): return .float64(s.double)
      case ("bool", .bool(let v)): return .bool(v)
      case ("string", .string(let v)): return .string(v)
      default: throw FileError(path: "io_expected.json", reason: "bad value \(type) \(s)")
      }
    }
    switch kv.value {
    case .scalar(let s): return try scalar(kv.type, s)
    case .list(let items):
      let element = try XCTUnwrap(kv.element)
      let type = try XCTUnwrap(GGUFValueType.allCases.first { "\($0)" == element })
      return .array(type, try items.map { try scalar(element, $0) })
    }
  }

  func testFixturesReadAsTheGGUFPackageSays() throws {
    for name in ["model.gguf", "aligned64.gguf"] {
      let file = try GGUF.read(contentsOf: IOFixtures.path(name))
      let expected = try IOFixtures.expectation(name)
      XCTAssertEqual(file.version, expected.version)
      XCTAssertEqual(file.alignment, expected.alignment)
      XCTAssertEqual(file.dataOffset % file.alignment, 0)
      let kv = try XCTUnwrap(expected.kv)
      XCTAssertEqual(file.metadata.map(\.key), kv.map(\.key), name)
      for (got, want) in zip(file.metadata, kv) {
        XCTAssertEqual(got.value, try value(want), "\(name): \(got.key)")
        XCTAssertEqual(file[got.key], got.value)
      }
      let tensors = try XCTUnwrap(expected.tensors)
      XCTAssertEqual(file.tensorInfos.map(\.name), tensors.map { $0.name ?? "" })
      for (info, want) in zip(file.tensorInfos, tensors) {
        XCTAssertEqual(info.type.name, want.type, info.name)
        XCTAssertEqual(info.shape, want.shape, info.name)
        let tensor = try XCTUnwrap(try file.tensor(named: info.name))
        assertTensor(tensor, want, "\(name): \(info.name)")
      }
      XCTAssertEqual(try file.tensors().count, tensors.count)
      XCTAssertNil(try file.tensor(named: "absent"))
    }
  }

  func testVersion2ReadsLikeVersion3() throws {
    let bytes = patched(try IOFixtures.bytes("model.gguf"), at: 4, le32(2))
    let file = try GGUF.read(bytes: bytes)
    XCTAssertEqual(file.version, 2)
    XCTAssertEqual(try file.tensors().count, 5)
  }

  func testDequantisationMatchesHandComputedBlocks() throws {
    // One block each: d = 0.5 (f16 0x3800), m = -1 (0xBC00); bytes j = j | (15 - j) << 4.
    let nibbles = (0..<16).map { UInt8($0) | UInt8(15 - $0) << 4 }
    let q8 = (0..<32).map { UInt8(bitPattern: Int8($0 - 16)) }
    let blocks: [(GGMLType, [UInt8], [Float])] = [
      (.q80, le16(0x3800) + q8, (0..<32).map { Float($0 - 16) * 0.5 }),
      (.q40, le16(0x3800) + nibbles, (0..<32).map { Float(($0 < 16 ? $0 : 31 - $0) - 8) * 0.5 }),
      (
        .q41, le16(0x3800) + le16(0xBC00) + nibbles,
        (0..<32).map { Float($0 < 16 ? $0 : 31 - $0) * 0.5 - 1 }
      ),
    ]
    for (type, data, want) in blocks {
      let got = try gguf(tensor: "t", type: type, dims: [32], data: data).tensor(at: 0)
      XCTAssertEqual(got.withElements(as: Float.self) { Array($0) }, want, type.name)
    }
  }

  /// A minimal GGUF v3 file with one tensor and no metadata.
  private func gguf(tensor: String, type: GGMLType, dims: [UInt64], data: [UInt8]) throws
    -> GGUFFile
  {
    var bytes = Array("GGUF".utf8) + le32(3) + le64(1) + le64(0)
    bytes += le64(UInt64(tensor.utf8.count)) + Array(tensor.utf8) + le32(UInt32(dims.count))
    for dim in dims { bytes += le64(dim) }
    bytes += le32(type.rawValue) + le64(0)
    bytes += [UInt8](repeating: 0, count: (32 - bytes.count % 32) % 32) + data
    return try GGUF.read(bytes: bytes)
  }

  func testCorruptFilesNameFileOffsetAndExpectation() throws {
    let good = try IOFixtures.bytes("model.gguf")
    assertThrows("m.gguf: at byte 0: expected the magic 'GGUF', found other bytes") {
      try GGUF.read(bytes: patched(good, at: 0, [0x47, 0x47, 0x4d, 0x4c]), name: "m.gguf")
    }
    assertThrows("m.gguf: at byte 4: expected format version 2 or 3, found 1") {
      try GGUF.read(bytes: patched(good, at: 4, le32(1)), name: "m.gguf")
    }
    assertThrows(
      "m.gguf: at byte 4: expected format version 2 or 3, found a big-endian file (not "
        + "supported)"
    ) { try GGUF.read(bytes: patched(good, at: 4, le32(0x0300_0000)), name: "m.gguf") }
    assertThrows(
      "m.gguf: at byte 8: expected a tensor count that fits in the file (at most 47), found "
        + "1000000"
    ) { try GGUF.read(bytes: patched(good, at: 8, le64(1_000_000)), name: "m.gguf") }
    assertThrows(
      "m.gguf: at byte 297: expected a string length for 'fsltest.name', found only 3 bytes left"
    ) {
      try GGUF.read(bytes: Array(good[..<300]), name: "m.gguf")
    }
    assertThrows(
      "m.gguf: at byte 24: expected a metadata key length (at most 1120), found "
        + "18446744073709551615"
    ) { try GGUF.read(bytes: patched(good, at: 24, le64(.max)), name: "m.gguf") }
    assertThrows(
      "m.gguf: at byte 52: expected a value type for 'general.architecture' (0 to 12), found 99"
    ) {
      try GGUF.read(bytes: patched(good, at: 52, le32(99)), name: "m.gguf")
    }
  }

  func testTensorInfoErrors() throws {
    let file = try GGUF.read(bytes: try IOFixtures.bytes("model.gguf"))
    let good = file.bytes
    let q40 = try XCTUnwrap(file.tensorInfos.first { $0.name == "q4_0" })
    let typeAt = q40.infoOffset + 8 + 4 + 4 + 2 * 8
    // IQ4_NL has Q4_0's block layout, so the file parses but the tensor cannot be converted.
    let iq4 = try GGUF.read(bytes: patched(good, at: typeAt, le32(20)), name: "m.gguf")
    assertThrows(
      "m.gguf: at byte \(q40.infoOffset): expected a tensor type this reader converts (F32, F16, "
        + "BF16, F64, I8, I16, I32, I64, Q8_0, Q4_0, Q4_1) for 'q4_0', found IQ4_NL"
    ) { try iq4.tensor(named: "q4_0") }
    assertThrows(
      "m.gguf: at byte \(typeAt): expected a known ggml tensor type for 'q4_0', found type 77"
    ) { try GGUF.read(bytes: patched(good, at: typeAt, le32(77)), name: "m.gguf") }
    assertThrows(
      "m.gguf: at byte \(q40.infoOffset + 12): expected a first dimension that is a multiple of "
        + "256 for Q6_K 'q4_0', found [32, 3]"
    ) { try GGUF.read(bytes: patched(good, at: typeAt, le32(14)), name: "m.gguf") }
    assertThrows(
      "m.gguf: at byte \(q40.infoOffset): expected the 18000 data bytes of 'q4_0' inside the "
        + "file, found data offset 224 (file offset 768 + 224) in a 1152-byte file"
    ) { try GGUF.read(bytes: patched(good, at: typeAt - 8, le64(1000)), name: "m.gguf") }
    assertThrows(
      "m.gguf: at byte \(q40.infoOffset): expected a data offset for 'q4_0' that is a multiple "
        + "of the alignment 32, found 225"
    ) { try GGUF.read(bytes: patched(good, at: typeAt + 4, le64(225)), name: "m.gguf") }
  }
}
