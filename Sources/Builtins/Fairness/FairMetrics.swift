// fair: group fairness metrics (fair.report, the six dp/eop/eo aggregates, fair.summary);
// docs/fairness.md, "Group metrics". Inputs and group codes: FairMetrics+Inputs.swift; counts,
// rates, AUC and MetricFrame's difference/ratio: FairMetrics+Counts.swift.
import Interp
import Tensor

enum FairMetrics {
  static let methods = ["between_groups", "to_overall"]
  static let aggs = ["worst_case", "mean"]
  static let aggregateNames = [
    "dp_diff", "dp_ratio", "eop_diff", "eop_ratio", "eo_diff", "eo_ratio",
  ]

  /// One of the six aggregates (`dp_diff` … `eo_ratio`) of checked inputs, with fairlearn's
  /// zero-division rule (0). Shared with the other fair builtins (masks, effects).
  static func aggregate(
    _ name: String, _ x: FairInput, method: String = "between_groups", agg: String = "worst_case",
    _ warn: FairWarnings, counts given: [FairConfusion]? = nil
  ) -> Double {
    let counts = given ?? confusion(x)
    let used: Set<String> =
      name.hasPrefix("dp") ? ["selection_rate"] : name.hasPrefix("eop") ? ["tpr"] : ["tpr", "fpr"]
    let mine = FairWarnings(warn.fn, metrics: used)
    defer { for l in mine.lines { warn.add(l) } }
    let rs = zip(counts, x.groups.labels).map { c, g in
      rates(c, zero: 0, who: "group '\(g)'", mine)
    }
    let o = rates(overall(counts), zero: 0, who: "overall", method == "to_overall" ? mine : nil)
    if x.groups.count == 1 {
      warn.add("only one group ('\(x.groups.labels[0])'): differences are 0 and ratios 1")
    }
    let sr = spread(rs.map(\.selectionRate), overall: o.selectionRate, method: method)
    let tpr = spread(rs.map(\.tpr), overall: o.tpr, method: method)
    let fpr = spread(rs.map(\.fpr), overall: o.fpr, method: method)
    let mean = agg == "mean"
    // As fairlearn: Python's max/min over (tpr, fpr), or pandas' mean (which skips NaN).
    func average(_ a: Double, _ b: Double) -> Double {
      a.isNaN ? b : b.isNaN ? a : (a + b) / 2
    }
    switch name {
    case "dp_diff": return sr.diff
    case "dp_ratio": return sr.ratio
    case "eop_diff": return tpr.diff
    case "eop_ratio": return tpr.ratio
    case "eo_diff": return mean ? average(tpr.diff, fpr.diff) : Swift.max(tpr.diff, fpr.diff)
    default: return mean ? average(tpr.ratio, fpr.ratio) : Swift.min(tpr.ratio, fpr.ratio)
    }
  }

  /// The `method` and `agg` arguments at positions i and i+1, checked.
  static func methodAgg(_ a: Arguments, _ i: Int) throws -> (String, String) {
    let fn = a.builtin.fullName
    let method = try a.string(i)
    guard methods.contains(method) else {
      throw RuntimeError.value(
        "\(fn): method must be \"between_groups\" or \"to_overall\", got \"\(method)\"")
    }
    let agg = try a.string(i + 1)
    guard aggs.contains(agg) else {
      throw RuntimeError.value("\(fn): agg must be \"worst_case\" or \"mean\", got \"\(agg)\"")
    }
    return (method, agg)
  }

  /// fair.report: one row per group plus `overall`.
  static func report(_ a: Arguments) throws -> FTable {
    let fn = a.builtin.fullName
    let x = try input(fn, y: a[0], yhat: a[1], group: a[2], score: a[3], weights: a[4])
    let zero = try a.number(5)
    guard zero == 0 || zero == 1 || zero.isNaN else {
      throw RuntimeError.value(
        "\(fn): zero_division must be 0, 1 or nan, got \(formatNumber(zero))")
    }
    let warn = FairWarnings(fn)
    defer { warn.emit(a.interp) }
    let counts = confusion(x)
    let all = counts + [overall(counts)]
    let labels = x.groups.labels + ["overall"]
    let rs = all.indices.map { j in
      rates(all[j], zero: zero, who: j < x.groups.count ? "group '\(labels[j])'" : "overall", warn)
    }
    var cols: [(String, Value)] = [
      ("group", .tensor(Tensor(strings: labels))),
      ("count", .tensor(Tensor(shape: [all.count], f64: all.map { Double($0.rows) }))),
    ]
    let metrics: [(String, KeyPath<FairRates, Double>)] = [
      ("selection_rate", \.selectionRate), ("tpr", \.tpr), ("fpr", \.fpr), ("fnr", \.fnr),
      ("tnr", \.tnr), ("accuracy", \.accuracy), ("precision", \.precision),
      ("balanced_accuracy", \.balancedAccuracy),
    ]
    for (name, key) in metrics {
      cols.append((name, .tensor(Tensor(shape: [rs.count], f64: rs.map { $0[keyPath: key] }))))
    }
    if let s = x.score {
      cols.append(("auc", .tensor(Tensor(shape: [all.count], f64: auc(x, s, warn)))))
    }
    return try FTable(FDict(cols))
  }

  static let sharedParams: [BuiltinParam] = [
    .init("y", "tensor"), .init("yhat", "tensor"), .init("group", "tensor|list|dict"),
  ]

  static let aggregateParams: [BuiltinParam] =
    sharedParams + [
      .init("method", "string", default: .string("between_groups")),
      .init("agg", "string", default: .string("worst_case")),
      .init("sample_weight", "tensor", default: .null),
    ]

  /// The builtin record of one aggregate.
  static func aggregateBuiltin(
    _ name: String, summary: String, doc: String, example: String
  ) -> Builtin {
    Builtin(
      name, module: "fair", params: aggregateParams, summary: summary,
      doc: doc + " " + aggregateDoc, example: example
    ) { a in
      let (method, agg) = try methodAgg(a, 3)
      let fn = a.builtin.fullName
      let x = try input(fn, y: a[0], yhat: a[1], group: a[2], weights: a[5])
      let warn = FairWarnings(fn)
      defer { warn.emit(a.interp) }
      return .number(aggregate(name, x, method: method, agg: agg, warn))
    }
  }

  static let aggregateDoc =
    "`method=\"between_groups\"` (default) compares the groups' largest and smallest values "
    + "(difference max − min, ratio min / max); `method=\"to_overall\"` compares each group with "
    + "all rows (difference max |m_g − m|, ratio min of min(m_g/m, m/m_g)). As fairlearn: a "
    + "rate with an empty denominator is 0 (with a warning naming the group and the metric), "
    + "NaN values are skipped, one group gives difference 0 and ratio 1 (with a warning)."

  static let example =
    "y = [1, 1, 0, 0, 1, 0, 1, 0]; p = [1, 0, 0, 1, 1, 0, 1, 1]; g = [\"a\", \"a\", \"a\", \"a\", "
    + "\"b\", \"b\", \"b\", \"b\"]; "

  static let builtins: [Builtin] = [
    Builtin(
      "report", module: "fair",
      params: sharedParams + [
        .init("score", "tensor", default: .null), .init("sample_weight", "tensor", default: .null),
        .init("zero_division", "number", default: .number(0)),
      ],
      summary: "A table of fairlearn's group metrics: one row per group plus `overall`.",
      doc: "Columns `group count selection_rate tpr fpr fnr tnr accuracy precision "
        + "balanced_accuracy`, plus `auc` when `score=` is given (ROC AUC, ties counting ½). "
        + "y and yhat hold 0/1 (or bools); positive label 1. `group` is a tensor of numbers, a "
        + "str tensor (a table's string column), a list, or a dict of columns `{sex: s, race: r}` "
        + "for intersectional groups labelled \"F|Black\" (only combinations that occur). Rows "
        + "are sorted as pandas groupby sorts (numbers numerically, strings lexicographically); "
        + "group labels are strings. `sample_weight=` weights every count except `count`. "
        + "Definitions are fairlearn's and scikit-learn's: an empty denominator gives "
        + "`zero_division` (0, 1 or nan; default 0) with a warning naming the group and the "
        + "metric; balanced_accuracy averages the recalls of the classes present in the group; "
        + "a group with one class has auc nan (with a warning). One pass over the rows.",
      example: example + "list(fair.report(y, p, g).tpr)  # -> [0.5, 1, 0.75]"
    ) { a in .table(try report(a)) },
    aggregateBuiltin(
      "dp_diff", summary: "Demographic parity difference: the spread of selection rates.",
      doc: "fairlearn's demographic_parity_difference.",
      example: example + "fair.dp_diff(y, p, g)  # -> 0.25"),
    aggregateBuiltin(
      "dp_ratio", summary: "Demographic parity ratio: smallest over largest selection rate.",
      doc: "fairlearn's demographic_parity_ratio (0/0 is nan).",
      example: example + "fair.dp_ratio(y, p, g)  # -> 0.6666666666666666"),
    aggregateBuiltin(
      "eop_diff", summary: "Equal opportunity difference: the spread of true positive rates.",
      doc: "fairlearn's equal_opportunity_difference.",
      example: example + "fair.eop_diff(y, p, g)  # -> 0.5"),
    aggregateBuiltin(
      "eop_ratio", summary: "Equal opportunity ratio: smallest over largest true positive rate.",
      doc: "fairlearn's equal_opportunity_ratio.",
      example: example + "fair.eop_ratio(y, p, g)  # -> 0.5"),
    aggregateBuiltin(
      "eo_diff", summary: "Equalized odds difference: the larger of the tpr and fpr spreads.",
      doc: "fairlearn's equalized_odds_difference; `agg=\"mean\"` averages the two spreads.",
      example: example + "fair.eo_diff(y, p, g)  # -> 0.5"),
    aggregateBuiltin(
      "eo_ratio", summary: "Equalized odds ratio: the smaller of the tpr and fpr ratios.",
      doc: "fairlearn's equalized_odds_ratio; `agg=\"mean\"` averages the two ratios.",
      example: example + "fair.eo_ratio(y, p, g)  # -> 0.5"),
    Builtin(
      "summary", module: "fair", params: aggregateParams,
      summary: "A dict of the six aggregates dp_diff dp_ratio eop_diff eop_ratio eo_diff eo_ratio.",
      doc: "Computed from one pass over the rows; `method`, `agg` and `sample_weight` as for "
        + "fair.dp_diff.",
      example: example + "fair.summary(y, p, g).eo_diff  # -> 0.5"
    ) { a in
      let (method, agg) = try methodAgg(a, 3)
      let fn = a.builtin.fullName
      let x = try input(fn, y: a[0], yhat: a[1], group: a[2], weights: a[5])
      let warn = FairWarnings(fn)
      defer { warn.emit(a.interp) }
      let counts = confusion(x)
      return .dict(
        FDict(
          aggregateNames.map { name in
            (name, .number(aggregate(name, x, method: method, agg: agg, warn, counts: counts)))
          }))
    },
  ]
}
