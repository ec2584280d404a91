"""Build the spaCy pipeline: the ONLY module that calls ``spacy.blank`` / ``spacy.load``.

Nothing is ever downloaded. ``"blank"`` works offline everywhere: ``spacy.blank("en")`` +
sentencizer + lowercase lookup lemmas (spacy-lookups-data) + our signal matcher.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

import spacy
from spacy.language import Language

from analysis import components
from analysis.errors import PipelineError

log = logging.getLogger(__name__)

#: Trained English pipelines tried by ``"auto"``, best first.
TRAINED_CANDIDATES = ("en_core_web_trf", "en_core_web_lg", "en_core_web_md", "en_core_web_sm")
#: Components of trained pipelines we never use (speed).
_UNUSED_TRAINED = ("ner",)
_PIPE_LABELS = {
    "sentencizer": "sentencizer",
    components.SENTENCIZER: "sentencizer",
    components.LEMMATIZER: "lookup lemmas",
    components.SIGNALS: "signals",
}
#: Whitespace-separated chunks the tokenizer remembers (spaCy's default is 10,000). Past that cap
#: every new chunk goes through the prefix/suffix/infix regexes again: on 100k reviews most chunks
#: did, and the tokenizer ran at ~300k words/s instead of ~700k once its cache is warm. A cached
#: chunk costs ~100 bytes; the cache only memoises what the tokenizer would compute, so tokens are
#: the same either way (tested).
TOKENIZER_CACHE_CHUNKS = 2_000_000


def build_nlp(model: str = "auto") -> Language:
    """Return the (cached) pipeline for ``model``: ``"auto"``, ``"blank"``, a package name or a path.

    * ``"blank"``: ``spacy.blank("en")`` + sentencizer + lookup lemmas + signals.
    * ``"auto"``: the best installed trained English pipeline (trf, lg, md, sm), else blank.
    * anything else: ``spacy.load(model)`` when it is an installed package or an existing path,
      otherwise :class:`PipelineError` ``E201`` with install instructions.

    Built pipelines are cached per name for the life of the process.
    """
    return _build_cached(resolve_model(model))


def resolve_model(model: str = "auto") -> str:
    """The concrete pipeline ``model`` stands for: ``"auto"`` -> best installed trained pipeline or ``"blank"``."""
    name = str(model).strip() or "auto"
    if name != "auto":
        return name
    for candidate in TRAINED_CANDIDATES:
        if spacy.util.is_package(candidate):
            log.info("auto: using installed trained pipeline %s", candidate)
            return candidate
    log.info("auto: no trained English pipeline installed; using the blank pipeline")
    return "blank"


@functools.lru_cache(maxsize=8)
def _build_cached(model: str) -> Language:
    if model == "blank":
        return _build_blank()
    if spacy.util.is_package(model) or Path(model).exists():
        return _build_trained(model)
    raise PipelineError(
        "E201",
        f"spaCy pipeline {model!r} is not installed (it is neither an installed package nor an existing path).",
        hint=(
            f"install it on a machine with internet access with 'python -m spacy download {model}' "
            f"(or 'pip install <path to the {model} wheel>' offline), or use the model 'blank', "
            "which works offline with no download."
        ),
    )


def _build_blank() -> Language:
    nlp = spacy.blank("en")
    _widen_tokenizer_cache(nlp)
    nlp.add_pipe(components.SENTENCIZER)
    nlp.add_pipe(components.LEMMATIZER)
    nlp.add_pipe(components.SIGNALS)
    return nlp


def _widen_tokenizer_cache(nlp: Language) -> None:
    tokenizer = nlp.tokenizer
    if isinstance(getattr(tokenizer, "max_cache_size", None), int):  # spaCy's own Tokenizer (3.7+)
        tokenizer.max_cache_size = max(tokenizer.max_cache_size, TOKENIZER_CACHE_CHUNKS)


def _build_trained(name: str) -> Language:
    try:
        nlp = spacy.load(name, exclude=list(_UNUSED_TRAINED))
    except OSError as exc:  # broken install / not a pipeline directory
        raise PipelineError(
            "E202",
            f"spaCy pipeline {name!r} could not be loaded: {exc}",
            hint="reinstall the pipeline package, or use the model 'blank'.",
        ) from exc
    _widen_tokenizer_cache(nlp)
    if not (nlp.has_pipe("parser") or nlp.has_pipe("senter") or nlp.has_pipe("sentencizer")):
        nlp.add_pipe("sentencizer", first=True)
    if not (nlp.has_pipe("lemmatizer") or nlp.has_pipe("trainable_lemmatizer")):
        nlp.add_pipe(components.LEMMATIZER)
    nlp.add_pipe(components.SIGNALS, last=True)
    return nlp


def has_parser(nlp: Language) -> bool:
    """True when the pipeline has a dependency parser (so ``doc.noun_chunks`` works)."""
    return nlp.has_pipe("parser") and "parser" not in nlp.disabled


def describe_pipeline(nlp: Language) -> str:
    """Short provenance string, e.g. ``"blank en (sentencizer, lookup lemmas, signals) spaCy 3.8.18"``."""
    name = nlp.meta.get("name", "")
    lang = nlp.lang
    if name and name != "pipeline":
        return f"{lang}_{name} {nlp.meta.get('version', '')}".strip()
    parts = ", ".join(_PIPE_LABELS.get(p, p) for p in nlp.pipe_names)
    return f"blank {lang} ({parts}) spaCy {spacy.__version__}"
