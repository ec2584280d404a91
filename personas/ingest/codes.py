"""Issue codes of the ingest layer, and the small helpers every reader uses to report them.

Codes are stable: tests, the CLI and the app rely on them. The letter is the severity (``E`` error,
``W`` warning, ``I`` info); every code is listed in :mod:`personas.error_catalogue` with what the
user should do. ``E00x`` are raised as :class:`~personas.errors.IngestError` (nothing can be read
at all); every other code is reported as an :class:`~personas.models.IngestIssue` so that one bad
file or row never stops the others from loading.
"""

from __future__ import annotations

from personas.models import IngestIssue, Severity

# Raised (IngestError).
NO_INPUT_FILES = "E001"
PATH_NOT_FOUND = "E002"
COLUMN_NOT_FOUND = "E020"

# One file could not be read.
FILE_TOO_LARGE = "E010"
BINARY_FILE = "E011"
CORRUPT_FILE = "E012"
ZIP_BOMB = "E013"
BAD_JSON = "E014"
EMPTY_FILE = "W015"
UNSUPPORTED_FILE = "W016"
READ_FAILED = "E017"
ENCODING_FALLBACK = "I018"

# Tables.
NO_TEXT_COLUMN = "E021"
NO_PERSON_COLUMN = "E022"  # error; info for a comments table (each row its own anonymous person)
NO_DATA_ROWS = "W023"
SHEET_NOT_FOUND = "E024"
EMPTY_SHEET = "I025"
GUESSED_TEXT_COLUMN = "I026"
NOT_A_TABLE = "E027"

# Transcripts and subtitles.
NO_SPEAKER_TURNS = "E030"
ONLY_INTERVIEWER = "W031"
EMPTY_TURN = "W032"
CUE_WITHOUT_SPEAKER = "W033"
BAD_CUE = "W034"
ONE_SPEAKER = "I035"
AMBIGUOUS_LABEL = "W036"
CHAT_STUBS = "I037"
GENERIC_SPEAKER = "I038"

# Rows.
EMPTY_TEXT = "W040"
MISSING_AUTHOR = "W041"
RAGGED_ROW = "W042"
DUPLICATE_ROW = "W043"
BAD_JSONL_LINE = "W044"
BAD_JSON_ITEM = "W045"
UNCLOSED_QUOTE = "W046"

# Rosters.
UNKNOWN_CONSENT = "W050"
DUPLICATE_ROSTER_NAME = "W051"
ROSTER_ROW_WITHOUT_NAME = "W052"

# Interviewers.
INTERVIEWER_NOT_FOUND = "W060"
INTERVIEWER_UNDETECTED = "I061"

# Survey exports (personas.ingest.surveys).
SURVEY_CLOSED_ONLY = "I062"
SURVEY_NO_OPEN_QUESTION = "W063"
SURVEY_NOT_A_RESPONSE = "I064"
SURVEY_RESPONDENT_ID_UNUSABLE = "W065"

# Table authors (personas.ingest.placeholders, personas.ingest.table_roles).
GUESSED_PERSON_COLUMN = "I070"
NOT_A_PERSON = "I071"  # warning for mangled ids / an implausible share
REMOVED_TEXT = "I072"
COMPANY_SIDE = "I073"
TABLE_TEAM_AUTHOR = "I074"
HEADERLESS_TABLE = "I075"  # info: a one-column file whose first line is text, not a header

# Text normalisation (personas.ingest.normalise).
EMPTY_AFTER_NORMALISATION = "W090"
NOTHING_READ = "E091"  # the CLI's inspect exits 2 with it

#: Every code with what it means (for docs and ``--help``).
CODES: dict[str, str] = {
    NO_INPUT_FILES: "No supported input file was found (empty folder or only unsupported files).",
    PATH_NOT_FOUND: "An input path does not exist.",
    FILE_TOO_LARGE: "A file is larger than max_file_mb and was not read.",
    BINARY_FILE: "A file is binary or its text encoding could not be read.",
    CORRUPT_FILE: "An XLSX/DOCX file is corrupt (not a valid Office zip).",
    ZIP_BOMB: "An XLSX/DOCX file would unpack to more than 200 MB or at a ratio above 100; refused.",
    BAD_JSON: "A JSON file could not be parsed or is not a list of objects.",
    EMPTY_FILE: "A file is empty.",
    UNSUPPORTED_FILE: "A file type that cannot be read was given.",
    READ_FAILED: "A file could not be read for an unexpected reason.",
    ENCODING_FALLBACK: "A file was not UTF-8; it was decoded with a fallback encoding.",
    COLUMN_NOT_FOUND: "A column named in the options does not exist in a table.",
    NO_TEXT_COLUMN: "No column holding what people said could be found in a table.",
    NO_PERSON_COLUMN: "No column naming who said it could be found in a table (a comments table: each row is then its own anonymous person).",
    NO_DATA_ROWS: "A table has a header but no data rows.",
    SHEET_NOT_FOUND: "The sheet named in the options is not in a workbook.",
    EMPTY_SHEET: "An empty worksheet was skipped.",
    GUESSED_TEXT_COLUMN: "The text column was guessed from its content, not its name.",
    NOT_A_TABLE: "A file given as a table or roster is not a table (or has no name column).",
    NO_SPEAKER_TURNS: "A transcript has no speaker labels, so no turns could be read.",
    ONLY_INTERVIEWER: "Every turn of a transcript belongs to an interviewer: no customer statements.",
    EMPTY_TURN: "A transcript turn has no text and was skipped.",
    CUE_WITHOUT_SPEAKER: "A subtitle cue has no speaker and no earlier speaker to continue; skipped.",
    BAD_CUE: "A subtitle block could not be parsed and was skipped.",
    ONE_SPEAKER: "A transcript names no speakers; all of it was attributed to one speaker (--speaker, else the title or file name).",
    AMBIGUOUS_LABEL: "A line starts like a speaker label that is not one in this file; it was kept in the current turn (decision stated).",
    CHAT_STUBS: "Chat reactions and reply quotes ('Reacted to ...', 'Replying to ...') were left out: they are not statements.",
    GENERIC_SPEAKER: "Generic speaker labels (Interviewee, Speaker 2, P1 ...) were made one anonymous person per file.",
    EMPTY_TEXT: "A row has no text and was skipped.",
    MISSING_AUTHOR: "A row has no author (and no email/handle) and was skipped.",
    RAGGED_ROW: "A row has more or fewer fields than the header.",
    DUPLICATE_ROW: "A row repeats an earlier row of the same author and text; the first was kept.",
    BAD_JSONL_LINE: "A JSONL line is not a JSON object and was skipped.",
    BAD_JSON_ITEM: "A JSON list item is not an object and was skipped.",
    UNCLOSED_QUOTE: "A CSV field opens a quote that is never closed; that row was read up to the end of its line.",
    UNKNOWN_CONSENT: "A roster consent value is not one of full, first_name, pseudonym, exclude.",
    DUPLICATE_ROSTER_NAME: "A roster lists the same name twice; the first entry was kept.",
    ROSTER_ROW_WITHOUT_NAME: "A roster row has no name and was skipped.",
    INTERVIEWER_NOT_FOUND: "An interviewer given in the options is not a speaker of any transcript.",
    INTERVIEWER_UNDETECTED: "The interviewer of a transcript could not be detected.",
    SURVEY_CLOSED_ONLY: "Survey respondents answered only closed questions: their answers are attributes, not statements.",
    SURVEY_NO_OPEN_QUESTION: "A survey export has no question with free-text answers, so nothing can be quoted.",
    SURVEY_NOT_A_RESPONSE: "Survey rows no respondent wrote (Qualtrics previews, tests, spam) were left out.",
    SURVEY_RESPONDENT_ID_UNUSABLE: "Survey respondent ids are spreadsheet-mangled or repeated; those respondents are told apart by row.",
    GUESSED_PERSON_COLUMN: "No column is named like an author column; the author column was chosen from its content (short labels that repeat).",
    NOT_A_PERSON: "Rows whose author names nobody (a placeholder such as 'A Google user' or '[deleted]', a spreadsheet-mangled id such as 7.65612E+16, or one author holding an implausible share of the file) were each read as their own anonymous person.",
    REMOVED_TEXT: "Rows whose text only says it was removed ('[removed]', '[deleted]') were skipped.",
    COMPANY_SIDE: "Authors who mostly reply to many others in a thread export (or whose rows are not inbound) were left out as the company's side.",
    TABLE_TEAM_AUTHOR: "Table authors named with --interviewer or given a team role in the roster were left out: their rows are not customer statements.",
    EMPTY_AFTER_NORMALISATION: "A statement held only markup (HTML tags, entities, invisible characters) and was skipped.",
    NOTHING_READ: "No input file gave a statement or a roster entry (every file was skipped or failed).",
}


_SEVERITY_OF_LETTER: dict[str, Severity] = {"E": "error", "W": "warning", "I": "info"}


def issue(code: str, source: str, location: str, message: str, severity: Severity | None = None) -> IngestIssue:
    """Build an :class:`IngestIssue` (a thin shorthand used by every reader).

    The severity follows the code's letter unless given: only the few codes the catalogue marks
    ``also`` (E022, I071) are reported at another severity by some call sites.
    """
    chosen = severity or _SEVERITY_OF_LETTER.get(code[:1], "warning")
    return IngestIssue(code=code, source=source, location=location, message=message, severity=chosen)


class FileRejected(Exception):
    """Internal: a whole file cannot be read. Carries the issue to report; never escapes ingest."""

    def __init__(self, issue_: IngestIssue):
        super().__init__(str(issue_))
        self.issue = issue_


def reject(code: str, source: str, message: str, location: str = "") -> FileRejected:
    """Shorthand for ``raise reject(...)``: a :class:`FileRejected` with an error-level issue."""
    return FileRejected(issue(code, source, location, message, "error"))
