"""Projects on disk: round trip, undo, people decisions, re-analysis, atomic saves, concurrent writers, CLI."""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import random
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from workshop_fixtures import (  # noqa: F401 - fixtures are used by name
    all_evidence,
    by_id,
    corpus_files,
    files,
    one_blas_thread,
    persona_of,
    project,
    settings,
)
from workshop_writer import record_loop

from personas.errors import ProjectError
from personas.export import export_yaml, to_yaml
from personas.project import (
    PREVIOUS_FILE,
    PROJECT_FILE,
    ProjectConflict,
    add_files,
    build_project,
    clear_merge,
    create_project,
    open_project,
    project_settings,
    record_edit,
    remove_file,
    sample_project,
    save_project,
    set_consent,
    set_merge,
    undo_last_edit,
)
from personas.workshop import Edit

# k-means on the tiny corpus runs single-threaded here (see one_blas_thread), restored after the module.
pytestmark = pytest.mark.usefixtures("one_blas_thread")


def _yaml(project) -> str:
    return to_yaml(build_project(project)[1].document)


def _edit(action: str, **params: str) -> Edit:
    return Edit(action, params, who="ann", why="client call")


@pytest.mark.parametrize("n_edits", [3])
def test_project_round_trip(project, n_edits):
    view = build_project(project)[1]
    doc = view.document
    edits = [_edit("rename", persona="persona-1", title="Local heroes"),
             _edit("move_person", person=by_id(doc, "persona-2").members[0].person, to="persona-3"),
             _edit("lock", persona="persona-3")][:n_edits]
    for edit in edits:
        project, others = record_edit(project, edit)
        assert others == []
    assert project.revision == 1 + n_edits
    reopened = open_project(project.path)
    assert reopened == project and not reopened.recovered_from_previous
    assert [e.at for e in reopened.edits] == sorted(e.at for e in reopened.edits) and all(e.at.endswith("Z") for e in reopened.edits)
    text = _yaml(reopened)
    assert text == _yaml(project)
    # the lock recorded the members the user saw (after the move), from a fresh build
    lock = reopened.edits[-1]
    assert lock.params["members"] == ",".join(sorted(m.person for m in by_id(build_project(reopened)[1].document, "persona-3").members))
    audit = build_project(reopened)[1].document.audit
    assert [(a.action, a.who, a.why, a.origin) for a in audit] == [(e.action, "ann", "client call", "client_override") for e in edits]


@pytest.mark.parametrize("n_edits", [2])
def test_project_undo(project, n_edits):
    before = _yaml(project)
    p1, _ = record_edit(project, _edit("rename", persona="persona-1", title="One"))
    after_one = _yaml(p1)
    p2, _ = record_edit(p1, _edit("rename", persona="persona-2", title="Two"))
    p3 = undo_last_edit(p2)
    assert [e.params["title"] for e in p3.edits] == ["One"] and p3.revision == p2.revision + 1
    assert _yaml(open_project(project.path)) == after_one
    p4 = undo_last_edit(p3)
    assert _yaml(p4) == before and p4.edits == []
    with pytest.raises(ProjectError) as info:
        undo_last_edit(p4)
    assert info.value.code == "E709"


@pytest.mark.parametrize("stale_edits", [True])
def test_project_undo_refuses_when_edits_changed_elsewhere(project, stale_edits):
    mine, _ = record_edit(project, _edit("rename", persona="persona-1", title="Mine"))
    theirs = open_project(project.path)
    record_edit(theirs, _edit("rename", persona="persona-2", title="Theirs"))
    with pytest.raises(ProjectConflict) as info:
        undo_last_edit(mine)
    assert info.value.code == "E702"


ALIAS_FILE = ("extra.csv", (
    b"author,comment\n"
    b"Anna B.,The bakery window needs a sign so foot traffic notices the fresh bread in the morning.\n"
    b"Anna B.,Sourdough and croissants sell out but the afternoon foot traffic at the bakery is thin.\n"
))


@pytest.mark.parametrize("instruction", ["p-anna-b=p-anna-baker"])
def test_project_merge_accept_reject_and_undo(tmp_path, files, settings, instruction):
    project = create_project(tmp_path / "p", "merges", [*files, ALIAS_FILE], settings)
    doc = build_project(project)[1].document
    assert [(m.alias_id, m.target_id) for m in doc.merges.proposed] == [("p-anna-b", "p-anna-baker")]

    accepted = set_merge(project, instruction, True)
    assert accepted.merges == [instruction] and project_settings(accepted).merges == (instruction,)
    doc = build_project(accepted)[1].document
    assert "p-anna-b" not in {p.id for p in doc.people} and doc.merges.proposed == []
    assert any("Anna B." in line for line in doc.merges.applied)
    assert doc.audit[-1].action == "accept_merge" and doc.audit[-1].origin == "client_override"

    rejected = set_merge(accepted, instruction, False)  # undoes the accept and hides the proposal
    assert rejected.merges == [] and rejected.rejected_merges == [instruction]
    assert "p-anna-b" in {p.id for p in build_project(rejected)[1].document.people}

    cleared = clear_merge(rejected, instruction)
    assert cleared.merges == [] and cleared.rejected_merges == []
    assert open_project(project.path).rejected_merges == []
    with pytest.raises(ProjectError) as info:
        set_merge(cleared, "no equals sign", True)
    assert info.value.code == "E710"


@pytest.mark.parametrize("person", ["p-anna-baker"])
def test_project_consent_exclude_removes_their_words(tmp_path, files, settings, person):
    unique = "Zebra marmalade tastes wonderful with our rye loaves at the bakery every single morning."
    extra = ("extra.csv", f"author,comment\nAnna Baker,{unique}\n".encode())
    project = create_project(tmp_path / "p", "consent", [*files, extra], settings)
    view = build_project(project)[1]
    mine = next(q for p in view.document.personas for q in all_evidence(p) if q.person == person)
    project, _ = record_edit(project, _edit("pin_quote", persona=persona_of(view.document, person), statement=mine.statement))
    assert unique in _yaml(project) or mine.quote in _yaml(project)

    excluded = set_consent(project, person, "exclude", why="asked to be left out")
    view = build_project(excluded)[1]
    text = to_yaml(view.document)
    assert unique not in text
    assert all(e.person != person for p in view.document.personas for e in all_evidence(p))
    assert persona_of(view.document, person) is None
    assert [u.reason for u in view.document.unassigned if u.person == person] == ["left out: their consent level is 'exclude'"]
    assert next(p for p in view.document.people if p.id == person).consent == "exclude"
    assert [e.action for e, _ in view.not_applied] == ["pin_quote"]
    assert view.document.audit[-1].action == "set_consent" and view.document.audit[-1].why == "asked to be left out"
    with pytest.raises(ProjectError) as info:
        set_consent(excluded, person, "secret")
    assert info.value.code == "E714" and "secret" in str(info.value)


@pytest.mark.parametrize("removed", ["ads.csv"])
def test_project_edits_that_no_longer_apply_after_removing_input(project, removed):
    doc = build_project(project)[1].document
    ads_person = next(p.id for p in doc.people if "ads.csv" in p.sources)
    bakery_person = next(p.id for p in doc.people if "bakery.csv" in p.sources)
    project, _ = record_edit(project, _edit("move_person", person=ads_person, to=persona_of(doc, bakery_person)))
    project, _ = record_edit(project, _edit("set_notes", persona=persona_of(doc, bakery_person), notes="bakers"))
    project = remove_file(project, removed)
    assert [f.name for f in project.inputs] == ["bakery.csv", "linkedin.csv"]
    assert not (project.path / "inputs" / removed).exists()
    view = build_project(open_project(project.path))[1]
    assert [(e.action, reason) for e, reason in view.not_applied] == [
        ("move_person", f"person {ads_person} is not among the people read any more")]
    assert any(p.notes == "bakers" for p in view.document.personas)
    # adding the file back makes the edit apply again
    project = add_files(project, [f for f in corpus_files() if f[0] == removed])
    assert build_project(project)[1].not_applied == []
    with pytest.raises(ProjectError) as info:
        remove_file(project, "nope.csv")
    assert info.value.code == "E708"


@pytest.mark.parametrize("name", ["../evil.csv", "/etc/passwd", ""])
def test_project_refuses_bad_input_names(tmp_path, name):
    with pytest.raises(ProjectError) as info:
        create_project(tmp_path / "p", "bad", [(name, b"author,comment\n")])
    assert info.value.code == "E707"


@pytest.mark.parametrize("writers", [2])
def test_project_two_writers_keep_both_edits(project, writers):
    tab_a, tab_b = open_project(project.path), open_project(project.path)
    assert tab_a.revision == tab_b.revision
    a, others_a = record_edit(tab_a, _edit("rename", persona="persona-1", title="From A"))
    b, others_b = record_edit(tab_b, _edit("rename", persona="persona-2", title="From B"))
    assert others_a == [] and others_b == [a.edits[-1]]
    assert [e.params["title"] for e in b.edits] == ["From A", "From B"] and b.revision == tab_a.revision + 2
    assert open_project(project.path) == b
    # a plain save of a stale copy is refused, naming the conflict
    with pytest.raises(ProjectConflict) as info:
        save_project(replace(tab_a, name="stale"))
    assert info.value.code == "E702" and "another tab or process" in str(info.value) and "Fix:" in str(info.value)
    assert open_project(project.path).name == project.name


@pytest.mark.parametrize("threads, per_thread", [(4, 6)])
def test_project_concurrent_threads_lose_no_edit(project, threads, per_thread):
    def work(i: int) -> None:
        mine = open_project(project.path)
        for j in range(per_thread):
            mine, _ = record_edit(mine, _edit("set_notes", persona="persona-1", notes=f"{i}-{j}"))

    workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    final = open_project(project.path)
    assert sorted(e.params["notes"] for e in final.edits) == sorted(f"{i}-{j}" for i in range(threads) for j in range(per_thread))
    assert final.revision == 1 + threads * per_thread


class _Writer:
    """A separate process recording edits in a loop (forked from a preloaded fork server, so starting is quick)."""

    def __init__(self, ctx, folder: Path, reports: Path, n: int):
        self.report = reports / f"writer-{n}.txt"
        self.proc = ctx.Process(target=record_loop, args=(str(folder), str(self.report)), daemon=True)
        self.proc.start()

    def lines(self) -> list[str]:
        return self.report.read_text().split("\n") if self.report.exists() else []

    def wait_ready(self, timeout: float = 30.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if "ready" in self.lines() or not self.proc.is_alive():
                return True
            time.sleep(0.005)
        return False

    @property
    def revisions(self) -> list[int]:
        return [int(line) for line in self.lines() if line.isdigit()]

    def kill(self) -> None:
        self.proc.kill()  # SIGKILL
        self.proc.join()


@pytest.mark.parametrize("kills, lanes", [(20, 2)])
def test_project_survives_sigkill_midway(project, tmp_path, monkeypatch, kills, lanes):
    here = Path(__file__).resolve().parent
    # the fork server imports its preload with its own sys.path (Python 3.11 ignores the parent's), so pass it on
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(here), str(here.parents[1]), os.environ.get("PYTHONPATH", "")]))
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["workshop_writer"])
    rng = random.Random(1)
    started = 0

    def spawn() -> _Writer:
        nonlocal started
        started += 1
        return _Writer(ctx, project.path, tmp_path, started)

    writers = [spawn() for _ in range(lanes)]
    done: list[_Writer] = []
    last_revision = project.revision
    try:
        for _ in range(kills):
            writer = writers.pop(0)
            assert writer.wait_ready(), "writer did not start"
            time.sleep(rng.uniform(0.0, 0.04))
            writer.kill()
            assert writer.proc.exitcode == -signal.SIGKILL
            done.append(writer)
            reported = max([r for w in done for r in w.revisions], default=0)
            state = open_project(project.path)  # the other writer keeps saving meanwhile
            assert state.revision >= max(last_revision, reported)  # monotonic, and no saved revision lost
            assert len(state.edits) == state.revision - 1  # every save added exactly one edit
            last_revision = state.revision
            writers.append(spawn())
    finally:
        for writer in writers:
            writer.kill()
        done += writers
    final = open_project(project.path)
    json.loads((project.path / PROJECT_FILE).read_text())
    reported = [r for w in done for r in w.revisions]
    assert reported and final.revision >= max(reported) and len(final.edits) == final.revision - 1
    for writer in done:  # each writer's edits are all there, in its order, without gaps
        numbers = [int(e.params["notes"].split("-")[1]) for e in final.edits if e.params["notes"].startswith(f"{writer.proc.pid}-")]
        assert numbers == list(range(len(numbers))) and len(numbers) >= len(writer.revisions)
    saved = save_project(final)  # a later save clears temp files left by killed writers
    assert saved.revision == final.revision + 1
    assert not list(project.path.glob(".project.json.*.tmp"))


@pytest.mark.parametrize("damage", [b"{ half a file", b"", None])
def test_project_opens_previous_version_when_current_is_damaged(project, damage):
    saved, _ = record_edit(project, _edit("rename", persona="persona-1", title="Kept"))
    current = project.path / PROJECT_FILE
    good_prev = json.loads((project.path / PREVIOUS_FILE).read_text())
    if damage is None:
        current.unlink()
    else:
        current.write_bytes(damage)
    recovered = open_project(project.path)
    assert recovered.recovered_from_previous and recovered.revision == good_prev["revision"] == saved.revision - 1
    resaved = save_project(recovered)  # saving over a damaged file keeps the good previous version
    assert open_project(project.path).revision == resaved.revision and not open_project(project.path).recovered_from_previous
    assert json.loads((project.path / PREVIOUS_FILE).read_text())["revision"] == good_prev["revision"]


@pytest.mark.parametrize("content, code", [(b"not json", "E705"), (b'{"format": 99}', "E712")])
def test_project_unreadable_raises_coded_error(tmp_path, content, code):
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / PROJECT_FILE).write_bytes(content)
    with pytest.raises(ProjectError) as info:
        open_project(folder)
    assert info.value.code == code and str(folder) in str(info.value) and "Fix:" in str(info.value)


@pytest.mark.parametrize("where", ["missing", "empty"])
def test_project_open_non_project_is_e704(tmp_path, where):
    folder = tmp_path / where
    if where == "empty":
        folder.mkdir()
    with pytest.raises(ProjectError) as info:
        open_project(folder)
    assert info.value.code == "E704"


@pytest.mark.parametrize("again", [True])
def test_project_create_refuses_existing(project, files, again):
    with pytest.raises(ProjectError) as info:
        create_project(project.path, "again", files)
    assert info.value.code == "E706"


@pytest.mark.parametrize("tamper", [b"changed"])
def test_project_detects_changed_stored_input(project, tamper):
    (project.path / "inputs" / "ads.csv").write_bytes(tamper)
    with pytest.raises(ProjectError) as info:
        build_project(project)
    assert info.value.code == "E711" and "ads.csv" in str(info.value)


@pytest.mark.parametrize("with_edits", [True])
def test_project_cli_build_matches_library(project, tmp_path, with_edits):
    from personas.cli import main

    if with_edits:
        doc = build_project(project)[1].document
        project, _ = record_edit(project, _edit("rename", persona="persona-1", title="Local heroes"))
        project, _ = record_edit(project, _edit("move_person", person=by_id(doc, "persona-2").members[0].person, to="persona-3"))
    out = tmp_path / "out.yaml"
    err = io.StringIO()
    assert main(["build", "--project", str(project.path), "-o", str(out), "--quiet"], err=err) == 0, err.getvalue()
    assert out.read_bytes() == export_yaml(build_project(open_project(project.path))[1].document).encode("utf-8")
    err = io.StringIO()
    assert main(["build", "--project", str(project.path), "--k", "3", "-o", str(out)], err=err) == 2
    assert "E604" in err.getvalue() and "--k" in err.getvalue()


@pytest.mark.parametrize("edits", [1])
def test_project_cli_subprocess_writes_library_bytes(project, tmp_path, edits):
    project, _ = record_edit(project, _edit("set_notes", persona="persona-1", notes="From the CLI test."))
    out = tmp_path / "cli.yaml"
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run([sys.executable, "-m", "personas", "build", "--project", str(project.path), "-o", str(out)],
                          cwd=root, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(root), "OMP_NUM_THREADS": "1"})
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() == export_yaml(build_project(open_project(project.path))[1].document).encode("utf-8")


@pytest.mark.parametrize("twice", [True])
def test_project_sample_is_idempotent_and_builds_like_the_folder(tmp_path, twice):
    from analysis.nlp import build_nlp
    from personas.build import build
    from personas.ingest import ingest_paths
    from personas.project import SAMPLE_DIR, set_settings
    from personas.settings import AnalysisSettings, BuildSettings

    if not SAMPLE_DIR.is_dir() or not any(SAMPLE_DIR.iterdir()):
        pytest.skip("sample data not present yet")
    first = sample_project(tmp_path / "sample")
    assert first.inputs and all(not f.name.startswith(("/", "coaching_community")) for f in first.inputs)
    assert sample_project(tmp_path / "sample") == first
    blank = BuildSettings(analysis=AnalysisSettings(spacy_model="blank"))
    project = set_settings(first, blank)
    folder = build(ingest_paths([SAMPLE_DIR], blank.ingest), blank, nlp=build_nlp("blank"))
    assert to_yaml(build_project(project)[1].document) == to_yaml(folder.document)
    with pytest.raises(ProjectError) as info:
        sample_project(create_project(tmp_path / "other", "other", corpus_files()).path)
    assert info.value.code == "E706"


# ---------------------------------------------------------------------------------------------
# The pipeline build_project runs (personas/pipeline.py), with a cache hook of the caller's


def _dict_cache(store: dict, computed: list):
    """A cache hook as the app's, over a dict: the pipeline derives the key, the hook keeps the value."""
    def hook(call):
        if call.key not in store:
            computed.append(call.step.name)
            store[call.key] = call.compute(None)
        return store[call.key]
    return hook


@pytest.mark.parametrize("rename", ["Local heroes"])
def test_project_pipeline_cache_hook_reuses_steps_and_gives_build_project_bytes(project, rename):
    from personas.pipeline import BuildInputs, run_pipeline

    store: dict = {}
    computed: list[str] = []
    first = run_pipeline(BuildInputs.of_project(project), cache=_dict_cache(store, computed))
    assert computed == ["ingest", "merges", "corpus", "analysis", "people", "document", "view"]
    assert to_yaml(first.view.document) == _yaml(project)
    assert set(first.keys) == set(computed) and len(set(first.keys.values())) == len(computed)
    edited = record_edit(project, _edit("rename", persona="persona-1", title=rename))[0]
    computed.clear()
    again = run_pipeline(BuildInputs.of_project(edited), cache=_dict_cache(store, computed))
    assert computed == ["view"]  # only the edits are replayed
    assert {name: again.keys[name] for name in first.keys if name != "view"} == {n: k for n, k in first.keys.items() if n != "view"}
    assert to_yaml(again.view.document) == _yaml(edited)
    assert by_id(again.view.document, "persona-1").title == rename


@pytest.mark.parametrize("bad, message", [
    ({"reads": ("people",)}, "not an earlier step"),
    ({"reads": ("ingest.statements",)}, "no content digest"),
    ({"reads": ("finish",)}, "not an earlier step"),
])
def test_project_pipeline_declaration_is_checked(bad, message):
    from personas.pipeline import PIPELINE, Pipeline, Step

    first = PIPELINE.steps[0]
    broken = Step(name="early", run=first.run, **bad)
    with pytest.raises(ValueError, match=message):
        Pipeline((first, broken, *PIPELINE.steps[1:]))


@pytest.mark.parametrize("until", ["ingest"])
def test_project_pipeline_refuses_given_values_with_a_cache(project, until):
    from personas.pipeline import BuildInputs, run_pipeline

    with pytest.raises(ValueError, match="no cache key"):
        run_pipeline(BuildInputs.of_project(project), until=until, given={"ingest": None}, cache=_dict_cache({}, []))
