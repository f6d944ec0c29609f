// Tests for Sources/Tensor/IO/Npz.swift and Zip.swift: np.savez / np.savez_compressed fixtures,
// round trips, corrupt archives.

import Foundation
import TestSupport
import XCTest

@testable import Tensor

final class NpzTests: XCTestCase {
  func testReadsNpSavezAndNpSavezCompressed() throws {
    for name in ["stored.npz", "compressed.npz"] {
      let arrays = try Npz.read(contentsOf: IOFixtures.path(name))
      let expected = try XCTUnwrap(try IOFixtures.expectation(name).arrays)
      XCTAssertEqual(arrays.map(\.name), expected.map { $0.name ?? "" }, name)
      for (got, want) in zip(arrays, expected) {
        assertTensor(got.tensor, want, "\(name): \(got.name)")
      }
    }
  }

  func testRoundTripsEveryDtypeAndShape() throws {
    var arrays: [(name: String, tensor: Tensor)] = []
    for dtype in DType.allCases where dtype != .str {  // str: not a file dtype
      for shape in roundTripShapes {
        arrays.append(("\(dtype)_\(shape.count)_\(arrays.count)", sampleTensor(dtype, shape)))
      }
    }
    arrays.append(("naïve/name", Tensor(scalar: 4)))
    let directory = try temporaryDirectory(self)
    try Npz.write(arrays, to: directory + "/a.npz")
    for read in [
      try Npz.read(bytes: Npz.encode(arrays)), try Npz.read(contentsOf: directory + "/a.npz"),
    ] {
      XCTAssertEqual(read.map(\.name), arrays.map(\.name))
      for (got, want) in zip(read, arrays) {
        XCTAssertTrue(identical(got.tensor, want.tensor), want.name)
      }
    }
    XCTAssertEqual(try Npz.read(bytes: Npz.encode([])).count, 0)
  }

  func testWriterRejectsDuplicateNamesWithoutTouchingTheFile() throws {
    let directory = try temporaryDirectory(self)
    let path = directory + "/a.npz"
    let one = Tensor(scalar: 1)
    assertThrows("\(path): cannot write: two arrays named 'x'") {
      try Npz.write([("x", one), ("x", one)], to: path)
    }
    XCTAssertFalse(FileManager.default.fileExists(atPath: path))
  }

  func testCorruptArchivesNameFileOffsetAndExpectation() throws {
    let good = try IOFixtures.bytes("stored.npz")
    assertThrows(
      "x.npz: at byte 2859: expected a zip end-of-central-directory record (not a zip "
        + "archive?)"
    ) { try Npz.read(bytes: Array(good.dropLast(10)), name: "x.npz") }
    assertThrows(
      "x.npz: at byte 0: expected a zip end-of-central-directory record, found only 5 bytes left"
    ) {
      try Npz.read(bytes: Array(good[..<5]), name: "x.npz")
    }
    // A flipped data byte fails the CRC check; the offset is the member's data.
    let dataStart = 30 + "weights.npy".utf8.count + 20  // local header, name, zip64 extra
    assertThrows(
      "x.npz: at byte \(dataStart): expected CRC-32 0x2dacf273 for 'weights.npy', found 0xd318295f"
    ) {
      try Npz.read(bytes: patched(good, at: dataStart + 140, [0x55]), name: "x.npz")
    }
  }

  func testZip64AndUnknownMethodsFailCleanly() throws {
    let good = try Npz.encode([("a", Tensor(scalar: 1))])
    let end = good.count - 22
    assertThrows(
      "x.npz: at byte \(end): expected a zip archive without zip64 records (zip64 is not "
        + "supported)"
    ) { try Npz.read(bytes: patched(good, at: end + 10, [0xff, 0xff]), name: "x.npz") }
    let central = Int(good[end + 16]) | Int(good[end + 17]) << 8
    assertThrows(
      "x.npz: at byte \(central + 10): expected a stored or deflated member (method 0 or 8), "
        + "found method 12 for 'a.npy'"
    ) { try Npz.read(bytes: patched(good, at: central + 10, [12, 0]), name: "x.npz") }
  }

  func testCorruptMemberNamesTheMember() throws {
    var bytes = try Npz.encode([("a", Tensor(scalar: 1))])
    bytes[30 + 5 + 6] = 9  // the member's npy major version
    // Recompute the CRC so only the inner file is wrong.
    let member = Array(bytes[35..<35 + 136])
    let fixed = member.withUnsafeBytes { Zip.crc32(of: $0) }
    let end = bytes.count - 22
    let central = Int(bytes[end + 16]) | Int(bytes[end + 17]) << 8
    bytes = patched(bytes, at: 14, le32(fixed))
    bytes = patched(bytes, at: central + 16, le32(fixed))
    assertThrows("x.npz: a.npy: at byte 6: expected format version 1.0, 2.0 or 3.0, found 9.0") {
      try Npz.read(bytes: bytes, name: "x.npz")
    }
  }

  func testDeflatedMemberWithLyingSizeFailsCleanly() throws {
    let good = try IOFixtures.bytes("compressed.npz")
    let end = good.count - 22
    let central = Int(good[end + 16]) | Int(good[end + 17]) << 8
    // Claim the first member inflates to 4 GB − 2 bytes: it must fail without allocating that.
    let lying = patched(good, at: central + 24, le32(0xffff_fffe))
    XCTAssertThrowsError(try Npz.read(bytes: lying, name: "x.npz")) { error in
      XCTAssertTrue("\(error)".contains("inflated bytes as the zip header says, found"), "\(error)")
    }
  }
}
