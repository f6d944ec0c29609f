// Expression parsing: the Pratt loop, prefix operators, primaries, postfix calls/index/field.

extension Parser.State {
  /// expr = lambda | prefix { infixOp expr }   (binding powers from `InfixRule`)
  func parseExpression(_ minPrec: Precedence = .lambda) throws -> Expr {
    try enter()
    defer { depth -= 1 }
    var left = try parsePrefix()
    while true {
      if minPrec <= .conditional && peekKind() == .kwIf {
        guard let e = try parseConditional(left) else { break }
        left = e
        continue
      }
      guard let rule = InfixRule.of(peekKind()), rule.precedence >= minPrec else { break }
      advance()
      skipNewlines()
      let right = try parseExpression(
        rule.rightAssociative ? rule.precedence : rule.precedence.next)
      let span = left.span.to(right.span)
      switch rule.op {
      case .binary(let op): left = Expr(.binary(op, left, right), span)
      case .logical(let op): left = Expr(.logical(op, left, right), span)
      }
    }
    return left
  }

  /// conditional = expr@or "if" expr@or "else" expr@conditional; `pos` is at the `if`.
  /// An `if` with no `else` after its condition starts an `if` statement instead (a statement
  /// may follow on the same line: `for i in xs if p(i) … end end`): the parse backtracks, and
  /// that `if` is not tried as a conditional again.
  func parseConditional(_ then: Expr) throws -> Expr? {
    let ifToken = peek()
    if notConditional.contains(ifToken.span.start) { return nil }
    let saved = (pos, diagnostics.count, reportedUnclosed, reportedEndOfInput)
    advance()
    skipNewlines()
    let cond = try parseExpression(.or)
    guard peekKind() == .kwElse else {
      notConditional.insert(ifToken.span.start)
      (pos, reportedUnclosed, reportedEndOfInput) = (saved.0, saved.2, saved.3)
      diagnostics.removeSubrange(saved.1...)
      incomplete.removeSubrange(saved.1...)
      return nil
    }
    advance()
    skipNewlines()
    let other = try parseExpression(.conditional)
    return Expr(.conditional(cond: cond, then: then, other: other), then.span.to(other.span))
  }

  /// prefix = ("not" expr@not) | (("-" | "+") expr@unary) | lambda | postfix
  func parsePrefix() throws -> Expr {
    let t = peek()
    switch t.kind {
    case .kwNot, .minus, .plus:
      advance()
      let operand = try parseExpression(t.kind == .kwNot ? .not : .unary)
      let op: UnaryOp = t.kind == .kwNot ? .not : (t.kind == .minus ? .neg : .pos)
      return Expr(.unary(op, operand), t.span.to(operand.span))
    case .name where peekKind(1) == .arrow:
      advance()
      let param = Param(name: t.text, defaultValue: nil, span: t.span)
      return try parseLambdaBody([param], start: t.span.start)
    case .lparen where isLambdaParameterList():
      let params = try parseParameters()
      return try parseLambdaBody(params, start: t.span.start)
    default:
      return try parsePostfix(parsePrimary())
    }
  }

  /// lambda = (name | params) "->" expr
  func parseLambdaBody(_ params: [Param], start: Int) throws -> Expr {
    let arrow = try expect(.arrow, "'->'")
    skipNewlines()
    let body = try parseExpression(.lambda)
    let span = SourceSpan(start, body.span.end)
    let decl = FunctionDecl(
      name: nil, params: params, body: [Stmt(.returnStmt(body), body.span)], span: span,
      nameSpan: arrow.span, doc: nil, isLambda: true)
    return Expr(.function(decl), span)
  }

  /// Whether the `(` at the current token opens a lambda parameter list: its matching `)` is
  /// followed by `->`. O(1) thanks to the precomputed `closers` table.
  func isLambdaParameterList() -> Bool {
    skipIgnored()
    var i = pos + 1
    while tokens[i].kind == .newline { i += 1 }
    guard tokens[i].kind == .name || tokens[i].kind == .rparen else { return false }
    i = closers[pos] + 1
    guard i > 0 else { return false }
    if case .bracket = modes[modes.count - 1] {
      while tokens[i].kind == .newline { i += 1 }
    }
    return tokens[i].kind == .arrow
  }

  /// postfix = primary { "(" args ")" | "[" items "]" | "." name }
  func parsePostfix(_ base: Expr) throws -> Expr {
    var e = base
    var count = 0
    while true {
      let kind = peekKind()
      if kind == .lparen || kind == .lbracket || kind == .dot {
        count += 1
        if count > Parser.postfixLimit {
          report(.postfixChainTooLong(Parser.postfixLimit), at: peek())
          aborted = true
          throw Parser.Abort()
        }
      }
      switch kind {
      case .lparen: e = try parseCall(e)
      case .lbracket: e = try parseIndex(e)
      case .dot:
        advance()
        let t = peek()
        guard t.kind == .name else {
          try fail(.expected("a field name after '.'", found: describe(t)), at: t)
        }
        advance()
        e = Expr(.field(e, t.text, t.span), e.span.to(t.span))
      default: return e
      }
    }
  }

  /// primary = number | string | fstring | "true" | "false" | "nil" | name | "(" expr ")"
  ///         | list | dict | "fn" [name] params block "end"
  func parsePrimary() throws -> Expr {
    let t = peek()
    switch t.kind {
    case .number:
      advance()
      if case .number(let v) = t.value { return Expr(.number(v), t.span) }
      return Expr(.number(0), t.span)
    case .string:
      advance()
      return Expr(.string(t.text), t.span)
    case .fstring:
      advance()
      return try parseFString(t)
    case .kwTrue, .kwFalse:
      advance()
      return Expr(.bool(t.kind == .kwTrue), t.span)
    case .kwNil:
      advance()
      return Expr(.null, t.span)
    case .name:
      advance()
      return Expr(.name(t.text), t.span)
    case .lparen:
      advance()
      pushBracket()
      let inner = try parseExpression()
      let close = try expectClosing(.rparen, ")", opener: t)
      popMode()
      return Expr(inner.kind, t.span.to(close.span))
    case .lbracket: return try parseList()
    case .lbrace: return try parseDict()
    case .error:
      advance()
      return Expr(.error, t.span)
    case .kwFn:
      let decl = try parseFunction()
      return Expr(.function(decl), decl.span)
    default:
      try fail(.expectedExpression(found: describe(t)), at: t)
    }
  }

  /// list = "[" [expr {"," expr} [","]] "]"
  func parseList() throws -> Expr {
    let open = advance()
    pushBracket()
    var items: [Expr] = []
    while !check(.rbracket) {
      items.append(try parseExpression())
      if match(.comma) == nil { break }
    }
    let close = try expectClosing(.rbracket, "]", opener: open)
    popMode()
    return Expr(.list(items), open.span.to(close.span))
  }

  /// dict = "{" [key ":" expr {"," key ":" expr} [","]] "}" ; key = name | string
  func parseDict() throws -> Expr {
    let open = advance()
    pushBracket()
    var entries: [(key: String, value: Expr)] = []
    while !check(.rbrace) {
      let k = peek()
      guard k.kind == .name || k.kind == .string else {
        if k.kind == .eof || k.kind == .rparen || k.kind == .rbracket || k.kind.isBlockTerminator {
          _ = try expectClosing(.rbrace, "}", opener: open)
        }
        try fail(.expected("a dict key (a name or a string)", found: describe(k)), at: k)
      }
      advance()
      try expect(.colon, "':' after dict key")
      entries.append((key: k.text, value: try parseExpression()))
      if match(.comma) == nil { break }
    }
    let close = try expectClosing(.rbrace, "}", opener: open)
    popMode()
    return Expr(.dict(entries), open.span.to(close.span))
  }

  /// call = "(" [arg {"," arg} [","]] ")" ; arg = [(name | keyword) "="] expr
  /// Keywords are allowed as argument labels so that `print(x, end="")` works.
  func parseCall(_ callee: Expr) throws -> Expr {
    let open = advance()
    pushBracket()
    var args: [Argument] = []
    var sawKeyword = false
    var labels: Set<String> = []
    while !check(.rparen) {
      if (peekKind() == .name || peekKind().isKeyword) && peekKind(1) == .assign {
        let label = advance()
        let name = label.kind == .name ? label.text : file.text(of: label.span)
        advance()
        let value = try parseExpression()
        if !labels.insert(name).inserted {
          report(.duplicateKeyword(name), at: label)
        }
        sawKeyword = true
        args.append(Argument(label: name, value: value))
      } else {
        let value = try parseExpression()
        if sawKeyword {
          report(.positionalAfterKeyword, at: peek(), span: value.span)
        }
        args.append(Argument(label: nil, value: value))
      }
      if match(.comma) == nil { break }
    }
    let close = try expectClosing(.rparen, ")", opener: open)
    popMode()
    return Expr(.call(callee, args), callee.span.to(close.span))
  }

  /// index = "[" item {"," item} [","] "]"
  func parseIndex(_ base: Expr) throws -> Expr {
    let open = advance()
    pushBracket()
    var items: [IndexItem] = []
    repeat {
      if check(.rbracket) && !items.isEmpty { break }
      items.append(try parseIndexItem())
    } while match(.comma) != nil
    let close = try expectClosing(.rbracket, "]", opener: open)
    popMode()
    return Expr(.index(base, items), base.span.to(close.span))
  }

  /// item = "..." | expr | [expr] ":" [expr] [":" [expr]]
  func parseIndexItem() throws -> IndexItem {
    if let e = match(.ellipsis) { return .ellipsis(e.span) }
    var lo: Expr?
    if !check(.colon) { lo = try parseExpression() }
    guard match(.colon) != nil else {
      return .expr(lo ?? Expr(.error, peek().span))
    }
    func bound() throws -> Expr? {
      let k = peekKind()
      return k == .colon || k == .comma || k == .rbracket ? nil : try parseExpression()
    }
    let hi = try bound()
    var step: Expr?
    if match(.colon) != nil { step = try bound() }
    return .slice(lo, hi, step)
  }

  /// fstring = 'f"' { text | "{" expr [":" spec] "}" } '"'; each expr is lexed from its byte
  /// range in the original file, so its spans point into that file.
  func parseFString(_ t: Token) throws -> Expr {
    guard case .fstring(let pieces) = t.value else { return Expr(.fstring([]), t.span) }
    var parts: [FStringPart] = []
    for piece in pieces {
      switch piece {
      case .literal(let s): parts.append(.literal(s))
      case .interpolation(let start, let end, let spec, _):
        parts.append(.expr(try parseInterpolation(start..<end), spec: spec))
      }
    }
    return Expr(.fstring(parts), t.span)
  }

  /// Parses the expression in bytes `range` of the file with a fresh token stream. Each level
  /// of nested f-strings lexes its whole range again, so their nesting has a limit of its own.
  func parseInterpolation(_ range: Range<Int>) throws -> Expr {
    if interpolationDepth >= Parser.fstringNestingLimit {
      let brace = SourceSpan(range.lowerBound - 1, range.lowerBound)
      report(.fstringNestingTooDeep(Parser.fstringNestingLimit), at: tokens[pos - 1], span: brace)
      aborted = true
      throw Parser.Abort()
    }
    var lexer = Lexer(file, range: range)
    let lexed = lexer.run()
    if !lexed.diagnostics.isEmpty {
      // A lexical error inside `{…}` would only cascade into parse errors.
      for d in lexed.diagnostics where !aborted {
        diagnostics.append(d)
        incomplete.append(false)
      }
      return Expr(.error, SourceSpan(range.lowerBound, range.upperBound))
    }
    let saved = (tokens, pos, modes, closers, unclosed, reportedUnclosed)
    tokens = lexed.tokens
    closers = Parser.State.matchBrackets(tokens)
    unclosed = Parser.State.unclosedBrackets(tokens)
    reportedUnclosed = []
    pos = 0
    modes = [.bracket(opener: -1)]
    interpolationDepth += 1
    defer {
      (tokens, pos, modes, closers, unclosed, reportedUnclosed) = saved
      interpolationDepth -= 1
    }
    do {
      let e = try parseExpression()
      let t = peek()
      if t.kind != .eof { report(.expectedInterpolationEnd(found: describe(t)), at: t) }
      return e
    } catch {
      if aborted { throw error }
      return Expr(.error, SourceSpan(range.lowerBound, range.upperBound))
    }
  }
}
