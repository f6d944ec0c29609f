// The one operator precedence table of the language (low → high), used by the Pratt parser.

/// Binding power of operators, lowest first.
enum Precedence: Int, Comparable {
  /// `x -> body`
  case lambda = 1
  /// `a if c else b`, right-associative (the condition binds at `or`)
  case conditional
  case or
  case and
  /// prefix `not`
  case not
  /// `== != < <= > >=` (parsed left-associative)
  case comparison
  /// `+ -`
  case term
  /// `* / // % @`
  case factor
  /// prefix `-` and `+`
  case unary
  /// `^`, right-associative, binds tighter than unary minus: `-2^2` is `-(2^2)`
  case power
  /// calls, indexing, field access
  case postfix

  static func < (a: Precedence, b: Precedence) -> Bool { a.rawValue < b.rawValue }

  /// The next tighter level (for the right operand of a left-associative operator).
  var next: Precedence { Precedence(rawValue: rawValue + 1) ?? .postfix }
}

/// What an infix token does.
enum InfixOperator {
  case binary(BinaryOp)
  case logical(LogicalOp)
}

/// One row of the table: an infix token's operator, precedence and associativity.
struct InfixRule {
  let op: InfixOperator
  let precedence: Precedence
  let rightAssociative: Bool

  /// The table. Prefix operators: `not` at `.not`, `-`/`+` at `.unary`; postfix at `.postfix`.
  static func of(_ kind: TokenKind) -> InfixRule? {
    switch kind {
    case .kwOr: return InfixRule(op: .logical(.or), precedence: .or, rightAssociative: false)
    case .kwAnd: return InfixRule(op: .logical(.and), precedence: .and, rightAssociative: false)
    case .eqEq: return comparison(.eq)
    case .notEq: return comparison(.ne)
    case .less: return comparison(.lt)
    case .lessEq: return comparison(.le)
    case .greater: return comparison(.gt)
    case .greaterEq: return comparison(.ge)
    case .plus: return binary(.add, .term)
    case .minus: return binary(.sub, .term)
    case .star: return binary(.mul, .factor)
    case .slash: return binary(.div, .factor)
    case .slashSlash: return binary(.floorDiv, .factor)
    case .percent: return binary(.mod, .factor)
    case .at: return binary(.matmul, .factor)
    case .caret: return InfixRule(op: .binary(.pow), precedence: .power, rightAssociative: true)
    default: return nil
    }
  }

  private static func comparison(_ op: BinaryOp) -> InfixRule {
    InfixRule(op: .binary(op), precedence: .comparison, rightAssociative: false)
  }

  private static func binary(_ op: BinaryOp, _ p: Precedence) -> InfixRule {
    InfixRule(op: .binary(op), precedence: p, rightAssociative: false)
  }
}
