// Resolver traversal: visits statements and expressions, resolving uses and nested functions.

extension Resolver {
  mutating func resolveBlock(_ body: [Stmt]) {
    for s in body { resolveStmt(s) }
  }

  mutating func resolveStmt(_ s: Stmt) {
    switch s.kind {
    case .expr(let e): resolveExpr(e)
    case .assign(let target, let value):
      resolveExpr(value)
      resolveTarget(target, reads: false)
    case .compound(_, let target, let value):
      resolveExpr(value)
      resolveTarget(target, reads: true)
    case .unpack(let target, let values):
      for v in values { resolveExpr(v) }
      for t in target.targets { resolveTarget(t, reads: false) }
    case .ifStmt(let branches, let elseBody):
      for b in branches {
        resolveExpr(b.cond)
        resolveBlock(b.body)
      }
      if let e = elseBody { resolveBlock(e) }
    case .forIn(let target, let iterable, let body):
      resolveExpr(iterable)
      for t in target.targets { resolveTarget(t, reads: false) }
      resolveBlock(body)
    case .whileStmt(let cond, let body):
      resolveExpr(cond)
      resolveBlock(body)
    case .breakStmt, .continueStmt: break
    case .returnStmt(let e):
      if chain.isEmpty { error("E305", "'return' outside a function", s.span) }
      if let e = e { resolveExpr(e) }
    case .function(let decl):
      if let n = decl.name { assignName(n, decl.nameSpan) }
      resolveFunction(decl)
    case .tryCatch(let body, let name, let nameSpan, let handler):
      resolveBlock(body)
      if let n = name { assignName(n, nameSpan ?? s.span) }
      resolveBlock(handler)
    case .global(let names):
      if chain.isEmpty {
        for n in names { error("E306", "'global' is only allowed inside a function", n.span) }
      }
    case .importStmt(_, let alias, let span, _): assignName(alias, span)
    }
  }

  /// An assignment target: the root name is written (and read, for `x[i] = v` and `+=`).
  mutating func resolveTarget(_ target: Expr, reads: Bool) {
    switch target.kind {
    case .name(let n):
      if reads { use(n, target.span) } else { assignName(n, target.span) }
    case .field(let base, _, _): resolveTarget(base, reads: true)
    case .index(let base, let items):
      resolveTarget(base, reads: true)
      resolveItems(items)
    default: resolveExpr(target)
    }
  }

  /// Makes sure an assigned name has a binding: a local, a captured cell or a global.
  mutating func assignName(_ name: String, _ span: SourceSpan) {
    guard let level = chain.indices.last else {
      globals.define(name)
      return
    }
    let scope = chain[level].scope
    if scope.slots[name] != nil { return }
    if scope.globalNames.contains(name) {
      globals.define(name)
      return
    }
    if level > 0, capture(name, level: level) != nil { return }
    // Only reachable for names the pre-pass did not see; make them locals.
    _ = scope.add(name)
  }

  mutating func resolveItems(_ items: [IndexItem]) {
    for item in items {
      switch item {
      case .expr(let e): resolveExpr(e)
      case .slice(let a, let b, let c):
        for part in [a, b, c] { if let p = part { resolveExpr(p) } }
      case .ellipsis: break
      }
    }
  }

  mutating func resolveExpr(_ e: Expr) {
    switch e.kind {
    case .number, .string, .bool, .null, .error: break
    case .fstring(let parts):
      for case .expr(let x, _) in parts { resolveExpr(x) }
    case .name(let n): use(n, e.span)
    case .list(let xs): for x in xs { resolveExpr(x) }
    case .dict(let entries): for en in entries { resolveExpr(en.value) }
    case .unary(_, let x): resolveExpr(x)
    case .conditional(let c, let a, let b):
      resolveExpr(a)
      resolveExpr(c)
      resolveExpr(b)
    case .binary, .logical:
      // A chain `a + b + …` may be 100,000 operators long: walked as a list, not recursively.
      OperatorChain.forEachOperand(of: e) { resolveExpr($0) }
    case .call(let callee, let args):
      resolveCallee(callee)
      for a in args { resolveExpr(a.value) }
    case .index(let base, let items):
      resolveExpr(base)
      resolveItems(items)
    case .field(let base, _, _): resolveExpr(base)
    case .function(let decl): resolveFunction(decl)
    }
  }

  /// `x.f(…)` may be method sugar for the builtin `f`, so `f` itself is not resolved here.
  mutating func resolveCallee(_ callee: Expr) {
    resolveExpr(callee)
  }
}

/// Helpers for walking statement trees.
enum StmtWalker {
  /// Calls `body` for every function declared directly (not nested) in a statement.
  static func forEachFunction(in s: Stmt, _ body: (FunctionDecl) -> Void) {
    func expr(_ e: Expr) {
      switch e.kind {
      case .function(let d): body(d)
      case .fstring(let parts): for case .expr(let x, _) in parts { expr(x) }
      case .list(let xs): xs.forEach(expr)
      case .dict(let entries): for en in entries { expr(en.value) }
      case .unary(_, let x), .field(let x, _, _): expr(x)
      case .conditional(let c, let a, let b): [a, c, b].forEach(expr)
      case .binary, .logical:
        OperatorChain.forEachOperand(of: e, expr)
      case .call(let c, let args):
        expr(c)
        for a in args { expr(a.value) }
      case .index(let b, let items):
        expr(b)
        for item in items {
          switch item {
          case .expr(let x): expr(x)
          case .slice(let a, let b, let c): for part in [a, b, c].compactMap({ $0 }) { expr(part) }
          case .ellipsis: break
          }
        }
      default: break
      }
    }
    func block(_ ss: [Stmt]) { for x in ss { forEachFunction(in: x, body) } }
    switch s.kind {
    case .expr(let e): expr(e)
    case .assign(let t, let v), .compound(_, let t, let v):
      expr(t)
      expr(v)
    case .unpack(let t, let vs):
      t.targets.forEach(expr)
      vs.forEach(expr)
    case .ifStmt(let branches, let elseBody):
      for b in branches {
        expr(b.cond)
        block(b.body)
      }
      if let e = elseBody { block(e) }
    case .forIn(_, let it, let b):
      expr(it)
      block(b)
    case .whileStmt(let c, let b):
      expr(c)
      block(b)
    case .returnStmt(let e): if let e = e { expr(e) }
    case .function(let d): body(d)
    case .tryCatch(let b, _, _, let h):
      block(b)
      block(h)
    case .breakStmt, .continueStmt, .global, .importStmt: break
    }
  }
}

/// "Did you mean" suggestions by edit distance.
public enum Suggest {
  /// The candidate closest to `name`, if it is close enough to be a plausible typo.
  public static func nearest(to name: String, in candidates: Set<String>) -> String? {
    let a = Array(name.utf8)
    var best: (String, Int)?
    for c in candidates.sorted() where c != name {
      let d = distance(a, Array(c.utf8))
      let limit = max(1, min(a.count, c.utf8.count) / 3)
      if d <= limit, best == nil || d < (best?.1 ?? Int.max) { best = (c, d) }
    }
    return best?.0
  }

  /// Levenshtein distance with adjacent transpositions counted as one edit.
  static func distance(_ a: [UInt8], _ b: [UInt8]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var prev2 = [Int](repeating: 0, count: b.count + 1)
    var prev = Array(0...b.count)
    var cur = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      cur[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          cur[j] = min(cur[j], prev2[j - 2] + 1)
        }
      }
      (prev2, prev, cur) = (prev, cur, prev2)
    }
    return prev[b.count]
  }
}
