# scikit-learn peer of bench/value_kmeans.fsl: KMeans(n_clusters=16, init=first 16 rows,
# n_init=1, max_iter=20, tol=0, algorithm="lloyd") on X = default_rng(0).standard_normal(
# (100000, 32)) (FSL's rng(0)/randn gives the same X). Prints the best of 3 wall times of
# fit() as `kmeans_20it <seconds> s` and the inertia (bench/run-tensor's format). Needs
# scikit-learn: run bench/run-tensor with a python3 that has it first on PATH.
import time

import numpy as np
from sklearn.cluster import KMeans

X = np.random.default_rng(0).standard_normal((100000, 32))
init = X[:16].copy()
best = float("inf")
for _ in range(3):
    t0 = time.perf_counter()
    km = KMeans(n_clusters=16, init=init, n_init=1, max_iter=20, tol=0, algorithm="lloyd").fit(X)
    best = min(best, time.perf_counter() - t0)
print(f"kmeans_20it {best:.3f} s")
print(f"kmeans_inertia {km.inertia_:.6f} sum")
