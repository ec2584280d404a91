"""The one catalogue of every code Real Personas raises or reports: errors ``E``, warnings ``W``, info ``I``.

Why one list: codes used to come from three places (ingest constants, ``personas`` errors,
``analysis`` errors) and ingest wrote ``E`` for warnings and info too. Here each code has its
severity, a short title and what the user should do; ``docs/errors.md`` is rendered from it
(:func:`render_markdown`) and ``tests/repo/test_error_catalogue.py`` checks that every code in the
source is listed, every listed code is used, and the letter agrees with how the code is reported.

Numbers are stable; the letter follows the severity (``E018`` became ``I018``). Older YAML
files keep their old ``E`` codes and still load: :func:`current_code` maps one to today's code.
A few codes are reported at more than one severity; their entry says which (``also``) and why.

Pure data on purpose: no imports from ``personas`` or ``analysis``, so both layers may use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]

#: The letter each severity's codes start with.
LETTER: dict[str, str] = {"error": "E", "warning": "W", "info": "I"}


@dataclass(frozen=True)
class Code:
    """One catalogued code: its severity, a short title and what the user should do."""

    code: str
    severity: Severity
    title: str
    action: str
    also: tuple[Severity, ...] = ()  # other severities some call sites report it at
    also_why: str = ""

    def __post_init__(self) -> None:
        if self.code[:1] != LETTER[self.severity] or not (len(self.code) == 4 and self.code[1:].isdigit()):
            raise ValueError(f"code {self.code!r} does not start with {LETTER[self.severity]!r} and three digits, as a {self.severity} must.")


#: Every code, in number order. Ranges: 0xx ingest, 1xx people, 2xx NLP, 3xx clustering,
#: 4xx build, 5xx YAML/schema, 6xx command line, 7xx projects/workshop, 8xx clusters.
CATALOGUE: tuple[Code, ...] = (
    Code('E001', 'error', 'No input file',
         'Give a folder or files of a supported type (the hint lists the extensions).'),
    Code('E002', 'error', 'Input path not found',
         'Check the spelling of the path, or give a folder or files that exist.'),
    Code('E010', 'error', 'File too large',
         'Split the file, or raise max_file_mb if the file is trusted.'),
    Code('E011', 'error', 'Binary or undecodable file',
         'Re-save the file as UTF-8 text, or give the original export instead of a binary file.'),
    Code('E012', 'error', 'Corrupt Office file',
         'Open and re-save the XLSX/DOCX file, or export it again.'),
    Code('E013', 'error', 'Zip bomb refused',
         'Give the original export; a real XLSX/DOCX never unpacks this large.'),
    Code('E014', 'error', 'Bad JSON file',
         'Fix the JSON (the message names the line), or export a list of objects.'),
    Code('W015', 'warning', 'Empty file',
         'Check that you gave the right file; it was skipped.', also=("error",),
          also_why='also raised as IngestError by the column preview, which has nothing to show'),
    Code('W016', 'warning', 'Unsupported file type',
         'Convert the file to a supported format, or leave it out.'),
    Code('E017', 'error', 'File could not be read',
         'Check the file opens elsewhere; the message names the reason.'),
    Code('I018', 'info', 'Encoding fallback',
         'Re-save the file as UTF-8 if accented letters look wrong.'),
    Code('E020', 'error', 'Column not found',
         "Pass one of the table's column names with --text-column / --person-column."),
    Code('E021', 'error', 'No text column',
         "Name the text column 'Comment' or 'Text', or choose it with --text-column."),
    Code('E022', 'error', 'No person column',
         "Name the author column 'Author' or 'Name', or choose it with --person-column.", also=("info",),
          also_why='info for a comments table, whose rows are then each their own anonymous person'),
    Code('W023', 'warning', 'No data rows',
         'Check the table holds rows under its header.'),
    Code('E024', 'error', 'Sheet not found',
         'Use one of the sheet names the message lists.'),
    Code('I025', 'info', 'Empty sheet skipped',
         'Nothing to do, unless the sheet should hold data.'),
    Code('I026', 'info', 'Text column guessed',
         'Check the chosen column; choose another with --text-column.'),
    Code('E027', 'error', 'Not a table',
         'Give a table (CSV, XLSX, JSON) with a header row, or a roster with a name column.'),
    Code('E030', 'error', 'No speaker turns',
         "Write speaker labels ('Name: text') in the transcript, or pass --speaker."),
    Code('W031', 'warning', 'Only interviewer turns',
         'Check --interviewer: it names every speaker of the transcript.'),
    Code('W032', 'warning', 'Empty turn skipped',
         'Nothing to do, unless the turn should hold text.'),
    Code('W033', 'warning', 'Subtitle cue without speaker',
         "Add a speaker to the first cue (e.g. '<v Name>' or 'Name:')."),
    Code('W034', 'warning', 'Bad subtitle cue',
         "Fix the cue's timing line, or export the subtitles again."),
    Code('I035', 'info', 'One speaker assumed',
         'Pass --speaker to name the speaker, or add speaker labels.'),
    Code('W036', 'warning', 'Ambiguous speaker label',
         'If it is a speaker, write the label like the other labels of the file.'),
    Code('I037', 'info', 'Chat stubs left out',
         'Nothing to do: reactions and reply quotes are not statements.'),
    Code('I038', 'info', 'Generic speaker labels',
         'Give real names in a roster or in the transcript if people should be told apart across files.'),
    Code('W040', 'warning', 'Row without text',
         'Nothing to do, unless the row should hold text.'),
    Code('W041', 'warning', 'Row without author',
         'Fill in the author, or choose the author column with --person-column.'),
    Code('W042', 'warning', 'Ragged row',
         "Check the row's quoting and delimiters."),
    Code('W043', 'warning', 'Duplicate row',
         'Nothing to do: the first copy was kept.'),
    Code('W044', 'warning', 'Bad JSONL line',
         'Fix the line so it is one JSON object.'),
    Code('W045', 'warning', 'Bad JSON item',
         'Make every list item a JSON object.'),
    Code('W046', 'warning', 'Unclosed quote',
         'Close the quote in the CSV file, or export it again.'),
    Code('W050', 'warning', 'Unknown consent value',
         'Use one of full, first_name, pseudonym, exclude.'),
    Code('W051', 'warning', 'Duplicate roster name',
         'List each person once in the roster.'),
    Code('W052', 'warning', 'Roster row without name',
         'Fill in the name, or remove the row.'),
    Code('W060', 'warning', 'Interviewer not found',
         'Check the spelling of --interviewer against the speakers read.'),
    Code('I061', 'info', 'Interviewer not detected',
         'Name the interviewer with --interviewer.'),
    Code('I062', 'info', 'Closed answers only',
         'Nothing to do: closed answers are kept as attributes.'),
    Code('W063', 'warning', 'No open survey question',
         'Export the survey with its free-text answers.'),
    Code('I064', 'info', 'Survey rows left out',
         'Nothing to do: previews, tests and spam are not responses.'),
    Code('W065', 'warning', 'Survey respondent ids unusable',
         'Re-export without opening the file in a spreadsheet, or format the id column as text.'),
    Code('I070', 'info', 'Person column guessed',
         'Check the chosen column; choose another with --person-column.'),
    Code('I071', 'info', 'Author that is not a person',
         'Name the real author with --person-column if another column has it.', also=("warning",),
          also_why='warning when the authors are spreadsheet-mangled ids or one author holds an implausible share'),
    Code('I072', 'info', 'Removed text skipped',
         'Nothing to do: removed comments say nothing.'),
    Code('I073', 'info', 'Company side left out',
         "Check the roster's roles if a customer was left out."),
    Code('I074', 'info', 'Team author left out',
         'Nothing to do: team rows are not customer statements.'),
    Code('I075', 'info', 'Headerless table',
         'Add a header row if the first line is a header.'),
    Code('W090', 'warning', 'Empty after normalisation',
         'Nothing to do, unless the markup should have held text.'),
    Code('E091', 'error', 'Nothing read',
         'Each listed reason says what to change; give transcripts, comment tables or surveys.'),
    Code('E101', 'error', "Merge without '='",
         'Write merges as "Alias=Person Name".'),
    Code('W102', 'warning', 'Alias listed twice',
         'Give each alias to one person in the roster.'),
    Code('E103', 'error', 'Merge names nobody',
         'Use a name, alias or id as `python -m personas inspect` lists it.'),
    Code('E201', 'error', 'spaCy pipeline not installed',
         'Install the pipeline, or use the blank pipeline (the default).'),
    Code('E202', 'error', 'spaCy pipeline could not be loaded',
         'Reinstall the pipeline, or use the blank pipeline.'),
    Code('E205', 'error', 'MiniLM model not installed',
         'Install the sentence model, or build with --embeddings static.'),
    Code('E206', 'error', 'MiniLM model could not be loaded',
         'Reinstall the sentence model, or build with --embeddings static.'),
    Code('E207', 'error', 'Unknown embeddings',
         'Use one of the embeddings the message lists.'),
    Code('E208', 'error', 'ONNX model missing',
         'Restore analysis/data/ from the repository, or build with --embeddings static.'),
    Code('E209', 'error', 'ONNX model could not be loaded',
         'Restore analysis/data/ from the repository, or build with --embeddings static.'),
    Code('E301', 'error', 'Not a 2-D matrix',
         'Pass one row per person or statement.'),
    Code('E302', 'error', 'Too few rows to cluster',
         'Use a smaller k, or add more people or statements.'),
    Code('E303', 'error', 'Bad cluster count',
         "Use 'auto' or a whole number within the range the message gives."),
    Code('E304', 'error', 'Matrix rows do not match',
         'Build the matrix for the same rows, in the same order.'),
    Code('E401', 'error', 'No customer statements',
         'Check the ingest report (python -m personas inspect INPUT) for skipped files and rows.'),
    Code('E402', 'error', 'Too few people with enough text',
         'Add more input, or lower the minimum statements per person.'),
    Code('E403', 'error', 'More personas than people',
         'Use --k auto or a smaller number.'),
    Code('I404', 'info', 'Thresholds adapted',
         'Nothing to do: the note says which thresholds were lowered for a small input.'),
    Code('E501', 'error', 'Not valid YAML',
         'Check the indentation and quoting near the line named.'),
    Code('E502', 'error', 'YAML top is not a mapping',
         "Give a persona document (it starts with 'schema_version:')."),
    Code('E503', 'error', 'Too many YAML aliases',
         'Export the file again from Real Personas.'),
    Code('E504', 'error', 'YAML nested too deep',
         'Check the file is a persona export.'),
    Code('E505', 'error', 'YAML document too large',
         'Check the file is a persona export.'),
    Code('E506', 'error', 'Unknown schema version',
         'Export the file again with this version, or upgrade Real Personas.'),
    Code('E507', 'error', 'Document does not match the schema',
         'Fix the fields named, or export the file again.'),
    Code('E508', 'error', 'YAML file not found',
         'Check the path.'),
    Code('E509', 'error', 'YAML file not UTF-8 text',
         'Give a UTF-8 persona YAML written by Real Personas.'),
    Code('E510', 'error', 'People table missing',
         'Put the people table the YAML names (OUT.people.parquet) beside the YAML, or build again.'),
    Code('E511', 'error', 'People table changed',
         'Use the people table written with this YAML (they are written together), or build again.'),
    Code('E512', 'error', 'People table unreadable',
         'Build again: the table is not the Parquet file Real Personas writes.'),
    Code('E513', 'error', 'People do not match their persona entries',
         'Export the document again from Real Personas, or raise --people-inline-limit.'),
    Code('E601', 'error', 'Missing input',
         'Give INPUT or --project DIR.'),
    Code('E602', 'error', 'Bad option value',
         'See python -m personas build --help.'),
    Code('E604', 'error', 'Options clash with --project',
         'Leave out the options the message names, or drop --project.'),
    Code('E605', 'error', 'No PDF renderer for card PNGs',
         'Install poppler-utils or pypdfium2.'),
    Code('E606', 'error', 'Too many people for standard output',
         'Give -o OUT.yaml (the people table is written beside it), or raise --people-inline-limit.'),
    Code('E701', 'error', 'Unknown edit action',
         'Use one of the actions the message lists.'),
    Code('E702', 'error', 'Project changed elsewhere',
         'Reload the project (nothing was lost), then make the change again.'),
    Code('E703', 'error', 'Malformed workshop edit',
         'Write the edit as the message says.'),
    Code('E704', 'error', 'Not a project folder',
         'Choose the folder you created the project in, or create a project.'),
    Code('E705', 'error', 'Invalid project file',
         'Restore project.json from project.json.prev or a backup.'),
    Code('E706', 'error', 'Project already exists',
         'Open it, or choose an empty folder.'),
    Code('E707', 'error', 'Bad input file name',
         "Give every input a distinct relative name such as 'comments.csv'."),
    Code('E708', 'error', 'Unknown project input',
         'Use one of the input names the message lists.'),
    Code('E709', 'error', 'Nothing to undo',
         'Make an edit first, or reload the project.'),
    Code('E710', 'error', 'Bad merge decision',
         "Pass 'alias=person', e.g. 'p-jane-s=p-jane-smith'."),
    Code('E711', 'error', 'Stored input unreadable or changed',
         'Add the file to the project again, or remove it.'),
    Code('E712', 'error', 'Newer project format',
         'Open the project with a newer version of Real Personas.'),
    Code('E713', 'error', 'Project locked',
         'Try again in a moment.'),
    Code('E714', 'error', 'Bad consent decision',
         'Use one of the consent levels the message lists.'),
    Code('E715', 'error', 'Sample data missing',
         'Restore data/samples/coaching_community from the repository.'),
    Code('E720', 'error', 'Bad reaction',
         'Send the reaction fields the message names.'),
    Code('E721', 'error', 'Reaction names an unknown persona or need',
         'Reload the page: the personas may have changed.'),
    Code('W722', 'warning', 'Unreadable reaction line skipped',
         'Nothing to do, unless reactions are missing: the log names the file and line.'),
    Code('E723', 'error', 'Room cannot open',
         'Choose another --port, or open a new room.'),
    Code('E801', 'error', 'Unknown scheduler',
         'Give --scheduler local:N, inprocess, or a scheduler address (tcp://HOST:8786, tls://HOST:8786).'),
    Code('E802', 'error', 'Scheduler unreachable',
         'Start the Dask scheduler and workers, and check the address, the port and the TLS settings.'),
    Code('E803', 'error', 'Worker runs other code',
         'Install the same Real Personas checkout and the locked libraries on every worker, then restart the workers.'),
    Code('E804', 'error', 'No worker joined the scheduler',
         'Start workers with "dask worker SCHEDULER_ADDRESS" on the machines of the cluster.'),
    Code('E805', 'error', 'Bad partition count',
         'Leave --buckets out, or give a whole number of 1 or more.'),
)

BY_CODE: dict[str, Code] = {c.code: c for c in CATALOGUE}
_BY_NUMBER: dict[str, Code] = {c.code[1:]: c for c in CATALOGUE}


def current_code(code: str) -> str:
    """Today's code for ``code``, which may be an older spelling (``E018`` -> ``I018``); unknown codes unchanged."""
    entry = _BY_NUMBER.get(code[1:]) if len(code) == 4 and code[:1] in "EWI" else None
    return entry.code if entry else code


_HEADINGS = {"error": "Errors (E)", "warning": "Warnings (W)", "info": "Info (I)"}


def render_markdown() -> str:
    """``docs/errors.md``: one table per severity, generated so the page never drifts from the code."""
    lines = ["# Error, warning and info codes", "",
             "Generated from `personas/error_catalogue.py` by `render_markdown()`; do not edit by hand",
             "(regenerate: `.venv/bin/python -c \"from personas.error_catalogue import write_markdown; write_markdown()\"`).", "",
             "Errors stop a step (or, while reading, skip a whole file or table); warnings say something was skipped",
             "or looks wrong; info says what was decided. Reading never stops at a warning or info: they are listed",
             "(`issues` in the YAML, `python -m personas inspect`). Numbers are stable; before issue 18 every code started with `E`, so an older",
             "YAML may say `E018` where today's says `I018`.", ""]
    for severity, heading in _HEADINGS.items():
        lines += [f"## {heading}", "", "| Code | Title | What to do |", "|---|---|---|"]
        for c in CATALOGUE:
            if c.severity == severity:
                note = f" (Also reported as {', '.join(c.also)}: {c.also_why}.)" if c.also else ""
                lines.append(f"| {c.code} | {c.title} | {c.action}{note} |")
        lines.append("")
    return "\n".join(lines)


def write_markdown(path: str = "docs/errors.md") -> None:
    """Write :func:`render_markdown` to ``path`` (run from the repository root)."""
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(render_markdown())
