#!/usr/bin/env python3
"""Fixture for fair.report and the six aggregates, computed with fairlearn itself.

Run by hand (the output is committed):
  python3 -m venv /tmp/venv-fair && /tmp/venv-fair/bin/pip install fairlearn==0.15.0 scikit-learn
  /tmp/venv-fair/bin/python scripts/oracles/fairness_fixtures.py   # from the repo root, data/ fetched
writes Tests/fixtures/fair/metrics.json: for each case its inputs, MetricFrame.by_group and
.overall (groups in MetricFrame's order; intersections joined with "|"), .difference and
.ratio with both methods, the six fairlearn aggregate functions for both methods and both aggs,
and roc_auc_score per group (NaN, written as NaN, when a group has one class).
"""
import json
import os
import warnings

import numpy as np
import pandas as pd
import fairlearn
import sklearn
from fairlearn import metrics as flm
from sklearn import metrics as skm

warnings.filterwarnings("ignore")

METRICS = {
    "selection_rate": flm.selection_rate,
    "tpr": flm.true_positive_rate,
    "fpr": flm.false_positive_rate,
    "fnr": flm.false_negative_rate,
    "tnr": flm.true_negative_rate,
    "accuracy": skm.accuracy_score,
    "precision": lambda y, p, **kw: skm.precision_score(y, p, zero_division=0, **kw),
    "balanced_accuracy": skm.balanced_accuracy_score,
}
AGGREGATES = {
    "dp_diff": flm.demographic_parity_difference,
    "dp_ratio": flm.demographic_parity_ratio,
    "eop_diff": flm.equal_opportunity_difference,
    "eop_ratio": flm.equal_opportunity_ratio,
    "eo_diff": flm.equalized_odds_difference,
    "eo_ratio": flm.equalized_odds_ratio,
}


def label(key):
    return "|".join(str(k) for k in key) if isinstance(key, tuple) else fsl_label(key)


def fsl_label(v):
    if isinstance(v, (float, np.floating)) and float(v).is_integer():
        return str(int(v))
    return str(v)


def case(name, y, p, group, score=None, weight=None):
    y = np.asarray(y, dtype=float)
    p = np.asarray(p, dtype=float)
    if isinstance(group, dict):
        sf = pd.DataFrame({k: np.asarray(v) for k, v in group.items()})
    else:
        sf = pd.Series(np.asarray(group), name="group")
    sp = None if weight is None else {m: {"sample_weight": np.asarray(weight)} for m in METRICS}
    mf = flm.MetricFrame(metrics=METRICS, y_true=y, y_pred=p, sensitive_features=sf,
                         sample_params=sp)
    groups = [label(k) for k in mf.by_group.index]
    out = {
        "name": name,
        "y": y.tolist(), "yhat": p.tolist(),
        "group": {k: list(v) for k, v in group.items()} if isinstance(group, dict) else list(group),
        "score": None if score is None else list(map(float, score)),
        "sample_weight": None if weight is None else list(map(float, weight)),
        "groups": groups,
        "count": [int(c) for c in sf.groupby(list(sf.columns) if isinstance(sf, pd.DataFrame) else sf).size()],
        "by_group": {m: mf.by_group[m].astype(float).tolist() for m in METRICS},
        "overall": {m: float(mf.overall[m]) for m in METRICS},
        "difference": {meth: {m: float(v) for m, v in mf.difference(method=meth).items()}
                       for meth in ("between_groups", "to_overall")},
        "ratio": {meth: {m: float(v) for m, v in mf.ratio(method=meth).items()}
                  for meth in ("between_groups", "to_overall")},
        "aggregates": {},
    }
    for aname, f in AGGREGATES.items():
        entry = {}
        for meth in ("between_groups", "to_overall"):
            for agg in ("worst_case", "mean"):
                kw = {"agg": agg} if aname.startswith("eo_") else {}
                if aname.startswith("eo_") or agg == "worst_case":
                    entry[f"{meth}/{agg}"] = float(f(y, p, sensitive_features=sf, method=meth,
                                                     sample_weight=weight, **kw))
        out["aggregates"][aname] = entry
    if score is not None:
        s = np.asarray(score, dtype=float)
        w = None if weight is None else np.asarray(weight)

        def auc(mask):
            yy = y[mask]
            if len(np.unique(yy)) < 2:
                return float("nan")
            return float(skm.roc_auc_score(yy, s[mask], sample_weight=None if w is None else w[mask]))

        keys = list(mf.by_group.index)
        if isinstance(sf, pd.DataFrame):
            masks = [np.all([sf[c].to_numpy() == k[i] for i, c in enumerate(sf.columns)], axis=0)
                     for k in keys]
        else:
            masks = [sf.to_numpy() == k for k in keys]
        out["auc"] = [auc(m) for m in masks] + [auc(np.ones(len(y), bool))]
    return out


def compas():
    t = pd.read_csv(os.path.join("data", "fairness", "propublica-recidivism.csv"))
    d = t.days_b_screening_arrest
    keep = (d <= 30) & (d >= -30) & (t.is_recid != -1) & (t.c_charge_degree != "O") & \
        (t.score_text != "N/A") & t.score_text.notna()
    t = t[keep]
    assert len(t) == 6172, len(t)
    return t


def main():
    cases = []
    g12 = ["a"] * 4 + ["b"] * 4 + ["c"] * 4
    o1y = [1, 1, 0, 0, 1, 0, 1, 0, 1, 1, 0, 0]
    o1p = [1, 0, 0, 1, 1, 0, 1, 1, 0, 1, 0, 0]
    o1s = [.9, .4, .3, .6, .8, .2, .7, .55, .45, .65, .1, .5]
    cases.append(case("O1", o1y, o1p, g12, score=o1s))
    o2y, o2p, o2g = [1, 0, 1, 0, 0, 0, 0], [1, 0, 0, 1, 1, 0, 0], list("aaaabbb")
    cases.append(case("O2", o2y, o2p, o2g))
    cases.append(case("O4", o2y, o2p, o2g, weight=[1, 2, 1, 1, 3, 1, 1]))
    t = compas()
    y = t.two_year_recid.to_numpy()
    p = (t.decile_score >= 5).astype(int).to_numpy()
    s = t.decile_score.to_numpy().astype(float)
    cases.append(case("COMPAS race", y, p, t.race.tolist(), score=s))
    cases.append(case("COMPAS sex", y, p, t.sex.tolist(), score=s))
    cases.append(case("COMPAS sex x race", y, p, {"sex": t.sex.tolist(), "race": t.race.tolist()},
                      score=s))
    rng = np.random.default_rng(14)
    n = 2000
    g = rng.integers(0, 5, n)
    yr = (rng.random(n) < 0.3 + 0.1 * g).astype(int)
    sr = np.round(np.clip(0.25 * yr + 0.1 * g + rng.normal(0, 0.3, n), -1, 2), 2)
    pr = (sr > 0.5).astype(int)
    w = np.round(rng.uniform(0, 3, n), 3)
    cases.append(case("random weighted", yr.tolist(), pr.tolist(), (g * 10).tolist(), score=sr,
                      weight=w.tolist()))
    meta = {"fairlearn": fairlearn.__version__, "sklearn": sklearn.__version__,
            "numpy": np.__version__, "pandas": pd.__version__}
    path = os.path.join("Tests", "fixtures", "fair", "metrics.json")
    with open(path, "w") as f:
        json.dump({"generated_by": "scripts/oracles/fairness_fixtures.py", "versions": meta,
                   "cases": cases}, f)
    print("wrote", path, [c["name"] for c in cases])


if __name__ == "__main__":
    main()
