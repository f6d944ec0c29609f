// value: permutation (TMC) Shapley and SHED's group-removal estimator
// (docs/valuation.md, "Shapley values"), with a progress line on a terminal; Ctrl-C returns the
// estimate from the permutations done.
import Foundation
import Interp
import Tensor

extension ValueShapley {
  struct TMCResult {
    var values: [Double]
    var stderr: [Double]
    var history: [[Double]]
    var stopped: String
  }

  /// Ghorbani & Zou's truncated Monte Carlo: marginals along each permutation, skipping U once
  /// |U(N) − U(S)| < tol·|U(N)|. Stops after `perms` permutations, when the mean relative change
  /// of the estimate over the last 100 permutations is below `rtol`, or on Ctrl-C.
  static func tmc(
    _ u: inout Utility, n: Int, perms: Int, tol: Double, rtol: Double?, given: [[Int]]?,
    seed: UInt64, show: Bool
  ) throws -> TMCResult {
    var stream = RandomStream(seed: seed)
    let total = given?.count ?? perms
    let full = try u(Array(0..<n))
    let empty = try u([])
    var sum = [Double](repeating: 0, count: n)
    var history: [[Double]] = []
    var changes: [Double] = []
    var stopped = "perms"
    var drawn = Date.distantPast
    for t in 0..<total {
      if u.a.interp.interruptRequested {
        stopped = "interrupted"
        break
      }
      let order: [Int]
      if let g = given {
        order = g[t]
      } else {
        order = try TensorRandom.randomCall { try stream.permutation(n: n) }.doubles.map { Int($0) }
      }
      var marginal = [Double](repeating: 0, count: n)
      var subset: [Int] = []
      var prev = empty
      do {
        for i in order {
          subset.append(i)
          if abs(full - prev) < tol * abs(full) { continue }
          let cur = try u(subset)
          marginal[i] = cur - prev
          prev = cur
        }
      } catch let e as RuntimeError where e.kind == "Interrupted" {
        // Ctrl-C inside the utility: this permutation is dropped, the others kept.
        stopped = "interrupted"
        break
      }
      let before = sum.map { $0 / Double(max(t, 1)) }
      for i in 0..<n { sum[i] += marginal[i] }
      history.append(marginal)
      let mean = sum.map { $0 / Double(t + 1) }
      let scale = mean.reduce(0) { $0 + abs($1) }
      let change =
        t == 0
        ? Double.infinity
        : zip(mean, before).reduce(0) { $0 + abs($1.0 - $1.1) } / max(scale, .leastNormalMagnitude)
      changes.append(change)
      if show && (t + 1 == total || Date().timeIntervalSince(drawn) > 0.1) {
        drawn = Date()
        NNTrain.progress(
          "permutation \(t + 1)/\(total) \(NNTrain.bar(t + 1, total))  mean change "
            + String(format: "%.2e", change))
      }
      if let r = rtol, changes.count >= 100 {
        let recent = changes.suffix(100).reduce(0, +) / 100
        if recent < r {
          stopped = "rtol"
          break
        }
      }
    }
    if show { FileHandle.standardError.write(Data("\n".utf8)) }
    let count = Double(history.count)
    let values = sum.map { count > 0 ? $0 / count : .nan }
    let stderr = (0..<n).map { i -> Double in
      guard history.count > 1 else { return .nan }
      let v = history.reduce(0) { $0 + ($1[i] - values[i]) * ($1[i] - values[i]) } / (count - 1)
      return (v / count).squareRoot()
    }
    return TMCResult(values: values, stderr: stderr, history: history, stopped: stopped)
  }

  /// SHED's estimator: per iteration, from all n players remove groups of `group` in the
  /// iteration's order; each member of a removed group scores U(before) − U(after) (U(∅) is
  /// `base`). Returns the totals over the iterations completed: Ctrl-C (between or inside the
  /// utility's calls) ends the run after the last complete iteration.
  static func groups(
    _ u: inout Utility, n: Int, group: Int, iterations: Int, base: Double, show: Bool,
    order: (Int) throws -> [Int]
  ) throws -> (total: [Double], done: Int) {
    var total = [Double](repeating: 0, count: n)
    var done = 0
    var drawn = Date.distantPast
    for t in 0..<iterations {
      if u.a.interp.interruptRequested { break }
      let order = try order(t)
      var scores = [Double](repeating: 0, count: n)
      do {
        var remaining = Set(0..<n)
        var acc = try u(Array(remaining))
        var start = 0
        while start < n {
          let g = order[start..<min(start + group, n)]
          remaining.subtract(g)
          let next = remaining.isEmpty ? base : try u(Array(remaining))
          for i in g { scores[i] = acc - next }
          acc = next
          start += group
        }
      } catch let e as RuntimeError where e.kind == "Interrupted" {
        break
      }
      for i in 0..<n { total[i] += scores[i] }
      done += 1
      if show && (done == iterations || Date().timeIntervalSince(drawn) > 0.1) {
        drawn = Date()
        NNTrain.progress(
          "iteration \(done)/\(iterations) \(NNTrain.bar(done, iterations))  utility calls "
            + "\(u.calls)")
      }
    }
    if show { FileHandle.standardError.write(Data("\n".utf8)) }
    return (total, done)
  }
}
