"""Customer data is personal data: reading files and building personas opens no network socket."""

from __future__ import annotations

import socket

import pytest

from tests.conftest import SAMPLE_SET


class NetworkUsed(AssertionError):
    pass


@pytest.mark.parametrize("model", ["blank"])
def test_hostile_build_opens_no_network_socket(monkeypatch, model: str) -> None:
    def refuse(*args, **kwargs):
        raise NetworkUsed(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)

    from analysis.nlp import build_nlp
    from personas.build import build
    from personas.export import parse_yaml, to_yaml
    from personas.ingest import ingest_paths
    from personas.privacy import privacy_view
    from personas.settings import AnalysisSettings, BuildSettings

    settings = BuildSettings(analysis=AnalysisSettings(spacy_model=model))
    result = build(ingest_paths([SAMPLE_SET]), settings, nlp=build_nlp(model))
    share = privacy_view(result.document, "share")
    assert parse_yaml(to_yaml(share)).personas
