"""value.kmeans oracle (docs/valuation.md, "Oracles"): scikit-learn's
KMeans(algorithm="lloyd", n_init=1) from given initial centroids, pairwise_distances_argmin_min proxies and silhouette_score.

Run by hand from the repository root (needs numpy and scikit-learn 1.x, e.g. in a venv:
python3 -m venv /tmp/venv-km && /tmp/venv-km/bin/pip install scikit-learn; data/ fetched by
scripts/fetch-data): /tmp/venv-km/bin/python scripts/oracles/kmeans_fixtures.py
Writes Tests/fixtures/value/kmeans.npz (uncompressed) holding, per case C:
  C_x (only for the breast-cancer and constructed cases; the IFBench rows are
  Tests/fixtures/value/ifbench_minilm_embeddings.npy, float32, used as float64),
  C_init [k, d], C_centroids [k, d], C_labels [n] int64, C_inertia [1], C_n_iter [1],
  C_proxies [k] int64, and C_silhouette [1] for some cases.
Cases: bc_k2, bc_k5, bc_k8 (breast cancer standardised by column mean and population std),
ifb_k10, ifb_k30 (IFBench MiniLM embeddings), empty_k4 (a constructed case whose fourth
initial centre is far from every row, so its cluster is empty in the first iteration and is
re-seeded with the row farthest from its centre).
"""
import sys

import numpy as np

from sklearn.cluster import KMeans
from sklearn.metrics import pairwise_distances_argmin_min, silhouette_score


def case(out, name, x, init, silhouette):
    km = KMeans(n_clusters=len(init), init=init, n_init=1, algorithm="lloyd").fit(x)
    out[name + "_init"] = init
    out[name + "_centroids"] = km.cluster_centers_
    out[name + "_labels"] = km.labels_.astype(np.int64)
    out[name + "_inertia"] = np.array([km.inertia_])
    out[name + "_n_iter"] = np.array([km.n_iter_])
    proxies, _ = pairwise_distances_argmin_min(km.cluster_centers_, x)
    out[name + "_proxies"] = proxies.astype(np.int64)
    if silhouette:
        out[name + "_silhouette"] = np.array([silhouette_score(x, km.labels_)])
    print(name, "inertia", km.inertia_, "n_iter", km.n_iter_, file=sys.stderr)


def main():
    out = {}
    raw = np.loadtxt("data/sklearn/breast_cancer.csv", delimiter=",", skiprows=1)
    x = raw[:, :30]
    bc = (x - x.mean(axis=0)) / x.std(axis=0)
    out["bc_x"] = bc
    rng = np.random.default_rng(16)
    for k in (2, 5, 8):
        init = bc[rng.choice(len(bc), k, replace=False)]
        case(out, f"bc_k{k}", bc, init, silhouette=True)

    emb = np.load("Tests/fixtures/value/ifbench_minilm_embeddings.npy").astype(np.float64)
    for k in (10, 30):
        init = emb[rng.choice(len(emb), k, replace=False)]
        case(out, f"ifb_k{k}", emb, init, silhouette=(k == 10))

    # Three blobs; the fourth initial centre sits far away and attracts no row at first.
    blobs = np.concatenate([
        rng.normal(loc, 0.5, size=(20, 2)) for loc in ([0, 0], [5, 0], [0, 5])])
    init = np.array([[0.0, 0.0], [5.0, 0.0], [0.0, 5.0], [40.0, 40.0]])
    out["empty_x"] = blobs
    case(out, "empty_k4", blobs, init, silhouette=True)

    np.savez("Tests/fixtures/value/kmeans.npz", **out)


if __name__ == "__main__":
    main()
