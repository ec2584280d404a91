"""Oracles: the analysis steps as first written (one Python loop per token, spaCy's PhraseMatcher on
Docs), kept only to check the array path of :mod:`analysis` against them in property tests."""
