"""Oracles: steps as first written (one Python loop per token, spaCy's PhraseMatcher on Docs, ...),
kept only so that property tests can check the code that replaced them against them."""
