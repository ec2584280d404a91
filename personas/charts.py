"""Plotly figures of a persona document: people map, persona x theme heatmap, theme sizes.

Library code: it never imports streamlit, so the CLI, notebooks and the app share it. Every
figure is deterministic for the same inputs (the 2-D map is a PCA with fixed axis signs), and
customer text only ever reaches Plotly as data (hover text is escaped by Plotly, never HTML).
"""

from __future__ import annotations

import html
import importlib.util
import logging
import shutil
from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from personas.schema import PersonaDocument

#: Colour of people who are in no persona.
UNASSIGNED_COLOUR = "#9aa0a6"
#: A qualitative palette readable on white and in grey print.
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#393b79", "#7f7f7f", "#aec7e8")
_FONT = dict(family="sans-serif", size=13)


def _plain(text: str) -> str:
    """Customer text for Plotly hover labels: Plotly renders a small HTML subset, so escape it."""
    return html.escape(str(text), quote=False)


def project_2d(vectors: np.ndarray) -> np.ndarray:
    """Rows of ``vectors`` projected to 2-D by PCA, deterministic (axis signs fixed).

    Fewer than two informative dimensions give zeros in the missing column, never an error.
    """
    X = np.asarray(vectors, dtype=float)
    if X.ndim != 2 or len(X) == 0:
        return np.zeros((0, 2))
    centred = X - X.mean(axis=0, keepdims=True)
    if len(X) < 2 or not np.any(centred):
        return np.zeros((len(X), 2))
    u, s, vt = np.linalg.svd(centred, full_matrices=False)
    coords = np.zeros((len(X), 2))
    for axis in range(min(2, len(s))):
        component = vt[axis]
        # The sign of a singular vector is arbitrary; make its largest loading positive.
        if component[np.argmax(np.abs(component))] < 0:
            component = -component
        coords[:, axis] = centred @ component
    return np.round(coords, 6)


def chart_name(persona) -> str:
    """A persona as charts label it: its short name (schema v2) unless the workshop renamed it, else its title."""
    renamed = persona.name and persona.title != persona.name
    return persona.title if renamed or not persona.short_name else persona.short_name


def persona_colours(document: PersonaDocument) -> dict[str, str]:
    """A stable colour per persona id (by the persona's position in the document)."""
    return {p.id: PALETTE[i % len(PALETTE)] for i, p in enumerate(document.personas)}


def people_map(
    document: PersonaDocument,
    person_ids: Sequence[str],
    vectors: np.ndarray,
    *,
    names: Mapping[str, str] | None = None,
    height: int = 460,
) -> go.Figure:
    """People as points (similar people close together), coloured by the persona they belong to.

    ``person_ids`` and ``vectors`` are the people model's rows; ``names`` maps person id to the
    name to show on hover (default: the document's names).
    """
    coords = project_2d(vectors)
    persona_of = {p.id: p.persona for p in document.people}
    shown = {p.id: p.name for p in document.people}
    if names is not None:
        shown = {pid: names.get(pid, "") for pid in shown}
    titles = {p.id: chart_name(p) for p in document.personas}
    colours = persona_colours(document)
    anchors = {p.anchor.person for p in document.personas}
    groups: dict[str | None, list[int]] = {}
    for row, pid in enumerate(person_ids):
        if pid in shown and not shown[pid]:
            continue  # excluded people are never shown
        groups.setdefault(persona_of.get(pid), []).append(row)
    fig = go.Figure()
    order = [p.id for p in document.personas if p.id in groups] + ([None] if None in groups else [])
    for persona_id in order:
        rows = groups[persona_id]
        label = titles.get(persona_id, "Unassigned") if persona_id else "Unassigned"
        hover = [
            f"{_plain(shown.get(person_ids[r], person_ids[r]))}"
            + (" (anchor)" if person_ids[r] in anchors else "")
            + f"<br>{_plain(label)}"
            for r in rows
        ]
        fig.add_trace(go.Scatter(
            x=coords[rows, 0].tolist(), y=coords[rows, 1].tolist(), mode="markers",
            name=_plain(label),
            marker=dict(
                size=[16 if person_ids[r] in anchors else 10 for r in rows],
                color=colours.get(persona_id, UNASSIGNED_COLOUR) if persona_id else UNASSIGNED_COLOUR,
                symbol=["star" if person_ids[r] in anchors else "circle" for r in rows],
                line=dict(width=1, color="white"),
            ),
            hovertext=hover, hoverinfo="text",
        ))
    fig.update_layout(
        title=dict(text="People map (similar people are close; stars are anchors)"),
        xaxis=dict(title="", showticklabels=False, zeroline=False, showgrid=False),
        yaxis=dict(title="", showticklabels=False, zeroline=False, showgrid=False),
        legend=dict(orientation="h", yanchor="top", y=-0.05),
        height=height, margin=dict(l=10, r=10, t=50, b=10), font=_FONT, template="plotly_white",
    )
    return fig


def persona_theme_matrix(document: PersonaDocument) -> tuple[list[str], list[str], np.ndarray]:
    """(persona titles, theme labels, share of each persona's statements in each theme)."""
    theme_ids = [t.id for t in document.themes]
    column = {tid: j for j, tid in enumerate(theme_ids)}
    matrix = np.zeros((len(document.personas), len(theme_ids)))
    for i, persona in enumerate(document.personas):
        for theme in persona.themes:
            if theme.theme in column:
                matrix[i, column[theme.theme]] = theme.weight
    return [chart_name(p) for p in document.personas], [t.label for t in document.themes], matrix


def persona_theme_heatmap(document: PersonaDocument, *, height: int | None = None) -> go.Figure:
    """Personas (rows) x themes (columns): share of the persona's statements in each theme."""
    titles, labels, matrix = persona_theme_matrix(document)
    fig = go.Figure(go.Heatmap(
        z=matrix.tolist(), x=[_plain(l) for l in labels], y=[_plain(t) for t in titles],
        colorscale="Blues", zmin=0, zmax=max(0.01, float(matrix.max()) if matrix.size else 1.0),
        hovertemplate="%{y}<br>%{x}<br>%{z:.0%} of statements<extra></extra>",
        colorbar=dict(title="share", tickformat=".0%"),
    ))
    fig.update_layout(
        title=dict(text="Which themes each persona talks about"),
        yaxis=dict(autorange="reversed"),
        xaxis=dict(tickangle=-30),
        height=height or 160 + 40 * max(1, len(titles)),
        margin=dict(l=10, r=10, t=50, b=10), font=_FONT, template="plotly_white",
    )
    return fig


def theme_sizes(document: PersonaDocument, *, height: int | None = None) -> go.Figure:
    """Horizontal bars: statements per theme, with the number of distinct people on hover."""
    themes = sorted(document.themes, key=lambda t: (-t.statements, t.id))
    fig = go.Figure(go.Bar(
        x=[t.statements for t in themes], y=[_plain(t.label) for t in themes], orientation="h",
        customdata=[[t.people, t.id] for t in themes], marker_color=PALETTE[0],
        hovertemplate="%{y}<br>%{x} statements by %{customdata[0]} people<extra></extra>",
    ))
    fig.update_layout(
        title=dict(text="Theme sizes (statements)"),
        yaxis=dict(autorange="reversed"),
        height=height or 140 + 28 * max(1, len(themes)),
        margin=dict(l=10, r=10, t=50, b=10), font=_FONT, template="plotly_white",
    )
    return fig


# ---------------------------------------------------------------------------------------------
# Images and standalone HTML


def figure_html(fig: go.Figure) -> str:
    """A standalone HTML page of the figure with plotly.js inline (works offline, no CDN)."""
    return fig.to_html(include_plotlyjs=True, full_html=True, config={"displaylogo": False})


def chromium_path() -> str | None:
    """A Chromium/Chrome executable kaleido could drive: ``BROWSER_PATH`` when set, else one on PATH."""
    import os

    given = os.environ.get("BROWSER_PATH")
    if given and shutil.which(given):
        return shutil.which(given)
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def png_export_available() -> bool:
    """True when static images (PNG, SVG) can be made: kaleido (>= 1.0) is installed and a Chromium exists.

    kaleido drives the browser through choreographer, which finds it on PATH or through the
    ``BROWSER_PATH`` environment variable; plotly.js comes from the plotly package, so nothing is
    fetched from the network.
    """
    return importlib.util.find_spec("kaleido") is not None and chromium_path() is not None


#: Image formats :func:`figure_image` makes.
IMAGE_FORMATS = ("png", "svg")


def figure_image(fig: go.Figure, fmt: str = "png", *, width: int = 1000, height: int | None = None) -> bytes | None:
    """The figure as PNG (at twice the size, for print) or SVG via kaleido; None when kaleido or
    Chromium is missing or fails (callers offer HTML instead)."""
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"format must be one of {', '.join(IMAGE_FORMATS)}, got {fmt!r}")
    if not png_export_available():
        return None
    for attempt in range(2):  # a browser that fails to start on a busy machine gets one more try
        try:
            return fig.to_image(format=fmt, width=width, height=height or fig.layout.height or 500,
                                scale=2 if fmt == "png" else 1)
        except Exception as exc:  # noqa: BLE001 - kaleido is optional; callers offer HTML instead
            logging.getLogger(__name__).info("kaleido could not draw a %s (try %d): %s", fmt, attempt + 1, exc)
    return None


def figure_png(fig: go.Figure, *, width: int = 1000, height: int | None = None) -> bytes | None:
    """The figure as PNG via kaleido, or None when kaleido or Chromium is missing or fails."""
    return figure_image(fig, "png", width=width, height=height)
