"""Shared fixtures of the analysis tests: one blank pipeline per session."""

from __future__ import annotations

import pytest
from spacy.language import Language

from analysis.nlp import build_nlp


@pytest.fixture(scope="session")
def blank_nlp() -> Language:
    """The offline blank pipeline (built once; build_nlp caches it anyway)."""
    return build_nlp("blank")
