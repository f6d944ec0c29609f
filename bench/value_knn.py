# NumPy peer of bench/value_knn.fsl: exact KNN-Shapley (Jia et al.) vectorised over the
# validation points: squared distances by the BLAS expansion, a stable argsort per row, the
# recursion over the [val, train] matrix. `--pydvl` also times pydvl's KNNShapleyValuation (in a
# Python that has pydvl). Best of 3 each.
import sys
import time

import numpy as np

rng = np.random.default_rng(0)
xtr = rng.standard_normal((5000, 32))
ytr = rng.integers(0, 10, 5000)
xval = rng.standard_normal((500, 32))
yval = rng.integers(0, 10, 500)


def knn_shapley(xtr, ytr, xval, yval, k):
    n = len(ytr)
    d = (xval ** 2).sum(1)[:, None] + (xtr ** 2).sum(1)[None, :] - 2 * xval @ xtr.T
    order = np.argsort(d, axis=1, kind="stable")
    hit = (ytr[order] == yval[:, None]).astype(float)
    s = np.zeros_like(hit)
    s[:, n - 1] = hit[:, n - 1] / n
    ranks = np.arange(1, n + 1)
    coef = np.minimum(k, ranks) / ranks / k
    for pos in range(n - 2, -1, -1):
        s[:, pos] = s[:, pos + 1] + (hit[:, pos] - hit[:, pos + 1]) * coef[pos]
    phi = np.zeros((len(yval), n))
    np.put_along_axis(phi, order, s, axis=1)
    return phi.mean(0)


best = float("inf")
for _ in range(3):
    t0 = time.perf_counter()
    phi = knn_shapley(xtr, ytr, xval, yval, 5)
    best = min(best, time.perf_counter() - t0)
print(f"knn_shapley {best * 1000:.3f} ms")
print(f"knn_check {(phi * np.arange(5000)).sum():.9f} sum")
if "--pydvl" in sys.argv:
    from pydvl.valuation import Dataset, KNNShapleyValuation
    from sklearn.neighbors import KNeighborsClassifier

    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        v = KNNShapleyValuation(KNeighborsClassifier(n_neighbors=5),
                                test_data=Dataset(xval, yval), progress=False)
        v.fit(Dataset(xtr, ytr))
        best = min(best, time.perf_counter() - t0)
    r = v.result
    out = np.zeros(5000)
    out[r.indices] = r.values
    print(f"knn_pydvl {best * 1000:.3f} ms (max |diff| {np.abs(out - phi).max():.2e})")
