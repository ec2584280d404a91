"""What sets a persona apart: the needs and themes whose share of its people most exceeds the
share among everyone else, both shares shown ("11 of 17, against 6 of the other 69")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

MAX_APART = 4
#: A persona's own people behind a difference before it is shown.
MIN_PEOPLE = 2


@dataclass(frozen=True)
class Contrast:
    kind: str  # "need" or "theme"
    ref: str
    label: str
    people: int
    size: int
    others_people: int
    others_size: int

    @property
    def lift(self) -> float:
        """Share here minus share elsewhere (figures rounded so float noise cannot reorder)."""
        here = self.people / self.size if self.size else 0.0
        there = self.others_people / self.others_size if self.others_size else 0.0
        return round(here - there, 9)

    def text(self) -> str:
        return f"{self.people} of {self.size}, against {self.others_people} of the other {self.others_size}"


def set_apart(contrasts: Sequence[Contrast], limit: int = MAX_APART, per_kind: int = 3) -> list[Contrast]:
    """The contrasts where this persona's share most exceeds the rest's: positive lift, at least
    :data:`MIN_PEOPLE` of its people, at most ``per_kind`` needs and ``per_kind`` themes, best first."""
    ranked = sorted((c for c in contrasts if c.people >= MIN_PEOPLE and c.lift > 0),
                    key=lambda c: (-c.lift, -c.people, c.kind, c.ref))
    out: list[Contrast] = []
    taken = {"need": 0, "theme": 0}
    for c in ranked:
        if taken[c.kind] >= per_kind:
            continue
        out.append(c)
        taken[c.kind] += 1
        if len(out) == limit:
            break
    return out


def apart_line(d) -> str:
    """A persona's distinction (a :class:`Contrast` or its document) in words: a need's label as it is,
    a theme's phrases as the members' words: 'Talk of “post reels”, “awful for filming”: 17 of 17,
    against 7 of the other 68'."""
    if d.kind == "theme":
        phrases = [p.strip() for p in d.label.split(" / ") if p.strip()]
        label = "Talk of " + ", ".join(f"\u201c{p}\u201d" for p in phrases[:2])
    else:
        label = d.label.rstrip(".")
    text = d.text() if callable(d.text) else d.text
    return f"{label}: {text}"
