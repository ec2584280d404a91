"""The only module that spells ``st.session_state`` keys: typed getters and setters.

Widget keys are session-state keys too, so every widget key is a constant here, prefixed with the
page that owns it (``app_`` for the shared sidebar in ``app.py``).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import streamlit as st

ROOT = Path(__file__).resolve().parents[1]
PROJECTS_ENV = "REAL_PERSONAS_PROJECTS_DIR"
SAMPLE_NAME = "sample"

# -- session keys (not widgets) -----------------------------------------------------------------
PROJECT_KEY = "project"  # the open personas.project.Project (tests may seed it)
_PROJECT_PATH = "project_path"  # str path of the open project (to notice a picker change)
_NOTICES = "notices"  # messages to show once after a rerun: list[(kind, text)]
_PRESENT_INDEX = "present_index"
_UPLOAD_NONCE = "import_upload_nonce"
_PASTED = "import_pasted"  # list[(name, bytes)] pasted text waiting for the mapping step
_LAST_TIMINGS = "timings"  # phase -> seconds of the last build (shown in the sidebar)
_LAST_FEATURIZER = "last_featurizer"  # what made the last build's statement vectors (shown in the sidebar)


class Keys:
    """Widget keys, one per widget, prefixed by page."""

    # app.py (sidebar, survives page switches)
    PROJECT_PICKER = "app_project"
    NEW_PROJECT_NAME = "app_new_project_name"
    NEW_PROJECT_BUTTON = "app_new_project_create"
    K = "app_k"
    SEED = "app_seed"
    EMBEDDINGS = "app_embeddings"
    PRIVACY = "app_privacy"  # the one privacy switch (analyst | share), used by every page
    # import page
    IMPORT_PASTE_TEXT = "import_paste_text"
    IMPORT_PASTE_KIND = "import_paste_kind"
    IMPORT_PASTE_NAME = "import_paste_name"
    IMPORT_PASTE_ADD = "import_paste_add"
    IMPORT_SAMPLE = "import_open_sample"
    IMPORT_REMOVE_PICK = "import_remove_pick"
    IMPORT_REMOVE = "import_remove"

    @staticmethod
    def import_upload() -> str:
        return f"import_files_{nonce()}"

    @staticmethod
    def import_widget(name: str, part: str) -> str:
        return f"import_{part}_{hashlib.sha1(name.encode('utf-8')).hexdigest()[:10]}"

    # people page
    PEOPLE_PERSON = "people_consent_person"
    PEOPLE_CONSENT = "people_consent_level"
    PEOPLE_CONSENT_SET = "people_consent_set"
    # personas page
    PERSONAS_FILTER = "personas_filter"
    # workshop page
    WORKSHOP_PERSONA = "workshop_persona"
    WORKSHOP_WHO = "workshop_who"
    WORKSHOP_WHY = "workshop_why"
    WORKSHOP_PRESENT = "workshop_present"
    WORKSHOP_TITLE = "workshop_title"
    WORKSHOP_ANCHOR = "workshop_anchor"
    WORKSHOP_MOVE_PERSON = "workshop_move_person"
    WORKSHOP_MOVE_TO = "workshop_move_to"
    WORKSHOP_MERGE_INTO = "workshop_merge_into"
    WORKSHOP_QUOTE = "workshop_quote"
    WORKSHOP_NOTES = "workshop_notes"
    WORKSHOP_UNDO = "workshop_undo"
    WORKSHOP_LOCK = "workshop_lock"
    WORKSHOP_RENAME = "workshop_rename"
    WORKSHOP_SET_ANCHOR = "workshop_set_anchor"
    WORKSHOP_MOVE = "workshop_move"
    WORKSHOP_MERGE = "workshop_merge"
    WORKSHOP_SPLIT = "workshop_split"
    WORKSHOP_SAVE_NOTES = "workshop_save_notes"
    WORKSHOP_UNLOCK = "workshop_unlock"
    WORKSHOP_PREV = "workshop_prev"
    WORKSHOP_NEXT = "workshop_next"
    WORKSHOP_EXIT_PRESENT = "workshop_exit_present"
    ROOM_WHERE = "room_where"
    ROOM_PORT = "room_port"
    ROOM_OPEN = "room_open"
    ROOM_NEW_CODE = "room_new_code"
    ROOM_END = "room_end"

    @staticmethod
    def workshop(part: str, persona_id: str) -> str:
        """A workshop widget that belongs to one persona (so it shows that persona's values)."""
        return f"{part}_{persona_id}"

    @staticmethod
    def workshop_action(action: str) -> str:
        """The button of a quote action (pin_quote, hide_quote, unpin_quote, unhide_quote)."""
        return f"workshop_{action}"


# -- generic ------------------------------------------------------------------------------------


def get(key: str, default: Any = None) -> Any:
    return st.session_state.get(key, default)


def put(key: str, value: Any) -> None:
    st.session_state[key] = value


def drop(key: str) -> None:
    st.session_state.pop(key, None)


# -- projects -----------------------------------------------------------------------------------


def projects_dir() -> Path:
    """Where projects live: $REAL_PERSONAS_PROJECTS_DIR, else ./projects (git-ignored)."""
    configured = os.environ.get(PROJECTS_ENV, "").strip()
    path = Path(configured).expanduser() if configured else ROOT / "projects"
    path.mkdir(parents=True, exist_ok=True)
    return path


def project():
    """The open project (``None`` before the first one is opened)."""
    return st.session_state.get(PROJECT_KEY)


def set_project(project) -> None:
    st.session_state[PROJECT_KEY] = project
    st.session_state[_PROJECT_PATH] = str(project.path)


def project_path() -> str | None:
    return st.session_state.get(_PROJECT_PATH)


def forget_project() -> None:
    drop(PROJECT_KEY)
    drop(_PROJECT_PATH)


# -- one-shot notices ---------------------------------------------------------------------------


def notify(kind: str, text: str) -> None:
    """Queue a message ('success', 'info', 'warning', 'error') shown once after the next rerun.

    ``text`` is plain text (it may hold customer text): it is shown escaped.
    """
    st.session_state.setdefault(_NOTICES, []).append((kind, text))


def pop_notices() -> list[tuple[str, str]]:
    return st.session_state.pop(_NOTICES, [])


# -- page-specific state ------------------------------------------------------------------------


def present_index() -> int:
    return int(st.session_state.get(_PRESENT_INDEX, 0))


def set_present_index(index: int) -> None:
    st.session_state[_PRESENT_INDEX] = int(index)


PRIVACY_VIEWS = ("analyst", "share")


def privacy() -> str:
    """The privacy view the sidebar switch selects: 'analyst' (default) or 'share'."""
    value = st.session_state.get(Keys.PRIVACY)
    return value if value in PRIVACY_VIEWS else "analyst"


def nonce() -> int:
    return int(st.session_state.get(_UPLOAD_NONCE, 0))


def reset_uploader() -> None:
    """A new key empties the file uploader after its files were added."""
    st.session_state[_UPLOAD_NONCE] = nonce() + 1


def pasted() -> list[tuple[str, bytes]]:
    return list(st.session_state.get(_PASTED, []))


def set_pasted(files: list[tuple[str, bytes]]) -> None:
    st.session_state[_PASTED] = list(files)


def timings() -> dict[str, float]:
    return dict(st.session_state.get(_LAST_TIMINGS, {}))


def set_timing(phase: str, seconds: float) -> None:
    st.session_state.setdefault(_LAST_TIMINGS, {})[phase] = round(seconds, 3)


def last_featurizer() -> str | None:
    """The featurizer of the last build's statement vectors (e.g. ``lsa+minilm-int8.v1``)."""
    return st.session_state.get(_LAST_FEATURIZER)


def set_last_featurizer(name: str) -> None:
    st.session_state[_LAST_FEATURIZER] = name


def set_widget(key: str, value: Any) -> None:
    """Set a widget's value before it is drawn (e.g. the sidebar k after opening another project)."""
    st.session_state[key] = value
