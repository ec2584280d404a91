"""Merge proposals at scale (issue 19): ``propose_merges`` on 10k, 100k and 1M synthetic people.

Names are first (+ middle, 30%) + surname (+ a second surname, 30%) drawn, seeded, from fixed lists,
every key distinct; ~2% are a typo of an earlier name (a letter dropped, added, replaced or two
swapped), ~0.5% an initial ("Jane S.") or a short form ("Dan Okoro") of one, and ~5% are in the roster.
Each size runs in its own process: wall and CPU seconds of the blocked ``propose_merges`` and, in
another process of the same run, of the code as first written (tests/reference/people_merges.py, every
pair of names sharing a first letter) up to ``ORACLE_MAX`` people; where both ran, their proposals must
be the same (sha256 of the whole list). Peak memory is each process's own (ru_maxrss).

    python -m benchmarks.merges                 # 10k, 100k, 1M
    python -m benchmarks.merges 20000 50000     # chosen sizes
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import peak_mb, print_table, run_child  # noqa: E402

SIZES = (10_000, 100_000, 1_000_000)
#: The first-written code compares every pair within a first letter: at 100k that is ~40 s; at 1M ~6e10
#: comparisons (over an hour) and one uint8 matrix per letter of up to ~13 GB, so it is not run above this.
ORACLE_MAX = 100_000

FIRST = """Aisha Bruno Carmen Dmitri Elif Farah Goran Hiroshi Ingrid Jamal Katya Lorenzo Mireille Nkechi Oskar Priya
Quentin Rosalind Sven Tamsin Ulrich Valentina Wendell Ximena Yannick Zofia Anselm Beatriz Cormac Delphine Emeka Fenella
Gideon Hester Ignatius Juniper Kwame Leocadia Matteo Niamh Orrin Perpetua Radomir Saoirse Thaddeus Umberto Vesna
Wilhelmina Xavier Yolanda Amadou Brigitta Casimir Dagny Eustace Florentyna Gwendolyn Horatio Isidora Jarek James Mary
John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara Richard Susan Joseph Jessica Thomas Sarah
Charles Karen Daniel Nancy Matthew Lisa Anthony Betty Mark Margaret Donald Sandra Steven Ashley Paul Kimberly Andrew
Emily Joshua Donna Kenneth Michelle Kevin Dorothy Brian Carol George Amanda Edward Melissa Ronald Deborah Timothy
Stephanie Jason Rebecca Jeffrey Sharon Ryan Laura Jacob Cynthia Gary Kathleen Nicholas Amy Eric Shirley Jonathan Angela
Stephen Helen Larry Anna Justin Brenda Scott Pamela Brandon Nicole Benjamin Emma Samuel Samantha Gregory Katherine
Frank Christine Alexander Debra Raymond Rachel Patrick Catherine Jack Carolyn Dennis Janet Jerry Ruth Tyler Maria Aaron
Heather Jose Diane Adam Virginia Henry Julie Nathan Joyce Douglas Victoria""".split()
LAST = """Abernathy Bjornsson Castellano Dubrovnik Eriksen Fairweather Gonzaga Hawthorne Iwasaki Jovanovic Kowalczyk
Lindqvist Mbeki Nakamura Okonjo Pemberton Quintero Rasmussen Szabo Thistlewood Underhill Vasquez Whitlock Yamamoto
Zielinski Ashdown Bellweather Chakraborty Drummond Esterhazy Fitzgerald Grimaldi Holloway Ibarra Jaramillo Kingsley
Lombardi Marchetti Nightingale Oyelaran Petrossian Quarshie Ravensworth Sokolov Tremblay Ulyanov Valdivia Wojcik Xiong
Yilmaz Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson
Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson Walker
Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter
Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers
Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood
James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez Powell
Jenkins Perry Russell Sullivan Bell Coleman""".split()
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _name(rng: random.Random) -> str:
    first = [rng.choice(FIRST)] + ([rng.choice(FIRST)] if rng.random() < 0.3 else [])
    last = rng.choice(LAST) + (f"-{rng.choice(LAST)}" if rng.random() < 0.3 else "")
    return " ".join([*first, last])


def _typo(rng: random.Random, name: str) -> str:
    """One letter dropped, added or replaced, or two neighbours swapped (never the first letter)."""
    at = rng.randrange(1, len(name) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return name[:at] + name[at + 1:]
    if kind == 1:
        return name[:at] + rng.choice(LETTERS) + name[at:]
    if kind == 2:
        return name[:at] + rng.choice(LETTERS) + name[at + 1:]
    return name[:at] + name[at + 1] + name[at] + name[at + 2:]


def _abbreviated(rng: random.Random, name: str) -> str:
    """'Jane Smith' -> 'Jane S.' or 'J. Smith', or a short form of the first name ('Daniel' -> 'Dan')."""
    tokens = name.split()
    if rng.random() < 0.5 and len(tokens[0]) > 4:
        return " ".join([tokens[0][:rng.randrange(3, len(tokens[0]))], *tokens[1:]])
    at = rng.randrange(len(tokens))
    return " ".join(t[0] + "." if i == at else t for i, t in enumerate(tokens))


def make_people(n: int, seed: int = 0) -> list:
    """n people with distinct normalised names (see the module docstring for the mix)."""
    from personas.people import Person, normalise_name

    rng = random.Random(seed)
    seen: set[str] = set()
    names: list[str] = []
    while len(names) < n:
        roll = rng.random()
        if roll < 0.02 and names:
            name = _typo(rng, rng.choice(names))
        elif roll < 0.025 and names:
            name = _abbreviated(rng, rng.choice(names))
        else:
            name = _name(rng)
        key = normalise_name(name)
        if key not in seen:
            seen.add(key)
            names.append(name)
    return [Person(id=f"p-{i:07d}", name=name, in_roster=rng.random() < 0.05) for i, name in enumerate(names)]


def case(method: str, n: int) -> dict:
    """Time one ``propose_merges`` (``new`` or ``oracle``) on ``make_people(n)`` in this process."""
    if method == "new":
        from personas.people import propose_merges
    else:
        from tests.reference.people_merges import propose_merges
    people = make_people(n)
    wall, cpu = time.perf_counter(), time.process_time()
    proposals = propose_merges(people)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    digest = hashlib.sha256(repr([tuple(vars(m).values()) for m in proposals]).encode()).hexdigest()
    return {"people": n, "method": method, "seconds": round(wall, 2), "cpu_s": round(cpu, 2),
            "proposals": len(proposals), "sha256": digest[:12], "peak_mb": round(peak_mb())}


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--child":
        print(json.dumps([case(argv[1], int(argv[2]))]))
        return 0
    rows: list[dict] = []
    for n in [int(a) for a in argv] or list(SIZES):
        new = run_child(Path(__file__), ["new", str(n)])
        rows += new
        if n > ORACLE_MAX:
            print(f"oracle skipped at {n:,} people: above ORACLE_MAX={ORACLE_MAX:,} (every pair within a first "
                  "letter: over an hour, and a uint8 matrix per letter of several GB)", flush=True)
            continue
        oracle = run_child(Path(__file__), ["oracle", str(n)])
        rows += oracle
        same = "sha256" in new[0] and new[0]["sha256"] == oracle[0].get("sha256")
        assert same, f"blocked and first-written proposals differ at {n} people: {new} / {oracle}"
        oracle[0]["note"] = f"same proposals; {oracle[0]['seconds'] / max(new[0]['seconds'], 0.01):.1f}x the time"
    print_table(rows, ["people", "method", "seconds", "cpu_s", "proposals", "sha256", "peak_mb", "note"])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
