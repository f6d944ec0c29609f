"""KNN-Shapley oracle from pydvl 0.10 (KNNShapleyValuation with scikit-learn's
KNeighborsClassifier), for value.knn_shapley (docs/valuation.md, "Oracles").

Run by hand from the repository root with pydvl installed
(python3 -m venv /tmp/venv-dvl && /tmp/venv-dvl/bin/pip install pydvl==0.10.0 scikit-learn):
    /tmp/venv-dvl/bin/python scripts/oracles/value_fixtures.py
Writes Tests/fixtures/value/knn_pydvl.json with two cases:
  breast_cancer: the raw features of data/sklearn/breast_cancer.csv (scripts/fetch-data), rows
    split by a seeded permutation (train, test: row indices stored), 10 % of the training labels
    flipped (their positions stored), k = 5; pydvl's values.
  random: 60×3 standard-normal training rows with 3 classes, 20 test rows, k = 5 (the data
    stored).
"""
import json

import numpy as np
from pydvl.valuation import Dataset, KNNShapleyValuation
from sklearn.neighbors import KNeighborsClassifier


def knn_values(xtr, ytr, xte, yte, k):
    v = KNNShapleyValuation(KNeighborsClassifier(n_neighbors=k), test_data=Dataset(xte, yte),
                            progress=False)
    v.fit(Dataset(xtr, ytr))
    r = v.result
    out = np.zeros(len(ytr))
    out[r.indices] = r.values
    return out


def main():
    raw = np.loadtxt("data/sklearn/breast_cancer.csv", delimiter=",", skiprows=1)
    x, y = raw[:, :30], raw[:, 30].astype(int)
    rng = np.random.default_rng(0)
    perm = rng.permutation(len(y))
    train, test = perm[:400], perm[400:]
    flipped = np.sort(rng.choice(400, size=40, replace=False))
    ytr = y[train].copy()
    ytr[flipped] = 1 - ytr[flipped]
    bc = knn_values(x[train], ytr, x[test], y[test], 5)

    rng = np.random.default_rng(1)
    xr, yr = rng.standard_normal((60, 3)), rng.integers(0, 3, 60)
    xt, yt = rng.standard_normal((20, 3)), rng.integers(0, 3, 20)
    rv = knn_values(xr, yr, xt, yt, 5)
    doc = {
        "breast_cancer": {"train": train.tolist(), "test": test.tolist(),
                          "flipped": flipped.tolist(), "k": 5, "values": bc.tolist()},
        "random": {"xtr": xr.tolist(), "ytr": yr.tolist(), "xval": xt.tolist(),
                   "yval": yt.tolist(), "k": 5, "values": rv.tolist()},
    }
    with open("Tests/fixtures/value/knn_pydvl.json", "w") as f:
        json.dump(doc, f)
    low = np.argsort(bc, kind="stable")[:40]
    print("flipped among the lowest 10 %:", len(set(low) & set(flipped.tolist())))


if __name__ == "__main__":
    main()
