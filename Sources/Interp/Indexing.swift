// Indexing and slicing of lists, strings and dicts (`x[i]`, `x[a:b:c]`, `d["k"]`), read and write.
import Lang
import Tensor

/// One evaluated item inside `x[...]`.
enum IndexValue {
  case value(Value)
  case slice(Double?, Double?, Double?)
  case ellipsis

  /// The traced value this index is, if it is one.
  var traced: TracedValue? {
    if case .value(let v) = self { return v.traced }
    return nil
  }
}

enum Indexing {
  static func integer(_ v: Value, what: String = "index") throws -> Int {
    guard let d = v.asNumber else {
      throw RuntimeError.type("\(what) must be an integer, got \(v.typeName)")
    }
    guard d.rounded() == d, abs(d) < 9e15 else {
      throw RuntimeError.type("\(what) must be an integer, got \(formatNumber(d))")
    }
    return Int(d)
  }

  /// A 0-based position for index `v` into a sequence of length `n` (negatives count from end).
  static func position(_ v: Value, count n: Int) throws -> Int {
    if let d = v.asNumber, d.rounded() == d, abs(d) >= 9e15 {
      throw RuntimeError.index(
        "index \(formatNumber(d)) is out of bounds for axis 0 with size \(n)")
    }
    let i = try integer(v)
    let j = i < 0 ? i + n : i
    guard j >= 0, j < n else {
      throw RuntimeError.index("index \(i) is out of bounds for axis 0 with size \(n)")
    }
    return j
  }

  /// Python slice semantics: the positions `lo:hi:step` selects in a sequence of length `n`.
  static func slicePositions(_ lo: Double?, _ hi: Double?, _ step: Double?, count n: Int) throws
    -> [Int]
  {
    func int(_ d: Double) throws -> Int {
      guard d.rounded() == d else {
        throw RuntimeError.type("slice indices must be integers, got \(formatNumber(d))")
      }
      return Int(max(-9e15, min(9e15, d)))
    }
    // One implementation of Python's slice rules serves lists, strings and tensors.
    let (a, b, c) = (try lo.map(int), try hi.map(int), try step.map(int))
    return try tensorCall { try Tensor.slicePositions(a, b, c, n) }
  }

  static func read(_ base: Value, _ items: [IndexValue]) throws -> Value {
    // Indices carry no gradient: a traced index is its plain value.
    if items.contains(where: { $0.traced != nil }) {
      return try read(base, items.map { $0.traced.map { .value($0.primal) } ?? $0 })
    }
    // A table before the traced check: `as? FTable` is cheaper than a protocol cast.
    if let t = base.asTable { return try readTable(t, items) }
    if let t = base.traced { return try t.tracer.index(t) { try read($0, items) } }
    if case .object(let o) = base, let x = o as? IndexableObject {
      let values = try items.map { item -> Value in
        guard case .value(let v) = item else {
          throw RuntimeError.type("'\(o.typeName)' indices are numbers, not slices or '...'")
        }
        return v
      }
      return try x.item(values)
    }
    if case .tensor(let t) = base {
      if let off = fullIntegerIndex(items).flatMap({ t.flatOffset($0) }) {
        if t.dtype == .str { return .string(t.string(at: off)) }
        return t.dtype == .bool ? .bool(t.element(at: off) != 0) : .number(t.element(at: off))
      }
      let r = try tensorCall { try t.index(try tensorItems(items)) }
      return Value.wrapping(r)
    }
    guard items.count == 1, let item = items.first else {
      throw RuntimeError.type(
        "\(base.typeName) indices take one index or slice, got \(items.count)")
    }
    switch (base, item) {
    case (.list(let xs), .value(let v)): return xs[try position(v, count: xs.count)]
    case (.list(let xs), .slice(let a, let b, let c)):
      return .list(try slicePositions(a, b, c, count: xs.count).map { xs[$0] })
    case (.string(let s), .value(let v)):
      let cs = Array(s)
      return .string(String(cs[try position(v, count: cs.count)]))
    case (.string(let s), .slice(let a, let b, let c)):
      let cs = Array(s)
      return .string(String(try slicePositions(a, b, c, count: cs.count).map { cs[$0] }))
    case (.dict(let d), .value(.string(let k))):
      guard let v = d[k] else { throw keyError(k, d) }
      return v
    case (.dict, .value(let v)):
      throw RuntimeError.type("dict keys are strings, got \(v.typeName)")
    case (.list, .ellipsis), (.string, .ellipsis): return base
    default:
      throw RuntimeError.type("'\(base.typeName)' value is not indexable")
    }
  }

  static func keyError(_ k: String, _ d: FDict) -> RuntimeError {
    var e = RuntimeError.key("key \(quote(k)) not found in dict")
    if let s = Suggest.nearest(to: k, in: Set(d.keys)) {
      e.notes.append("did you mean \(quote(s))?")
    }
    return e
  }

  /// `base[items] = v`. The collection is moved out of `base` before it is changed, so a
  /// uniquely held list or dict is updated in place (never switch on a copy of `base` here).
  static func write(_ base: inout Value, _ items: [IndexValue], _ v: Value) throws {
    let isTensor: Bool
    if case .tensor = base { isTensor = true } else { isTensor = false }
    if base.traced != nil || (isTensor && v.traced != nil) {
      throw RuntimeError.type(
        "assigning into a tensor is not differentiable inside grad; "
          + "build a new tensor with where(), concat() or stack()")
    }
    guard let item = items.first, items.count == 1 || isTensor else {
      throw RuntimeError.type(
        "\(base.typeName) indices take one index or slice, got \(items.count)")
    }
    if case .list(var xs) = base {
      base = .null
      defer { base = .list(xs) }
      try writeList(&xs, item, v)
    } else if case .tensor(var t) = base {
      if let d = v.scalarDouble, let off = fullIntegerIndex(items).flatMap({ t.flatOffset($0) }) {
        base = .null
        t.setElement(at: off, d)
        base = .tensor(t)
        return
      }
      guard let src = v.asTensor(like: t.dtype) else {
        if case .string = v {
          throw RuntimeError.type(
            "cannot assign a string to the elements of a \(t.dtype) tensor; only str tensors "
              + "hold strings (strings(xs) makes one)")
        }
        throw RuntimeError.type("cannot assign a \(v.typeName) to tensor elements")
      }
      let idx = try tensorItems(items)
      base = .null
      defer { base = .tensor(t) }
      try tensorCall { try t.setIndex(idx, src) }
    } else if case .dict(var d) = base {
      guard case .value(let kv) = item, case .string(let k) = kv else {
        throw RuntimeError.type("dict keys are strings, got \(item.typeName)")
      }
      base = .null
      d[k] = v
      base = .dict(d)
    } else if let t = base.asTable {
      // `t["col"] = values` is `t.col = values` (pandas' `df["col"] = values`).
      guard case .value(let kv) = item, case .string(let k) = kv else {
        throw RuntimeError.type("table columns are named by strings, got \(item.typeName)")
      }
      base = .table(try t.setting(k, v))
    } else if case .string = base {
      throw RuntimeError.type("strings are immutable; build a new string instead")
    } else {
      throw RuntimeError.type("'\(base.typeName)' value does not support item assignment")
    }
  }

  static func writeList(_ xs: inout [Value], _ item: IndexValue, _ v: Value) throws {
    switch item {
    case .value(let k): xs[try position(k, count: xs.count)] = v
    case .slice(let a, let b, let c):
      let pos = try slicePositions(a, b, c, count: xs.count)
      guard case .list(let ys) = v else {
        throw RuntimeError.type("can only assign a list to a list slice, got \(v.typeName)")
      }
      if c == nil || c == 1 {
        // A contiguous slice may change the list's length: replace the range.
        let n = xs.count
        func bound(_ d: Double?, _ dflt: Int) -> Int {
          guard let d = d else { return dflt }
          let i = Int(max(-9e15, min(9e15, d)))
          return min(max(i < 0 ? i + n : i, 0), n)
        }
        let start = bound(a, 0)
        xs.replaceSubrange(start..<max(start, bound(b, n)), with: ys)
      } else {
        guard ys.count == pos.count else {
          throw RuntimeError.value(
            "attempt to assign a list of size \(ys.count) to an extended slice of size \(pos.count)"
          )
        }
        for (p, y) in zip(pos, ys) { xs[p] = y }
      }
    case .ellipsis:
      throw RuntimeError.type("'...' is not a valid list index")
    }
  }

  /// Runs `body` on the element `base[items]` in place (for `x[i] += v`, `x[i].push(v)`).
  static func modify(
    _ base: inout Value, _ items: [IndexValue], _ body: (inout Value) throws -> Void
  ) throws {
    guard items.count == 1, let item = items.first else {
      return try modifyCopy(&base, items, body)
    }
    if case .list(var xs) = base, case .value(let k) = item {
      let i = try position(k, count: xs.count)
      base = .null
      defer { base = .list(xs) }
      try body(&xs[i])
    } else if case .dict(var d) = base, case .value(.string(let k)) = item {
      base = .null
      defer { base = .dict(d) }
      if try d.modify(k, body) == nil { throw keyError(k, d) }
    } else {
      try modifyCopy(&base, items, body)
    }
  }

  /// Reads `base[items]`, changes the copy and writes it back. A tensor selection of several
  /// elements is updated in place as NumPy's in-place operators do: the result must cast to
  /// the tensor's dtype by NumPy's same-kind rule (`i[[0, 2]] += 1.5` is a TypeError), while
  /// a single element converts as plain assignment does (docs/tensors.md "Agreement with NumPy").
  static func modifyCopy(
    _ base: inout Value, _ items: [IndexValue], _ body: (inout Value) throws -> Void
  ) throws {
    var v = try read(base, items)
    guard case .tensor(let selected) = v else {
      try body(&v)
      return try write(&base, items, v)
    }
    try body(&v)
    if case .tensor(let r) = v {
      let d = selected.dtype
      if !r.dtype.castsSameKind(to: d) {
        throw RuntimeError.type(
          "cannot store \(r.dtype.rawValue) values into \(d == .i64 ? "an" : "a") \(d.rawValue) "
            + "tensor in place; use astype, or assign with '='")
      }
      if r.shape != selected.shape {
        throw RuntimeError(
          "ShapeError",
          "non-broadcastable output operand with shape \(shapeText(selected.shape)) doesn't "
            + "match the broadcast shape \(shapeText(r.shape))")
      }
    }
    try write(&base, items, v)
  }
}

extension IndexValue {
  var typeName: String {
    switch self {
    case .value(let v): return v.typeName
    case .slice: return "slice"
    case .ellipsis: return "ellipsis"
    }
  }
}

extension Indexing {
  /// Interpreter index items as tensor indices (docs/tensors.md, "Indexing"):
  /// integral numbers, slices, `...`, `nil` (a new axis), bool tensors or lists (masks), and
  /// integer tensors or lists of any shape (index arrays).
  static func tensorItems(_ items: [IndexValue]) throws -> [TensorIndex] {
    try items.map { item in
      switch item {
      case .ellipsis: return .ellipsis
      case .slice(let a, let b, let c):
        return .slice(try a.map(indexInt), try b.map(indexInt), try c.map(indexInt))
      case .value(let v):
        switch v {
        case .null: return .newAxis
        case .number(let d):
          if d.rounded() == d, abs(d) >= 9e15 {
            throw RuntimeError.index("index \(formatNumber(d)) is out of bounds for every axis")
          }
          return .int(try indexInt(d))
        case .bool(let b): return .mask(Tensor(shape: [], bool: [b]))
        case .tensor(let t): return try tensorIndex(t)
        case .list(let xs):
          guard let t = v.asTensorValue else {
            throw RuntimeError.type(
              "tensor indices must be integers, got a list of \(xs.first?.typeName ?? "values")")
          }
          return try tensorIndex(t)
        default:
          throw RuntimeError.type(
            "tensor indices must be integers, slices, masks or nil, got \(v.typeName)")
        }
      }
    }
  }

  /// An integral index; beyond ±9e15 it is clamped (slice bounds clamp as Python's do, and an
  /// index array element that large is out of bounds either way).
  static func indexInt(_ d: Double) throws -> Int {
    guard d.rounded() == d else {
      throw RuntimeError.type("tensor indices must be integers, got \(formatNumber(d))")
    }
    return Int(max(-9e15, min(9e15, d)))
  }

  /// A tensor used as an index: a mask when bool, an integer when rank 0, else an index array.
  static func tensorIndex(_ t: Tensor) throws -> TensorIndex {
    switch t.dtype {
    case .bool: return .mask(t)
    case .i64:
      let values = t.withElements(as: Int64.self) { $0.map { Int(clamping: $0) } }
      return t.rank == 0 ? .int(values[0]) : .array(shape: t.shape, values: values)
    case .str: throw RuntimeError.type("tensor indices must be integers or bools, got str")
    case .f64, .f32:
      let values = try t.doubles.map(indexInt)
      return t.rank == 0 ? .int(values[0]) : .array(shape: t.shape, values: values)
    }
  }
}

extension Indexing {
  /// The indices as integers when every item is an integral number (the element fast path).
  static func fullIntegerIndex(_ items: [IndexValue]) -> [Int]? {
    var out: [Int] = []
    out.reserveCapacity(items.count)
    for item in items {
      guard case .value(.number(let d)) = item, let i = Int(exactly: d) else { return nil }
      out.append(i)
    }
    return out
  }
}

extension Indexing {
  /// `t["col"]` is a column; `t[mask]`, `t[[0, 2]]`, `t[1:3]` and `t[i]` select rows.
  static func readTable(_ t: FTable, _ items: [IndexValue]) throws -> Value {
    guard items.count == 1, let item = items.first else {
      throw RuntimeError.type("tables take one index: a column name or rows")
    }
    switch item {
    case .value(.string(let name)):
      guard let c = t.columns[name] else {
        throw RuntimeError.key("table has no column \(quote(name))")
      }
      return c
    case .value(let v): return .table(try t.select(v))
    case .slice(let a, let b, let c):
      let pos = try slicePositions(a, b, c, count: t.rows)
      return .table(try t.select(.tensor(Tensor(shape: [pos.count], i64: pos.map { Int64($0) }))))
    case .ellipsis: return .table(t)
    }
  }
}
