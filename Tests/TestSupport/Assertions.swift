// Floating-point assertions for unit tests: relative + absolute tolerance, NaN-aware.

import XCTest

/// Whether `a` and `b` agree as `|a - b| <= atol + rtol * max(|a|, |b|)` (NaN equals NaN,
/// infinities must match exactly).
public func isClose(_ a: Double, _ b: Double, rtol: Double = 1e-9, atol: Double = 0) -> Bool {
  if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
  if a.isInfinite || b.isInfinite { return a == b }
  return abs(a - b) <= atol + rtol * max(abs(a), abs(b))
}

/// Asserts `a ≈ b` within `atol + rtol * max(|a|, |b|)`; NaN only matches NaN.
public func assertClose(
  _ a: Double, _ b: Double, rtol: Double = 1e-9, atol: Double = 0, _ message: String = "",
  file: StaticString = #filePath, line: UInt = #line
) {
  if !isClose(a, b, rtol: rtol, atol: atol) {
    let note = message.isEmpty ? "" : " — \(message)"
    XCTFail(
      "\(a) is not close to \(b) (diff \(abs(a - b)), rtol \(rtol), atol \(atol))\(note)",
      file: file, line: line)
  }
}

/// Asserts two arrays have the same length and are elementwise close; reports the first
/// mismatching index and how many elements differ.
public func assertClose(
  _ a: [Double], _ b: [Double], rtol: Double = 1e-9, atol: Double = 0, _ message: String = "",
  file: StaticString = #filePath, line: UInt = #line
) {
  let note = message.isEmpty ? "" : " — \(message)"
  guard a.count == b.count else {
    XCTFail("count \(a.count) != \(b.count)\(note)", file: file, line: line)
    return
  }
  let bad = a.indices.filter { !isClose(a[$0], b[$0], rtol: rtol, atol: atol) }
  if let first = bad.first {
    XCTFail(
      "\(bad.count) of \(a.count) elements differ; first at [\(first)]: \(a[first]) vs "
        + "\(b[first]) (rtol \(rtol), atol \(atol))\(note)",
      file: file, line: line)
  }
}
