"""The Import page's ingest report: the files table and what the ingest read, skipped and left out.

Rendering only, from a project and its :class:`~personas.models.IngestResult`: the page reads the
state and calls the library (``_cache.ingest``); these functions draw what came back, so the page
script stays a short top-to-bottom read. The table rows and the summary line are pure functions.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from app_pages._render import esc
from personas.models import IngestResult
from personas.project import InputFile, Project


def file_rows(inputs: Sequence[InputFile], ingest: IngestResult | None) -> list[dict[str, object]]:
    """One row per project file: how it was read and how many statements it gave ("not read" without a result)."""
    sources = {s.path: s for s in ingest.sources} if ingest else {}
    return [{"file": f.name, "read as": f"{sources[f.name].format}/{sources[f.name].kind}" if f.name in sources else "not read",
             "statements": sources[f.name].statements if f.name in sources else 0, "KB": round(f.size / 1024, 1),
             "detail": sources[f.name].detail if f.name in sources else ""}
            for f in inputs]


def summary_line(ingest: IngestResult) -> str:
    """"**N statements** from S sources (kind count, ...); roster of R people." for the report's first line."""
    by_kind: dict[str, int] = {}
    for s in ingest.statements:
        by_kind[s.kind] = by_kind.get(s.kind, 0) + 1
    return (f"**{len(ingest.statements)} statements** from {len(ingest.sources)} "
            f"source{'' if len(ingest.sources) == 1 else 's'} ("
            + ", ".join(f"{k} {v}" for k, v in sorted(by_kind.items())) + ")"
            + (f"; roster of {len(ingest.roster)} people" if ingest.roster else "") + ".")


def files_table(project: Project, ingest: IngestResult | None) -> None:
    """The files in the project, each with how it was read."""
    st.dataframe(file_rows(project.inputs, ingest), hide_index=True, width="stretch", key="import_files_table")


def ingest_report(ingest: IngestResult) -> None:
    """What the ingest read, the interviewers it left out (and why) and every skipped row, file or warning."""
    st.subheader("Ingest report")
    st.markdown(summary_line(ingest))
    if ingest.interviewers:
        st.markdown("**Interviewers** (turns left out): " + ", ".join(esc(i) for i in sorted(ingest.interviewers)))
        if ingest.interviewer_reason:
            st.caption(esc(ingest.interviewer_reason))
    issues = ingest.issues
    st.markdown(f"**Skipped rows, files and warnings ({len(issues)})**")
    if issues:
        st.dataframe([{"severity": i.severity, "code": i.code, "source": i.source, "where": i.location, "reason": i.message}
                      for i in issues], hide_index=True, width="stretch", key="import_issues")
