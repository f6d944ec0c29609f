// Statement parsing: blocks, assignments, control flow, functions, try/catch, global, import.

extension Parser.State {
  /// block = { [statement] (newline | ";" | <nothing, when the next statement cannot continue
  ///         the previous one>) }, ending before one of `closers` or at the end of input.
  func parseBlock(closers: Set<TokenKind>) throws -> [Stmt] {
    if !closers.isEmpty { try enter() }
    openClosers.append(closers)
    defer {
      if !closers.isEmpty { depth -= 1 }
      openClosers.removeLast()
    }
    var stmts: [Stmt] = []
    while !aborted {
      while tokens[pos].kind == .newline || tokens[pos].kind == .semicolon { pos += 1 }
      let t = tokens[pos]
      if t.kind == .eof { break }
      if t.kind.isBlockTerminator {
        if closers.contains(t.kind) { break }
        // `else` inside a `while` inside an `if`: the `while` lacks its `end`; let the `if`
        // have the `else` (the caller reports the missing `end`).
        if openClosers.dropLast().contains(where: { $0.contains(t.kind) }) { break }
        report(.unexpected(describe(t)), at: t)
        pos += 1
        continue
      }
      let base = modes.count
      let start = pos
      do {
        stmts.append(try parseStatement())
      } catch {
        if aborted { throw error }
        synchronize(openers: unwindModes(to: base), consumeSeparator: true)
        if pos == start && !tokens[pos].kind.isBlockTerminator && tokens[pos].kind != .eof {
          pos += 1
        }
      }
    }
    return stmts
  }

  /// Parses a block closed by `end` (or one of `closers`), reporting a missing closer as
  /// `expected 'end' to close 'KW' at L:C`. Returns the closing token, if found.
  func parseClosedBlock(
    _ opener: Token, closers: Set<TokenKind> = [.kwEnd], closerText: String = "end"
  ) throws -> ([Stmt], Token?) {
    let body = try parseBlock(closers: closers)
    let t = tokens[pos]
    if closers.contains(t.kind) {
      pos += 1
      return (body, t)
    }
    // The end of input, or a closer of an enclosing block, stops a block early.
    let kw = file.text(of: opener.span)
    let found: String? = t.kind == .eof ? nil : describe(t)
    // An `if` after an expression on its line may have been meant as `a if c else b`.
    let meantConditional = opener.kind == .kwIf && notConditional.contains(opener.span.start)
    report(
      .expectedClosing(
        closer: closerText, opener: kw, at: position(opener.span.start), found: found),
      at: t, notes: [DiagnosticNote("to match this '\(kw)'", span: opener.span)],
      hint: meantConditional ? "a conditional expression needs 'else': a if c else b" : nil)
    return (body, nil)
  }

  /// statement = fnDecl | if | for | while | try | return | "break" | "continue" | global
  ///           | import | expr [("=" | opAssign) expr]
  func parseStatement() throws -> Stmt {
    let t = peek()
    switch t.kind {
    case .kwFn where peekKind(1) == .name:
      let decl = try parseFunction()
      return Stmt(.function(decl), decl.span)
    case .kwIf: return try parseIf()
    case .kwFor: return try parseFor()
    case .kwWhile: return try parseWhile()
    case .kwTry: return try parseTry()
    case .kwReturn: return try parseReturn()
    case .kwBreak, .kwContinue:
      advance()
      if loopDepth == 0 { report(.outsideLoop(file.text(of: t.span)), at: t) }
      return Stmt(t.kind == .kwBreak ? .breakStmt : .continueStmt, t.span)
    case .kwGlobal: return try parseGlobal()
    case .kwImport: return try parseImport()
    default:
      if !t.kind.startsExpression { try fail(.unexpected(describe(t)), at: t) }
      return try parseExpressionStatement()
    }
  }

  /// exprStmt = expr [("=" | "+=" | "-=" | "*=" | "/=" | "//=" | "%=" | "^=" | "@=") expr]
  ///          | targets "=" expr {"," expr}        (Parser+Patterns)
  func parseExpressionStatement() throws -> Stmt {
    if tokens[pos].kind == .lparen && startsGroup(atStatementStart: true) {
      return try parseUnpack(first: try parseGroup())
    }
    let target = try parseExpression()
    let opTok = peek()
    if opTok.kind == .comma { return try parseUnpack(first: .target(target)) }
    let compound = opTok.kind.compoundOp
    guard opTok.kind == .assign || compound != nil else {
      return Stmt(.expr(target), target.span)
    }
    checkAssignable(target)
    advance()
    skipNewlines()
    let value = try parseExpression()
    let comma = peek()
    if comma.kind == .comma {
      try fail(.unexpected("','"), at: comma, hint: "write [a, b] to make a list")
    }
    let span = target.span.to(value.span)
    if let op = compound { return Stmt(.compound(op: op, target: target, value: value), span) }
    return Stmt(.assign(target: target, value: value), span)
  }

  /// Reports `cannot assign to …` unless `target` is a name, field or index expression.
  func checkAssignable(_ target: Expr) {
    let what: String
    switch target.kind {
    case .name, .field, .index, .error: return
    case .call: what = "a function call"
    case .number, .string, .fstring, .bool, .null: what = "a literal"
    case .list: what = "a list literal"
    case .dict: what = "a dict literal"
    case .unary, .binary, .logical: what = "an operator expression"
    case .conditional: what = "a conditional expression"
    case .function: what = "a function"
    }
    let e = ParseError.cannotAssign(what)
    diagnostics.append(Diagnostic(code: e.code, e.message, span: target.span))
    incomplete.append(false)
  }

  /// A block condition; `if x = 1` gets a hint about `==`.
  func parseCondition() throws -> Expr {
    let cond = try parseExpression()
    let t = peek()
    if t.kind == .assign {
      report(.assignInCondition, at: t, hint: "use '==' to compare")
      advance()
      skipNewlines()
      _ = try parseExpression()
    }
    return cond
  }

  /// Parses a block header with `parse`; on an error skips to the end of the header so that
  /// the body and its `end` still parse.
  func header<T>(_ fallback: T, _ parse: () throws -> T) throws -> T {
    let base = modes.count
    do {
      return try parse()
    } catch {
      if aborted { throw error }
      synchronize(openers: unwindModes(to: base), consumeSeparator: false)
      return fallback
    }
  }

  /// if = "if" expr block {"elif" expr block} ["else" block] "end"
  func parseIf() throws -> Stmt {
    let kw = advance()
    var branches: [(cond: Expr, body: [Stmt])] = []
    var elseBody: [Stmt]?
    while true {
      let cond = try header(Expr(.error, kw.span)) { try parseCondition() }
      let (body, closer) = try parseClosedBlock(kw, closers: [.kwElif, .kwElse, .kwEnd])
      branches.append((cond: cond, body: body))
      if closer?.kind == .kwElif { continue }
      if closer?.kind == .kwElse { elseBody = try parseClosedBlock(kw).0 }
      break
    }
    let stmt = Stmt.Kind.ifStmt(branches: branches, elseBody: elseBody)
    return Stmt(stmt, SourceSpan(kw.span.start, previousEnd))
  }

  /// for = "for" forTargets "in" expr block "end"
  func parseFor() throws -> Stmt {
    let kw = advance()
    var target = Pattern.target(Expr(.error, kw.span))
    let iterable = try header(Expr(.error, kw.span)) { () throws -> Expr in
      target = try parseForTargets()
      try expect(.kwIn, "'in' after the loop variable")
      return try parseExpression()
    }
    loopDepth += 1
    let (body, _) = try parseClosedBlock(kw)
    loopDepth -= 1
    let stmt = Stmt.Kind.forIn(target: target, iterable: iterable, body: body)
    return Stmt(stmt, SourceSpan(kw.span.start, previousEnd))
  }

  /// while = "while" expr block "end"
  func parseWhile() throws -> Stmt {
    let kw = advance()
    let cond = try header(Expr(.error, kw.span)) { try parseCondition() }
    loopDepth += 1
    let (body, _) = try parseClosedBlock(kw)
    loopDepth -= 1
    return Stmt(.whileStmt(cond: cond, body: body), SourceSpan(kw.span.start, previousEnd))
  }

  /// try = "try" block "catch" [name] block "end"
  func parseTry() throws -> Stmt {
    let kw = advance()
    let (body, closer) = try parseClosedBlock(
      kw, closers: [.kwCatch, .kwEnd], closerText: "catch")
    var name: String?
    var nameSpan: SourceSpan?
    var handler: [Stmt] = []
    if let c = closer, c.kind == .kwEnd {
      report(
        .expected("'catch' in 'try' at \(position(kw.span.start))", found: describe(c)), at: c)
    } else if closer != nil {
      if tokens[pos].kind == .name && isCatchBinding() {
        name = tokens[pos].text
        nameSpan = tokens[pos].span
        pos += 1
      }
      (handler, _) = try parseClosedBlock(kw)
    }
    let stmt = Stmt.Kind.tryCatch(body: body, name: name, nameSpan: nameSpan, handler: handler)
    return Stmt(stmt, SourceSpan(kw.span.start, previousEnd))
  }

  /// `catch e` binds `e` unless the name starts an expression (`catch print(e) end`).
  func isCatchBinding() -> Bool {
    let next = tokens[pos + 1].kind
    if next == .lparen || next == .lbracket || next == .dot || next == .assign || next == .arrow {
      return false
    }
    return next.compoundOp == nil && InfixRule.of(next) == nil
  }

  /// return = "return" [expr]   (no value before a newline, ";", a block keyword or the end)
  func parseReturn() throws -> Stmt {
    let kw = advance()
    switch tokens[pos].kind {
    case .newline, .semicolon, .eof, .kwEnd, .kwElif, .kwElse, .kwCatch:
      return Stmt(.returnStmt(nil), kw.span)
    default:
      let value = try parseExpression()
      return Stmt(.returnStmt(value), kw.span.to(value.span))
    }
  }

  /// global = "global" name {"," name}
  func parseGlobal() throws -> Stmt {
    let kw = advance()
    var names: [(name: String, span: SourceSpan)] = []
    repeat {
      skipNewlines()
      let n = try expect(.name, names.isEmpty ? "a name after 'global'" : "a name after ','")
      names.append((name: n.text, span: n.span))
    } while match(.comma) != nil
    return Stmt(.global(names), SourceSpan(kw.span.start, previousEnd))
  }

  /// import = "import" NAME ["as" NAME] | "import" STRING "as" NAME
  /// A bare name is a module of FSL's standard library (`stdlib/NAME.fsl`).
  func parseImport() throws -> Stmt {
    let kw = advance()
    if let name = match(.name) {
      var alias = name
      if match(.kwAs) != nil { alias = try expect(.name, "a name after 'as'") }
      return Stmt(
        .importStmt(path: name.text, alias: alias.text, aliasSpan: alias.span, library: true),
        SourceSpan(kw.span.start, alias.span.end))
    }
    let path = try expect(
      .string, "a library module name or a file path string after 'import'")
    try expect(.kwAs, "'as' after the import path")
    let alias = try expect(.name, "a name after 'as'")
    return Stmt(
      .importStmt(path: path.text, alias: alias.text, aliasSpan: alias.span, library: false),
      SourceSpan(kw.span.start, alias.span.end))
  }

  /// function = "fn" [name] params block "end"   (a leading string in the body is its doc)
  func parseFunction() throws -> FunctionDecl {
    let kw = advance()
    var name: String?
    var nameSpan = kw.span
    if let n = match(.name) {
      name = n.text
      nameSpan = n.span
    }
    let params = try header([Param]()) { try parseParameters() }
    pushMode(.block)
    let savedLoops = loopDepth
    loopDepth = 0
    var (body, _) = try parseClosedBlock(kw)
    loopDepth = savedLoops
    popMode()
    var doc: String?
    if let first = body.first, case .expr(let e) = first.kind, case .string(let s) = e.kind {
      doc = s
      body.removeFirst()
    }
    return FunctionDecl(
      name: name, params: params, body: body, span: SourceSpan(kw.span.start, previousEnd),
      nameSpan: nameSpan, doc: doc, isLambda: false)
  }

  /// params = "(" [param {"," param} [","]] ")" ; param = name ["=" expr]
  func parseParameters() throws -> [Param] {
    let t = peek()
    guard t.kind == .lparen else {
      try fail(.expected("'(' to start the parameter list", found: describe(t)), at: t)
    }
    let open = advance()
    pushBracket()
    var params: [Param] = []
    var sawDefault = false
    while !check(.rparen) {
      let n = peek()
      guard n.kind == .name else {
        if n.kind == .eof { _ = try expectClosing(.rparen, ")", opener: open) }
        try fail(.expected("a parameter name", found: describe(n)), at: n)
      }
      advance()
      var value: Expr?
      if match(.assign) != nil {
        value = try parseExpression()
        sawDefault = true
      } else if sawDefault {
        report(.nonDefaultAfterDefault(n.text), at: n)
      }
      params.append(
        Param(name: n.text, defaultValue: value, span: n.span.to(value?.span ?? n.span)))
      if match(.comma) == nil { break }
    }
    _ = try expectClosing(.rparen, ")", opener: open)
    popMode()
    return params
  }
}
