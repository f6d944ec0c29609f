// Indexing: `x[i, 1:3, ..., idx]` reads a copy; `x[...] = v` writes with broadcasting.
//
// Every index item becomes a list of positions along one axis: an integer picks one position
// and drops the axis, a slice or an integer list (gather) keeps it. A bool mask must be the only
// item; it selects, in row-major order, the elements (or sub-tensors along its leading axes)
// where it is true. Items past those given mean `:`; `...` stands for as many `:` as needed.

/// One item inside `x[...]`, with positions already made concrete.
public enum TensorIndex {
  case int(Int)
  case slice(Int?, Int?, Int?)
  case ellipsis
  case gather([Int])
  case mask(Tensor)
}

extension Tensor {
  /// Positions per axis and which axes survive, for non-mask indices.
  func plan(_ items: [TensorIndex]) throws -> (positions: [[Int]], keep: [Bool]) {
    let given = items.filter { if case .ellipsis = $0 { return false } else { return true } }.count
    guard given <= rank else {
      throw TensorError.index(
        "too many indices for tensor: tensor is \(rank)-dimensional, but \(given) were indexed")
    }
    if items.filter({ if case .ellipsis = $0 { return true } else { return false } }).count > 1 {
      throw TensorError.index("an index can only have a single ellipsis ('...')")
    }
    var expanded: [TensorIndex] = []
    for item in items {
      if case .ellipsis = item {
        expanded += Array(repeating: .slice(nil, nil, nil), count: rank - given)
      } else {
        expanded.append(item)
      }
    }
    while expanded.count < rank { expanded.append(.slice(nil, nil, nil)) }
    var positions: [[Int]] = []
    var keep: [Bool] = []
    for (axis, item) in expanded.enumerated() {
      let n = shape[axis]
      switch item {
      case .int(let i):
        positions.append([try Tensor.position(i, axis: axis, size: n)])
        keep.append(false)
      case .slice(let a, let b, let c):
        positions.append(try Tensor.slicePositions(a, b, c, n))
        keep.append(true)
      case .gather(let idx):
        positions.append(try idx.map { try Tensor.position($0, axis: axis, size: n) })
        keep.append(true)
      case .mask:
        throw TensorError.index("a bool mask must be the only index")
      case .ellipsis:
        preconditionFailure("internal: ellipsis left after expansion")
      }
    }
    return (positions, keep)
  }

  static func position(_ i: Int, axis: Int, size n: Int) throws -> Int {
    let j = i < 0 ? i + n : i
    guard j >= 0 && j < n else {
      throw TensorError.index("index \(i) is out of bounds for axis \(axis) with size \(n)")
    }
    return j
  }

  /// Python slice semantics on an axis of length `n`.
  public static func slicePositions(_ lo: Int?, _ hi: Int?, _ step: Int?, _ n: Int) throws -> [Int]
  {
    let st = step ?? 1
    guard st != 0 else { throw TensorError.value("slice step cannot be zero") }
    func clamp(_ v: Int?, _ dflt: Int, _ lower: Int, _ upper: Int) -> Int {
      guard var i = v else { return dflt }
      if i < 0 { i += n }
      return min(max(i, lower), upper)
    }
    if st > 0 {
      let a = clamp(lo, 0, 0, n)
      let b = clamp(hi, n, 0, n)
      return Array(stride(from: a, to: max(a, b), by: st))
    }
    let a = clamp(lo, n - 1, -1, n - 1)
    let b = clamp(hi, -1, -1, n - 1)
    return Array(stride(from: a, to: min(a, b), by: st))
  }

  /// Flat source offsets of every selected element, in row-major order of the result.
  static func offsets(_ positions: [[Int]], _ strides: [Int]) -> [Int] {
    var out = [0]
    for (axis, ps) in positions.enumerated() {
      var next: [Int] = []
      next.reserveCapacity(out.count * ps.count)
      for base in out { for p in ps { next.append(base + p * strides[axis]) } }
      out = next
    }
    return out
  }

  /// Offsets selected by a mask over the leading axes, and the result shape.
  func maskOffsets(_ m: Tensor) throws -> ([Int], [Int]) {
    guard m.dtype == .bool, m.rank <= rank, Array(shape.prefix(m.rank)) == m.shape else {
      throw TensorError.index(
        "boolean index did not match indexed tensor: index shape \(shapeText(m.shape)), "
          + "tensor shape \(shapeText(shape))")
    }
    let inner = shape.dropFirst(m.rank).reduce(1, *)
    var out: [Int] = []
    var selected = 0
    m.withElements(as: Bool.self) { flags in
      for (i, f) in flags.enumerated() where f {
        selected += 1
        for j in 0..<inner { out.append(i * inner + j) }
      }
    }
    return (out, [selected] + Array(shape.dropFirst(m.rank)))
  }

  func selection(_ items: [TensorIndex]) throws -> (offsets: [Int], shape: [Int]) {
    if items.count == 1, case .mask(let m) = items[0] { return try maskOffsets(m) }
    var (positions, keep) = try plan(items)
    let strides = Shape.strides(shape)
    // Several integer-array indices pair up elementwise (NumPy advanced indexing): they become
    // one axis holding combined offsets, placed where the first was when they are adjacent,
    // else first.
    let gathered = expandedGatherAxes(items)
    if gathered.count > 1 {
      let lengths = Set(gathered.map { positions[$0].count }).subtracting([1])
      guard lengths.count <= 1 else {
        throw TensorError.index(
          "shape mismatch: indexing arrays could not be broadcast together with shapes "
            + gathered.map { "[\(positions[$0].count)]" }.joined(separator: " "))
      }
      let n = lengths.first ?? 1
      let combined = (0..<n).map { k in
        gathered.reduce(0) { acc, ax in
          acc + positions[ax][positions[ax].count == 1 ? 0 : k] * strides[ax]
        }
      }
      let adjacent = gathered.last.map { $0 - gathered[0] == gathered.count - 1 } ?? true
      let at = adjacent ? gathered[0] : 0
      var pos: [[Int]] = []
      var str: [Int] = []
      var outShape: [Int] = []
      for ax in 0..<rank where !gathered.contains(ax) {
        pos.append(positions[ax])
        str.append(strides[ax])
        if keep[ax] { outShape.append(positions[ax].count) }
      }
      let insertAt = (0..<at).filter { !gathered.contains($0) }.count
      pos.insert(combined, at: insertAt)
      str.insert(1, at: insertAt)
      let keptBefore = (0..<at).filter { !gathered.contains($0) && keep[$0] }.count
      outShape.insert(n, at: keptBefore)
      (positions, keep) = (pos, [])
      _ = try Shape.byteCount(outShape, .i64)  // the offsets: 8 bytes per selected element
      return (Tensor.offsets(positions, str), outShape)
    }
    var outShape: [Int] = []
    for (ps, k) in zip(positions, keep) where k { outShape.append(ps.count) }
    _ = try Shape.byteCount(outShape, .i64)
    return (Tensor.offsets(positions, strides), outShape)
  }

  /// `x[items]`: a new tensor (rank-0 when every axis got an integer).
  public func index(_ items: [TensorIndex]) throws -> Tensor {
    let (offs, outShape) = try selection(items)
    let size = dtype.itemSize
    let out = try Tensor(allocating: outShape, dtype: dtype)
    for (i, o) in offs.enumerated() {
      (out.buffer.raw + i * size).copyMemory(from: buffer.raw + o * size, byteCount: size)
    }
    return out
  }

  /// `x[items] = value`, broadcasting `value` to the selection; converts it to this dtype.
  public mutating func setIndex(_ items: [TensorIndex], _ value: Tensor) throws {
    let (offs, selShape) = try selection(items)
    let target = try Shape.broadcast(selShape, value.shape)
    guard target == selShape else {
      throw TensorError.shape(
        "could not broadcast input tensor from shape \(shapeText(value.shape)) into shape "
          + "\(shapeText(selShape))")
    }
    let src = value.astype(dtype)
    let size = dtype.itemSize
    ensureUniqueBuffer()
    if src.count == 1 {
      for o in offs { (buffer.raw + o * size).copyMemory(from: src.buffer.raw, byteCount: size) }
      return
    }
    let ranges: [[Int]] = selShape.map { (n: Int) -> [Int] in Array(0..<n) }
    let srcOffs = Tensor.offsets(ranges, Shape.broadcastStrides(src.shape, to: selShape))
    for (i, o) in offs.enumerated() {
      (buffer.raw + o * size).copyMemory(from: src.buffer.raw + srcOffs[i] * size, byteCount: size)
    }
  }
}

extension Tensor {
  /// The flat offset of a full integer index (negatives count from the end), or nil when an
  /// index is out of bounds (callers then take the general path for its error message).
  public func flatOffset(_ idx: [Int]) -> Int? {
    guard idx.count == rank else { return nil }
    var off = 0
    var step = 1
    for axis in stride(from: rank - 1, through: 0, by: -1) {
      let n = shape[axis]
      let i = idx[axis] < 0 ? idx[axis] + n : idx[axis]
      guard i >= 0 && i < n else { return nil }
      off += i * step
      step *= n
    }
    return off
  }

  /// The element at a flat offset, as Double.
  public func element(at off: Int) -> Double {
    switch dtype {
    case .f64: return buffer.raw.load(fromByteOffset: off * 8, as: Double.self)
    case .f32: return Double(buffer.raw.load(fromByteOffset: off * 4, as: Float.self))
    case .i64: return Double(buffer.raw.load(fromByteOffset: off * 8, as: Int64.self))
    case .bool: return buffer.raw.load(fromByteOffset: off, as: Bool.self) ? 1 : 0
    }
  }

  /// Stores `v` (converted to the dtype) at a flat offset; copies a shared buffer first.
  /// Stores `v` at flat offset `off` of an f64 tensor. Reads neither `dtype` nor `shape` (the
  /// interpreter calls it on a tensor it has already checked, where it is stored).
  @inline(__always)
  public mutating func setF64Element(at off: Int, _ v: Double) {
    ensureUniqueBuffer()
    buffer.raw.storeBytes(of: v, toByteOffset: off * 8, as: Double.self)
  }

  public mutating func setElement(at off: Int, _ v: Double) {
    ensureUniqueBuffer()
    switch dtype {
    case .f64: buffer.raw.storeBytes(of: v, toByteOffset: off * 8, as: Double.self)
    case .f32: buffer.raw.storeBytes(of: Float(v), toByteOffset: off * 4, as: Float.self)
    case .i64:
      let i: Int64 = v.isNaN ? .min : (abs(v) < 9.2e18 ? Int64(v) : (v < 0 ? .min : .max))
      buffer.raw.storeBytes(of: i, toByteOffset: off * 8, as: Int64.self)
    case .bool: buffer.raw.storeBytes(of: v != 0, toByteOffset: off, as: Bool.self)
    }
  }
}

extension Tensor {
  /// The axes (after `...` expansion) that integer-array indices apply to.
  func expandedGatherAxes(_ items: [TensorIndex]) -> [Int] {
    var axes: [Int] = []
    var axis = 0
    let given = items.filter { if case .ellipsis = $0 { return false } else { return true } }.count
    for item in items {
      switch item {
      case .ellipsis: axis += rank - given
      case .gather:
        axes.append(axis)
        axis += 1
      default: axis += 1
      }
    }
    return axes
  }
}
