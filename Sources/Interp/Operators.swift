// Operator semantics on values: arithmetic, comparison, equality, indexing and slicing.
// The compiler inlines the number-number fast paths; everything else comes here.
import Foundation
import Lang
import Tensor

/// Python's `%` sign rule: the result has the sign of the divisor, computed exactly (as
/// Python does): integer arithmetic for integral operands, `fmod` plus a sign fix otherwise.
@inline(__always) public func pyMod(_ x: Double, _ y: Double) -> Double {
  if abs(x) < 4.5e15 && abs(y) < 4.5e15 {
    let xi = Int64(x)
    let yi = Int64(y)
    if yi != 0 && Double(xi) == x && Double(yi) == y {
      var r = xi % yi
      if r != 0 && (r < 0) != (yi < 0) { r += yi }
      return Double(r)
    }
  }
  return floatMod(x, y)
}

/// `x % k` (Python's sign rule) for a positive integral constant `k` with `inv == 1 / k`:
/// multiplying by the reciprocal replaces the division. For integral `|x| < 2^52` the
/// truncated quotient is off by at most one, which the two corrections fix exactly; anything
/// else takes `pyMod`.
@inline(__always) func pyModByConstant(_ x: Double, _ k: Double, _ inv: Double) -> Double {
  guard abs(x) < 4.5e15 else { return pyMod(x, k) }
  let xi = Int64(x)
  guard Double(xi) == x else { return pyMod(x, k) }
  let q = Double(Int64(x * inv))
  var r = x - q * k
  if r < 0 {
    r += k
  } else if r >= k {
    r -= k
  }
  return r + 0.0  // -0 becomes 0, as in Python
}

/// Python's `//`: floor of the quotient.
@inline(__always) public func pyFloorDiv(_ x: Double, _ y: Double) -> Double { floatFloorDiv(x, y) }

@inline(__always) func arith(_ op: BinaryOp, _ x: Double, _ y: Double) -> Double {
  switch op {
  case .add: return x + y
  case .sub: return x - y
  case .mul: return x * y
  case .div: return x / y
  case .mod: return pyMod(x, y)
  case .floorDiv: return pyFloorDiv(x, y)
  case .pow: return Foundation.pow(x, y)
  default: return .nan
  }
}

public enum Operators {
  /// `a op b` for any values. Throws TypeError for unsupported operand kinds.
  static func binary(_ op: BinaryOp, _ a: Value, _ b: Value) throws -> Value {
    if case .tensor(let t) = a, t.dtype == .str { return try stringBinary(op, a, b) }
    if case .tensor(let t) = b, t.dtype == .str { return try stringBinary(op, a, b) }
    if case .tensor = a { return try tensorBinary(op, a, b) }
    if case .tensor = b { return try tensorBinary(op, a, b) }
    if let t = a.traced ?? b.traced { return try t.tracer.binary(op, a, b) }
    switch (op, a, b) {
    case (.eq, .list, .string), (.eq, .string, .list), (.ne, .list, .string),
      (.ne, .string, .list):
      throw listVersusString(op)
    case (.eq, _, _): return .bool(equal(a, b))
    case (.ne, _, _): return .bool(!equal(a, b))
    case (.lt, _, _), (.le, _, _), (.gt, _, _), (.ge, _, _):
      return .bool(try compare(op, a, b))
    case (_, .number(let x), .number(let y)) where op != .matmul: return .number(arith(op, x, y))
    case (_, .bool, _), (_, _, .bool):
      if let x = a.asNumber, let y = b.asNumber, op != .matmul {
        return .number(arith(op, x, y))
      }
    case (.add, .string(let x), .string(let y)):
      try checkSize(x.utf8.count, 1, y.utf8.count, .string)
      return .string(x + y)
    case (.add, .list(let x), .list(let y)):
      try checkSize(x.count, 1, y.count, .list)
      return .list(x + y)
    case (.mul, .string(let s), .number(let n)), (.mul, .number(let n), .string(let s)):
      let k = try repeatCount(n, size: s.utf8.count, .string)
      return .string(k == 0 ? "" : String(repeating: s, count: k))
    case (.mul, .list(let xs), .number(let n)), (.mul, .number(let n), .list(let xs)):
      let k = try repeatCount(n, size: xs.count, .list)
      var out: [Value] = []
      out.reserveCapacity(xs.count * k)
      for _ in 0..<k { out += xs }
      return .list(out)
    default: break
    }
    throw RuntimeError.type(
      "unsupported operand types for \(op.rawValue): '\(a.typeName)' and '\(b.typeName)'")
  }

  /// `a op b` where a side is a str tensor (docs/tensors.md "Strings"): a string, or a list of
  /// strings, on the other side is a str tensor too; the comparison is elementwise.
  static func stringBinary(_ op: BinaryOp, _ a: Value, _ b: Value) throws -> Value {
    func operand(_ v: Value) throws -> Tensor {
      switch v {
      case .tensor(let t): return t
      case .string(let s): return Tensor(shape: [], strings: [s])
      case .list(let xs):
        if let ss = stringList(xs) { return Tensor(strings: ss) }
      default:
        if let t = v.asTensorValue { return t }
      }
      throw RuntimeError.type(
        "unsupported operand types for \(op.rawValue): '\(a.typeName)' and '\(b.typeName)'")
    }
    guard let k = kernels[op] else {
      throw RuntimeError.type("unsupported operator \(op.rawValue) for str tensors")
    }
    let x = try operand(a)
    let y = try operand(b)
    return .tensor(try tensorCall { try Tensor.binary(k, x, y) })
  }

  /// The strings of a list that holds only strings (and at least one), else nil.
  public static func stringList(_ xs: [Value]) -> [String]? {
    guard !xs.isEmpty else { return nil }
    var out: [String] = []
    out.reserveCapacity(xs.count)
    for x in xs {
      guard case .string(let s) = x else { return nil }
      out.append(s)
    }
    return out
  }

  /// `["a", "b"] == "a"`: a list is one value, so this would be a single `false`; a mask needs
  /// a str tensor.
  static func listVersusString(_ op: BinaryOp) -> RuntimeError {
    RuntimeError.type(
      "'\(op.rawValue)' between a list and a string compares the whole list (it is never "
        + "equal); for an elementwise mask make a str tensor: strings(xs) \(op.rawValue) \"a\"")
  }

  /// What a string or list result is made of, for size checks and their messages.
  enum SizedKind {
    case string, list
  }

  /// The repeat count of `xs * n` (`size` items, bytes of a string): 0 for `n <= 0` or an
  /// empty `xs` (so `"" * 1e18` returns at once); a result too large is a MemoryError.
  static func repeatCount(_ n: Double, size: Int, _ kind: SizedKind) throws -> Int {
    guard n.rounded() == n else {
      throw RuntimeError.type("can only repeat by an integer, got \(formatNumber(n))")
    }
    guard n > 0 && size > 0 else { return 0 }
    guard n < 0x1p63 else { throw cannotAllocate("\(Double(size) * n)", kind) }
    try checkSize(size, Int(n), 0, kind)
    return Int(n)
  }

  /// Checks a result of `size * k + extra` items (bytes of a string, elements of a list)
  /// against the memory limit (`MemoryLimit`, as for tensors), overflow-checked.
  @inline(__always)
  static func checkSize(_ size: Int, _ k: Int, _ extra: Int, _ kind: SizedKind) throws {
    let (product, o1) = size.multipliedReportingOverflow(by: k)
    let (count, o2) = product.addingReportingOverflow(extra)
    guard !o1 && !o2 else {
      throw cannotAllocate("\(Double(size) * Double(k) + Double(extra))", kind)
    }
    let (bytes, o3) = count.multipliedReportingOverflow(by: kind == .list ? listItemBytes : 1)
    guard !o3, bytes < MemoryLimit.quick || MemoryLimit.allows(bytes) else {
      throw cannotAllocate(String(count), kind)
    }
  }

  static let listItemBytes = MemoryLayout<Value>.stride

  /// `MemoryError: cannot allocate 2000000000000000000 bytes for a string` (or `N elements
  /// for a list`).
  static func cannotAllocate(_ count: String, _ kind: SizedKind) -> RuntimeError {
    RuntimeError(
      "MemoryError",
      kind == .string
        ? "cannot allocate \(count) bytes for a string"
        : "cannot allocate \(count) elements for a list")
  }

  static func unary(_ op: UnaryOp, _ v: Value) throws -> Value {
    if case .tensor(let t) = v { return try tensorUnary(op, t) }
    if let t = v.traced { return try t.tracer.unary(op, t) }
    switch (op, v) {
    case (.not, _): return .bool(!v.isTruthy)
    case (.neg, .number(let d)): return .number(-d)
    case (.pos, .number(let d)): return .number(d)
    case (.neg, .bool(let b)): return .number(b ? -1 : 0)
    case (.pos, .bool(let b)): return .number(b ? 1 : 0)
    default: throw RuntimeError.type("bad operand type for unary \(op.rawValue): '\(v.typeName)'")
    }
  }

  /// Structural equality; numbers compare as IEEE doubles (`nan != nan`).
  public static func equal(_ a: Value, _ b: Value) -> Bool {
    switch (a, b) {
    case (.null, .null): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.number(let x), .number(let y)): return x == y
    case (.bool, .number), (.number, .bool): return a.asNumber == b.asNumber
    case (.string(let x), .string(let y)): return x == y
    case (.list(let x), .list(let y)):
      return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
    case (.dict(let x), .dict(let y)):
      guard x.count == y.count else { return false }
      for (k, v) in x {
        guard let w = y[k], equal(v, w) else { return false }
      }
      return true
    case (.function(let x), .function(let y)): return x === y
    case (.builtin(let x), .builtin(let y)): return x === y
    case (.module(let x), .module(let y)): return x === y
    case (.object(let x as FTable), .object(let y as FTable)): return x.equals(y)
    case (.object(let x), .object(let y)): return x === y
    case (.tensor(let x), .tensor(let y)) where x.dtype == .str || y.dtype == .str:
      return x.dtype == y.dtype && x.shape == y.shape && x.stringCodes == y.stringCodes
    case (.tensor(let x), .tensor(let y)):
      return x.shape == y.shape && x.doubles.elementsEqual(y.doubles) { $0 == $1 }
    default: return false
    }
  }

  /// Ordering of numbers, strings (by Unicode scalars) and lists (lexicographic).
  static func compare(_ op: BinaryOp, _ a: Value, _ b: Value) throws -> Bool {
    if let x = a.asNumber, let y = b.asNumber {
      switch op {
      case .lt: return x < y
      case .le: return x <= y
      case .gt: return x > y
      default: return x >= y
      }
    }
    guard let c = try order(a, b, op: op.rawValue) else { return false }
    switch op {
    case .lt: return c < 0
    case .le: return c <= 0
    case .gt: return c > 0
    default: return c >= 0
    }
  }

  /// -1, 0, 1, or nil when unordered (NaN). Throws for values that have no order.
  static func order(_ a: Value, _ b: Value, op: String = "<") throws -> Int? {
    switch (a, b) {
    case (.number(let x), .number(let y)):
      if x < y { return -1 }
      if x > y { return 1 }
      return x == y ? 0 : nil
    case (.string(let x), .string(let y)):
      return x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars)
        ? -1 : (x == y ? 0 : 1)
    case (.list(let x), .list(let y)):
      for (p, q) in zip(x, y) {
        guard let c = try order(p, q, op: op) else { return nil }
        if c != 0 { return c }
      }
      return x.count < y.count ? -1 : (x.count == y.count ? 0 : 1)
    default:
      if let x = a.asNumber, let y = b.asNumber { return try order(.number(x), .number(y)) }
      throw RuntimeError.type(
        "'\(op)' not supported between '\(a.typeName)' and '\(b.typeName)'")
    }
  }
}

extension Value {
  /// Numbers and bools as doubles.
  public var asNumber: Double? {
    switch self {
    case .number(let d): return d
    case .bool(let b): return b ? 1 : 0
    default: return nil
    }
  }
}

/// Structural equality as `==` defines it for non-tensor values.
public func valuesEqual(_ a: Value, _ b: Value) -> Bool { Operators.equal(a, b) }

/// -1, 0 or 1 as `<` orders values; nil when unordered (NaN); throws for unorderable kinds.
public func compareValues(_ a: Value, _ b: Value) throws -> Int? { try Operators.order(a, b) }

/// A MemoryError unless a string of `bytes` bytes (nil: more than `Int.max`) may be allocated,
/// as `+` and `*` check theirs.
public func checkStringSize(_ bytes: Int?) throws {
  guard let bytes else { throw Operators.cannotAllocate("more than \(Int.max)", .string) }
  try Operators.checkSize(bytes, 1, 0, .string)
}

/// `a op b` with FSL's semantics for non-tensor values.
public func binaryOp(_ op: BinaryOp, _ a: Value, _ b: Value) throws -> Value {
  try Operators.binary(op, a, b)
}

/// `op v` with FSL's semantics.
public func unaryOp(_ op: UnaryOp, _ v: Value) throws -> Value { try Operators.unary(op, v) }
