# NumPy peer of the MLP training benchmark: one epoch of a 784-128-10 MLP (ReLU hidden layer,
# softmax cross-entropy averaged over the batch) with Adam (lr 1e-3, betas 0.9/0.999, eps 1e-8,
# PyTorch's update), batch 128, float64, forward and backward written by hand.
# Everything comes from ONE stream, rng = np.random.default_rng(0), drawn in this order (FSL's
# rng(0) gives the same numbers, docs/random.md):
#   X      standard_normal((60000, 784))
#   W_true standard_normal((784, 10));  y = argmax(X @ W_true, axis=1)
#   W1 uniform(-1/sqrt(784), 1/sqrt(784), (784, 128)), b1 same bound, (128,)
#   W2 uniform(-1/sqrt(128), 1/sqrt(128), (128, 10)),  b2 same bound, (10,)   (PyTorch's default)
#   perm = permutation(60000); batch j is X[perm[128 j : 128 (j+1)]] (the last has 96 rows)
# Weights are [in, out] (h = x @ W1 + b1). Prints the epoch's wall time (data generation and
# init excluded) as `mlp_epoch <seconds> s` and then the mean loss over all 60,000 rows after
# the epoch as `mlp_loss <loss> nats` (bench/run-tensor's format; peer of bench/nn_mlp.fsl).
import time

import numpy as np


def init(rng, fan_in, fan_out):
    bound = 1 / np.sqrt(fan_in)
    return rng.uniform(-bound, bound, (fan_in, fan_out)), rng.uniform(-bound, bound, fan_out)


def loss_and_grads(params, x, y):
    """Mean cross-entropy of the batch and its gradients w.r.t. (W1, b1, W2, b2)."""
    W1, b1, W2, b2 = params
    h = x @ W1 + b1
    a = np.maximum(h, 0)
    z = a @ W2 + b2
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z)
    s = p.sum(axis=1, keepdims=True)
    rows = np.arange(len(y))
    loss = np.mean(np.log(s[:, 0]) - z[rows, y])
    dz = p / s
    dz[rows, y] -= 1
    dz /= len(y)
    da = dz @ W2.T
    da[h <= 0] = 0
    return loss, (x.T @ da, da.sum(axis=0), a.T @ dz, dz.sum(axis=0))


def epoch(params, X, Y, perm, batch=128, lr=1e-3, b1=0.9, b2=0.999, eps=1e-8):
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    for t, start in enumerate(range(0, len(perm), batch), 1):
        idx = perm[start:start + batch]
        _, grads = loss_and_grads(params, X[idx], Y[idx])
        for p, g, mi, vi in zip(params, grads, m, v):
            mi *= b1
            mi += (1 - b1) * g
            vi *= b2
            vi += (1 - b2) * g * g
            p -= lr * (mi / (1 - b1 ** t)) / (np.sqrt(vi / (1 - b2 ** t)) + eps)


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    X = rng.standard_normal((60000, 784))
    Y = np.argmax(X @ rng.standard_normal((784, 10)), axis=1)
    params = [*init(rng, 784, 128), *init(rng, 128, 10)]
    perm = rng.permutation(60000)
    t0 = time.perf_counter()
    epoch(params, X, Y, perm)
    seconds = time.perf_counter() - t0
    print(f"mlp_epoch {seconds:.3f} s")
    print(f"mlp_loss {float(loss_and_grads(params, X, Y)[0]):.12f} nats")
