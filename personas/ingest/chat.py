"""Read a Zoom meeting chat export (TXT) into one turn per message.

Zoom writes two layouts (both detected from the content, see :func:`is_zoom_chat`)::

    00:58:04<TAB>Ana Ruiz:<TAB>Depends on the plan, I guess.          (cloud recording chat)

    10:01:00 From  Ana Ruiz  to  Everyone:                             (saved chat, newer clients)
    <TAB>Depends on the plan, I guess.
    10:03:00 From Lee Wong to Sam Ito(Direct Message):
    <TAB>Please mute

A message runs until the next message line; its extra lines are joined with a space. Reactions
("Reacted to "..." with 👍", "Removed a 👍 reaction from "..."") are not statements; a reply keeps
its own words and drops the quoted "Replying to "..."" stub. Both are counted for the report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from personas.models import Turn

_TAB_LINE = re.compile(r"^(?P<time>\d{1,2}:\d{2}:\d{2})\t(?P<name>[^\t]{1,80}?)\s*:\t?(?P<text>.*)$")
_FROM_LINE = re.compile(r"^(?P<time>\d{1,2}:\d{2}(?::\d{2})?)\s+From\s+(?P<name>.+?)\s+(?i:to)\s+(?P<to>.+?)\s*:\s*(?P<text>.*)$")
_REACTION = re.compile(r'^(?:Reacted to ".*?"?\s*with\s+\S+.*|Removed an? .{1,20} reaction from ".*)$', re.S)
_REPLY = re.compile(r'^Replying to "(?:[^"\n]|"(?!\s))*"[:.]?\s*')


def is_zoom_chat(lines: list[str]) -> bool:
    """Two or more Zoom chat message lines, and no other line that looks like a transcript turn."""
    tab = sum(1 for line in lines if _TAB_LINE.match(line))
    frm = sum(1 for line in lines if _FROM_LINE.match(line))
    content = sum(1 for line in lines if line.strip())
    if tab >= 2 and tab >= 0.5 * content:
        return True
    return frm >= 2 and frm >= 0.3 * content


@dataclass
class ChatRead:
    """Message turns of a chat export and what was left out."""

    turns: list[Turn] = field(default_factory=list)
    reactions: int = 0
    reply_stubs: int = 0
    empty: list[tuple[str, str]] = field(default_factory=list)  # (location, sender)


def parse_zoom_chat(lines: list[str]) -> ChatRead:
    """One turn per message, located at its first line ("line N")."""
    out = ChatRead()
    sender: str | None = None
    where = ""
    parts: list[str] = []

    def close() -> None:
        nonlocal sender, parts
        if sender is not None:
            text = " ".join(p for p in parts if p).strip()
            if text and _REACTION.match(text):
                out.reactions += 1
            else:
                stub = _REPLY.match(text)
                if stub:
                    out.reply_stubs += 1
                    text = text[stub.end():].strip()
                if text:
                    out.turns.append(Turn(speaker=sender, text=text, location=where, is_question="?" in text))
                elif not stub:
                    out.empty.append((where, sender))
        sender, parts = None, []

    for number, line in enumerate(lines, start=1):
        m = _TAB_LINE.match(line) or _FROM_LINE.match(line)
        if m:
            close()
            sender = " ".join(m.group("name").split())
            where = f"line {number}"
            parts = [m.group("text").strip()]
            continue
        if sender is not None and line.strip():
            parts.append(line.strip())
    close()
    return out
