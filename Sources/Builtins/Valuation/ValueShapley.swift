// value: Shapley values of a utility U(S) over n players (docs/valuation.md, "Shapley values"):
// exact enumeration, permutation (TMC) sampling, SHED's group-removal estimator and leave-one-out.
// U is any FSL function of an int64 index tensor (the subset, ascending).
import Foundation
import Interp
import Tensor

/// A utility called from Swift: checked to return one finite number, counted.
struct Utility {
  let a: Arguments
  let f: Value
  let who: String
  var calls = 0

  init(_ a: Arguments, _ i: Int, _ who: String) {
    self.a = a
    self.f = a[i]
    self.who = who
  }

  mutating func callAsFunction(_ subset: [Int]) throws -> Double {
    calls += 1
    let s = subset.sorted()
    let v = try a.interp.call(f, [.tensor(Tensor(shape: [s.count], i64: s.map(Int64.init)))])
    guard let t = v.asTensorValue, t.count == 1, t.dtype != .str else {
      throw RuntimeError.type(
        "\(who): the utility must return a number, got \(v.typeName) for a subset of "
          + "\(s.count) player\(s.count == 1 ? "" : "s")")
    }
    let d = t.doubles[0]
    guard d.isFinite else {
      throw RuntimeError.value(
        "\(who): the utility returned \(formatNumber(d)) for a subset of \(s.count) player"
          + "\(s.count == 1 ? "" : "s")")
    }
    return d
  }
}

enum ValueShapley {
  static func players(_ a: Arguments, _ who: String) throws -> Int {
    let n = try a.int(0)
    guard n >= 1 else { throw RuntimeError.value("\(who): n must be ≥ 1, got \(n)") }
    // The estimators hold a few n-long arrays: a size beyond the memory limit is a MemoryError.
    _ = try TensorCreation.filled([n], 0, .i64)
    return n
  }

  /// φ_i = Σ_{S ⊆ N∖i} |S|!(n−|S|−1)!/n! (U(S ∪ i) − U(S)), every U(S) evaluated once.
  static func exact(_ u: inout Utility, n: Int) throws -> [Double] {
    let size = 1 << n
    var values = [Double](repeating: 0, count: size)
    for mask in 0..<size {
      if mask & 1023 == 0, u.a.interp.interruptRequested {
        throw RuntimeError("Interrupted", "interrupted")
      }
      values[mask] = try u((0..<n).filter { mask & (1 << $0) != 0 })
    }
    // weight[s] = s!(n−s−1)!/n!, by the recurrence weight[s+1] = weight[s]·(s+1)/(n−s−1).
    var weight = [Double](repeating: 0, count: n)
    weight[0] = 1 / Double(n)
    for s in 0..<(n - 1) { weight[s + 1] = weight[s] * Double(s + 1) / Double(n - s - 1) }
    var phi = [Double](repeating: 0, count: n)
    for mask in 0..<size {
      let s = mask.nonzeroBitCount
      for i in 0..<n where mask & (1 << i) == 0 {
        phi[i] += weight[s] * (values[mask | (1 << i)] - values[mask])
      }
    }
    return phi
  }

  /// The permutations given (each a permutation of 0..<n), or nil.
  static func orders(_ v: Value, n: Int, _ who: String, _ name: String) throws -> [[Int]]? {
    if case .null = v { return nil }
    let items: [Value]
    switch v {
    case .list(let xs): items = xs
    case .tensor(let t) where t.rank == 2: items = t.items
    default: throw RuntimeError.type("\(who): '\(name)' must be a list of permutations")
    }
    return try items.enumerated().map { j, x in
      let p = x.asTensorValue?.doubles.map { Int(exactly: $0) ?? -1 } ?? []
      guard p.count == n, p.sorted() == Array(0..<n) else {
        throw RuntimeError.value(
          "\(who): \(name)[\(j)] is not a permutation of 0..\(n - 1): \(x.repr)")
      }
      return p
    }
  }

  static func tensor(_ xs: [Double]) -> Value { .tensor(Tensor(shape: [xs.count], f64: xs)) }
}
