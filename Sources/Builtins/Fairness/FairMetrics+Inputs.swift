// fair group metrics: checking the inputs (lengths, 0/1 labels, weights) and coding groups as
// dense integers in pandas groupby order, once per call (docs/fairness.md, "Group metrics").
import Foundation
import Interp
import Tensor

/// Rows' groups as dense codes `0..<labels.count`, numbered in pandas groupby order (numbers
/// numerically, strings by Unicode scalars, intersections by their tuple of parts).
struct FairGroups {
  var codes: [Int32]
  var labels: [String]
  var count: Int { labels.count }
}

/// The checked inputs of one metric call.
struct FairInput {
  var y: [UInt8]
  var yhat: [UInt8]
  var groups: FairGroups
  var weights: [Double]?
  var score: [Double]?
  var n: Int { y.count }
}

extension FairMetrics {
  /// Reads and checks a call's inputs. `fn` is the builtin's full name, for messages.
  static func input(
    _ fn: String, y yv: Value, yhat pv: Value, group gv: Value, score sv: Value = .null,
    weights wv: Value = .null
  ) throws -> FairInput {
    let y = try vector(yv, fn, "y")
    let p = try vector(pv, fn, "yhat")
    let score = isNil(sv) ? nil : try vector(sv, fn, "score")
    let w = isNil(wv) ? nil : try vector(wv, fn, "sample_weight")
    let gLen = try groupLength(gv, fn)
    var lengths = [("y", y.count), ("yhat", p.count), ("group", gLen)]
    if let s = score { lengths.append(("score", s.count)) }
    if let w = w { lengths.append(("sample_weight", w.count)) }
    if Set(lengths.map(\.1)).count > 1 {
      let parts = lengths.enumerated().map { i, l in
        i == 0 ? "\(l.0) has \(l.1) rows" : "\(l.0) \(l.1)"
      }
      throw RuntimeError.value("\(fn): \(parts.joined(separator: ", "))")
    }
    let groups = try self.groups(gv, fn)
    var weights: [Double]?
    if let w = w {
      let ws = w.doubles
      if let i = ws.firstIndex(where: { !($0 >= 0) || $0.isInfinite }) {
        throw RuntimeError.value(
          "\(fn): sample_weight must be finite and >= 0, got \(formatNumber(ws[i])) at row \(i)")
      }
      weights = ws
    }
    var scores: [Double]?
    if let s = score {
      let ss = s.doubles
      if let i = ss.firstIndex(where: { $0.isNaN }) {
        throw RuntimeError.value("\(fn): score has nan at row \(i)")
      }
      scores = ss
    }
    return FairInput(
      y: try binary(y, fn, "y"), yhat: try binary(p, fn, "yhat"), groups: groups,
      weights: weights, score: scores)
  }

  static func isNil(_ v: Value) -> Bool {
    if case .null = v { return true }
    return false
  }

  /// A 1-d tensor from a tensor or a list of numbers/bools.
  static func vector(_ v: Value, _ fn: String, _ arg: String) throws -> Tensor {
    guard let t = v.asTensorValue else {
      throw RuntimeError.type("\(fn): '\(arg)' must be a tensor or a list, got \(v.typeName)")
    }
    guard t.rank == 1 else {
      throw RuntimeError(
        "ShapeError", "\(fn): '\(arg)' must be 1-d, got shape \(shapeText(t.shape))")
    }
    return t
  }

  /// The labels of a bool or 0/1 tensor as bytes; other values are a ValueError listing the
  /// distinct values found.
  static func binary(_ t: Tensor, _ fn: String, _ arg: String) throws -> [UInt8] {
    if t.dtype == .bool {
      return t.withElements(as: UInt8.self) { Array($0) }  // bools are bytes 0 and 1
    }
    if t.dtype == .str {
      throw RuntimeError.type("\(fn): '\(arg)' must hold 0 and 1 (or bools), got a str tensor")
    }
    var out = [UInt8](repeating: 0, count: t.count)
    var bad = false
    if t.dtype == .i64 {
      t.withElements(as: Int64.self) { xs in
        for i in 0..<xs.count {
          let v = xs[i]
          if v == 1 { out[i] = 1 } else if v != 0 { bad = true }
        }
      }
    } else if t.dtype == .f64 {
      t.withElements(as: Double.self) { xs in
        for i in 0..<xs.count {
          let v = xs[i]
          if v == 1 { out[i] = 1 } else if v != 0 { bad = true }
        }
      }
    } else {
      let xs = t.doubles
      for i in 0..<xs.count {
        let v = xs[i]
        if v == 1 { out[i] = 1 } else if v != 0 { bad = true }
      }
    }
    if bad {
      let all = t.doubles
      var distinct = Set(all.filter { !$0.isNaN }.map { $0 + 0 }).sorted()
      if all.contains(where: { $0.isNaN }) { distinct.append(.nan) }
      var shown = distinct.prefix(10).map(formatNumber).joined(separator: ", ")
      if distinct.count > 10 { shown += ", … (\(distinct.count) distinct)" }
      throw RuntimeError.value("\(fn): '\(arg)' must hold only 0 and 1 (or bools); found \(shown)")
    }
    return out
  }

  /// The number of rows a group argument has (a dict's columns must agree).
  static func groupLength(_ v: Value, _ fn: String) throws -> Int {
    if case .dict(let d) = v {
      var n: Int?
      for (name, col) in d {
        let len = try groupColumn(col, fn, "group column '\(name)'").count
        if let m = n, m != len {
          throw RuntimeError.value(
            "\(fn): group column '\(name)' has \(len) rows, but earlier columns have \(m)")
        }
        n = len
      }
      guard let m = n else { throw RuntimeError.value("\(fn): 'group' is an empty dict") }
      return m
    }
    return try groupColumn(v, fn, "group").count
  }

  /// One sensitive column as a 1-d tensor: numbers, bools, or strings (a str tensor).
  static func groupColumn(_ v: Value, _ fn: String, _ what: String) throws -> Tensor {
    if case .list(let xs) = v, let ss = Operators.stringList(xs), !xs.isEmpty {
      return Tensor(strings: ss)
    }
    guard let t = v.asTensorValue else {
      throw RuntimeError.type(
        "\(fn): \(what) must be a tensor or a list of numbers or strings, got \(v.typeName)")
    }
    guard t.rank == 1 else {
      throw RuntimeError(
        "ShapeError", "\(fn): \(what) must be 1-d, got shape \(shapeText(t.shape))")
    }
    return t
  }

  /// Groups from a column, a list, or a dict of columns (intersections labelled "F|Black").
  static func groups(_ v: Value, _ fn: String) throws -> FairGroups {
    guard case .dict(let d) = v else {
      return try columnGroups(try groupColumn(v, fn, "group"), fn, "group")
    }
    let parts = try d.map { name, col in
      try columnGroups(try groupColumn(col, fn, "group column '\(name)'"), fn, "group '\(name)'")
    }
    guard var acc = parts.first else { return FairGroups(codes: [], labels: []) }
    for next in parts.dropFirst() { acc = cross(acc, next) }
    return acc
  }

  /// The intersection of two groupings: codes ordered by (a, b), only pairs that occur.
  static func cross(_ a: FairGroups, _ b: FairGroups) -> FairGroups {
    let kb = b.count
    let n = a.codes.count
    var key = [Int](repeating: 0, count: n)
    for i in 0..<n { key[i] = Int(a.codes[i]) * kb + Int(b.codes[i]) }
    let (codes, used) = denseCodes(key, range: a.count * kb)
    let labels = used.map { "\(a.labels[$0 / kb])|\(b.labels[$0 % kb])" }
    return FairGroups(codes: codes, labels: labels)
  }

  /// Dense codes for non-negative keys below `range`, in key order; the keys used.
  static func denseCodes(_ key: [Int], range: Int) -> ([Int32], [Int]) {
    if range <= max(4 * key.count, 1 << 16) {
      var rank = [Int32](repeating: -1, count: range)
      for k in key { rank[k] = 0 }
      var used: [Int] = []
      for k in 0..<range where rank[k] == 0 {
        rank[k] = Int32(used.count)
        used.append(k)
      }
      return (key.map { rank[$0] }, used)
    }
    let used = Set(key).sorted()
    var rank: [Int: Int32] = [:]
    for (i, k) in used.enumerated() { rank[k] = Int32(i) }
    return (key.map { rank[$0] ?? 0 }, used)
  }

  /// Dense codes of one column.
  static func columnGroups(_ t: Tensor, _ fn: String, _ what: String) throws -> FairGroups {
    switch t.dtype {
    case .str:
      let codes = t.stringCodes
      let top = codes.max() ?? 0
      let small = top < Int64(max(4 * codes.count, 1 << 16))
      let (first, used) = denseCodes(codes.map { Int($0) }, range: small ? Int(top) + 1 : Int.max)
      var dense = first
      // Pool codes are in order of first interning: renumber by the strings' order.
      let pool = StringPool.shared
      let names = used.map { pool.string(Int64($0)) }
      let order = names.indices.sorted {
        Array(names[$0].utf8).lexicographicallyPrecedes(Array(names[$1].utf8))
      }
      var newCode = [Int32](repeating: 0, count: order.count)
      for (r, old) in order.enumerated() { newCode[old] = Int32(r) }
      for i in 0..<dense.count { dense[i] = newCode[Int(dense[i])] }
      return FairGroups(codes: dense, labels: order.map { names[$0] })
    case .bool:
      let b = t.withElements(as: Bool.self) { Array($0) }
      let (codes, used) = denseCodes(b.map { $0 ? 1 : 0 }, range: 2)
      return FairGroups(codes: codes, labels: used.map { $0 == 1 ? "true" : "false" })
    case .f64:
      return try t.withElements(as: Double.self) { try numberGroups($0, fn, what) }
    case .i64:
      return try t.withElements(as: Int64.self) { try integerGroups($0, fn, what) }
    default:
      return try t.doubles.withUnsafeBufferPointer { try numberGroups($0, fn, what) }
    }
  }

  /// Dense codes of numbers: a lookup table for integers in a small range (two passes, no
  /// sort), else sort/unique.
  static func numberGroups(
    _ xs: UnsafeBufferPointer<Double>, _ fn: String, _ what: String
  ) throws -> FairGroups {
    let n = xs.count
    var lo = Double.infinity
    var hi = -Double.infinity
    var nan = false
    for i in 0..<n {
      let x = xs[i]
      lo = Swift.min(lo, x)
      hi = Swift.max(hi, x)
      nan = nan || x != x
    }
    if nan, let i = xs.firstIndex(where: { $0.isNaN }) {
      throw RuntimeError.value("\(fn): \(what) has nan at row \(i); drop or recode those rows")
    }
    if n == 0 { return FairGroups(codes: [], labels: []) }
    if hi - lo < Double(max(4 * n, 1 << 16)),
      let (codes, used) = tableCodes(
        n, Int(hi - lo) + 1,
        { i in
          let d = xs[i] - lo
          let k = Int(d)
          return Double(k) == d ? k : -1
        })
    {
      return FairGroups(codes: codes, labels: used.map { formatNumber(Double($0) + lo) })
    }
    let distinct = Set(xs.map { $0 + 0 }).sorted()
    var rank: [Double: Int32] = [:]
    for (i, d) in distinct.enumerated() { rank[d] = Int32(i) }
    return FairGroups(codes: xs.map { rank[$0] ?? 0 }, labels: distinct.map(formatNumber))
  }

  /// Dense codes of i64 groups: a lookup table for a small range, else as doubles.
  static func integerGroups(_ xs: UnsafeBufferPointer<Int64>, _ fn: String, _ what: String) throws
    -> FairGroups
  {
    let n = xs.count
    guard let lo = xs.min(), let hi = xs.max() else { return FairGroups(codes: [], labels: []) }
    if hi.subtractingReportingOverflow(lo).partialValue < Int64(max(4 * n, 1 << 16)),
      hi >= lo,
      let (codes, used) = tableCodes(n, Int(hi - lo) + 1, { Int(xs[$0] - lo) })
    {
      return FairGroups(codes: codes, labels: used.map { formatNumber(Double(Int64($0) + lo)) })
    }
    return try xs.map { Double($0) }.withUnsafeBufferPointer { try numberGroups($0, fn, what) }
  }

  /// Codes through a table of `range` slots: `key(i)` is row i's slot, or -1 to give up
  /// (nil). Returns the dense codes and the slots used, in slot order.
  @inline(__always)
  static func tableCodes(_ n: Int, _ range: Int, _ key: (Int) -> Int) -> ([Int32], [Int])? {
    var rank = [Int32](repeating: -1, count: range)
    var codes = [Int32](repeating: 0, count: n)
    var ok = true
    codes.withUnsafeMutableBufferPointer { c in
      rank.withUnsafeMutableBufferPointer { r in
        for i in 0..<n {
          let k = key(i)
          if k < 0 {
            ok = false
            return
          }
          c[i] = Int32(truncatingIfNeeded: k)
          r[k] = 0
        }
      }
    }
    guard ok else { return nil }
    var used: [Int] = []
    for k in 0..<range where rank[k] == 0 {
      rank[k] = Int32(used.count)
      used.append(k)
    }
    if used.count < range {
      codes.withUnsafeMutableBufferPointer { c in
        rank.withUnsafeBufferPointer { r in
          for i in 0..<n { c[i] = r[Int(c[i])] }
        }
      }
    }
    return (codes, used)
  }
}
