"""Render the README's generated blocks from the code, so the README cannot drift from it.

A block sits between two markers in README.md::

    <!-- generated: cli-synopsis -->
    ...
    <!-- end generated -->

and is rewritten from its source: ``cli-synopsis`` from the real argparse parser
(``personas.cli.make_parser``), ``settings`` from the pydantic settings models
(``personas.settings.settings_table``). Text outside the markers is never touched.

    python scripts/readme_blocks.py          # rewrite README.md in place
    python scripts/readme_blocks.py --check  # exit 1 with a diff when a block is stale (tests/repo/test_docs.py)

The synopsis is drawn from the parser's actions rather than argparse's ``format_usage``: that
output wraps at the terminal's width and differs between Python versions, and the README must be
the same bytes on every machine the lock supports.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as `python scripts/readme_blocks.py` from anywhere
    sys.path.insert(0, str(ROOT))

README = ROOT / "README.md"
PROG = "python -m personas"
#: Synopsis lines wrap before this width (the README's code blocks read well at 100 columns).
WIDTH = 100
BLOCK = re.compile(r"(<!-- generated: (?P<name>[a-z-]+) -->\n)(?P<body>.*?)(<!-- end generated -->)", re.DOTALL)


class BlockError(ValueError):
    """The README's markers are missing, unknown or unbalanced; the message says which and how to fix."""


def _actions(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    # argparse has no public way to list a parser's arguments or its subcommands; ``_actions`` has
    # been the stable way since Python 2.7 and is read here only, never changed.
    return list(parser._actions)


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The subcommand parsers by name, in the order the CLI declares them."""
    for action in _actions(parser):
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _metavar(action: argparse.Action) -> str:
    if action.metavar is not None:
        return str(action.metavar)
    if action.choices:
        return "|".join(str(choice) for choice in action.choices)
    return action.dest.upper()


def _term(action: argparse.Action) -> str | None:
    """One argument as the synopsis writes it: ``INPUT...``, ``[--k K]``, ``[--merge "A=B"]...``."""
    if isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)):
        return None
    if not action.option_strings:
        name = _metavar(action)
        return {"+": f"{name}...", "*": f"[{name}...]", "?": f"[{name}]"}.get(action.nargs, name)
    flag = action.option_strings[0]
    if action.nargs == 0:  # store_true, version
        return f"[{flag}]"
    term = f"[{flag} {_metavar(action)}]"
    return term + "..." if isinstance(action, argparse._AppendAction) else term


def _wrap(head: str, terms: list[str]) -> list[str]:
    """``head`` and the terms, wrapped before :data:`WIDTH` with a four-space continuation indent."""
    lines, line = [], head
    for term in terms:
        if len(line) + 1 + len(term) > WIDTH and line.strip():
            lines.append(line)
            line = "   "
        line = f"{line} {term}"
    lines.append(line)
    return lines


def render_cli_synopsis() -> str:
    """Every command of ``python -m personas`` with every option it takes (a fenced block)."""
    from personas.cli import make_parser

    parser = make_parser()
    top = [term for term in map(_term, _actions(parser)) if term]
    lines = _wrap(PROG, [*top, "COMMAND", "..."])
    for name, sub in _commands(parser).items():
        lines += _wrap(f"{PROG} {name}", [term for term in map(_term, _actions(sub)) if term])
    return "```\n" + "\n".join(lines) + "\n```\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _options_by_help() -> dict[str, str]:
    """The build command's option for each help text (settings and options share one description)."""
    from personas.cli import make_parser

    build = _commands(make_parser())["build"]
    return {action.help: action.option_strings[-1] for action in _actions(build) if action.option_strings and action.help}


def render_settings() -> str:
    """The settings table: setting, its CLI option, default and description, from the settings models."""
    from personas.settings import settings_table

    options = _options_by_help()
    rows = ["| setting | option | default | description |", "|---|---|---|---|"]
    for name, default, description in settings_table():
        option = f"`{options[description]}`" if description in options else "-"
        rows.append(f"| `{name}` | {option} | `{_cell(default)}` | {_cell(description)} |")
    return "\n".join(rows) + "\n"


RENDERERS: dict[str, Callable[[], str]] = {"cli-synopsis": render_cli_synopsis, "settings": render_settings}


def rewrite(text: str, renderers: dict[str, Callable[[], str]] = RENDERERS) -> str:
    """``text`` with every generated block replaced by its rendering."""
    found = [match.group("name") for match in BLOCK.finditer(text)]
    unknown = sorted(set(found) - set(renderers))
    missing = sorted(set(renderers) - set(found))
    if unknown or missing or len(found) != len(set(found)):
        raise BlockError(
            f"README blocks: found {found}, unknown {unknown}, missing {missing}. Each of {sorted(renderers)} must appear "
            "exactly once as '<!-- generated: NAME -->' ... '<!-- end generated -->' on lines of their own.")
    return BLOCK.sub(lambda m: m.group(1) + renderers[m.group("name")]() + m.group(4), text)


def stale_diff(path: Path = README) -> str:
    """A unified diff from the README as it is to the README as rendered; empty when up to date."""
    text = path.read_text(encoding="utf-8")
    fresh = rewrite(text)
    return "".join(difflib.unified_diff(text.splitlines(keepends=True), fresh.splitlines(keepends=True),
                                        f"{path.name} (as committed)", f"{path.name} (rendered from the code)"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render the README's generated blocks from the code.")
    parser.add_argument("--check", action="store_true", help="Change nothing; exit 1 with a diff when a block is stale.")
    parser.add_argument("--readme", type=Path, default=README, help="The README to render (default: the repo's).")
    args = parser.parse_args(argv)
    try:
        diff = stale_diff(args.readme)
    except BlockError as exc:
        print(exc, file=sys.stderr)
        return 2
    if args.check:
        if diff:
            print(diff, end="")
            print(f"\n{args.readme} is stale: run `python scripts/readme_blocks.py` and commit the result.", file=sys.stderr)
            return 1
        return 0
    if diff:
        args.readme.write_text(rewrite(args.readme.read_text(encoding="utf-8")), encoding="utf-8")
        print(f"rewrote the generated blocks of {args.readme}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
