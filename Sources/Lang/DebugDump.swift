// Debug dumps for `fsl --dump-tokens` and `--dump-ast`: tokens one per line, AST as S-expressions.

/// One token per line, `LINE:COL KIND 'text'`, then lexical errors as `LINE:COL error CODE: msg`.
public func dumpTokens(_ file: SourceFile) -> String {
  let lexed = Lexer.tokenize(file)
  var out = ""
  for t in lexed.tokens {
    let (l, c) = file.location(of: t.span.start)
    out += "\(l):\(c) \(t.kind.dumpName) '\(escapeString(file.text(of: t.span), quotes: false))'\n"
  }
  for d in lexed.diagnostics {
    let (l, c) = file.location(of: d.span.start)
    out += "\(l):\(c) error \(d.code): \(d.message)\n"
  }
  return out
}

/// The program as indented S-expressions, one top-level statement after another, e.g.
/// `(call (name print) (number 1))`. Ends with a newline unless the program is empty.
public func dumpAST(_ program: Program) -> String {
  var out = ""
  for s in program.statements {
    SExpr.stmt(s).write(indent: 0, into: &out)
    out += "\n"
  }
  return out
}

/// `s` with the escapes of an FSL string literal (`\n`, `\t`, `\\`, `\u{7F}`, and `\"` when
/// `quotes`), so that it reads back as the same string.
public func escapeString(_ s: String, quotes: Bool = true) -> String {
  var out = ""
  for ch in s.unicodeScalars {
    switch ch {
    case "\n": out += "\\n"
    case "\t": out += "\\t"
    case "\r": out += "\\r"
    case "\"" where quotes: out += "\\\""
    case "\\": out += "\\\\"
    default:
      if ch.value < 0x20 || ch.value == 0x7F {
        out += "\\u{\(String(ch.value, radix: 16, uppercase: true))}"
      } else {
        out.unicodeScalars.append(ch)
      }
    }
  }
  return out
}

/// A tiny S-expression tree for the AST dump; prints on one line when short enough.
indirect enum SExpr {
  case atom(String)
  case list([SExpr])

  static func l(_ head: String, _ rest: [SExpr]) -> SExpr { .list([.atom(head)] + rest) }
  static func quoted(_ s: String) -> SExpr { .atom("\"" + escapeString(s) + "\"") }

  var flat: String {
    switch self {
    case .atom(let a): return a
    case .list(let xs): return "(" + xs.map(\.flat).joined(separator: " ") + ")"
    }
  }

  /// The one-line form when it has at most `limit` characters, else nil. Gives up as soon as
  /// the limit is passed, so asking at every level of a deep tree costs O(limit) per level.
  func flat(within limit: Int) -> String? {
    switch self {
    case .atom(let a): return a.count <= limit ? a : nil
    case .list(let xs):
      var out = "("
      var used = 1
      for (i, x) in xs.enumerated() {
        if i > 0 {
          out += " "
          used += 1
        }
        guard let part = x.flat(within: limit - used - 1) else { return nil }
        out += part
        used += part.count
      }
      return used + 1 <= limit ? out + ")" : nil
    }
  }

  /// Appends the pretty form to `out`, multi-line when wider than 80 columns: the head (and a
  /// leading atom) on the first line, each remaining child on its own line, indented by two.
  /// Written into one string, so a deep tree is not copied once per level.
  func write(indent: Int, into out: inout String) {
    if let f = flat(within: 80 - indent) {
      out += f
      return
    }
    guard case .list(let xs) = self, xs.count > 1 else {
      out += flat
      return
    }
    var headCount = 1
    if xs.count > 2, case .atom = xs[1] { headCount = 2 }
    let pad = String(repeating: " ", count: indent + 2)
    out += "(" + xs.prefix(headCount).map(\.flat).joined(separator: " ")
    for x in xs.dropFirst(headCount) {
      out += "\n"
      out += pad
      x.write(indent: indent + 2, into: &out)
    }
    out += ")"
  }

  static func number(_ v: Double) -> String {
    if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
    return "\(v)"
  }

  static func expr(_ e: Expr) -> SExpr {
    switch e.kind {
    case .number(let v): return l("number", [.atom(number(v))])
    case .string(let s): return l("string", [quoted(s)])
    case .fstring(let parts):
      return l(
        "fstring",
        parts.map { p in
          switch p {
          case .literal(let s): return quoted(s)
          case .expr(let x, let spec):
            return l("interp", [expr(x)] + (spec.map { [quoted($0)] } ?? []))
          }
        })
    case .bool(let b): return .atom(b ? "true" : "false")
    case .null: return .atom("nil")
    case .name(let n): return l("name", [.atom(n)])
    case .list(let xs): return l("list", xs.map(expr))
    case .dict(let entries):
      return l("dict", entries.map { .list([quoted($0.key), expr($0.value)]) })
    case .unary(let op, let x):
      return l(op == .not ? "not" : (op == .neg ? "neg" : "pos"), [expr(x)])
    case .binary(let op, let a, let b): return l(op.rawValue, [expr(a), expr(b)])
    case .logical(let op, let a, let b): return l(op.rawValue, [expr(a), expr(b)])
    case .conditional(let c, let a, let b): return l("ifelse", [expr(c), expr(a), expr(b)])
    case .call(let callee, let args):
      return l(
        "call",
        [expr(callee)]
          + args.map { a in a.label.map { l("kw", [.atom($0), expr(a.value)]) } ?? expr(a.value) })
    case .index(let base, let items): return l("index", [expr(base)] + items.map(item))
    case .field(let base, let name, _): return l("field", [expr(base), .atom(name)])
    case .function(let decl): return function(decl)
    case .error: return .atom("<error>")
    }
  }

  static func item(_ i: IndexItem) -> SExpr {
    switch i {
    case .expr(let e): return expr(e)
    case .ellipsis: return .atom("...")
    case .slice(let a, let b, let c):
      return l("slice", [a, b, c].map { $0.map(expr) ?? .atom("_") })
    }
  }

  static func function(_ d: FunctionDecl) -> SExpr {
    let params = l(
      "params",
      d.params.map { p in p.defaultValue.map { l("=", [.atom(p.name), expr($0)]) } ?? .atom(p.name)
      }
    )
    if d.isLambda {
      if d.body.count == 1, case .returnStmt(let r?) = d.body[0].kind {
        return l("lambda", [params, expr(r)])
      }
      return l("lambda", [params] + d.body.map(stmt))
    }
    var head: [SExpr] = d.name.map { [.atom($0)] } ?? []
    head.append(params)
    if let doc = d.doc { head.append(l("doc", [quoted(doc)])) }
    return l("fn", head + d.body.map(stmt))
  }

  /// `(tuple (name a) (index (name xs) (number 0)))` for `a, xs[0]`.
  static func pattern(_ p: Pattern) -> SExpr {
    switch p {
    case .target(let e): return expr(e)
    case .sequence(let ps, _): return l("tuple", ps.map(pattern))
    }
  }

  /// Loop variables as bare names: `(i (x y))` for `i, (x, y)`.
  static func loopNames(_ p: Pattern) -> SExpr {
    switch p {
    case .target(let e):
      if case .name(let n) = e.kind { return .atom(n) }
      return expr(e)
    case .sequence(let ps, _): return .list(ps.map(loopNames))
    }
  }

  static func block(_ head: String, _ body: [Stmt]) -> SExpr { l(head, body.map(stmt)) }

  static func stmt(_ s: Stmt) -> SExpr {
    switch s.kind {
    case .expr(let e): return expr(e)
    case .assign(let t, let v): return l("=", [expr(t), expr(v)])
    case .compound(let op, let t, let v): return l(op.rawValue + "=", [expr(t), expr(v)])
    case .unpack(let t, let vs):
      return l("=", [pattern(t), vs.count == 1 ? expr(vs[0]) : l("tuple", vs.map(expr))])
    case .ifStmt(let branches, let elseBody):
      var xs = branches.map { l("branch", [expr($0.cond), block("do", $0.body)]) }
      if let e = elseBody { xs.append(block("else", e)) }
      return l("if", xs)
    case .forIn(let target, let iterable, let body):
      var names = loopNames(target)
      if case .target = target { names = .list([names]) }
      return l("for", [names, expr(iterable), block("do", body)])
    case .whileStmt(let cond, let body): return l("while", [expr(cond), block("do", body)])
    case .breakStmt: return .list([.atom("break")])
    case .continueStmt: return .list([.atom("continue")])
    case .returnStmt(let e): return l("return", e.map { [expr($0)] } ?? [])
    case .function(let d): return function(d)
    case .tryCatch(let body, let name, _, let handler):
      let c = l("catch", (name.map { [.atom($0)] } ?? []) + handler.map(stmt))
      return l("try", [block("do", body), c])
    case .global(let names): return l("global", names.map { .atom($0.name) })
    case .importStmt(let path, let alias, _, let library):
      return l("import", [library ? .atom(path) : quoted(path), .atom("as"), .atom(alias)])
    }
  }
}
