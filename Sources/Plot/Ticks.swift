// Tick choice: 1-2-5 steps on linear axes, decades (thinned as needed) on log axes, and labels.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One tick: its data value and its label (with an optional superscript, as in 10⁻³).
public struct Tick: Equatable, Sendable {
  /// The data value.
  public var value: Double
  /// The label text.
  public var label: String
  /// A superscript drawn after `label`, e.g. `"−3"` for 10⁻³.
  public var sup: String?
}

/// Pure tick arithmetic; `Layout` picks among candidates so labels do not overlap.
enum Ticks {
  /// The smallest 1-2-5 step that covers `span` with at most `maxCount` intervals.
  static func niceStep(span: Double, maxCount: Int) -> Double {
    guard span > 0, span.isFinite else { return 1 }
    let raw = span / Double(max(1, maxCount))
    let magnitude = pow(10, floor(log10(raw)))
    for m in [1.0, 2, 5] where m * magnitude >= raw * (1 - 1e-9) { return m * magnitude }
    return 10 * magnitude
  }

  /// The 1-2-5 step after `step` (1 → 2 → 5 → 10).
  static func nextStep(_ step: Double) -> Double {
    let magnitude = pow(10, floor(log10(step) + 1e-9))
    let m = (step / magnitude).rounded()
    return m < 1.5 ? 2 * magnitude : m < 3.5 ? 5 * magnitude : 10 * magnitude
  }

  /// The 1-2-5 step before `step` (10 → 5 → 2 → 1).
  static func previousStep(_ step: Double) -> Double {
    let magnitude = pow(10, floor(log10(step) + 1e-9))
    let m = (step / magnitude).rounded()
    return m < 1.5 ? magnitude / 2 : m < 3.5 ? magnitude : 2 * magnitude
  }

  /// Multiples of `step` within `lo…hi` (with a tolerance for rounding), tiny values snapped to 0.
  static func linear(lo: Double, hi: Double, step: Double) -> [Double] {
    guard step > 0, lo <= hi else { return [] }
    let first = ceil(lo / step - 1e-9)
    let last = floor(hi / step + 1e-9)
    guard last >= first, last - first < 10_000 else { return [] }
    return stride(from: first, through: last, by: 1).map { k in
      let v = k * step
      return abs(v) < step * 1e-9 ? 0 : v
    }
  }

  /// Labels for linear ticks spaced `step` apart: just enough decimals, Unicode minus. As
  /// matplotlib's ScalarFormatter (math text) does, ticks sharing four or more leading digits
  /// are labelled less their `offset`, and values of 10⁴ and more, or all below 10⁻³, divided by
  /// the power of ten `exponent` gives; the axis shows both once (`scaleLabel`).
  static func linearLabels(_ values: [Double], step: Double) -> [Tick] {
    let off = offset(values)
    let e = exponent(values.map { $0 - off }) ?? 0
    let scale = pow(10, Double(e))
    let decimals = max(0, e - Int(floor(log10(step) + 1e-9)))
    return values.map { v in
      Tick(value: v, label: minus(format("%.\(decimals)f", (v - off) / scale)), sup: nil)
    }
  }

  /// matplotlib's ScalarFormatter offset (threshold 4): when the ticks do not straddle 0 and
  /// share four or more leading digits, the part they share (100000 for 100000…100004); else 0.
  static func offset(_ values: [Double]) -> Double {
    guard let lo = values.min(), let hi = values.max(), lo != hi, lo > 0 || hi < 0,
      lo.isFinite, hi.isFinite
    else { return 0 }
    let (small, large) = (min(abs(lo), abs(hi)), max(abs(lo), abs(hi)))
    func digits(_ v: Double, _ oom: Int) -> Double { floor(v / pow(10, Double(oom))) }
    let top = Int(ceil(log10(large)))
    var oom = top
    // The highest power of ten at which the two ends differ, plus one.
    while oom > top - 400, digits(small, oom) == digits(large, oom) { oom -= 1 }
    oom += 1
    if (large - small) / pow(10, Double(oom)) <= 1e-2 {
      oom = top
      while oom > top - 400, digits(large, oom) - digits(small, oom) <= 1 { oom -= 1 }
      oom += 1
    }
    let head = digits(large, oom)
    return head >= 1000 ? (lo < 0 ? -1 : 1) * head * pow(10, Double(oom)) : 0
  }

  /// What a linear axis with ticks at `values` shows once beside its labels: `×10ⁿ` when they
  /// are scaled, `+c×10ᵐ` when they are offset, both when both (nil: plain labels).
  static func scaleLabel(_ values: [Double]) -> Tick? {
    let off = offset(values)
    let e = exponent(values.map { $0 - off })
    guard off != 0 else { return e.map(multiplier) }
    let oe = Int(floor(log10(abs(off)) + 1e-9))
    let mantissa = format("%.12g", abs(off) / pow(10, Double(oe)))
    let scaled = e.map { "×10" + String(String($0).map { MathText.sup[$0] ?? $0 }) + " " } ?? ""
    let sign = off < 0 ? "\u{2212}" : "+"
    guard oe != 0 else { return Tick(value: 0, label: scaled + sign + mantissa, sup: nil) }
    return Tick(value: 0, label: scaled + sign + mantissa + "×10", sup: minus(String(oe)))
  }

  /// The power of ten linear tick labels at `values` are divided by: that of the largest
  /// magnitude when it is ≥ 10⁴ or below 10⁻³ (not 0); nil for plain labels.
  static func exponent(_ values: [Double]) -> Int? {
    let largest = values.map(abs).filter(\.isFinite).max() ?? 0
    guard largest >= 1e4 || (largest > 0 && largest < 1e-3) else { return nil }
    return Int(floor(log10(largest) + 1e-9))
  }

  /// The multiplier label for `exponent`: `×10` with the exponent as a superscript.
  static func multiplier(_ exponent: Int) -> Tick {
    Tick(value: 0, label: "×10", sup: minus(String(exponent)))
  }

  /// Decades in `lo…hi` (both > 0), every `stride`-th; 1-2-5 multiples when fewer than two
  /// decades fall inside.
  static func log(lo: Double, hi: Double, stride k: Int) -> [Double] {
    guard lo > 0, hi >= lo else { return [] }
    let a = Int(ceil(log10(lo) - 1e-9))
    let b = Int(floor(log10(hi) + 1e-9))
    if b - a >= 1 {
      return Swift.stride(from: a, through: b, by: 1).filter { ($0 - a) % max(1, k) == 0 }
        .map { pow(10, Double($0)) }
    }
    var values: [Double] = []
    for e in (a - 1)...(b + 1) {
      for m in [1.0, 2, 5] {
        let v = m * pow(10, Double(e))
        if v >= lo * (1 - 1e-9), v <= hi * (1 + 1e-9) { values.append(v) }
      }
    }
    return values
  }

  /// Labels for log ticks: plain numbers from 0.01 to 1000, `10` with a superscript otherwise.
  /// Uses 10ˣ for every decade when any decade falls outside 0.01…1000 (consistent labels).
  static func logLabels(_ values: [Double]) -> [Tick] {
    let wide = values.contains { abs(log10($0)) > 3.0001 || log10($0) < -2.0001 }
    return values.map { v in
      let e = log10(v)
      let isDecade = abs(e - e.rounded()) < 1e-9
      if isDecade, wide {
        return Tick(value: v, label: "10", sup: minus(String(Int(e.rounded()))))
      }
      return Tick(value: v, label: minus(format("%g", v)), sup: nil)
    }
  }

  /// Data limits padded by `pad` of the span on each side (in log space on log axes); a
  /// degenerate range widens around its value.
  static func autoLimits(
    lo: Double, hi: Double, log isLog: Bool, pad: Double, stickyZero: Bool
  ) -> (Double, Double) {
    if isLog {
      var (a, b) = (log10(lo), log10(hi))
      if b - a < 1e-12 { (a, b) = (a - 0.5, b + 0.5) }
      let p = (b - a) * pad
      return (pow(10, a - p), pow(10, b + p))
    }
    var (a, b) = (lo, hi)
    if b - a <= abs(a) * 1e-12 {
      let d = a == 0 ? 1 : abs(a) * 0.1
      (a, b) = (a - d, b + d)
    }
    let p = (b - a) * pad
    let newLo = stickyZero && lo >= 0 && lo == 0 ? 0 : a - p
    let newHi = stickyZero && hi <= 0 && hi == 0 ? 0 : b + p
    return (newLo, newHi)
  }

  static func format(_ spec: String, _ v: Double) -> String {
    var buffer = [CChar](repeating: 0, count: 64)
    _ = withVaList([v]) { vsnprintf(&buffer, buffer.count, spec, $0) }
    let s = String(cString: buffer)
    // "-0", "-0.0" are zero
    if s.hasPrefix("-"), s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) {
      return String(s.dropFirst())
    }
    return s
  }

  /// Typographic minus (U+2212), as in printed figures.
  static func minus(_ s: String) -> String { s.replacingOccurrences(of: "-", with: "\u{2212}") }
}

extension String {
  fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
    split(separator: Character(target), omittingEmptySubsequences: false)
      .joined(separator: replacement)
  }
}
