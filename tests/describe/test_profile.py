"""The attribute profile: one line per attribute, like a persona card's demographics block."""

from __future__ import annotations

import random
import statistics

import pytest

from personas.describe.naming import enough
from personas.describe.profile import (
    AttributeShare,
    attribute_label,
    attribute_profile,
    profile_claim,
)


def _people(prefix: str, n: int) -> list[str]:
    return [f"{prefix}{i:02d}" for i in range(n)]


# -- labels ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("key, label", [
    ("How many years in business?", "Years in business"),
    ("How many years have you been in business?", "Years in business"),
    ("What is your role?", "Role"),
    ("What's your biggest challenge?", "Biggest challenge"),
    ("segment", "Segment"),
    ("years_in_business", "Years in business"),
    ("Q3. Which plan are you on?", "Plan"),
    ("Which features do you use? (Select all that apply)", "Features you use"),
    ("How many people work in the business, including you?", "People who work in the business"),
    ("Overall, how satisfied are you with Tillpoint?", "Satisfaction with Tillpoint"),
    ("How long have you been trading?", "Time trading"),
    ("Do you sell online", "Do you sell online?"),
    ("Monthly software spend (GBP)", "Monthly software spend (GBP)"),
    ("LinkedIn profile", "LinkedIn profile"),
])
def test_label_tidies_question_keys(key: str, label: str) -> None:
    assert attribute_label(key) == label


# -- categorical ----------------------------------------------------------------------------------

@pytest.mark.parametrize("monthly, founding, size", [(6, 4, 17), (5, 3, 12)])
def test_categorical_line_lists_shared_values_with_counts(monthly: int, founding: int, size: int) -> None:
    members = _people("m", size)
    values = ["monthly"] * monthly + ["Founding"] * (founding - 1) + ["founding"] + ["trial"]
    values += [f"plan {i}" for i in range(size - len(values))]  # each once: below enough()
    attributes = {pid: {"segment": v, "business": f"Business {i}"} for i, (pid, v) in enumerate(zip(members, values))}
    profile = attribute_profile(members, attributes)
    assert len(profile) == 1  # "business": everyone differs, no line
    line = profile[0]
    assert (line.attribute, line.value, line.people, line.of) == ("segment", "monthly", monthly, size)
    assert line.text == f"Segment: monthly ({monthly} of {size}), Founding ({founding})"  # casing grouped, commonest spelling
    assert "trial" not in line.text and enough(size) > 1


@pytest.mark.parametrize("size", [17])
def test_free_text_gives_a_line_only_for_a_shared_value(size: int) -> None:
    members = _people("m", size)
    attributes = {pid: {"business": f"Business {i}"} for i, pid in enumerate(members)}
    assert attribute_profile(members, attributes) == []
    for pid in members[:enough(size)]:
        attributes[pid]["business"] = "Bakery"
    assert [(p.value, p.people) for p in attribute_profile(members, attributes)] == [("Bakery", enough(size))]


@pytest.mark.parametrize("key", ["location", "City", "Where are you based?"])
def test_place_line_reads_in_the_place(key: str) -> None:
    members = _people("m", 17)
    towns = ["Manchester"] * 9 + ["Leeds"] * 3 + [f"Town {i}" for i in range(5)]
    profile = attribute_profile(members, {pid: {key: t} for pid, t in zip(members, towns)})
    assert [p.text for p in profile] == ["9 of 17 in Manchester, 3 in Leeds"]
    assert (profile[0].value, profile[0].people) == ("Manchester", 9)


def test_multiple_choice_with_commas_counts_each_option() -> None:
    members = _people("m", 10)
    picks = ["Card payments, Reports", "Card payments", "Reports, Bookings", "Card payments, Bookings",
             "Card payments, Reports, Bookings"] * 2
    line = attribute_profile(members, {pid: {"Tools": p} for pid, p in zip(members, picks)})[0]
    assert (line.value, line.people) == ("Card payments", 8)
    assert line.text == "Tools: Card payments (8 of 10), Bookings (6), Reports (6)"


def test_multiple_choice_counts_each_option_and_a_single_option_with_a_comma_stays_whole() -> None:
    members = _people("m", 10)
    picks = ["Invoicing;Reports;", "Invoicing;", "Reports;Bookings;", "Invoicing;Bookings;", "Reports;"] * 2
    kinds = ["Salon, studio or clinic"] * 4 + ["Cafe, bar or shop"] * 3 + ["Trades and home services"] * 3
    attributes = {pid: {"Which features do you use?": p, "What kind of business do you run?": k}
                  for pid, p, k in zip(members, picks, kinds)}
    by_key = {p.attribute: p for p in attribute_profile(members, attributes)}
    features = by_key["Which features do you use?"]
    assert (features.value, features.people) == ("Invoicing", 6)
    assert features.text.startswith("Features you use: Invoicing (6 of 10), Reports (6)")
    assert by_key["Which features do you use?"].text.endswith("Bookings (4)")
    business = by_key["What kind of business do you run?"]
    assert (business.value, business.people) == ("Salon, studio or clinic", 4)


# -- numeric --------------------------------------------------------------------------------------

def test_numeric_line_median_range_and_everyone() -> None:
    members = _people("m", 16)
    years = ["0.5", "0.5", "0", "1", "0.5", "2", "0.5", "1", "0.5", "0.5"]  # 10 answered; 6 did not
    attributes = {pid: ({"How many years in business?": y} if (y := dict(zip(members, years)).get(pid)) else {})
                  for pid in members}
    others = {f"o{i:02d}": {"How many years in business?": str(v)} for i, v in enumerate([3, 4, 5, 6, 7, 8, 2, 4, 11, 6] * 3)}
    everyone = {**attributes, **others}
    overall = statistics.median(float(a["How many years in business?"]) for a in everyone.values() if a)
    alone = attribute_profile(members, attributes)[0]
    assert (alone.value, alone.people, alone.of) == ("median 0.5", len(years), 16)
    assert alone.text == f"Years in business: median 0.5 (0 to 2; {len(years)} of 16 answered)"
    compared = attribute_profile(members, attributes, everyone=everyone)[0]
    assert compared.text == alone.text + f", against {overall:g} for everyone"


def test_numeric_needs_enough_numbers_and_a_mostly_numeric_attribute() -> None:
    members = _people("m", 10)
    assert attribute_profile(members, {members[0]: {"Staff": "3"}}) == []  # one answer: not enough
    words = {pid: {"Years trading": v} for pid, v in zip(members, ["1-3 years"] * 5 + ["Less than 1 year"] * 4 + ["2"])}
    line = attribute_profile(members, words)[0]
    assert (line.value, line.people) == ("1-3 years", 5)  # categorical: 1 number in 10 answers


# -- order ----------------------------------------------------------------------------------------

def _crowd():
    """17 members; 'plan' is common everywhere, 'sector' and 'age' set the members apart."""
    members = _people("m", 17)
    attributes = {pid: {"plan": "monthly" if i < 12 else "annual", "sector": "Retail" if i < 6 else f"Sector {i}",
                        "age": str(25 + i % 4)} for i, pid in enumerate(members)}
    others = {pid: {"plan": "monthly" if i < 50 else "annual", "sector": "Retail" if i < 3 else "Services",
                    "age": str(40 + i % 9)} for i, pid in enumerate(_people("o", 68))}
    return members, attributes, {**attributes, **others}


def test_distinctive_lines_come_before_lines_everyone_shares() -> None:
    members, attributes, everyone = _crowd()
    plain = [p.attribute for p in attribute_profile(members, attributes)]
    assert plain[0] == "age" and plain.index("plan") < plain.index("sector")  # most people first
    compared = attribute_profile(members, attributes, everyone=everyone)
    assert [p.attribute for p in compared][-1] == "plan"  # 12 of 17 monthly, as 62 of 85 everywhere
    sector = next(p for p in compared if p.attribute == "sector")
    retail = sum(1 for a in everyone.values() if a["sector"] == "Retail")
    assert sector.text == f"Sector: Retail (6 of 17, against {retail} of all {len(everyone)})"
    assert "against" not in next(p for p in compared if p.attribute == "plan").text


def test_numeric_far_from_everyone_beats_a_categorical_share_everyone_has() -> None:
    members, attributes, everyone = _crowd()
    compared = attribute_profile(members, attributes, limit=2, everyone=everyone)
    assert [p.attribute for p in compared] == ["age", "sector"]  # all 17 below everyone's median, then Retail
    assert compared[0].text.endswith(f"against {statistics.median(int(a['age']) for a in everyone.values()):g} for everyone")


def test_order_does_not_depend_on_input_order() -> None:
    members, attributes, everyone = _crowd()
    expected = attribute_profile(members, attributes, everyone=everyone)
    rng = random.Random(7)
    for _ in range(5):
        shuffled = members[:]
        rng.shuffle(shuffled)
        attrs = {pid: dict(sorted(attributes[pid].items(), key=lambda kv: rng.random())) for pid in reversed(shuffled)}
        every = {pid: everyone[pid] for pid in sorted(everyone, key=lambda _: rng.random())}
        assert attribute_profile(shuffled, attrs, everyone=every) == expected


@pytest.mark.parametrize("limit", [1, 2])
def test_limit_lines(limit: int) -> None:
    members, attributes, everyone = _crowd()
    assert len(attribute_profile(members, attributes, limit=limit, everyone=everyone)) == limit


# -- privacy --------------------------------------------------------------------------------------

@pytest.mark.parametrize("key", ["email", "E-mail address", "Name", "First name", "Phone", "Mobile number", "Respondent ID",
                                 "Website", "Postcode"])
def test_keys_naming_people_are_skipped(key: str) -> None:
    members = _people("m", 8)
    assert attribute_profile(members, {pid: {key: "same value"} for pid in members}) == []


def test_contact_values_are_never_counted_whatever_the_key() -> None:
    members = _people("m", 8)
    for value in ["team@example.com", "https://example.com/me", "+44 7700 900123"]:
        assert attribute_profile(members, {pid: {"Contact preference": value} for pid in members}) == []


# -- claim ----------------------------------------------------------------------------------------

def test_profile_claim_reads_the_first_lines_plainly() -> None:
    lines = [AttributeShare("How many years in business", "median 0.5", 10, 16, "Years in business: median 0.5 (0 to 2)"),
             AttributeShare("segment", "monthly", 4, 16, "Segment: monthly (4 of 16), annual (3)"),
             AttributeShare("location", "Leeds", 3, 16, "3 of 16 in Leeds")]
    claim = profile_claim(lines)
    assert claim.text == "Years in business: median 0.5 (0 to 2). Segment: monthly (4 of 16), annual (3)."
    assert claim.support == 10
    assert profile_claim([lines[2]]).text == "3 of 16 in Leeds."
    assert profile_claim([]) is None
