"""Import: upload files, paste text or open the sample; map table columns; mark interviewers; ingest report."""

from __future__ import annotations

import hashlib

import streamlit as st

from app_pages import _cache, _import_report, _render, _state
from app_pages._import import NONE, ROLE_LABELS, ROLES, Staged, detected_mapping, files_to_add, paste_file, stage
from app_pages._render import esc
from app_pages._state import Keys
from personas.errors import PersonasError
from personas.ingest import SUPPORTED_EXTENSIONS
from personas.models import IngestResult
from personas.project import Project, add_files, remove_file, sample_project, set_settings
from personas.settings import IngestOptions

# ---------------------------------------------------------------------------------------------
# Actions


def _add(files: list[tuple[str, bytes]], interviewers: list[str] | None = None) -> bool:
    project = _state.project()
    try:
        if interviewers is not None:
            current = list(project.settings.ingest.interviewers)
            wanted = tuple(dict.fromkeys(current + [i for i in interviewers if i not in current]))
            if wanted != tuple(current):
                ingest = project.settings.ingest.model_copy(update={"interviewers": wanted})
                project = set_settings(project, project.settings.model_copy(update={"ingest": ingest}))
        project = add_files(project, files)
    except PersonasError as exc:
        _render.show_error(exc)
        return False
    _state.set_project(project)
    _state.notify("success", "Added " + ", ".join(n for n, _ in files) + ". The personas were rebuilt.")
    return True


def _remove(name: str) -> None:
    try:
        _state.set_project(remove_file(_state.project(), name))
        _state.notify("info", f"Removed {name}.")
    except PersonasError as exc:
        _state.notify("error", str(exc))


def _remove_picked() -> None:
    _remove(st.session_state[Keys.IMPORT_REMOVE_PICK])


def _open_sample() -> None:
    try:
        project = sample_project(_state.projects_dir() / _state.SAMPLE_NAME)
    except PersonasError as exc:
        _state.notify("error", str(exc))
        return
    _state.set_project(project)
    _state.set_widget(Keys.PROJECT_PICKER, project.path.name)


def _stage_paste() -> None:
    text = st.session_state.get(Keys.IMPORT_PASTE_TEXT) or ""
    if not text.strip():
        _state.notify("warning", "Paste some text first.")
        return
    name = paste_file(text, st.session_state.get(Keys.IMPORT_PASTE_KIND, "transcript"),
                      st.session_state.get(Keys.IMPORT_PASTE_NAME) or "pasted")
    _state.set_pasted([*[p for p in _state.pasted() if p[0] != name[0]], name])
    st.session_state[Keys.IMPORT_PASTE_TEXT] = ""


def _drop_pasted(name: str) -> None:
    _state.set_pasted([p for p in _state.pasted() if p[0] != name])


# ---------------------------------------------------------------------------------------------
# Page


def staged_file_ui(staged: Staged, pasted: bool) -> None:
    """The mapping / speakers step of one staged file, with its Add button."""
    with st.container(border=True):
        st.markdown(f"**{esc(staged.name)}** ({len(staged.data) / 1024:.1f} KB)")
        if staged.error:
            st.error(esc(staged.error))
            st.caption("This file was not added; the project keeps everything else.")
            if pasted:
                st.button("Discard", key=Keys.import_widget(staged.name, "discard"), on_click=_drop_pasted, args=(staged.name,))
            return
        for issue in staged.issues[:5]:
            st.caption(esc(issue))
        mapping: dict[str, str | None] | None = None
        interviewers: list[str] | None = None
        if staged.preview is not None:
            preview = staged.preview
            st.caption(f"{preview.row_count} rows; read as: {esc(preview.detail or preview.layout)}"
                       + (f"; sheet {esc(preview.sheet)}" if preview.sheet else ""))
            st.dataframe(preview.rows[:8], hide_index=True, width="stretch")
            if preview.layout in ("comments", "unknown"):
                detected = detected_mapping(preview)
                options = [NONE, *preview.columns]
                mapping = {}
                cols = st.columns(len(ROLES))
                for col, role in zip(cols, ROLES):
                    choice = col.selectbox(ROLE_LABELS[role], options,
                                           index=options.index(detected[role]) if detected[role] in options else 0,
                                           key=Keys.import_widget(staged.name, f"map_{role}"))
                    mapping[role] = None if choice == NONE else choice
                if not mapping["text"] or not (mapping["person"] or mapping["id"]):
                    st.warning("Choose the column of what people said and the column of who said it.")
                    return
                if mapping != detected:
                    st.caption("Your choice differs from the detected columns, so a copy with just these columns "
                               "is stored (as a .mapped.csv file).")
        elif staged.speakers:
            interviewers = st.multiselect(
                "Interviewers (their turns are not customer statements)", staged.speakers, default=staged.interviewers,
                key=Keys.import_widget(staged.name, "interviewers"))
            st.caption("Speakers: " + ", ".join(esc(s) for s in staged.speakers))
        if st.button("Add to project", key=Keys.import_widget(staged.name, "add"), type="primary"):
            files = files_to_add(staged, mapping)
            if _add(files, interviewers if interviewers != staged.interviewers else None):
                if pasted:
                    _drop_pasted(staged.name)
                else:
                    _state.reset_uploader()
                st.rerun()


def _staged(name: str, data: bytes, options: IngestOptions) -> Staged:
    return _cache.staged_file(name, hashlib.sha256(data).hexdigest(), options.model_dump_json(), data, stage)


def _upload_tab(project: Project) -> None:
    """The uploader, then the mapping / speakers step of every file uploaded."""
    uploads = st.file_uploader(
        "Transcripts, comment tables, surveys and rosters", accept_multiple_files=True,
        type=[e.lstrip(".") for e in SUPPORTED_EXTENSIONS], key=Keys.import_upload(),
        help="Supported: " + ", ".join(SUPPORTED_EXTENSIONS))
    options = project.settings.ingest
    for item in uploads or []:
        staged_file_ui(_staged(item.name, item.getvalue(), options), pasted=False)


def _paste_tab(project: Project) -> None:
    """Text pasted as a transcript or as comment rows, staged like an upload until it is added."""
    st.radio("Paste as", ["transcript", "comments"], key=Keys.IMPORT_PASTE_KIND, horizontal=True,
             format_func=lambda k: {"transcript": "a transcript (Name: what they said)",
                                    "comments": "comments (rows copied from a spreadsheet, with a header row)"}[k])
    st.text_input("File name", key=Keys.IMPORT_PASTE_NAME, placeholder="pasted")
    st.text_area("Text", key=Keys.IMPORT_PASTE_TEXT, height=200)
    st.button("Read pasted text", key=Keys.IMPORT_PASTE_ADD, on_click=_stage_paste)
    for name, data in _state.pasted():
        staged_file_ui(_staged(name, data, project.settings.ingest), pasted=True)


def _sample_tab() -> None:
    st.markdown("The bundled sample: a fictional coaching community (interviews, comments, a survey and a roster).")
    st.button("Open the sample project", key=Keys.IMPORT_SAMPLE, on_click=_open_sample)


def _read(project: Project) -> IngestResult | None:
    """The project's ingest result, or None (the error shown) when its files cannot be read together."""
    try:
        return _cache.ingest(project)
    except PersonasError as exc:
        _render.show_error(exc)
        return None


def _remove_picker(project: Project) -> None:
    with st.container(horizontal=True, vertical_alignment="bottom"):
        st.selectbox("Remove a file", [f.name for f in project.inputs], key=Keys.IMPORT_REMOVE_PICK)
        st.button("Remove", key=Keys.IMPORT_REMOVE, icon=":material/delete:", on_click=_remove_picked)


def _analyse() -> None:
    """Build the personas now, so the other pages open on a finished result."""
    with st.status("Analysing\u2026", expanded=False) as status:
        built = _render.current_build()
        status.update(label=f"Analysed: {len(built.view.document.personas)} personas from "
                            f"{len(built.view.document.people)} people.", state="complete")


def main() -> None:
    _render.show_notices(_state.pop_notices())
    project = _state.project()
    st.title("Import")
    st.markdown(f"Project **{esc(project.name)}** ({len(project.inputs)} file{'' if len(project.inputs) == 1 else 's'}).")

    upload, paste, sample = st.tabs(["Upload files", "Paste text", "Sample"])
    with upload:
        _upload_tab(project)
    with paste:
        _paste_tab(project)
    with sample:
        _sample_tab()

    st.subheader("Files in the project")
    if not project.inputs:
        st.info("No files yet.")
        return
    ingest = _read(project)
    _import_report.files_table(project, ingest)
    _remove_picker(project)
    if ingest is None:
        return
    _import_report.ingest_report(ingest)
    _analyse()


if __name__ == "__main__":  # run as a page by st.navigation; importable for tests
    main()
