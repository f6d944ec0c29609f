// Indexing: `x[i, 1:3, ..., idx]` reads a copy; `x[...] = v` writes with broadcasting.
//
// NumPy's rules (docs/tensors.md "Indexing"). Basic items — an integer (drops its axis), a slice
// (keeps it), `nil` (a new axis of length 1) and `...` (as many `:` as needed) — combine as a
// cartesian product. Integer index arrays of any shape are advanced: they broadcast together
// into one block of result axes whose elements pair positions along the axes they index. A bool
// mask over k axes is the k index arrays of its true positions (row-major). When any array is
// present, plain integers count as advanced too (0-d arrays). The block replaces the advanced
// items where they stand when they are adjacent, and goes first otherwise.
//
// Every selection is a list of flat source offsets in the result's row-major order; reads copy
// them out, writes copy the broadcast value in. Trailing whole axes are copied as one run.

/// One item inside `x[...]`, with positions already made concrete.
public enum TensorIndex {
  case int(Int)
  case slice(Int?, Int?, Int?)
  case ellipsis
  /// `nil` (NumPy's `newaxis`): a new axis of length 1.
  case newAxis
  /// An integer index array of any shape (negative entries count from the end).
  case array(shape: [Int], values: [Int])
  /// A bool mask over as many axes as it has (rank 0: a new axis of length 1 or 0).
  case mask(Tensor)

  /// A 1-d integer index array.
  public static func gather(_ values: [Int]) -> TensorIndex {
    .array(shape: [values.count], values: values)
  }
}

/// Where a selection's elements are: `offsets[k] + j` for `j < run`, in result order.
struct Selection {
  var offsets: [Int]
  var run: Int
  /// How many trailing axes of `shape` make up a run.
  var runDims: Int
  var shape: [Int]
}

extension Tensor {
  /// The items with `...` expanded and every axis given an item; masks and arrays stay whole.
  func expandItems(_ items: [TensorIndex]) throws -> [TensorIndex] {
    var consumed = 0
    var ellipses = 0
    for item in items {
      switch item {
      case .ellipsis: ellipses += 1
      case .newAxis: break
      case .mask(let m): consumed += m.rank
      default: consumed += 1
      }
    }
    guard consumed <= rank else {
      throw TensorError.index(
        "too many indices for tensor: tensor is \(rank)-dimensional, but \(consumed) were indexed")
    }
    if ellipses > 1 {
      throw TensorError.index("an index can only have a single ellipsis ('...')")
    }
    var out: [TensorIndex] = []
    for item in items {
      if case .ellipsis = item {
        out += Array(repeating: .slice(nil, nil, nil), count: rank - consumed)
      } else {
        out.append(item)
      }
    }
    if ellipses == 0 {
      out += Array(repeating: .slice(nil, nil, nil), count: rank - consumed)
    }
    return out
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
    let (a, b, st) = try sliceBounds(lo, hi, step, n)
    return Array(stride(from: a, to: b, by: st))
  }

  /// How many positions `slicePositions` gives, without listing them (an axis of a zero-size
  /// tensor may be 10¹² long).
  static func sliceCount(_ lo: Int?, _ hi: Int?, _ step: Int?, _ n: Int) throws -> Int {
    let (a, b, st) = try sliceBounds(lo, hi, step, n)
    return st > 0 ? (b - a + st - 1) / st : (a - b - st - 1) / -st
  }

  /// The clamped `stride(from:to:by:)` of a slice over `n` positions (`to` never before `from`
  /// in the step's direction).
  static func sliceBounds(_ lo: Int?, _ hi: Int?, _ step: Int?, _ n: Int) throws -> (Int, Int, Int)
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
      return (a, max(a, clamp(hi, n, 0, n)), st)
    }
    let a = clamp(lo, n - 1, -1, n - 1)
    return (a, min(a, clamp(hi, -1, -1, n - 1)), st)
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

  /// The elements `items` select: NumPy's basic and advanced indexing (see the file's top).
  func selection(_ items: [TensorIndex]) throws -> Selection {
    let expanded = try expandItems(items)
    if count == 0, let shape = try Tensor.basicShape(expanded, of: shape) {
      // Nothing to select: only the shape, without listing the positions along axes that may
      // be huge (`zeros([1e12, 0])[5:]` would list 10¹² of them).
      return Selection(offsets: [], run: 0, runDims: shape.count, shape: shape)
    }
    return try IndexPlan(self, expanded).selection()
  }

  /// The result shape of basic items (integers, checked as `IndexPlan` checks them, slices and
  /// new axes) over `shape`; nil when an item is an index array or a mask.
  static func basicShape(_ items: [TensorIndex], of shape: [Int]) throws -> [Int]? {
    var out: [Int] = []
    var axis = 0
    for item in items {
      switch item {
      case .int(let i):
        _ = try position(i, axis: axis, size: shape[axis])
        axis += 1
      case .slice(let a, let b, let c):
        out.append(try sliceCount(a, b, c, shape[axis]))
        axis += 1
      case .newAxis: out.append(1)
      default: return nil
      }
    }
    return out
  }

  /// `x[items]`: a new tensor (rank-0 when every axis got an integer).
  public func index(_ items: [TensorIndex]) throws -> Tensor {
    let sel = try selection(items)
    let out = try Tensor(allocating: sel.shape, dtype: dtype)
    let bytes = sel.run * dtype.itemSize
    let size = dtype.itemSize
    for (i, o) in sel.offsets.enumerated() {
      (out.buffer.raw + i * bytes).copyMemory(from: buffer.raw + o * size, byteCount: bytes)
    }
    return out
  }

  /// `x[items] = value`, broadcasting `value` to the selection; converts it to this dtype.
  /// A value with more axes than the selection may have extra leading axes of length 1 (NumPy
  /// drops them).
  public mutating func setIndex(_ items: [TensorIndex], _ value: Tensor) throws {
    let sel = try selection(items)
    var value = value
    if value.rank > sel.shape.count,
      value.shape.prefix(value.rank - sel.shape.count).allSatisfy({ $0 == 1 })
    {
      value = value.reshaped(Array(value.shape.suffix(sel.shape.count)))
    }
    guard (try? Shape.broadcast(sel.shape, value.shape)) == sel.shape else {
      throw TensorError.shape(
        "could not broadcast input tensor from shape \(shapeText(value.shape)) into shape "
          + "\(shapeText(sel.shape))")
    }
    if sel.offsets.isEmpty || sel.run == 0 { return }
    let src = value.astype(dtype)
    let size = dtype.itemSize
    ensureUniqueBuffer()
    let (dst, from) = (buffer.raw, src.buffer.raw)
    // Per run: a value broadcast along the run fills it, one that has the run's axes is copied
    // as a block, anything else goes element by element.
    let strides = Shape.broadcastStrides(src.shape, to: sel.shape)
    let outer = sel.shape.count - sel.runDims
    let runStrides = Array(strides[outer...])
    let runShape = Array(sel.shape[outer...])
    let outerOffs = Tensor.offsets(
      sel.shape[..<outer].map { Array(0..<$0) }, Array(strides[..<outer]))
    if runStrides.allSatisfy({ $0 == 0 }) {
      for (o, so) in zip(sel.offsets, outerOffs) {
        Tensor.fill(dst + o * size, count: sel.run, from: from + so * size, size: size)
      }
    } else if runStrides == Shape.strides(runShape) {
      for (o, so) in zip(sel.offsets, outerOffs) {
        (dst + o * size).copyMemory(from: from + so * size, byteCount: sel.run * size)
      }
    } else {
      let inner = Tensor.offsets(runShape.map { Array(0..<$0) }, runStrides)
      for (o, so) in zip(sel.offsets, outerOffs) {
        for (j, r) in inner.enumerated() {
          (dst + (o + j) * size).copyMemory(from: from + (so + r) * size, byteCount: size)
        }
      }
    }
  }

  /// Writes the element at `src` into `count` consecutive elements at `dst`.
  static func fill(
    _ dst: UnsafeMutableRawPointer, count: Int, from src: UnsafeRawPointer, size: Int
  ) {
    switch size {
    case 8:
      dst.initializeMemory(as: UInt64.self, repeating: src.load(as: UInt64.self), count: count)
    case 4:
      dst.initializeMemory(as: UInt32.self, repeating: src.load(as: UInt32.self), count: count)
    default: dst.initializeMemory(as: UInt8.self, repeating: src.load(as: UInt8.self), count: count)
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
    case .str: return .nan
    }
  }

  /// Stores `v` at flat offset `off` of an f64 tensor. Reads neither `dtype` nor `shape` (the
  /// interpreter calls it on a tensor it has already checked, where it is stored).
  @inline(__always)
  public mutating func setF64Element(at off: Int, _ v: Double) {
    ensureUniqueBuffer()
    buffer.raw.storeBytes(of: v, toByteOffset: off * 8, as: Double.self)
  }

  /// Stores `v` (converted to the dtype) at a flat offset; copies a shared buffer first.
  public mutating func setElement(at off: Int, _ v: Double) {
    ensureUniqueBuffer()
    switch dtype {
    case .f64: buffer.raw.storeBytes(of: v, toByteOffset: off * 8, as: Double.self)
    case .f32: buffer.raw.storeBytes(of: Float(v), toByteOffset: off * 4, as: Float.self)
    case .i64:
      let i: Int64 = v.isNaN ? .min : (abs(v) < 9.2e18 ? Int64(v) : (v < 0 ? .min : .max))
      buffer.raw.storeBytes(of: i, toByteOffset: off * 8, as: Int64.self)
    case .bool: buffer.raw.storeBytes(of: v != 0, toByteOffset: off, as: Bool.self)
    case .str:
      let s = Tensor(scalar: v).formattedAsStrings()
      buffer.raw.storeBytes(of: s.stringCodes[0], toByteOffset: off * 8, as: Int64.self)
    }
  }
}
