// The catalogue of lexer (E1xx) and parser (E2xx) messages: one enum case per error.

/// Lexical errors. The lexer reports them and keeps going.
public enum LexError: Sendable {
  case unexpectedCharacter(String)
  case malformedNumber(String)
  case unterminatedString
  case unknownEscape(String)
  case invalidUnicodeEscape(String)
  case unterminatedInterpolation
  case emptyInterpolation
  case singleClosingBrace
  case unterminatedMultiline(String)
  /// Strings nested in f-string expressions far past the parser's f-string limit (E214).
  case fstringNestingTooDeep(Int)

  /// The stable code, e.g. `E101`.
  public var code: String {
    switch self {
    case .unexpectedCharacter: return "E101"
    case .malformedNumber: return "E102"
    case .unterminatedString: return "E103"
    case .unknownEscape: return "E104"
    case .invalidUnicodeEscape: return "E105"
    case .unterminatedInterpolation: return "E106"
    case .emptyInterpolation: return "E107"
    case .singleClosingBrace: return "E108"
    case .unterminatedMultiline: return "E109"
    // The parser's E214 (same message), found early by the lexer.
    case .fstringNestingTooDeep: return "E214"
    }
  }

  /// The human-readable message.
  public var message: String {
    switch self {
    case .unexpectedCharacter(let c): return "unexpected character '\(c)'"
    case .malformedNumber(let t): return "malformed number '\(t)'"
    case .unterminatedString: return "unterminated string"
    case .unknownEscape(let e): return "unknown escape sequence '\(e)'"
    case .invalidUnicodeEscape(let e): return "invalid unicode escape '\(e)'"
    case .unterminatedInterpolation: return "expected '}' to close '{' in f-string"
    case .emptyInterpolation: return "empty expression in f-string"
    case .singleClosingBrace: return "single '}' is not allowed in f-string (use '}}')"
    case .unterminatedMultiline(let q): return "unterminated '\(q)' string"
    case .fstringNestingTooDeep(let limit): return "f-strings nested too deeply (limit \(limit))"
    }
  }
}

/// Parse errors. `found` strings come from `describe(_:)`: `'end'`, `end of line`, ….
public enum ParseError: Sendable {
  case expectedExpression(found: String)
  /// `expected ')' to close '(' at 2:7, found 'end'`; `found` is nil at end of file.
  case expectedClosing(closer: String, opener: String, at: String, found: String?)
  case unexpected(String)
  case expected(String, found: String)
  case cannotAssign(String)
  case positionalAfterKeyword
  case duplicateKeyword(String)
  case nestingTooDeep(Int)
  case nonDefaultAfterDefault(String)
  case outsideLoop(String)
  case assignInCondition
  case expectedInterpolationEnd(found: String)
  /// `'(' at 3:5 is never closed`: reported where the next statement begins.
  case neverClosed(opener: String, at: String)
  case fstringNestingTooDeep(Int)
  case postfixChainTooLong(Int)

  /// The stable code, e.g. `E201`.
  public var code: String {
    switch self {
    case .expectedExpression: return "E201"
    case .expectedClosing: return "E202"
    case .unexpected: return "E203"
    case .expected: return "E204"
    case .cannotAssign: return "E205"
    case .positionalAfterKeyword: return "E206"
    case .duplicateKeyword: return "E207"
    case .nestingTooDeep: return "E208"
    case .nonDefaultAfterDefault: return "E209"
    case .outsideLoop: return "E210"
    case .assignInCondition: return "E211"
    case .expectedInterpolationEnd: return "E212"
    case .neverClosed: return "E213"
    case .fstringNestingTooDeep: return "E214"
    case .postfixChainTooLong: return "E215"
    }
  }

  /// The human-readable message.
  public var message: String {
    switch self {
    case .expectedExpression(let f): return "expected an expression, found \(f)"
    case .expectedClosing(let closer, let opener, let at, let found):
      let tail = found.map { ", found \($0)" } ?? ""
      return "expected '\(closer)' to close '\(opener)' at \(at)\(tail)"
    case .unexpected(let t): return "unexpected \(t)"
    case .expected(let what, let f): return "expected \(what), found \(f)"
    case .cannotAssign(let what): return "cannot assign to \(what)"
    case .positionalAfterKeyword: return "positional argument follows keyword argument"
    case .duplicateKeyword(let n): return "keyword argument '\(n)' repeated"
    case .nestingTooDeep(let limit): return "nesting too deep (limit \(limit))"
    case .nonDefaultAfterDefault(let p):
      return "parameter '\(p)' without a default follows a parameter with a default"
    case .outsideLoop(let kw): return "'\(kw)' outside a loop"
    case .assignInCondition: return "unexpected '=' in a condition"
    case .expectedInterpolationEnd(let f):
      return "expected '}' after f-string expression, found \(f)"
    case .neverClosed(let opener, let at): return "'\(opener)' at \(at) is never closed"
    case .fstringNestingTooDeep(let limit): return "f-strings nested too deeply (limit \(limit))"
    case .postfixChainTooLong(let limit):
      return "too many calls, indexes and fields in a row (limit \(limit))"
    }
  }
}
