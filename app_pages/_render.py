"""Rendering helpers shared by the pages: escaped customer text, persona cards, errors.

Customer text (quotes, names, titles, notes, file names) is always escaped before it reaches
``st.markdown`` (``unsafe_allow_html`` stays False) or shown with ``st.text`` / ``st.dataframe``.
The only HTML/CSS this app writes is the static stylesheet below, which holds no customer text.
"""

from __future__ import annotations

import re
from typing import Mapping

import streamlit as st

from personas.cards import shown_evidence
from personas.schema import PersonaDoc, PersonaDocument, SignalItem

# Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping them all
# also stops Streamlit's extras ($math$, :colour[...] directives, emoji shortcodes, links).
_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")


def esc(text: object) -> str:
    """Customer text made inert for st.markdown: Markdown/Streamlit syntax escaped, one line."""
    return _PUNCT.sub(r"\\\1", " ".join(str(text).split()))


def esc_lines(text: object) -> str:
    """Like :func:`esc`, keeping line breaks (for notes)."""
    return "  \n".join(esc(line) for line in str(text).splitlines() if line.strip())


def show_error(exc: Exception) -> None:
    """Our coded errors are written for users: show them as they are."""
    st.error(str(exc), icon=":material/error:")


def show_notices(notices: list[tuple[str, str]]) -> None:
    for kind, text in notices:
        {"success": st.success, "warning": st.warning, "error": st.error}.get(kind, st.info)(text)


PRESENT_CSS = """
<style>
.st-key-present_card h1 { font-size: 3.2rem; line-height: 1.15; }
.st-key-present_card p, .st-key-present_card li { font-size: 1.45rem; line-height: 1.5; }
.st-key-present_card blockquote p { font-size: 1.6rem; font-style: italic; }
</style>
"""


def inject_present_css() -> None:
    """Large type for present mode (static CSS only, no customer text)."""
    st.html(PRESENT_CSS)


# ---------------------------------------------------------------------------------------------
# Persona cards


def _name(names: Mapping[str, str | None], person_id: str, fallback: str) -> str | None:
    return names.get(person_id, fallback) if names else fallback


def signal_list(heading: str, items: list[SignalItem], names: Mapping[str, str | None], *, evidence: bool = True,
                key: str = "") -> None:
    """Goals, pains or questions with their distinct-people support and expandable evidence."""
    if not items:
        return
    st.markdown(f"**{heading}**")
    for item in items:
        who = "person" if item.support == 1 else "people"
        st.markdown(f"- {esc(item.label)}: said by **{item.support}** {who}")
        if evidence:
            shown = shown_evidence(item.evidence, names)
            if shown:
                with st.expander(f"Evidence: {esc(item.label)} ({len(shown)})"):
                    for ev, name in shown:
                        quote(ev.quote, name, ev.source, ev.location)


def quote(text: str, name: str, source: str, location: str) -> None:
    st.markdown(f"> \u201c{esc(text)}\u201d  \n> \u2014 {esc(name)}, *{esc(source)}*, {esc(location)}")


def persona_card(persona: PersonaDoc, document: PersonaDocument, names: Mapping[str, str | None], *,
                 present: bool = False, key: str = "") -> None:
    """One persona: who anchors it and why, members, themes, goals/pains/questions with evidence."""
    anchor_name = names.get(persona.anchor.person) if names else persona.anchor.name
    flags = []
    if persona.locked:
        flags.append(":material/lock: locked")
    if present:
        st.markdown(f"# {esc(persona.title)}")
    else:
        st.markdown(f"### {esc(persona.title)}" + (f"  \n{' · '.join(flags)}" if flags else ""))
    if anchor_name:
        st.markdown(f"**Anchor: {esc(anchor_name)}** \u2014 {esc(persona.anchor.why)}" if not present
                    else f"Anchored on **{esc(anchor_name)}**")
    if present:
        st.markdown(f"**{persona.size} people** ({persona.share:.0%} of everyone), mostly "
                    f"{persona.sentiment.label} in tone")
    else:
        cols = st.columns(3)
        cols[0].metric("People", persona.size)
        cols[1].metric("Share of everyone", f"{persona.share:.0%}")
        cols[2].metric("Sentiment", persona.sentiment.label,
                       help=f"Mean {persona.sentiment.mean:+.2f}; {persona.sentiment.positive_people} people positive, "
                            f"{persona.sentiment.negative_people} negative.")
    if persona.themes:
        st.markdown("**Top themes:** " + ", ".join(f"{esc(t.label)} ({t.weight:.0%})" for t in persona.themes))
    if not present:
        with st.expander(f"Members ({persona.size}) and how typical each is"):
            rows = [{"name": names.get(m.person) or "(not shown: consent)", "person id": m.person,
                     "typicality": m.typicality, "anchor": m.person == persona.anchor.person}
                    for m in persona.members if names.get(m.person, m.name) is not None]
            st.dataframe(rows, hide_index=True, width="stretch",
                         column_config={"typicality": st.column_config.ProgressColumn("typicality", min_value=0.0, max_value=1.0, format="%.2f")})
    for heading, items in (("Goals", persona.goals), ("Pains", persona.pains), ("Questions", persona.questions)):
        signal_list(heading, items[:3] if present else items, names, evidence=not present)
    if persona.channels:
        st.markdown("**Channels:** " + ", ".join(f"{esc(c.channel)} ({c.people})" for c in persona.channels))
    if persona.vocabulary:
        st.markdown("**Their words:** " + ", ".join(esc(v.phrase) for v in persona.vocabulary))
    quotes = shown_evidence(persona.quotes, names)
    if quotes:
        st.markdown("**In their words**")
        for ev, name in quotes[: 3 if present else 5]:
            quote(ev.quote, name, ev.source, ev.location)
    if persona.notes:
        st.markdown("**Workshop notes** (client override)")
        st.markdown(esc_lines(persona.notes))


# ---------------------------------------------------------------------------------------------
# The current build, for every page


def current_build():
    """The open project's build and workshop view; shows coded errors and stops the page on failure."""
    import time

    from analysis.errors import AnalysisError
    from app_pages import _cache, _state
    from personas.errors import PersonasError

    show_notices(_state.pop_notices())
    project = _state.project()
    started = time.perf_counter()
    try:
        built = _cache.build(project)
    except (PersonasError, AnalysisError) as exc:
        show_error(exc)
        if not project.inputs:
            st.info("This project has no files yet: add some on the Import page.")
        else:
            st.info("Check the files on the Import page, or change k in the sidebar.")
        st.stop()
    for phase, seconds in built.timings.items():
        _state.set_timing(phase, seconds)
    _state.set_timing("total", time.perf_counter() - started)
    for warning in built.view.warnings:
        st.warning(esc(warning))
    return built
