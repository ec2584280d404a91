"""A small synthetic corpus and shared fixtures for the workshop tests (imported by each test module).

Three clear groups of six people each (bakery owners, ad buyers, LinkedIn consultants), four
statements per person with distinct vocabularies, so tests do not depend on the sample data.
"""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import pytest

GROUPS: dict[str, tuple[list[str], list[str]]] = {
    "bakery": (
        ["Anna Baker", "Bruno Flour", "Carla Crumb", "Dario Yeast", "Elena Oven", "Felix Dough"],
        [
            "Foot traffic past the bakery drops every afternoon and the croissants go stale on the counter.",
            "I want more neighbours walking in for fresh bread before the morning rush at the bakery.",
            "Our sourdough sells out but foot traffic on the high street is slow after lunch.",
            "How do I get passers-by to notice the bakery window and the pastry display?",
            "The struggle is rent for the shop front while the pastry counter sits empty at noon.",
            "Local customers love the cinnamon buns, yet weekday foot traffic near the bakery stays thin.",
            "I need the bakery chalkboard sign to pull foot traffic from the bus stop.",
            "A loyalty card for bread and pastries brought regulars back to the shop counter.",
        ],
    ),
    "ads": (
        ["Gina Campaign", "Hugo Pixel", "Iris Budget", "Jonas Click", "Kira Funnel", "Leo Retarget"],
        [
            "Our ROAS on paid ads collapsed after the tracking change and the ad budget burns fast.",
            "I want a lower cost per click on the shopping campaigns without cutting ad spend.",
            "How do I read ROAS when the attribution window keeps shifting in the ads manager?",
            "The struggle is creative fatigue: every ad set dies after a week of retargeting.",
            "Retargeting audiences shrank, so the ad budget now chases cold traffic with poor ROAS.",
            "I need a clean dashboard of ad spend, conversions and ROAS per campaign.",
            "Scaling the campaign budget doubled the cost per acquisition on paid social ads.",
            "Pixel events misfire and the conversion tracking undercounts purchases from ads.",
        ],
    ),
    "linkedin": (
        ["Mara Network", "Nico Profile", "Olga Connect", "Paul Inbox", "Queenie Post", "Rafael Lead"],
        [
            "LinkedIn posts get likes but no leads, and my consulting pipeline stays empty.",
            "I want warm leads from LinkedIn without spamming connection requests all day.",
            "How do I turn profile views on LinkedIn into booked discovery calls with leads?",
            "The struggle is writing LinkedIn content every week while serving consulting clients.",
            "Cold outreach in the LinkedIn inbox feels pushy and the reply rate for leads is low.",
            "I need a simple system to follow up with LinkedIn leads after a webinar.",
            "My LinkedIn headline and profile banner do not explain the consulting offer clearly.",
            "Commenting on other posts brought more LinkedIn leads than my own carousels.",
        ],
    ),
}

N_STATEMENTS = 4


def corpus_files(groups: tuple[str, ...] = ("bakery", "ads", "linkedin"), *, seed: int = 7) -> list[tuple[str, bytes]]:
    """One comments CSV per group: author, comment (each person says four of the group's sentences)."""
    rng = random.Random(seed)
    files = []
    for group in groups:
        people, sentences = GROUPS[group]
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["author", "comment"])
        for person in people:
            for sentence in rng.sample(sentences, N_STATEMENTS):
                writer.writerow([person, sentence])
        files.append((f"{group}.csv", buffer.getvalue().encode("utf-8")))
    return files


def blank_settings(**analysis):
    from personas.settings import AnalysisSettings, BuildSettings

    return BuildSettings(analysis=AnalysisSettings(spacy_model="blank", **analysis))


def build_files(files, settings=None):
    from analysis.nlp import build_nlp
    from personas.build import build
    from personas.ingest import ingest_blobs

    settings = settings or blank_settings()
    return build(ingest_blobs(files, settings.ingest), settings, nlp=build_nlp("blank"))


@pytest.fixture(scope="session")
def files() -> list[tuple[str, bytes]]:
    return corpus_files()


@pytest.fixture(scope="session")
def settings():
    return blank_settings()


@pytest.fixture(scope="session")
def result(files, settings):
    return build_files(files, settings)


@pytest.fixture()
def project(tmp_path: Path, files, settings):
    from personas.project import create_project

    return create_project(tmp_path / "proj", "Test workshop", files, settings)


@pytest.fixture(scope="module")
def one_blas_thread():
    """k-means on tiny matrices is ~20x slower with a thread pool per call on a busy 2-core box.

    Never applied implicitly: a module asks for it by name (``pytestmark = pytest.mark.usefixtures("one_blas_thread")``),
    so a reader sees why its tests run single-threaded. It is module-scoped and ``threadpool_limits``
    restores the thread pools when the module ends, so no later test, in any directory, inherits the
    limit. The limit covers only libraries already loaded, so the build (scikit-learn, OpenMP) is
    imported first.
    """
    from threadpoolctl import threadpool_limits

    import personas.build  # noqa: F401

    with threadpool_limits(1):
        yield


def stamp(action: str, who: str = "ann", why: str = "the client said so", at: str = "2026-03-01T10:00:00.000000Z", **params):
    """An edit as the project layer stores it (with author, reason and time)."""
    from personas.workshop import Edit

    return Edit(action=action, params=params, who=who, why=why, at=at)


def persona_of(document, person_id: str) -> str | None:
    return next((p.id for p in document.personas if any(m.person == person_id for m in p.members)), None)


def by_id(document, persona_id: str):
    return next((p for p in document.personas if p.id == persona_id), None)


def statements_of(result, person_id: str) -> list[str]:
    return [s.id for s, pid in zip(result.corpus.statements, result.corpus.person_ids) if pid == person_id]


def all_evidence(persona):
    return list(persona.quotes) + [e for item in persona.goals + persona.pains + persona.questions for e in item.evidence]

