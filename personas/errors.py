"""Coded, human-readable errors of the persona domain.

Codes follow spaCy's habit, numbered by area: ``0xx`` ingest, ``1xx`` people, ``4xx`` build/evidence,
``5xx`` YAML/schema, ``6xx`` command line, ``7xx`` projects/workshop; the letter is the severity
(``E`` error, ``W`` warning, ``I`` info). NLP and clustering errors (``E2xx``/``E3xx``) live in
:mod:`analysis.errors`, with the base class :class:`~analysis.errors.CodedError`, because
``analysis`` never imports ``personas``.

Every code is listed, with its severity and what to do, in :mod:`personas.error_catalogue`
(``docs/errors.md``). Every message names the bad value, where it was, and how to fix it. Pages show ``str(error)``;
the CLI prints it and exits with status 2.
"""

from __future__ import annotations

from analysis.errors import CodedError


class PersonasError(CodedError):
    """Base of every error of the persona domain (code, message, where, hint: see :class:`analysis.errors.CodedError`)."""


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
