from __future__ import annotations

import pytest

from personas.errors import PeopleError
from personas.models import RosterEntry, Statement
from personas.people import normalise_name, propose_merges, resolve_people


def _statements(*speakers: str | tuple[str, tuple[str, ...]]) -> list[Statement]:
    out = []
    for i, spec in enumerate(speakers):
        speaker, ids = (spec, ()) if isinstance(spec, str) else spec
        out.append(Statement("comments.csv", "comment", f"row {i + 2}", speaker, f"statement {i} by {speaker}", identifiers=ids))
    return out


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("  Jane   SMITH ", "jane smith"),
        ("Zoë Adams", "zoe adams"),
        ("@bloom.and.bake", "bloom and bake"),
        ("Jane S.", "jane s"),
        ("Jane@JanesBakes.co.uk", "jane@janesbakes.co.uk"),
        ("O'Brien-Kelly", "o brien kelly"),
    ],
)
def test_people_normalise_name(raw: str, expected: str) -> None:
    assert normalise_name(raw) == expected


@pytest.mark.parametrize("variants", [("maria lopez", "Maria Lopez"), ("Zoë Adams", "Zoe Adams"), ("@tom_b", "@Tom.B")])
def test_people_exact_normalised_variants_are_one_person(variants: tuple[str, str]) -> None:
    index = resolve_people(_statements(*variants))
    assert len(index.people) == 1
    assert len(set(index.person_of_statement.values())) == 1
    assert index.applied, "an applied merge must be reported"


def test_people_display_name_prefers_capitalised_and_accented() -> None:
    index = resolve_people(_statements("maria lopez", "Maria Lopez", "zoe adams", "Zoë Adams"))
    assert sorted(p.name for p in index.people) == ["Maria Lopez", "Zoë Adams"]


def test_people_roster_aliases_resolve_handles_and_emails() -> None:
    roster = [RosterEntry("Jane Smith", ("@janesbakes", "jane@janesbakes.co.uk"), "first_name", "member", (("segment", "bakery"),))]
    index = resolve_people(_statements("Jane Smith", "@janesbakes", ("", ("jane@janesbakes.co.uk",)), "Other Person"), roster)
    jane = [p for p in index.people if p.name == "Jane Smith"]
    assert len(jane) == 1 and jane[0].consent == "first_name" and jane[0].in_roster
    assert dict(jane[0].attributes) == {"segment": "bakery"}
    assert sum(1 for pid in index.person_of_statement.values() if pid == jane[0].id) == 3


def test_people_email_column_links_name_variants() -> None:
    index = resolve_people(_statements(("J. Smith", ("js@x.com",)), ("Jane Smith", ("js@x.com",))))
    assert len(index.people) == 1


@pytest.mark.parametrize("short, full", [("Jane S.", "Jane Smith"), ("Tom B.", "Tom Becker"), ("J Smith", "Jane Smith"),
                                         ("Dan Okoro", "Daniel Okoro")])
def test_people_initials_are_proposed_not_applied(short: str, full: str) -> None:
    index = resolve_people(_statements(short, full))
    assert len(index.people) == 2
    assert [(p.alias, p.target) for p in index.proposals] == [(short, full)]
    assert 0 < index.proposals[0].confidence < 1


def test_people_ambiguous_initial_is_not_proposed() -> None:
    index = resolve_people(_statements("Jane S.", "Jane Smith", "Jane Stone"))
    assert not [p for p in index.proposals if p.alias == "Jane S."]


def test_people_anonymous_stand_ins_are_never_proposed() -> None:
    said = [Statement(f"interview {n}.txt", "transcript", "line 3", f"P{n}, interview {n}.txt", f"words {n}", anonymous=True) for n in (1, 2)]
    index = resolve_people(said + _statements("Jane S.", "Jane Smith"))
    assert {p.name for p in index.people if p.anonymous} == {"P1, interview 1.txt", "P2, interview 2.txt"}
    assert [(p.alias, p.target) for p in index.proposals] == [("Jane S.", "Jane Smith")]


@pytest.mark.parametrize("roster_attributes", [(), (("Plan", "Annual"),)])
def test_people_attributes_from_statements_roster_wins(roster_attributes) -> None:
    said = [Statement("survey.csv", "survey", "row 2", "Ana Ruiz", "I need invoices", attributes=(("Plan", "Monthly"), ("Role", "Owner")))]
    index = resolve_people(said, [RosterEntry("Ana Ruiz", attributes=roster_attributes)])
    want = {"Plan": "Monthly", "Role": "Owner"} | dict(roster_attributes)
    assert dict(index.people[0].attributes) == want


def test_people_two_roster_people_are_never_proposed() -> None:
    roster = [RosterEntry("Jon Smithers"), RosterEntry("John Smithers")]
    index = resolve_people(_statements("Jon Smithers", "John Smithers"), roster)
    assert index.proposals == []


def test_people_confirmed_merge_applies_and_keeps_target_id() -> None:
    statements = _statements("Tom B.", "Tom Becker")
    before = resolve_people(statements)
    target_id = next(p.id for p in before.people if p.name == "Tom Becker")
    index = resolve_people(statements, merges=["Tom B.=Tom Becker"])
    assert [p.name for p in index.people] == ["Tom Becker"]
    assert set(index.person_of_statement.values()) == {target_id}
    assert "Tom B." in index.people[0].aliases
    assert index.proposals == []


def test_people_merge_takes_the_stricter_consent() -> None:
    roster = [RosterEntry("Tom Becker", consent="pseudonym")]
    index = resolve_people(_statements("Tom B.", "Tom Becker"), roster, merges=["Tom B.=Tom Becker"])
    assert index.people[0].consent == "pseudonym"


@pytest.mark.parametrize("instruction, code", [("Tom B.", "E101"), ("Tim=Tom Becker", "E103")])
def test_people_bad_merge_is_a_coded_error(instruction: str, code: str) -> None:
    with pytest.raises(PeopleError) as info:
        resolve_people(_statements("Tom B.", "Tom Becker"), merges=[instruction])
    assert info.value.code == code
    assert "Fix:" in str(info.value)


def test_people_ids_are_stable_and_order_independent() -> None:
    a = resolve_people(_statements("Jane Smith", "Tom Becker", "maria lopez"))
    b = resolve_people(list(reversed(_statements("Jane Smith", "Tom Becker", "maria lopez"))))
    assert [p.id for p in a.people] == [p.id for p in b.people] == ["p-jane-smith", "p-maria-lopez", "p-tom-becker"]


def test_people_id_collision_gets_a_suffix() -> None:
    index = resolve_people(_statements("Jane Smith", "jane-smith@x.com"))
    ids = [p.id for p in index.people]
    assert len(ids) == len(set(ids)) == 2


_FIRST = ("Aisha Bruno Carmen Dmitri Elif Farah Goran Hiroshi Ingrid Jamal Katya Lorenzo Mireille Nkechi Oskar Priya Quentin "
          "Rosalind Sven Tamsin Ulrich Valentina Wendell Ximena Yannick Zofia Anselm Beatriz Cormac Delphine Emeka Fenella "
          "Gideon Hester Ignatius Juniper Kwame Leocadia Matteo Niamh Orrin Perpetua Radomir Saoirse Thaddeus Umberto Vesna "
          "Wilhelmina Xavier Yolanda Amadou Brigitta Casimir Dagny Eustace Florentyna Gwendolyn Horatio Isidora Jarek").split()
_LAST = ("Abernathy Bjornsson Castellano Dubrovnik Eriksen Fairweather Gonzaga Hawthorne Iwasaki Jovanovic Kowalczyk "
         "Lindqvist Mbeki Nakamura Okonjo Pemberton Quintero Rasmussen Szabo Thistlewood Underhill Vasquez Whitlock "
         "Yamamoto Zielinski Ashdown Bellweather Chakraborty Drummond Esterhazy Fitzgerald Grimaldi Holloway Ibarra "
         "Jaramillo Kingsley Lombardi Marchetti Nightingale Oyelaran Petrossian Quarshie Ravensworth Sokolov Tremblay "
         "Ulyanov Valdivia Wojcik Xiong Yilmaz").split()


def test_people_proposals_scale_to_thousands() -> None:
    """Among 3,000 distinct people, the two planted duplicates (an initial, a doubled letter) are proposed, and
    nothing else: distinct names sharing a first name or a surname are never offered as merges."""
    from personas.people import Person

    people = [Person(id=f"p-{i}-{j}", name=f"{first} {last}") for i, first in enumerate(_FIRST) for j, last in enumerate(_LAST)]
    assert len({p.name for p in people}) == 3000
    planted = [Person(id="p-yusuf", name="Yusuf Okonkwo"), Person(id="p-yusuf-o", name="Yusuf O."),
               Person(id="p-marguerite", name="Marguerite Villeneuve"), Person(id="p-margueritte", name="Margueritte Villeneuve")]
    proposals = propose_merges(people[:1500] + planted + people[1500:])
    pairs = {frozenset((m.alias_id, m.target_id)) for m in proposals}
    assert pairs == {frozenset(("p-yusuf", "p-yusuf-o")), frozenset(("p-marguerite", "p-margueritte"))}
    initial = next(m for m in proposals if "p-yusuf-o" in (m.alias_id, m.target_id))
    assert (initial.alias_id, initial.target_id) == ("p-yusuf-o", "p-yusuf")
