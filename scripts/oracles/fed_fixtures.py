"""fed.split oracle (docs/federated.md, "Oracles"): NIID-Bench's Dirichlet partition body in
NumPy, with the random draws made here and stored, so FSL's fed.split must reproduce the parts exactly.

Run by hand from the repository root: python3 scripts/oracles/fed_fixtures.py
Writes Tests/fixtures/fed/split.json: a list of cases {y, props, order, balance, parts}, where
props[c] is the Dirichlet draw for the c-th smallest label, order[c] that class's shuffled rows,
and parts the client index lists (each in the order appended) that the reference code gives.
"""
import json

import numpy as np


def niid_split(y, props, order, balance):
    """The loop body of NIID-Bench's partition_data (noniid-labeldir), draws given."""
    n = len(y)
    k = props.shape[1]
    idx_batch = [[] for _ in range(k)]
    for c, idx_k in enumerate(order):
        proportions = props[c].copy()
        if balance:
            proportions = np.array(
                [p * (len(idx_j) < n / k) for p, idx_j in zip(proportions, idx_batch)])
        proportions = proportions / proportions.sum()
        cuts = (np.cumsum(proportions) * len(idx_k)).astype(int)[:-1]
        idx_batch = [idx_j + idx.tolist() for idx_j, idx in zip(idx_batch, np.split(idx_k, cuts))]
    return idx_batch


def main():
    rng = np.random.default_rng(2026)
    cases = []
    for trial in range(40):
        classes = int(rng.integers(2, 11))
        k = int(rng.integers(2, 21))
        n = int(rng.integers(k * 3, 400))
        y = rng.integers(0, classes, n)
        labels = np.unique(y)
        alpha = float(rng.choice([0.05, 0.1, 0.5, 1.0, 10.0, 1000.0]))
        props = rng.dirichlet(np.repeat(alpha, k), len(labels))
        order = [rng.permutation(np.where(y == c)[0]) for c in labels]
        balance = bool(trial % 4 != 3)
        # A row whose every non-full client drew 0 divides by zero in NumPy; skip such cases
        # (FSL keeps the draw there, a documented difference).
        with np.errstate(invalid="raise", divide="raise"):
            try:
                parts = niid_split(y, props, order, balance)
            except FloatingPointError:
                continue
        cases.append({
            "y": y.tolist(), "props": props.tolist(), "order": [o.tolist() for o in order],
            "balance": balance, "parts": [[int(i) for i in p] for p in parts],
        })
    with open("Tests/fixtures/fed/split.json", "w") as f:
        json.dump(cases, f)
    print(f"wrote {len(cases)} cases")


if __name__ == "__main__":
    main()
