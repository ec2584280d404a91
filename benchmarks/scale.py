"""Scale benchmark (issue 19): the whole CLI build on 100k, 300k and 1M comments, single-process and on Dask.

Each corpus is written once as ``c{n}.csv`` by :func:`benchmarks.speed.make_comments` (real Amazon
reviews resampled, copies under different authors); the name is fixed because the YAML records the
input's file name, so only builds of a file of the same name can have the same hash. Every size is
built twice in the same run, as subprocesses of this script, and in alternating order (single then
Dask, then Dask then single at the next size) so that a machine getting slower or faster does not
favour one path::

    python -m personas build c{n}.csv --spacy-model blank -o PATH/c{n}.yaml --quiet --max-file-mb MB [--scheduler local:W]

Measured per build: wall seconds from start to exit (Python start-up and, on Dask, starting the
local cluster included); words/s (the corpus's words counted as ``speed.py`` does, a whitespace
split of each comment); peak RSS of the CLI process (on Dask it also hosts the scheduler and the
nannies) and of each of its child processes, sampled with psutil every ``--interval`` seconds; the
peak of their sum at one sample (RSS counts a page shared by forked workers in every one of them, so
the sum overstates what the machine holds); the CPU seconds of the CLI process (its last sample) and
of its descendants (the kernel's figure for the whole tree once reaped, minus the CLI's), which split
the time into client work and worker work for the projection; the sha256 of the YAML (and of the
people table beside it, ``c{n}.people.parquet``, over the people inline limit) and whether the two
paths wrote the same bytes. Each path writes to its own folder (``single/``, ``dask/``) under the same
file names, since the YAML names its people table by file name.

Memory guard: before a build, its peak is estimated from ``--mb-per-1k`` (default: the 100k single
build's 4.6 GB, taken as linear in comments) and a build that would not fit in the machine's
available memory is skipped with the reason printed. While a build runs, the whole process tree is
killed when the machine's available memory falls under ``--min-free-mb``, rather than letting the
kernel's OOM killer pick a process (maybe someone else's). A build that dies (killed, or a non-zero
exit) is reported as a row, and the run goes on.

    python -m benchmarks.scale                          # 100k, 300k and 1M on local:2
    python -m benchmarks.scale --sizes 5000,20000 --workers 2 --out /tmp/scale
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import ROOT, print_table  # noqa: E402
from benchmarks.speed import make_comments  # noqa: E402

SIZES = (100_000, 300_000, 1_000_000)
#: Peak memory of a build per 1,000 comments, for the guard: the 100k single-process CLI build
#: peaked at 4.58-4.66 GB max RSS on 2026-12-03 (LOG.md), assumed linear.
MB_PER_1K = 46.0
PROJECT_TO = (10_000_000, 100_000_000)
#: Child processes that do none of the build's work (multiprocessing's bookkeeping processes).
HELPERS = ("multiprocessing.resource_tracker", "multiprocessing.forkserver")


@dataclass
class Sample:
    """What the poller saw of one build's process tree."""

    client_mb: float = 0.0
    client_cpu: float = 0.0
    tree_sum_mb: float = 0.0
    child_mb: dict[int, float] = field(default_factory=dict)  # peak RSS per child pid


@dataclass
class Run:
    """One build's figures (a row of the table)."""

    comments: int
    words: int
    path: str
    seconds: float | None = None
    client_mb: float | None = None
    worker_max_mb: float | None = None
    worker_sum_mb: float | None = None
    workers: int | None = None
    tree_sum_mb: float | None = None
    client_cpu_s: float | None = None
    worker_cpu_s: float | None = None
    sha256: str | None = None
    same: bool | None = None  # the dask row: the same YAML bytes as the single row of its size
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.sha256 is not None


def _mb(nbytes: int) -> float:
    return nbytes / (1024 * 1024)


def _cpu(proc: psutil.Process) -> float:
    times = proc.cpu_times()
    return times.user + times.system


def _is_helper(proc: psutil.Process) -> bool:
    try:
        return any(name in " ".join(proc.cmdline()) for name in HELPERS)
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return False


def sample_tree(root: psutil.Process, seen: Sample, helpers: set[int]) -> None:
    """Add one sample of ``root`` and its descendants to ``seen`` (processes that end meanwhile are skipped)."""
    total = 0.0
    try:
        seen.client_cpu = _cpu(root)
        rss = _mb(root.memory_info().rss)
        seen.client_mb = max(seen.client_mb, rss)
        total += rss
        children = root.children(recursive=True)
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return
    for child in children:
        try:
            if child.pid not in seen.child_mb and _is_helper(child):
                helpers.add(child.pid)
            rss = _mb(child.memory_info().rss)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
        seen.child_mb[child.pid] = max(seen.child_mb.get(child.pid, 0.0), rss)
        total += rss
    seen.tree_sum_mb = max(seen.tree_sum_mb, total)


def _kill_tree(root: psutil.Process) -> None:
    """Kill a build and the processes it started (only this script's own subprocess tree)."""
    try:
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return
    for proc in procs:
        try:
            proc.kill()
        except psutil.NoSuchProcess:
            pass


def watch(proc: subprocess.Popen, interval: float, min_free_mb: float) -> tuple[Sample, set[int], str]:
    """Sample ``proc``'s tree until it exits; kill it when the machine runs short of memory.
    Returns the samples, the pids of helper processes and a note ("" unless the guard killed it)."""
    root = psutil.Process(proc.pid)
    seen, helpers, note = Sample(), set(), ""
    while proc.poll() is None:
        sample_tree(root, seen, helpers)
        available = _mb(psutil.virtual_memory().available)
        if available < min_free_mb and not note:
            note = f"killed by the memory guard: {available:.0f} MB available < --min-free-mb {min_free_mb:.0f}"
            _kill_tree(root)
        time.sleep(interval)
    return seen, helpers, note


def build_once(n: int, words: int, path: str, out: Path, args: argparse.Namespace) -> Run:
    """One ``personas build`` of ``c{n}.csv`` as a subprocess (``path`` "single" or "dask"), measured."""
    # each path writes to a folder of its own under the same name: over the people limit the YAML names
    # its people table by file name (people_file.path), so only same-named outputs can be the same bytes
    yaml_path = out / path / f"c{n}.yaml"
    table_path = yaml_path.with_name(f"c{n}.people.parquet")
    yaml_path.parent.mkdir(parents=True, exist_ok=True)
    yaml_path.unlink(missing_ok=True)
    table_path.unlink(missing_ok=True)
    size_mb = (out / f"c{n}.csv").stat().st_size // (1024 * 1024) + 1  # over ingest's 200 MB default from 300k comments on
    command = [sys.executable, "-m", "personas", "build", f"c{n}.csv", "--spacy-model", "blank", "-o", f"{path}/{yaml_path.name}", "--quiet",
               "--max-file-mb", str(max(200, size_mb))]
    if path == "dask":
        command += ["--scheduler", f"local:{args.workers}"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    stderr_path = out / f"c{n}.{path}.stderr"
    before = _children_cpu()
    with open(stderr_path, "w", encoding="utf-8") as stderr:
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=out, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
        seen, helpers, note = watch(proc, args.interval, args.min_free_mb)
        seconds = time.perf_counter() - start
    run = _figures(Run(n, words, path, seconds=seconds), seen, helpers, tree_cpu=_children_cpu() - before)
    if proc.returncode < 0:
        run.note = note or f"killed by signal {-proc.returncode} (out of memory? see dmesg)"
    elif proc.returncode != 0:
        last = stderr_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-1:]
        run.note = f"exit {proc.returncode}: {last[0] if last else 'no stderr'}"
    else:
        digest = hashlib.sha256(yaml_path.read_bytes())
        if table_path.is_file():  # the people table beside it (issue 19's output that scales) is part of the output
            digest.update(table_path.read_bytes())
        run.sha256 = digest.hexdigest()
    return run


def _children_cpu() -> float:
    """CPU seconds of this script's ended and reaped descendants: a build's whole tree once it has
    exited (the kernel adds a reaped process's own and its reaped children's times to its parent's)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _figures(run: Run, seen: Sample, helpers: set[int], tree_cpu: float) -> Run:
    """The build's figures from the samples; the workers' CPU is the tree's (exact, from the kernel)
    minus the client's last sample (short-lived forked workers would slip between samples)."""
    workers = {pid: mb for pid, mb in seen.child_mb.items() if pid not in helpers}
    run.client_mb, run.tree_sum_mb, run.client_cpu_s = seen.client_mb, seen.tree_sum_mb, seen.client_cpu
    run.workers = len(workers)
    run.worker_max_mb = max(workers.values(), default=None)
    run.worker_sum_mb = sum(workers.values()) if workers else None
    run.worker_cpu_s = max(0.0, tree_cpu - seen.client_cpu)
    return run


def guard(n: int, words: int, path: str, mb_per_1k: float) -> Run | None:
    """A skipped row when the build's estimated peak does not fit in the available memory, else None."""
    estimate = mb_per_1k * n / 1000
    available = _mb(psutil.virtual_memory().available)
    if estimate <= available:
        return None
    note = f"skipped: estimated peak {estimate:,.0f} MB ({mb_per_1k:g} MB per 1k comments) > {available:,.0f} MB available"
    return Run(n, words, path, note=note)


def run_sizes(args: argparse.Namespace, out: Path) -> list[Run]:
    """Both paths on every size, alternating which goes first."""
    runs: list[Run] = []
    for i, n in enumerate(args.sizes):
        words = make_comments(n, out / f"c{n}.csv")
        order = ("single", "dask") if i % 2 == 0 else ("dask", "single")
        pair: dict[str, Run] = {}
        for path in order:
            print(f"c{n} ({words:,} words): {path} ...", file=sys.stderr, flush=True)
            pair[path] = guard(n, words, path, args.mb_per_1k) or build_once(n, words, path, out, args)
            done = pair[path]
            print(f"c{n} {path}: " + (f"{done.seconds:.1f} s {done.note}" if done.seconds is not None else done.note), file=sys.stderr, flush=True)
        if pair["single"].ok and pair["dask"].ok:
            pair["dask"].same = pair["single"].sha256 == pair["dask"].sha256
        runs += [pair[path] for path in order]
    return runs


def table_rows(runs: list[Run]) -> list[dict]:
    rows = []
    for run in runs:
        row = asdict(run)
        row["words_per_s"] = run.words / run.seconds if run.ok and run.seconds else None
        row["sha256"] = run.sha256[:12] if run.sha256 else None
        if not run.ok:
            row["seconds"] = None
        rows.append(row)
    return rows


def _slope(points: list[tuple[int, float]]) -> tuple[float, float] | None:
    """Least-squares line (intercept, per-comment slope) through (comments, value), or None with fewer than 2 sizes."""
    if len({n for n, _ in points}) < 2:
        return None
    import numpy as np

    slope, intercept = np.polyfit([n for n, _ in points], [v for _, v in points], 1)
    return float(intercept), float(slope)


def fits(runs: list[Run]) -> dict[str, dict[str, tuple[float, float]]]:
    """Per path, a linear fit of each figure against the number of comments (only builds that finished)."""
    figures = ("seconds", "client_mb", "worker_max_mb", "tree_sum_mb", "client_cpu_s", "worker_cpu_s")
    out: dict[str, dict[str, tuple[float, float]]] = {}
    for path in ("single", "dask"):
        done = [r for r in runs if r.path == path and r.ok]
        for figure in figures:
            line = _slope([(r.comments, getattr(r, figure)) for r in done if getattr(r, figure) is not None])
            if line is not None:
                out.setdefault(path, {})[figure] = line
    return out


def _at(line: tuple[float, float] | None, n: float) -> float | None:
    return None if line is None else line[0] + line[1] * n


def print_fits(lines: dict[str, dict[str, tuple[float, float]]]) -> None:
    print("\nLinear fits (value = a + b x comments; finished builds only):\n")
    rows = [{"path": path, "figure": figure, "a (fixed)": a, "b per 1k comments": b * 1000}
            for path, by_figure in lines.items() for figure, (a, b) in by_figure.items()]
    print_table(rows, ["path", "figure", "a (fixed)", "b per 1k comments"])


def _usable(line: tuple[float, float] | None) -> tuple[float, float] | None:
    """A fit to extend, or None when its slope is negative (sizes too small to leave the fixed costs' regime)."""
    return line if line is not None and line[1] >= 0 else None


def projection(lines: dict[str, dict[str, tuple[float, float]]], workers: list[int], measured: int) -> list[dict]:
    """PROJECTION rows for 10M and 100M comments, from the fits (not measured).

    Single process: the seconds and peak MB lines extended. Dask on N workers: the client's CPU
    seconds (which hold the global fits, kept on the client) do not divide; the workers' CPU seconds
    (the per-statement work: spaCy and the clustering's maps) divide by N; the rest of the measured
    wall time (start-up, waiting, transfers: the seconds' fit minus client CPU minus worker CPU over
    the ``measured`` workers, at least 0) stays. A worker's peak is taken as proportional to its
    share of the statements (n / N); the client's peak does not divide. A figure whose fit has a
    negative slope is left out ("-")."""
    rows: list[dict] = []
    single = {k: _usable(v) for k, v in lines.get("single", {}).items()}
    dask = {k: _usable(v) for k, v in lines.get("dask", {}).items()}
    for n in PROJECT_TO:
        rows.append({"comments": n, "path": "single", "seconds": _at(single.get("seconds"), n),
                     "client_mb": _at(single.get("client_mb"), n), "tree_sum_mb": _at(single.get("tree_sum_mb"), n),
                     "note": "PROJECTION: the single-process fits extended"})
        parts = [dask.get(k) for k in ("seconds", "client_cpu_s", "worker_cpu_s")]
        for count in workers:
            row = {"comments": n, "path": f"dask, {count} workers", "client_mb": _at(dask.get("client_mb"), n),
                   "note": "PROJECTION: client CPU + worker CPU / N + the rest"}
            if None not in parts:
                wall, client_s, worker_s = (_at(line, n) for line in parts)
                row["seconds"] = client_s + worker_s / count + max(0.0, wall - client_s - worker_s / measured)
            worker_mb = _at(dask.get("worker_max_mb"), n)
            row["worker_max_mb"] = None if worker_mb is None else worker_mb * measured / count
            rows.append(row)
    return rows


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="comma-separated corpus sizes (default %(default)s)")
    parser.add_argument("--workers", type=int, default=2, help="Dask workers: --scheduler local:W (default %(default)s)")
    parser.add_argument("--out", type=Path, help="where the corpora, YAMLs and results.json go (default: a new temporary folder)")
    parser.add_argument("--interval", type=float, default=0.2, help="seconds between memory samples (default %(default)s)")
    parser.add_argument("--mb-per-1k", type=float, default=MB_PER_1K, help="estimated peak MB per 1,000 comments (default %(default)s)")
    parser.add_argument("--min-free-mb", type=float, default=1024, help="kill a build when less memory is available (default %(default)s)")
    parser.add_argument("--project-workers", default="2,8,32", help="N for the projection (default %(default)s)")
    args = parser.parse_args(argv)
    try:
        args.sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
        args.project_workers = [int(s) for s in args.project_workers.split(",") if s.strip()]
    except ValueError as exc:
        parser.error(f"--sizes and --project-workers take whole numbers separated by commas ({exc})")
    if not args.sizes or min(args.sizes) < 1 or args.workers < 1 or min(args.project_workers, default=0) < 1:
        parser.error("--sizes, --workers and --project-workers must be 1 or more (e.g. --sizes 100000,300000 --workers 2)")
    return args


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="personas-scale-"))
    out.mkdir(parents=True, exist_ok=True)
    print(f"corpora, YAMLs and results.json in {out}; {psutil.cpu_count()} CPUs, "
          f"{_mb(psutil.virtual_memory().available):,.0f} MB available", file=sys.stderr, flush=True)
    runs = run_sizes(args, out)
    print_table(table_rows(runs), ["comments", "words", "path", "seconds", "words_per_s", "client_mb", "worker_max_mb", "worker_sum_mb",
                                   "workers", "tree_sum_mb", "client_cpu_s", "worker_cpu_s", "sha256", "same", "note"])
    lines = fits(runs)
    print_fits(lines)
    projected = projection(lines, args.project_workers, args.workers)
    print("\nPROJECTION, not measured: the fits above extended. Assumed: cost linear in comments; on Dask the workers'"
          " CPU (per-statement work) divides by N, the client's CPU (global fits) does not, the rest stays; a worker's"
          " peak falls as n / N, the client's does not; every worker has a core and memory of its own. '-': a fit with a negative slope.\n")
    print_table(projected, ["comments", "path", "seconds", "client_mb", "worker_max_mb", "tree_sum_mb", "note"])
    (out / "results.json").write_text(json.dumps({"runs": [asdict(r) for r in runs], "fits": lines, "projection": projected}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
