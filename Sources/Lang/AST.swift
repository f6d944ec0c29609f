// The syntax tree: expressions and statements, each node carrying its byte-offset span.

/// Binary operators. Comparison and arithmetic operators are elementwise on tensors.
public enum BinaryOp: String, Sendable, CaseIterable {
  case add = "+"
  case sub = "-"
  case mul = "*"
  case div = "/"
  case floorDiv = "//"
  case mod = "%"
  case pow = "^"
  case matmul = "@"
  case eq = "=="
  case ne = "!="
  case lt = "<"
  case le = "<="
  case gt = ">"
  case ge = ">="
}

/// Short-circuit logical operators.
public enum LogicalOp: String, Sendable {
  case and, or
}

/// Prefix operators.
public enum UnaryOp: String, Sendable {
  case neg = "-"
  case pos = "+"
  case not = "not"
}

/// One `{expr:spec}` or literal piece of an f-string.
public enum FStringPart: Sendable {
  case literal(String)
  /// An interpolated expression with its optional format spec (text after `:`), e.g. `.3f`.
  case expr(Expr, spec: String?)
}

/// A call argument: positional (`label == nil`) or keyword (`lr=0.1`).
public struct Argument: Sendable {
  public var label: String?
  public var value: Expr
  public init(label: String?, value: Expr) {
    self.label = label
    self.value = value
  }
}

/// One item inside `x[...]`.
public enum IndexItem: Sendable {
  case expr(Expr)
  /// `lo:hi:step`, each part optional.
  case slice(Expr?, Expr?, Expr?)
  /// `...`
  case ellipsis(SourceSpan)
}

/// A function parameter, optionally with a default value.
public struct Param: Sendable {
  public var name: String
  public var defaultValue: Expr?
  public var span: SourceSpan
  public init(name: String, defaultValue: Expr?, span: SourceSpan) {
    self.name = name
    self.defaultValue = defaultValue
    self.span = span
  }
}

/// A function literal: `fn name(params) body end`, `fn (params) … end`, or a lambda `x -> e`.
public final class FunctionDecl: @unchecked Sendable {
  /// nil for anonymous functions and lambdas.
  public let name: String?
  public let params: [Param]
  /// Lambdas have a single `return` statement as body.
  public let body: [Stmt]
  /// Whole declaration.
  public let span: SourceSpan
  /// Span of the name (or of `fn`/the arrow for anonymous functions), for diagnostics.
  public let nameSpan: SourceSpan
  /// The docstring: the first statement of the body when it is a plain string literal.
  public let doc: String?
  public let isLambda: Bool

  public init(
    name: String?, params: [Param], body: [Stmt], span: SourceSpan, nameSpan: SourceSpan,
    doc: String?, isLambda: Bool
  ) {
    self.name = name
    self.params = params
    self.body = body
    self.span = span
    self.nameSpan = nameSpan
    self.doc = doc
    self.isLambda = isLambda
  }
}

/// An expression node.
public struct Expr: Sendable {
  public indirect enum Kind: Sendable {
    case number(Double)
    case string(String)
    case fstring([FStringPart])
    case bool(Bool)
    case null
    case name(String)
    /// `[a, b, c]` — a tensor or a list, decided at run time (docs/tensors.md, "Values").
    case list([Expr])
    /// `{key: value, "other key": value}`; keys are identifiers or string literals.
    case dict([(key: String, value: Expr)])
    case unary(UnaryOp, Expr)
    case binary(BinaryOp, Expr, Expr)
    case logical(LogicalOp, Expr, Expr)
    /// `then if cond else other`: only the chosen branch is evaluated.
    case conditional(cond: Expr, then: Expr, other: Expr)
    case call(Expr, [Argument])
    case index(Expr, [IndexItem])
    /// `x.name`; the second span is that of `name`.
    case field(Expr, String, SourceSpan)
    case function(FunctionDecl)
    /// Placeholder produced by the parser after an error, so that parsing can continue.
    case error
  }

  public var kind: Kind
  public var span: SourceSpan
  public init(_ kind: Kind, _ span: SourceSpan) {
    self.kind = kind
    self.span = span
  }
}

/// An assignment target that may unpack (docs/language.md, "Multiple assignment").
public indirect enum Pattern: Sendable {
  /// A name, field or index expression (`for` loops allow only names).
  case target(Expr)
  /// `a, b` or `(a, b)`: unpacks a list, string, dict or tensor into exactly as many parts.
  case sequence([Pattern], SourceSpan)

  /// From the first to the last character of the pattern (with its parentheses, if any).
  public var span: SourceSpan {
    switch self {
    case .target(let e): return e.span
    case .sequence(_, let s): return s
    }
  }

  /// The target expressions, left to right, flattened.
  public var targets: [Expr] {
    switch self {
    case .target(let e): return [e]
    case .sequence(let ps, _): return ps.flatMap(\.targets)
    }
  }
}

/// A statement node.
public struct Stmt: Sendable {
  public indirect enum Kind: Sendable {
    case expr(Expr)
    /// `target = value`; target is a `.name`, `.field` or `.index` expression.
    case assign(target: Expr, value: Expr)
    /// `target op= value` for `+= -= *= /= //= %= ^= @=`.
    case compound(op: BinaryOp, target: Expr, value: Expr)
    /// `a, b = b, a`, `(a, b), c = xs`: `target` is a `.sequence`. Every value is evaluated
    /// before any target is assigned; several values match the parts one to one, a single value
    /// is unpacked.
    case unpack(target: Pattern, values: [Expr])
    /// `if c … elif c … else … end`
    case ifStmt(branches: [(cond: Expr, body: [Stmt])], elseBody: [Stmt]?)
    /// `for x in xs … end`, `for i, (a, b) in enumerate(pairs) … end`; the pattern's targets
    /// are all names.
    case forIn(target: Pattern, iterable: Expr, body: [Stmt])
    case whileStmt(cond: Expr, body: [Stmt])
    case breakStmt
    case continueStmt
    case returnStmt(Expr?)
    /// `fn name(…) … end` binds `name` in the current scope.
    case function(FunctionDecl)
    /// `try … catch e … end`; `name` is nil for a bare `catch`.
    case tryCatch(body: [Stmt], name: String?, nameSpan: SourceSpan?, handler: [Stmt])
    /// `global a, b`
    case global([(name: String, span: SourceSpan)])
    /// `import "path.fsl" as alias`
    case importStmt(path: String, alias: String, aliasSpan: SourceSpan, library: Bool)
  }

  public var kind: Kind
  public var span: SourceSpan
  public init(_ kind: Kind, _ span: SourceSpan) {
    self.kind = kind
    self.span = span
  }
}

/// A parsed file: its statements in order.
public struct Program: Sendable {
  public var file: SourceFile
  public var statements: [Stmt]
  public init(file: SourceFile, statements: [Stmt]) {
    self.file = file
    self.statements = statements
  }
}

/// A left-deep run of binary and logical operators, `a + b - c and d`, as the parser builds it
/// (each operator node is the left operand of the next), flattened into a list: walking it
/// needs no recursion however long the chain is. `a + (b + c)` is two links; its right
/// operand is one operand of the chain.
public struct OperatorChain: Sendable {
  /// The operator of one link.
  public enum Op: Sendable {
    case binary(BinaryOp)
    case logical(LogicalOp)
  }

  /// `op operand`, applied to the value of everything before it.
  public struct Link: Sendable {
    public var op: Op
    public var operand: Expr
    /// The span of the operator node: from the chain's first operand to this link's operand.
    public var span: SourceSpan
  }

  /// The leftmost operand (not a binary or logical node).
  public var first: Expr
  /// The operators in evaluation (source) order.
  public var links: [Link]

  /// The chain of `e`, or nil when `e` is not a binary or logical node.
  public init?(_ e: Expr) {
    let count = OperatorChain.length(of: e, upTo: Int.max)
    guard count > 0 else { return nil }
    var links: [Link] = []
    links.reserveCapacity(count)
    var cur = e
    while true {
      switch cur.kind {
      case .binary(let op, let a, let b):
        links.append(Link(op: .binary(op), operand: b, span: cur.span))
        cur = a
      case .logical(let op, let a, let b):
        links.append(Link(op: .logical(op), operand: b, span: cur.span))
        cur = a
      default:
        first = cur
        links.reverse()
        self.links = links
        return
      }
    }
  }

  /// Calls `body` with each operand of `e`'s chain, left to right (with `e` itself when it is
  /// not a binary or logical node).
  public static func forEachOperand(of e: Expr, _ body: (Expr) -> Void) {
    switch e.kind {
    case .binary(_, let a, let b), .logical(_, let a, let b):
      // A short chain (nearly all) recurses a few levels rather than allocating a list.
      if length(of: a, upTo: 8) < 8 {
        forEachOperand(of: a, body)
        body(b)
        return
      }
    default:
      body(e)
      return
    }
    var rights: [Expr] = []
    rights.reserveCapacity(length(of: e, upTo: Int.max))
    var cur = e
    while true {
      switch cur.kind {
      case .binary(_, let a, let b), .logical(_, let a, let b):
        rights.append(b)
        cur = a
      default:
        body(cur)
        for r in rights.reversed() { body(r) }
        return
      }
    }
  }

  /// The number of operators in `e`'s chain, counting no further than `limit`.
  public static func length(of e: Expr, upTo limit: Int) -> Int {
    var n = 0
    var cur = e
    while n < limit {
      switch cur.kind {
      case .binary(_, let a, _), .logical(_, let a, _):
        n += 1
        cur = a
      default: return n
      }
    }
    return n
  }
}
