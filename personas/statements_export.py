"""Statements export: every statement analysed, one CSV row each, for a researcher to check and code.

One row per statement of the build (people with consent ``exclude`` never reach the analysis, so
they never appear): statement id, person id and name, source and location, the verbatim text, its
theme, the kinds of signal found in it (goal / pain / question), the needs it was grouped in and
the persona of its person. Rows come in the build's canonical order (by person, then source and
location), so the same build gives the same bytes.

Privacy follows :mod:`personas.privacy`: ``analyst`` keeps the names and texts as built; ``share``
uses the share view's person ids and names (as each person consented) and redacts every text and
path with the names, aliases and interviewers of the document (emails, phones, URLs and handles
too). Cells are defused against spreadsheet formulas like the other CSV exports.

Library code: no streamlit; the CLI (``build --statements OUT.csv``) and the app share it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from personas.export import defuse_cell
from personas.schema import PersonaDocument

#: The CSV header, in order.
COLUMNS = ("statement_id", "person_id", "person_name", "source", "location", "text", "theme_id", "theme",
           "signal_kinds", "need_ids", "persona_id")
KINDS = ("goal", "pain", "question", "behaviour")


@dataclass(frozen=True)
class StatementRow:
    statement_id: str
    person_id: str
    person_name: str
    source: str
    location: str
    text: str
    theme_id: str
    theme: str
    signal_kinds: tuple[str, ...]
    need_ids: tuple[str, ...]
    persona_id: str

    def cells(self) -> list[str]:
        return [self.statement_id, self.person_id, self.person_name, self.source, self.location, self.text, self.theme_id,
                self.theme, "; ".join(self.signal_kinds), "; ".join(self.need_ids), self.persona_id]


def _kinds_of_signals(signals: Sequence[Any]) -> set[str]:
    """Kinds of a statement's signals; a sentence that asks (ends with '?') is a question, never a pain."""
    kinds = set()
    for signal in signals:
        kind = "question" if signal.sentence.rstrip().endswith("?") else signal.kind
        if kind in KINDS:
            kinds.add(kind)
    return kinds


def statement_rows(corpus: Any, analysis: Any, document: PersonaDocument, view: str = "analyst", *,
                   viewed: PersonaDocument | None = None, nlp: Any = None) -> list[StatementRow]:
    """The rows of the statements export.

    ``corpus`` and ``analysis`` are the build's (:class:`personas.build.BuildResult`); ``document`` is
    the document as built (or the workshop's, whose people carry the edited personas); ``viewed`` is
    ``privacy_view(document, view)`` when the caller has it (else it is made here).
    """
    from personas.privacy import privacy_view

    if view not in ("analyst", "share"):
        raise ValueError(f"view must be 'analyst' or 'share', got {view!r}")
    viewed = viewed if viewed is not None else privacy_view(document, view, nlp=nlp)  # type: ignore[arg-type]
    kept = [p.id for p in document.people if p.consent != "exclude"]
    ids = dict(zip(kept, (p.id for p in viewed.people))) if len(kept) == len(viewed.people) else {k: k for k in kept}
    shown = {p.id: p for p in viewed.people}
    persona_of = {p.id: p.persona for p in document.people}
    theme_label = {t.id: t.label for t in viewed.themes}
    needs_of = _needs_of(document)
    text_of, path_of = _redactors(document, view, nlp)

    labels = analysis.themes.labels.tolist()
    rows: list[StatementRow] = []
    for i, (statement, pid) in enumerate(zip(corpus.statements, corpus.person_ids)):
        shown_id = ids.get(pid)
        person = shown.get(shown_id) if shown_id is not None else None
        if person is None:
            continue  # excluded (or unknown) people never appear
        label = labels[i]
        theme_id = f"theme-{label + 1:02d}" if label >= 0 else ""
        grouped = needs_of.get(statement.id, [])
        kinds = ({kind for _, kind in grouped if kind != "behaviour"} or set(_kinds_of_signals(analysis.features[i].signals))) \
            | {kind for _, kind in grouped if kind == "behaviour"}
        rows.append(StatementRow(
            statement_id=statement.id, person_id=person.id, person_name=person.name, source=path_of(statement.source),
            location=statement.location, text=text_of(statement.text), theme_id=theme_id,
            theme=theme_label.get(theme_id, ""), signal_kinds=tuple(k for k in KINDS if k in kinds),
            need_ids=tuple(sorted({nid for nid, _ in grouped if nid})), persona_id=persona_of.get(pid) or "",
        ))
    return rows


def _needs_of(document: PersonaDocument) -> dict[str, list[tuple[str, str]]]:
    """Statement id -> (need id, kind) of every goal, pain, question and behaviour it backs."""
    needs_of: dict[str, list[tuple[str, str]]] = {}
    for persona in document.personas:
        for group, kind in ((persona.goals, "goal"), (persona.pains, "pain"), (persona.questions, "question"),
                            (persona.behaviours, "behaviour")):
            for item in group:
                for sid in item.statements:
                    needs_of.setdefault(sid, []).append((item.id or "", item.kind or kind))
    return needs_of


def _redactors(document: PersonaDocument, view: str, nlp: Any) -> tuple[Callable[[str], str], Callable[[str], str]]:
    """(text_of, path_of): what a text and a source path show in ``view``; the share view redacts every
    name and alias in the document, the interviewers and the ids of people without full consent."""
    from personas.privacy import name_terms, redact_path, redact_text

    if view == "share":
        groups: dict[str, list[str]] = {p.id: [p.name, *p.aliases] for p in document.people if not p.anonymous}
        for raw in document.interviewers:
            groups.setdefault("team:" + raw.casefold(), []).append(raw)
        terms = tuple(sorted(set(name_terms(groups)) | {p.id for p in document.people if p.consent != "full"}))
        cache: dict[str, str] = {}

        def text_of(value: str) -> str:
            if value not in cache:
                cache[value] = redact_text(value, names=terms, nlp=nlp)[0]
            return cache[value]

        def path_of(value: str) -> str:
            return redact_path(value, names=terms)
    else:
        def text_of(value: str) -> str:
            return value

        path_of = text_of
    return text_of, path_of


def statements_csv(corpus: Any, analysis: Any, document: PersonaDocument, view: str = "analyst", *,
                   viewed: PersonaDocument | None = None, nlp: Any = None) -> str:
    """The statements export as CSV text (header :data:`COLUMNS`; cells defused against formulas)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in statement_rows(corpus, analysis, document, view, viewed=viewed, nlp=nlp):
        writer.writerow([defuse_cell(cell) for cell in row.cells()])
    return buffer.getvalue()
