"""Draw the sentences of ``signals.csv`` (run once; the labels were then added by hand).

Stable rule: every text is split into sentences by a plain regex (after ``.``, ``!`` or ``?`` and
whitespace; independent of the project's sentencizer and signal rules); sentences of 3-60 words are
kept; per source, ``random.Random(17)`` draws half of its quota from sentences that contain a
broad candidate word (any of CANDIDATE_WORDS or a ``?``: so that plenty of goals, pains and
questions appear) and the other half from all remaining sentences. The sample's statements come
from ``personas.ingest.ingest_paths`` (interviewers left out), the datasets' from their CSVs.

    .venv/bin/python benchmarks/labels/draw.py > /tmp/candidates.csv
"""

from __future__ import annotations

import csv
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from benchmarks.common import DATASETS, read_rows  # noqa: E402

#: Broad, deliberately loose words that make a sentence a likely goal, pain or question.
CANDIDATE_WORDS = re.compile(
    r"\b(want|wants|wanted|love|like to|hope|hoping|trying|try|need|needs|wish|goal|looking|plan|"
    r"can'?t|cannot|won'?t|don'?t|problem|issue|frustrat\w*|hate|annoy\w*|struggl\w*|difficult|hard|"
    r"stuck|tired|fed up|worr\w*|confus\w*|disappoint\w*|broke|broken|stopped|never|wrong|help)\b|\?",
    re.IGNORECASE,
)
SPLIT = re.compile(r"(?<=[.!?])\s+")
#: source name -> number of sentences drawn.
QUOTAS = {"sample": 105, "amazon_reviewers": 90, "clinc_people": 60, "banking77": 60}


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SPLIT.split(text) if 3 <= len(s.split()) <= 60]


def sample_rows() -> list[tuple[str, str]]:
    from personas.ingest import ingest_paths

    result = ingest_paths([ROOT / "data" / "samples" / "coaching_community"])
    skip = set(result.interviewers)
    return [(f"{st.source}|{st.location}", st.text) for st in result.statements if st.speaker not in skip]


def dataset_rows(name: str) -> list[tuple[str, str]]:
    files = {"amazon_reviewers": "amazon_reviewers/amazon_reviewers.csv", "clinc_people": "clinc_people/clinc_people.csv",
             "banking77": "banking77/banking77.csv"}
    return [(f"row {i + 1}", row["text"]) for i, row in enumerate(read_rows(DATASETS / files[name]))]


def draw(name: str, rows: list[tuple[str, str]], quota: int, rng: random.Random) -> list[tuple[str, str, str]]:
    pool = sorted({(where, s) for where, text in rows for s in sentences(text)})
    cands = [p for p in pool if CANDIDATE_WORDS.search(p[1])]
    first = rng.sample(cands, quota // 2)
    rest = [p for p in pool if p not in set(first)]
    second = rng.sample(rest, quota - len(first))
    return [(name, where, s) for where, s in sorted(first + second)]


def main() -> None:
    rng = random.Random(17)
    out = csv.writer(sys.stdout)
    out.writerow(["dataset", "where", "sentence"])
    for name, quota in QUOTAS.items():
        rows = sample_rows() if name == "sample" else dataset_rows(name)
        for rec in draw(name, rows, quota, rng):
            out.writerow(rec)


if __name__ == "__main__":
    main()
