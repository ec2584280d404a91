"""Consent levels and privacy views: pseudonyms, display names, redaction, share view, preflight."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass

import pytest

from personas.export import parse_yaml, to_yaml
from personas.privacy import (
    Finding,
    display_name,
    is_pseudonym,
    preflight,
    privacy_view,
    pseudonym,
    pseudonyms,
    redact_text,
)
from tests.conftest import ROOT

IDS = ["p-aisha-bello", "p-owen-pritchard", "p-amira-haddad", "p-x", "p-" + "z" * 80, "p-zoë"]


# ---------------------------------------------------------------------------------------------- pseudonyms


@pytest.mark.parametrize("person_id", IDS)
def test_privacy_pseudonym_is_stable_and_readable(person_id: str) -> None:
    name = pseudonym(person_id)
    assert name == pseudonym(person_id)
    assert is_pseudonym(name)
    assert re.fullmatch(r"[A-Z][a-z]+ [A-Z][a-z]+", name)


@pytest.mark.parametrize("seed", ["0", "12345"])
def test_privacy_pseudonym_same_in_another_process(seed: str) -> None:
    code = "import json, sys; from personas.privacy import pseudonym; print(json.dumps([pseudonym(i) for i in sys.argv[1:]]))"
    out = subprocess.run([sys.executable, "-c", code, *IDS], capture_output=True, text=True, cwd=ROOT, check=True,
                         env={"PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT), "PATH": ""})
    assert out.stdout.strip() == str([pseudonym(i) for i in IDS]).replace("'", '"')


@pytest.mark.parametrize("n", [2000])
def test_privacy_pseudonyms_distinct_within_a_document(n: int) -> None:
    ids = [f"p-person-{i}" for i in range(n)]
    names = pseudonyms(ids)
    assert len(set(names.values())) == n
    assert names == pseudonyms(list(reversed(ids)))  # order of the input does not matter
    # The first id (sorted) of a colliding pair keeps its plain pseudonym.
    assert names[min(ids)] == pseudonym(min(ids))


@pytest.mark.parametrize("taken", [["Teal Heron"]])
def test_privacy_pseudonyms_avoid_taken_names(taken: list[str]) -> None:
    ids = [f"p-{i}" for i in range(300)]
    assert not set(pseudonyms(ids, taken=taken).values()) & set(taken)


# ---------------------------------------------------------------------------------------------- display names


@pytest.mark.parametrize(
    ("consent", "view", "expected"),
    [
        ("full", "analyst", "Jane Smith"),
        ("full", "share", "Jane Smith"),
        ("first_name", "analyst", "Jane Smith"),
        ("first_name", "share", "Jane"),
        ("pseudonym", "analyst", "Jane Smith"),
        ("pseudonym", "share", pseudonym("p-jane-smith")),
        ("exclude", "analyst", None),
        ("exclude", "share", None),
        ("something-else", "share", pseudonym("p-jane-smith")),
    ],
)
def test_privacy_display_name_per_consent_and_view(consent: str, view: str, expected: str | None) -> None:
    assert display_name("Jane Smith", consent, "p-jane-smith", view) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(("name", "expected"), [("Dr. Jane Smith", "Jane"), ("@bloom.and.bake", pseudonym("p-b")), ("jane@example.com", pseudonym("p-b"))])
def test_privacy_display_name_first_name_never_shows_an_identifier(name: str, expected: str) -> None:
    assert display_name(name, "first_name", "p-b", "share") == expected


@pytest.mark.parametrize("view", ["public", ""])
def test_privacy_display_name_rejects_unknown_view(view: str) -> None:
    with pytest.raises(ValueError, match="analyst, share"):
        display_name("Jane", "full", "p-j", view)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------- redaction


@pytest.mark.parametrize(
    ("text", "names", "expected", "kinds"),
    [
        ("Mail me at jane.doe+tag@example.co.uk please", [], "Mail me at [email] please", ["email"]),
        ("From: Jane <jane@example.com>", [], "From: Jane <[email]>", ["email"]),
        ("Call +44 7700 900123 after six", [], "Call [phone] after six", ["phone"]),
        ("Ring 07700 900123.", [], "Ring [phone].", ["phone"]),
        ("Office (555) 123-4567, ext 2", [], "Office [phone], ext 2", ["phone"]),
        ("US: +1 (555) 123-4567", [], "US: [phone]", ["phone"]),
        ("or 555-123-4567 or 0161 496 0000", [], "or [phone] or [phone]", ["phone", "phone"]),
        ("See www.example.co.uk/path for more", [], "See [url] for more", ["url"]),
        ("Go to https://bloomandbake.com/shop?x=1.", [], "Go to [url].", ["url"]),
        ("my site bloomandbake.co.uk is new", [], "my site [url] is new", ["url"]),
        ("Follow @bloom.and.bake for cakes", [], "Follow [handle] for cakes", ["handle"]),
        ("(@janesmith_99)", [], "([handle])", ["handle"]),
        ("Thanks, Jane Smith!", ["Jane Smith"], "Thanks, [name]!", ["name"]),
        ("JANE SMITH said (jane smith) and Jane\nSmith", ["Jane Smith"], "[name] said ([name]) and [name]", ["name"] * 3),
        ("\"Priya\": great call, Priya's idea.", ["Priya"], "\"[name]\": great call, [name]'s idea.", ["name", "name"]),
        ("Zoe and Zoë", ["Zoë Adams", "Zoë"], "[name] and [name]", ["name", "name"]),
    ],
)
def test_privacy_redact_each_kind(text: str, names: list[str], expected: str, kinds: list[str]) -> None:
    out, redactions = redact_text(text, names=names)
    assert out == expected
    assert [r.kind for r in redactions] == kinds
    for r in redactions:
        assert text[r.start:r.end] == r.text


@pytest.mark.parametrize(
    "text",
    [
        "It costs £25 a month, or $300 a year (20% off).",
        "We met on 2026-03-04 at 10:30 and again on 04/03/2026.",
        "Between 2019 and 2024 we grew 1,250 followers.",
        "Version 2.5.1 is fine; e.g. the 3-4 day window.",
        "Our janeway project is Janet's; Benji and Bennett are someone else.",
        "The email went out. It was great.It really was.",
        "I paid 1,000,000 for 12 items at 00:01:02.500.",
        "She said she loves the gravity of it all and the benevolence.",
        "Sales were 12 345 in Q1.",
    ],
)
def test_privacy_redact_no_false_positives(text: str) -> None:
    out, redactions = redact_text(text, names=["Jane", "Ben"])
    assert (out, redactions) == (text, [])


@dataclass
class _Ent:
    start_char: int
    end_char: int
    label_: str


class _FakeNER:
    """Stands in for a trained spaCy pipeline with NER (no model download in tests)."""

    pipe_names = ["tok2vec", "ner"]

    def __call__(self, text: str):
        ents = [_Ent(m.start(), m.end(), "PERSON") for m in re.finditer(r"Mrs Dalloway", text)]
        ents += [_Ent(m.start(), m.end(), "ORG") for m in re.finditer(r"Acme", text)]

        class _Doc:
            pass

        doc = _Doc()
        doc.ents = ents  # type: ignore[attr-defined]
        return doc


@pytest.mark.parametrize("text", ["Ask Mrs Dalloway at Acme."])
def test_privacy_redact_person_entities_with_ner(text: str) -> None:
    out, redactions = redact_text(text, names=[], nlp=_FakeNER())
    assert out == "Ask [name] at Acme."
    assert [r.kind for r in redactions] == ["person_entity"]


# ---------------------------------------------------------------------------------------------- sample set


EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
HANDLE = re.compile(r"(?<![\w@])@[A-Za-z0-9_.]+")
PHONE = re.compile(r"(?<![\w+])\+?\d[\d ()-]{9,}\d(?!\w)")


@pytest.fixture(scope="module")
def share(sample_build):
    return privacy_view(sample_build.document, "share")


@pytest.fixture(scope="module")
def analyst(sample_build):
    return privacy_view(sample_build.document, "analyst")


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [str(k), *_strings(v)]]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _strings(v)]
    return []


def _excluded(sample_build) -> tuple[set[str], list[str], list[str]]:
    """Ids, names/aliases (roster + people) and raw statement texts of excluded people."""
    corpus = sample_build.corpus
    ids = {p.id for p in corpus.people.people if p.consent == "exclude"}
    names = [n for e in corpus.ingest.roster if e.consent == "exclude" for n in (e.name, *e.aliases)]
    names += [n for p in corpus.people.people if p.id in ids for n in (p.name, *p.aliases)]
    texts = [s.text for s in corpus.ingest.statements if corpus.people.person_of_statement.get(s.id) in ids]
    return ids, names, texts


def _sentences(text: str) -> list[str]:
    return [s.rstrip(".!?, ") for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) >= 4]


@pytest.mark.parametrize("view", ["share"])
def test_privacy_sample_share_has_no_contact_details(share, view: str) -> None:
    # statement ids are 12 hex digits, some of them all decimal ('s-414942351264'): not phone numbers
    text = re.sub(r"\bs-[0-9a-f]{12}\b", "s-id", to_yaml(share))
    assert share.generator.settings["privacy"] == view
    assert not EMAIL.findall(text)
    assert not HANDLE.findall(text)
    assert not [p for p in PHONE.findall(text) if sum(c.isdigit() for c in p) >= 10]


@pytest.mark.parametrize("view", ["share"])
def test_privacy_sample_share_has_no_excluded_person(sample_build, share, view: str) -> None:
    ids, names, texts = _excluded(sample_build)
    assert ids and names and texts, "the sample set must exercise exclusion"
    strings = _strings(share.model_dump(mode="json"))
    blob = "\n".join(strings).casefold()
    for name in names:
        assert name.casefold() not in blob, name
        assert name.casefold().lstrip("@") not in blob, name
    corpus = sample_build.corpus
    # The sample's people repeat each other's stock phrases; only what no one else said must be absent.
    said_by_others = {sentence.casefold() for s in corpus.ingest.statements if corpus.people.person_of_statement.get(s.id) not in ids
                      for sentence in _sentences(s.text)}
    own = [sentence for raw in texts for sentence in _sentences(raw) if sentence.casefold() not in said_by_others]
    assert own
    for sentence in own:
        assert sentence.casefold() not in blob, sentence
    assert not ids & {p.id for p in share.people}
    assert not ids & {u.person for u in share.unassigned}


@pytest.mark.parametrize("consent", ["pseudonym", "first_name"])
def test_privacy_sample_share_hides_names_beyond_consent(sample_build, share, consent: str) -> None:
    text = to_yaml(share)
    people = [p for p in sample_build.document.people if p.consent == consent]
    assert people
    shown = {p.name for p in share.people}
    for person in people:
        assert person.name not in text
        assert person.id not in text
        expected = display_name(person.name, consent, person.id, "share")
        assert expected in shown or consent == "pseudonym"
    if consent == "pseudonym":
        pseudonymous = [p for p in share.people if p.consent == "pseudonym"]
        assert all(is_pseudonym(p.name) for p in pseudonymous)
        assert len({p.name for p in pseudonymous}) == len(pseudonymous)


@pytest.mark.parametrize("view", ["share"])
def test_privacy_sample_share_preflight_is_clean_and_yaml_valid(share, view: str) -> None:
    assert preflight(share) == []
    again = parse_yaml(to_yaml(share))
    assert again == share


@pytest.mark.parametrize("view", ["analyst"])
def test_privacy_sample_analyst_view(sample_build, analyst, view: str) -> None:
    ids, _, _ = _excluded(sample_build)
    doc = sample_build.document
    assert analyst.generator.settings["privacy"] == view
    assert {p.id for p in analyst.people} == {p.id for p in doc.people} - ids
    assert not ids & {u.person for u in analyst.unassigned}
    assert analyst.personas == doc.personas
    assert "privacy" not in doc.generator.settings  # the input is not changed
    findings = preflight(analyst)
    kinds = {f.kind for f in findings}
    assert {"name", "email"} <= kinds
    assert Finding("name", "p-owen-pritchard", next(f.where for f in findings if f.text == "p-owen-pritchard")) in findings
    assert all(isinstance(f, Finding) and f.where for f in findings)


@pytest.mark.parametrize("view", ["share"])
def test_privacy_share_redacts_own_name_and_pii_in_quotes(sample_build, view: str) -> None:
    doc = sample_build.document.model_copy(deep=True)
    persona = doc.personas[0]
    quote = persona.quotes[0]
    person = next(p for p in doc.people if p.id == quote.person)
    first = person.name.split()[0]
    quote.quote = f"I'm {person.name} ({first.lower()}) - email {first}@example.com or call +44 7700 900123, @{first}_shop."
    persona.notes = f"Workshop: {person.name} agreed. See www.example.co.uk/path"
    share = privacy_view(doc, view)
    got = share.personas[0].quotes[0].quote
    assert got == "I'm [name] ([name]) - email [email] or call [phone], [handle]."
    assert share.personas[0].notes == "Workshop: [name] agreed. See [url]"
    assert preflight(share) == []
    assert preflight(doc)  # the unredacted document leaks


@pytest.mark.parametrize("view", ["share"])
def test_privacy_share_uses_ner_when_given(sample_build, view: str) -> None:
    doc = sample_build.document.model_copy(deep=True)
    doc.personas[0].quotes[0].quote = "My mentor Mrs Dalloway helped."
    share = privacy_view(doc, view, nlp=_FakeNER())
    assert share.personas[0].quotes[0].quote == "My mentor [name] helped."
    assert preflight(share, nlp=_FakeNER()) == []
    assert [f.kind for f in preflight(doc, nlp=_FakeNER()) if f.where == "personas[0].quotes[0].quote"] == ["person_entity"]


def test_privacy_share_view_replaces_whole_ids_of_excluded_people_in_audit(sample_build) -> None:
    from personas.privacy import preflight, privacy_view
    from personas.schema import AuditEntry

    doc = sample_build.document
    excluded = [p for p in doc.people if p.consent == "exclude"]
    assert excluded
    pid = excluded[0].id
    edited = doc.model_copy(update={"audit": [AuditEntry(at="2026-01-01T00:00:00Z", who="ann", action="set_consent",
                                                          what=f"Set the consent level of {pid} to 'exclude'")]})
    shared = privacy_view(edited, "share")
    text = shared.audit[0].what
    assert pid not in text and "[excluded person]" in text
    surname = excluded[0].name.split()[-1]
    assert surname.casefold() not in text.casefold()
    assert preflight(shared, original=edited) == []
    leaky = shared.model_copy(update={"audit": [AuditEntry(at="2026-01-01T00:00:00Z", who="ann", action="x", what=f"about {pid}")]})
    assert pid in [f.text for f in preflight(leaky, original=edited)]
