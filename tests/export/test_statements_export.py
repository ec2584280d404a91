"""Statements export: one row per statement, texts verbatim, privacy of the share view, formulas defused."""

from __future__ import annotations

import csv
import io

import pytest

from personas.export import _FORMULA_PREFIXES, export_document
from personas.statements_export import COLUMNS, statements_csv

SMALL = "\n".join([
    "author,comment,platform",
    "Jane Smith,=HYPERLINK(\"http://x.example\") I want two new coaching clients a month from referrals.,linkedin",
    "Jane Smith,\"Chasing invoices every month is exhausting, and I hate the admin side of it.\",linkedin",
    "Omar Field,+44 is my code and I want a steady pipeline of clients from LinkedIn without posting daily.,linkedin",
    "Omar Field,@everyone how do you price a first session without scaring small businesses away?,linkedin",
    "Lena Brook,-Filming reels takes forever and the lighting in my studio is never right for video.,instagram",
    "Lena Brook,I hate editing video at night after a long day of shoots with product clients.,instagram",
    "Raj Patel,Reels get views but no sales and I do not understand what the algorithm wants from me.,instagram",
    "Raj Patel,I want my product photos to bring actual buyers to the shop instead of just likes.,instagram",
    "Tess Moon,Every camera and lighting tutorial assumes a big budget that a small studio does not have.,instagram",
    "Tess Moon,I want to film one good reel a week without spending the whole weekend editing it.,instagram",
    "Kofi Mensah,Referrals dried up this year and I want a simple way to get discovery calls booked.,linkedin",
    "Kofi Mensah,Pricing my coaching packages is the part I dread and invoicing clients is a mess.,linkedin",
    "",
])


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _undefused(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_FORMULA_PREFIXES) else cell


@pytest.fixture(scope="module")
def small_build(tmp_path_factory, blank_nlp):
    from personas.build import build
    from personas.ingest import ingest_paths
    from personas.settings import AnalysisSettings, BuildSettings

    folder = tmp_path_factory.mktemp("statements")
    (folder / "comments.csv").write_text(SMALL, encoding="utf-8")
    ingest = ingest_paths([folder])
    settings = BuildSettings(analysis=AnalysisSettings(spacy_model="blank", k="2"))
    first = build(ingest, settings, nlp=blank_nlp)
    omar = next(p.id for p in first.document.people if p.name == "Omar Field")
    return build(ingest, settings, nlp=blank_nlp, consent_overrides={omar: "exclude"})


@pytest.mark.parametrize("view", ["analyst", "share"])
def test_statements_export_columns_and_one_row_per_statement(sample_build, view):
    result = sample_build
    text = statements_csv(result.corpus, result.analysis, result.document, view)
    header = next(csv.reader(io.StringIO(text)))
    assert tuple(header) == COLUMNS
    rows = _rows(text)
    assert [r["statement_id"] for r in rows] == [s.id for s in result.corpus.statements]
    personas = {p.id for p in result.document.personas}
    assert {r["persona_id"] for r in rows} <= personas | {""}
    shown_labels = {t.id: t.label for t in export_document(result.document, view).themes}
    assert all(r["theme"] == shown_labels[r["theme_id"]] for r in rows if r["theme_id"])
    kinds = {k for r in rows for k in r["signal_kinds"].split("; ") if k}
    assert kinds <= {"goal", "pain", "question", "behaviour"} and kinds - {"behaviour"}


@pytest.mark.parametrize("view", ["analyst"])
def test_statements_export_texts_round_trip_verbatim(sample_build, view):
    result = sample_build
    rows = _rows(statements_csv(result.corpus, result.analysis, result.document, view))
    by_id = {s.id: (s, pid) for s, pid in zip(result.corpus.statements, result.corpus.person_ids)}
    names = {p.id: p.name for p in result.document.people}
    for row in rows:
        statement, pid = by_id[row["statement_id"]]
        assert _undefused(row["text"]) == statement.text
        assert (row["person_id"], row["person_name"]) == (pid, names[pid])
        assert (_undefused(row["source"]), row["location"]) == (statement.source, statement.location)


@pytest.mark.parametrize("view", ["share"])
def test_statements_export_share_view_hides_names(sample_build, view):
    result = sample_build
    text = statements_csv(result.corpus, result.analysis, result.document, view)
    shared = export_document(result.document, view)
    rows = _rows(text)
    assert {r["person_name"] for r in rows} <= {p.name for p in shared.people}
    assert {r["person_id"] for r in rows} <= {p.id for p in shared.people}
    hidden = [p for p in result.document.people if p.consent in ("pseudonym", "first_name")]
    assert hidden
    for person in hidden:
        assert person.name not in text, person.name
        if person.consent == "pseudonym":
            assert person.id not in text


@pytest.mark.parametrize("view", ["analyst", "share"])
def test_statements_export_defuses_formulas_and_leaves_out_excluded(small_build, view):
    result = small_build
    text = statements_csv(result.corpus, result.analysis, result.document, view)
    rows = _rows(text)
    assert rows and all(not cell.startswith(_FORMULA_PREFIXES) for r in rows for cell in r.values())
    texts = [r["text"] for r in rows]
    assert any(t.startswith("'=HYPERLINK") for t in texts)
    assert any(t.startswith("'-Filming") for t in texts)
    assert "Omar" not in text and "+44 is my code" not in text  # excluded: their words appear nowhere
    if view == "analyst":
        assert {r["person_name"] for r in rows} == {"Jane Smith", "Lena Brook", "Raj Patel", "Tess Moon", "Kofi Mensah"}
