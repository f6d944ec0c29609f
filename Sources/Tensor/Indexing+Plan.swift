// The plan behind one `x[...]`: each item as offset contributions, then the advanced block
// placed as NumPy places it (Indexing.swift's top explains the rules).

struct IndexPlan {
  /// One item: basic items contribute a list of offsets and their result dims; advanced ones
  /// an index array (as offset contributions) that broadcasts with the others.
  enum Entry {
    case basic(offsets: [Int], dims: [Int], fullAxis: Int?)
    case advanced(shape: [Int], offsets: [Int], fromArray: Bool)
  }

  var entries: [Entry] = []
  let rank: Int

  /// `items` must already be expanded (`Tensor.expandItems`).
  init(_ t: Tensor, _ items: [TensorIndex]) throws {
    rank = t.rank
    let strides = Shape.strides(t.shape)
    let hasArray = items.contains {
      switch $0 {
      case .array, .mask: return true
      default: return false
      }
    }
    var axis = 0
    for item in items {
      switch item {
      case .int(let i):
        let p = try Tensor.position(i, axis: axis, size: t.shape[axis]) * strides[axis]
        entries.append(
          hasArray
            ? .advanced(shape: [], offsets: [p], fromArray: false)
            : .basic(offsets: [p], dims: [], fullAxis: nil))
        axis += 1
      case .slice(let a, let b, let c):
        let n = t.shape[axis]
        let ps = try Tensor.slicePositions(a, b, c, n)
        let full = ps.count == n && (c ?? 1) > 0
        let st = strides[axis]
        entries.append(
          .basic(offsets: ps.map { $0 * st }, dims: [ps.count], fullAxis: full ? axis : nil))
        axis += 1
      case .newAxis:
        entries.append(.basic(offsets: [0], dims: [1], fullAxis: nil))
      case .array(let shape, let values):
        let (n, st) = (t.shape[axis], strides[axis])
        let offs = try values.map { try Tensor.position($0, axis: axis, size: n) * st }
        entries.append(.advanced(shape: shape, offsets: offs, fromArray: true))
        axis += 1
      case .mask(let m):
        entries.append(try IndexPlan.maskEntry(t, m, axis: axis, strides: strides))
        axis += m.rank
      case .ellipsis:
        preconditionFailure("internal: ellipsis left after expansion")
      }
    }
  }

  /// A mask over axes `axis..<axis+k` as one index array of its true positions: in a
  /// row-major tensor the flat position inside those axes times the last one's stride.
  static func maskEntry(_ t: Tensor, _ m: Tensor, axis: Int, strides: [Int]) throws -> Entry {
    for (j, n) in m.shape.enumerated() where t.shape[axis + j] != n {
      throw TensorError.index(
        "boolean index did not match indexed tensor along axis \(axis + j); size of axis is "
          + "\(t.shape[axis + j]) but size of corresponding boolean axis is \(n)")
    }
    let st = m.rank == 0 ? 0 : strides[axis + m.rank - 1]
    var offs: [Int] = []
    m.withElements(as: Bool.self) { flags in
      for (i, f) in flags.enumerated() where f { offs.append(i * st) }
    }
    return .advanced(shape: [offs.count], offsets: offs, fromArray: true)
  }

  /// The selected offsets, the length of each contiguous run, and the result shape.
  func selection() throws -> Selection {
    var parts: [(offsets: [Int], dims: [Int], fullAxis: Int?)] = []
    let advanced = entries.indices.filter {
      if case .advanced = entries[$0] { return true } else { return false }
    }
    var block: (offsets: [Int], dims: [Int])?
    if !advanced.isEmpty { block = try advancedBlock(advanced) }
    let adjacent = advanced.last.map { $0 - advanced[0] == advanced.count - 1 } ?? true
    if let b = block, !adjacent { parts.append((b.offsets, b.dims, nil)) }
    for (k, e) in entries.enumerated() {
      switch e {
      case .basic(let offs, let dims, let full): parts.append((offs, dims, full))
      case .advanced:
        if adjacent, k == advanced[0], let b = block { parts.append((b.offsets, b.dims, nil)) }
      }
    }
    let shape = parts.flatMap { $0.dims }
    _ = try Shape.byteCount(shape, .i64)  // the offsets: 8 bytes per selected element
    // Trailing whole axes of the tensor, in order, are copied as one run.
    var run = 1
    var runDims = 0
    var expected = rank - 1
    while let last = parts.last, let ax = last.fullAxis, ax == expected {
      run *= last.dims[0]
      runDims += 1
      expected -= 1
      parts.removeLast()
    }
    var out = [0]
    for p in parts {
      if p.offsets.count == 1 {
        let d = p.offsets[0]
        if d != 0 { for i in out.indices { out[i] += d } }
        continue
      }
      var next: [Int] = []
      next.reserveCapacity(out.count * p.offsets.count)
      for base in out { for o in p.offsets { next.append(base + o) } }
      out = next
    }
    return Selection(offsets: out, run: run, runDims: runDims, shape: shape)
  }

  /// The advanced entries broadcast together: one offset per element of the broadcast shape.
  func advancedBlock(_ advanced: [Int]) throws -> (offsets: [Int], dims: [Int]) {
    var shapes: [[Int]] = []
    var offsets: [[Int]] = []
    var named: [[Int]] = []
    for k in advanced {
      guard case .advanced(let shape, let offs, let fromArray) = entries[k] else { continue }
      shapes.append(shape)
      offsets.append(offs)
      if fromArray { named.append(shape) }
    }
    var dims: [Int] = []
    do {
      for s in shapes { dims = try Shape.broadcast(dims, s) }
    } catch {
      throw TensorError.index(
        "shape mismatch: indexing arrays could not be broadcast together with shapes "
          + named.map(shapeText).joined(separator: " "))
    }
    _ = try Shape.byteCount(dims, .i64)
    let n = dims.reduce(1, *)
    if shapes.count == 1 && shapes[0] == dims { return (offsets[0], dims) }
    var combined = [Int](repeating: 0, count: n)
    let ranges = dims.map { Array(0..<$0) }
    for (s, offs) in zip(shapes, offsets) {
      if offs.count == 1 {
        for i in 0..<n { combined[i] += offs[0] }
        continue
      }
      let at = Tensor.offsets(ranges, Shape.broadcastStrides(s, to: dims))
      for i in 0..<n { combined[i] += offs[at[i]] }
    }
    return (combined, dims)
  }
}
