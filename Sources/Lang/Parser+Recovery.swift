// Error recovery: where parsing resumes after a syntax error, and brackets never closed.
//
// After an error the parser skips to the next statement boundary (clox `synchronize`): a newline
// or `;` outside brackets, or a statement keyword. Brackets open at the error are skipped as a
// unit when the `closers` table says they are closed later, so an error inside a multi-line call
// does not orphan the rest of the call. A bracket that is never closed cannot be skipped that
// way (it would swallow the rest of the file), so inside one a line that begins a statement ends
// the broken statement:
// - a statement keyword, `fn` or a block keyword at the start of a line (this one also abandons
//   brackets that are closed later), or
// - a token that can start a statement, on a line indented no deeper than the line where the
//   bracket was opened: continuation lines are indented deeper; the next statement is not.
// The unclosed bracket is reported as `'(' at 3:5 is never closed` at that line (or at the end of
// the input). Recovery only follows real errors, so an unclosed bracket at the end of REPL input
// still asks for more.

extension Parser.State {
  /// Skips to the next statement boundary. `openers` are the token indices of the brackets
  /// open at the error, outermost first. With `consumeSeparator` a final newline or `;` is
  /// consumed.
  func synchronize(openers: [Int], consumeSeparator: Bool) {
    var open = openers
    let start = pos
    while true {
      let t = tokens[pos]
      if !open.isEmpty, pos > 0, tokens[pos - 1].kind == .newline {
        // Inside a bracket closed later (a well-formed inner call), only a keyword line ends
        // the statement.
        let inner = open[open.count - 1]
        if startsStatementLine(pos)
          || (isNeverClosed(inner) && resumesAfterUnclosed(pos, opener: inner))
        {
          if let u = open.last(where: isNeverClosed) { reportNeverClosed(u, at: pos) }
          return
        }
      }
      switch t.kind {
      case .eof:
        if let u = open.last(where: isNeverClosed) { reportNeverClosed(u, at: pos) }
        return
      case .newline, .semicolon:
        if open.isEmpty {
          if consumeSeparator { pos += 1 }
          return
        }
      case .lparen, .lbracket, .lbrace:
        open.append(pos)
      case .rparen, .rbracket, .rbrace:
        if !open.isEmpty { open.removeLast() }
      default:
        let keyword = t.kind.isBlockTerminator || t.kind.startsStatementOnly || t.kind == .kwFn
        if keyword && open.isEmpty && (pos > start || t.kind.isBlockTerminator) { return }
      }
      pos += 1
    }
  }

  /// Restores the mode stack after an error thrown from deeper code, returning the openers of
  /// the brackets that were open above `base`, outermost first.
  func unwindModes(to base: Int) -> [Int] {
    guard modes.count > base else { return [] }
    var openers: [Int] = []
    for case .bracket(let i) in modes[base...] { openers.append(i) }
    modes.removeSubrange(base...)
    return openers
  }

  /// Whether token `i` starts a line with a statement keyword, `fn` or a block keyword.
  func startsStatementLine(_ i: Int) -> Bool {
    guard i > 0, tokens[i - 1].kind == .newline else { return false }
    let k = tokens[i].kind
    return k.startsStatementOnly || k.isBlockTerminator || k == .kwFn
  }

  /// Whether token `i` starts a line that ends a statement whose bracket `opener` is never
  /// closed (see the file comment).
  func resumesAfterUnclosed(_ i: Int, opener: Int) -> Bool {
    guard i > 0, tokens[i - 1].kind == .newline else { return false }
    if startsStatementLine(i) { return true }
    return tokens[i].kind.startsExpression && indent(ofLineAt: i) <= indent(ofLineAt: opener)
  }

  /// Whether no bracket of its kind closes the bracket token at index `opener`.
  func isNeverClosed(_ opener: Int) -> Bool { unclosed.contains(opener) }

  /// The opening brackets that no closer of their kind closes. A closer pops back to the
  /// nearest opener of its kind (the openers above it are unclosed); a closer with no such
  /// opener is ignored. Unlike `closers` (any kind closes any, for messages such as
  /// `expected ']' … found ')'`), a stray `)` does not close an earlier `[`.
  static func unclosedBrackets(_ tokens: [Token]) -> Set<Int> {
    var stack: [Int] = []
    var open = [0, 0, 0]  // ( [ { on the stack
    var result = Set<Int>()
    func slot(_ k: TokenKind) -> Int {
      switch k {
      case .lparen, .rparen: return 0
      case .lbracket, .rbracket: return 1
      default: return 2
      }
    }
    for (i, t) in tokens.enumerated() {
      switch t.kind {
      case .lparen, .lbracket, .lbrace:
        stack.append(i)
        open[slot(t.kind)] += 1
      case .rparen, .rbracket, .rbrace:
        guard open[slot(t.kind)] > 0 else { continue }
        while let top = stack.popLast() {
          open[slot(tokens[top].kind)] -= 1
          if slot(tokens[top].kind) == slot(t.kind) { break }
          result.insert(top)
        }
      default: break
      }
    }
    result.formUnion(stack)
    return result
  }

  /// The column of the first token on the line of token `i`.
  func indent(ofLineAt i: Int) -> Int {
    var j = i
    while j > 0 && tokens[j - 1].kind != .newline { j -= 1 }
    return file.location(of: tokens[j].span.start).column
  }

  /// Reports `'(' at 3:5 is never closed` for the bracket token `opener` at token `i`, the
  /// first token of the line after the broken statement (once per bracket).
  func reportNeverClosed(_ opener: Int, at i: Int) {
    guard reportedUnclosed.insert(opener).inserted else { return }
    var j = i - 1
    while j > 0 && tokens[j].kind == .newline { j -= 1 }
    let line = file.location(of: tokens[j].span.end).line
    let o = tokens[opener]
    let text = file.text(of: o.span)
    let closer = o.kind == .lparen ? ")" : o.kind == .lbracket ? "]" : "}"
    report(
      .neverClosed(opener: text, at: position(o.span.start)), at: tokens[i],
      notes: [DiagnosticNote("'\(text)' opened here", span: o.span)],
      hint: "add '\(closer)' at the end of line \(line)")
  }
}
