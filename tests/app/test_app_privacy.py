"""The one privacy switch (sidebar): names by consent, excluded people nowhere, present mode and share exports
in the share view with a pre-flight report, customer text escaped, download file names sanitised."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.app._apptest import (  # noqa: F401
    SMALL_CSV,
    assert_clean,
    markdown_text,
    projects,
    run_app,
    saved_project,
    small_project,
)
from tests.conftest import ROOT

PAGES = ("app_pages/personas.py", "app_pages/workshop.py", "app_pages/people.py", "app_pages/export.py")


def _consented(projects, consent: dict[str, str]):
    from personas.project import set_consent

    project = small_project(projects)
    for person_id, level in consent.items():
        project = set_consent(project, person_id, level)
    return project


def all_text(at) -> str:
    """Everything a page shows as text: Markdown, alerts, labels, tables, options, widget values, chart specs."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "success", "info", "warning", "error", "text"):
        parts += [str(e.value) for e in at.get(kind)]
    parts += [e.label for e in at.expander] + [t.label for t in at.tabs]
    parts += [df.value.to_csv() for df in at.dataframe]
    for widget in (*at.selectbox, *at.multiselect, *at.radio):
        parts += [str(o) for o in widget.options]
    parts += [str(w.value) for w in (*at.text_input, *at.text_area)]
    parts += [b.label for b in (*at.button, *at.get("download_button"))]
    parts += [getattr(c.proto, "spec", "") for c in at.get("plotly_chart")]
    return "\n".join(parts)


def _view(at, view: str):
    from app_pages._state import Keys

    at.radio(key=Keys.PRIVACY).set_value(view).run()
    assert_clean(at)
    return at


@pytest.mark.parametrize("first_name_id,pseudonym_id", [("p-omar-field", "p-raj-patel")])
def test_app_privacy_switch_changes_names_on_personas(projects, first_name_id, pseudonym_id):
    from app_pages import _cache
    from personas.privacy import share_names

    project = _consented(projects, {first_name_id: "first_name", pseudonym_id: "pseudonym"})
    at = run_app(project=project)
    assert at.title[0].value == "Personas"
    document = _cache.build(saved_project(projects, "small")).view.document
    real = {p.id: p.name for p in document.people}
    shared = share_names(document)
    assert shared[first_name_id] == "Omar" and shared[pseudonym_id] not in real.values()

    analyst = all_text(at)  # the switch starts on analyst
    assert real[first_name_id] in analyst and real[pseudonym_id] in analyst
    assert shared[pseudonym_id] not in analyst

    share = all_text(_view(at, "share"))
    assert real[first_name_id] not in share and "Omar" in share
    assert real[pseudonym_id] not in share and "Raj" not in share and "Patel" not in share
    assert shared[pseudonym_id] in share
    # the switch lives in app.py: it survives a page switch
    at.switch_page("app_pages/export.py").run()
    assert_clean(at)
    assert any(b.label.replace("\\", "").endswith(".share.personas.yaml") for b in at.get("download_button"))
    _view(at, "analyst")
    at.switch_page("app_pages/personas.py").run()
    assert real[first_name_id] in all_text(at)


@pytest.mark.parametrize("excluded_id", ["p-tess-moon"])
def test_app_privacy_excluded_person_appears_nowhere(projects, excluded_id):
    from app_pages._state import Keys

    at = run_app(project=_consented(projects, {excluded_id: "exclude", "p-raj-patel": "pseudonym"}))
    for view in ("analyst", "share"):
        _view(at, view)
        for page in PAGES:
            at.switch_page(page).run()
            assert_clean(at)
            text = all_text(at).casefold()
            assert "tess" not in text and "moon" not in text, (view, page)
    at.switch_page("app_pages/workshop.py").run()
    at.toggle(key=Keys.WORKSHOP_PRESENT).set_value(True).run()
    assert_clean(at)
    count = int(markdown_text(at).split("Persona 1 of ", 1)[1].split()[0])
    for _ in range(count):
        assert "tess" not in all_text(at).casefold()
        at.button(key=Keys.WORKSHOP_NEXT).click().run()


@pytest.mark.parametrize("first_name_id", ["p-omar-field"])
def test_app_privacy_present_mode_preflight_and_share_view(projects, first_name_id, monkeypatch):
    from app_pages import _cache
    from app_pages._render import NOTHING_LEFT
    from app_pages._state import Keys
    from personas.privacy import Finding, preflight

    at = run_app("app_pages/workshop.py", project=_consented(projects, {first_name_id: "first_name"}))
    built = _cache.build(saved_project(projects, "small"))
    assert preflight(_cache.shown_document("share", built)) == []
    # before present mode: the pre-flight report of the share view
    assert any("Pre-flight check before present mode" in s.value and NOTHING_LEFT in s.value for s in at.success)
    # present mode shows the share view even when the switch says analyst
    at.toggle(key=Keys.WORKSHOP_PRESENT).set_value(True).run()
    assert_clean(at)
    persona = next(i for i, p in enumerate(built.view.document.personas) if any(m.person == first_name_id for m in p.members))
    for _ in range(persona):
        at.button(key=Keys.WORKSHOP_NEXT).click().run()
    text = all_text(at)
    assert "Omar Field" not in text
    at.toggle(key=Keys.WORKSHOP_PRESENT).set_value(False).run()

    # with findings, the report lists them (escaped) in a warning
    monkeypatch.setattr(_cache, "share_preflight", lambda built: [Finding("email", "ann@example.com", "personas[0].notes")])
    at.run()
    assert_clean(at)
    [warning] = [w.value for w in at.warning if "Pre-flight check before present mode" in w.value]
    assert "1 names or personal details" in warning and "ann\\@example\\.com" in warning and "personas\\[0\\]" in warning


@pytest.mark.parametrize("view", ["share"])
def test_app_privacy_share_export_matches_library_and_cli(projects, view):
    from app_pages import _cache
    from app_pages._render import NOTHING_LEFT
    from personas.export import export_yaml

    project = _consented(projects, {"p-omar-field": "first_name", "p-raj-patel": "pseudonym", "p-tess-moon": "exclude"})
    cli = subprocess.Popen([sys.executable, "-m", "personas", "build", "--project", str(project.path), "--privacy", view,
                            "--quiet"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    at = run_app("app_pages/export.py", project=project)
    _view(at, view)
    # the pre-flight report comes before the share download buttons
    assert any("Pre-flight check before a share export" in s.value and NOTHING_LEFT in s.value for s in at.success)
    labels = [b.label.replace("\\", "") for b in at.get("download_button")]
    assert any(label.endswith(f".{view}.personas.yaml") for label in labels)

    built = _cache.build(saved_project(projects, "small"))
    document = built.view.document
    data = _cache.export_bytes("yaml", view, built.key, document, built.settings)
    assert data == export_yaml(document, view).encode("utf-8")
    out, err = cli.communicate(timeout=300)
    assert cli.returncode == 0, err
    assert data.decode("utf-8") == out
    assert "Tess" not in out and "Omar Field" not in out and "Raj Patel" not in out


PAYLOAD = "<script>alert(1)</script> **bold** [x](javascript:alert(1))"


@pytest.mark.parametrize("payload", [PAYLOAD])
def test_app_customer_text_is_escaped(projects, payload):
    import re

    from app_pages import _cache
    from app_pages._render import esc
    from app_pages._state import Keys
    from personas.project import create_project, record_edit
    from personas.workshop import Edit

    rows = [f'Zed Hostile,"Chasing invoices every month is awful {payload} and I want more coaching clients from referrals.",linkedin',
            f'Zed Hostile,"Pricing my coaching packages is hard {payload} and the admin of invoicing eats my Friday.",linkedin']
    csv = SMALL_CSV + "\n".join(rows) + "\n"
    project = create_project(projects / "hostile", "Hostile <b>project</b>", [("comments.csv", csv.encode("utf-8"))])
    built = _cache.build(project)
    corpus = built.result.corpus
    sid = next(s.id for s, pid in zip(corpus.statements, corpus.person_ids) if payload in s.text)
    pid = corpus.person_ids[[s.id for s in corpus.statements].index(sid)]
    persona = next(p for p in built.view.document.personas if any(m.person == pid for m in p.members))
    project, _ = record_edit(project, Edit(action="pin_quote", params={"persona": persona.id, "statement": sid}, who="test"))
    project, _ = record_edit(project, Edit(action="set_notes", params={"persona": persona.id, "notes": payload}, who="test"))

    at = run_app(project=project)
    for page in ("app_pages/personas.py", "app_pages/workshop.py"):
        at.switch_page(page).run()
        if page.endswith("workshop.py"):
            at.selectbox(key=Keys.WORKSHOP_PERSONA).set_value(persona.id).run()
        assert_clean(at)
        values = [m.value for m in at.markdown] + [c.value for c in at.caption]
        assert any(esc(payload) in v for v in values), page  # visible, as text
        for value in values:  # nothing left for Markdown or HTML to interpret
            assert not re.search(r"(?<!\\)<(?:script|/script|b>)", value), value
            assert not re.search(r"(?<!\\)\]\((?:javascript)", value) and "**bold**" not in value, value
    # the escaped Markdown reads back as exactly the customer's text

    assert re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", esc(payload)) == payload


@pytest.mark.parametrize("name,expected", [
    ("personas.share.personas.yaml", "personas.share.personas.yaml"),
    ("../../etc/passwd", "etc-passwd"),
    ("Zoë's <b>report</b>.pdf", "Zoe-s-b-report-b-.pdf"),
    ("..hidden", "hidden"),
    ("a/b\\c:d*e?f\"g|h\x00i.csv", "a-b-c-d-e-f-g-h-i.csv"),
    ("", "personas"),
    ("   ", "personas"),
    ("\u4eba\u7269", "personas"),
])
def test_app_safe_file_name(name, expected):
    import re

    from app_pages._render import safe_file_name

    result = safe_file_name(name)
    assert result == expected
    assert re.fullmatch(r"[A-Za-z0-9._-]+", result) and not result.startswith((".", "-"))
