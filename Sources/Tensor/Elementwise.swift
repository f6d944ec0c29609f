// Binary elementwise operations with broadcasting and NumPy type promotion.
import Foundation

/// Elementwise binary operations.
public enum BinaryKernel: String, Sendable {
  case add = "+"
  case sub = "-"
  case mul = "*"
  case div = "/"
  case floorDiv = "//"
  case mod = "%"
  case pow = "^"
  case eq = "=="
  case ne = "!="
  case lt = "<"
  case le = "<="
  case gt = ">"
  case ge = ">="
  case maximum, minimum, and, or

  public var isComparison: Bool {
    switch self {
    case .eq, .ne, .lt, .le, .gt, .ge: return true
    default: return false
    }
  }
}

extension Tensor {
  /// `a op b` elementwise with broadcasting. Arithmetic promotes dtypes as NumPy does (true
  /// division gives a float); comparisons give bool; `and`/`or` need bool operands.
  /// `binary`, writing the result into `a`'s buffer when `a` is the only holder of it and
  /// already has the result's shape and dtype (a temporary in `exp(x) * y + 1`), which saves
  /// an allocation and its page faults. Same results as `binary`.
  public static func binaryReusing(_ op: BinaryKernel, _ a: consuming Tensor, _ b: Tensor) throws
    -> Tensor
  {
    var x = consume a
    guard !op.isComparison, op != .and, op != .or, x.dtype == .f64, b.dtype == .f64 || b.count == 1,
      b.rank <= x.rank, isKnownUniquelyReferenced(&x.buffer),
      (try? Shape.broadcast(x.shape, b.shape)) == x.shape
    else { return try binary(op, x, b) }
    let y = b.astype(.f64)
    let n = x.count
    let p = x.buffer.raw.bindMemory(to: Double.self, capacity: n)
    let sb = Shape.broadcastStrides(y.shape, to: x.shape)
    y.withElements(as: Double.self) { q in
      func apply(_ f: (Double, Double) -> Double) {
        if y.count == 1 {
          let c = q[0]
          for i in 0..<n { p[i] = f(p[i], c) }
        } else if y.shape == x.shape {
          for i in 0..<n { p[i] = f(p[i], q[i]) }
        } else {
          let offs = Tensor.offsets(x.shape.map { Array(0..<$0) }, sb)
          for i in 0..<n { p[i] = f(p[i], q[offs[i]]) }
        }
      }
      switch op {
      case .add: apply { $0 + $1 }
      case .sub: apply { $0 - $1 }
      case .mul: apply { $0 * $1 }
      case .div: apply { $0 / $1 }
      case .mod: apply { floatMod($0, $1) }
      case .floorDiv: apply { floatFloorDiv($0, $1) }
      case .pow: apply { $1 == 2 ? $0 * $0 : Foundation.pow($0, $1) }
      case .maximum: apply { $0.isNaN || $1.isNaN ? .nan : max($0, $1) }
      case .minimum: apply { $0.isNaN || $1.isNaN ? .nan : min($0, $1) }
      default: break
      }
    }
    return x
  }

  public static func binary(_ op: BinaryKernel, _ a: Tensor, _ b: Tensor) throws -> Tensor {
    let shape = try Shape.broadcast(a.shape, b.shape)
    if a.dtype == .str || b.dtype == .str { return try stringBinary(op, a, b, shape) }
    if op == .and || op == .or {
      guard a.dtype == .bool && b.dtype == .bool else {
        throw TensorError.type(
          "'\(op.rawValue)' needs bool tensors, got \(a.dtype.rawValue) and \(b.dtype.rawValue)")
      }
      if op == .and {
        return try broadcastMap(a, b, shape: shape, dtype: .bool) { (x: Bool, y: Bool) in x && y }
      }
      return try broadcastMap(a, b, shape: shape, dtype: .bool) { (x: Bool, y: Bool) in x || y }
    }
    if a.dtype == .bool && b.dtype == .bool {
      // NumPy: + and * on bools are logical or/and; - is an error.
      if op == .add { return try binary(.or, a, b) }
      if op == .mul { return try binary(.and, a, b) }
      if op == .sub {
        throw TensorError.type("'-' is not supported for bool tensors; use 'and', 'or' or 'not'")
      }
    }
    var t = DType.promote(a.dtype, b.dtype)
    if op == .div && !t.isFloat { t = .f64 }
    let x = a.astype(t)
    let y = b.astype(t)
    switch t {
    case .f64: return try floatKernel(op, x, y, shape, Double.self)
    case .f32: return try floatKernel(op, x, y, shape, Float.self)
    default: return try intKernel(op, x, y, shape)
    }
  }

  static func floatKernel<T: BinaryFloatingPoint>(
    _ op: BinaryKernel, _ a: Tensor, _ b: Tensor, _ s: [Int], _: T.Type
  ) throws -> Tensor {
    let d = a.dtype
    switch op {
    case .add: return try broadcastMap(a, b, shape: s, dtype: d) { (x: T, y: T) in x + y }
    case .sub: return try broadcastMap(a, b, shape: s, dtype: d) { (x: T, y: T) in x - y }
    case .mul: return try broadcastMap(a, b, shape: s, dtype: d) { (x: T, y: T) in x * y }
    case .div: return try broadcastMap(a, b, shape: s, dtype: d) { (x: T, y: T) in x / y }
    case .mod:
      return try broadcastMap(a, b, shape: s, dtype: d) { (x: T, y: T) in
        T(floatMod(Double(x), Double(y)))
      }
    case .floorDiv:
      return try broadcastMap(a, b, shape: s, dtype: d) { (x: T, y: T) in
        T(floatFloorDiv(Double(x), Double(y)))
      }
    case .pow:
      if b.count == 1, b.withElements(as: T.self, { $0[0] }) == 2 {
        return try broadcastMap(a, b, shape: s, dtype: d) { (x: T, _: T) in x * x }
      }
      return try broadcastMap(a, b, shape: s, dtype: d) { (x: T, y: T) in
        T(Foundation.pow(Double(x), Double(y)))
      }
    case .maximum:
      return try broadcastMap(a, b, shape: s, dtype: d) { (x: T, y: T) in
        x.isNaN || y.isNaN ? T.nan : max(x, y)
      }
    case .minimum:
      return try broadcastMap(a, b, shape: s, dtype: d) { (x: T, y: T) in
        x.isNaN || y.isNaN ? T.nan : min(x, y)
      }
    case .eq: return try broadcastMap(a, b, shape: s, dtype: .bool) { (x: T, y: T) in x == y }
    case .ne: return try broadcastMap(a, b, shape: s, dtype: .bool) { (x: T, y: T) in x != y }
    case .lt: return try broadcastMap(a, b, shape: s, dtype: .bool) { (x: T, y: T) in x < y }
    case .le: return try broadcastMap(a, b, shape: s, dtype: .bool) { (x: T, y: T) in x <= y }
    case .gt: return try broadcastMap(a, b, shape: s, dtype: .bool) { (x: T, y: T) in x > y }
    case .ge: return try broadcastMap(a, b, shape: s, dtype: .bool) { (x: T, y: T) in x >= y }
    case .and, .or: preconditionFailure("internal: logical op in float kernel")
    }
  }

  static func intKernel(_ op: BinaryKernel, _ a: Tensor, _ b: Tensor, _ s: [Int]) throws -> Tensor {
    switch op {
    case .add:
      return try broadcastMap(a, b, shape: s, dtype: .i64) { (x: Int64, y: Int64) in x &+ y }
    case .sub:
      return try broadcastMap(a, b, shape: s, dtype: .i64) { (x: Int64, y: Int64) in x &- y }
    case .mul:
      return try broadcastMap(a, b, shape: s, dtype: .i64) { (x: Int64, y: Int64) in x &* y }
    case .mod:
      // NumPy: integer modulo by zero gives 0 (with a warning). x % -1 is 0; it is also the one
      // case, Int64.min % -1, where the division instruction traps.
      return try broadcastMap(a, b, shape: s, dtype: .i64) { (x: Int64, y: Int64) -> Int64 in
        guard y != 0 && y != -1 else { return 0 }
        let r = x % y
        return r != 0 && (r < 0) != (y < 0) ? r + y : r
      }
    case .floorDiv:
      // By zero 0, as NumPy; Int64.min // -1 wraps to Int64.min (NumPy's result) instead of
      // trapping in the division instruction.
      return try broadcastMap(a, b, shape: s, dtype: .i64) { (x: Int64, y: Int64) -> Int64 in
        guard y != 0 else { return 0 }
        if y == -1 { return 0 &- x }
        let q = x / y
        return (x % y != 0) && ((x < 0) != (y < 0)) ? q - 1 : q
      }
    case .pow:
      if b.withElements(as: Int64.self, { $0.contains { $0 < 0 } }) {
        throw TensorError.value("integers to negative integer powers are not allowed")
      }
      return try broadcastMap(a, b, shape: s, dtype: .i64) { (x: Int64, y: Int64) -> Int64 in
        var result: Int64 = 1
        var base = x
        var e = y
        while e > 0 {
          if e & 1 == 1 { result = result &* base }
          base = base &* base
          e >>= 1
        }
        return result
      }
    case .maximum:
      return try broadcastMap(a, b, shape: s, dtype: .i64) { (x: Int64, y: Int64) in max(x, y) }
    case .minimum:
      return try broadcastMap(a, b, shape: s, dtype: .i64) { (x: Int64, y: Int64) in min(x, y) }
    case .eq:
      return try broadcastMap(a, b, shape: s, dtype: .bool) { (x: Int64, y: Int64) in x == y }
    case .ne:
      return try broadcastMap(a, b, shape: s, dtype: .bool) { (x: Int64, y: Int64) in x != y }
    case .lt:
      return try broadcastMap(a, b, shape: s, dtype: .bool) { (x: Int64, y: Int64) in x < y }
    case .le:
      return try broadcastMap(a, b, shape: s, dtype: .bool) { (x: Int64, y: Int64) in x <= y }
    case .gt:
      return try broadcastMap(a, b, shape: s, dtype: .bool) { (x: Int64, y: Int64) in x > y }
    case .ge:
      return try broadcastMap(a, b, shape: s, dtype: .bool) { (x: Int64, y: Int64) in x >= y }
    case .div, .and, .or: preconditionFailure("internal: \(op) in integer kernel")
    }
  }
}

/// Python/NumPy `%` on doubles: the result has the sign of the divisor.
@inline(__always) public func floatMod(_ x: Double, _ y: Double) -> Double {
  if y.isInfinite && x.isFinite { return (x == 0 || (x > 0) == (y > 0)) ? x : y }
  var m = x.truncatingRemainder(dividingBy: y)
  if m != 0 && (m < 0) != (y < 0) { m += y }
  if m == 0 { m = y < 0 ? -0.0 : 0.0 }
  return m
}

/// Python/NumPy `//` on doubles.
@inline(__always) public func floatFloorDiv(_ x: Double, _ y: Double) -> Double {
  if y == 0 { return x / y }
  return ((x - floatMod(x, y)) / y).rounded()
}
