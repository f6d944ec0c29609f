// How tensors print (docs/tensors.md, "Printing"), close to NumPy: one element width per tensor,
// columns aligned, rows on their own lines, summarised with `...` past `threshold` elements, and a
// `tensor(…, dtype=…)` wrapper only when the dtype is not f64.
//
// Floats: integral values print without a decimal point; otherwise fixed notation with at most
// `precision` fractional digits, all elements as wide as the one that needs most digits, trailing
// zeros shown as spaces (`[2.  , 3.14]`, NumPy's "maxprec"); scientific notation when the largest
// magnitude is ≥ 1e8, the smallest non-zero one < 1e-4, or their ratio > 1e3, as in NumPy.
//
// A summarised tensor formats only the elements it shows, which also decide the width and the
// notation (NumPy's `_leading_trailing`), so printing 3e7 elements costs as much as printing 50.
// A tensor printed in full (`printoptions(threshold=…)` raised) can take seconds: formatting
// polls Ctrl-C and, when it was pressed, gives up and prints the summary instead; the caller's
// next check (the `print` builtin's return, the REPL) then raises `Interrupted`.
import CInterrupt
import Foundation
import Tensor

/// Print options (`printoptions(precision=4)`), shared by every interpreter in the process.
public enum TensorPrintOptions {
  nonisolated(unsafe) public static var precision = 8
  nonisolated(unsafe) public static var threshold = 1000
  nonisolated(unsafe) public static var edgeItems = 3
}

extension Tensor {
  /// The printed form of a tensor.
  public var repr: String {
    let body: String
    if rank == 0 {
      body = elementStrings([0], poll: false)?[0] ?? ""
    } else if count == 0 {
      body = "[]"
    } else {
      // In full, polling Ctrl-C when that is long; the summary if it was pressed.
      let full = summarised ? nil : elementStrings(Array(0..<count), poll: count > 1 << 16)
      let summarise = full == nil
      let cells = full ?? elementStrings(shownOffsets(), poll: false) ?? []
      // Bools are always 5 wide, as NumPy pads them (`[ true, false]`); strings are not padded
      // (NumPy's `array(['a', 'bb'])`).
      let width = dtype == .bool ? 5 : (dtype == .str ? 0 : (cells.map(\.count).max() ?? 0))
      let padded = cells.map { String(repeating: " ", count: max(0, width - $0.count)) + $0 }
      var next = 0
      body = nested(padded, axis: 0, next: &next, summarise: summarise, indent: 1)
    }
    var extras: [String] = []
    if count == 0 && rank != 1 { extras.append("shape=\(shapeText(shape))") }
    if dtype != .f64 { extras.append("dtype=\(dtype.rawValue)") }
    if extras.isEmpty { return body }
    let pad = String(repeating: " ", count: 7)
    let b = body.replacingOccurrences(of: "\n", with: "\n" + pad)
    return "tensor(\(b), \(extras.joined(separator: ", ")))"
  }

  var summarised: Bool { count > TensorPrintOptions.threshold }

  /// Which indices along an axis of length `n` are shown (nil marks the `...` gap).
  func shown(_ n: Int, summarise: Bool) -> [Int?] {
    let e = TensorPrintOptions.edgeItems
    guard summarise, n > 2 * e else { return Array(0..<n) }
    return Array(0..<e) + [nil] + Array((n - e)..<n)
  }

  /// The flat offsets of the elements a summary shows, in row-major order.
  func shownOffsets() -> [Int] {
    let strides = Shape.strides(shape)
    var offsets = [0]
    for axis in 0..<rank {
      let items = shown(shape[axis], summarise: true).compactMap { $0 }
      offsets = offsets.flatMap { o in items.map { o + $0 * strides[axis] } }
    }
    return offsets
  }

  /// The nested brackets around `cells`, the shown elements in row-major order (`next` is the
  /// first one not used yet).
  func nested(_ cells: [String], axis: Int, next: inout Int, summarise: Bool, indent: Int)
    -> String
  {
    let items = shown(shape[axis], summarise: summarise)
    var parts: [String] = []
    parts.reserveCapacity(items.count)
    for i in items {
      if i == nil {
        parts.append("...")
      } else if axis == rank - 1 {
        parts.append(cells[next])
        next += 1
      } else {
        parts.append(
          nested(cells, axis: axis + 1, next: &next, summarise: summarise, indent: indent + 1))
      }
    }
    if axis == rank - 1 { return "[" + parts.joined(separator: ", ") + "]" }
    let sep =
      "," + String(repeating: "\n", count: rank - axis - 1)
      + String(repeating: " ", count: indent)
    return "[" + parts.joined(separator: sep) + "]"
  }

  /// The text (unpadded) of the elements at flat `offsets`; nil if `poll` and Ctrl-C was
  /// pressed before all were formatted.
  func elementStrings(_ offsets: [Int], poll: Bool) -> [String]? {
    let stop = { poll && fsl_interrupt_pending() != 0 }
    switch dtype {
    case .bool:
      return withElements(as: Bool.self) { b in offsets.map { b[$0] ? "true" : "false" } }
    case .i64:
      var out: [String] = []
      out.reserveCapacity(offsets.count)
      return withElements(as: Int64.self) { b in
        for (k, o) in offsets.enumerated() {
          if k & 0xFFFF == 0 && stop() { return nil }
          out.append(String(b[o]))
        }
        return out
      }
    case .str: return offsets.map { quote(string(at: $0)) }
    case .f32, .f64:
      return Tensor.formatFloats(offsets.map { element(at: $0) }, single: dtype == .f32, stop)
    }
  }

  /// Every element's text, formatted alike; nil if `stop` said so part-way (asked every 4096
  /// elements).
  static func formatFloats(_ xs: [Double], single: Bool, _ stop: () -> Bool) -> [String]? {
    let finite = xs.filter { $0.isFinite }
    func special(_ d: Double) -> String? {
      if d.isNaN { return "nan" }
      if d.isInfinite { return d < 0 ? "-inf" : "inf" }
      return nil
    }
    var out: [String] = []
    out.reserveCapacity(xs.count)
    if finite.allSatisfy({ $0.rounded() == $0 && abs($0) < 1e16 }) {
      for (i, x) in xs.enumerated() {
        if i & 0xFFF == 0 && stop() { return nil }
        out.append(special(x) ?? formatNumber(x == 0 ? 0 : x))
      }
      return out
    }
    let mags = finite.map(abs).filter { $0 != 0 }
    let maxM = mags.max() ?? 0
    let minM = mags.min() ?? 0
    let p = TensorPrintOptions.precision
    let scientific = maxM >= 1e8 || minM < 1e-4 || (minM > 0 && maxM / minM > 1e3)
    // Digits each element needs (at most p), then one common count for all.
    func digits(_ d: Double) -> Int {
      for k in 0...p {
        let s = scientific ? String(format: "%.\(k)e", d) : String(format: "%.\(k)f", d)
        if Double(s) == (single ? Double(Float(d)) : d) { return k }
      }
      return p
    }
    var k = 0
    for (i, x) in finite.enumerated() {
      if i & 0xFFF == 0 && stop() { return nil }
      k = max(k, digits(x))
      if k == p { break }
    }
    for (i, d) in xs.enumerated() {
      if i & 0xFFF == 0 && stop() { return nil }
      if let s = special(d) {
        out.append(s)
        continue
      }
      // `%#` keeps the point when there are no fractional digits (`1.e-05`, as NumPy).
      var s = scientific ? String(format: "%#.\(k)e", d) : String(format: "%.\(k)f", d)
      if !scientific, k > 0 {
        // Trailing zeros become spaces so decimal points stay aligned (NumPy's maxprec).
        var trimmed = s
        while trimmed.hasSuffix("0") { trimmed.removeLast() }
        s = trimmed + String(repeating: " ", count: s.count - trimmed.count)
      }
      out.append(s)
    }
    return out
  }
}
