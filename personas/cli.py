"""Command line: ``python -m personas build | inspect | validate``.

Exit status 0 on success, 2 on bad input or usage (a one-paragraph message on stderr, no
traceback), 1 on an unexpected internal error (``--debug`` shows its traceback).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from personas import __version__
from personas.errors import PersonasError, UsageError
from personas.scheduler import DEFAULT_BUCKETS
from personas.settings import EMBEDDING_CHOICES, AnalysisSettings, BuildSettings, IngestOptions, OutputOptions

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_BAD_INPUT = 2


def _help(model: type, name: str) -> str:
    return model.model_fields[name].description or ""


class _ArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's default exits 2 with usage; keep it, add our code
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"[E601] {self.prog}: {message}\n")


def _add_ingest_options(parser: argparse.ArgumentParser, *, inputs_required: bool = True) -> None:
    parser.add_argument("inputs", nargs="+" if inputs_required else "*", metavar="INPUT",
                        help="Files, folders or quoted glob patterns ('exports/*.csv', 'data/**/*.parquet') of transcripts, "
                             "comment tables (CSV, XLSX, JSON, Parquet), surveys and rosters.")
    parser.add_argument("--people", metavar="ROSTER", action="append", default=[], help="A roster (CSV/XLSX) of people: name, aliases, consent, role, attributes.")
    parser.add_argument("--text-column", metavar="C", help=_help(IngestOptions, "text_column"))
    parser.add_argument("--person-column", metavar="C", help=_help(IngestOptions, "person_column"))
    parser.add_argument("--date-column", metavar="C", help=_help(IngestOptions, "date_column"))
    parser.add_argument("--platform-column", metavar="C", help=_help(IngestOptions, "platform_column"))
    parser.add_argument("--id-column", metavar="C", help=_help(IngestOptions, "id_column"))
    parser.add_argument("--sheet", metavar="NAME", help=_help(IngestOptions, "sheet"))
    parser.add_argument("--interviewer", metavar="NAME", action="append", default=[], help=_help(IngestOptions, "interviewers"))
    parser.add_argument("--speaker", metavar="NAME", help=_help(IngestOptions, "speaker"))
    parser.add_argument("--max-file-mb", type=int, default=IngestOptions.model_fields["max_file_mb"].default, metavar="MB",
                        help=_help(IngestOptions, "max_file_mb"))
    parser.add_argument("--merge", metavar='"A=B"', action="append", default=[], help=_help(BuildSettings, "merges"))


def make_parser() -> argparse.ArgumentParser:
    parser = _ArgumentParser(prog="python -m personas", description="Real Personas: personas anchored on real, named customers.")
    parser.add_argument("--version", action="version", version=f"real-personas {__version__}")
    parser.add_argument("--debug", action="store_true", help="Show the traceback of an unexpected error.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_ArgumentParser)

    build = sub.add_parser("build", help="Build personas from inputs and write persona YAML.")
    _add_ingest_options(build, inputs_required=False)
    build.add_argument("--project", metavar="DIR",
                       help="Build from a saved workshop project (its inputs, settings, merges, consent and edits) "
                            "instead of INPUT files and setting options.")
    build.add_argument("--k", default="auto", help=_help(AnalysisSettings, "k"))
    build.add_argument("--seed", type=int, default=0, help=_help(AnalysisSettings, "seed"))
    build.add_argument("--spacy-model", default="auto", metavar="NAME|auto|blank", help=_help(AnalysisSettings, "spacy_model"))
    build.add_argument("--min-statements", default=AnalysisSettings.model_fields["min_statements"].default, metavar="auto|N",
                       help=_help(AnalysisSettings, "min_statements"))
    build.add_argument("--min-words", type=int, default=AnalysisSettings.model_fields["min_words"].default, metavar="N",
                       help=_help(AnalysisSettings, "min_words"))
    build.add_argument("--themes", default="auto", metavar="auto|N", help=_help(AnalysisSettings, "themes"))
    build.add_argument("--embeddings", choices=EMBEDDING_CHOICES, default="auto", help=_help(AnalysisSettings, "embeddings"))
    build.add_argument("-o", "--output", metavar="OUT.yaml", help="Write persona YAML here (default: standard output).")
    build.add_argument("--people-inline-limit", type=int, metavar="N",
                       default=OutputOptions.model_fields["people_inline_limit"].default,
                       help=_help(OutputOptions, "people_inline_limit"))
    build.add_argument("--assignments", metavar="OUT.csv", help="Write person_id,name,persona_id for every person.")
    build.add_argument("--markdown", metavar="OUT.md", help="Write readable persona cards as Markdown.")
    build.add_argument("--statements", metavar="OUT.csv",
                       help="Write every statement analysed: statement, person, source, location, text, theme, "
                            "signal kinds, needs, persona (names and texts as --privacy allows).")
    build.add_argument("--cards-pdf", metavar="OUT.pdf", help="Write the persona cards as a PDF, one page per persona.")
    build.add_argument("--cards-png", metavar="DIR", help="Write one PNG per persona card into DIR (<persona id>.png).")
    build.add_argument("--privacy", choices=("analyst", "share"), default="analyst",
                       help="analyst: everything the consent allows the analyst to see (excluded people left out); "
                            "share: what may leave the room (names by consent, pseudonyms, emails/phones/URLs/handles "
                            "and other people's names replaced by placeholders).")
    build.add_argument("--scheduler", metavar="local:N|ADDRESS",
                       help="Run the build's tasks on a Dask cluster: local:N (N worker processes on this machine) or a "
                            "scheduler's address (tcp://HOST:8786, tls://HOST:8786). The YAML is the same as without it.")
    build.add_argument("--buckets", type=int, default=DEFAULT_BUCKETS, metavar="N",
                       help=f"With --scheduler: partitions by person of the statements (default {DEFAULT_BUCKETS}; "
                            "the YAML does not depend on it).")
    build.add_argument("--quiet", action="store_true", help="No progress on stderr.")

    inspect = sub.add_parser("inspect", help="Show what was read: sources, statements, people, proposed merges, skipped rows.")
    _add_ingest_options(inspect)

    validate = sub.add_parser("validate", help="Check a persona YAML file against its schema (versions 1 to 4 are read; "
                                               "a version 4 file's people table too).")
    validate.add_argument("file", metavar="FILE")

    workshop = sub.add_parser("workshop", help="Open a workshop room: the project's share view for the room's own devices, "
                                               "behind a join code; reactions are saved in the project.")
    workshop.add_argument("project", metavar="PROJECT_DIR", help="The project folder (as the app saved it).")
    workshop.add_argument("--address", default="127.0.0.1",
                          help="Address to listen on (default 127.0.0.1: this machine only; 0.0.0.0: the local network).")
    workshop.add_argument("--port", type=int, default=8765, help="Port to listen on (default 8765; 0: any free port).")
    workshop.add_argument("--quiet", action="store_true", help="No build progress on stderr.")
    return parser


def settings_from_args(args: argparse.Namespace) -> BuildSettings:
    """The validated settings the options describe (errors name the option)."""
    from pydantic import ValidationError

    try:
        ingest = IngestOptions(
            text_column=args.text_column, person_column=args.person_column, date_column=args.date_column,
            platform_column=args.platform_column, id_column=args.id_column, sheet=args.sheet,
            interviewers=tuple(args.interviewer), max_file_mb=args.max_file_mb, speaker=getattr(args, "speaker", None),
        )
        analysis = AnalysisSettings(
            k=getattr(args, "k", "auto"), seed=getattr(args, "seed", 0), spacy_model=getattr(args, "spacy_model", "auto"),
            min_statements=getattr(args, "min_statements", AnalysisSettings.model_fields["min_statements"].default), min_words=getattr(args, "min_words", AnalysisSettings.model_fields["min_words"].default),
            themes=getattr(args, "themes", "auto"), embeddings=getattr(args, "embeddings", "auto"),
        )
        return BuildSettings(ingest=ingest, analysis=analysis, merges=tuple(args.merge))
    except ValidationError as exc:
        err = exc.errors()[0]
        option = "--" + str(err["loc"][0]).replace("_", "-") if err["loc"] else "an option"
        raise UsageError("E602", f"{option}: {err['msg']} (got {err.get('input')!r}).", hint="see python -m personas build --help.") from None


class _Progress:
    """A one-line progress bar on stderr, redrawn at most every 0.2 s."""

    def __init__(self, stream: TextIO, enabled: bool):
        self.stream = stream
        self.enabled = enabled
        self.last = 0.0
        self.phase = ""

    def __call__(self, phase: str, fraction: float) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if phase == self.phase and now - self.last < 0.2 and fraction < 1.0:
            return
        self.phase, self.last = phase, now
        width = 24
        filled = int(round(max(0.0, min(1.0, fraction)) * width))
        self.stream.write(f"\r{phase:<10} [{'#' * filled}{'.' * (width - filled)}] {fraction:4.0%}")
        if fraction >= 1.0:
            self.stream.write("\n")
        self.stream.flush()


def _read(args: argparse.Namespace, settings: BuildSettings, progress=None, pause_gc: bool = True):
    from personas.ingest import ingest_paths

    return ingest_paths([*args.inputs, *args.people], settings.ingest, on_progress=progress, pause_gc=pause_gc)


def cmd_build(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from personas.export import assignments_csv, export_document, markdown_cards, to_yaml, write_yaml
    from personas.storage import atomic_write_text

    settings = settings_from_args(args)
    limit = _people_inline_limit(args)
    progress = _Progress(err, enabled=not args.quiet)
    started = time.monotonic()
    ingest, result, doc, not_applied = _build(args, settings, progress,
                                              _refuse_people_over_the_limit_on_standard_output(args.output, limit))
    built = doc
    ner = _ner_pipeline(settings)
    doc = export_document(doc, args.privacy, nlp=ner)
    if args.output:
        write_yaml(doc, args.output, people_inline_limit=limit)
    elif len(doc.people) > limit:
        raise _people_need_a_file(len(doc.people), limit)
    else:
        out.write(to_yaml(doc))
    if args.assignments:
        atomic_write_text(Path(args.assignments), assignments_csv(doc))
    if args.markdown:
        atomic_write_text(Path(args.markdown), markdown_cards(doc))
    if args.statements:
        from personas.statements_export import statements_csv

        atomic_write_text(Path(args.statements), statements_csv(result.corpus, result.analysis, built, args.privacy,
                                                                viewed=doc, nlp=ner))
    if args.cards_pdf or args.cards_png:
        _write_cards(doc, args.cards_pdf, args.cards_png)
    if not args.quiet:
        problems = [i for i in doc.issues if i.severity != "info"]
        err.write(
            f"{len(doc.personas)} personas from {len(doc.people)} people "
            f"({len(doc.unassigned)} unassigned), {len(result.corpus.statements)} statements, "
            f"{len(doc.sources)} sources, {len(problems)} skipped rows or files; "
            f"{time.monotonic() - started:.1f} s.\n"
        )
        if ingest.interviewer_reason:
            err.write(ingest.interviewer_reason + "\n")
        if result.people_model.threshold_note:
            err.write(result.people_model.threshold_note + "\n")
        if problems:
            err.write("Run `python -m personas inspect` on the same inputs to see what was skipped and why.\n")
        for line in not_applied:
            err.write(line + "\n")
        if args.privacy == "share":
            from personas.privacy import preflight

            findings = preflight(doc, original=built)
            err.write(f"Share view: {len(findings)} names or personal details left in the output"
                      + ("." if not findings else ": " + "; ".join(f"{f.kind} {f.text!r} at {f.where}" for f in findings[:10])) + "\n")
    return EXIT_OK


def _people_need_a_file(people: int, limit: int) -> UsageError:
    return UsageError("E606", f"{people} people are more than --people-inline-limit {limit}: their persona "
                              "YAML comes with a people table, a second file, which standard output cannot hold.",
                      hint="give -o OUT.yaml (the table is written beside it as OUT.people.parquet), or raise "
                           "--people-inline-limit to list everyone in the YAML.")


def _refuse_people_over_the_limit_on_standard_output(output: str | None, limit: int):
    """For :func:`personas.build.build`'s ``on_corpus``: without -o (``output`` None), E606 before any
    analysis when the people the document will list (everyone but the excluded) are more than the
    (validated) limit; None with -o."""
    if output:
        return None

    def check(corpus) -> None:
        listed = sum(1 for person in corpus.people.people if person.consent != "exclude")
        if listed > limit:
            raise _people_need_a_file(listed, limit)

    return check


def _people_inline_limit(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    try:
        return OutputOptions(people_inline_limit=args.people_inline_limit).people_inline_limit
    except ValidationError as exc:
        raise UsageError("E602", f"--people-inline-limit: {exc.errors()[0]['msg']} (got {args.people_inline_limit!r}).",
                         hint="see python -m personas build --help.") from None


def _write_cards(doc, pdf_path: str | None, png_dir: str | None) -> None:
    """The cards of the (privacy view) document as a PDF and/or one PNG per persona."""
    from personas.cards import pdf_cards, pdf_pages_png
    from personas.storage import atomic_write_bytes

    data = pdf_cards(doc)
    if pdf_path:
        atomic_write_bytes(Path(pdf_path), data)
    if png_dir:
        folder = Path(png_dir)
        folder.mkdir(parents=True, exist_ok=True)
        for persona, png in zip(doc.personas, pdf_pages_png(data)):
            atomic_write_bytes(folder / (re.sub(r"[^A-Za-z0-9._-]+", "-", persona.id).strip(".-") + ".png"), png)


def _ner_pipeline(settings: BuildSettings):
    """The trained pipeline (for PERSON entities in the share view) when the settings use one, else None."""
    if settings.analysis.spacy_model == "blank":
        return None
    from analysis.nlp import build_nlp

    nlp = build_nlp(settings.analysis.spacy_model)
    return nlp if "ner" in nlp.pipe_names else None


def _build(args: argparse.Namespace, settings: BuildSettings, progress, on_corpus):
    """(ingest result, build result, persona document, notes on workshop edits no longer applied) of the
    INPUT paths or the --project, on one worker process per available CPU, or on the --scheduler's cluster;
    ``on_corpus`` as :func:`personas.build.build`'s."""
    if args.scheduler is None:
        from analysis.runtime import Runtime

        return _build_on(args, settings, progress, on_corpus, Runtime.detect())
    from personas.scheduler import cluster_runtime  # dask is imported only here

    with cluster_runtime(args.scheduler, buckets=args.buckets) as runtime:
        return _build_on(args, settings, progress, on_corpus, runtime)


def _build_on(args: argparse.Namespace, settings: BuildSettings, progress, on_corpus, runtime):
    from personas.build import build

    if args.project:
        return _build_project(args, settings, progress, on_corpus, runtime)
    if not args.inputs:
        raise UsageError("E601", "python -m personas build: the following arguments are required: INPUT (or --project DIR).",
                         hint="e.g. python -m personas build data/samples/coaching_community -o personas.yaml.")
    ingest = _read(args, settings, progress, runtime.pause_gc)
    result = build(ingest, settings, on_progress=progress, runtime=runtime, on_corpus=on_corpus)
    return ingest, result, result.document, []


def _build_project(args: argparse.Namespace, settings: BuildSettings, progress, on_corpus, runtime):
    """Build a saved project; INPUT and setting options are refused (the project holds its own)."""
    from personas.project import build_project, open_project

    default = BuildSettings()
    changed = [{"interviewers": "--interviewer"}.get(name, "--" + name.replace("_", "-"))
               for group in ("ingest", "analysis")
               for name, value in getattr(settings, group).model_dump().items()
               if value != getattr(default, group).model_dump()[name]]
    changed += ["--merge"] if settings.merges else []
    if args.inputs or args.people or changed:
        given = [*(["INPUT"] if args.inputs else []), *(["--people"] if args.people else []), *changed]
        raise UsageError("E604", f"--project builds from the project's own inputs and settings; {', '.join(given)} "
                                 "cannot be combined with it.",
                         hint="leave those out, or change the settings in the app, which saves them in the project.")
    project = open_project(args.project)
    result, view = build_project(project, on_progress=progress, runtime=runtime, on_corpus=on_corpus)
    notes = [f"workshop edit no longer applies ({reason}): {edit.action} {edit.params}" for edit, reason in view.not_applied]
    notes += view.warnings
    return result.corpus.ingest, result, view.document, notes


def cmd_inspect(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """The ingest report; exit 2 (and say why on stderr) when nothing at all could be read."""
    from personas.inspect import inspect_report, nothing_read

    settings = settings_from_args(args)
    ingest = _read(args, settings)
    out.write(inspect_report(ingest, settings.merges))
    problem = nothing_read(ingest)
    if problem:
        err.write(f"error: {problem}\n")
        return EXIT_BAD_INPUT
    return EXIT_OK


def cmd_validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from personas.export import read_yaml_parts

    written, doc = read_yaml_parts(args.file)
    table = f"; people in {written.people_file.path}, SHA-256 checked" if written.people_file else ""
    out.write(f"{args.file}: valid persona YAML (schema v{written.schema_version}{table}): {len(doc.personas)} personas, "
              f"{len(doc.people)} people, {len(doc.unassigned)} unassigned.\n")
    return EXIT_OK


def cmd_workshop(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Build the project, open its room (share view only), print the join link with the code, serve until Ctrl-C."""
    from personas.room_server import room_banner, serve_until_interrupted, start_room

    progress = _Progress(err, enabled=not args.quiet)
    handle = start_room(args.project, args.address, args.port, on_progress=progress)
    try:
        for line in room_banner(handle):
            out.write(line + "\n")
        out.flush()
        serve_until_interrupted(handle)
    except KeyboardInterrupt:
        pass  # Ctrl-C before the serving loop had begun (just after the banner): the same end
    finally:
        handle.stop()  # else the server's thread keeps the process alive; safe to call twice
    out.write("Workshop room closed.\n")
    return EXIT_OK


COMMANDS = {"build": cmd_build, "inspect": cmd_inspect, "validate": cmd_validate, "workshop": cmd_workshop}


def _analysis_errors() -> tuple[type[BaseException], ...]:
    """analysis.errors.AnalysisError when the analysis layer was imported (it alone raises it), else nothing.

    Looked up, not imported, so ``inspect`` never loads the analysis package (kept light and fast).
    """
    errors = sys.modules.get("analysis.errors")
    return (errors.AnalysisError,) if errors is not None else ()


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    parser = make_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else EXIT_BAD_INPUT
    try:
        return COMMANDS[args.command](args, out, err)
    except (PersonasError, *_analysis_errors()) as exc:
        err.write(f"error: {exc}\n")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        err.write("interrupted.\n")
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for users
        if args.debug:
            raise
        err.write(
            f"internal error: {exc.__class__.__name__}: {exc}. This is a bug in Real Personas, not in your data; "
            "run again with --debug to see the traceback and report it.\n"
        )
        return EXIT_INTERNAL
