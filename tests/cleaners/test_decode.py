"""Decoding dumps of unknown encoding: what comes out must be the text that went in."""

from __future__ import annotations

import codecs
import dataclasses
import random
from pathlib import Path

import pytest

from cleaners.decode import Decoded, DecodeError, decode_bytes, decode_html

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "decode"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text("utf-8")


def seed(index: int) -> str:
    return sorted((ROOT / "seeds").glob("*.txt"))[index].read_text("utf-8")


HANT = fixture("zh_hant_news.txt") + "\n" + fixture("zh_hant_forum.txt")  # ~1700 characters
HANS = fixture("zh_hans_news.txt")
ENGLISH = fixture("en_news.txt")

# (text, how to encode it, the encoding decode_bytes must report)
ROUND_TRIPS = {
    "english utf-8": (ENGLISH, "utf-8", "utf-8"),
    "seed utf-8": (seed(0), "utf-8", "utf-8"),
    "seed utf-8 bom": (seed(0), "utf-8-sig", "utf-8-sig"),
    "seed gbk": (seed(0), "gbk", "gb18030"),
    "seed gb18030": (seed(1), "gb18030", "gb18030"),
    "news gb2312": (HANS, "gb2312", "gb18030"),
    "news gbk": (HANS, "gbk", "gb18030"),
    "news big5": (fixture("zh_hant_news.txt"), "big5", "big5"),
    "forum big5": (fixture("zh_hant_forum.txt"), "big5", "big5"),
    "news utf-16-le": (HANS, "utf-16-le", "utf-16-le"),
    "news utf-16-be": (HANT, "utf-16-be", "utf-16-be"),
    "seed utf-16-le": (seed(1), "utf-16-le", "utf-16-le"),
    "english utf-16-le": (ENGLISH, "utf-16-le", "utf-16-le"),
    "english utf-16-be": (ENGLISH, "utf-16-be", "utf-16-be"),
    "seed utf-16 bom": (seed(0), "utf-16", "utf-16"),
    "english utf-16-be bom": (ENGLISH, "bom+utf-16-be", "utf-16"),
    "news utf-32 bom": (HANT, "utf-32", "utf-32"),
    "seed gb18030 bom": (seed(1), "bom+gb18030", "gb18030"),
}


def encode(text: str, encoding: str) -> bytes:
    if encoding == "bom+utf-16-be":
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    if encoding == "bom+gb18030":
        return ("\ufeff" + text).encode("gb18030")
    return text.encode(encoding)


@pytest.mark.parametrize(("text", "encoding", "reported"), ROUND_TRIPS.values(), ids=ROUND_TRIPS)
def test_round_trip(text: str, encoding: str, reported: str) -> None:
    decoded = decode_bytes(encode(text, encoding))
    assert decoded == Decoded(text, reported)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-32", "bom+gb18030"])
def test_byte_order_mark_is_stripped(encoding: str) -> None:
    assert not decode_bytes(encode(ENGLISH, encoding)).text.startswith("\ufeff")


@pytest.mark.parametrize("length", [200, 350, 500, 800, 1200, 2000])
def test_traditional_news_in_big5_comes_out_as_big5(length: int) -> None:
    for start in range(0, len(HANT), 97):  # paragraphs cut anywhere, not just at the top
        piece = (HANT * 2)[start : start + length]
        assert decode_bytes(piece.encode("big5")) == Decoded(piece, "big5")


@pytest.mark.parametrize("length", [200, 350, 500, 1000])
@pytest.mark.parametrize("encoding", ["gbk", "gb2312"])
def test_simplified_news_in_gbk_comes_out_as_gb18030(length: int, encoding: str) -> None:
    for start in range(0, len(HANS), 61):
        piece = (HANS * 3)[start : start + length]
        assert decode_bytes(piece.encode(encoding)) == Decoded(piece, "gb18030")


@pytest.mark.parametrize(
    ("text", "encoding", "reported"),
    [
        ("今天天气很好。", "gbk", "gb18030"),
        ("南方多地迎来强降雨", "gb2312", "gb18030"),
        ("後房價一定會修正，聽得我們很焦慮。想請問", "big5", "big5"),
        ("天內不限次數搭乘市區公車與捷運。交通局估", "big5", "big5"),
        ("還會再漲嗎？ - 看板 home-sale", "big5", "big5"),
    ],
)
def test_short_chinese_is_not_taken_for_japanese_or_korean(
    text: str, encoding: str, reported: str
) -> None:
    """charset-normalizer alone guesses CP949, Johab or Shift_JIS for each of these lines."""
    assert decode_bytes(text.encode(encoding)) == Decoded(text, reported)


def test_gbk_characters_outside_gb2312_survive() -> None:
    text = "前总理朱镕基昨天出席论坛，" + HANS[:200]
    assert decode_bytes(text.encode("gbk")) == Decoded(text, "gb18030")


def test_gb18030_four_byte_characters_survive() -> None:
    text = HANS[:300] + "生僻字：𠀀、䶮。"
    assert decode_bytes(text.encode("gb18030")) == Decoded(text, "gb18030")


def test_big5_with_cp950_extension_is_cp950() -> None:
    text = fixture("zh_hant_news.txt")[:300] + "票價約合0.5€。"
    assert decode_bytes(text.encode("cp950")) == Decoded(text, "cp950")


def test_cantonese_big5_hkscs() -> None:
    text = "香港嘅嘢冇問題，佢哋今日去咗旺角食飯，之後返嚟屋企睇戲。" * 3
    assert decode_bytes(text.encode("big5hkscs")) == Decoded(text, "big5hkscs")


def test_truncated_last_character_is_dropped() -> None:
    for encoding in ("utf-8", "gbk", "big5", "utf-16-le"):
        text = HANT[:400] if encoding == "big5" else HANS[:400]
        data = text.encode(encoding)[:-1]
        assert decode_bytes(data).text == text[:-1], encoding


def test_utf8_with_a_broken_byte_keeps_the_rest() -> None:
    data = seed(0).encode("utf-8")
    middle = data.index("辉达".encode()) + 1  # inside a character
    decoded = decode_bytes(data[:middle] + b"\xff" + data[middle:])
    assert decoded.encoding == "utf-8"
    assert decoded.text.count("\ufffd") >= 1
    assert decoded.text.endswith(seed(0)[-200:])


def test_empty_bytes_are_empty_text() -> None:
    assert decode_bytes(b"") == Decoded("", "utf-8")


def test_decoded_is_frozen() -> None:
    decoded = decode_bytes(b"text")
    with pytest.raises(dataclasses.FrozenInstanceError):
        decoded.text = "other"  # type: ignore[misc]


BINARY = {
    "random": random.Random(7).randbytes(4096),
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x00\xc8\x08\x06" * 8,
    "elf": b"\x7fELF\x02\x01\x01" + bytes(9) + b"\x03\x00>\x00\x01\x00\x00\x00" * 20,
    "zeros": bytes(1000),
    "gzip": b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + random.Random(3).randbytes(500),
}


@pytest.mark.parametrize("data", BINARY.values(), ids=BINARY)
def test_binary_raises_naming_the_source(data: bytes) -> None:
    with pytest.raises(DecodeError, match=r"^dumps/page\.bin: binary data") as caught:
        decode_bytes(data, source="dumps/page.bin")
    assert caught.value.source == "dumps/page.bin"
    assert isinstance(caught.value, ValueError)


def test_bytes_no_encoding_fits() -> None:
    with pytest.raises(DecodeError, match=r"^<bytes>: no text encoding fits$"):
        decode_bytes(bytes(range(0x80, 0x100)) * 4)


def test_broken_byte_order_mark_raises() -> None:
    data = codecs.BOM_UTF8 + b"caf\xe9 " * 20  # a UTF-8 mark on Latin-1 text
    with pytest.raises(DecodeError, match=r"^a\.txt: starts with a utf-8-sig byte order mark"):
        decode_bytes(data, source="a.txt")


def test_few_stray_control_bytes_are_still_text() -> None:
    text = HANS[:500] + "\x1a"  # DOS end-of-file mark
    assert decode_bytes(text.encode("gbk")) == Decoded(text, "gb18030")


# ---------------------------------------------------------------------------------------------
# Declared charsets: only text encodings, and single-byte ones checked against the rest


def page(body: str, meta: str | None = None) -> str:
    head = f'<meta charset="{meta}">' if meta else ""
    return f"<html><head>{head}<title>t</title></head><body><p>{body}</p></body></html>"


def test_gbk_page_served_as_iso_8859_1_follows_its_meta_charset() -> None:
    data = page(HANS, "gbk").encode("gbk")
    decoded = decode_html(data, declared="ISO-8859-1")
    assert (decoded.text, decoded.encoding) == (page(HANS, "gbk"), "gb18030")


def test_gbk_page_served_as_iso_8859_1_is_detected_from_its_bytes() -> None:
    decoded = decode_html(page(HANS).encode("gbk"), declared="ISO-8859-1")
    assert (decoded.text, decoded.encoding) == (page(HANS), "gb18030")
    assert decoded.notes == (
        "HTTP charset 'ISO-8859-1' contradicted by the bytes: read as gb18030",
    )


def test_big5_page_served_as_iso_8859_1_is_detected_from_its_bytes() -> None:
    text = fixture("zh_hant_news.txt")
    decoded = decode_html(page(text).encode("big5"), declared="iso-8859-1")
    assert (decoded.text, decoded.encoding) == (page(text), "big5")


@pytest.mark.parametrize("meta", [None, "gbk"])
def test_western_page_keeps_its_single_byte_charset(meta: str | None) -> None:
    text = page(fixture("western_news.txt"), meta)
    decoded = decode_html(text.encode("cp1252"), declared="ISO-8859-1")
    assert (decoded.text, decoded.encoding, decoded.notes) == (text, "cp1252", ())


def test_http_multi_byte_charset_beats_a_western_meta_charset() -> None:
    decoded = decode_html(page(HANS, "iso-8859-1").encode("gbk"), declared="gbk")
    assert decoded.encoding == "gb18030"


@pytest.mark.parametrize(
    "name", ["zlib", "hex", "rot13", "bz2", "base64", "undefined", "utf-7", "idna", "no-such"]
)
def test_a_codec_that_is_no_text_encoding_falls_back_to_detection(name: str) -> None:
    data = page(HANS, name).encode("gbk")
    decoded = decode_html(data, declared=name)
    assert (decoded.text, decoded.encoding) == (page(HANS, name), "gb18030")
    assert decoded.notes == (
        f"HTTP charset {name!r} is not a known text encoding: ignored",
        f"<meta> charset {name!r} is not a known text encoding: ignored",
    )
