"""WebVTT and SRT reading (personas.ingest.subtitles) through the public API."""

from __future__ import annotations

from pathlib import Path

import pytest

from personas.ingest import ingest_blobs
from personas.ingest.subtitles import normalise_timestamp, parse_subtitles


@pytest.mark.parametrize("name", ["call.vtt"])
def test_subtitles_vtt_voice_tags_and_merging(fixtures_dir: Path, name: str) -> None:
    read = parse_subtitles((fixtures_dir / name).read_text(encoding="utf-8"), name)
    assert [(t.speaker, t.location) for t in read.turns] == [
        ("Priya Raman", "00:00:01.000"),
        ("Jane Smith", "00:00:04.500"),
        ("Priya Raman", "00:01:02.000"),
    ]
    # cues 2-4 merged (cue 4 has no voice, so it continues Jane); tags and inline timestamps stripped
    assert read.turns[1].text == "Honestly, the paper system broke when we opened the second shop. and the deliveries doubled."
    assert read.turns[0].is_question and read.issues == []


@pytest.mark.parametrize("name", ["call.srt"])
def test_subtitles_srt_prefixes_dashes_and_continuation(fixtures_dir: Path, name: str) -> None:
    result = ingest_blobs([(name, (fixtures_dir / name).read_bytes())])
    assert [(s.speaker, s.text, s.location) for s in result.statements] == [
        ("Ana Silva", "Cheese, mostly.", "00:00:03.500"),
        ("Ana Silva", "At two markets, on Saturdays. And one on Wednesdays.", "00:00:06.000"),
    ]
    assert result.interviewers == ["Sam Okafor"]
    assert result.sources[0].kind == "subtitles" and result.sources[0].format == "srt"


@pytest.mark.parametrize(("raw", "expected"), [("00:01:02,5", "00:01:02.500"), ("01:02.250", "00:01:02.250"), ("1:00:00.000", "01:00:00.000")])
def test_subtitles_normalise_timestamp(raw: str, expected: str) -> None:
    assert normalise_timestamp(raw) == expected


@pytest.mark.parametrize("text", ["WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhello there\n\n00:00:02.000 --> 00:00:03.000\nno names at all\n"])
def test_subtitles_without_speakers_is_one_speaker(text: str) -> None:
    # Issue 16: captions that name no speaker are one speaker (was E030, nothing read).
    result = ingest_blobs([("nospeaker.vtt", text.encode()), ("b.txt", b"Jane: hello")])
    assert [(i.code, i.severity) for i in result.issues if i.source == "nospeaker.vtt"] == [("I035", "info")]
    assert [(s.source, s.speaker, s.text, s.anonymous) for s in result.statements] == [
        ("b.txt", "Jane", "hello", False), ("nospeaker.vtt", "nospeaker", "hello there no names at all", True)]


@pytest.mark.parametrize("text", ["WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nanonymous start\n\n00:00:02.000 --> 00:00:03.000\n<v Jane>named now</v>\n\nnot a cue\n"])
def test_subtitles_orphan_cue_and_bad_block_reported(text: str) -> None:
    read = parse_subtitles(text, "x.vtt")
    assert [(i.code, i.location) for i in read.issues] == [("W034", "cue 3"), ("W033", "cue 1")]
    assert [t.text for t in read.turns] == ["named now"]


@pytest.mark.parametrize("name", ["subs.txt"])
def test_subtitles_vtt_content_in_txt_is_detected(name: str) -> None:
    result = ingest_blobs([(name, b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Jane>hello</v>\n")])
    assert result.sources[0].format == "vtt" and result.statements[0].location == "00:00:01.000"
