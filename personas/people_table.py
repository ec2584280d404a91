"""The layout of persona YAML for big corpora (schema v4): personas in the YAML, people in Parquet beside it.

A document lists every person (``people``), every persona's ``members`` and the ``unassigned``: with a
million people that is most of the YAML and more than a reader holds (``MAX_YAML_BYTES``). Over
``people_inline_limit`` people, :func:`split_document` keeps in the YAML what a reader of personas needs
(the personas with their anchors, counts, needs, evidence and quotes, and the ``members_listed`` most
typical members of each) and moves the whole of people and membership into one Parquet table, one row per
person in the document's order:

    id, name, aliases, attributes, consent, role, persona, statements, sources, anonymous   (PersonDoc)
    typicality, member_rank          as listed in its persona's members (rank 0 = first); null if none
    unassigned_reason, unassigned_rank   as listed in unassigned; null if it is a member

The YAML names the table in ``people_file`` (its file name beside the YAML, SHA-256, rows) and says
``schema_version: 4``; its ``people`` and ``unassigned`` are empty. :func:`join_document` reads it back to
the very document that was split, so writing that again gives the same bytes. Statement id lists
(``SignalItem.statements`` and the like) stay in the YAML: they grow with the statements grouped in a need,
not with people, and ``--statements`` writes every statement with its needs for a reader who wants them all.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from personas.errors import SchemaError
from personas.schema import (
    SCHEMA_VERSION,
    SPLIT_SCHEMA_VERSION,
    MemberDoc,
    PeopleFileDoc,
    PersonaDocument,
    PersonDoc,
    UnassignedDoc,
)

#: Members each persona lists in a version 4 YAML: the most typical, enough for a card and a workshop.
MEMBERS_LISTED = 50
_PERSON_FIELDS = tuple(PersonDoc.model_fields)
_COLUMNS = (*_PERSON_FIELDS, "typicality", "member_rank", "unassigned_reason", "unassigned_rank")


def people_file_name(yaml_path: str | Path) -> str:
    """``OUT.people.parquet`` for ``OUT.yaml`` (``.yml`` too; any other name gets the suffix added)."""
    name = Path(yaml_path).name
    stem = name[: -len(Path(name).suffix)] if Path(name).suffix.lower() in (".yaml", ".yml") else name
    return f"{stem}.people.parquet"


def _schema():
    import pyarrow as pa

    text, ints = pa.string(), pa.int64()
    types = {"id": text, "name": text, "aliases": pa.list_(text), "attributes": pa.map_(text, text), "consent": text,
             "role": text, "persona": text, "statements": ints, "sources": pa.list_(text), "anonymous": pa.bool_(),
             "typicality": pa.float64(), "member_rank": ints, "unassigned_reason": text, "unassigned_rank": ints}
    return pa.schema([pa.field(name, types[name], nullable=name not in ("id", "name", "consent")) for name in _COLUMNS])


def _listing(document: PersonaDocument) -> tuple[dict[str, tuple[MemberDoc, int]], dict[str, tuple[UnassignedDoc, int]]]:
    """Each person's member entry and rank, and unassigned entry and rank; refuses what a table cannot say
    (a member listed twice, under another persona than its own, or by another name; someone not in people)."""
    people = {p.id: p for p in document.people}
    members: dict[str, tuple[MemberDoc, int]] = {}
    unassigned: dict[str, tuple[UnassignedDoc, int]] = {}
    for persona in document.personas:
        for rank, member in enumerate(persona.members):
            person = people.get(member.person)
            if person is None or person.persona != persona.id or person.name != member.name or member.person in members:
                raise _unsplittable(f"member {member.person!r} of {persona.id}")
            members[member.person] = (member, rank)
    for rank, entry in enumerate(document.unassigned):
        person = people.get(entry.person)
        if person is None or person.persona is not None or person.name != entry.name or entry.person in unassigned:
            raise _unsplittable(f"unassigned {entry.person!r}")
        unassigned[entry.person] = (entry, rank)
    if len(people) != len(document.people):
        raise _unsplittable("a person id listed twice in people")
    return members, unassigned


def _unsplittable(what: str) -> SchemaError:
    return SchemaError("E513", f"cannot move the people into a table: {what} does not match its entry in people.",
                       hint="export the document again from Real Personas, or raise --people-inline-limit.")


def people_table_bytes(document: PersonaDocument) -> bytes:
    """The Parquet table of every person of ``document``, with their membership (same document, same bytes)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    members, unassigned = _listing(document)
    columns: dict[str, list] = {name: [] for name in _COLUMNS}
    for person in document.people:
        for name in _PERSON_FIELDS:
            value = getattr(person, name)
            columns[name].append(list(value.items()) if name == "attributes" else value)
        member, member_rank = members.get(person.id, (None, None))
        entry, unassigned_rank = unassigned.get(person.id, (None, None))
        columns["typicality"].append(member.typicality if member else None)
        columns["member_rank"].append(member_rank)
        columns["unassigned_reason"].append(entry.reason if entry else None)
        columns["unassigned_rank"].append(unassigned_rank)
    table = pa.table(columns, schema=_schema())
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd")
    return buffer.getvalue()


def split_document(document: PersonaDocument, file_name: str, table: bytes,
                   members_listed: int = MEMBERS_LISTED) -> PersonaDocument:
    """What the YAML of a big ``document`` holds: version 4, the personas with their ``members_listed`` most
    typical members (in their listed order), no people or unassigned, and ``people_file`` naming ``table``."""
    personas = []
    for persona in document.personas:
        order = sorted(range(len(persona.members)), key=lambda i: (-persona.members[i].typicality, i))
        keep = sorted(order[:members_listed])
        personas.append(persona.model_copy(update={"members": [persona.members[i] for i in keep]}))
    people_file = PeopleFileDoc(path=file_name, sha256=hashlib.sha256(table).hexdigest(), rows=len(document.people),
                                unassigned=len(document.unassigned), members_listed=members_listed)
    return document.model_copy(update={"schema_version": SPLIT_SCHEMA_VERSION, "people": [], "unassigned": [],
                                       "personas": personas, "people_file": people_file})


def _table_error(code: str, what: str, where: Path, hint: str) -> SchemaError:
    return SchemaError(code, what, where=str(where), hint=hint)


def _read_table(document: PersonaDocument, yaml_path: Path):
    """The people table ``document.people_file`` names, its bytes checked against the YAML's SHA-256."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    info = document.people_file
    assert info is not None
    path = yaml_path.parent / info.path
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise _table_error("E510", f"the people table {info.path} that {yaml_path.name} names is not beside it.", path,
                           f"copy {info.path} into the folder of {yaml_path.name} (the two files go together), "
                           "or build the personas again.") from None
    except OSError as exc:
        raise _table_error("E510", f"cannot read the people table {info.path} ({exc.__class__.__name__}).", path,
                           "check the file's permissions, or build the personas again.") from None
    digest = hashlib.sha256(data).hexdigest()
    if digest != info.sha256:
        raise _table_error("E511", f"the people table {info.path} is not the one {yaml_path.name} was written with "
                                   f"(SHA-256 {digest[:12]}..., the YAML says {info.sha256[:12]}...).", path,
                           "use the table written with this YAML (they are written together), or build the personas again.")
    try:
        table = pq.read_table(io.BytesIO(data))
    except (pa.ArrowException, OSError) as exc:
        raise _table_error("E512", f"the people table {info.path} is not a readable Parquet file ({exc}).", path,
                           "build the personas again.") from None
    if table.schema.names != list(_COLUMNS) or table.num_rows != info.rows:
        raise _table_error("E512", f"the people table {info.path} has columns {table.schema.names} and {table.num_rows} rows; "
                                   f"expected {list(_COLUMNS)} and {info.rows} rows.", path, "build the personas again.")
    return table


def join_document(document: PersonaDocument, yaml_path: str | Path) -> PersonaDocument:
    """The whole document a version 4 YAML with ``people_file`` was split from: people, members and
    unassigned read from the table (and checked), ``people_file`` gone, ``schema_version`` as built."""
    from pydantic import ValidationError

    yaml_path = Path(yaml_path)
    table = _read_table(document, yaml_path)
    rows = [dict(zip(_COLUMNS, values)) for values in zip(*(table.column(n).to_pylist() for n in _COLUMNS))]
    try:
        people = [PersonDoc(**{n: dict(r[n]) if n == "attributes" else r[n] for n in _PERSON_FIELDS}) for r in rows]
    except (ValidationError, TypeError) as exc:
        raise _table_error("E512", f"the people table {document.people_file.path} has a row that is not a person ({exc}).".replace("\n", " "),
                           yaml_path.parent / document.people_file.path, "build the personas again.") from None
    members: dict[str, list[tuple[int, MemberDoc]]] = {}
    unassigned: list[tuple[int, UnassignedDoc]] = []
    for row in rows:
        if row["member_rank"] is not None:
            member = MemberDoc(person=row["id"], name=row["name"], typicality=row["typicality"])
            members.setdefault(row["persona"], []).append((row["member_rank"], member))
        if row["unassigned_rank"] is not None:
            unassigned.append((row["unassigned_rank"], UnassignedDoc(person=row["id"], name=row["name"],
                                                                     reason=row["unassigned_reason"] or "")))
    unknown = sorted(set(members) - {p.id for p in document.personas}, key=str)
    if unknown:
        raise _table_error("E512", f"the people table {document.people_file.path} has members of personas the YAML does not "
                                   f"have: {unknown[:5]}.", yaml_path.parent / document.people_file.path,
                           "use the table written with this YAML, or build the personas again.")
    personas = [p.model_copy(update={"members": [m for _, m in sorted(members.get(p.id, []), key=lambda e: e[0])]})
                for p in document.personas]
    return document.model_copy(update={
        "schema_version": SCHEMA_VERSION,
        "people": people, "personas": personas, "people_file": None,
        "unassigned": [u for _, u in sorted(unassigned, key=lambda e: e[0])]})
