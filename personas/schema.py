"""Persona YAML, schema version 1: the validated document model.

The document is what the CLI writes, the app exports and both read back. Every model forbids
unknown keys, so a typo in a hand-edited file is reported with its path inside the document.
``schema/persona-v1.schema.json`` is generated from these models (a test keeps them in step).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1


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


class Evidence(_Model):
    quote: str = Field(description="Verbatim text of the person, a substring of one of their statements.")
    person: str = Field(description="Person id.")
    name: str
    source: str
    location: str
    statement: str = Field(description="Statement id the quote was taken from.")


class SignalItem(_Model):
    label: str = Field(description="What the item is about (the theme of its evidence).")
    theme: str | None = None
    support: int = Field(ge=0, description="Distinct people of the persona who said something like this.")
    evidence: list[Evidence]


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
    origin: Literal["client_override"] = "client_override"


class PersonaDocument(_Model):
    schema_version: Literal[1]
    generator: Generator
    sources: list[SourceDoc]
    issues: list[IssueDoc] = []
    interviewers: list[str] = []
    people: list[PersonDoc]
    merges: MergesDoc = MergesDoc()
    themes: list[ThemeDoc]
    personas: list[PersonaDoc]
    unassigned: list[UnassignedDoc]
    audit: list[AuditEntry] = []


def json_schema_text() -> str:
    """The JSON Schema of persona YAML v1, as committed in ``schema/persona-v1.schema.json``."""
    import json

    schema = PersonaDocument.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Real Personas persona document, schema version 1"
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
