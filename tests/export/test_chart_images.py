"""Charts as PNG/SVG through kaleido and the system Chromium (skipped with the reason when either is missing)."""

from __future__ import annotations

import pytest

from personas import cards, charts


def test_chart_images_cards_and_charts_share_the_palette():
    assert cards.CARD_COLOURS == charts.PALETTE


@pytest.mark.parametrize("fmt, magic", [("png", b"\x89PNG\r\n\x1a\n"), ("svg", b"<svg")])
def test_chart_images_kaleido_offline(sample_build, fmt, magic):
    if not charts.png_export_available():
        pytest.skip("kaleido or a Chromium is not installed here: the app offers HTML charts instead")
    fig = charts.persona_theme_heatmap(sample_build.document)
    data = charts.figure_image(fig, fmt, width=500, height=300)
    assert data is not None and data.startswith(magic)


@pytest.mark.parametrize("fmt", ["jpeg"])
def test_chart_images_unknown_format_refused(sample_build, fmt):
    with pytest.raises(ValueError, match="png, svg"):
        charts.figure_image(charts.theme_sizes(sample_build.document), fmt)
