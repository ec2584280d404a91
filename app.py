"""Real Personas in the browser: ``make run`` (or ``streamlit run app.py``).

A thin router: page config, the shared sidebar (project, k, seed and the privacy switch: widgets
that must survive page switches live here), ``st.navigation`` and ``pg.run()``. The pages live in
``app_pages/``.
"""

from __future__ import annotations

import streamlit as st

from app_pages import _state
from app_pages._render import esc
from app_pages._state import Keys
from personas.errors import PersonasError
from personas.project import create_project, open_project, sample_project, set_settings
from personas.settings import AUTO_K_MAX, AnalysisSettings, minilm_available

K_CHOICES = ["auto", *range(2, AUTO_K_MAX + 1)]
EMBEDDING_LABELS = {"auto": "Auto (sentence model for small corpora)", "static": "Static word vectors (fastest)",
                    "onnx": "Sentence model, int8 (built in)", "minilm": "MiniLM sentence model (torch, installed)"}
#: What the YAML's generator.featurizer means, for the sidebar (``auto`` decides per corpus).
FEATURIZER_LABELS = {"lsa+minilm-int8.v1": "int8 sentence model", "lsa+static.v1": "static word vectors",
                     "lsa+minilm.v1": "MiniLM sentence model (torch)", "lsa.v1": "words only"}
PRIVACY_LABELS = {"analyst": "Analyst (in the room)", "share": "Share (safe to leave the room)"}

st.set_page_config(page_title="Real Personas", page_icon=":material/groups:", layout="wide")


def _project_folders() -> list[str]:
    root = _state.projects_dir()
    return sorted(p.name for p in root.iterdir() if p.is_dir() and ((p / "project.json").exists() or (p / "project.json.prev").exists()))


def _sync_sidebar(project) -> None:
    """Make the sidebar widgets show the open project's settings."""
    _state.set_widget(Keys.PROJECT_PICKER, project.path.name)
    k = project.settings.analysis.k
    _state.set_widget(Keys.K, k if k in K_CHOICES else "auto")
    _state.set_widget(Keys.SEED, int(project.settings.analysis.seed))
    _state.set_widget(Keys.EMBEDDINGS, project.settings.analysis.embeddings)


def _open(folder_name: str) -> None:
    project = open_project(_state.projects_dir() / folder_name)
    _state.set_project(project)
    _sync_sidebar(project)
    if project.recovered_from_previous:
        _state.notify("warning", "project.json was damaged or missing; the previous saved version was opened.")


def _ensure_project() -> None:
    """Open the bundled sample on the very first run, so a newcomer sees personas at once."""
    if _state.project() is not None:
        if _state.get(Keys.PROJECT_PICKER) is None:
            _sync_sidebar(_state.project())
        return
    try:
        project = sample_project(_state.projects_dir() / _state.SAMPLE_NAME)
    except PersonasError as exc:
        folders = _project_folders()
        if not folders:
            st.error(esc(str(exc)))
            st.stop()
        project = open_project(_state.projects_dir() / folders[0])
    _state.set_project(project)
    _sync_sidebar(project)


def _on_pick() -> None:
    try:
        _open(st.session_state[Keys.PROJECT_PICKER])
    except PersonasError as exc:
        _state.notify("error", str(exc))


def _on_settings() -> None:
    project = _state.project()
    k = st.session_state[Keys.K]
    seed = int(st.session_state[Keys.SEED])
    embeddings = st.session_state.get(Keys.EMBEDDINGS, project.settings.analysis.embeddings)
    try:
        analysis = AnalysisSettings(**{**project.settings.analysis.model_dump(), "k": k, "seed": seed, "embeddings": embeddings})
        _state.set_project(set_settings(project, project.settings.model_copy(update={"analysis": analysis})))
    except PersonasError as exc:
        _state.notify("error", str(exc))
        _sync_sidebar(project)


def _create() -> None:
    name = st.session_state.get(Keys.NEW_PROJECT_NAME, "").strip()
    if not name:
        _state.notify("error", "Give the new project a name first.")
        return
    from personas.people import slugify

    folder = _state.projects_dir() / slugify(name)
    try:
        project = create_project(folder, name, [])
    except PersonasError as exc:
        _state.notify("error", str(exc))
        return
    _state.set_project(project)
    _sync_sidebar(project)
    _state.set_widget(Keys.NEW_PROJECT_NAME, "")
    _state.notify("success", f"Created the project \u201c{name}\u201d. Add files on the Import page.")


def sidebar() -> None:
    project = _state.project()
    with st.sidebar:
        st.markdown("### Real Personas")
        folders = _project_folders()
        if project.path.name not in folders:
            folders.append(project.path.name)
        st.selectbox("Project", folders, key=Keys.PROJECT_PICKER, on_change=_on_pick,
                     help="Projects are folders under " + esc(_state.projects_dir()))
        with st.expander("New project"):
            st.text_input("Name", key=Keys.NEW_PROJECT_NAME, placeholder="e.g. Spring interviews")
            st.button("Create", key=Keys.NEW_PROJECT_BUTTON, on_click=_create)
        st.selectbox("Personas (k)", K_CHOICES, key=Keys.K, on_change=_on_settings,
                     format_func=lambda v: "auto (best fit)" if v == "auto" else str(v),
                     help=AnalysisSettings.model_fields["k"].description)
        st.number_input("Seed", min_value=0, max_value=2**31 - 1, step=1, key=Keys.SEED, on_change=_on_settings,
                        help=AnalysisSettings.model_fields["seed"].description)
        minilm = minilm_available()
        # the torch tier is offered when installed (or when the project asks for it, so it can be switched back)
        choices = ["auto", "static", "onnx"] + (["minilm"] if minilm or st.session_state.get(Keys.EMBEDDINGS) == "minilm" else [])
        st.selectbox("Semantic vectors", choices, key=Keys.EMBEDDINGS, on_change=_on_settings, format_func=EMBEDDING_LABELS.get,
                     help=AnalysisSettings.model_fields["embeddings"].description
                     + ("" if minilm else " The torch MiniLM tier is not installed in this environment."))
        st.radio("Privacy view", list(PRIVACY_LABELS), key=Keys.PRIVACY, format_func=PRIVACY_LABELS.get,
                 help="Analyst: everything the consent allows you to see (excluded people never appear). "
                      "Share: what may leave the room (names as each person consented; emails, phone numbers, "
                      "URLs, handles and other people's names in quotes replaced by placeholders). The same "
                      "views as `python -m personas build --privacy analyst|share`. Present mode always uses "
                      "the share view.")
        timings = _state.timings()
        if timings:
            used = _state.last_featurizer()
            st.caption("Last build: " + ", ".join(f"{k} {v:.2f} s" for k, v in timings.items())
                       + (f"; semantic vectors: {FEATURIZER_LABELS.get(used, used)}" if used else ""))
        st.caption("Runs on this computer only: nothing is sent anywhere.")


_ensure_project()
sidebar()

pages = [
    st.Page("app_pages/personas.py", title="Personas", icon=":material/groups:", default=True, url_path="personas"),
    st.Page("app_pages/workshop.py", title="Workshop", icon=":material/edit_note:", url_path="workshop"),
    st.Page("app_pages/people.py", title="People", icon=":material/person_search:", url_path="people"),
    st.Page("app_pages/import_data.py", title="Import", icon=":material/upload_file:", url_path="import"),
    st.Page("app_pages/export.py", title="Export", icon=":material/download:", url_path="export"),
]
pg = st.navigation(pages)
pg.run()
