# NumPy peer of bench/fed_round.fsl: one FedAvg round of a 64-32-10 MLP on the digits, forward
# and backward by hand (bench/nn_mlp.py's loss_and_grads), SGD lr 0.1, batch 32, one local epoch per client,
# clients = 10 consecutive np.array_split parts, batch order of client k from
# default_rng(SeedSequence([0, 0, 1, k + 1])).permutation (fed.simulate's stream), server
# average weighted by row counts. Prints the best of 10 rounds and the pooled loss after it.
import gzip
import os
import time

import numpy as np

# The same hand-written forward and backward as the MLP benchmark's peer (this folder).
from nn_mlp import loss_and_grads

here = os.path.dirname(os.path.abspath(__file__))
with gzip.open(os.path.join(here, "..", "data", "sklearn", "digits.csv.gz"), "rt") as f:
    D = np.loadtxt(f, delimiter=",")
X = D[:, :64] / 16
Y = D[:, 64].astype(np.int64)


def init(rng, fan_in, fan_out):
    bound = 1 / np.sqrt(fan_in)
    w = rng.random((fan_in, fan_out)) * (2 * bound) - bound
    return w, rng.random(fan_out) * (2 * bound) - bound


def fed_round(params, parts, lr=0.1, batch=32):
    models = []
    for k, rows in enumerate(parts):
        order = np.random.default_rng(np.random.SeedSequence([0, 0, 1, k + 1])).permutation(len(rows))
        p = [q.copy() for q in params]
        for start in range(0, len(rows), batch):
            idx = rows[order[start:start + batch]]
            _, grads = loss_and_grads(p, X[idx], Y[idx])
            for q, g in zip(p, grads):
                q -= lr * g
        models.append(p)
    w = np.array([len(r) for r in parts], dtype=float)
    return [sum(wk * m[i] for wk, m in zip(w, models)) / w.sum() for i in range(len(params))]


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    W1, b1 = init(rng, 64, 32)
    W2, b2 = init(rng, 32, 10)
    params = [W1, b1, W2, b2]
    parts = np.array_split(np.arange(len(Y)), 10)
    best = float("inf")
    for _ in range(10):
        t0 = time.perf_counter()
        out = fed_round(params, parts)
        best = min(best, time.perf_counter() - t0)
    print(f"fed_round {best * 1000:.3f} ms")
    loss, _ = loss_and_grads(out, X, Y)
    print(f"fed_loss {loss:.12f} nats")
