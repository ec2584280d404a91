"""Partitions by person: a stable bucket for each person id, so each person is whole in one partition.

A cluster cuts the per-statement work into a fixed number of buckets by person (``Runtime.buckets``).
The bucket is a hash of the id that is the same on every machine and in every run (blake2b, not
Python's ``hash()``, which is salted per process), and each bucket keeps the statements in their
canonical order. Results never depend on the bucketing: the per-statement work is per statement,
and the results go back to canonical order before anything is fitted on them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence


def bucket_of(key: str, buckets: int) -> int:
    """The bucket, in ``range(buckets)``, of ``key`` (a person id): stable across processes, machines and runs."""
    if buckets < 1:
        raise ValueError(f"buckets={buckets}: a partition needs 1 or more buckets.")
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % buckets


def partition(keys: Sequence[str], buckets: int) -> list[list[int]]:
    """The indices of ``keys`` in each non-empty bucket, in bucket order; inside a bucket in index
    (canonical) order. Every index is in exactly one part, and equal keys share their part."""
    parts: list[list[int]] = [[] for _ in range(buckets)]
    for index, key in enumerate(keys):
        parts[bucket_of(key, buckets)].append(index)
    return [part for part in parts if part]


__all__ = ["bucket_of", "partition"]
