// Shared helpers for the IO tests: fixtures and their JSON expectations, error and fuzz checks.

import Foundation
import TestSupport
import XCTest

@testable import Tensor

/// The files in Tests/fixtures/io (made by scripts/oracles/io_fixtures.py).
enum IOFixtures {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("fixtures/io").path

  static func path(_ name: String) -> String { directory + "/" + name }

  static func bytes(_ name: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: path(name))))
  }

  /// io_expected.json, decoded once.
  static let expected: [String: ExpectedFixture] = {
    guard let data = try? Data(contentsOf: URL(fileURLWithPath: path("io_expected.json"))),
      let decoded = try? JSONDecoder().decode([String: ExpectedFixture].self, from: data)
    else {
      XCTFail("cannot decode Tests/fixtures/io/io_expected.json")
      return [:]
    }
    return decoded
  }()

  static func expectation(_ name: String) throws -> ExpectedFixture {
    try XCTUnwrap(expected[name], "no expectation for \(name)")
  }
}

/// A JSON scalar of the expectations; "nan", "inf" and "-inf" stand for those floats.
enum Scalar: Decodable, Equatable {
  case bool(Bool)
  case int(Int64)
  case uint(UInt64)
  case double(Double)
  case string(String)

  init(from decoder: Decoder) throws {
    let c = try decoder.singleValueContainer()
    if let v = try? c.decode(Bool.self) {
      self = .bool(v)
    } else if let v = try? c.decode(Int64.self) {
      self = .int(v)
    } else if let v = try? c.decode(UInt64.self) {
      self = .uint(v)
    } else if let v = try? c.decode(Double.self) {
      self = .double(v)
    } else {
      self = .string(try c.decode(String.self))
    }
  }

  var double: Double {
    switch self {
    case .bool(let v): return v ? 1 : 0
    case .int(let v): return Double(v)
    case .uint(let v): return Double(v)
    case .double(let v): return v
    case .string(let s): return s == "nan" ? .nan : s == "inf" ? .infinity : -.infinity
    }
  }

  var int64: Int64? {
    switch self {
    case .bool(let v): return v ? 1 : 0
    case .int(let v): return v
    case .uint(let v): return Int64(exactly: v)
    case .double(let v): return Int64(exactly: v)
    case .string: return nil
    }
  }
}

/// One expected tensor (npy fixtures are one of these at the top level).
struct ExpectedTensor: Decodable {
  var name: String?
  var type: String?
  var dtype: String
  var shape: [Int]
  var values: [Scalar]
}

/// One expected GGUF metadata pair.
struct ExpectedKV: Decodable {
  enum Value: Decodable {
    case scalar(Scalar)
    case list([Scalar])

    init(from decoder: Decoder) throws {
      let c = try decoder.singleValueContainer()
      if let list = try? c.decode([Scalar].self) {
        self = .list(list)
      } else {
        self = .scalar(try c.decode(Scalar.self))
      }
    }
  }

  var key: String
  var type: String
  var element: String?
  var value: Value
}

/// The expectation for one fixture file; which fields are set depends on the format.
struct ExpectedFixture: Decodable {
  var dtype: String?
  var shape: [Int]?
  var values: [Scalar]?
  var arrays: [ExpectedTensor]?
  var metadata: [String: String]?
  var tensors: [ExpectedTensor]?
  var version: Int?
  var alignment: Int?
  var kv: [ExpectedKV]?

  /// The npy-style top level as a tensor expectation.
  var tensor: ExpectedTensor? {
    guard let dtype, let shape, let values else { return nil }
    return ExpectedTensor(dtype: dtype, shape: shape, values: values)
  }
}

/// Asserts `tensor` has the expected dtype, shape and values (floats exact up to `rtol`,
/// NaN matching NaN; integers and bools exactly).
func assertTensor(
  _ tensor: Tensor, _ expected: ExpectedTensor, rtol: Double = 0, _ label: String,
  file: StaticString = #filePath, line: UInt = #line
) {
  XCTAssertEqual(tensor.dtype.rawValue, expected.dtype, "\(label): dtype", file: file, line: line)
  XCTAssertEqual(tensor.shape, expected.shape, "\(label): shape", file: file, line: line)
  guard tensor.count == expected.values.count else {
    XCTFail(
      "\(label): \(tensor.count) values, expected \(expected.values.count)", file: file, line: line)
    return
  }
  switch tensor.dtype {
  case .i64:
    let got = tensor.withElements(as: Int64.self) { Array($0) }
    XCTAssertEqual(got, expected.values.map(\.int64), "\(label): values", file: file, line: line)
  case .bool:
    let got = tensor.withElements(as: Bool.self) { Array($0) }
    XCTAssertEqual(
      got, expected.values.map { $0.double != 0 }, "\(label): values", file: file, line: line)
  case .str:
    XCTFail("\(label): a str tensor", file: file, line: line)
  case .f64, .f32:
    assertClose(
      tensor.doubles, expected.values.map(\.double), rtol: rtol, label, file: file, line: line)
  }
}

/// Asserts that `body` throws an error whose description is exactly `message`.
func assertThrows<T>(
  _ message: String, file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> T
) {
  do {
    _ = try body()
    XCTFail("no error; expected: \(message)", file: file, line: line)
  } catch {
    XCTAssertEqual("\(error)", message, file: file, line: line)
  }
}

/// Writes little-endian integers into a copy of some bytes (for building corrupt files).
func patched(_ bytes: [UInt8], at offset: Int, _ values: [UInt8]) -> [UInt8] {
  var out = bytes
  out.replaceSubrange(offset..<offset + values.count, with: values)
  return out
}

func le64(_ value: UInt64) -> [UInt8] { withUnsafeBytes(of: value.littleEndian, Array.init) }
func le32(_ value: UInt32) -> [UInt8] { withUnsafeBytes(of: value.littleEndian, Array.init) }
func le16(_ value: UInt16) -> [UInt8] { withUnsafeBytes(of: value.littleEndian, Array.init) }

/// A temporary directory removed when the test ends.
func temporaryDirectory(_ test: XCTestCase) throws -> String {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("fsl-io-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
  return url.path
}

/// A tensor of `dtype` and `shape` with distinct, varied values.
func sampleTensor(_ dtype: DType, _ shape: [Int]) -> Tensor {
  let n = shape.reduce(1, *)
  switch dtype {
  case .f64: return Tensor(shape: shape, f64: (0..<n).map { Double($0) * 1.5 - 2.25 })
  case .f32: return Tensor(shape: shape, f32: (0..<n).map { Float($0) * 0.1 - 1 })
  case .i64: return Tensor(shape: shape, i64: (0..<n).map { Int64($0) * 7_000_000_001 - 3 })
  case .bool: return Tensor(shape: shape, bool: (0..<n).map { $0 % 3 == 0 })
  case .str: return Tensor(shape: shape, strings: (0..<n).map { "s\($0 % 5)" })
  }
}

/// Whether two tensors have the same dtype, shape and bytes.
func identical(_ a: Tensor, _ b: Tensor) -> Bool {
  a.dtype == b.dtype && a.shape == b.shape
    && a.withUnsafeBytes { x in b.withUnsafeBytes { y in Array(x) == Array(y) } }
}

/// The shapes every round trip covers: rank 0, empty axes, length-1 axes.
let roundTripShapes: [[Int]] = [
  [], [0], [1], [5], [2, 3], [1, 4, 1], [2, 0, 3], [3, 1], [0, 0],
]
