#!/usr/bin/env python3
"""Oracle for nn.logreg: scikit-learn LogisticRegression fits on the real sklearn data sets.

Objective (scikit-learn's, docs/nn.md): C * sum_i logloss_i + 1/2 ||coef||^2, intercept not
penalised; binary = sigmoid log-loss with y in {0, 1}, multinomial = softmax cross-entropy with
one row of coef per class. Fits use solver="lbfgs", tol=1e-12, max_iter=100000, and are checked
to be at the optimum: the 2-norm of the objective's gradient (w.r.t. coef and intercept) is
printed and stored. L-BFGS stops on its relative-decrease test (ftol = 64 eps) with a gradient
norm of 1e-6..3e-4, so the stored coef/intercept are its fit polished by Newton steps (exact
Hessian) to a gradient norm below 1e-11; how far that moved sklearn's fit is stored too (on raw
digits, whose Hessian has eigenvalues down to 1e-3, sklearn's intercepts are off by ~1e-3..1e-2
and change with the thread count).

Data are read from the files scripts/fetch-data puts in data/sklearn/ (the ones FSL reads) and
asserted equal to sklearn's own loaders. Cases (Tests/fixtures/nn/logreg_<case>.json):
  breast_cancer_std_C1, breast_cancer_std_C0.1  StandardScaler (ddof=0) features, binary
  digits_raw_C1                                 raw pixels 0..16, multinomial over 10 classes
  digits_std_C0.1                               StandardScaler features, multinomial

Keys of each fixture (nested JSON arrays in their natural shape; floats printed with repr):
  generator, sklearn, numpy, scipy           provenance
  dataset, data_file, data_sha256            "breast_cancer" | "digits", the file read
  n_samples, n_features, classes             classes = sorted labels (breast cancer: 0 =
                                             malignant, 1 = benign)
  multinomial                                false for binary (coef has ONE row, for class 1)
  standardize                                null (raw) or {"mean": [d], "scale": [d]}: x' =
                                             (x - mean) / scale, scale = population std (ddof
                                             0) with 1 where a column is constant (sklearn)
  C, tol, max_iter
  coef                                       [1, d] binary, [K, d] multinomial
  intercept                                  [1] binary, [K] multinomial
  objective                                  the objective at (coef, intercept)
  grad_norm                                  2-norm of its gradient there
  train_accuracy                             mean(predict(X) == y), predict = argmax proba
  n_iter                                     sklearn's n_iter_[0] (L-BFGS iterations; with one
                                             thread, as here — it varies with rounding)
  lbfgs_grad_norm, lbfgs_max_abs_diff        sklearn's own fit: its gradient norm and its max
                                             |difference| from the stored coef/intercept
  proba_first5                               probabilities of the first 5 (preprocessed) rows,
                                             [5, 2] binary (P(0), P(1)), [5, K] multinomial
Multinomial intercepts are unique only up to a common shift (softmax ignores it and it is not
penalised); L-BFGS from zero keeps their sum at 0 and the stored intercept is centred exactly
(sum 0), so compare intercept - mean(intercept). Rows of coef sum to 0 at the optimum.

Run by hand (the output is committed), after scripts/fetch-data:
    python3 -m venv /tmp/oracle-venv
    /tmp/oracle-venv/bin/pip install scikit-learn==1.5.2 numpy
    /tmp/oracle-venv/bin/python scripts/oracles/logreg.py
"""
import gzip
import hashlib
import json
import os
import sys

# One thread: much faster here (the fits are small) and the same L-BFGS path on every run.
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import numpy as np  # noqa: E402
import scipy
import sklearn
from scipy.special import expit, log_expit, logsumexp
from sklearn.datasets import load_breast_cancer, load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
DATA = os.path.join(ROOT, "data", "sklearn")
OUT = os.path.join(ROOT, "Tests", "fixtures", "nn")
TOL, MAX_ITER = 1e-12, 100000


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def read_digits():
    """digits.csv.gz: no header; 64 pixel columns (0..16) then the label (0..9)."""
    with gzip.open(os.path.join(DATA, "digits.csv.gz"), "rt") as f:
        a = np.loadtxt(f, delimiter=",")
    return a[:, :-1], a[:, -1].astype(np.int64)


def read_breast_cancer():
    """breast_cancer.csv: first line `569,30,malignant,benign`, then 30 features + label."""
    path = os.path.join(DATA, "breast_cancer.csv")
    with open(path) as f:
        first = f.readline().strip().split(",")
        a = np.loadtxt(f, delimiter=",")
    n, d = int(first[0]), int(first[1])
    assert a.shape == (n, d + 1) and first[2:] == ["malignant", "benign"], first
    return a[:, :-1], a[:, -1].astype(np.int64)


def objective_and_grad(coef, intercept, X, y, C, multinomial):
    """C * sum(log-loss) + 1/2 ||coef||^2 and its gradient (coef, intercept), in float64."""
    if multinomial:
        Z = X @ coef.T + intercept
        lse = logsumexp(Z, axis=1)
        loss = np.sum(lse - Z[np.arange(len(y)), y])
        R = np.exp(Z - lse[:, None])
        R[np.arange(len(y)), y] -= 1
    else:
        z = X @ coef[0] + intercept[0]
        loss = -np.sum(y * log_expit(z) + (1 - y) * log_expit(-z))
        R = (expit(z) - y)[:, None]
    f = C * loss + 0.5 * np.sum(coef * coef)
    return f, C * (R.T @ X) + coef, C * R.sum(axis=0)


def check_grad(coef, intercept, X, y, C, multinomial):
    """Central differences on a few coordinates agree with the analytic gradient."""
    _, gw, gb = objective_and_grad(coef, intercept, X, y, C, multinomial)
    rng = np.random.default_rng(0)
    for _ in range(5):
        i, j = rng.integers(coef.shape[0]), rng.integers(coef.shape[1])
        h = 1e-6 * max(1.0, abs(coef[i, j]))
        cp, cm = coef.copy(), coef.copy()
        cp[i, j] += h
        cm[i, j] -= h
        fp = objective_and_grad(cp, intercept, X, y, C, multinomial)[0]
        fm = objective_and_grad(cm, intercept, X, y, C, multinomial)[0]
        fd = (fp - fm) / (2 * h)
        assert abs(fd - gw[i, j]) <= 1e-5 * max(1.0, abs(fp)), (fd, gw[i, j])


def hessian(coef, intercept, X, C, multinomial):
    """The objective's Hessian in theta = rows [coef_k | intercept_k], flattened row-major."""
    Xt = np.hstack([X, np.ones((len(X), 1))])
    n1 = Xt.shape[1]
    if multinomial:
        Z = X @ coef.T + intercept
        P = np.exp(Z - logsumexp(Z, axis=1)[:, None])
        K = P.shape[1]
        H = np.empty((K * n1, K * n1))
        for k in range(K):
            for m in range(K):
                w = P[:, k] * ((k == m) - P[:, m])
                H[k * n1:(k + 1) * n1, m * n1:(m + 1) * n1] = C * (Xt.T * w) @ Xt
    else:
        p = expit(X @ coef[0] + intercept[0])
        H = C * (Xt.T * (p * (1 - p))) @ Xt
        K = 1
    H += np.diag(np.tile(np.r_[np.ones(n1 - 1), 0.0], K))
    if multinomial:
        # A common shift of the intercepts changes nothing: pin it (the gradient is orthogonal
        # to it, so the Newton step does not move along it).
        u = np.zeros(K * n1)
        u[n1 - 1::n1] = 1 / np.sqrt(K)
        H += np.outer(u, u)
    return H


def polish(coef, intercept, X, y, C, multinomial):
    """Newton steps from the L-BFGS fit while the gradient norm keeps falling."""
    K, d = coef.shape
    theta = np.hstack([coef, intercept[:, None]])
    best_norm, best = np.inf, theta
    for _ in range(20):
        _, gw, gb = objective_and_grad(theta[:, :d], theta[:, d], X, y, C, multinomial)
        g = np.hstack([gw, gb[:, None]])
        gnorm = np.sqrt(np.sum(g * g))
        if gnorm >= best_norm:
            break
        best_norm, best = gnorm, theta
        H = hessian(theta[:, :d], theta[:, d], X, C, multinomial)
        theta = theta - np.linalg.solve(H, g.ravel()).reshape(K, d + 1)
    return best[:, :d].copy(), best[:, d].copy()


def probabilities(coef, intercept, X, multinomial):
    if multinomial:
        Z = X @ coef.T + intercept
        return np.exp(Z - logsumexp(Z, axis=1)[:, None])
    p = expit(X @ coef[0] + intercept[0])
    return np.column_stack([1 - p, p])


def grad_norm(coef, intercept, X, y, C, multinomial):
    _, gw, gb = objective_and_grad(coef, intercept, X, y, C, multinomial)
    return float(np.sqrt(np.sum(gw * gw) + np.sum(gb * gb)))


def fit(name, dataset, X, y, C, standardize):
    standard = None
    if standardize:
        scaler = StandardScaler().fit(X)
        X = scaler.transform(X)
        standard = {"mean": scaler.mean_.tolist(), "scale": scaler.scale_.tolist()}
    model = LogisticRegression(solver="lbfgs", C=C, tol=TOL, max_iter=MAX_ITER).fit(X, y)
    multinomial = len(model.classes_) > 2
    lbfgs_coef, lbfgs_intercept = model.coef_.copy(), model.intercept_.copy()
    drift = lbfgs_intercept.sum()
    if multinomial:
        lbfgs_intercept -= lbfgs_intercept.mean()
    check_grad(lbfgs_coef, lbfgs_intercept, X, y, C, multinomial)
    lbfgs_norm = grad_norm(lbfgs_coef, lbfgs_intercept, X, y, C, multinomial)
    # L-BFGS stops on its relative-decrease test (ftol = 64 eps) with a gradient of 1e-6..1e-4;
    # Newton steps take it to the optimum within rounding.
    coef, intercept = polish(lbfgs_coef, lbfgs_intercept, X, y, C, multinomial)
    if multinomial:
        intercept -= intercept.mean()
    f = objective_and_grad(coef, intercept, X, y, C, multinomial)[0]
    gnorm = grad_norm(coef, intercept, X, y, C, multinomial)
    moved = float(max(np.max(np.abs(coef - lbfgs_coef)),
                      np.max(np.abs(intercept - lbfgs_intercept))))
    P = probabilities(coef, intercept, X, multinomial)
    pred = model.classes_[np.argmax(P, axis=1)]
    assert np.mean(pred != model.predict(X)) < 0.01
    assert np.allclose(P[:5], model.predict_proba(X[:5]), rtol=0, atol=1e-3)
    acc = float(np.mean(pred == y))
    file = "breast_cancer.csv" if dataset == "breast_cancer" else "digits.csv.gz"
    out = {
        "generator": "scripts/oracles/logreg.py",
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "dataset": dataset,
        "data_file": "data/sklearn/" + file,
        "data_sha256": sha256(os.path.join(DATA, file)),
        "n_samples": int(X.shape[0]),
        "n_features": int(X.shape[1]),
        "classes": [int(c) for c in model.classes_],
        "multinomial": multinomial,
        "standardize": standard,
        "C": C,
        "tol": TOL,
        "max_iter": MAX_ITER,
        "coef": coef.tolist(),
        "intercept": intercept.tolist(),
        "objective": float(f),
        "grad_norm": gnorm,
        "train_accuracy": acc,
        "n_iter": int(model.n_iter_[0]),
        "lbfgs_grad_norm": lbfgs_norm,
        "lbfgs_max_abs_diff": moved,
        "proba_first5": P[:5].tolist(),
    }
    path = os.path.join(OUT, f"logreg_{name}.json")
    with open(path, "w") as fh:
        json.dump(out, fh, indent=1)
        fh.write("\n")
    extra = f" sum(lbfgs intercept)={drift:.1e}" if multinomial else ""
    print(f"{name:22s} objective={f:.17g} grad_norm={gnorm:.3e} acc={acc:.4f} "
          f"n_iter={out['n_iter']} lbfgs_grad_norm={lbfgs_norm:.3e} "
          f"lbfgs_max_abs_diff={moved:.1e}{extra}")
    return gnorm


def main():
    for f in ("digits.csv.gz", "breast_cancer.csv"):
        if not os.path.exists(os.path.join(DATA, f)):
            sys.exit(f"logreg.py: data/sklearn/{f} is missing: run scripts/fetch-data first")
    os.makedirs(OUT, exist_ok=True)
    Xb, yb = read_breast_cancer()
    ref = load_breast_cancer()
    assert np.array_equal(Xb, ref.data) and np.array_equal(yb, ref.target)
    assert list(ref.target_names) == ["malignant", "benign"]
    Xd, yd = read_digits()
    ref = load_digits()
    assert np.array_equal(Xd, ref.data) and np.array_equal(yd, ref.target)

    norms = [
        fit("breast_cancer_std_C1", "breast_cancer", Xb, yb, 1.0, True),
        fit("breast_cancer_std_C0.1", "breast_cancer", Xb, yb, 0.1, True),
        fit("digits_raw_C1", "digits", Xd, yd, 1.0, False),
        fit("digits_std_C0.1", "digits", Xd, yd, 0.1, True),
    ]
    if max(norms) > 1e-8:
        sys.exit(f"logreg.py: a fit is not at the optimum (gradient norms {norms})")


if __name__ == "__main__":
    main()
