// Tensors as values: bracket literals that become tensors, truthiness, and conversions.
import Tensor

extension Tensor {
  /// The first element as a number (a bool for bool tensors).
  public var scalarValue: Value {
    if dtype == .str { return .string(string(at: 0)) }
    return dtype == .bool ? .bool(element(at: 0) != 0) : .number(element(at: 0))
  }

  /// Truthiness where one value is needed: the single element, false when empty. Tensors with
  /// more elements are ambiguous (`Value.truth()` raises for them, as NumPy does).
  var isTruthy: Bool {
    guard count == 1 else { return count > 1 }
    return doubles[0] != 0
  }
}

extension Value {
  /// Truthiness for conditions: like `isTruthy`, but a tensor of several elements is an error.
  func truth() throws -> Bool {
    if case .tensor(let t) = self, t.count > 1 {
      throw RuntimeError.value(
        "the truth value of a tensor with more than one element is ambiguous; use any() or all()")
    }
    return isTruthy
  }

  /// A bracket literal's value (docs/tensors.md, "Values"): a tensor when every element is a
  /// number, a bool, or a tensor of one common shape; otherwise a list. `[]` stays an empty list.
  public static func bracketLiteral(_ items: [Value]) -> Value {
    guard let first = items.first else { return .list(items) }
    switch first {
    case .number, .bool:
      var allBool = true
      var xs: [Double] = []
      xs.reserveCapacity(items.count)
      for v in items {
        switch v {
        case .number(let d):
          xs.append(d)
          allBool = false
        case .bool(let b): xs.append(b ? 1 : 0)
        default: return .list(items)
        }
      }
      if allBool { return .tensor(Tensor(shape: [xs.count], bool: xs.map { $0 != 0 })) }
      return .tensor(Tensor(shape: [xs.count], f64: xs))
    case .tensor(let t0):
      var parts: [Tensor] = []
      for v in items {
        guard case .tensor(let t) = v, t.shape == t0.shape else { return .list(items) }
        parts.append(t)
      }
      return .tensor(Tensor.stack(parts))
    default:
      return .list(items)
    }
  }

  /// A tensor result as a value: rank 0 comes back as a number (or a bool), as docs/design.md
  /// §"Value model" says.
  public static func wrapping(_ t: Tensor) -> Value {
    t.rank == 0 ? t.scalarValue : .tensor(t)
  }

  /// The value as a tensor (numbers and bools as rank 0 f64/bool, lists via literal rules).
  public var asTensorValue: Tensor? { asTensor(like: nil) }

  /// A number, a bool, or a one-element tensor as a Double.
  public var scalarDouble: Double? {
    switch self {
    case .number(let d): return d
    case .bool(let b): return b ? 1 : 0
    case .tensor(let t) where t.count == 1: return t.doubles[0]
    default: return nil
    }
  }

  /// The value as a tensor operand: numbers and bools become rank-0 tensors whose dtype
  /// adapts to `other` (NumPy's weak scalars: `x_f32 * 2` stays f32, `i * 2` stays i64).
  func asTensor(like other: DType?) -> Tensor? {
    switch self {
    case .tensor(let t): return t
    case .number(let d):
      switch other {
      case .f32?: return Tensor(shape: [], f32: [Float(d)])
      case .i64?, .bool?:
        if d.rounded() == d && abs(d) < 9.2e18 { return Tensor(shape: [], i64: [Int64(d)]) }
        return Tensor(scalar: d)
      default: return Tensor(scalar: d)
      }
    case .bool(let b): return Tensor(shape: [], bool: [b])
    case .string(let s) where other == .str: return Tensor(shape: [], strings: [s])
    case .list(let xs):
      if case .tensor(let t) = Value.bracketLiteral(xs) { return t }
      if other == .str, let ss = Operators.stringList(xs) { return Tensor(strings: ss) }
      if xs.isEmpty { return Tensor(shape: [0], f64: []) }
      return nil
    // A traced value outside its grad (kept in a list, say) is its plain value.
    case .object(let o): return (o as? TracedValue)?.primal.asTensor(like: other)
    default: return nil
    }
  }
}

extension Tensor {
  /// Stacks equal-shape tensors along a new first axis (dtypes promote). For a bracket
  /// literal, whose parts are few; `stacked` checks the size of a result built from a list.
  public static func stack(_ parts: [Tensor]) -> Tensor {
    do { return try stacked(parts) } catch { fatalError("internal: \(error)") }
  }

  /// `stack`, with the result's size checked: a MemoryError `TensorError` when it is too large
  /// (a list of many references to one big tensor).
  public static func stacked(_ parts: [Tensor]) throws -> Tensor {
    guard let first = parts.first else { return Tensor(shape: [0], f64: []) }
    let dtype = parts.dropFirst().reduce(first.dtype) { d, t in
      d == t.dtype ? d : DType.promote(d, t.dtype)
    }
    let item = first.count * dtype.itemSize
    let out = try Tensor(allocating: [parts.count] + first.shape, dtype: dtype)
    for (i, p) in parts.enumerated() {
      p.astype(dtype).withUnsafeBytes { src in
        if let base = src.baseAddress {
          out.buffer.raw.advanced(by: i * item).copyMemory(from: base, byteCount: item)
        }
      }
    }
    return out
  }
}

extension Tensor {
  /// The items a `for` loop (or `list`, `map`, …) visits: numbers (bools) for a 1-d tensor,
  /// rows along the first axis otherwise.
  public var items: [Value] {
    if rank == 1 {
      if dtype == .bool { return withElements(as: Bool.self) { $0.map { .bool($0) } } }
      if dtype == .str { return strings.map { .string($0) } }
      return doubles.map { .number($0) }
    }
    guard rank > 1, shape[0] > 0 else { return [] }
    let rowShape = Array(shape.dropFirst())
    let rowBytes = rowShape.reduce(1, *) * dtype.itemSize
    return (0..<shape[0]).map { i in
      let row = Tensor(uninitializedShape: rowShape, dtype: dtype)
      row.buffer.raw.copyMemory(from: buffer.raw + i * rowBytes, byteCount: rowBytes)
      return .tensor(row)
    }
  }

  /// Sum of all elements with pairwise summation (NumPy's accuracy for long vectors).
  public var pairwiseSum: Double {
    doubles.withUnsafeBufferPointer { Tensor.pairwise($0) }
  }
}
