// fair: path-specific effects (fair.mediation, fair.path_effects, fair.diagnosis);
// docs/fairness.md.
import Foundation
import Interp

enum FairEffects {
  /// The parameters fair.path_effects and fair.diagnosis share.
  static let pathParams: [BuiltinParam] = [
    .init("f", "function"), .init("x", "table"), .init("a", "string"),
    .init("fair", "list", default: .list([])), .init("unfair", "list", default: .list([])),
    .init("c", "list", default: .list([])), .init("a0", "number|string", default: .number(0)),
    .init("a1", "number|string", default: .number(1)),
    .init("on", "string", default: .string("all")),
    .init("n_boot", "int", default: .number(0)), .init("seed", "int", default: .number(0)),
  ]

  static let pathDoc =
    "`f` is any function (user function, lambda or builtin) that takes a table with x's columns "
    + "and returns one score per row. Each mediator (`fair`: clinical paths, `unfair`: proxy "
    + "paths) is regressed by OLS on [1, A, c] to get α̂_j; for every row the mediator under A=a "
    + "is M_ij + α̂_j (a − A_i). f is averaged over the rows (on=\"all\", or on=\"a0\": the rows "
    + "with A=a0) of three counterfactual tables: (a0, M(a0)), (a1, M_fair(a0), M_unfair(a1)) "
    + "and (a1, M(a1)); unfair = mixed − E[Ŷ(a0)], fair = E[Ŷ(a1)] − mixed, te = their sum. "
    + "`n_boot` > 0 adds percentile 95 % intervals from seeded row resamples (α̂ refitted each "
    + "time, f held fixed); Ctrl-C stops the resampling and returns the intervals of the resamples done "
    + "(ci.n_boot, ci.interrupted). Assumes no unmeasured confounding and that unfair mediators "
    + "do not cause fair ones. A str column `a` takes string a0 and a1 (e.g. a0=\"Female\")."

  static let example =
    "x = table({a: [0, 0, 0, 1, 1, 1], m: [1, 2, 3, 3, 4, 5], u: [0, 1, 0, 2, 1, 2]}); "

  static let builtins: [Builtin] = [
    Builtin(
      "mediation", module: "fair",
      params: [
        .init("a", "tensor"), .init("m", "tensor"), .init("y", "tensor"),
        .init("c", "tensor", default: .null), .init("method", "string", default: .string("plugin")),
        .init("a0", "number", default: .number(0)), .init("a1", "number", default: .number(1)),
        .init("sample_weight", "tensor", default: .null),
      ],
      summary: "Natural direct and indirect effects {nde, nie, te} of a binary A on y through m.",
      doc: "Pearl's mediation formula. method=\"plugin\": one discrete mediator m (numbers), "
        + "empirical P̂(m|a) and cell means Ê[y|a,m] (y may be real-valued, e.g. predicted "
        + "probabilities); NDE = Σ_m (Ê[y|a1,m] − Ê[y|a0,m]) P̂(m|a0), NIE = Σ_m Ê[y|a1,m] "
        + "(P̂(m|a1) − P̂(m|a0)). method=\"linear\": OLS of each column of m ([n] or [n, k]) on "
        + "[1, a, c] and of y on [1, a, m, c] (f64, LAPACK); NDE = β_a (a1 − a0), NIE = "
        + "Σ α_j β_j (a1 − a0). te = nde + nie. `sample_weight` (an FSL extension) weights the "
        + "probabilities and means (plugin) or the least squares (linear).",
      example: "fair.mediation([0, 0, 1, 1], [0, 1, 0, 1], [0, 1, 1, 1]).nde  # -> 0.5"
    ) { a in try mediation(a) },
    Builtin(
      "path_effects", module: "fair", params: pathParams,
      summary:
        "Unfair and fair path-specific effects {unfair, fair, te, ci} of A on a model's scores.",
      doc: pathDoc + " The result also holds the three means (mean_a0, mean_mixed, mean_a1).",
      example: example
        + "round(fair.path_effects(t -> t.a + 2 * t.m, x, a=\"a\", fair=[\"m\"]).fair, 12)  # -> 4"
    ) { a in
      let (r, ci) = try pathCall(a)
      return .dict(
        FDict([
          ("unfair", .number(r.unfair)), ("fair", .number(r.fair)), ("te", .number(r.te)),
          ("ci", ci), ("mean_a0", .number(r.y0)), ("mean_mixed", .number(r.mixed)),
          ("mean_a1", .number(r.y1)),
        ]))
    },
    Builtin(
      "diagnosis", module: "fair",
      params: pathParams + [.init("tol", "number", default: .number(0.05))],
      summary: "Diagnosis Fairness: {unfair, fair, te, share, adf} of a model's scores.",
      doc: "The effects of fair.path_effects plus share = |unfair| / (|unfair| + |fair|) (NaN "
        + "when both are 0; 0 means every effect of A flows through the fair mediators) and "
        + "adf = |unfair| ≤ tol (approximate Diagnosis Fairness; DF is unfair = 0). " + pathDoc,
      example: example
        + "fair.diagnosis(t -> t.a + t.m + t.u, x, a=\"a\", fair=[\"m\"], unfair=[\"u\"]).adf  # -> false"
    ) { a in
      let (r, ci) = try pathCall(a)
      let tol = try a.number(11)
      let (u, f) = (abs(r.unfair), abs(r.fair))
      let share = u + f == 0 ? Double.nan : u / (u + f)
      return .dict(
        FDict([
          ("unfair", .number(r.unfair)), ("fair", .number(r.fair)), ("te", .number(r.te)),
          ("share", .number(share)), ("adf", .bool(u <= tol)), ("ci", ci),
        ]))
    },
  ]
}
