"""Coded errors of the analysis layer (E2xx NLP, E3xx clustering).

Kept apart from :mod:`personas.errors` because ``analysis`` never imports ``personas``;
the CLI and app catch both bases.
"""

from __future__ import annotations


class AnalysisError(Exception):
    """Base of every error the analysis layer raises on purpose."""

    def __init__(self, code: str, message: str, *, hint: str | None = None):
        self.code = code
        self.message = message
        self.hint = hint
        super().__init__(self.__str__())

    def __str__(self) -> str:
        text = f"[{self.code}] {self.message}"
        if self.hint:
            text += f" Fix: {self.hint}"
        return text


class PipelineError(AnalysisError):
    """The spaCy pipeline cannot be built (E2xx)."""


class ClusteringError(AnalysisError):
    """Clustering settings or data are unusable (E3xx)."""
