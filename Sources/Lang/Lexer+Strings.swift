// String literals: quotes, escapes, `"""` multi-line strings and f-string interpolation pieces.
//
// An f-string token carries `FStringPiece`s: decoded literal text and the byte range of each
// `{expr}` (the parser lexes and parses that range later, so spans stay in the original file).

extension Lexer {
  static let quote2 = UInt8(ascii: "\"")
  static let quote1 = UInt8(ascii: "'")
  static let backslash = UInt8(ascii: "\\")
  static let lf = UInt8(ascii: "\n")

  /// string = ["f"] (quote chars quote | quote3 chars quote3); `pos` is at the opening quote.
  mutating func lexString(isFormat: Bool, prefixStart: Int? = nil) {
    let start = prefixStart ?? pos
    let q = bytes[pos]
    let triple = peek(1) == q && peek(2) == q
    pos += triple ? 3 : 1
    var buf: [UInt8] = []
    var pieces: [FStringPiece] = []
    var closed = false
    scan: while pos < end {
      let c = bytes[pos]
      if c == q {
        if !triple {
          pos += 1
          closed = true
          break scan
        }
        if peek(1) == q && peek(2) == q {
          pos += 3
          closed = true
          break scan
        }
        buf.append(c)
        pos += 1
      } else if c == Lexer.lf && !triple {
        break scan
      } else if c == Lexer.backslash {
        lexEscape(into: &buf, triple: triple)
      } else if isFormat && c == UInt8(ascii: "{") {
        if peek(1) == c {
          buf.append(c)
          pos += 2
          continue
        }
        if !buf.isEmpty {
          pieces.append(.literal(String(decoding: buf, as: UTF8.self)))
          buf.removeAll(keepingCapacity: true)
        }
        guard let piece = lexInterpolation(quote: q, triple: triple) else {
          if abandonedString {
            abandonedString = false
            closed = true
            break scan
          }
          continue
        }
        pieces.append(piece)
      } else if isFormat && c == UInt8(ascii: "}") {
        if peek(1) == c {
          pos += 2
        } else {
          report(.singleClosingBrace, SourceSpan(pos, pos + 1))
          pos += 1
        }
        buf.append(c)
      } else {
        buf.append(c)
        pos += 1
      }
    }
    if !closed {
      if triple {
        let q3 = String(decoding: [q, q, q], as: UTF8.self)
        if pos >= end && end == bytes.count { endsInsideString = true }
        report(.unterminatedMultiline(q3), SourceSpan(start, pos))
      } else {
        report(.unterminatedString, SourceSpan(start, pos))
      }
    }
    if isFormat {
      if !buf.isEmpty { pieces.append(.literal(String(decoding: buf, as: UTF8.self))) }
      emit(.fstring, from: start, .fstring(pieces))
    } else {
      emit(.string, from: start, .text(String(decoding: buf, as: UTF8.self)))
    }
  }

  /// escape = "\" ("n"|"t"|"r"|"0"|"\"|quote|"u{" hex{1,6} "}"); `pos` is at the backslash.
  mutating func lexEscape(into buf: inout [UInt8], triple: Bool) {
    let start = pos
    guard pos + 1 < end else {
      pos += 1
      return
    }
    let e = bytes[pos + 1]
    var simple: UInt8?
    switch e {
    case UInt8(ascii: "n"): simple = Lexer.lf
    case UInt8(ascii: "t"): simple = UInt8(ascii: "\t")
    case UInt8(ascii: "r"): simple = UInt8(ascii: "\r")
    case UInt8(ascii: "0"): simple = 0
    case Lexer.backslash, Lexer.quote1, Lexer.quote2: simple = e
    default: break
    }
    if let s = simple {
      buf.append(s)
      pos += 2
      return
    }
    if e == Lexer.lf {
      // In a multi-line string `\` + newline joins lines; in a one-line string the newline
      // ends the (unterminated) string.
      pos += triple ? 2 : 1
      return
    }
    if e == UInt8(ascii: "u") {
      lexUnicodeEscape(into: &buf)
      return
    }
    pos = min(end, pos + 1 + Lexer.scalarLength(e))
    let text = String(decoding: bytes[start..<pos], as: UTF8.self)
    report(.unknownEscape(text), SourceSpan(start, pos), hint: "write '\\\\' for a backslash")
    buf.append(contentsOf: bytes[start..<pos])
  }

  /// `\u{1F600}`: one to six hex digits naming a Unicode scalar (not a surrogate).
  mutating func lexUnicodeEscape(into buf: inout [UInt8]) {
    let start = pos
    pos += 2
    var value: UInt32 = 0
    var digits = 0
    var ok = peek() == UInt8(ascii: "{")
    if ok {
      pos += 1
      while pos < end, let d = Lexer.hexValue(bytes[pos]), digits < 7 {
        value = value &* 16 &+ d
        digits += 1
        pos += 1
      }
      ok = digits >= 1 && digits <= 6 && peek() == UInt8(ascii: "}")
      if peek() == UInt8(ascii: "}") { pos += 1 }
    }
    if ok, let scalar = Unicode.Scalar(value) {
      buf.append(contentsOf: Array(String(Character(scalar)).utf8))
      return
    }
    let text = String(decoding: bytes[start..<pos], as: UTF8.self)
    report(.invalidUnicodeEscape(text), SourceSpan(start, pos), hint: "write '\\u{1F600}'")
  }

  /// interpolation = "{" expr [":" spec] "}"; `pos` is at the `{`. Skips nested brackets and
  /// strings to find the end; as in Python 3.12 a nested string may use the same quote as the
  /// f-string (`f"{d["k"]}"`). Returns nil (after reporting) when the piece is malformed.
  mutating func lexInterpolation(quote q: UInt8, triple: Bool) -> FStringPiece? {
    let braceStart = pos
    pos += 1
    let exprStart = pos
    var exprEnd = -1
    var specStart = -1
    var depth = 0
    scan: while pos < end {
      let c = bytes[pos]
      if c == Lexer.lf && !triple { break }
      if c == q && (triple ? (peek(1) == q && peek(2) == q) : specStart >= 0) { break }
      if specStart >= 0 {
        if c == UInt8(ascii: "}") { break }
        pos += 1
        continue
      }
      switch c {
      case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
        depth += 1
      case UInt8(ascii: ")"), UInt8(ascii: "]"):
        depth = max(0, depth - 1)
      case UInt8(ascii: "}"):
        if depth == 0 {
          exprEnd = pos
          break scan
        }
        depth -= 1
      case UInt8(ascii: ":") where depth == 0:
        exprEnd = pos
        specStart = pos + 1
      case Lexer.quote1, Lexer.quote2:
        let quoteAt = pos
        let nested = skipNestedString(lineEndsString: !triple)
        if nested == .closed { continue }
        if nested == .tooDeep {
          // Far past the parser's limit (E214): one error, and the rest of the line (of the
          // input, in a `"""` string) is skipped rather than scanned again at every level.
          report(
            .fstringNestingTooDeep(Parser.fstringNestingLimit), SourceSpan(pos, min(pos + 1, end)))
          while pos < end && (triple || bytes[pos] != Lexer.lf) { pos += 1 }
          abandonedString = true
          return nil
        }
        // A string of the f-string's own quote that does not close on this line is the
        // f-string's closing quote: `f"{x"` is an unclosed `{`.
        if c == q && !triple { pos = quoteAt }
        break scan
      default: break
      }
      pos += 1
    }
    guard pos < end, bytes[pos] == UInt8(ascii: "}") else {
      // At a newline or the end of input the string itself is unterminated; that error
      // is reported by the caller, so only a `{` cut short by the closing quote is reported.
      if pos < end && bytes[pos] == q {
        report(.unterminatedInterpolation, SourceSpan(braceStart, pos))
      }
      return nil
    }
    if exprEnd < 0 { exprEnd = pos }
    let spec = specStart >= 0 ? String(decoding: bytes[specStart..<pos], as: UTF8.self) : nil
    pos += 1
    let blank = bytes[exprStart..<exprEnd].allSatisfy {
      $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == Lexer.lf || $0 == 0x0D
    }
    if blank {
      report(.emptyInterpolation, SourceSpan(braceStart, pos))
      return nil
    }
    return .interpolation(
      exprStart: exprStart, exprEnd: exprEnd, spec: spec, braceStart: braceStart)
  }

  /// Frames (strings and `{…}` fields) `skipNestedString` follows before giving up: twice the
  /// parser's f-string limit in both.
  static let nestedFrameLimit = 4 * Parser.fstringNestingLimit

  /// One level of a string literal nested in an f-string expression, while skipping it.
  private enum NestedFrame {
    /// Inside a string literal (an f-string's literal text when `format`).
    case string(quote: UInt8, triple: Bool, format: Bool)
    /// Inside an f-string `{…}` expression, `depth` brackets deep.
    case expression(depth: Int)
    /// Inside an f-string `{…:spec}`.
    case spec
  }

  /// How skipping a nested string ended.
  enum NestedEnd { case closed, cut, tooDeep }

  /// Skips a string literal nested in an f-string expression, with the f-strings, `{…}` fields
  /// and strings nested in it in turn (a stack, not recursion). `pos` is at its opening quote.
  /// `.closed`: `pos` is after its closing quote; `.cut`: `pos` is at the newline (when
  /// `lineEndsString`) or the end of input that cuts it short; `.tooDeep`: nesting went far
  /// past the parser's f-string limit (each level of the parser scans again from its level, so
  /// stopping here keeps hostile input linear), `pos` is where.
  mutating func skipNestedString(lineEndsString: Bool) -> NestedEnd {
    var stack: [NestedFrame] = []
    var triples = 0
    var tooDeep = false
    func open(_ at: Int) -> (frame: NestedFrame, length: Int) {
      let q = bytes[at]
      let triple = at + 2 < end && bytes[at + 1] == q && bytes[at + 2] == q
      let f = at > 0 && bytes[at - 1] == UInt8(ascii: "f")
      let prefixed = f && (at < 2 || !Lexer.isIdentChar(bytes[at - 2]))
      return (.string(quote: q, triple: triple, format: prefixed), triple ? 3 : 1)
    }
    func push(_ frame: NestedFrame) {
      if case .string(_, true, _) = frame { triples += 1 }
      if stack.count > Lexer.nestedFrameLimit { tooDeep = true }
      stack.append(frame)
    }
    func pop() {
      if case .string(_, true, _)? = stack.popLast() { triples -= 1 }
    }
    let first = open(pos)
    push(first.frame)
    pos += first.length
    while pos < end, let top = stack.last {
      if tooDeep { return .tooDeep }
      let c = bytes[pos]
      if c == Lexer.lf && lineEndsString && triples == 0 { return .cut }
      switch top {
      case .string(let q, let triple, let format):
        if c == Lexer.backslash {
          pos += 2
        } else if c == q && (!triple || (peek(1) == q && peek(2) == q)) {
          pop()
          pos += triple ? 3 : 1
          if stack.isEmpty { return .closed }
        } else if c == Lexer.lf && !triple {
          return .cut
        } else if format && c == UInt8(ascii: "{") {
          if peek(1) == c {
            pos += 2
          } else {
            push(.expression(depth: 0))
            pos += 1
          }
        } else {
          pos += 1
        }
      case .expression(let depth):
        switch c {
        case Lexer.quote1, Lexer.quote2:
          let next = open(pos)
          push(next.frame)
          pos += next.length
          continue
        case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
          stack[stack.count - 1] = .expression(depth: depth + 1)
        case UInt8(ascii: ")"), UInt8(ascii: "]"):
          stack[stack.count - 1] = .expression(depth: max(0, depth - 1))
        case UInt8(ascii: "}"):
          if depth == 0 { pop() } else { stack[stack.count - 1] = .expression(depth: depth - 1) }
        case UInt8(ascii: ":") where depth == 0:
          stack[stack.count - 1] = .spec
        default: break
        }
        pos += 1
      case .spec:
        if c == UInt8(ascii: "}") { pop() }
        pos += 1
      }
    }
    pos = min(pos, end)
    return .cut
  }
}
