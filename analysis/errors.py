"""The one base of every coded error (:class:`CodedError`), and the analysis layer's errors (E2xx NLP, E3xx clustering).

The base lives here because ``analysis`` never imports ``personas``: :class:`personas.errors.PersonasError`
subclasses it, so one ``except CodedError`` catches both layers and every error prints one way.
Every code is listed in :mod:`personas.error_catalogue` (a test checks it).
"""

from __future__ import annotations


class CodedError(Exception):
    """An error raised on purpose: a stable ``code``, a ``message`` naming the bad value, ``where`` it was, and a ``hint``.

    ``str(error)`` is ``[CODE] where: message Fix: hint`` (parts left out when empty); pages show it
    and the CLI prints it and exits with status 2.
    """

    def __init__(self, code: str, message: str, *, where: str | None = None, hint: str | None = None):
        self.code = code
        self.message = message
        self.where = where
        self.hint = hint
        super().__init__(self.__str__())

    def __str__(self) -> str:
        parts = [f"[{self.code}]"]
        if self.where:
            parts.append(f"{self.where}:")
        parts.append(self.message)
        text = " ".join(parts)
        if self.hint:
            text += f" Fix: {self.hint}"
        return text


class AnalysisError(CodedError):
    """Base of every error the analysis layer raises on purpose."""


class PipelineError(AnalysisError):
    """The spaCy pipeline cannot be built (E2xx)."""


class ClusteringError(AnalysisError):
    """Clustering settings or data are unusable (E3xx)."""
