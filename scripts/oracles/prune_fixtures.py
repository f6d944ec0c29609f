"""prune oracle for SmolLM2-135M-Instruct (docs/pruning.md, "Oracles"): token ids, LLM-Drop
scores, forward activations, a greedy continuation and perplexities from the NumPy reference forward pass of
bench/prune_numpy.py on the GGUF file (Q4_1, dequantised exactly as ggml).

Run by hand from the repository root, with `tokenizers` installed (pip):
    python3 scripts/oracles/prune_fixtures.py
Needs data/smollm2/SmolLM2-135M-Instruct.Q4_1.gguf (scripts/fetch-data smollm2).
Writes Tests/fixtures/prune/smollm/: token_ids.json, scores.json, forward.npz, greedy.json,
perplexity.json. forward.npz is the batch of the first 4 sentences (ids, mask [4, T] int64) and,
for sentence 0's n0 real rows (float32): hidden0 (final hidden after output_norm), X0, X1, X29
(inputs of layers 0, 1, 29), Y29 (output of layer 29, before output_norm), and top20_ids /
top20_logits, the 20 largest logits of its last real token (descending). With the `gguf` package
installed, every tensor's dequantisation is also compared with gguf.quants.dequantize.

Tokenizer: SmolLM2's tokenizer.json setup rebuilt from the GGUF vocabulary and merges:
BPE(vocab, merges), pre-tokenizer Sequence[Digits(individual_digits=True),
ByteLevel(add_prefix_space=False, use_regex=True)], ByteLevel decoder, control tokens added as
special tokens, no BOS. Batches are right-padded with the pad id (2) and a 0/1 mask.
"""
import json
import os
import platform
import sys

import numpy as np
import tokenizers
from tokenizers import AddedToken, Tokenizer, decoders, models, pre_tokenizers

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "bench"))
from prune_numpy import Llama, cosines  # noqa: E402

MODEL = os.path.join(ROOT, "data", "smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf")
OUT = os.path.join(ROOT, "Tests", "fixtures", "prune", "smollm")
SENTENCES = os.path.join(ROOT, "Tests", "fixtures", "prune", "minilm", "sentences.txt")
PROMPT = "The capital of France is"
SOFTWARE = {
    "python": platform.python_version(),
    "numpy": np.__version__,
    "tokenizers": tokenizers.__version__,
    "forward": "bench/prune_numpy.py (NumPy, float32 activations, RMSNorm and cosines in float64)",
    "model": "data/smollm2/SmolLM2-135M-Instruct.Q4_1.gguf",
}


def check_dequantisation(model):
    """Compares every tensor with the gguf package's dequantisation (bitwise), when installed."""
    try:
        import gguf
    except ImportError:
        return "not checked (no gguf package)"
    from importlib.metadata import version
    ref = gguf.GGUFReader(MODEL)
    for t in ref.tensors:
        want = np.asarray(gguf.quants.dequantize(t.data, t.tensor_type), dtype=np.float32)
        got = model.reader.tensor(t.name)
        if want.shape != got.shape or not np.array_equal(want.view(np.uint32), got.view(np.uint32)):
            raise SystemExit(f"{t.name}: dequantisation differs from gguf")
    return f"all {len(ref.tensors)} tensors bitwise equal to gguf {version('gguf')}'s " \
           "gguf.quants.dequantize"


def tokenizer_from_gguf(md):
    tokens = md["tokenizer.ggml.tokens"]
    merges = [tuple(m.split(" ", 1)) for m in md["tokenizer.ggml.merges"]]
    tok = Tokenizer(models.BPE({t: i for i, t in enumerate(tokens)}, merges))
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Digits(individual_digits=True),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True),
    ])
    tok.decoder = decoders.ByteLevel()
    control = [tokens[i] for i, t in enumerate(md["tokenizer.ggml.token_type"]) if t == 3]
    tok.add_special_tokens([AddedToken(t, special=True) for t in control])
    return tok


def pad(seqs, pad_id):
    T = max(len(s) for s in seqs)
    ids = np.full((len(seqs), T), pad_id, dtype=np.int64)
    mask = np.zeros((len(seqs), T), dtype=np.int64)
    for b, s in enumerate(seqs):
        ids[b, :len(s)] = s
        mask[b, :len(s)] = 1
    return ids, mask


def scores(model, ids, mask):
    """1 − mean cos over the pooled real tokens (and per-sentence means for block)."""
    real = mask.astype(bool)
    out = {k: [] for k in ("attn", "mlp", "block", "attn_no_norm", "mlp_no_norm",
                           "block_sentence_mean")}

    def observe(i, st):
        r = lambda a: a[real]  # noqa: E731
        out["attn"].append(1 - cosines(r(st["X"]), r(st["H"])).mean())
        out["mlp"].append(1 - cosines(r(st["H"]), r(st["Y"])).mean())
        out["block"].append(1 - cosines(r(st["X"]), r(st["Y"])).mean())
        out["attn_no_norm"].append(1 - cosines(r(st["attn_in"]), r(st["attn_out"])).mean())
        out["mlp_no_norm"].append(1 - cosines(r(st["mlp_in"]), r(st["mlp_out"])).mean())
        c = cosines(st["X"], st["Y"])
        per = [c[b][real[b]].mean() for b in range(len(c))]
        out["block_sentence_mean"].append(1 - float(np.mean(per)))

    model.forward(ids, mask, observe=observe)
    return {k: [float(x) for x in v] for k, v in out.items()}


def order(values):
    return [int(i) for i in np.argsort(np.asarray(values), kind="stable")]


def write_json(name, obj):
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(obj, f, indent=1)
        f.write("\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    model = Llama(MODEL)
    md = model.reader.metadata
    SOFTWARE["dequantisation_check"] = check_dequantisation(model)
    tok = tokenizer_from_gguf(md)
    pad_id = int(md["tokenizer.ggml.padding_token_id"])
    with open(SENTENCES) as f:
        sentences = [line.rstrip("\n") for line in f if line.strip()]
    seqs = [tok.encode(s).ids for s in sentences]
    prompt = tok.encode(PROMPT).ids
    n_tokens = sum(len(s) for s in seqs)
    write_json("token_ids.json", {
        "software": SOFTWARE,
        "tokenizer": "BPE from GGUF tokens + merges; pre-tokenizer Digits(individual_digits) then "
                     "ByteLevel(add_prefix_space=False, use_regex=True); no BOS",
        "pad_id": pad_id,
        "sentences_file": "Tests/fixtures/prune/minilm/sentences.txt",
        "sentences": seqs,
        "n_tokens": n_tokens,
        "prompt": PROMPT,
        "prompt_ids": prompt,
    })

    ids, mask = pad(seqs, pad_id)
    sc = scores(model, ids, mask)
    L = model.layers
    joint = order(sc["attn"] + sc["mlp"])
    write_json("scores.json", {
        "software": SOFTWARE,
        "inputs": {"n_sentences": len(seqs), "padded_length": int(ids.shape[1]),
                   "n_real_tokens": n_tokens, "token_ids": "token_ids.json sentences, right-"
                   f"padded with {pad_id}, mask 1 for real tokens"},
        "definitions": {
            "X_i": "input of layer i (X_0 = token embedding rows)",
            "H_i": "X_i + Attn(RMSNorm(X_i)·g_attn)",
            "Y_i": "H_i + MLP(RMSNorm(H_i)·g_ffn) = X_{i+1}",
            "attn": "1 - mean cos(X_i, H_i)", "mlp": "1 - mean cos(H_i, Y_i)",
            "block": "1 - mean cos(X_i, Y_i)",
            "attn_no_norm": "1 - mean cos(RMSNorm(X_i)·g_attn, Attn output) "
                            "(layer_drop_norm=False)",
            "mlp_no_norm": "1 - mean cos(RMSNorm(H_i)·g_ffn, MLP output)",
            "block_sentence_mean": "block, per-sentence token means averaged over sentences",
            "mean": "cos in float64 over the 576-dim rows; one mean over all real tokens pooled",
        },
        "scores": sc,
        "drop_order_most_redundant_first": {k: order(sc[k]) for k in ("attn", "mlp", "block")},
        "joint_attn_mlp_order_most_redundant_first":
            [("attn%d" % j) if j < L else ("mlp%d" % (j - L)) for j in joint],
    })

    ids4, mask4 = pad(seqs[:4], pad_id)
    hidden, states = model.forward(ids4, mask4, capture=True)
    n0 = len(seqs[0])
    z = model.logits(hidden[0, n0 - 1])
    top = np.argsort(-z, kind="stable")[:20]
    np.savez(os.path.join(OUT, "forward.npz"),
             ids=ids4.astype(np.int64), mask=mask4.astype(np.int64),
             hidden0=hidden[0, :n0], top20_ids=top.astype(np.int64), top20_logits=z[top],
             X0=states[0]["X"][0, :n0], X1=states[1]["X"][0, :n0], X29=states[29]["X"][0, :n0],
             Y29=states[29]["Y"][0, :n0])

    cont = model.generate(prompt, 10)
    write_json("greedy.json", {
        "software": SOFTWARE, "prompt": PROMPT, "prompt_ids": prompt,
        "continuation_ids": cont, "continuation_text": tok.decode(cont),
        "method": "argmax of the last position's logits, full recompute per step, no BOS",
    })

    full, n_pred = model.perplexity(ids, mask)
    attn_order = order(sc["attn"])
    ppl = {"software": SOFTWARE, "n_predicted_tokens": n_pred,
           "definition": "exp(-mean log p(x_t | x_<t)) over every predicted real token of the "
                         "32 sentences pooled (first token of each sentence not predicted; "
                         "padding excluded); dropped attention: H_i = X_i",
           "full": full, "attn_drop": {}}
    for k in (4, 8, 12):
        lowest = sorted(attn_order[:k])
        entry = {"lowest_importance": {"layers": lowest,
                                       "perplexity": model.perplexity(ids, mask, lowest)[0]},
                 "random": []}
        for seed in range(5):
            layers = sorted(int(i) for i in np.random.default_rng(seed).choice(L, k, replace=False))
            entry["random"].append({"seed": seed, "layers": layers,
                                    "perplexity": model.perplexity(ids, mask, layers)[0]})
        ppl["attn_drop"][str(k)] = entry
    ppl["random_layers"] = "numpy default_rng(seed).choice(30, k, replace=False), sorted"
    write_json("perplexity.json", ppl)
    print(f"{n_tokens} tokens; greedy {tok.decode(cont)!r}; ppl full {full:.4f}")


if __name__ == "__main__":
    main()
