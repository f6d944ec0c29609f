// Shared argument helpers for tensor builtins: shapes, axes, dtypes and tensor operands.
import Interp
import Tensor

extension Arguments {
  /// A tensor operand: tensors, numbers, bools and lists of numbers all convert.
  func tensor(_ i: Int) throws -> Tensor {
    if let t = values[i].asTensorOperand { return t }
    throw fail(i, "a tensor (or a number or list of numbers)")
  }

  /// Two operands with the operators' rules: a plain number adapts to the other's dtype.
  func tensorPair(_ i: Int, _ j: Int) throws -> (Tensor, Tensor) {
    try Operators.operands(values[i], values[j], builtin.name)
  }

  /// A shape given as `zeros(2, 3)` (variadic numbers) or `zeros([2, 3])`. Entries are checked
  /// here; the size of the tensor is checked where it is allocated (`Tensor(allocating:)`).
  func shape(fromVariadic i: Int) throws -> [Int] {
    let dims = try list(i)
    if dims.count == 1, let inner = try Arguments.dims(dims[0], builtin.name) { return inner }
    return try dims.map { v in try Arguments.dimension(v, builtin.name) }
  }

  /// A shape given as a list or 1-d tensor (nil for other values), its entries checked.
  static func dims(_ v: Value, _ name: String = "shape") throws -> [Int]? {
    switch v {
    case .list(let xs): return try xs.map { try dimension($0, name) }
    case .tensor(let t) where t.rank == 1: return try t.items.map { try dimension($0, name) }
    default: return nil
    }
  }

  /// A number becoming a shape entry (or a count that sizes a result): NaN and infinities are
  /// a ValueError, a fraction a TypeError, a negative number ValueError `negative dimension`,
  /// and a number past `Int.max` a MemoryError (no tensor that large can exist). `what` names
  /// the value in messages: shape entries, or a parameter (`'n'`).
  static func dimension(_ v: Value, _ name: String, _ what: String? = nil) throws -> Int {
    guard let d = v.scalarDouble else {
      throw RuntimeError.type(
        "\(name): \(what.map { "\($0) must be an integer" } ?? "shape entries must be integers"), "
          + "got \(v.repr)")
    }
    return try dimension(d, name, what)
  }

  static func dimension(_ d: Double, _ name: String, _ what: String? = nil) throws -> Int {
    let (subject, be, number) =
      what.map { ($0, "must be", "an integer") }
      ?? ("shape entries", "must be", "integers")
    guard d.isFinite else {
      throw RuntimeError.value("\(name): \(subject) \(be) finite, got \(formatNumber(d))")
    }
    guard d.rounded() == d else {
      throw RuntimeError.type("\(name): \(subject) \(be) \(number), got \(formatNumber(d))")
    }
    guard d >= 0 else { throw RuntimeError.value("\(name): negative dimension \(formatNumber(d))") }
    guard d < 0x1p63 else {
      throw RuntimeError(
        "MemoryError", "\(name): cannot allocate a tensor with a dimension of \(formatNumber(d))")
    }
    return Int(d)
  }

  /// Argument `i` as a count that sizes a result (`eye(n)`, `linspace(…, n)`), checked as a
  /// shape entry is (`dimension`); messages name the parameter.
  func dimension(_ i: Int) throws -> Int {
    try Arguments.dimension(values[i], builtin.name, "'\(builtin.params[i].name)'")
  }

  /// One axis given as a value (negative axes count from the end; the tensor checks range).
  static func axis(_ v: Value, _ name: String) throws -> Int {
    guard let d = v.scalarDouble, d.rounded() == d, abs(d) < 0x1p62 else {
      throw RuntimeError.type("\(name): axis entries must be integers, got \(v.repr)")
    }
    return Int(d)
  }

  /// `axis=` as nil (all axes) or a list of ints.
  func axes(_ i: Int) throws -> [Int]? {
    switch values[i] {
    case .null: return nil
    case .number: return [try int(i)]
    case .list, .tensor:
      return try list(i).map { v in try Arguments.axis(v, builtin.name) }
    default: throw fail(i, "an integer or a list of integers")
    }
  }

  /// `dtype=` as a DType.
  func dtype(_ i: Int) throws -> DType? {
    if isNil(i) { return nil }
    let s = try string(i)
    guard let d = DType(rawValue: s) else {
      throw RuntimeError.type(
        "\(builtin.name): unknown dtype \(quote(s)); use f64, f32, i64 or bool")
    }
    return d
  }
}

extension Value {
  /// Tensors, numbers, bools and lists of numbers as a tensor.
  var asTensorOperand: Tensor? { asTensorValue }
}
