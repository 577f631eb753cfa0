"""Generated pages, bytes and charset names (tests/cleaners/strategies.py) through every
entry point: each answers with a document or a documented error, never anything else."""

from __future__ import annotations

import codecs
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaners import BinaryInput, DecodeError, Options, PageTooLarge, clean_html, clean_text
from cleaners.cli import main
from cleaners.decode import decode_bytes, decode_html

from .strategies import CHARSETS, CLI_INPUTS, DECODE_CALLS, mixed_bytes, page_bytes, pages

NO_LANGUAGE = Options(detect_language=False)
SLOW = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@settings(SLOW, max_examples=100)
@given(DECODE_CALLS)
def test_decode_html_gives_text_in_a_text_encoding(call: tuple[bytes, str | None]) -> None:
    data, declared = call
    try:
        decoded = decode_html(data, declared=declared)
    except DecodeError as error:
        assert error.reason
        return
    info = codecs.lookup(decoded.encoding)
    assert getattr(info, "_is_text_encoding", True) and info.name not in ("utf-7", "undefined")
    assert isinstance(decoded.text, str)
    assert all(isinstance(note, str) and note for note in decoded.notes)


@settings(SLOW, max_examples=80)
@given(page_bytes(), st.one_of(st.none(), CHARSETS))
def test_clean_html_on_bytes_gives_a_document_or_a_documented_error(
    data: bytes, charset: str | None
) -> None:
    try:
        doc = clean_html(data, encoding=charset, options=NO_LANGUAGE)
    except (BinaryInput, PageTooLarge):
        return
    assert isinstance(doc.body, str)


@settings(SLOW, max_examples=60)
@given(pages())
def test_clean_html_on_text_gives_a_document(page: str) -> None:
    assert isinstance(clean_html(page, options=NO_LANGUAGE).body, str)


@settings(SLOW, max_examples=80)
@given(mixed_bytes())
def test_mixed_encodings_decode_or_are_refused_then_clean(data: bytes) -> None:
    try:
        text = decode_bytes(data).text
    except DecodeError:
        return
    assert isinstance(clean_text(text, options=NO_LANGUAGE).body, str)


# capsys is read out (and so emptied) once per example.
@settings(
    SLOW,
    max_examples=25,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(inputs=st.lists(CLI_INPUTS, min_size=1, max_size=4))
def test_cli_writes_a_record_or_reports_each_input(
    inputs: list[tuple[str, bytes]], capsys: pytest.CaptureFixture[str]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for number, (name, data) in enumerate(inputs):
            path = Path(folder) / f"{number}{name}"
            path.write_bytes(data)
            paths.append(str(path))
        out = Path(folder) / "out" / "corpus.jsonl"
        code = main(["clean", *paths, "-o", str(out), "--no-progress"])
        _, err = capsys.readouterr()
        written = [json.loads(line)["source"] for line in out.read_text("utf-8").splitlines()]
    reported = [line.split(": ")[2] for line in err.splitlines() if ": error: " in line]
    assert sorted(written + reported) == sorted(paths)
    assert code == (1 if reported else 0)
