"""A big document's YAML is written in pieces by worker processes: the bytes must not change."""

from __future__ import annotations

import yaml

import personas.export as export
from personas.export import to_yaml


def test_yaml_written_in_pieces_is_byte_identical(sample_build, monkeypatch):
    document = sample_build.document
    whole = to_yaml(document)  # the sample is small: one yaml.dump
    data = document.model_dump(mode="json")
    assert whole == yaml.dump(data, Dumper=export._Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    assert len(data["people"]) > 4 and len(data["personas"]) > 2
    monkeypatch.setattr(export, "PARALLEL_YAML_ITEMS", 1)
    monkeypatch.setattr(export, "YAML_PIECE_ITEMS", 2)  # people and personas cut into runs of two items
    assert to_yaml(document) == whole
    monkeypatch.setattr(export, "YAML_PIECE_ITEMS", 1)
    assert to_yaml(document) == whole
