// Splitting, differences, coordinate grids and closeness, as NumPy 2: array_split/split, diff,
// meshgrid, isclose. Pieces are copied a block at a time; differences run on the buffer in the
// tensor's own dtype (i64 wraps, bool gives "changed").

/// How `split` cuts an axis: into a number of sections, or at given indices.
public enum SplitSpec {
  case sections(Int)
  case indices([Int])
}

extension Tensor {
  /// `array_split` (`evenly` false) or `split` (`evenly` true: sections must divide the axis):
  /// the pieces along `axis`. Indices cut as Python slices do (negative counts from the end,
  /// out-of-order indices give empty pieces).
  public func split(_ spec: SplitSpec, axis a: Int, evenly: Bool, name: String) throws -> [Tensor] {
    let axis = try self.axis(a)
    let n = shape[axis]
    var cuts: [Int]
    switch spec {
    case .sections(let k):
      guard k > 0 else {
        throw TensorError.value("\(name): the number of sections must be positive, got \(k)")
      }
      if evenly && n % k != 0 {
        throw TensorError.value(
          "\(name): \(k) sections do not divide axis \(axis) of length \(n) equally "
            + "(array_split allows unequal pieces)")
      }
      // Each piece is a pointer-sized list entry plus a small tensor: refuse what cannot fit.
      let (bytes, o) = k.multipliedReportingOverflow(by: 160)
      if o || (bytes >= MemoryLimit.quick && !MemoryLimit.allows(bytes)) {
        throw TensorError.memory("\(name): cannot make \(k) pieces")
      }
      let (each, extra) = n.quotientAndRemainder(dividingBy: k)
      cuts = [0]
      for i in 0..<k { cuts.append(cuts[i] + each + (i < extra ? 1 : 0)) }
    case .indices(let idx):
      cuts = [0] + idx.map { i in Swift.min(Swift.max(i < 0 ? i + n : i, 0), n) } + [n]
    }
    let outer = shape[..<axis].reduce(1, *)
    let inner = shape[(axis + 1)...].reduce(1, *) * dtype.itemSize
    var pieces: [Tensor] = []
    pieces.reserveCapacity(cuts.count - 1)
    for i in 0..<(cuts.count - 1) {
      let (start, end) = (cuts[i], Swift.max(cuts[i + 1], cuts[i]))
      var s = shape
      s[axis] = end - start
      let piece = try Tensor(allocating: s, dtype: dtype)
      let block = (end - start) * inner
      if block > 0 {
        for o in 0..<outer {
          (piece.buffer.raw + o * block).copyMemory(
            from: buffer.raw + (o * n + start) * inner, byteCount: block)
        }
      }
      pieces.append(piece)
    }
    return pieces
  }

  /// The `n`-th discrete difference along `axis`: out[i] = x[i+1] - x[i], applied n times
  /// (each time the axis shrinks by one, to no less than 0). i64 wraps and f32 is computed in
  /// f32, as NumPy; for bool it is x[i+1] != x[i].
  public func diff(n: Int, axis a: Int) throws -> Tensor {
    guard dtype != .str else {
      throw TensorError.type("diff: cannot subtract strings (a str tensor)")
    }
    guard rank > 0 else {
      throw TensorError.value("diff: needs a tensor of rank ≥ 1, got a rank-0 tensor")
    }
    guard n >= 0 else { throw TensorError.value("diff: order n must be non-negative, got \(n)") }
    let axis = try self.axis(a)
    if n >= shape[axis] && n > 0 {
      // Nothing is left (NumPy would loop n times over empty tensors).
      var s = shape
      s[axis] = 0
      return Tensor(uninitializedShape: s, dtype: dtype)
    }
    var cur = self
    for _ in 0..<n { cur = cur.diffOnce(axis) }
    return cur
  }

  func diffOnce(_ axis: Int) -> Tensor {
    let n = shape[axis]
    let outer = shape[..<axis].reduce(1, *)
    let inner = shape[(axis + 1)...].reduce(1, *)
    var s = shape
    s[axis] = n - 1
    var out = Tensor(uninitializedShape: s, dtype: dtype)
    // Nothing to compute; the loops below would still count through a huge empty axis.
    if out.count == 0 { return out }
    func run<T>(_: T.Type, _ f: (T, T) -> T) {
      withElements(as: T.self) { x in
        out.withMutableElements(as: T.self) { o in
          for b in 0..<outer {
            for k in 0..<(n - 1) {
              let (src, dst) = ((b * n + k) * inner, (b * (n - 1) + k) * inner)
              for i in 0..<inner { o[dst + i] = f(x[src + inner + i], x[src + i]) }
            }
          }
        }
      }
    }
    switch dtype {
    case .f64: run(Double.self, -)
    case .f32: run(Float.self, -)
    case .i64: run(Int64.self, &-)
    case .bool: run(Bool.self, !=)
    case .str: break  // refused by `diff`
    }
    return out
  }

  /// `meshgrid`: coordinate tensors from 1-d coordinate vectors (inputs are flattened). With
  /// `ij` the i-th output varies along axis i; otherwise ("xy") the first two axes swap, so
  /// `meshgrid(x, y)` gives shape [len(y), len(x)] as in NumPy.
  public static func meshgrid(_ xs: [Tensor], ij: Bool) throws -> [Tensor] {
    var lengths = xs.map(\.count)
    let k = xs.count
    if !ij && k > 1 { lengths.swapAt(0, 1) }
    return try xs.enumerated().map { i, x in
      var s = [Int](repeating: 1, count: k)
      let along = !ij && k > 1 && i < 2 ? 1 - i : i
      s[along] = x.count
      return try x.reshaped(s).broadcasted(to: lengths)
    }
  }

  /// `isclose`: |a - b| ≤ atol + rtol·|b| elementwise with broadcasting, or a == b (equal
  /// infinities); NaN equals NaN only with `equalNaN`. Computed in f32 when both are f32, else
  /// in f64 (b is always a float, as NumPy makes it).
  public static func isclose(_ a: Tensor, _ b: Tensor, rtol: Double, atol: Double, equalNaN: Bool)
    throws -> Tensor
  {
    let shape = try Shape.broadcast(a.shape, b.shape)
    var out = try Tensor(allocating: shape, dtype: .bool)
    func run<T: BinaryFloatingPoint>(_: T.Type, _ to: DType) throws {
      let x = try a.astype(to).broadcasted(to: shape)
      let y = try b.astype(to).broadcasted(to: shape)
      let (rt, at) = (T(rtol), T(atol))
      x.withElements(as: T.self) { p in
        y.withElements(as: T.self) { q in
          out.withMutableElements(as: Bool.self) { o in
            for i in 0..<o.count {
              let (u, v) = (p[i], q[i])
              var r = (abs(u - v) <= at + rt * abs(v)) && v.isFinite || u == v
              if equalNaN && u.isNaN && v.isNaN { r = true }
              o[i] = r
            }
          }
        }
      }
    }
    let f32 = b.dtype == .f32 && (a.dtype == .f32 || a.dtype == .bool)
    if f32 { try run(Float.self, .f32) } else { try run(Double.self, .f64) }
    return out
  }
}
