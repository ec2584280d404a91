"""Write and read persona documents: YAML (v1), the assignments CSV and Markdown cards.

YAML is written deterministically (fixed key order, no anchors or aliases, floats already
rounded by the build) and read back with ``yaml.safe_load`` plus validation whose errors name the
path inside the document.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import yaml
from pydantic import ValidationError

from analysis.parallel import fork_map
from personas.errors import SchemaError
from personas.schema import SCHEMA_VERSION, PersonaDocument

MAX_YAML_ALIASES = 50
MAX_YAML_DEPTH = 40
MAX_YAML_BYTES = 50 * 1024 * 1024
#: libyaml's C parser when PyYAML was built with it (about ten times faster); same safe tag set.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Dumper(yaml.SafeDumper):
    """SafeDumper that never writes anchors/aliases and indents lists under their key."""

    def ignore_aliases(self, data: object) -> bool:  # noqa: D401 - yaml hook
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False):  # noqa: ANN201
        return super().increase_indent(flow, False)


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_presenter)


#: Documents with at least this many list items at the top level (people, unassigned, ...) are
#: written in pieces by two worker processes (100,000 comments, 16k people: ~9.5 s in one).
PARALLEL_YAML_ITEMS = 2000
#: Top-level lists are cut into pieces of at most this many items.
YAML_PIECE_ITEMS = 1000


def _dump(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)


def _dump_piece(data: dict, piece: tuple[str, int | None, int | None]) -> str:
    """YAML of one top-level key, or of items start:stop of its list (without the key line after the first piece)."""
    key, start, stop = piece
    if start is None:
        return _dump({key: data[key]})
    text = _dump({key: data[key][start:stop]})
    return text if start == 0 else text.split("\n", 1)[1]


def to_yaml(document: PersonaDocument) -> str:
    """The document as YAML text: same document, same bytes.

    A block mapping's keys, and a block list's items, are written independently of one another, so
    a big document is written in pieces (each top-level key; long lists in runs of
    :data:`YAML_PIECE_ITEMS` items) by two worker processes and joined: the same bytes as one
    ``yaml.dump`` (tested).
    """
    data = document.model_dump(mode="json")
    pieces: list[tuple[str, int | None, int | None]] = []
    items = 0
    for key, value in data.items():
        if isinstance(value, list) and len(value) > YAML_PIECE_ITEMS:
            pieces += [(key, start, start + YAML_PIECE_ITEMS) for start in range(0, len(value), YAML_PIECE_ITEMS)]
        else:
            pieces.append((key, None, None))
        items += len(value) if isinstance(value, list) else 0
    if items < PARALLEL_YAML_ITEMS:
        return _dump(data)
    return "".join(fork_map(_dump_piece, pieces, data))


def export_document(document: PersonaDocument, view: str = "analyst", *, nlp=None) -> PersonaDocument:
    """The document as it may be exported in ``view`` ('analyst' or 'share'); see :mod:`personas.privacy`.

    The CLI and the app export through this one function, so both write the same bytes.
    """
    from personas.privacy import privacy_view

    return privacy_view(document, view, nlp=nlp)  # type: ignore[arg-type]


def export_yaml(document: PersonaDocument, view: str = "analyst", *, nlp=None) -> str:
    """YAML of :func:`export_document`: what ``python -m personas build --privacy VIEW`` writes."""
    return to_yaml(export_document(document, view, nlp=nlp))


def write_yaml(document: PersonaDocument, path: str | Path) -> None:
    from personas.storage import atomic_write_text

    atomic_write_text(Path(path), to_yaml(document))


def _check_structure(text: str, where: str | None = None) -> None:
    """Refuse alias bombs and absurdly deep documents before building any objects."""
    aliases = 0
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_YAML_ALIASES:
                    raise SchemaError("E503", f"the document uses more than {MAX_YAML_ALIASES} YAML aliases.", where=where,
                                      hint="persona YAML never needs aliases; export it again from Real Personas.")
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    raise SchemaError("E504", f"the document is nested more than {MAX_YAML_DEPTH} levels deep.", where=where,
                                      hint="persona YAML is at most a few levels deep; check the file is a persona export.")
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError as exc:
        if "nesting depth" in str(exc):  # libyaml's own limit on flow nesting
            raise SchemaError("E504", f"the document is nested more than {MAX_YAML_DEPTH} levels deep.", where=where,
                              hint="persona YAML is at most a few levels deep; check the file is a persona export.") from None
        raise SchemaError("E501", f"the file is not valid YAML: {exc}".replace("\n", " "), where=where,
                          hint="check the indentation and quoting near the line named above.") from None


def _loc(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


def parse_yaml(text: str, *, where: str = "persona YAML") -> PersonaDocument:
    """Read and validate a persona document; every error names where in the document it is."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_YAML_BYTES:
        raise SchemaError("E505", f"the document is larger than {MAX_YAML_BYTES // (1024 * 1024)} MB.", where=where)
    _check_structure(text, where)
    try:
        data = yaml.load(text, Loader=_SafeLoader)  # noqa: S506 - a safe loader (C or Python SafeLoader)
    except yaml.YAMLError as exc:
        raise SchemaError("E501", f"the file is not valid YAML: {exc}".replace("\n", " "), where=where,
                          hint="check the indentation and quoting near the line named above.") from None
    if not isinstance(data, dict):
        raise SchemaError("E502", f"expected a mapping at the top, found {type(data).__name__}.", where=where,
                          hint="a persona document starts with 'schema_version: 1'.")
    version = data.get("schema_version")
    if type(version) is not int or version != SCHEMA_VERSION:  # True == 1 and 1.0 == 1 in Python: not versions
        raise SchemaError("E506", f"schema_version is {version!r}; this version of Real Personas reads version {SCHEMA_VERSION}.",
                          where=where, hint="export the file again with this version, or upgrade Real Personas.")
    try:
        return PersonaDocument.model_validate(data)
    except ValidationError as exc:
        problems = [f"{_loc(err['loc'])}: {err['msg']}" for err in exc.errors()[:10]]
        more = f" (and {exc.error_count() - 10} more)" if exc.error_count() > 10 else ""
        raise SchemaError("E507", "the document does not match persona schema v1: " + "; ".join(problems) + more,
                          where=where, hint="fix the fields named, or export the file again.") from None


def read_yaml(path: str | Path) -> PersonaDocument:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SchemaError("E508", "file not found.", where=str(path), hint="check the path.") from None
    except (UnicodeDecodeError, OSError) as exc:
        raise SchemaError("E509", f"cannot read the file as UTF-8 text ({exc.__class__.__name__}).", where=str(path),
                          hint="persona YAML files are UTF-8 text written by Real Personas.") from None
    return parse_yaml(text, where=str(path))


_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def defuse_cell(value: str) -> str:
    """Stop spreadsheet programs from running customer text as a formula."""
    return "'" + value if value.startswith(_FORMULA_PREFIXES) else value


def assignments_csv(document: PersonaDocument) -> str:
    """``person_id,name,persona_id`` for every person (empty persona_id when unassigned)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["person_id", "name", "persona_id"])
    for person in document.people:
        writer.writerow([defuse_cell(person.id), defuse_cell(person.name), person.persona or ""])
    return buffer.getvalue()


def _md(text: str) -> str:
    """Escape Markdown control characters in customer text."""
    out = text.replace("\\", "\\\\")
    for ch in "`*_[]<>#|":
        out = out.replace(ch, "\\" + ch)
    return " ".join(out.split())


def markdown_cards(document: PersonaDocument) -> str:
    """Readable persona cards, one section per persona, every claim with its quotes."""
    lines = ["# Personas", ""]
    total = len(document.people)
    lines.append(f"{len(document.personas)} personas from {total} real people "
                 f"({len(document.unassigned)} unassigned), {sum(s.statements for s in document.sources)} statements "
                 f"in {len(document.sources)} sources.")
    lines.append("")
    for persona in document.personas:
        lines += [f"## {_md(persona.title)}", ""]
        lines.append(f"**Anchor:** {_md(persona.anchor.name)}: {_md(persona.anchor.why)}")
        lines.append("")
        lines.append(f"**People:** {persona.size} ({persona.share:.0%}): "
                     + ", ".join(_md(m.name) for m in persona.members))
        lines.append("")
        if persona.themes:
            lines.append("**Themes:** " + ", ".join(f"{_md(t.label)} ({t.weight:.0%})" for t in persona.themes))
            lines.append("")
        for heading, items in (("Goals", persona.goals), ("Pains", persona.pains), ("Questions", persona.questions)):
            if not items:
                continue
            lines.append(f"### {heading}")
            for item in items:
                lines.append(f"- **{_md(item.label)}** ({item.support} people)")
                for ev in item.evidence:
                    lines.append(f"  - > \u201c{_md(ev.quote)}\u201d: {_md(ev.name)}, {_md(ev.source)} {_md(ev.location)}")
            lines.append("")
        if persona.channels:
            lines.append("**Channels:** " + ", ".join(f"{c.channel} ({c.people})" for c in persona.channels))
            lines.append("")
        if persona.vocabulary:
            lines.append("**Their words:** " + ", ".join(_md(v.phrase) for v in persona.vocabulary))
            lines.append("")
        lines.append(f"**Sentiment:** {persona.sentiment.label} ({persona.sentiment.mean:+.2f})")
        lines.append("")
        lines.append("### In their words")
        for ev in persona.quotes:
            lines.append(f"> \u201c{_md(ev.quote)}\u201d  \n> {_md(ev.name)}, {_md(ev.source)} {_md(ev.location)}")
            lines.append("")
        if persona.notes:
            lines += ["### Workshop notes", _md(persona.notes), ""]
    if document.unassigned:
        lines += ["## Unassigned", ""]
        for u in document.unassigned:
            lines.append(f"- {_md(u.name)}: {_md(u.reason)}")
        lines.append("")
    return "\n".join(lines)
