"""``build --statements OUT.csv --cards-pdf OUT.pdf --cards-png DIR``: the files a room and a researcher use."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from personas import cards
from personas.cli import main
from personas.statements_export import COLUMNS
from tests.app._apptest import SMALL_CSV


@pytest.mark.parametrize("privacy", ["analyst", "share"])
def test_cli_cards_statements_pdf_and_png(tmp_path: Path, privacy: str) -> None:
    from personas.export import read_yaml

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "comments.csv").write_text(SMALL_CSV, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    args = ["build", str(tmp_path / "in"), "--spacy-model", "blank", "--k", "2", "--privacy", privacy, "--quiet",
            "-o", str(tmp_path / "p.yaml"), "--statements", str(tmp_path / "s.csv"), "--cards-pdf", str(tmp_path / "c.pdf")]
    renderer = cards.png_renderer()
    if renderer:
        args += ["--cards-png", str(tmp_path / "png")]
    assert main(args, out=out, err=err) == 0, err.getvalue()
    doc = read_yaml(tmp_path / "p.yaml")
    rows = list(csv.reader(io.StringIO((tmp_path / "s.csv").read_text(encoding="utf-8"))))
    assert tuple(rows[0]) == COLUMNS and len(rows) > 1
    assert {r[2] for r in rows[1:]} <= {p.name for p in doc.people}  # names as the privacy view gives them
    pdf = (tmp_path / "c.pdf").read_bytes()
    assert len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf)) == len(doc.personas)
    if not renderer:
        pytest.skip("no PDF renderer (pdftoppm or pypdfium2): --cards-png not tried")
    assert sorted(p.name for p in (tmp_path / "png").iterdir()) == sorted(f"{p.id}.png" for p in doc.personas)
