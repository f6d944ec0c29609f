# Python + scikit-learn peer of bench/value_tmc.fsl: the same permutation loop (5 permutations,
# no truncation) with LogisticRegression(C=1) trained on each prefix subset of 200 standardised
# breast-cancer rows, accuracy on held-out rows. Prints the time per utility call.
import os
import time

import numpy as np
from sklearn.linear_model import LogisticRegression

here = os.path.dirname(os.path.abspath(__file__))
raw = np.loadtxt(os.path.join(here, "..", "data", "sklearn", "breast_cancer.csv"), delimiter=",",
                 skiprows=1)
x, y = raw[:, :30], raw[:, 30].astype(int)
x = (x - x.mean(0)) / x.std(0)
rng = np.random.default_rng(0)
perm = rng.permutation(569)
tr, va = perm[:200], perm[400:]
xtr, ytr = x[tr], y[tr]
calls = 0


def utility(s):
    global calls
    calls += 1
    if len(s) == 0 or len(np.unique(ytr[s])) < 2:
        return 0.0
    m = LogisticRegression(C=1.0).fit(xtr[s], ytr[s])
    return float((m.predict(x[va]) == y[va]).mean())


t0 = time.perf_counter()
for t in range(5):
    order = rng.permutation(200)
    prev = utility(np.array([], dtype=int))
    for j in range(200):
        cur = utility(order[:j + 1])
        prev = cur
seconds = time.perf_counter() - t0
print(f"tmc_call {seconds / calls * 1000:.3f} ms")
print(f"tmc_calls {calls} calls")
