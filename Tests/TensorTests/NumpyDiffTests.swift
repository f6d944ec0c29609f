// The differential test against NumPy 2 (issue 13): Tests/fixtures/numpy_diff.json holds random
// small FSL programs made by scripts/oracles/diff_numpy.py with NumPy's result for each (dtype,
// shape, values) or the kind of error FSL must raise. NumPy is not needed here.
//
// Each case leaves its result in `out_r`; the epilogue prints its kind, dtype, shape and
// elements (i64 as two exact halves, so values above 2^53 compare exactly). Floats compare with
// rtol 1e-9 (f32: 1e-5), everything else exactly; dtypes and shapes must be equal, except that a
// rank-0 result is an FSL number or bool (docs/tensors.md "Values"), whose value is compared.
// A failure prints the FSL source, to paste into `fsl -e` or a file.

import Foundation
import TestSupport
import XCTest

struct DiffCase: Decodable {
  let area: String
  let src: String
  let dtype: String?
  let shape: [Int]?
  let values: [FixtureScalar]?
  let error: String?
}

struct DiffFile: Decodable {
  let numpy: String
  let seed: Int
  let cases: [DiffCase]
}

/// What FSL printed for a case.
struct DiffOutcome {
  var kind = ""
  var dtype = ""
  var shape: [Int] = []
  var doubles: [Double] = []
  var ints: [Int64] = []
  var error: String?

  var summary: String {
    if let error { return "error \(error)" }
    let vals =
      dtype == "i64" ? ints.prefix(16).map(String.init) : doubles.prefix(16).map { "\($0)" }
    return "\(kind) \(dtype) \(shape) [\(vals.joined(separator: ", "))]"
  }
}

enum NumpyDiff {
  static let file: DiffFile? = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("fixtures/numpy_diff.json")
    guard let data = try? Data(contentsOf: url) else { return nil }
    return try? JSONDecoder().decode(DiffFile.self, from: data)
  }()

  static let epilogue = """
    out_t = tensor(out_r)
    print("@kind", type(out_r))
    print("@dtype", out_t.dtype)
    print("@shape", out_t.shape)
    if out_t.dtype == "i64"
      for out_v in flatten(out_t // 1000000000) print("@hi", repr(out_v)) end
      for out_v in flatten(out_t % 1000000000) print("@lo", repr(out_v)) end
    else
      for out_v in flatten(out_t) print("@v", repr(out_v)) end
    end
    """

  static func run(_ c: DiffCase) -> DiffOutcome {
    let res = runFSL(c.src + "\n" + epilogue + "\n")
    var out = DiffOutcome()
    if let e = res.error {
      out.error = e
      return out
    }
    let printed = TaggedOutput(res.output)
    (out.kind, out.dtype, out.shape) = (printed.kind, printed.dtype, printed.shape)
    out.doubles = printed.numbers("@v")
    let (hi, lo) = (printed.numbers("@hi").map(Int64.init), printed.numbers("@lo").map(Int64.init))
    out.ints = zip(hi, lo).map { $0 &* 1_000_000_000 &+ $1 }
    if out.dtype == "i64" { out.doubles = out.ints.map(Double.init) }
    return out
  }

  /// nil when FSL agrees with NumPy, else what differs.
  static func mismatch(_ c: DiffCase, _ got: DiffOutcome) -> String? {
    if let want = c.error {
      guard let err = got.error else { return "NumPy: \(want); FSL: \(got.summary)" }
      return err.hasPrefix(want + ":") ? nil : "NumPy: \(want); FSL: \(err)"
    }
    guard let shape = c.shape, let dtype = c.dtype, let values = c.values else {
      return "malformed case"
    }
    let shown = values.prefix(16).map { v -> String in
      if case .int(let i) = v { return String(i) }
      return "\(v.double)"
    }
    let want = "\(dtype) \(shape) [\(shown.joined(separator: ", "))]"
    if got.error != nil { return "NumPy: \(want); FSL: \(got.summary)" }
    let scalar = shape.isEmpty && (got.kind == "number" || got.kind == "bool")
    if !scalar && (got.dtype != dtype || got.shape != shape || got.kind != "tensor") {
      return "NumPy: \(want); FSL: \(got.summary)"
    }
    guard got.doubles.count == values.count else { return "NumPy: \(want); FSL: \(got.summary)" }
    if dtype == "i64" && !scalar {
      for (g, w) in zip(got.ints, values) {
        guard case .int(let i) = w, i == g else { return "NumPy: \(want); FSL: \(got.summary)" }
      }
      return nil
    }
    let rtol = dtype == "f32" ? 1e-5 : 1e-9
    for (g, w) in zip(got.doubles, values.map(\.double)) where !close(g, w, rtol) {
      return "NumPy: \(want); FSL: \(got.summary)"
    }
    return nil
  }

  static func close(_ g: Double, _ w: Double, _ rtol: Double) -> Bool {
    if g.isNaN || w.isNaN { return g.isNaN && w.isNaN }
    if g.isInfinite || w.isInfinite { return g == w }
    return g == w || abs(g - w) <= rtol * max(abs(w), abs(g))
  }
}

final class NumpyDiffTests: XCTestCase {
  func testFixtureHasEveryArea() throws {
    let file = try XCTUnwrap(NumpyDiff.file, "cannot decode Tests/fixtures/numpy_diff.json")
    XCTAssertGreaterThanOrEqual(file.cases.count, 500)
    let areas = Set(file.cases.map(\.area))
    for a in [
      "broadcast", "scalars", "index", "assign", "reduce", "sort", "where", "clip", "concat",
      "reshape", "transpose", "matmul", "linalg",
    ] {
      XCTAssertTrue(areas.contains(a), "no case for \(a)")
    }
  }

  func testFSLAgreesWithNumPy() throws {
    let file = try XCTUnwrap(NumpyDiff.file, "cannot decode Tests/fixtures/numpy_diff.json")
    var failed = 0
    for (i, c) in file.cases.enumerated() {
      if let why = NumpyDiff.mismatch(c, NumpyDiff.run(c)) {
        failed += 1
        XCTFail("case \(i) [\(c.area)] differs from NumPy \(file.numpy): \(why)\n\(c.src)\n")
      }
    }
    print("NumpyDiff: \(file.cases.count - failed) of \(file.cases.count) cases agree")
  }
}
