"""Published figures: every float that goes into persona YAML is rounded here, once.

The determinism contract (README, "Persona YAML"): the same input, settings and locked package
versions give byte-identical YAML, whatever the order of files and rows, the number of processes
or BLAS/OpenMP threads, and the machine's CPU count. Two things keep that true at the digits:

* :func:`published` first snaps a value to a 1e-9 grid and then rounds the snapped decimal half to
  even. A figure that is exactly on a decimal boundary in exact arithmetic (a ratio of counts such
  as 1231/2000 = 0.6155) is rounded the same way whatever its last bits were; a change of 1e-12
  can flip the figure only for values within 1e-12 of a 9th-digit half step, which no ratio of
  counts and no real measurement lands on by more than chance (tests/personas/test_determinism.py perturbs
  every figure of the sample build by +-1e-12).
* Figures that come from float32 vectors (a member's typicality, the similarity that picks a
  quote) carry the noise of the BLAS kernel the CPU selects (about 1e-6 between OpenBLAS's
  Haswell and SkylakeX kernels on the sample). They are computed in float64 from those vectors and
  published with :data:`SIMILARITY_DIGITS` digits, and ranking uses the published value, so a
  member's typicality, the member order and the anchor's "why" all come from one rounded number.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

#: Digits of counts-derived shares and weights and of scores.
DIGITS = 3
#: Digits of cosine similarities of float32 vectors (typicality, quote choice): see the module doc.
SIMILARITY_DIGITS = 2
_SNAP = 9


def published(value: float, digits: int = DIGITS) -> float:
    """``value`` as the YAML shows it: snapped to 1e-9, then rounded half to even at ``digits``."""
    snapped = round(float(value), _SNAP)
    out = float(Decimal(repr(snapped)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_EVEN))
    return 0.0 if out == 0 else out
