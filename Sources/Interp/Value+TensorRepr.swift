// How tensors print (SPEC §4.9), close to NumPy: one element width per tensor, columns aligned,
// rows on their own lines, summarised with `...` past `threshold` elements, and a
// `tensor(…, dtype=…)` wrapper only when the dtype is not f64.
//
// Floats: integral values print without a decimal point; otherwise fixed notation with at most
// `precision` fractional digits, all elements as wide as the one that needs most digits, trailing
// zeros shown as spaces (`[2.  , 3.14]`, NumPy's "maxprec"); scientific notation when the largest
// magnitude is ≥ 1e8, the smallest non-zero one < 1e-4, or their ratio > 1e3, as in NumPy.
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
      body = elementStrings()[0]
    } else if count == 0 {
      body = "[]"
    } else {
      let cells = elementStrings()
      // Bools are always 5 wide, as NumPy pads them (`[ true, false]`).
      let width = dtype == .bool ? 5 : (cells.map(\.count).max() ?? 0)
      let padded = cells.map { String(repeating: " ", count: width - $0.count) + $0 }
      body = nested(padded, axis: 0, offset: 0, indent: 1)
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
  func shown(_ n: Int) -> [Int?] {
    let e = TensorPrintOptions.edgeItems
    guard summarised, n > 2 * e else { return Array(0..<n) }
    return Array(0..<e) + [nil] + Array((n - e)..<n)
  }

  func nested(_ cells: [String], axis: Int, offset: Int, indent: Int) -> String {
    let strides = Shape.strides(shape)
    let items = shown(shape[axis])
    if axis == rank - 1 {
      let parts = items.map { i in i.map { cells[offset + $0 * strides[axis]] } ?? "..." }
      return "[" + parts.joined(separator: ", ") + "]"
    }
    let sep =
      "," + String(repeating: "\n", count: rank - axis - 1)
      + String(repeating: " ", count: indent)
    let parts = items.map { i -> String in
      guard let i = i else { return "..." }
      return nested(cells, axis: axis + 1, offset: offset + i * strides[axis], indent: indent + 1)
    }
    return "[" + parts.joined(separator: sep) + "]"
  }

  /// Every element's text (unpadded), in row-major order.
  func elementStrings() -> [String] {
    switch dtype {
    case .bool: return withElements(as: Bool.self) { $0.map { $0 ? "true" : "false" } }
    case .i64: return withElements(as: Int64.self) { $0.map { String($0) } }
    case .f32, .f64: return Tensor.formatFloats(doubles, single: dtype == .f32)
    }
  }

  static func formatFloats(_ xs: [Double], single: Bool) -> [String] {
    let finite = xs.filter { $0.isFinite }
    func special(_ d: Double) -> String? {
      if d.isNaN { return "nan" }
      if d.isInfinite { return d < 0 ? "-inf" : "inf" }
      return nil
    }
    if finite.allSatisfy({ $0.rounded() == $0 && abs($0) < 1e16 }) {
      return xs.map { special($0) ?? formatNumber($0 == 0 ? 0 : $0) }
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
    let k = finite.map(digits).max() ?? 0
    return xs.map { d in
      if let s = special(d) { return s }
      // `%#` keeps the point when there are no fractional digits (`1.e-05`, as NumPy).
      var s = scientific ? String(format: "%#.\(k)e", d) : String(format: "%.\(k)f", d)
      if !scientific, k > 0 {
        // Trailing zeros become spaces so decimal points stay aligned (NumPy's maxprec).
        var trimmed = s
        while trimmed.hasSuffix("0") { trimmed.removeLast() }
        s = trimmed + String(repeating: " ", count: s.count - trimmed.count)
      }
      return s
    }
  }
}
