#!/usr/bin/env python3
"""Oracle for fair.path_effects / fair.diagnosis on ACTG 175 (docs/fairness.md, method
"model").

An independent NumPy implementation of the model method, run on the same data FSL reads
(data/lifelines/ACTG175.csv from scripts/fetch-data) and the same fitted predictor:

  predictor  logistic regression of `cens` on FEATURES, scikit-learn's objective with C = 1
             (C * sum of log-losses + 1/2 ||coef||^2, intercept not penalised), fitted here by
             Newton's method to a gradient norm below 1e-9 (the optimum nn.logreg finds too);
             the golden test checks FSL's fit against the stored coef/intercept and then uses
             the stored ones, so both sides evaluate the very same f.
  effects    A = race (a0 = 0 white, a1 = 1 non-white), fair mediators cd40, cd80 (baseline
             CD4/CD8 counts), covariates age, wtkg. alpha_j = OLS slope on A of mediator j on
             [1, A, age, wtkg] (np.linalg.lstsq); M_ij(a) = M_ij + alpha_j (a - A_i); the mean
             of f over the rows (on="all", or on="a0": rows with A = 0) at (a0, M(a0)),
             (a1, M_fair(a0), M_unfair(a1)) and (a1, M(a1)). No unfair mediators here, so the
             mixed point is (a1, M(a0)): unfair = direct effect of race, fair = through CD4/CD8.

Writes Tests/fixtures/fair/effects_actg.json (floats with repr precision). Run from the repo root:
  python3 scripts/oracles/fairness_effects.py
"""

import csv
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

DATA = Path("data/lifelines/ACTG175.csv")
OUT = Path("Tests/fixtures/fair/effects_actg.json")
FEATURES = ["race", "cd40", "cd80", "age", "wtkg"]
A, FAIR, UNFAIR, COVARIATES = "race", ["cd40", "cd80"], [], ["age", "wtkg"]
C = 1.0


def read_table(path):
    with open(path, newline="") as fh:
        rows = list(csv.DictReader(fh))
    names = [k for k in rows[0].keys() if k]
    return {k: np.array([float("nan") if r[k] == "NA" else float(r[k]) for r in rows]) for k in names}


def sigmoid(z):
    return np.where(z >= 0, 1 / (1 + np.exp(-np.abs(z))), np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))))


def fit_logreg(x, y, c):
    """Newton's method with step halving on c * sum logloss + 1/2 ||w||^2 (intercept free)."""
    n, d = x.shape
    xb = np.hstack([x, np.ones((n, 1))])
    theta = np.zeros(d + 1)
    reg = np.ones(d + 1)
    reg[-1] = 0

    def objective(t):
        z = xb @ t
        return c * np.sum(np.logaddexp(0, z) - y * z) + 0.5 * np.sum(reg * t * t)

    for _ in range(200):
        p = sigmoid(xb @ theta)
        g = c * xb.T @ (p - y) + reg * theta
        if np.linalg.norm(g) < 1e-9:
            break
        h = c * (xb.T * (p * (1 - p))) @ xb + np.diag(reg)
        step = np.linalg.solve(h, g)
        f0, s = objective(theta), 1.0
        while objective(theta - s * step) > f0 and s > 1e-12:
            s /= 2
        theta = theta - s * step
    p = sigmoid(xb @ theta)
    g = c * xb.T @ (p - y) + reg * theta
    return theta[:d], theta[d], float(np.linalg.norm(g))


def path_effects(t, coef, intercept, on):
    a = t[A]
    n = len(a)
    meds = FAIR + UNFAIR
    design = np.column_stack([np.ones(n), a] + [t[c] for c in COVARIATES])
    alpha = {m: np.linalg.lstsq(design, t[m], rcond=None)[0][1] for m in meds}
    rows = np.arange(n) if on == "all" else np.flatnonzero(a == 0)

    def mean_f(a_set, a_fair, a_unfair):
        cols = {k: v[rows] for k, v in t.items()}
        cols[A] = np.full(len(rows), float(a_set))
        for m in meds:
            target = a_fair if m in FAIR else a_unfair
            cols[m] = t[m][rows] + alpha[m] * (target - a[rows])
        x = np.column_stack([cols[f] for f in FEATURES])
        return float(np.mean(sigmoid(x @ coef + intercept)))

    y0, mixed, y1 = mean_f(0, 0, 0), mean_f(1, 0, 1), mean_f(1, 1, 1)
    unfair, fair = mixed - y0, y1 - mixed
    share = abs(unfair) / (abs(unfair) + abs(fair))
    return {
        "mean_a0": y0, "mean_mixed": mixed, "mean_a1": y1, "unfair": unfair, "fair": fair,
        "te": y1 - y0, "share": share, "alpha": [float(alpha[m]) for m in meds],
    }


def main():
    if not DATA.exists():
        sys.exit(f"{DATA} missing: run scripts/fetch-data lifelines")
    t = read_table(DATA)
    x = np.column_stack([t[f] for f in FEATURES])
    coef, intercept, gnorm = fit_logreg(x, t["cens"], C)
    out = {
        "generator": "scripts/oracles/fairness_effects.py",
        "numpy": np.__version__,
        "data_file": str(DATA),
        "data_sha256": hashlib.sha256(DATA.read_bytes()).hexdigest(),
        "n_samples": len(t[A]),
        "features": FEATURES, "label": "cens", "C": C,
        "a": A, "fair": FAIR, "unfair": UNFAIR, "c": COVARIATES, "a0": 0, "a1": 1,
        "coef": [float(v) for v in coef], "intercept": float(intercept), "grad_norm": gnorm,
        "all": path_effects(t, coef, intercept, "all"),
        "a0_rows": path_effects(t, coef, intercept, "a0"),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(out, indent=1) + "\n")
    print(json.dumps({k: out[k] for k in ["coef", "intercept", "grad_norm", "all", "a0_rows"]}, indent=1))


if __name__ == "__main__":
    main()
