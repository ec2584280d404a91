"""Rendering helpers shared by the pages: escaped customer text, privacy views, persona cards, errors.

Customer text (quotes, names, titles, notes, theme labels, file names, error messages that name
them) is always escaped with :func:`esc` before it reaches anything Streamlit renders as Markdown
(``st.markdown``, ``st.caption``, ``st.success``/``info``/``warning``/``error``, expander and
button labels; ``unsafe_allow_html`` stays False), or shown as plain text (``st.dataframe``,
selectbox options). The only HTML/CSS this app writes is the static stylesheet below, which holds
no customer text. Download file names go through :func:`safe_file_name`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import streamlit as st

from personas.cards import shown_evidence
from personas.describe.distinct import apart_line
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


_UNSAFE_FILE_CHARS = re.compile(r"[^A-Za-z0-9._-]+")


def safe_file_name(name: object, default: str = "personas") -> str:
    """A download file name made only of ``[A-Za-z0-9._-]``: accents folded, anything else a ``-``.

    No path separators, no leading dot or dash (no hidden files, no options), at most 120
    characters; ``default`` when nothing is left.
    """
    folded = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode("ascii")
    cleaned = _UNSAFE_FILE_CHARS.sub("-", folded)
    cleaned = re.sub(r"-{2,}", "-", cleaned)
    cleaned = re.sub(r"\.{2,}", ".", cleaned).strip(".-_")
    cleaned = cleaned[:120].rstrip(".-_")
    return cleaned or default


def show_error(exc: Exception) -> None:
    """Our coded errors are written for users (they may quote a file name or a cell): shown escaped."""
    st.error(esc(str(exc)), icon=":material/error:")


def show_notices(notices: list[tuple[str, str]]) -> None:
    """One-shot notices queued with ``_state.notify`` (plain text, shown escaped)."""
    for kind, text in notices:
        {"success": st.success, "warning": st.warning, "error": st.error}.get(kind, st.info)(esc(text))


NOTHING_LEFT = "nothing identifying left"


def preflight_report(findings: Sequence, before: str) -> None:
    """The pre-flight report of a share view: what names or personal details would still appear.

    ``findings`` are :class:`personas.privacy.Finding` of ``preflight(share document)``; ``before``
    says what the check is for ("present mode", "a share export").
    """
    if not findings:
        st.success(f"Pre-flight check before {esc(before)}: {NOTHING_LEFT}. The share view shows names only as "
                   "each person consented, and no emails, phone numbers, URLs or handles.",
                   icon=":material/verified_user:")
        return
    lines = [f"- {esc(f.kind)} \u201c{esc(f.text)}\u201d at {esc(f.where)}" for f in findings[:25]]
    if len(findings) > len(lines):
        lines.append(f"- and {len(findings) - len(lines)} more")
    st.warning(f"Pre-flight check before {esc(before)}: {len(findings)} names or personal details would still "
               "appear in the share view:\n\n" + "\n".join(lines), icon=":material/warning:")


# ---------------------------------------------------------------------------------------------
# Privacy views of the current build


class Redactor:
    """Free text that is not part of a privacy view's document, made fit for the view.

    For texts a page shows beside the document (statements of a theme, quote pickers, edit
    descriptions, audit lines of the analyst view). ``share``: :func:`personas.privacy.redact_text`
    with every person's names, aliases and id and the interviewers. ``analyst``: only the names,
    aliases and ids of excluded people are replaced (they appear nowhere).
    """

    def __init__(self, document: PersonaDocument, view: str) -> None:
        from personas.privacy import name_terms

        excluded = {p.id for p in document.people if p.consent == "exclude"}
        groups = {p.id: [p.name, *p.aliases] for p in document.people if not p.anonymous and (view == "share" or p.id in excluded)}
        if view == "share":
            for raw in document.interviewers:
                groups.setdefault("team:" + raw.casefold(), []).append(raw)
        ids = [p.id for p in document.people if view == "share" and p.consent != "full" or p.id in excluded]
        self.view = view
        self.terms: tuple[str, ...] = tuple(sorted(set(name_terms(groups)) | set(ids)))
        self._excluded_re = None
        if view != "share" and self.terms:
            body = "|".join(r"\s+".join(re.escape(w) for w in t.split()) for t in sorted(self.terms, key=len, reverse=True))
            self._excluded_re = re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)

    def text(self, value: str) -> str:
        if self.view == "share":
            from personas.privacy import redact_text

            return redact_text(value, names=self.terms)[0]
        return self._excluded_re.sub("[excluded]", value) if self._excluded_re is not None else value

    def path(self, value: str) -> str:
        if self.view == "share":
            from personas.privacy import redact_path

            return redact_path(value, names=self.terms)
        return self.text(value)


@dataclass
class Shown:
    """The current build in one privacy view: the document a page renders and how to reach it.

    ``original`` is the workshop document as built (edits and consent changes name its ids);
    ``document`` is ``privacy_view(original, view)``: excluded people removed, and in the share view
    names by consent, other person ids, redacted texts. ``ids`` maps original person ids to ids
    of ``document``.
    """

    view: str
    original: PersonaDocument
    document: PersonaDocument
    ids: dict[str, str] = field(default_factory=dict)
    redactor: Redactor | None = None

    @property
    def names(self) -> dict[str, str]:
        """Person id of ``document`` -> the name shown."""
        return {p.id: p.name for p in self.document.people}

    def name_of(self, person_id: str) -> str | None:
        """The shown name of a person by original id (None when excluded or unknown)."""
        shown_id = self.ids.get(person_id)
        return self.names.get(shown_id) if shown_id is not None else None


def person_id_map(original: PersonaDocument, viewed: PersonaDocument) -> dict[str, str]:
    """Original person id -> the id in a privacy view of it (views keep the people's order, minus the excluded)."""
    kept = [p.id for p in original.people if p.consent != "exclude"]
    if len(kept) != len(viewed.people):  # pragma: no cover - privacy_view keeps everyone else, in order
        known = {p.id for p in viewed.people}
        return {pid: pid for pid in kept if pid in known}
    return dict(zip(kept, (p.id for p in viewed.people)))


def shown(built, view: str) -> Shown:
    """The current build (``_cache.Built``) in ``view`` ('analyst' or 'share'), cached on the build's key."""
    from app_pages import _cache

    original = built.view.document
    document = _cache.shown_document(view, built)
    return Shown(view=view, original=original, document=document, ids=person_id_map(original, document),
                 redactor=Redactor(original, view))


PRESENT_CSS = """
<style>
.st-key-present_card h1 { font-size: 3.4rem; line-height: 1.1; margin-bottom: 0.2rem; }
.st-key-present_card h4 { font-size: 1.9rem; margin-top: 0.6rem; }
.st-key-present_card p, .st-key-present_card li { font-size: 1.5rem; line-height: 1.45; }
.st-key-present_card blockquote { border-left-width: 0.4rem; }
.st-key-present_card blockquote p { font-size: 2.0rem; line-height: 1.35; font-style: italic; color: inherit; }
.st-key-present_card [data-testid="stCaptionContainer"] p { font-size: 1.0rem; }
.st-key-present_tagline p { font-size: 1.7rem; opacity: 0.8; }
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


def present_card(persona: PersonaDoc, document: PersonaDocument, names: Mapping[str, str | None], *,
                 index: int = 0) -> None:
    """One persona as the printed card lays it out (:func:`personas.cards.card_of`), in large type for a room:
    name and tagline, the anchor with their words, who they are, needs, what sets them apart, channels;
    members and where each quote comes from in small type at the foot."""
    from personas.cards import NEED_SECTIONS, card_of

    card = card_of(persona, document, names, index=index)
    st.markdown(f"# {esc(card.name)}")
    with st.container(key="present_tagline"):
        st.markdown(esc(card.tagline))
    cites: list = []

    def cite(quote) -> int:
        cites.append(quote)
        return len(cites)

    left, right = st.columns([2, 3], gap="large")
    with left:
        if card.anchor:
            st.markdown(f"**{esc(card.anchor)}**, a real member who stands for this persona")
        if card.anchor_quote:
            q = card.anchor_quote
            st.markdown(f"> \u201c{esc(q.text)}\u201d  \n> \u2014 {esc(q.name)} \\[{cite(q)}\\]")
        lines = [*card.who[:3], *card.profile[:3]]
        if lines:
            st.markdown("#### Who they are")
            st.markdown("\n".join(f"- {esc(line)}" for line in lines))
        if card.behaviours:
            st.markdown("#### What they do")
            st.markdown("\n".join(f"- {esc(b.label)} ({esc(b.support)})" for b in card.behaviours))
    with right:
        if not card.needs:
            st.markdown("No goals, frustrations or questions were found in what they said.")
        for kind, heading in NEED_SECTIONS:  # two of each kind; the first with its quote
            needs = [n for n in card.needs if n.kind == kind][:2]
            if needs:
                st.markdown(f"#### {heading}")
            for n, need in enumerate(needs):
                text = f"**{esc(need.label)}**  \n{esc(need.support)}"
                if need.quote and n == 0:
                    text += f" \u00b7 *\u201c{esc(need.quote.text)}\u201d* \u2014 {esc(need.quote.name)} \\[{cite(need.quote)}\\]"
                st.markdown(text)
        if card.apart:
            st.markdown("#### What sets them apart")
            st.markdown("\n".join(f"- {esc(line)}" for line in card.apart))
        if card.channels:
            st.markdown("#### Where they are")
            st.markdown(esc(" \u00b7 ".join(card.channels)))
    shown = card.member_names[:6]
    rest = card.members - len(shown)
    members = f"{card.members} members" + (": " + ", ".join(shown) + (f" and {rest} more" if rest > 0 else "") if shown else "")
    quotes = "; ".join(f"[{i}] {q.source}, {q.location}" for i, q in enumerate(cites, 1))
    st.caption(esc(members + ". " + (f"Quotes: {quotes}." if quotes else "")))
    if card.notes:
        st.markdown("**Workshop notes** (client override)")
        st.markdown(esc_lines(card.notes))


def persona_card(persona: PersonaDoc, document: PersonaDocument, names: Mapping[str, str | None], *,
                 present: bool = False, key: str = "") -> None:
    """One persona: who anchors it and why, members, who they are, needs with evidence, what sets them apart.

    ``present=True`` lays it out as the printed card (:func:`present_card`).
    """
    if present:
        index = next((i for i, p in enumerate(document.personas) if p.id == persona.id), 0)
        present_card(persona, document, names, index=index)
        return
    anchor_name = names.get(persona.anchor.person) if names else persona.anchor.name
    flags = []
    if persona.locked:
        flags.append(":material/lock: locked")
    st.markdown(f"### {esc(persona.title)}" + (f"  \n{' · '.join(flags)}" if flags else ""))
    if anchor_name:
        st.markdown(f"**Anchor: {esc(anchor_name)}** \u2014 {esc(persona.anchor.why)}")
    cols = st.columns(3)
    cols[0].metric("People", persona.size)
    cols[1].metric("Share of everyone", f"{persona.share:.0%}")
    cols[2].metric("Sentiment", persona.sentiment.label,
                   help=f"Mean {persona.sentiment.mean:+.2f}; {persona.sentiment.positive_people} people positive, "
                        f"{persona.sentiment.negative_people} negative.")
    if persona.self_descriptions:
        st.markdown("**In their words they are:** " + ", ".join(f"\u201c{esc(s.phrase)}\u201d ({s.people})"
                                                             for s in persona.self_descriptions))
    if persona.who or persona.profile:
        st.markdown("**Who they are**")
        st.markdown("\n".join([*(f"- {esc(c.text)} ({c.support} {'person' if c.support == 1 else 'people'})" for c in persona.who),
                                *(f"- {esc(a.text) if a.text else f'{a.people} of {a.of}: ' + esc(a.attribute) + ' ' + esc(a.value)}"
                                  for a in persona.profile if not a.text or all(a.text not in c.text for c in persona.who))]))
    if persona.apart:
        st.markdown("**What sets them apart:**\n" + "\n".join(f"- {esc(apart_line(d))}" for d in persona.apart))
    if persona.themes:
        st.markdown("**Top themes:** " + ", ".join(f"{esc(t.label)} ({t.weight:.0%})" for t in persona.themes))
    with st.expander(f"Members ({persona.size}) and how typical each is"):
        rows = [{"name": names.get(m.person) or "(not shown: consent)", "person id": m.person,
                 "typicality": m.typicality, "anchor": m.person == persona.anchor.person}
                for m in persona.members if names.get(m.person, m.name) is not None]
        st.dataframe(rows, hide_index=True, width="stretch",
                     column_config={"typicality": st.column_config.ProgressColumn("typicality", min_value=0.0, max_value=1.0, format="%.2f")})
    for heading, items in (("Goals", persona.goals), ("Pains", persona.pains), ("Questions", persona.questions)):
        signal_list(heading, items, names)
    if persona.channels:
        st.markdown("**Channels:** " + ", ".join(f"{esc(c.channel)} ({c.people})" for c in persona.channels))
    if persona.vocabulary:
        st.markdown("**Their words:** " + ", ".join(esc(v.phrase) for v in persona.vocabulary))
    quotes = shown_evidence(persona.quotes, names)
    if quotes:
        st.markdown("**In their words**")
        for ev, name in quotes[:5]:
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
    _state.set_last_featurizer(built.result.analysis.featurizer)
    for warning in built.view.warnings:
        st.warning(esc(warning))
    return built
