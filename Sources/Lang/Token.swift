// Tokens: what the lexer hands the parser (a kind, a byte span and a decoded literal value).

/// The kind of a token. Keywords and punctuation each get their own case.
public enum TokenKind: UInt8, Sendable, CaseIterable {
  // Literals and names.
  case number, string, fstring, name
  // Keywords.
  case kwFn, kwEnd, kwIf, kwElif, kwElse, kwFor, kwIn, kwWhile, kwBreak, kwContinue, kwReturn
  case kwAnd, kwOr, kwNot, kwTry, kwCatch, kwImport, kwAs, kwGlobal, kwTrue, kwFalse, kwNil
  // Operators.
  case plus, minus, star, slash, slashSlash, percent, caret, at
  case eqEq, notEq, less, lessEq, greater, greaterEq
  case assign, plusEq, minusEq, starEq, slashEq, slashSlashEq, percentEq, caretEq, atEq
  case arrow
  // Punctuation.
  case lparen, rparen, lbracket, rbracket, lbrace, rbrace
  case comma, colon, semicolon, dot, ellipsis
  // Layout.
  case newline, eof
  /// Characters that start no token (already reported by the lexer); parsed as an error node.
  case error

  /// Keyword spellings, used by the lexer to classify identifiers.
  static let keywords: [String: TokenKind] = [
    "fn": .kwFn, "end": .kwEnd, "if": .kwIf, "elif": .kwElif, "else": .kwElse, "for": .kwFor,
    "in": .kwIn, "while": .kwWhile, "break": .kwBreak, "continue": .kwContinue,
    "return": .kwReturn, "and": .kwAnd, "or": .kwOr, "not": .kwNot, "try": .kwTry,
    "catch": .kwCatch, "import": .kwImport, "as": .kwAs, "global": .kwGlobal, "true": .kwTrue,
    "false": .kwFalse, "nil": .kwNil,
  ]

  /// Whether this kind is a keyword.
  public var isKeyword: Bool {
    rawValue >= TokenKind.kwFn.rawValue && rawValue <= TokenKind.kwNil.rawValue
  }

  /// A short name for token dumps: `keyword` for keywords, otherwise the case name.
  public var dumpName: String {
    isKeyword ? "keyword" : "\(self)"
  }

  /// The binary operator a compound-assignment token stands for (`+=` → `+`).
  var compoundOp: BinaryOp? {
    switch self {
    case .plusEq: return .add
    case .minusEq: return .sub
    case .starEq: return .mul
    case .slashEq: return .div
    case .slashSlashEq: return .floorDiv
    case .percentEq: return .mod
    case .caretEq: return .pow
    case .atEq: return .matmul
    default: return nil
    }
  }

  /// Whether a token of this kind can begin an expression.
  var startsExpression: Bool {
    switch self {
    case .number, .string, .fstring, .name, .kwTrue, .kwFalse, .kwNil, .kwFn, .kwNot, .minus,
      .plus, .lparen, .lbracket, .lbrace, .error:
      return true
    default: return false
    }
  }

  /// Keywords that close or continue a block.
  var isBlockTerminator: Bool {
    self == .kwEnd || self == .kwElif || self == .kwElse || self == .kwCatch
  }

  /// Keywords that can only begin a statement.
  var startsStatementOnly: Bool {
    switch self {
    case .kwIf, .kwFor, .kwWhile, .kwTry, .kwReturn, .kwBreak, .kwContinue, .kwGlobal, .kwImport:
      return true
    default: return false
    }
  }
}

/// One piece of an f-string as the lexer sees it: literal text, or the byte range of an
/// interpolated expression (parsed later by the parser) with its format spec.
public enum FStringPiece: Sendable, Equatable {
  case literal(String)
  /// `exprStart..<exprEnd` are byte offsets of the expression text in the source file;
  /// `braceStart` is the offset of its `{`.
  case interpolation(exprStart: Int, exprEnd: Int, spec: String?, braceStart: Int)
}

/// The decoded value carried by literal and name tokens.
public enum TokenValue: Sendable, Equatable {
  case none
  case number(Double)
  /// A decoded string literal, or an identifier's spelling.
  case text(String)
  case fstring([FStringPiece])
}

/// A token: kind, the bytes it covers, and its decoded value.
public struct Token: Sendable, Equatable {
  /// What the token is.
  public var kind: TokenKind
  /// The bytes it covers (for strings: from the `f` or opening quote to the closing quote).
  public var span: SourceSpan
  /// The number, decoded string, identifier spelling or f-string pieces.
  public var value: TokenValue

  /// Makes a token.
  public init(_ kind: TokenKind, _ span: SourceSpan, _ value: TokenValue = .none) {
    self.kind = kind
    self.span = span
    self.value = value
  }

  /// The identifier or decoded string of a `name`/`string` token ("" otherwise).
  public var text: String {
    if case .text(let s) = value { return s }
    return ""
  }
}
