"""Persona YAML, schema version 3: the validated document model.

The document is what the CLI writes, the app exports and both read back. Every model forbids
unknown keys, so a typo in a hand-edited file is reported with its path inside the document.
``schema/persona-v3.schema.json`` is generated from these models (a test keeps them in step);
``schema/persona-v1.schema.json`` and ``schema/persona-v2.schema.json`` are kept, frozen, for
files of those versions, which still validate and load (the fields added since have defaults).

Version 2 added what a persona card shows: a persona's ``name`` / ``short_name`` (``title`` stays
the name unless a workshop renamed it), ``who`` (plain sentences, each with its support),
``profile`` (attribute values shared by members), ``self_descriptions``, ``everyone``, needs in
place of theme-headed goals / pains / questions (``SignalItem.id``, ``SignalItem.kind``), ``apart``
(what sets the persona apart) and ``ThemeDoc.small_talk``.

Version 3 adds a persona's ``behaviours`` (what members say they do, items of kind
``behaviour``), a profile line's ``text``, and the workshop room's ``reactions`` (what clients in
the room said of a persona or one of its needs; also in the audit as client input).

Version 4 is the layout for big corpora (``personas.people_table``): a document with more people than
``people_inline_limit`` keeps its personas (anchors, counts, needs, evidence) and each persona's most
typical members in the YAML, and every person and membership in a Parquet file beside it, which the new
``people_file`` names and hashes; ``people`` and ``unassigned`` are then empty in the YAML. A build
under the limit still writes version 3, byte for byte as before. ``schema/persona-v3.schema.json`` is
these models without ``people_file`` (:func:`json_schema_text` of 3, still checked against the file);
``schema/persona-v4.schema.json`` is the whole model.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_serializer, model_validator

#: The version a build writes when its people are listed in the YAML (at most ``people_inline_limit``).
SCHEMA_VERSION = 3
#: The version of a document whose people are in a ``people_file`` beside it (more people than the limit).
SPLIT_SCHEMA_VERSION = 4
#: Versions this code reads (older files lack the newer fields; their defaults apply).
SUPPORTED_VERSIONS = (1, 2, 3, 4)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Generator(_Model):
    name: str = Field("real-personas", description="The program that wrote the document.")
    version: str = Field(description="Its package version.")
    spacy_pipeline: str = Field(description="The spaCy pipeline used (name, version, components).")
    featurizer: str = Field(description="Versioned name of the text featurizer, e.g. lsa.v1.")
    clustering: str = Field(description="Versioned name of the people clustering, e.g. kmeans.v1.")
    seed: int
    settings: dict[str, object] = Field(description="Every build setting, defaults included.")


class SourceDoc(_Model):
    path: str
    format: str
    kind: str
    sha256: str
    statements: int = Field(ge=0)
    detail: str = ""


class IssueDoc(_Model):
    code: str
    source: str
    location: str = ""
    severity: Literal["error", "warning", "info"]
    message: str


class PersonDoc(_Model):
    id: str
    name: str
    aliases: list[str] = []
    attributes: dict[str, str] = {}
    consent: Literal["full", "first_name", "pseudonym", "exclude"]
    role: str = ""
    persona: str | None = Field(description="Id of the persona this person belongs to; null when unassigned.")
    statements: int = Field(ge=0, description="Number of statements by this person that were analysed.")
    sources: list[str] = []
    anonymous: bool = Field(False, description="A stand-in for an unknown author (a placeholder such as 'A Google user', a row without an author, a generic label such as 'Interviewee'); never an anchor, and its name is not a person's name.")


class MergeProposalDoc(_Model):
    alias: str
    alias_id: str
    target: str
    target_id: str
    confidence: float = Field(ge=0, le=1)
    reason: str


class MergesDoc(_Model):
    applied: list[str] = []
    proposed: list[MergeProposalDoc] = []


class ThemeDoc(_Model):
    id: str
    label: str
    phrases: list[str]
    statements: int = Field(ge=0)
    people: int = Field(ge=0, description="Distinct people with a statement in this theme.")
    small_talk: bool = Field(False, description="Thanks, greetings, '+1': kept out of persona descriptions (v2).")


class Evidence(_Model):
    quote: str = Field(description="Verbatim text of the person, a substring of one of their statements.")
    person: str = Field(description="Person id.")
    name: str
    source: str
    location: str
    statement: str = Field(description="Statement id the quote was taken from.")


class SignalItem(_Model):
    label: str = Field(description="The need in the members' words (v2); in v1 files the theme of its evidence.")
    theme: str | None = Field(None, description="The theme most of the need's sentences fall in.")
    support: int = Field(ge=0, description="Distinct people of the persona who said something like this.")
    evidence: list[Evidence]
    id: str | None = Field(None, description="Need id, unique in the document, e.g. persona-1.goal-1 (v2).")
    kind: Literal["goal", "pain", "question", "behaviour"] | None = Field(None, description="What kind of need (v2); 'behaviour' (v3): what they say they do.")
    statements: list[str] = Field([], description="Ids of every statement whose sentence is grouped in this need (v2).")


class ClaimDoc(_Model):
    text: str = Field(description="A plain sentence about the members, e.g. 'Most run a local shop.'")
    support: int = Field(ge=0, description="Distinct members the sentence stands on.")
    statements: list[str] = Field([], description="Ids of statements (quotes) that back it.")


class AttributeShareDoc(_Model):
    attribute: str = Field(description="Attribute key as read (roster column or closed survey question).")
    value: str
    people: int = Field(ge=0, description="Members with this value.")
    of: int = Field(ge=0, description="Members of the persona (the base of the share).")
    text: str = Field("", description="The profile line in words, e.g. '9 of 17 in Manchester' (v3).")


class SelfDescriptionDoc(_Model):
    phrase: str = Field(description="What members call themselves or their business, as they wrote it.")
    people: int = Field(ge=0, description="Distinct members who said it.")
    statements: list[str] = []


class DistinctionDoc(_Model):
    kind: Literal["need", "theme"]
    ref: str = Field(description="The need id or theme id.")
    label: str
    people: int = Field(ge=0, description="Members of this persona who said it.")
    size: int = Field(ge=0, description="Members of this persona.")
    others_people: int = Field(ge=0, description="Everyone else (the other personas and the unassigned) who said it.")
    others_size: int = Field(ge=0, description="Everyone else: all people but this persona's members.")
    text: str = Field(description="Both shares in words, e.g. '11 of 17, against 6 of the other 69'.")


class MemberDoc(_Model):
    person: str
    name: str
    typicality: float = Field(description="Cosine similarity of the person to the persona centre (1 = most typical).")


class AnchorDoc(_Model):
    person: str
    name: str
    why: str


class PersonaThemeDoc(_Model):
    theme: str
    label: str
    weight: float = Field(ge=0, le=1, description="Share of the persona's statements in this theme.")


class ChannelDoc(_Model):
    channel: str
    people: int = Field(ge=0)


class PhraseDoc(_Model):
    phrase: str
    score: float


class SentimentDoc(_Model):
    mean: float = Field(ge=-1, le=1)
    label: Literal["positive", "neutral", "negative"]
    positive_people: int = Field(ge=0)
    negative_people: int = Field(ge=0)


class PersonaDoc(_Model):
    id: str
    title: str
    anchor: AnchorDoc
    size: int = Field(ge=1, description="Number of member people.")
    share: float = Field(ge=0, le=1, description="Share of all assigned and unassigned people.")
    members: list[MemberDoc]
    themes: list[PersonaThemeDoc]
    goals: list[SignalItem]
    pains: list[SignalItem]
    questions: list[SignalItem]
    channels: list[ChannelDoc]
    vocabulary: list[PhraseDoc]
    sentiment: SentimentDoc
    quotes: list[Evidence]
    locked: bool = False
    notes: str = ""
    name: str = Field("", description="The generated name (v2); title is this unless the workshop renamed the persona.")
    short_name: str = Field("", description="At most three words, for charts (v2).")
    everyone: int = Field(0, ge=0, description="All people, assigned and unassigned: share = size / everyone (v2).")
    who: list[ClaimDoc] = Field([], description="Two or three plain sentences about who the members are (v2).")
    profile: list[AttributeShareDoc] = Field([], description="Attribute values a good share of the members have (v2).")
    self_descriptions: list[SelfDescriptionDoc] = Field([], description="What members call themselves (v2).")
    apart: list[DistinctionDoc] = Field([], description="Needs and themes whose share most exceeds everyone else's (v2).")
    behaviours: list[SignalItem] = Field([], description="What members say they do, grouped by meaning like needs (v3).")


class UnassignedDoc(_Model):
    person: str
    name: str
    reason: str


class AuditEntry(_Model):
    at: str
    who: str
    action: str
    what: str
    why: str = ""
    origin: Literal["client_override", "client_input"] = Field(
        "client_override", description="client_override: an edit made in the workshop; client_input (v3): a reaction from the room.")


class ReactionDoc(_Model):
    """What someone in the workshop room said of a persona or one of its needs (v3)."""

    id: str
    at: str = Field(description="When, ISO-8601 UTC.")
    persona: str = Field(description="The persona id.")
    need: str | None = Field(None, description="The need id (e.g. persona-1.goal-2), or none for the whole persona.")
    kind: Literal["us", "not_us", "surprising"] = Field(description="'that's us', 'not us' or 'surprising'.")
    comment: str = Field("", max_length=500, description="A short comment, plain text.")
    name: str = Field("", max_length=60, description="The participant's name, if they gave one.")


class PeopleFileDoc(_Model):
    """Where a version 4 document's people are: a Parquet table beside the YAML, one row per person (v4)."""

    path: str = Field(pattern=r"^[^/\\]*[^/\\.][^/\\]*$",
                      description="File name of the table, in the YAML's own folder (no folders in it).")
    format: Literal["parquet"] = "parquet"
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the file's bytes; reading checks it.")
    rows: int = Field(ge=0, description="People in the table, one row each: the document's people.")
    unassigned: int = Field(ge=0, description="Of them, people in no persona (each with its reason in the table).")
    members_listed: int = Field(ge=0, description="Each persona's members list in the YAML holds at most this many, the most "
                                                  "typical; its size and the table have them all.")


class PersonaDocument(_Model):
    schema_version: Literal[1, 2, 3, 4]
    generator: Generator
    sources: list[SourceDoc]
    issues: list[IssueDoc] = []
    interviewers: list[str] = []
    people: list[PersonDoc]
    people_file: PeopleFileDoc | None = Field(None, description="The table holding every person, member and unassigned "
                                                                "person, when the YAML does not list them (v4).")
    merges: MergesDoc = MergesDoc()
    themes: list[ThemeDoc]
    personas: list[PersonaDoc]
    unassigned: list[UnassignedDoc]
    audit: list[AuditEntry] = []
    reactions: list[ReactionDoc] = Field([], description="Reactions from the workshop room, oldest first (v3).")

    @model_validator(mode="after")
    def _people_file_is_v4(self) -> PersonaDocument:
        if self.people_file is not None and self.schema_version < SPLIT_SCHEMA_VERSION:
            raise ValueError(f"people_file is a version {SPLIT_SCHEMA_VERSION} field; this document says "
                             f"schema_version {self.schema_version}")
        return self

    @model_serializer(mode="wrap")
    def _dump(self, handler) -> dict:
        """A document without a ``people_file`` dumps without the key: a version 3 document dumps (and is
        written) as version 3 always was, and its dump validates against the frozen v1 to v3 schemas."""
        data = handler(self)
        if data.get("people_file", 0) is None:
            del data["people_file"]
        return data


def json_schema_text(version: int = SCHEMA_VERSION) -> str:
    """The JSON Schema of persona YAML ``version`` 3 or 4, as committed in ``schema/persona-v<version>.schema.json``.

    Version 3 is the model without what version 4 added (``people_file``, its model, the version number 4),
    so the committed v3 file stays as it was. (``schema/persona-v1.schema.json`` and ``persona-v2.schema.json``
    are kept, frozen: files of those versions validate against them.)
    """
    import json

    if version not in (SCHEMA_VERSION, SPLIT_SCHEMA_VERSION):
        raise ValueError(f"the schema of version {version} is a frozen file, not generated")
    schema = PersonaDocument.model_json_schema()
    if version == SCHEMA_VERSION:
        del schema["properties"]["people_file"], schema["$defs"]["PeopleFileDoc"]
        schema["properties"]["schema_version"]["enum"] = [1, 2, 3]
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"Real Personas persona document, schema version {version}"
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
