// Number literals: `12`, `1_000`, `3.5`, `.5`, `1e-3`, `2.5E+10`, `0x1F` — all become Double.

extension Lexer {
  static func isHexDigit(_ b: UInt8) -> Bool {
    isDigit(b) || (b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46)
  }

  static func hexValue(_ b: UInt8) -> UInt32? {
    if isDigit(b) { return UInt32(b - 0x30) }
    if b >= 0x61 && b <= 0x66 { return UInt32(b - 0x61 + 10) }
    if b >= 0x41 && b <= 0x46 { return UInt32(b - 0x41 + 10) }
    return nil
  }

  /// Consumes a run of digits (per `isValid`) with single `_` separators between digits,
  /// appending the digits to `out`. Returns (count of digits, whether the underscores were ok).
  mutating func scanDigits(into out: inout [UInt8], _ isValid: (UInt8) -> Bool) -> (Int, Bool) {
    var count = 0
    var ok = true
    while pos < end {
      let b = bytes[pos]
      if isValid(b) {
        out.append(b)
        count += 1
        pos += 1
      } else if b == UInt8(ascii: "_") {
        // An underscore must sit between two digits.
        if count == 0 || !isValid(peek(1)) { ok = false }
        pos += 1
      } else {
        break
      }
    }
    return (count, ok)
  }

  /// number = hex | digits ["." digits] [("e"|"E") ["+"|"-"] digits] | "." digits [exponent]
  mutating func lexNumber() {
    let start = pos
    var ok = true
    var value = 0.0
    if bytes[pos] == UInt8(ascii: "0"), peek(1) == UInt8(ascii: "x") || peek(1) == UInt8(ascii: "X")
    {
      pos += 2
      var digits: [UInt8] = []
      let (n, underscoresOK) = scanDigits(into: &digits, Lexer.isHexDigit)
      ok = n > 0 && underscoresOK
      for d in digits { value = value * 16 + Double(Lexer.hexValue(d) ?? 0) }
    } else {
      var text: [UInt8] = []
      let (n, underscoresOK) = scanDigits(into: &text, Lexer.isDigit)
      ok = underscoresOK
      if peek() == UInt8(ascii: "."), Lexer.isDigit(peek(1)) {
        text.append(UInt8(ascii: "."))
        pos += 1
        let (_, fracOK) = scanDigits(into: &text, Lexer.isDigit)
        ok = ok && fracOK
      } else if n == 0 {
        ok = false
      }
      if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
        text.append(UInt8(ascii: "e"))
        pos += 1
        if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") {
          text.append(peek())
          pos += 1
        }
        let (expDigits, expOK) = scanDigits(into: &text, Lexer.isDigit)
        ok = ok && expOK && expDigits > 0
      }
      if ok { value = Double(String(decoding: text, as: UTF8.self)) ?? 0 }
    }
    // `12abc` or `1e` followed by letters: the whole run is one malformed number.
    while pos < end && Lexer.isIdentChar(bytes[pos]) {
      ok = false
      pos += 1
    }
    if !ok {
      let text = String(decoding: bytes[start..<pos], as: UTF8.self)
      report(.malformedNumber(text), SourceSpan(start, pos))
      value = 0
    }
    emit(.number, from: start, .number(value))
  }
}
