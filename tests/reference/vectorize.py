"""The labels.v2 score as first written: term by term over Counters (the oracle of
:func:`analysis.vectorize.top_terms_of_counts`, which scores every term of every class at once)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from analysis.vectorize import _is_label_term


def top_terms(docs: Sequence[Sequence[str]], labels: Sequence[int], top_n: int, min_df: int, alpha: float = 0.5,
              phrase_boost: float = 1.5) -> dict[int, list[tuple[str, float]]]:
    """Each label's ``top_n`` terms by ``p(t|c) * log(p(t|c) / p(t|rest))``, one term at a time."""
    df, per_class = Counter(), {}
    for doc, label in zip(docs, labels):
        terms = [t for t in doc if _is_label_term(t)]
        df.update(set(terms))
        if label != -1:
            per_class.setdefault(label, Counter()).update(terms)
    keep = {t for t, c in df.items() if c >= min_df}
    total = Counter()
    for counts in per_class.values():
        for t, c in counts.items():
            if t in keep:
                total[t] += c
    n_all, vocab = sum(total.values()), max(1, len(total))
    out = {}
    for lab in sorted(per_class):
        counts = per_class[lab]
        n_class = sum(c for t, c in counts.items() if t in keep)
        n_rest = n_all - n_class
        scored = []
        for t, c in counts.items():
            if t not in keep or c < 2:
                continue
            p = (c + alpha) / (n_class + alpha * vocab)
            score = p if n_rest == 0 else p * math.log(p / ((total[t] - c + alpha) / (n_rest + alpha * vocab)))
            score = score * phrase_boost if " " in t else score
            if score > 0:
                scored.append((t, score))
        scored.sort(key=lambda tc: (-tc[1], tc[0]))
        out[lab] = [(t, round(s, 6)) for t, s in scored[:top_n]]
    return out
