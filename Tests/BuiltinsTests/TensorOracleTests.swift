// Oracle tests for the tensor builtins (docs/tensors.md) against NumPy.
//
// Tests/fixtures/tensor_ops.json comes from scripts/oracles/tensor_ops.py. Each case runs the
// fixture's prelude, the case's statements and `out_r = (expr)`, then prints the result's kind,
// dtype, shape and every element with `repr` (shortest round-trip, so nothing is lost).
// Floats compare with rtol 1e-12 (1e-6 for f32), i64 and bool exactly, nan equal to nan.
// Documented FSL decision (docs/tensors.md): a rank-0 result comes back as a number (or bool),
// so when NumPy gives shape [] any scalar dtype is accepted and only the value is compared.
// Cases listed in `known_mismatches` are known bugs: the test asserts they still mismatch.

import Foundation
import TestSupport
import XCTest

/// One oracle case: statements, the expression, and NumPy's result or the expected error.
struct OracleCase: Decodable {
  let pre: String
  let expr: String
  let shape: [Int]?
  let dtype: String?
  let values: [FixtureScalar]?
  let error: String?

  /// The case as a user would write it, for messages and the known-mismatch list.
  var source: String { pre.isEmpty ? expr : pre + "\n" + expr }
}

/// The fixture file.
struct OracleFile: Decodable {
  let prelude: String
  let cases: [OracleCase]
  let knownMismatches: [String]
}

/// What FSL produced for a case, parsed from the printed lines.
struct OracleOutcome {
  var kind = ""
  var dtype = ""
  var shape: [Int] = []
  var values: [Double] = []
  var error: String?

  /// A short human-readable form for failure messages.
  var summary: String {
    if let error { return "error \(error)" }
    let vals = values.prefix(24).map { OracleOutcome.format($0) }.joined(separator: ", ")
    let text = "\(dtype) \(shape) [\(vals)\(values.count > 24 ? ", …" : "")]"
    return kind.isEmpty ? text : "\(kind) \(text)"
  }

  static func format(_ d: Double) -> String {
    if d.isNaN { return "nan" }
    if d.isInfinite { return d > 0 ? "inf" : "-inf" }
    if d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) }
    return "\(d)"
  }
}

enum TensorOracle {
  static let file: OracleFile? = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("fixtures/tensor_ops.json")
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    guard let data = try? Data(contentsOf: url) else { return nil }
    return try? decoder.decode(OracleFile.self, from: data)
  }()

  /// The code appended to each case to print its result in a machine-readable form.
  static let epilogue = """
    out_t = tensor(out_r)
    print("@kind", type(out_r))
    print("@dtype", out_t.dtype)
    print("@shape", out_t.shape)
    for out_v in flatten(out_t) print("@v", repr(out_v)) end
    """

  /// Runs one case in a fresh interpreter.
  static func run(_ c: OracleCase, prelude: String) -> OracleOutcome {
    var src = prelude
    if !c.pre.isEmpty { src += c.pre + "\n" }
    src += "out_r = (\(c.expr))\n" + epilogue + "\n"
    let res = runFSL(src)
    var out = OracleOutcome()
    if let e = res.error {
      out.error = e
      return out
    }
    let printed = TaggedOutput(res.output)
    (out.kind, out.dtype, out.shape) = (printed.kind, printed.dtype, printed.shape)
    out.values = printed.numbers("@v")
    return out
  }

  /// Compares FSL's outcome with NumPy's; returns a description of the mismatch, or nil.
  static func mismatch(_ c: OracleCase, _ got: OracleOutcome) -> String? {
    if let want = c.error {
      guard let err = got.error else { return "expected error '\(want)', got \(got.summary)" }
      return want.isEmpty || err.contains(want) ? nil : "expected error '\(want)', got '\(err)'"
    }
    guard let shape = c.shape, let dtype = c.dtype, let values = c.values else {
      return "malformed fixture case"
    }
    var expected = OracleOutcome()
    (expected.dtype, expected.shape, expected.values) = (dtype, shape, values.map(\.double))
    let want = expected.summary
    if got.error != nil { return "NumPy: \(want); FSL: \(got.summary)" }
    // Documented decision: rank-0 results are numbers (or bools), whatever NumPy's dtype.
    let scalar = shape.isEmpty && (got.kind == "number" || got.kind == "bool")
    if !scalar && (got.dtype != dtype || got.shape != shape || got.kind != "tensor") {
      return "NumPy: \(want); FSL: \(got.summary)"
    }
    if got.values.count != values.count { return "NumPy: \(want); FSL: \(got.summary)" }
    let rtol = dtype == "f32" ? 1e-6 : 1e-12
    let exact = (dtype == "i64" || dtype == "bool") && !scalar
    for (g, w) in zip(got.values, values.map(\.double)) where !close(g, w, rtol, exact) {
      return "NumPy: \(want); FSL: \(got.summary)"
    }
    return nil
  }

  static func close(_ g: Double, _ w: Double, _ rtol: Double, _ exact: Bool) -> Bool {
    if g.isNaN || w.isNaN { return g.isNaN && w.isNaN }
    if exact || g.isInfinite || w.isInfinite { return g == w }
    return abs(g - w) <= rtol * max(abs(w), abs(g)) || abs(g - w) <= 1e-300
  }
}

final class TensorOracleTests: XCTestCase {
  func testFixtureLoads() throws {
    let file = try XCTUnwrap(TensorOracle.file, "cannot decode Tests/fixtures/tensor_ops.json")
    XCTAssertGreaterThanOrEqual(file.cases.count, 250)
    let sources = Set(file.cases.map(\.source))
    for known in file.knownMismatches {
      XCTAssertTrue(sources.contains(known), "known mismatch is not a case: \(known)")
    }
  }

  func testCasesMatchNumPy() throws {
    let file = try XCTUnwrap(TensorOracle.file, "cannot decode Tests/fixtures/tensor_ops.json")
    let known = Set(file.knownMismatches)
    var passed = 0
    var failed = 0
    for c in file.cases where !known.contains(c.source) {
      let got = TensorOracle.run(c, prelude: file.prelude)
      if let why = TensorOracle.mismatch(c, got) {
        failed += 1
        XCTFail("MISMATCH `\(c.source)`: \(why)")
      } else {
        passed += 1
      }
    }
    print("TensorOracle: \(passed) passed, \(failed) failed, \(known.count) known mismatches")
  }

  func testKnownMismatchesStillMismatch() throws {
    let file = try XCTUnwrap(TensorOracle.file, "cannot decode Tests/fixtures/tensor_ops.json")
    let known = Set(file.knownMismatches)
    for c in file.cases where known.contains(c.source) {
      let got = TensorOracle.run(c, prelude: file.prelude)
      if let why = TensorOracle.mismatch(c, got) {
        print("KNOWN BUG `\(c.source)`: \(why)")
      } else {
        XCTFail("`\(c.source)` now matches NumPy: remove it from known_mismatches")
      }
    }
  }
}
