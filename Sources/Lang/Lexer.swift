// The lexer: UTF-8 bytes → tokens with spans. Lexical errors become diagnostics; lexing goes on.
//
// Works on the file's `[UInt8]` directly (no String indices). Newlines are tokens; the parser
// decides where they matter. Numbers and strings live in Lexer+Numbers / Lexer+Strings.

/// What lexing a file produced.
public struct LexResult: Sendable {
  /// The tokens, always ending with one `.eof` token.
  public var tokens: [Token]
  /// Lexical errors (codes E1xx), in source order.
  public var diagnostics: [Diagnostic]
  /// True when the input ended inside a multi-line string (more input could complete it).
  public var endsInsideString: Bool
}

/// Turns source bytes into tokens.
public struct Lexer {
  let file: SourceFile
  let bytes: [UInt8]
  /// Current byte offset.
  var pos: Int
  /// One past the last byte to lex.
  let end: Int
  var tokens: [Token] = []
  var diagnostics: [Diagnostic] = []
  var endsInsideString = false
  /// Set when an f-string was given up (nested far too deep): it ends where lexing stopped.
  var abandonedString = false

  /// A lexer over the whole file, or over `range` (byte offsets; used for f-string expressions,
  /// so that token spans point into the original file).
  public init(_ file: SourceFile, range: Range<Int>? = nil) {
    self.file = file
    self.bytes = file.bytes
    let r = range ?? 0..<file.bytes.count
    self.pos = max(0, min(r.lowerBound, file.bytes.count))
    self.end = max(self.pos, min(r.upperBound, file.bytes.count))
    // Skip a UTF-8 byte-order mark at the start of a file.
    if pos == 0, end >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { pos = 3 }
  }

  /// Lexes a whole file.
  public static func tokenize(_ file: SourceFile) -> LexResult {
    var lexer = Lexer(file)
    // Not in `run`: an f-string expression's range may hold nested f-strings that are one
    // token each, and every nesting level keeps its tokens while the inner ones are parsed.
    lexer.tokens.reserveCapacity((lexer.end - lexer.pos) / 3 + 1)
    return lexer.run()
  }

  /// Lexes the lexer's range to the end.
  public mutating func run() -> LexResult {
    while pos < end { lexOne() }
    tokens.append(Token(.eof, SourceSpan(end, end)))
    return LexResult(tokens: tokens, diagnostics: diagnostics, endsInsideString: endsInsideString)
  }

  // MARK: - Helpers

  func peek(_ offset: Int = 0) -> UInt8 {
    let i = pos + offset
    return i < end ? bytes[i] : 0
  }

  mutating func emit(_ kind: TokenKind, from start: Int, _ value: TokenValue = .none) {
    tokens.append(Token(kind, SourceSpan(start, pos), value))
  }

  mutating func report(_ error: LexError, _ span: SourceSpan, hint: String? = nil) {
    diagnostics.append(Diagnostic(code: error.code, error.message, span: span, hint: hint))
  }

  static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
  static func isIdentStart(_ b: UInt8) -> Bool {
    (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b == 0x5F
  }
  static func isIdentChar(_ b: UInt8) -> Bool { isIdentStart(b) || isDigit(b) }

  /// Whether the previous token ends an operand (then `.5` is a field access, not a number).
  var previousEndsOperand: Bool {
    guard let last = tokens.last else { return false }
    switch last.kind {
    case .number, .string, .fstring, .name, .rparen, .rbracket, .rbrace, .kwTrue, .kwFalse,
      .kwNil, .kwEnd:
      return true
    default: return false
    }
  }

  // MARK: - Dispatch

  mutating func lexOne() {
    let start = pos
    let b = bytes[pos]
    switch b {
    case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), 0x0C:
      pos += 1
    case UInt8(ascii: "\n"):
      pos += 1
      emit(.newline, from: start)
    case UInt8(ascii: "#"):
      while pos < end && bytes[pos] != UInt8(ascii: "\n") { pos += 1 }
    case UInt8(ascii: "\""), UInt8(ascii: "'"):
      lexString(isFormat: false)
    case UInt8(ascii: "."):
      if peek(1) == UInt8(ascii: "."), peek(2) == UInt8(ascii: ".") {
        pos += 3
        emit(.ellipsis, from: start)
      } else if Lexer.isDigit(peek(1)) && !previousEndsOperand {
        lexNumber()
      } else {
        pos += 1
        emit(.dot, from: start)
      }
    default:
      if Lexer.isDigit(b) {
        lexNumber()
      } else if Lexer.isIdentStart(b) {
        lexIdentifier()
      } else if let kind = lexOperator(b) {
        emit(kind, from: start)
      } else {
        lexBadCharacter()
      }
    }
  }

  mutating func lexIdentifier() {
    let start = pos
    while pos < end && Lexer.isIdentChar(bytes[pos]) { pos += 1 }
    if pos - start == 1, bytes[start] == UInt8(ascii: "f"),
      peek() == UInt8(ascii: "\"") || peek() == UInt8(ascii: "'")
    {
      lexString(isFormat: true, prefixStart: start)
      return
    }
    let name = String(decoding: bytes[start..<pos], as: UTF8.self)
    if let kw = TokenKind.keywords[name] {
      emit(kw, from: start)
    } else {
      emit(.name, from: start, .text(name))
    }
  }

  /// Consumes an operator or punctuation token starting with `b`; nil if `b` starts none.
  mutating func lexOperator(_ b: UInt8) -> TokenKind? {
    let next = peek(1)
    let eq = next == UInt8(ascii: "=")
    func take(_ n: Int, _ kind: TokenKind) -> TokenKind {
      pos += n
      return kind
    }
    switch b {
    case UInt8(ascii: "+"): return eq ? take(2, .plusEq) : take(1, .plus)
    case UInt8(ascii: "-"):
      if next == UInt8(ascii: ">") { return take(2, .arrow) }
      return eq ? take(2, .minusEq) : take(1, .minus)
    case UInt8(ascii: "*"): return eq ? take(2, .starEq) : take(1, .star)
    case UInt8(ascii: "/"):
      if next == UInt8(ascii: "/") {
        return peek(2) == UInt8(ascii: "=") ? take(3, .slashSlashEq) : take(2, .slashSlash)
      }
      return eq ? take(2, .slashEq) : take(1, .slash)
    case UInt8(ascii: "%"): return eq ? take(2, .percentEq) : take(1, .percent)
    case UInt8(ascii: "^"): return eq ? take(2, .caretEq) : take(1, .caret)
    case UInt8(ascii: "@"): return eq ? take(2, .atEq) : take(1, .at)
    case UInt8(ascii: "="): return eq ? take(2, .eqEq) : take(1, .assign)
    case UInt8(ascii: "!"): return eq ? take(2, .notEq) : nil
    case UInt8(ascii: "<"): return eq ? take(2, .lessEq) : take(1, .less)
    case UInt8(ascii: ">"): return eq ? take(2, .greaterEq) : take(1, .greater)
    case UInt8(ascii: "("): return take(1, .lparen)
    case UInt8(ascii: ")"): return take(1, .rparen)
    case UInt8(ascii: "["): return take(1, .lbracket)
    case UInt8(ascii: "]"): return take(1, .rbracket)
    case UInt8(ascii: "{"): return take(1, .lbrace)
    case UInt8(ascii: "}"): return take(1, .rbrace)
    case UInt8(ascii: ","): return take(1, .comma)
    case UInt8(ascii: ":"): return take(1, .colon)
    case UInt8(ascii: ";"): return take(1, .semicolon)
    default: return nil
    }
  }

  /// Length in bytes of the UTF-8 sequence starting with lead byte `b`.
  static func scalarLength(_ b: UInt8) -> Int {
    if b < 0x80 { return 1 }
    if b >= 0xF0 { return 4 }
    if b >= 0xE0 { return 3 }
    if b >= 0xC0 { return 2 }
    return 1
  }

  /// Reports a character that starts no token. A run of adjacent bad characters is one error.
  mutating func lexBadCharacter() {
    let start = pos
    pos = min(end, pos + Lexer.scalarLength(bytes[pos]))
    if let last = diagnostics.last, last.code == LexError.unexpectedCharacter("").code,
      last.span.end == start, let t = tokens.last, t.kind == .error, t.span.end == start
    {
      diagnostics[diagnostics.count - 1].span.end = pos
      tokens[tokens.count - 1].span.end = pos
      return
    }
    emit(.error, from: start)
    let text = String(decoding: bytes[start..<pos], as: UTF8.self)
    let shown = bytes[start] < 0x20 || bytes[start] == 0x7F ? escapedControl(bytes[start]) : text
    var hint: String?
    switch text {
    case "!": hint = "use 'not' for logical negation"
    case "&": hint = "use 'and' for logical and"
    case "|": hint = "use 'or' for logical or"
    default: hint = nil
    }
    report(.unexpectedCharacter(shown), SourceSpan(start, pos), hint: hint)
  }

  func escapedControl(_ b: UInt8) -> String {
    let hex = String(b, radix: 16, uppercase: true)
    return "\\u{" + (hex.count < 2 ? "0" + hex : hex) + "}"
  }
}
