"""Coded, human-readable errors of the persona domain.

Codes follow spaCy's habit: ``E0xx`` ingest, ``E1xx`` people, ``E4xx`` build/evidence,
``E5xx`` YAML/schema, ``E6xx`` command line, ``E7xx`` projects/workshop. NLP and clustering
errors (``E2xx``/``E3xx``) live in :mod:`analysis.errors`, because ``analysis`` never imports
``personas``.

Every message names the bad value, where it was, and how to fix it. Pages show ``str(error)``;
the CLI prints it and exits with status 2.
"""

from __future__ import annotations


class PersonasError(Exception):
    """Base of every error Real Personas raises on purpose.

    ``code`` is stable (tests and users can rely on it); ``where`` names the file/row/line or
    document path; ``hint`` says how to fix it.
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


class IngestError(PersonasError):
    """A file could not be read at all (E0xx)."""


class PeopleError(PersonasError):
    """A person, alias, roster or merge instruction is wrong (E1xx)."""


class BuildError(PersonasError):
    """Personas cannot be built from what was read (E4xx)."""


class SchemaError(PersonasError):
    """A persona YAML document is invalid (E5xx)."""


class UsageError(PersonasError):
    """A command-line option or setting is wrong (E6xx)."""


class ProjectError(PersonasError):
    """A saved project or workshop edit cannot be applied (E7xx)."""
