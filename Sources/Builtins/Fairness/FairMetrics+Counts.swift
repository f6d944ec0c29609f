// fair group metrics: weighted confusion counts per group in one pass, the rates fairlearn
// (via scikit-learn) computes from them, AUC by sort and rank, and the difference/ratio
// aggregates of MetricFrame (docs/fairness.md, "Group metrics").
import Foundation
import Interp

/// Weighted confusion counts of one group (positive label 1).
struct FairConfusion {
  var tp = 0.0
  var fp = 0.0
  var tn = 0.0
  var fn = 0.0
  var rows = 0
  var total: Double { tp + fp + tn + fn }
}

/// The metrics of one group (a row of `fair.report`).
struct FairRates {
  var selectionRate, tpr, fpr, fnr, tnr, accuracy, precision, balancedAccuracy: Double
}

/// Warnings collected during one call, each reported once (`Interpreter.warn`).
final class FairWarnings {
  let fn: String
  /// The metrics whose warnings matter (nil: all); an aggregate warns only about its own.
  let metrics: Set<String>?
  private var seen = Set<String>()
  private(set) var lines: [String] = []
  init(_ fn: String, metrics: Set<String>? = nil) {
    self.fn = fn
    self.metrics = metrics
  }

  func wants(_ metric: String) -> Bool { metrics?.contains(metric) ?? true }

  func add(_ text: String) {
    guard seen.insert(text).inserted else { return }
    lines.append(text)
  }

  func emit(_ interp: Interpreter) {
    for l in lines { interp.warn("\(fn): \(l)") }
  }
}

extension FairMetrics {
  /// Per-group confusion counts in one pass over the rows (cell = 2·y + ŷ).
  static func confusion(_ x: FairInput) -> [FairConfusion] {
    let k = x.groups.count
    var rows = [Int](repeating: 0, count: 4 * k)
    var weighted = [Double](repeating: 0, count: x.weights == nil ? 0 : 4 * k)
    x.groups.codes.withUnsafeBufferPointer { g in
      x.y.withUnsafeBufferPointer { y in
        x.yhat.withUnsafeBufferPointer { p in
          rows.withUnsafeMutableBufferPointer { c in
            for i in 0..<g.count {
              c[Int(g[i]) &<< 2 | Int(y[i]) &<< 1 | Int(p[i])] &+= 1
            }
          }
          if let w = x.weights {
            w.withUnsafeBufferPointer { w in
              weighted.withUnsafeMutableBufferPointer { c in
                for i in 0..<g.count {
                  c[Int(g[i]) &<< 2 | Int(y[i]) &<< 1 | Int(p[i])] += w[i]
                }
              }
            }
          }
        }
      }
    }
    let cells = x.weights == nil ? rows.map(Double.init) : weighted
    return (0..<k).map { j in
      FairConfusion(
        tp: cells[4 * j + 3], fp: cells[4 * j + 1], tn: cells[4 * j], fn: cells[4 * j + 2],
        rows: rows[4 * j..<4 * j + 4].reduce(0, +))
    }
  }

  /// The counts of all rows together.
  static func overall(_ cs: [FairConfusion]) -> FairConfusion {
    cs.reduce(into: FairConfusion()) { o, c in
      o.tp += c.tp
      o.fp += c.fp
      o.tn += c.tn
      o.fn += c.fn
      o.rows += c.rows
    }
  }

  /// The rates of one group. An empty denominator gives `zero` (scikit-learn's
  /// zero_division) and a warning naming `who` ("group 'b'" or "overall") and the metric.
  static func rates(
    _ c: FairConfusion, zero: Double, who: String, _ warn: FairWarnings?
  ) -> FairRates {
    func ratio(_ num: Double, _ den: Double, _ metric: String, _ why: String) -> Double {
      if den > 0 { return num / den }
      if let w = warn, w.wants(metric) {
        w.add(
          "\(who): \(metric) has an empty denominator (\(why)); reported as \(formatNumber(zero))")
      }
      return zero
    }
    let pos = c.tp + c.fn
    let neg = c.fp + c.tn
    let tpr = ratio(c.tp, pos, "tpr", "no positive labels")
    let tnr = ratio(c.tn, neg, "tnr", "no negative labels")
    // scikit-learn's balanced_accuracy_score averages the recalls of the classes present in y.
    let present = [pos > 0 ? tpr : nil, neg > 0 ? tnr : nil].compactMap { $0 }
    return FairRates(
      selectionRate: ratio(c.tp + c.fp, c.total, "selection_rate", "zero total weight"),
      tpr: tpr,
      fpr: ratio(c.fp, neg, "fpr", "no negative labels"),
      fnr: ratio(c.fn, pos, "fnr", "no positive labels"),
      tnr: tnr,
      accuracy: ratio(c.tp + c.tn, c.total, "accuracy", "zero total weight"),
      precision: ratio(c.tp, c.tp + c.fp, "precision", "no positive predictions"),
      balancedAccuracy: present.isEmpty ? zero : present.reduce(0, +) / Double(present.count))
  }

  /// Weighted ROC AUC of each group and of all rows (the last entry): the Mann–Whitney
  /// statistic P(s⁺ > s⁻) + ½ P(s⁺ = s⁻), by one radix sort of the rows by score and a walk
  /// over blocks of tied scores. A group with one class gets NaN and a warning.
  static func auc(_ x: FairInput, _ score: [Double], _ warn: FairWarnings) -> [Double] {
    let k = x.groups.count
    let n = score.count
    // Each row's group and label packed as code·2 + y, sorted along with the scores.
    var packed = [UInt32](repeating: 0, count: n)
    for i in 0..<n { packed[i] = UInt32(x.groups.codes[i]) &<< 1 | UInt32(x.y[i]) }
    let (keys, rows, ws) = sortedByScore(score, packed, x.weights)
    // Per group (overall at index k): negative weight below the block, in the block, the
    // positive total, and the Mann–Whitney sum.
    var negBelow = [Double](repeating: 0, count: k + 1)
    var negBlock = negBelow
    var posTotal = negBelow
    var sum = negBelow
    var a = 0
    while a < n {
      var b = a + 1
      while b < n && keys[b] == keys[a] { b += 1 }
      for r in a..<b where rows[r] & 1 == 0 {
        let w = ws?[r] ?? 1
        negBlock[Int(rows[r] >> 1)] += w
        negBlock[k] += w
      }
      for r in a..<b where rows[r] & 1 == 1 {
        let w = ws?[r] ?? 1
        let j = Int(rows[r] >> 1)
        sum[j] += w * (negBelow[j] + 0.5 * negBlock[j])
        sum[k] += w * (negBelow[k] + 0.5 * negBlock[k])
        posTotal[j] += w
        posTotal[k] += w
      }
      for r in a..<b {
        let j = Int(rows[r] >> 1)
        negBelow[j] += negBlock[j]
        negBlock[j] = 0
      }
      negBelow[k] += negBlock[k]
      negBlock[k] = 0
      a = b
    }
    return (0...k).map { j in
      let (p, q) = (posTotal[j], negBelow[j])
      guard p > 0 && q > 0 else {
        let name = j == k ? "overall" : "group '\(x.groups.labels[j])'"
        warn.add("\(name): auc is undefined with one class in y; reported as nan")
        return .nan
      }
      return sum[j] / (p * q)
    }
  }

  /// Scores sorted ascending as order-preserving unsigned keys, with `payload` (and the weights)
  /// moved along: an LSD radix sort, 11 bits a pass, skipping passes whose digit is the same
  /// for every row. Scores hold no NaN (checked by `input`); -0 and 0 are one key.
  static func sortedByScore(
    _ score: [Double], _ payload: [UInt32], _ weights: [Double]?
  ) -> ([UInt64], [UInt32], [Double]?) {
    let n = score.count
    var keys = score.map { d -> UInt64 in
      let bits = (d + 0).bitPattern
      return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
    }
    var pay = payload
    var ws = weights ?? []
    var keys2 = [UInt64](repeating: 0, count: n)
    var pay2 = [UInt32](repeating: 0, count: n)
    var ws2 = [Double](repeating: 0, count: ws.count)
    let bits = 11
    let mask: UInt64 = (1 << UInt64(bits)) - 1
    var count = [Int](repeating: 0, count: 1 << bits)
    for shift in stride(from: 0, to: 64, by: bits) {
      let sh = UInt64(shift)
      for i in 0..<count.count { count[i] = 0 }
      for key in keys { count[Int((key >> sh) & mask)] += 1 }
      if count.contains(n) { continue }
      var total = 0
      for i in 0..<count.count {
        let c = count[i]
        count[i] = total
        total += c
      }
      let weighted = !ws.isEmpty
      keys.withUnsafeBufferPointer { ks in
        pay.withUnsafeBufferPointer { ps in
          ws.withUnsafeBufferPointer { wv in
            keys2.withUnsafeMutableBufferPointer { k2 in
              pay2.withUnsafeMutableBufferPointer { p2 in
                ws2.withUnsafeMutableBufferPointer { w2 in
                  count.withUnsafeMutableBufferPointer { c in
                    for i in 0..<n {
                      let d = Int((ks[i] >> sh) & mask)
                      let to = c[d]
                      c[d] = to + 1
                      k2[to] = ks[i]
                      p2[to] = ps[i]
                      if weighted { w2[to] = wv[i] }
                    }
                  }
                }
              }
            }
          }
        }
      }
      swap(&keys, &keys2)
      swap(&pay, &pay2)
      swap(&ws, &ws2)
    }
    return (keys, pay, weights == nil ? nil : ws)
  }

  /// MetricFrame.difference and .ratio of one metric (pandas skips NaN values).
  static func spread(_ m: [Double], overall o: Double, method: String) -> (
    diff: Double, ratio: Double
  ) {
    let vs = m.filter { !$0.isNaN }
    guard let lo = vs.min(), let hi = vs.max() else { return (.nan, .nan) }
    if method == "between_groups" { return (hi - lo, lo / hi) }
    let diffs = vs.map { abs($0 - o) }.filter { !$0.isNaN }
    let ratios = vs.map { v -> Double in
      let r = v / o
      return r > 1 ? 1 / r : r
    }.filter { !$0.isNaN }
    return (diffs.max() ?? .nan, ratios.min() ?? .nan)
  }
}
