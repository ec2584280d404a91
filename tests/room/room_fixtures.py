"""Fixtures of the workshop room tests: the sample's share view (built once per session) and a room on a free port.

Registered for the suite by tests/conftest.py (the one conftest); ``leaks`` is imported by the tests that use it.
"""

from __future__ import annotations

import re

import pytest

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@pytest.fixture(scope="session")
def share_doc(sample_build):
    """The sample's share view, as the room shows it (``export_document(..., "share")``)."""
    from personas.export import export_document

    return export_document(sample_build.document, "share")


def _sentences(text: str) -> list[str]:
    return [s.rstrip(".!?, ") for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) >= 4]


@pytest.fixture(scope="session")
def analyst_only(sample_build, share_doc) -> dict[str, list[str]]:
    """Strings only the analyst view shows, by kind (see data/samples/README.md).

    Full names and person ids of pseudonymised and first-name-only customers, emails from the
    roster, and excluded people's names, ids and own words (sentences nobody else said).
    """
    doc, corpus = sample_build.document, sample_build.corpus
    hidden = [p for p in doc.people if p.consent in ("pseudonym", "first_name")]
    excluded_ids = {p.id for p in corpus.people.people if p.consent == "exclude"}
    excluded_names = [n for e in corpus.ingest.roster if e.consent == "exclude" for n in (e.name, *e.aliases)]
    excluded_names += [n for p in corpus.people.people if p.id in excluded_ids for n in (p.name, *p.aliases)]
    said_by_others = {s.casefold() for st in corpus.ingest.statements
                      if corpus.people.person_of_statement.get(st.id) not in excluded_ids for s in _sentences(st.text)}
    own_words = [s for st in corpus.ingest.statements if corpus.people.person_of_statement.get(st.id) in excluded_ids
                 for s in _sentences(st.text) if s.casefold() not in said_by_others]
    out = {
        "hidden names": [p.name for p in hidden],
        "hidden ids": [p.id for p in hidden] + sorted(excluded_ids),
        "emails": sorted({a for e in corpus.ingest.roster for a in (e.name, *e.aliases) if EMAIL.fullmatch(a)}),
        "excluded names": sorted({n.lstrip("@") for n in excluded_names}),
        "excluded words": own_words,
    }
    assert all(out.values()), {k: len(v) for k, v in out.items()}  # the sample must exercise every kind
    assert {p.consent for p in hidden} == {"pseudonym", "first_name"}
    return out


def leaks(text: str, analyst_only: dict[str, list[str]]) -> list[str]:
    """Every analyst-only string found in ``text`` (case-insensitive)."""
    folded = text.casefold()
    return [f"{kind}: {s}" for kind, strings in analyst_only.items() for s in strings if s.casefold() in folded]


@pytest.fixture
def project_dir(tmp_path):
    """A fresh copy of the sample project (its files only: nothing is built)."""
    from personas.project import sample_project

    return sample_project(tmp_path / "sample").path


@pytest.fixture
def room(project_dir, share_doc):
    """A room for the sample project on a free loopback port, showing the sample's share view."""
    from personas.room_server import start_room

    handle = start_room(project_dir, "127.0.0.1", 0, document=share_doc)
    yield handle
    handle.stop()
