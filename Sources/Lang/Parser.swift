// The parser's entry point and shared machinery: token access, newline modes, errors, recovery.
//
// A Pratt parser over the lexer's tokens (expressions in Parser+Expressions, statements in
// Parser+Statements, operator table in Precedence). Design points:
// - Newlines are tokens. A stack of modes says whether they are skipped: inside ( [ { they are,
//   inside a block (also a `fn … end` nested in brackets) they separate statements. After a
//   binary operator, `=`, `,` or `->` the parser skips them explicitly.
// - Errors record a diagnostic and throw `Abort`; the innermost statement catches it and
//   `synchronize`s to the next statement boundary (bracket-aware), so all independent errors are
//   reported (Parser+Recovery, which also says where a bracket that is never closed ends).
//   Block headers (`for x in …`) recover to the end of the header and still parse the body, so
//   a bad header does not orphan its `end`.
// - An error whose offending token is the end of input is "incomplete": if every error is, the
//   outcome is `.needsMoreInput` (the REPL shows `...`).
// - Recursion depth is counted in `parseExpression` and `parseBlock`; past `nestingLimit` the
//   parse stops with one diagnostic, so deep input cannot overflow the stack. Chains the parser
//   builds in a loop but that nest the tree have limits of their own (`fstringNestingLimit`,
//   `postfixLimit`); operator chains `a + b + …` have none (the compiler runs them as loops).

/// The result of parsing one input.
public enum ParseOutcome: Sendable {
  /// The input parsed without errors.
  case success(Program)
  /// Static errors (lexical E1xx and syntax E2xx), in source order.
  case failure([Diagnostic])
  /// The input is an incomplete prefix of a valid program (unclosed block, bracket or `"""`
  /// string, trailing operator) and has no other errors.
  case needsMoreInput
}

/// Parses FSL source into a `Program`.
public enum Parser {
  /// Maximum nesting of expressions and blocks (docs/design.md §"Evaluator").
  public static let nestingLimit = 1000
  /// Maximum nesting of f-strings inside f-string expressions (`f"{f'{x}'}"` is two).
  public static let fstringNestingLimit = 200
  /// Maximum number of calls, indexes and fields in a row (`x[0][0]…`, `f(1)(2)…`): each nests
  /// the syntax tree one level deeper, and the resolver and compiler walk it recursively.
  public static let postfixLimit = 100_000

  /// Parses a file. With `interactive` (the default) an incomplete input gives
  /// `.needsMoreInput`; otherwise it is a `.failure` whose diagnostics say what is missing
  /// (use that for scripts).
  public static func parse(_ file: SourceFile, interactive: Bool = true) -> ParseOutcome {
    let lexed = Lexer.tokenize(file)
    let state = State(file: file, lexed: lexed)
    let statements = state.parseProgram()
    if state.diagnostics.isEmpty { return .success(Program(file: file, statements: statements)) }
    if interactive && !state.aborted && state.incomplete.allSatisfy({ $0 }) {
      return .needsMoreInput
    }
    let order = state.diagnostics.indices.sorted {
      let a = state.diagnostics[$0].span.start
      let b = state.diagnostics[$1].span.start
      return a != b ? a < b : $0 < $1
    }
    return .failure(order.map { state.diagnostics[$0] })
  }

  /// Thrown after an error has been recorded; caught where parsing can resume.
  struct Abort: Error {}

  /// Whether newlines are skipped (inside brackets) or significant (inside blocks).
  enum Mode {
    /// Inside ( [ {; `opener` is the bracket's token index (-1 for an f-string's `{…}`).
    case bracket(opener: Int)
    case block
  }

  /// The mutable state of one parse.
  final class State {
    let file: SourceFile
    var tokens: [Token]
    /// For each opening bracket token, the index of the token closing it (any bracket kind
    /// closes any); -1 when unclosed and for other tokens.
    var closers: [Int]
    /// Opening brackets that no bracket of their kind closes (Parser+Recovery).
    var unclosed: Set<Int>
    var pos = 0
    var diagnostics: [Diagnostic] = []
    /// Parallel to `diagnostics`: whether each was caused by reaching the end of input.
    var incomplete: [Bool] = []
    let lexerErrorEnds: [Int]
    var modes: [Mode] = [.block]
    var depth = 0
    var loopDepth = 0
    /// The closing keywords of each block being parsed, innermost last.
    var openClosers: [Set<TokenKind>] = []
    /// Set by the nesting limit: stop everything.
    var aborted = false
    var reportedEndOfInput = false
    /// Brackets already reported as never closed.
    var reportedUnclosed: Set<Int> = []
    /// Byte offsets of `if` tokens that turned out not to be conditional expressions.
    var notConditional: Set<Int> = []
    /// > 0 while parsing the expression of an f-string `{…}`.
    var interpolationDepth = 0

    init(file: SourceFile, lexed: LexResult) {
      self.file = file
      self.tokens = lexed.tokens
      self.closers = Parser.State.matchBrackets(lexed.tokens)
      self.unclosed = Parser.State.unclosedBrackets(lexed.tokens)
      self.lexerErrorEnds = lexed.diagnostics.map(\.span.end).sorted()
      for d in lexed.diagnostics {
        let atEnd = lexed.endsInsideString && d.code == LexError.unterminatedMultiline("").code
        diagnostics.append(d)
        incomplete.append(atEnd)
        if atEnd { reportedEndOfInput = true }
      }
    }

    /// The `closers` table for a token array, in one pass with a stack.
    static func matchBrackets(_ tokens: [Token]) -> [Int] {
      var result = [Int](repeating: -1, count: tokens.count)
      var stack: [Int] = []
      for (i, t) in tokens.enumerated() {
        switch t.kind {
        case .lparen, .lbracket, .lbrace: stack.append(i)
        case .rparen, .rbracket, .rbrace:
          if let open = stack.popLast() { result[open] = i }
        default: break
        }
      }
      return result
    }

    /// program = block EOF
    func parseProgram() -> [Stmt] {
      do {
        return try parseBlock(closers: [])
      } catch {
        return []
      }
    }

    // MARK: - Tokens

    /// Skips newline tokens when inside brackets.
    @inline(__always) func skipIgnored() {
      if case .bracket = modes[modes.count - 1] {
        while tokens[pos].kind == .newline { pos += 1 }
      }
    }

    func peek() -> Token {
      skipIgnored()
      return tokens[pos]
    }

    func peekKind() -> TokenKind {
      skipIgnored()
      return tokens[pos].kind
    }

    /// The kind `offset` tokens ahead (newlines skipped when inside brackets).
    func peekKind(_ offset: Int) -> TokenKind {
      skipIgnored()
      let skipping: Bool
      if case .bracket = modes[modes.count - 1] { skipping = true } else { skipping = false }
      var i = pos
      var n = offset
      while n > 0 && tokens[i].kind != .eof {
        i += 1
        if skipping { while tokens[i].kind == .newline { i += 1 } }
        n -= 1
      }
      return tokens[i].kind
    }

    @discardableResult func advance() -> Token {
      skipIgnored()
      let t = tokens[pos]
      if t.kind != .eof { pos += 1 }
      return t
    }

    func check(_ kind: TokenKind) -> Bool { peekKind() == kind }

    func match(_ kind: TokenKind) -> Token? {
      peekKind() == kind ? advance() : nil
    }

    /// Skips newlines explicitly (after an operator, `=`, `,` or `->`: the line continues).
    func skipNewlines() {
      while tokens[pos].kind == .newline { pos += 1 }
    }

    /// The end offset of the last consumed token.
    var previousEnd: Int { pos > 0 ? tokens[pos - 1].span.end : 0 }

    func pushMode(_ m: Mode) { modes.append(m) }
    /// Enters bracket mode for the opening bracket just consumed.
    func pushBracket() { modes.append(.bracket(opener: pos - 1)) }
    func popMode() { if modes.count > 1 { modes.removeLast() } }

    // MARK: - Errors

    /// `'end'`, `end of line`, `end of file`: how a token is named in messages.
    func describe(_ t: Token) -> String {
      switch t.kind {
      case .newline: return "end of line"
      case .eof:
        return interpolationDepth > 0 ? "end of the f-string expression" : "end of file"
      default:
        var text = file.text(of: t.span)
        if text.unicodeScalars.count > 24 { text = String(text.prefix(20)) + "…" }
        return "'\(escapeString(text, quotes: false))'"
      }
    }

    /// 1-based `line:col` of a byte offset.
    func position(_ offset: Int) -> String {
      let (l, c) = file.location(of: offset)
      return "\(l):\(c)"
    }

    /// Records an error about token `t`. Suppresses cascades: a second error at the same place,
    /// an error right after a lexical error, or a second error at the end of input.
    /// With `final`, an error at the end of input does not ask the REPL for more input.
    func report(
      _ e: ParseError, at t: Token, span: SourceSpan? = nil, notes: [DiagnosticNote] = [],
      hint: String? = nil, final: Bool = false
    ) {
      if aborted { return }
      let atEnd = t.kind == .eof && interpolationDepth == 0
      if atEnd && reportedEndOfInput { return }
      let s = span ?? (atEnd ? endOfInputSpan() : t.span)
      if let last = diagnostics.last, last.span.start == s.start, last.code.hasPrefix("E2") {
        return
      }
      if followsLexerError(t) { return }
      if atEnd { reportedEndOfInput = true }
      diagnostics.append(Diagnostic(code: e.code, e.message, span: s, notes: notes, hint: hint))
      incomplete.append(atEnd && !final)
    }

    /// Where "end of file" errors point: just past the last token that is not a newline, so
    /// that the rendered line is the one that needs continuing.
    func endOfInputSpan() -> SourceSpan {
      var i = tokens.count - 1
      while i > 0 && (tokens[i].kind == .eof || tokens[i].kind == .newline) { i -= 1 }
      let end = tokens[i].kind == .eof || tokens[i].kind == .newline ? 0 : tokens[i].span.end
      return SourceSpan(end, end)
    }

    /// Whether a lexical error ends between the previous token and `t` (then a parse error at
    /// `t` is most likely a consequence of it).
    func followsLexerError(_ t: Token) -> Bool {
      guard !lexerErrorEnds.isEmpty, interpolationDepth == 0 else { return false }
      var i = pos
      while i > 0 && (tokens[i - 1].span.start >= t.span.start || tokens[i - 1].kind == .newline) {
        i -= 1
      }
      let lo = i > 0 ? tokens[i - 1].span.end : 0
      // Binary search for the first error end >= lo.
      var a = 0
      var b = lexerErrorEnds.count
      while a < b {
        let mid = (a + b) / 2
        if lexerErrorEnds[mid] < lo { a = mid + 1 } else { b = mid }
      }
      return a < lexerErrorEnds.count && lexerErrorEnds[a] <= t.span.start
    }

    /// Records an error at the current token and throws.
    func fail(
      _ e: ParseError, at t: Token, notes: [DiagnosticNote] = [], hint: String? = nil
    ) throws -> Never {
      report(e, at: t, notes: notes, hint: hint)
      throw Abort()
    }

    /// Counts one level of nesting; past the limit, stops the whole parse.
    func enter() throws {
      depth += 1
      if depth > Parser.nestingLimit + 1 {
        let t = tokens[min(pos, tokens.count - 1)]
        report(.nestingTooDeep(Parser.nestingLimit), at: t)
        aborted = true
        throw Abort()
      }
    }

    /// Consumes `closer` or reports `expected ')' to close '(' at L:C, found X`.
    func expectClosing(_ closer: TokenKind, _ closerText: String, opener: Token) throws -> Token {
      if let t = match(closer) { return t }
      let t = peek()
      let found: String? = t.kind == .eof && interpolationDepth == 0 ? nil : describe(t)
      let hint = t.kind.startsExpression && closer != .kwEnd ? "is a ',' missing?" : nil
      let openerText = file.text(of: opener.span)
      let note = DiagnosticNote("to match this '\(openerText)'", span: opener.span)
      if case .bracket(let i)? = modes.last, i >= 0, tokens[i].span == opener.span,
        t.kind != .eof, isNeverClosed(i), tokens[pos - 1].kind == .newline
      {
        reportNeverClosed(i, at: pos)
        throw Parser.Abort()
      }
      try fail(
        .expectedClosing(
          closer: closerText, opener: openerText, at: position(opener.span.start), found: found),
        at: t, notes: [note], hint: hint)
    }

    /// Consumes a token of `kind` or reports `expected WHAT, found X`.
    @discardableResult
    func expect(_ kind: TokenKind, _ what: String) throws -> Token {
      if let t = match(kind) { return t }
      let t = peek()
      try fail(.expected(what, found: describe(t)), at: t)
    }
  }
}
