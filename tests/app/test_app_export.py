"""Export page: YAML, Markdown, CSVs, PDF and charts, all from the workshop view (bytes via the library)."""

from __future__ import annotations

import csv
import io

import pytest

from tests.app._apptest import projects, run_app, saved_project, small_project  # noqa: F401


@pytest.mark.parametrize("kind", ["yaml"])
def test_app_export_files(projects, kind):
    from app_pages import _cache
    from personas.export import export_yaml, parse_yaml

    at = run_app("app_pages/export.py", project=small_project(projects))
    assert at.title[0].value == "Export"
    labels = [b.label.replace("\\", "") for b in at.get("download_button")]  # labels are Markdown-escaped
    assert any(label.endswith(".analyst.personas.yaml") for label in labels)
    assert any(label.endswith(".pdf") for label in labels)
    from personas import charts

    if charts.png_export_available():  # kaleido + Chromium: PNG and SVG of each chart
        assert sum(label.endswith(".png") for label in labels) == 3 and sum(label.endswith(".svg") for label in labels) == 3
    else:
        assert sum(label.endswith(".html") for label in labels) == 3
    assert any(label.endswith(".statements.csv") for label in labels)

    built = _cache.build(saved_project(projects, "small"))
    document = built.view.document
    data = _cache.export_bytes(kind, "analyst", built.key, document, built.settings)
    assert data.decode("utf-8") == export_yaml(document, "analyst")
    assert parse_yaml(data.decode("utf-8")).personas == document.personas
    shared = _cache.export_bytes(kind, "share", built.key, document, built.settings).decode("utf-8")
    assert shared == export_yaml(document, "share")
    from personas.cards import display_names

    assert sorted(p.name for p in parse_yaml(shared).people) == sorted(n for n in display_names(document).values() if n)
    pdf = _cache.export_bytes("pdf", "share", built.key, document, built.settings)
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") + pdf.count(b"/Type /Page>") >= 1
    rows = list(csv.reader(io.StringIO(_cache.export_bytes("quotes", "analyst", built.key, document, built.settings).decode("utf-8"))))
    assert rows[0][:3] == ["persona_id", "persona_title", "kind"] and len(rows) > len(document.personas)
    model = built.result.people_model
    html, ext = _cache.chart_file("people-map", "analyst", built.key, _cache.shown_document("analyst", built),
                                  tuple(model.person_ids), model.vectors)
    if ext == "html":
        import re

        assert b"<script" in html and b"Plotly" in html  # plotly.js inline
        assert not re.search(rb"<script[^>]*\ssrc=", html)  # nothing fetched from a CDN


@pytest.mark.parametrize("view", ["analyst", "share"])
def test_app_export_statements_and_card_images(projects, view):
    import zipfile

    from app_pages import _cache
    from personas import cards
    from personas.export import export_document
    from personas.statements_export import COLUMNS, statements_csv

    built = _cache.build(small_project(projects))
    document = built.view.document
    data = _cache.statements_bytes(view, built.key, built.result, document, built.settings).decode("utf-8")
    assert data == statements_csv(built.result.corpus, built.result.analysis, document, view)  # the CLI's bytes
    rows = list(csv.reader(io.StringIO(data)))
    assert tuple(rows[0]) == COLUMNS and len(rows) == 1 + len(built.result.corpus.statements)
    shown = {p.name for p in export_document(document, view).people}
    assert {r[2] for r in rows[1:]} <= shown
    if cards.png_renderer() is None:
        pytest.skip("no PDF renderer (pdftoppm or pypdfium2): card images are not offered")
    archive = zipfile.ZipFile(io.BytesIO(_cache.export_bytes("cards-png", view, built.key, document, built.settings)))
    assert archive.namelist() == [f"{p.id}.png" for p in document.personas]
    assert all(archive.read(n).startswith(b"\x89PNG") for n in archive.namelist())
