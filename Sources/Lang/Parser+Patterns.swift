// Assignment patterns: `a, b = b, a`, `xs[i], xs[j] = xs[j], xs[i]`, `(a, b), c = xs`, and the
// targets of `for i, (x, y) in …`.
//
// Targets are parsed as expressions and then checked (`checkAssignable`). A `(` opens a group of
// targets only where it cannot open an expression (`startsGroup`), so `(xs)[0], b = …` and a
// lambda statement `(a, b) -> a` still parse as before.

extension Parser.State {
  /// unpack  = targets "=" expr {"," expr}
  /// targets = target {"," target} [","] ; target = "(" targets ")" | expr
  /// `first` is the target already parsed. A lone parenthesized target is a plain assignment.
  func parseUnpack(first: Pattern) throws -> Stmt {
    var items = [first]
    var sawComma = false
    while match(.comma) != nil {
      sawComma = true
      skipNewlines()
      if check(.assign) { break }
      items.append(try parseTarget())
    }
    let eq = peek()
    guard eq.kind == .assign else {
      // `a, b` at the end of REPL input is finished (and wrong), not a prompt for more.
      report(
        .expected("'=' after the assignment targets", found: describe(eq)), at: eq,
        hint: "write [a, b] to make a list", final: true)
      throw Parser.Abort()
    }
    let last = items[items.count - 1]
    let target = sawComma ? .sequence(items, first.span.to(last.span)) : first
    for e in target.targets { checkAssignable(e) }
    advance()
    skipNewlines()
    var values = [try parseExpression()]
    switch target {
    case .target(let e):
      return Stmt(.assign(target: e, value: values[0]), e.span.to(values[0].span))
    case .sequence:
      while match(.comma) != nil {
        skipNewlines()
        values.append(try parseExpression())
      }
      let span = target.span.to(values[values.count - 1].span)
      return Stmt(.unpack(target: target, values: values), span)
    }
  }

  /// target = "(" targets ")" | expr, where the expr is a name, field or index expression
  /// (checked once the `=` is seen, so `f(a), g(b)` is one error, not three).
  func parseTarget() throws -> Pattern {
    if peekKind() == .lparen && startsGroup(atStatementStart: false) { return try parseGroup() }
    return .target(try parseExpression())
  }

  /// "(" targets ")"; one target without a comma is that target (`(x) = 1` assigns `x`).
  func parseGroup() throws -> Pattern {
    try enter()
    defer { depth -= 1 }
    let (items, sawComma, span) = try parseParenthesized { _ in try parseTarget() }
    if items.count == 1 && !sawComma {
      if case .target(let e) = items[0] { return .target(Expr(e.kind, span)) }
      return items[0]
    }
    return .sequence(items, span)
  }

  /// Whether the `(` at the current token opens a group of targets. At the start of a statement
  /// it does when its `)` is followed by `,` or `=` (`(a, b), c = …`), or when it is never
  /// closed and holds a `,` of its own (so that `(a,` asks the REPL for more input). Inside a
  /// pattern it does unless its `)` is followed by `.`, `[`, `(` or `->` (`(xs)[0]`, a lambda).
  func startsGroup(atStatementStart: Bool) -> Bool {
    skipIgnored()
    let close = closers[pos]
    guard close >= 0 else { return !atStatementStart || hasOwnComma(pos) }
    var i = close + 1
    if case .bracket = modes[modes.count - 1] {
      while tokens[i].kind == .newline { i += 1 }
    }
    switch tokens[i].kind {
    case .comma, .assign: return true
    case .dot, .lbracket, .lparen, .arrow: return false
    default: return !atStatementStart
    }
  }

  /// Whether the unclosed bracket at token `open` holds a `,` at its own level before the end
  /// of the input or the line where recovery would end it (Parser+Recovery).
  func hasOwnComma(_ open: Int) -> Bool {
    var nest = 0
    var i = open + 1
    while true {
      switch tokens[i].kind {
      case .eof: return false
      case .comma where nest == 0: return true
      case .lparen, .lbracket, .lbrace: nest += 1
      case .rparen, .rbracket, .rbrace:
        if nest == 0 { return false }
        nest -= 1
      case .newline where resumesAfterUnclosed(i + 1, opener: open): return false
      default: break
      }
      i += 1
    }
  }

  /// forTargets = forTarget {"," forTarget} ; forTarget = name | "(" forTargets [","] ")"
  func parseForTargets() throws -> Pattern {
    var items: [Pattern] = []
    repeat {
      skipNewlines()
      items.append(
        try parseForTarget(items.isEmpty ? "a loop variable after 'for'" : "a name after ','"))
    } while match(.comma) != nil
    if items.count == 1 { return items[0] }
    return .sequence(items, items[0].span.to(items[items.count - 1].span))
  }

  /// One loop variable or a parenthesized group of them.
  func parseForTarget(_ what: String) throws -> Pattern {
    guard check(.lparen) else {
      let n = try expect(.name, what)
      return .target(Expr(.name(n.text), n.span))
    }
    try enter()
    defer { depth -= 1 }
    let (items, sawComma, span) = try parseParenthesized { first in
      try parseForTarget(first ? "a loop variable after '('" : "a name after ','")
    }
    if items.count == 1 && !sawComma { return items[0] }
    return .sequence(items, span)
  }

  /// "(" element ("," element)* [","] ")", the `(` being the current token: the elements,
  /// whether a comma was seen, and the span from `(` to `)`.
  func parseParenthesized(_ element: (_ first: Bool) throws -> Pattern) throws -> (
    [Pattern], Bool, SourceSpan
  ) {
    let open = advance()
    pushBracket()
    var items: [Pattern] = []
    var sawComma = false
    repeat {
      if check(.rparen) && !items.isEmpty { break }
      items.append(try element(items.isEmpty))
      if check(.comma) { sawComma = true }
    } while match(.comma) != nil
    let close = try expectClosing(.rparen, ")", opener: open)
    popMode()
    return (items, sawComma, open.span.to(close.span))
  }
}
