// Tests for Sources/Tensor/IO/Npy.swift: NumPy fixtures, byte-identical writes, round trips,
// corrupt files, and atomic writes (FileIO.swift).

import Foundation
import TestSupport
import XCTest

@testable import Tensor

final class NpyTests: XCTestCase {
  /// Fixtures np.save wrote for arrays FSL can hold: reading then writing gives the same bytes.
  static let savedByNumPy = [
    "f8.npy", "f4.npy", "i8.npy", "b1.npy", "rank0.npy", "empty.npy", "empty_wide.npy",
    "ones_axes.npy",
  ]

  func testEveryFixtureReadsAsNumPySays() throws {
    let names = IOFixtures.expected.keys.filter { $0.hasSuffix(".npy") }.sorted()
    XCTAssertGreaterThanOrEqual(names.count, 23)
    for name in names {
      let tensor = try Npy.read(contentsOf: IOFixtures.path(name))
      let expected = try XCTUnwrap(try IOFixtures.expectation(name).tensor, name)
      assertTensor(tensor, expected, name)
    }
  }

  func testWritesAreByteIdenticalToNpSave() throws {
    for name in Self.savedByNumPy {
      let bytes = try IOFixtures.bytes(name)
      let tensor = try Npy.read(bytes: bytes, name: name)
      XCTAssertEqual(Npy.encode(tensor), bytes, name)
    }
  }

  func testHeaderIsPaddedTo64Bytes() {
    for shape in roundTripShapes {
      let bytes = Npy.encode(sampleTensor(.f64, shape))
      let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
      XCTAssertEqual((10 + headerLength) % 64, 0, "\(shape)")
      XCTAssertEqual(bytes[10 + headerLength - 1], 0x0a)
    }
  }

  func testRoundTripsEveryDtypeAndShape() throws {
    let directory = try temporaryDirectory(self)
    for dtype in DType.allCases where dtype != .str {  // str: not a file dtype
      for shape in roundTripShapes {
        let tensor = sampleTensor(dtype, shape)
        let label = "\(dtype) \(shape)"
        XCTAssertTrue(identical(try Npy.read(bytes: Npy.encode(tensor)), tensor), label)
        let path = directory + "/t.npy"
        try Npy.write(tensor, to: path)
        XCTAssertTrue(identical(try Npy.read(contentsOf: path), tensor), label)
      }
    }
  }

  func testFortranOrderIsTransposedToRowMajor() throws {
    let tensor = try Npy.read(contentsOf: IOFixtures.path("fortran.npy"))
    XCTAssertEqual(tensor.shape, [2, 3, 4])
    XCTAssertEqual(tensor.doubles, (0..<24).map(Double.init))
    let ints = try Npy.read(contentsOf: IOFixtures.path("fortran_i4.npy"))
    XCTAssertEqual(ints.withElements(as: Int64.self) { Array($0) }, [1, 2, 3, 4, 5, 6])
  }

  func testCorruptFilesNameFileOffsetAndExpectation() throws {
    let good = try IOFixtures.bytes("f8.npy")
    assertThrows("x.npy: at byte 8: expected a header length, found end of file") {
      try Npy.read(bytes: Array(good[..<8]), name: "x.npy")
    }
    assertThrows("x.npy: at byte 0: expected the magic string \\x93NUMPY, found other bytes") {
      try Npy.read(bytes: patched(good, at: 1, [0x58]), name: "x.npy")
    }
    assertThrows("x.npy: at byte 6: expected format version 1.0, 2.0 or 3.0, found 4.0") {
      try Npy.read(bytes: patched(good, at: 6, [4]), name: "x.npy")
    }
    assertThrows(
      "x.npy: at byte 10: expected 118 header bytes, found only 50 bytes left"
    ) { try Npy.read(bytes: Array(good[..<60]), name: "x.npy") }
    assertThrows(
      "x.npy: at byte 128: expected 48 data bytes for shape [2, 3] of '<f8', found only 40 "
        + "bytes left"
    ) { try Npy.read(bytes: Array(good.dropLast(8)), name: "x.npy") }
    let complex = patched(good, at: 22, Array("c8".utf8))
    assertThrows(
      "x.npy: at byte 20: expected a dtype of f8, f4, f2, i8, i4, i2, i1, u8, u4, u2, u1 or b1, "
        + "found '<c8'"
    ) { try Npy.read(bytes: complex, name: "x.npy") }
    let noComma = patched(good, at: 25, Array(";".utf8))
    assertThrows("x.npy: at byte 25: expected ',' or '}' in the header dict, found ';'") {
      try Npy.read(bytes: noComma, name: "x.npy")
    }
    let unknownKey = patched(good, at: 12, Array("dtype".utf8))
    assertThrows(
      "x.npy: at byte 11: expected a key 'descr', 'fortran_order' or 'shape', found 'dtype'"
    ) { try Npy.read(bytes: unknownKey, name: "x.npy") }
  }

  func testHugeShapeIsAnErrorNotAnAllocation() throws {
    let header = "{'descr': '<f8', 'fortran_order': False, 'shape': (4000000000, 4000000000), }"
    var bytes = Npy.magic + [1, 0] + le16(UInt16(header.utf8.count + 1)) + Array(header.utf8)
    bytes.append(0x0a)
    assertThrows(
      "big.npy: at byte 10: expected a shape whose size fits in memory, found [4000000000, "
        + "4000000000]"
    ) { try Npy.read(bytes: bytes, name: "big.npy") }
    let big = Array(
      "{'descr': '<f8', 'fortran_order': False, 'shape': (1000000, 1000000), }".utf8)
    assertThrows(
      "big.npy: at byte 82: expected 8000000000000 data bytes for shape [1000000, 1000000] of "
        + "'<f8', found end of file"
    ) {
      try Npy.read(
        bytes: Npy.magic + [1, 0] + le16(UInt16(big.count + 1)) + big + [0x0a], name: "big.npy")
    }
  }

  func testMissingFileDirectoryAndDeviceAreReadErrors() throws {
    assertThrows("cannot read '/nonexistent/x.npy': no such file") {
      try Npy.read(contentsOf: "/nonexistent/x.npy")
    }
    let directory = try temporaryDirectory(self)
    assertThrows("cannot read '\(directory)': is a directory") {
      try Npy.read(contentsOf: directory)
    }
    assertThrows("cannot read '/dev/zero': not a regular file") {
      try Npy.read(contentsOf: "/dev/zero")
    }
  }

  // MARK: atomic writes (FileIO.writeAtomically over FileOut's AtomicFile; more in FileOutTests)

  func testWriteIntoMissingDirectoryThrowsAndLeavesNothing() throws {
    let directory = try temporaryDirectory(self)
    let path = directory + "/missing/x.npy"
    assertThrows("cannot write '\(path)': No such file or directory") {
      try Npy.write(Tensor(scalar: 1), to: path)
    }
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), [])
  }

  func testWriteReplacesExistingFileAndLeavesNoTemp() throws {
    let directory = try temporaryDirectory(self)
    let path = directory + "/x.npy"
    try Npy.write(sampleTensor(.f64, [100]), to: path)
    try Npy.write(Tensor(scalar: 2), to: path)
    XCTAssertTrue(identical(try Npy.read(contentsOf: path), Tensor(scalar: 2)))
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["x.npy"])
  }

  func testWritingOverADirectoryThrowsAndLeavesNoTemp() throws {
    let directory = try temporaryDirectory(self)
    let target = directory + "/taken"
    try FileManager.default.createDirectory(
      atPath: target + "/inside", withIntermediateDirectories: true)
    assertThrows("cannot write '\(target)': Is a directory") {
      try Npy.write(Tensor(scalar: 1), to: target)
    }
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["taken"])
  }

  func testLargeWriteStreamsAndReadsBack() throws {
    let directory = try temporaryDirectory(self)
    let path = directory + "/big.npy"
    let tensor = sampleTensor(.f64, [300_000])
    try Npy.write(tensor, to: path)
    XCTAssertTrue(identical(try Npy.read(contentsOf: path), tensor))
    XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), Data(Npy.encode(tensor)))
  }
}
