"""describe_personas' helpers give what the straightforward loops they replace gave."""

from __future__ import annotations

import gc
from collections import defaultdict

import pytest

import personas.build as build_module
from personas.build import (
    PersonaEdits,
    _person_statement_index,
    _persona_vocabulary,
    _signal_items,
    _signals_by_kind,
    describe_personas,
    statement_tokens,
)


@pytest.mark.parametrize("every", [1, 2])
def test_describe_persona_vocabulary_from_summed_statement_counts_equals_counting_concatenated_tokens(sample_build, every) -> None:
    """A person's terms are the sum of their statements' term counts (columns in statement order); counting
    each person's concatenated statement tokens afresh (the straightforward way) gives the same vocabulary."""
    from analysis.counts import token_counts
    from analysis.vectorize import top_terms_of_counts

    corpus, analysis = sample_build.corpus, sample_build.analysis
    rows = _person_statement_index(corpus)
    people = sorted(rows)[::every]
    persona_ids = ["b", "a", "c"]
    assignment = {pid: persona_ids[i % 3] for i, pid in enumerate(people)}
    got = _persona_vocabulary(assignment, persona_ids, rows, analysis.statement_term_counts())
    features = analysis.features
    concatenated = [[t for i in rows[pid] for t in statement_tokens(features[i])] for pid in sorted(assignment)]
    labels = [persona_ids.index(assignment[pid]) for pid in sorted(assignment)]
    expected = top_terms_of_counts(token_counts(concatenated), labels, top_n=10)
    assert got == expected and sum(len(terms) for terms in got.values()) > 10


def _signals_one_kind_at_a_time(kind, members, rows, corpus, analysis, hidden):
    """The original loop: a pass over the members' statements per kind."""
    by_theme: dict[int, dict[str, tuple[int, str]]] = defaultdict(dict)
    for pid in members:
        for i in rows[pid]:
            if corpus.statements[i].id in hidden:
                continue
            for signal in analysis.features[i].signals:
                if signal.kind == kind:
                    by_theme[int(analysis.themes.labels[i])].setdefault(pid, (i, signal.sentence))
    return by_theme


def test_describe_signals_in_one_pass_match_a_pass_per_kind(sample_build) -> None:
    corpus, analysis, document = sample_build.corpus, sample_build.analysis, sample_build.document
    rows = _person_statement_index(corpus)
    labels = analysis.themes.labels.tolist()
    persons = corpus.persons
    theme_ids = {int(l): f"theme-{l + 1:02d}" for l in set(labels) if l >= 0}
    theme_names = {label: f"name {label}" for label in theme_ids}
    with_signals = [corpus.statements[i].id for i, f in enumerate(analysis.features) if f.signals]
    assert len(with_signals) > 10
    checked = 0
    for hidden in (set(), set(with_signals[::3])):
        for persona in document.personas:
            members = [m.person for m in persona.members]
            rank_of = {pid: r for r, pid in enumerate(members)}
            found = _signals_by_kind(members, rows, corpus, analysis.features, labels, hidden)
            for kind in ("goal", "pain", "question"):
                expected = _signals_one_kind_at_a_time(kind, members, rows, corpus, analysis, hidden)
                got = found.get(kind, {})
                assert list(got) == list(expected) and all(got[l] == expected[l] for l in expected)
                assert (_signal_items(got, corpus, persons, rank_of, theme_ids, theme_names)
                        == _signal_items(expected, corpus, persons, rank_of, theme_ids, theme_names))
                checked += sum(len(v) for v in expected.values())
    assert checked > 10


def test_describe_pinned_quote_leads(sample_build) -> None:
    result = sample_build
    persona = result.document.personas[0]
    rows = _person_statement_index(result.corpus)
    last = persona.members[-1].person
    pinned = next(result.corpus.statements[i].id for i in rows[last])
    doc = describe_personas(result.corpus, result.analysis, result.people_model,
                            edits={persona.id: PersonaEdits(pinned=(pinned, "s-not-a-statement"))})
    assert doc.personas[0].quotes[0].statement == pinned
    assert [q.statement for q in doc.personas[0].quotes[1:]] == [q.statement for q in persona.quotes if q.person != last][:4]


def test_describe_runs_with_the_collector_paused(sample_build, monkeypatch) -> None:
    seen: list[bool] = []
    real = build_module.top_terms_of_counts

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(build_module, "top_terms_of_counts", spy)
    result = sample_build
    again = describe_personas(result.corpus, result.analysis, result.people_model,
                              build_module.BuildSettings(analysis=build_module.AnalysisSettings(spacy_model="blank")))
    assert seen == [False] and gc.isenabled()
    assert again == result.document


def test_describe_refuses_an_assigned_person_without_statements(sample_build) -> None:
    """As before: a person with no analysed statement cannot be placed in a persona."""
    result = sample_build
    silent = next(p.id for p in result.corpus.people.people if p.id not in _person_statement_index(result.corpus))
    assignment = {pid: f"persona-{label + 1}" for pid, label in result.people_model.assignment.items()} | {silent: "persona-1"}
    with pytest.raises(KeyError):
        describe_personas(result.corpus, result.analysis, result.people_model, assignment=assignment)
