// fair.path_effects / fair.diagnosis: the "model" method of docs/fairness.md (counterfactual
// tables fed to any FSL predictor) with seeded bootstrap intervals.
import Foundation
import Interp
import Tensor

extension FairEffects {
  /// What `fair.path_effects(f, x, a=, fair=, unfair=, c=, a0=, a1=, on=, …)` asks for.
  struct PathSpec {
    let fn: String
    let aName: String
    let fair: [String]
    let unfair: [String]
    let c: [String]
    /// Numeric values of A; for a str column, the codes 0 (a0) and 1 (a1) of `labels`.
    let a0: Double
    let a1: Double
    let labels: (String, String)?
    let onA0: Bool
    var mediators: [String] { fair + unfair }
  }

  /// The three averaged predictions and the effects they give.
  struct PathResult {
    var y0: Double
    var mixed: Double
    var y1: Double
    var unfair: Double { mixed - y0 }
    var fair: Double { y1 - mixed }
    var te: Double { y1 - y0 }
  }

  /// Column names from nil, a string, a list of strings or a str tensor.
  static func names(_ v: Value, _ fn: String, _ what: String) throws -> [String] {
    switch v {
    case .null: return []
    case .string(let s): return [s]
    case .list(let xs):
      return try xs.map { x in
        guard case .string(let s) = x else {
          throw RuntimeError.type(
            "\(fn): '\(what)' must list column names (strings), got a \(x.typeName)")
        }
        return s
      }
    case .tensor(let t) where t.dtype == .str && t.rank <= 1:
      return t.items.compactMap { if case .string(let s) = $0 { return s } else { return nil } }
    default:
      throw RuntimeError.type(
        "\(fn): '\(what)' must be a list of column names, got \(v.typeName)")
    }
  }

  /// Reads and checks arguments 1…9 (x, a, fair, unfair, c, a0, a1, on) against the table.
  static func pathSpec(_ a: Arguments, _ x: FTable) throws -> PathSpec {
    let fn = a.builtin.fullName
    let on = try a.string(8)
    guard on == "all" || on == "a0" else {
      throw RuntimeError.value("\(fn): 'on' must be \"all\" or \"a0\", got \(a[8].repr)")
    }
    var labels: (String, String)?
    if case .string(let l0) = a[6], case .string(let l1) = a[7] { labels = (l0, l1) }
    let s = PathSpec(
      fn: fn, aName: try a.string(2), fair: try names(a[3], fn, "fair"),
      unfair: try names(a[4], fn, "unfair"), c: try names(a[5], fn, "c"),
      a0: labels == nil ? try a.number(6) : 0, a1: labels == nil ? try a.number(7) : 1,
      labels: labels, onA0: on == "a0")
    let have = x.columns.keys
    for name in [s.aName] + s.fair + s.unfair + s.c where x.columns[name] == nil {
      throw RuntimeError.key(
        "\(fn): column '\(name)' is not in the table; its columns are "
          + have.map { "'\($0)'" }.joined(separator: ", "))
    }
    if let both = s.fair.first(where: { s.unfair.contains($0) }) {
      throw RuntimeError.value(
        "\(fn): mediator '\(both)' is listed as both fair and unfair; a path is one or the other")
    }
    let all = [s.aName] + s.mediators + s.c
    if let twice = all.enumerated().first(where: { all[..<$0.offset].contains($0.element) }) {
      throw RuntimeError.value(
        "\(fn): column '\(twice.element)' is listed twice among a, fair, unfair and c")
    }
    return s
  }

  /// The effects on table `x`: α̂ by OLS of each mediator on [1, A, C], counterfactual tables
  /// with `M_ij + α̂_j (a − A_i)` and A set, f averaged over the rows (or the rows with A = a0).
  static func pathEffects(
    _ f: Value, _ x: FTable, _ s: PathSpec, _ interp: Interpreter
  ) throws -> PathResult {
    let fn = s.fn
    let av = try sensitive(x.columns[s.aName] ?? .null, s)
    let meds = try s.mediators.map { try numbers(x.columns[$0] ?? .null, fn, $0) }
    let cs = try s.c.map { try numbers(x.columns[$0] ?? .null, fn, $0) }
    let one = [Double](repeating: 1, count: av.count)
    let alpha = try ols([one, av] + cs, ["1", s.aName] + s.c, meds, weights: nil, fn).map { $0[1] }
    let rows = s.onA0 ? av.indices.filter { av[$0] == s.a0 } : Array(av.indices)
    let base =
      s.onA0 ? try x.select(.tensor(Tensor(shape: [rows.count], i64: rows.map { Int64($0) }))) : x
    let nf = s.fair.count
    /// f's mean on the table with A = `aSet`, fair mediators at `aFair`, unfair at `aUnfair`.
    func mean(_ aSet: Double, _ aFair: Double, _ aUnfair: Double) throws -> Double {
      var cols = base.columns
      let r = rows.count
      if let (l0, l1) = s.labels {
        cols[s.aName] = .tensor(Tensor(strings: [String](repeating: aSet == 0 ? l0 : l1, count: r)))
      } else {
        cols[s.aName] = .tensor(Tensor(shape: [r], f64: [Double](repeating: aSet, count: r)))
      }
      for (j, name) in s.mediators.enumerated() {
        let target = j < nf ? aFair : aUnfair
        let shifted = rows.map { i in meds[j][i] + alpha[j] * (target - av[i]) }
        cols[name] = .tensor(Tensor(shape: [r], f64: shifted))
      }
      let out = try interp.call(f, [.table(try FTable(cols))])
      let what =
        "A=\(label(aSet, s)), fair mediators at A=\(label(aFair, s)), unfair at "
        + "A=\(label(aUnfair, s))"
      let scores = try scoresOf(out, r, fn, what)
      return scores.reduce(0, +) / Double(max(r, 1))
    }
    return PathResult(
      y0: try mean(s.a0, s.a0, s.a0), mixed: try mean(s.a1, s.a0, s.a1),
      y1: try mean(s.a1, s.a1, s.a1))
  }

  /// A's value `v` as the user wrote it (a number, or a label of a str column).
  static func label(_ v: Double, _ s: PathSpec) -> String {
    guard let (l0, l1) = s.labels else { return formatNumber(v) }
    return Value.string(v == 0 ? l0 : l1).repr
  }

  /// The sensitive column as numbers, checked binary: a str column (with a0/a1 strings) gives
  /// the codes 0 for a0 and 1 for a1.
  static func sensitive(_ col: Value, _ s: PathSpec) throws -> [Double] {
    let fn = s.fn
    guard let (l0, l1) = s.labels else {
      if case .tensor(let t) = col, t.dtype == .str {
        throw RuntimeError.type(
          "\(fn): column '\(s.aName)' holds strings; pass its two values as a0= and a1= "
            + "(strings)")
      }
      let av = try numbers(col, fn, s.aName)
      try checkBinary(av, s.a0, s.a1, fn, s.aName)
      return av
    }
    guard case .tensor(let t) = col, t.dtype == .str else {
      throw RuntimeError.type(
        "\(fn): a0 and a1 are strings but column '\(s.aName)' is not a str column")
    }
    let strs = t.items.map { v -> String in
      if case .string(let x) = v { return x }
      return ""
    }
    let (q0, q1) = (Value.string(l0).repr, Value.string(l1).repr)
    guard l0 != l1 else {
      throw RuntimeError.value(
        "\(fn): a0 and a1 are both \(q0); the effect compares two different values")
    }
    guard strs.contains(l0), strs.contains(l1), strs.allSatisfy({ $0 == l0 || $0 == l1 }) else {
      let found = Array(Set(strs)).sorted().prefix(20).map { Value.string($0).repr }
      throw RuntimeError.value(
        "\(fn): '\(s.aName)' must be binary, taking both values a0=\(q0) and a1=\(q1); found "
          + found.joined(separator: ", "))
    }
    return strs.map { $0 == l0 ? 0 : 1 }
  }

  /// f's result as r finite scores: a [r] or [r, 1] tensor or a list of r numbers.
  static func scoresOf(_ v: Value, _ r: Int, _ fn: String, _ what: String) throws -> [Double] {
    var t: Tensor?
    switch v {
    case .tensor(let x): t = x
    case .list(let xs): t = Value.list(xs).asTensorValue
    case .number(let d) where r == 1: t = Tensor(shape: [1], f64: [d])
    default: break
    }
    guard let x = t, x.dtype != .str, x.count == r, x.rank == 1 || (x.rank == 2 && x.shape[1] == 1)
    else {
      let got = t.map { "shape \(shapeText($0.shape))" } ?? "a \(v.typeName)"
      throw RuntimeError(
        "ShapeError",
        "\(fn): f must return \(r) scores (one per row of the table it is given), got \(got)")
    }
    let d = x.doubles
    if let i = d.firstIndex(where: { !$0.isFinite }) {
      throw RuntimeError.value(
        "\(fn): f returned \(formatNumber(d[i])) at row \(i) of the counterfactual table (\(what))")
    }
    return d
  }

  /// Bootstrap: `n` seeded row resamples, α̂ refitted on each. Ctrl-C stops between resamples
  /// and keeps the ones done (the flag is cleared so the partial intervals are returned).
  static func bootstrap(
    _ f: Value, _ x: FTable, _ s: PathSpec, _ n: Int, _ seed: UInt64, _ interp: Interpreter
  ) throws -> Value {
    var stream = RandomStream(seed: seed)
    var draws: [PathResult] = []
    var interrupted = false
    for b in 0..<n {
      if interp.interruptRequested {
        interrupted = true
        break
      }
      let idx = try tensorCall { try stream.randint(lo: 0, hi: Int64(x.rows), shape: [x.rows]) }
      do {
        draws.append(try pathEffects(f, try x.select(.tensor(idx)), s, interp))
      } catch var e as RuntimeError {
        if e.kind == "Interrupted" {
          interrupted = true
          break
        }
        e.message += " (bootstrap resample \(b + 1) of \(n), seed \(seed))"
        throw e
      }
    }
    if interrupted { interp.interruptRequested = false }
    func interval(_ key: KeyPath<PathResult, Double>) -> Value {
      let v = draws.map { $0[keyPath: key] }
      return .tensor(Tensor(shape: [2], f64: [percentile(v, 2.5), percentile(v, 97.5)]))
    }
    return .dict(
      FDict([
        ("unfair", interval(\.unfair)), ("fair", interval(\.fair)), ("te", interval(\.te)),
        ("n_boot", .number(Double(draws.count))), ("interrupted", .bool(interrupted)),
      ]))
  }

  /// The shared body of fair.path_effects and fair.diagnosis.
  static func pathCall(_ a: Arguments) throws -> (PathResult, Value) {
    let fn = a.builtin.fullName
    guard let x = a[1].asTable else {
      throw RuntimeError.type("\(fn): 'x' must be a table, got \(a[1].typeName)")
    }
    let s = try pathSpec(a, x)
    let nBoot = try a.int(9)
    guard nBoot >= 0 else {
      throw RuntimeError.value("\(fn): 'n_boot' must be ≥ 0, got \(nBoot)")
    }
    let seed = try TensorRandom.seedValue(a, 10)
    let r = try pathEffects(a[0], x, s, a.interp)
    let ci = nBoot == 0 ? Value.null : try bootstrap(a[0], x, s, nBoot, seed, a.interp)
    return (r, ci)
  }
}
