// Number printing (docs/language.md) and Python format specs in f-string fields
// (docs/language.md, "F-strings").
//
// Design note. Goals: output identical to CPython's `repr(float)` and `format(v, spec)` but
// for the departures listed at `applyFormatSpec`; then speed of `formatNumber`, which every
// printed number goes through. Digits come from exact sources: Swift's `description` (shortest
// round-trip, as Python's repr) and glibc's `vsnprintf` `%.*e`/`%.*f` (correctly rounded, as
// Python's 'e' and 'f'). `layoutDigits` ports CPython's `format_float_short` and `groupDigits`
// its `_PyUnicode_InsertThousandsGrouping`, so even zero padding with separators matches.
// Oracle: scripts/oracles/number_format.py; cases in Tests/fixtures/number_format.json.
import Foundation

/// FSL's printed form of a number: the shortest string that reads back to the same `Double`.
///
/// This is Python's `repr(float)` except that integral values drop the `.0`: `3`, `-0`, `0.1`,
/// `2.5`, `1e-07`, `1e+16`, `123456789012345`, `inf`, `-inf`, `nan`. Exponent notation (at
/// least two exponent digits, explicit sign) is used when the decimal exponent is below -4 or
/// at least 16.
public func formatNumber(_ d: Double) -> String {
  if d.isNaN { return "nan" }
  if d.isInfinite { return d < 0 ? "-inf" : "inf" }
  if d.magnitude < 1e16 && d.rounded(.towardZero) == d {
    if d == 0 { return d.sign == .minus ? "-0" : "0" }
    return String(Int64(d))
  }
  // Swift's shortest digits are Python's; where its choice of notation agrees too (always, in
  // practice), its text is the answer.
  let text = d.description
  if text.utf8.contains(UInt8(ascii: "e")) == (d.magnitude < 1e-4 || d.magnitude >= 1e16) {
    return text
  }
  let (digits, decpt) = decimalDigits(of: d.magnitude.description)
  let body = layoutDigits(digits, decpt, expAbove: 16, addDot0: false, alt: false)
  return d < 0 ? "-" + body : body
}

/// A value to be formatted by `applyFormatSpec`, reduced to what formatting needs.
public enum FormatArg: Sendable, Equatable {
  /// A number: the numeric presentation types apply.
  case number(Double)
  /// A string: formatted as text.
  case string(String)
  /// A bool: formatted as the text `true` or `false`.
  case bool(Bool)
  /// Any other value, already rendered (a list's repr, say): formatted as text.
  case other(String)
}

/// A format spec that cannot be applied to a value; `message` is meant for the user.
public struct FormatSpecError: Error, Equatable, CustomStringConvertible {
  /// What went wrong, e.g. `invalid format spec '10.2fx'`.
  public let message: String
  /// Makes an error with the given message.
  public init(message: String) { self.message = message }
  /// Makes an error with the given message.
  public init(_ message: String) { self.message = message }
  /// The message.
  public var description: String { message }
}

/// Formats a value with a Python format spec, `[[fill]align][sign][z][#][0][width][grouping]
/// [.precision][type]`, as in `f"{loss:.3f}"`.
///
/// Numbers take the types `e E f F g G % n` and no type; `d x X o b` need an integral value.
/// Strings, bools (`true`/`false`) and other values take `s` or no type. Numbers align right,
/// text left. The output matches Python's `format(float(v), spec)` (for `d x X o b`,
/// `format(int(v), spec)`), with these departures, all following FSL's number printing:
/// - no type and no precision prints like `formatNumber` (`3`, not `3.0`); no type with a
///   precision drops the `.0` that Python adds to integral results (`format(3.0, '.3')` is
///   `3`); `#` restores Python's output in both cases;
/// - `n` without a precision formats an integral value like `d` (so `-0` gives `0`), any other
///   value like `g`; `d x X o b` format negative zero as `0`;
/// - the sign of a NaN is never shown; widths and string precision count `Character`s
///   (grapheme clusters), not code points.
/// - Throws: `FormatSpecError` for a malformed spec, a type that does not fit the value, or a
///   non-integral number with `d x X o b`.
public func applyFormatSpec(_ value: FormatArg, _ spec: String) throws -> String {
  let parsed = try parseSpec(spec)
  switch value {
  case .number(let d): return try formatNumberWithSpec(d, parsed, spec)
  case .string(let s), .other(let s): return try formatText(s, parsed, spec)
  case .bool(let b): return try formatText(b ? "true" : "false", parsed, spec)
  }
}

// MARK: - Parsing the spec

/// A parsed spec. Like CPython, it is read by code point, so the fill is one code point.
private struct Spec {
  var fill: Unicode.Scalar?
  var align: Unicode.Scalar?
  var sign: Unicode.Scalar?
  var noNegZero = false
  var alternate = false
  var zeroPad = false
  var width = 0
  var grouping: Unicode.Scalar?
  var precision: Int?
  var type: Unicode.Scalar?
}

/// Widths and precisions beyond this are refused rather than allocated.
private let maxWidth = 1_000_000

private func specError(_ spec: String, _ why: String? = nil) -> FormatSpecError {
  let head = "invalid format spec '\(spec)'"
  return FormatSpecError(why.map { "\(head): \($0)" } ?? head)
}

/// spec := [[fill]align][sign][z][#][0][width][grouping][.precision][type]
private func parseSpec(_ spec: String) throws -> Spec {
  let c = Array(spec.unicodeScalars)
  var i = 0
  var s = Spec()
  func isAlign(_ ch: Unicode.Scalar) -> Bool { ch == "<" || ch == ">" || ch == "^" || ch == "=" }
  func next(_ options: String) -> Unicode.Scalar? {
    guard i < c.count, options.unicodeScalars.contains(c[i]) else { return nil }
    i += 1
    return c[i - 1]
  }
  func integer() throws -> Int? {
    var n: Int?
    while i < c.count, c[i].value >= 48 && c[i].value <= 57 {
      n = (n ?? 0) * 10 + Int(c[i].value - 48)
      if let n, n > maxWidth { throw specError(spec, "width or precision too large") }
      i += 1
    }
    return n
  }
  if c.count >= 2 && isAlign(c[1]) {
    (s.fill, s.align, i) = (c[0], c[1], 2)
  } else if let first = c.first, isAlign(first) {
    (s.align, i) = (first, 1)
  }
  s.sign = next("+- ")
  s.noNegZero = next("z") != nil
  s.alternate = next("#") != nil
  // As in Python, a `0` flag only counts when no fill was given; otherwise it starts the width.
  if s.fill == nil { s.zeroPad = next("0") != nil }
  s.width = try integer() ?? 0
  s.grouping = next(",_")
  if let g = s.grouping, let h = next(",_") {
    throw g == h ? specError(spec) : specError(spec, "cannot use both ',' and '_'")
  }
  if next(".") != nil {
    guard let p = try integer() else { throw specError(spec, "missing precision after '.'") }
    s.precision = p
  }
  if c.count - i > 1 { throw specError(spec) }
  if i < c.count { s.type = c[i] }
  if let g = s.grouping {
    switch s.type {
    case nil, "d", "e", "E", "f", "F", "g", "G", "%": break
    case let t?:
      // Underscores group hex, octal and binary digits in fours.
      if g == "_" && (t == "x" || t == "X" || t == "o" || t == "b") { break }
      throw specError(spec, "'\(g)' is not allowed with format code '\(t)'")
    }
  }
  return s
}

// MARK: - Text

private func formatText(_ text: String, _ s: Spec, _ spec: String) throws -> String {
  if let t = s.type, t != "s" {
    throw specError(spec, "unknown format code '\(t)' for a string")
  }
  let refused = [
    (s.sign != nil, "a sign"), (s.noNegZero, "'z'"), (s.alternate, "'#'"),
    (s.align == "=", "'=' alignment"), (s.grouping != nil, "'\(s.grouping ?? ",")'"),
  ]
  if let (_, what) = refused.first(where: { $0.0 }) {
    throw specError(spec, "\(what) is not allowed for a string")
  }
  var body = text
  if let p = s.precision, p < text.count { body = String(text.prefix(p)) }
  let fill = s.fill ?? (s.zeroPad ? "0" : " ")
  return pad("", body, used: body.count, fill: fill, align: s.align ?? "<", width: s.width)
}

// MARK: - Numbers

private func formatNumberWithSpec(_ d: Double, _ s: Spec, _ spec: String) throws -> String {
  switch s.type {
  case nil, "e", "E", "f", "F", "g", "G", "%":
    return formatFloat(d, s)
  case let t? where t == "d" || t == "x" || t == "X" || t == "o" || t == "b":
    if s.precision != nil {
      throw specError(spec, "a precision is not allowed with format code '\(t)'")
    }
    if s.noNegZero { throw specError(spec, "'z' is not allowed with format code '\(t)'") }
    guard d.isFinite && d.rounded(.towardZero) == d else {
      throw FormatSpecError(
        "format code '\(t)' needs an integral number, got \(formatNumber(d))")
    }
    return formatIntegral(d, s, t)
  case "n":
    if s.precision == nil && d.isFinite && d.rounded(.towardZero) == d {
      return formatIntegral(d, s, "d")
    }
    return formatFloat(d, s)
  case let t?:
    throw specError(spec, "unknown format code '\(t)' for a number")
  }
}

private func formatIntegral(_ d: Double, _ s: Spec, _ type: Unicode.Scalar) -> String {
  let mag = d.magnitude
  let upper = type == "X"
  let (bits, prefix) = type == "b" ? (1, "0b") : type == "o" ? (3, "0o") : (4, upper ? "0X" : "0x")
  let digits =
    type == "d"
    ? mag < 0x1p64 ? String(UInt64(mag)) : cFormat(mag, "f", 0, alt: false)
    : radixDigits(mag, bitsPerDigit: bits, uppercase: upper)
  return render(
    negative: d < 0, prefix: s.alternate && type != "d" ? prefix : "",
    digits: Substring(digits).utf8, rest: "", s, groupSize: type == "d" ? 3 : 4)
}

/// The digits of an integral `v >= 0` in base 2, 8 or 16, exact however large `v` is.
private func radixDigits(_ v: Double, bitsPerDigit b: Int, uppercase: Bool) -> String {
  let radix = 1 << b
  if v < 0x1p64 { return String(UInt64(v), radix: radix, uppercase: uppercase) }
  // v = m * 2^shift with shift >= 12; write shift = q*b + r so v = (m << r) * radix^q.
  let m = v.significandBitPattern | (1 << 52)
  let shift = Int(v.exponent) - 52
  let (q, r) = shift.quotientAndRemainder(dividingBy: b)
  let head = String(m << UInt64(r), radix: radix, uppercase: uppercase)
  return head + String(repeating: "0", count: q)
}

private func formatFloat(_ d: Double, _ s: Spec) -> String {
  let type = s.type ?? "r"
  let x = type == "%" ? d * 100 : d
  var negative = x.sign == .minus && !x.isNaN
  let mag = x.magnitude
  var body: String
  if !mag.isFinite {
    body = mag.isNaN ? "nan" : "inf"
  } else {
    switch type {
    case "f", "F", "%":
      body = cFormat(mag, "f", s.precision ?? 6, alt: s.alternate)
    case "e", "E":
      body = cFormat(mag, "e", s.precision ?? 6, alt: s.alternate)
    case "r" where s.precision == nil && !s.alternate:
      body = formatNumber(mag)
    case "r" where s.precision == nil:
      let (digits, decpt) = decimalDigits(of: mag.description)
      body = layoutDigits(digits, decpt, expAbove: 16, addDot0: true, alt: true)
    default:  // g, G, n, and no type with a precision
      let p = max(1, s.precision ?? 6)
      let (digits, decpt) = decimalDigits(of: cFormat(mag, "e", p - 1, alt: false))
      let addDot0 = type == "r"
      body = layoutDigits(
        digits, decpt, expAbove: addDot0 ? p - 1 : p, minDigits: s.alternate ? p : 0,
        addDot0: addDot0, alt: s.alternate)
      if addDot0 && !s.alternate && body.hasSuffix(".0") { body.removeLast(2) }
    }
  }
  if type == "%" { body += "%" }
  if type == "E" || type == "F" || type == "G" { body = body.uppercased() }
  if s.noNegZero && negative && mantissaIsZero(body) { negative = false }
  let utf8 = body.utf8
  let intEnd = utf8.firstIndex(where: { $0 < zero || $0 > UInt8(ascii: "9") }) ?? utf8.endIndex
  return render(
    negative: negative, prefix: "", digits: utf8[..<intEnd], rest: body[intEnd...], s,
    groupSize: 3)
}

/// True when `body` has digits before any exponent and all of them are zero (`0.00`, `0e+00`).
private func mantissaIsZero(_ body: String) -> Bool {
  let mantissa = body.prefix { $0 != "e" && $0 != "E" }.filter(\.isNumber)
  return !mantissa.isEmpty && mantissa.allSatisfy { $0 == "0" }
}

// MARK: - Digits and layout

private let zero = UInt8(ascii: "0")
private let dot = UInt8(ascii: ".")

/// `printf("%.*e")` or `("%.*f")` of `v`; glibc rounds the exact binary value correctly.
private func cFormat(_ v: Double, _ conv: String, _ precision: Int, alt: Bool) -> String {
  let format = (alt ? "%#.*" : "%.*") + conv
  var needed = 63
  while true {
    let capacity = needed + 1
    let text = String(unsafeUninitializedCapacity: capacity) { buffer in
      buffer.withMemoryRebound(to: CChar.self) { p in
        needed = Int(
          withVaList([Int32(precision), v]) { vsnprintf(p.baseAddress, capacity, format, $0) })
      }
      return needed < capacity ? max(0, needed) : 0
    }
    if needed < capacity { return text }
  }
}

/// The significant digits of a numeral such as `1234.5`, `1.25e-07` or `0.0001`, without
/// leading or trailing zeros, and `decpt`: the value is 0.d1d2… × 10^decpt. Zero gives `0`, 1.
private func decimalDigits(of text: String) -> (digits: [UInt8], decpt: Int) {
  let parts = text.split(separator: "e", maxSplits: 1)
  let mantissa = (parts.first ?? "").utf8
  let exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
  let digits = Array(mantissa.filter { $0 != dot })
  let point = mantissa.firstIndex(of: dot).map { mantissa[..<$0].count } ?? digits.count
  guard let first = digits.firstIndex(where: { $0 != zero }),
    let last = digits.lastIndex(where: { $0 != zero })
  else { return ([zero], 1) }
  return (Array(digits[first...last]), point + exponent - first)
}

/// CPython's `format_float_short` for the 'g' and repr layouts: the digits, padded with zeros
/// to `minDigits` significant digits, in fixed notation if `-4 < decpt <= expAbove` (with `.0`
/// added to integral results if `addDot0`), else in exponent notation.
private func layoutDigits(
  _ digits: [UInt8], _ decpt: Int, expAbove: Int, minDigits: Int = 0, addDot0: Bool, alt: Bool
) -> String {
  let useExp = decpt <= -4 || decpt > expAbove
  let point = useExp ? 1 : decpt
  let end = max(digits.count, minDigits, !useExp && addDot0 ? point + 1 : point)
  var out: [UInt8] = []
  for k in min(0, point - 1)..<end {
    if k == point { out.append(dot) }
    out.append(k >= 0 && k < digits.count ? digits[k] : zero)
  }
  if point == end && alt { out.append(dot) }
  var text = String(decoding: out, as: UTF8.self)
  if useExp {
    let e = (decpt - 1).magnitude
    text += (decpt < 1 ? "e-" : "e+") + (e < 10 ? "0" : "") + String(e)
  }
  return text
}

// MARK: - Sign, grouping and padding

/// Lays out sign, prefix, grouped `digits` and `rest` (fraction, exponent, `%`; or all of
/// `inf`/`nan`, which like CPython are padded but never grouped) in the spec's width.
private func render(
  negative: Bool, prefix: String, digits: Substring.UTF8View, rest: Substring, _ s: Spec,
  groupSize: Int
) -> String {
  let sign = negative ? "-" : s.sign == "+" ? "+" : s.sign == " " ? " " : ""
  let fill = s.fill ?? (s.zeroPad ? "0" : " ")
  let align = s.align ?? (s.zeroPad ? "=" : ">")
  let head = sign + prefix
  // Zero padding after the sign goes through the grouping, so `010,` gives `00,001,234`.
  let minWidth = fill == "0" && align == "=" ? s.width - head.utf8.count - rest.utf8.count : 0
  let plain = digits.isEmpty || (s.grouping == nil && minWidth <= digits.count)
  let grouped = plain ? "" : groupDigits(Array(digits), groupSize, s.grouping, minWidth)
  let tail = (plain ? String(Substring(digits)) : grouped) + rest
  return pad(
    head, tail, used: head.utf8.count + tail.utf8.count, fill: fill, align: align, width: s.width)
}

/// CPython's `_PyUnicode_InsertThousandsGrouping`: separators every `size` digits from the
/// right, and zeros on the left (never leaving a separator first) until `minWidth` is reached.
private func groupDigits(
  _ digits: [UInt8], _ size: Int, _ separator: Unicode.Scalar?, _ minWidth: Int
) -> String {
  var out: [UInt8] = []  // built right to left
  var remaining = digits.count
  var width = minWidth
  var index = digits.endIndex
  let sep = separator.map { UInt8(truncatingIfNeeded: $0.value) }  // ',' or '_'
  while true {
    let l = min(sep == nil ? Int.max : size, max(remaining, width, 1))
    let chars = max(0, min(remaining, l))
    if !out.isEmpty, let sep { out.append(sep) }
    out += digits[(index - chars)..<index].reversed()
    out.append(contentsOf: repeatElement(zero, count: max(0, l - remaining)))
    index -= chars
    remaining -= chars
    width -= l
    if sep == nil || (remaining <= 0 && width <= 0) { break }
    width -= 1
  }
  return String(decoding: out.reversed(), as: UTF8.self)
}

/// `head + tail`, which take up `used` characters, padded to `width` with `fill`.
private func pad(
  _ head: String, _ tail: String, used: Int, fill: Unicode.Scalar, align: Unicode.Scalar,
  width: Int
) -> String {
  let n = width - used
  guard n > 0 else { return head + tail }
  let f = { (k: Int) in String(repeating: String(fill), count: k) }
  switch align {
  case "<": return head + tail + f(n)
  case "^": return f(n / 2) + head + tail + f(n - n / 2)
  case "=": return head + f(n) + tail
  default: return f(n) + head + tail
  }
}
