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

  /// A shape given as `zeros(2, 3)` (variadic numbers) or `zeros([2, 3])`.
  func shape(fromVariadic i: Int) throws -> [Int] {
    let dims = try list(i)
    if dims.count == 1, let inner = try Arguments.dims(dims[0]) { return inner }
    let shape = try dims.map { v in try Arguments.dimension(v, builtin.name) }
    _ = try tensorCall { try Shape.checkedCount(shape, builtin.name) }
    return shape
  }

  /// A shape given as a list or 1-d tensor (nil for other values), size-checked.
  static func dims(_ v: Value) throws -> [Int]? {
    let shape: [Int]
    switch v {
    case .list(let xs): shape = try xs.map { try dimension($0, "shape") }
    case .tensor(let t) where t.rank == 1: shape = try t.items.map { try dimension($0, "shape") }
    default: return nil
    }
    _ = try tensorCall { try Shape.checkedCount(shape, "shape") }
    return shape
  }

  static func dimension(_ v: Value, _ name: String) throws -> Int {
    guard let d = v.scalarDouble, d.rounded() == d, d >= 0, d < 1e12 else {
      throw RuntimeError.type("\(name): shape entries must be non-negative integers, got \(v.repr)")
    }
    return Int(d)
  }

  /// `axis=` as nil (all axes) or a list of ints.
  func axes(_ i: Int) throws -> [Int]? {
    switch values[i] {
    case .null: return nil
    case .number: return [try int(i)]
    case .list, .tensor:
      return try list(i).map { v in
        guard let d = v.scalarDouble, d.rounded() == d else {
          throw RuntimeError.type("\(builtin.name): axis entries must be integers, got \(v.repr)")
        }
        return Int(d)
      }
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
