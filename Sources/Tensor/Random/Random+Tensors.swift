// Tensor-producing draws of RandomStream: rand, randn, uniform, normal, randint, permutation.
//
// Each fills a new tensor in row-major order with the scalar draw NumPy's Generator uses for
// the same call (`random`, `standard_normal`, `uniform`, `normal`, `integers`, `permutation`,
// `shuffle`), so `rng.randn(shape: [2, 3])` equals `np.random.default_rng(s).standard_normal
// ((2, 3))`. Loops run on a local copy of the stream, written back at the end, so the state
// stays in registers.

extension RandomStream {
  /// The number of elements of `shape`, checked: a negative dimension is
  /// `RandomError.invalidShape`; a size that overflows or is past the memory limit is a
  /// MemoryError (`Shape.byteCount`, as for an f64 or i64 tensor).
  static func elementCount(_ shape: [Int], function: String) throws -> Int {
    guard shape.allSatisfy({ $0 >= 0 }) else {
      throw RandomError.invalidShape(function: function, shape)
    }
    _ = try Shape.byteCount(shape, .f64)
    return shape.reduce(1, *)
  }

  /// A new f64 tensor of `shape` whose elements are `draw` applied in row-major order.
  @inline(__always)
  private mutating func fill(
    _ shape: [Int], function: String, _ draw: (inout RandomStream) -> Double
  ) throws -> Tensor {
    _ = try Self.elementCount(shape, function: function)
    var tensor = try Tensor(allocating: shape, dtype: .f64)
    var stream = self
    tensor.withMutableElements(as: Double.self) { out in
      for i in out.indices { out[i] = draw(&stream) }
    }
    self = stream
    return tensor
  }

  /// Uniform doubles in [0, 1) (NumPy's `random(shape)`).
  public mutating func rand(shape: [Int]) throws -> Tensor {
    try fill(shape, function: "rand") { $0.random() }
  }

  /// Standard normal doubles (NumPy's `standard_normal(shape)`).
  public mutating func randn(shape: [Int]) throws -> Tensor {
    try normal(mean: 0, std: 1, shape: shape)
  }

  /// Uniform doubles in [lo, hi) (NumPy's `uniform(lo, hi, shape)`).
  public mutating func uniform(lo: Double, hi: Double, shape: [Int]) throws -> Tensor {
    let width = try Self.uniformWidth(lo: lo, hi: hi)
    return try fill(shape, function: "uniform") { lo + width * $0.random() }
  }

  /// Normal doubles `mean + std * z` (NumPy's `normal(mean, std, shape)`). Throws unless
  /// `mean` is finite and `std` is finite and non-negative.
  public mutating func normal(mean: Double, std: Double, shape: [Int]) throws -> Tensor {
    try Self.checkNormal(mean: mean, std: std)
    let standard = mean == 0 && std == 1 && mean.sign == .plus
    return try ZigguratNormal.k.withUnsafeBufferPointer { k in
      try ZigguratNormal.w.withUnsafeBufferPointer { w in
        try fill(shape, function: standard ? "randn" : "normal") { stream in
          standard ? stream.standardNormal(k, w) : mean + std * stream.standardNormal(k, w)
        }
      }
    }
  }

  /// Standard exponential doubles (NumPy's `standard_exponential(shape)`).
  public mutating func exponential(shape: [Int]) throws -> Tensor {
    try ZigguratExponential.k.withUnsafeBufferPointer { k in
      try ZigguratExponential.w.withUnsafeBufferPointer { w in
        try fill(shape, function: "exponential") { $0.standardExponential(k, w) }
      }
    }
  }

  /// Uniform integers in `lo..<hi` as an i64 tensor (NumPy's `integers(lo, hi, shape)`).
  /// Throws `RandomError.emptyRange` unless `lo < hi`.
  public mutating func randint(lo: Int64, hi: Int64, shape: [Int]) throws -> Tensor {
    guard lo < hi else { throw RandomError.emptyRange(function: "randint", lo: lo, hi: hi) }
    _ = try Self.elementCount(shape, function: "randint")
    let range = UInt64(bitPattern: hi &- lo) &- 1
    var tensor = try Tensor(allocating: shape, dtype: .i64)
    var stream = self
    tensor.withMutableElements(as: Int64.self) { out in
      for i in out.indices { out[i] = lo &+ Int64(bitPattern: stream.bounded(range)) }
    }
    self = stream
    return tensor
  }

  /// A random ordering of `0..<n` as an i64 tensor (NumPy's `permutation(n)`: Fisher-Yates
  /// from the end with `random_interval`), shuffled in the tensor's own buffer.
  public mutating func permutation(n: Int) throws -> Tensor {
    guard n >= 0 else { throw RandomError.negativeCount(function: "permutation", argument: "n", n) }
    var tensor = try Tensor(allocating: [n], dtype: .i64)
    var stream = self
    tensor.withMutableElements(as: Int64.self) { values in
      for i in 0..<n { values[i] = Int64(i) }
      if n < 2 { return }
      for i in stride(from: n - 1, through: 1, by: -1) {
        let j = Int(stream.interval(UInt64(i)))
        if i != j { values.swapAt(i, j) }
      }
    }
    self = stream
    return tensor
  }

  /// The swaps of NumPy's `shuffle` for `count` rows: (i, j) for i from count - 1 down to 1.
  private mutating func swapPlan(count: Int) -> [(Int, Int)] {
    guard count > 1 else { return [] }
    return stride(from: count - 1, through: 1, by: -1).map { i in (i, Int(interval(UInt64(i)))) }
  }

  /// Shuffles `tensor` along its first axis in place (NumPy's `shuffle`; the rows of a
  /// matrix move as wholes). Throws for a rank-0 tensor.
  public mutating func shuffle(_ tensor: inout Tensor) throws {
    guard let rows = tensor.shape.first else { throw RandomError.rankZero(function: "shuffle") }
    let plan = swapPlan(count: rows)
    let rowLength = tensor.shape.dropFirst().reduce(1, *)
    switch tensor.dtype {
    case .f64: Self.applySwaps(plan, rowLength, &tensor, as: Double.self)
    case .f32: Self.applySwaps(plan, rowLength, &tensor, as: Float.self)
    case .i64, .str: Self.applySwaps(plan, rowLength, &tensor, as: Int64.self)
    case .bool: Self.applySwaps(plan, rowLength, &tensor, as: Bool.self)
    }
  }

  /// A copy of `tensor` with its first axis shuffled (NumPy's `permutation(array)`).
  public mutating func shuffled(_ tensor: Tensor) throws -> Tensor {
    var copy = tensor
    try shuffle(&copy)
    return copy
  }

  private static func applySwaps<T>(
    _ plan: [(Int, Int)], _ rowLength: Int, _ tensor: inout Tensor, as _: T.Type
  ) {
    tensor.withMutableElements(as: T.self) { elements in
      for (i, j) in plan where i != j {
        for c in 0..<rowLength { elements.swapAt(i * rowLength + c, j * rowLength + c) }
      }
    }
  }

  /// Rows `indices` of `values` (along the first axis), stacked in a tensor of shape
  /// `shape + values.shape[1...]`.
  static func gatherRows(_ values: Tensor, _ indices: [Int], shape: [Int]) throws -> Tensor {
    let rowShape = Array(values.shape.dropFirst())
    var out = try Tensor(allocating: shape + rowShape, dtype: values.dtype)
    let rowLength = rowShape.reduce(1, *)
    switch values.dtype {
    case .f64: gather(values, indices, rowLength, &out, as: Double.self)
    case .f32: gather(values, indices, rowLength, &out, as: Float.self)
    case .i64, .str: gather(values, indices, rowLength, &out, as: Int64.self)
    case .bool: gather(values, indices, rowLength, &out, as: Bool.self)
    }
    return out
  }

  private static func gather<T>(
    _ values: Tensor, _ indices: [Int], _ rowLength: Int, _ out: inout Tensor, as _: T.Type
  ) {
    values.withElements(as: T.self) { source in
      out.withMutableElements(as: T.self) { target in
        for (row, index) in indices.enumerated() {
          for c in 0..<rowLength { target[row * rowLength + c] = source[index * rowLength + c] }
        }
      }
    }
  }
}
