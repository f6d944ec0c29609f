// Operators on tensors: dispatch to the broadcasting kernels, `@` to BLAS, errors to FSL kinds.
import Lang
import Tensor

/// Operator semantics, exposed to builtins that follow the same rules.
extension Operators {
  static let kernels: [BinaryOp: BinaryKernel] = [
    .add: .add, .sub: .sub, .mul: .mul, .div: .div, .floorDiv: .floorDiv, .mod: .mod, .pow: .pow,
    .eq: .eq, .ne: .ne, .lt: .lt, .le: .le, .gt: .gt, .ge: .ge,
  ]

  /// `a op b` where at least one side is a tensor.
  static func tensorBinary(_ op: BinaryOp, _ a: Value, _ b: Value) throws -> Value {
    if let t = a.traced ?? b.traced { return try t.tracer.binary(op, a, b) }
    if op == .matmul {
      let (x, y) = try operands(a, b, "@")
      return .tensor(try tensorCall { try Tensor.matmul(x, y) })
    }
    guard let k = kernels[op] else {
      throw RuntimeError.type("unsupported operator \(op.rawValue) for tensors")
    }
    return try tensorBinary(k, a, b)
  }

  static func tensorBinary(_ k: BinaryKernel, _ a: Value, _ b: Value) throws -> Value {
    if a.traced != nil || b.traced != nil {
      throw RuntimeError.type("'\(k.rawValue)' of traced tensors is not differentiable")
    }
    let (x, y) = try operands(a, b, k.rawValue)
    return .tensor(try tensorCall { try Tensor.binary(k, x, y) })
  }

  /// `a op b` where `a` is given up by the caller: a temporary left tensor lends its buffer.
  static func tensorBinaryConsuming(_ op: BinaryOp, _ a: consuming Value, _ b: Value) throws
    -> Value
  {
    guard let k = kernels[op], case .tensor = a, b.traced == nil else {
      return try tensorBinary(op, a, b)
    }
    guard case .tensor(let t) = consume a, let y = b.asTensor(like: t.dtype) else {
      throw RuntimeError.type(
        "unsupported operand types for \(op.rawValue): 'tensor' and '\(b.typeName)'")
    }
    var moved: Tensor? = consume t
    return .tensor(
      try tensorCall {
        guard let owned = moved.take() else { preconditionFailure("internal: tensor moved twice") }
        return try Tensor.binaryReusing(k, consume owned, y)
      })
  }

  /// Both sides as tensors; a plain number adapts to the tensor's dtype (weak scalar).
  public static func operands(_ a: Value, _ b: Value, _ op: String) throws -> (Tensor, Tensor) {
    var da: DType?
    var db: DType?
    if case .tensor(let t) = a { da = t.dtype }
    if case .tensor(let t) = b { db = t.dtype }
    guard let x = a.asTensor(like: db), let y = b.asTensor(like: da) else {
      throw RuntimeError.type(
        "unsupported operand types for \(op): '\(a.typeName)' and '\(b.typeName)'")
    }
    return (x, y)
  }

  static func tensorUnary(_ op: UnaryOp, _ t: Tensor) throws -> Value {
    switch op {
    case .pos: return .tensor(t)
    case .neg:
      guard t.dtype != .bool else {
        throw RuntimeError.type("unary '-' is not supported for bool tensors; use 'not'")
      }
      return .tensor(
        try tensorCall { try Tensor.binary(.sub, Tensor(shape: [], dtype: t.dtype, zero: ()), t) })
    case .not:
      guard t.dtype == .bool else {
        throw RuntimeError.type("'not' needs a bool tensor, got \(t.dtype.rawValue)")
      }
      return .tensor(try tensorCall { try Tensor.binary(.eq, t, Tensor(shape: [], bool: [false])) })
    }
  }
}

/// Runs a tensor operation, turning its `TensorError` into a `RuntimeError` of the same kind.
public func tensorCall<T>(_ body: () throws -> T) throws -> T {
  do {
    return try body()
  } catch let e as TensorError {
    throw RuntimeError(e.kind, e.message)
  }
}

extension Tensor {
  /// A zero-filled tensor (rank 0 by default) of `dtype`.
  init(shape: [Int], dtype: DType, zero: Void) {
    self.init(uninitializedShape: shape, dtype: dtype)
    buffer.raw.initializeMemory(as: UInt8.self, repeating: 0, count: buffer.byteCount)
  }
}
