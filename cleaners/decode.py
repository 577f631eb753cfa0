"""Turn the raw bytes of a dump into text, detecting the encoding instead of assuming it.

Dumps of Chinese pages arrive as UTF-8, GBK, Big5 or UTF-16, rarely labelled. The checks go
from certain to guessed: a byte order mark; UTF-16 without one, when NUL or control bytes
(which text in other encodings lacks) point to it; strict UTF-8, which almost never passes by
accident; and only then a statistical guess by charset-normalizer. Short Big5 and GBK text
fools statistics, so each guess is checked against what real text looks like: the decoding
with the fewest unusual characters wins.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["BinaryInput", "DecodeError", "Decoded", "decode_bytes", "decode_html"]

# Checked in this order: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
    (b"\x84\x31\x95\x33", "gb18030"),
)

# C0 controls other than \t \n \v \f \r and ESC, plus DEL: no legacy encoding uses these bytes
# inside a character (GBK, Big5 and Shift_JIS trail bytes start at 0x40), so beyond a stray
# few they mean binary data, or UTF-16, whose code units often hold them.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
_TEXT_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
_MAX_CONTROL_SHARE = 0.01
# Text in UTF-16 holds no control characters; binary data read as UTF-16 usually does.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f]")

# A decoding with a larger share of unusual characters (one more is allowed, for very short
# text) is not text in that encoding.
_MAX_UNUSUAL = 0.2

# Standard sets of frequently used CJK characters, as byte ranges of their own encodings:
# all of GB2312; Big5 level 1 (its 5401 "常用字") with the Hong Kong additions of HKSCS, for
# Cantonese; JIS X 0208 level 1 with kana; KS X 1001 hangul; and the punctuation rows of each.
# Text keeps to one set; mojibake does not.
_COMMON_CJK: tuple[tuple[str, tuple[tuple[int, int], ...]], ...] = (
    ("gb2312", ((0xA1A1, 0xA3FE), (0xB0A1, 0xF7FE))),
    ("big5hkscs", ((0xA140, 0xA3BF), (0xA440, 0xC67E), (0x8740, 0xA0FE))),
    ("shift_jis", ((0x8140, 0x84BE), (0x889F, 0x9872))),
    ("euc_kr", ((0xA1A1, 0xA3FE), (0xB0A1, 0xC8FE))),
)
_CJK_START = 0x2E80  # below: alphabets, punctuation and symbols any text may use

# UTF-16 without a byte order mark: tried when bytes hold NULs or controls, else last.
_UTF16 = ("utf-16-le", "utf-16-be")

# Codecs whose broken bytes become U+FFFD instead of ruling the codec out.
_LENIENT = {"utf-8": "replace"}

# Names charset-normalizer may give, mapped to the codecs to try. GB2312 and GBK text is
# decoded as GB18030, their superset, so that a few characters outside GB2312 do not break a
# file. Big5 is tried before its extensions so that plain Big5 is reported as Big5.
_BIG5 = ("big5", "cp950", "big5hkscs")
_FAMILIES: dict[str, tuple[str, ...]] = {
    "gb2312": ("gb18030",),
    "gbk": ("gb18030",),
    "big5": _BIG5,
    "cp950": _BIG5,
}


class DecodeError(ValueError):
    """The bytes are not text in any encoding this module can recognise."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason

    def __reduce__(self) -> tuple[type[DecodeError], tuple[str, str]]:
        return (type(self), (self.source, self.reason))  # picklable, for worker processes


class BinaryInput(DecodeError):
    """The bytes are binary data (an image, an archive, a PDF), not a text or HTML file:
    too many of them are control bytes that no text encoding uses."""


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text without its byte order mark, and the Python codec name that produced it.

    `notes` say where a declared charset was not followed, and why (an unknown or non-text
    codec name, a single-byte declaration the bytes contradict)."""

    text: str
    encoding: str
    notes: tuple[str, ...] = ()


def decode_bytes(data: bytes, *, source: str = "<bytes>") -> Decoded:
    """Decode a dump whose encoding is unknown; `source` names it in errors.

    >>> decode_bytes("今天天气很好。".encode("gbk"))
    Decoded(text='今天天气很好。', encoding='gb18030', notes=())
    >>> decode_bytes("今天天氣很好。".encode("big5")).encoding
    'big5'
    >>> decode_bytes(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00\\x00\\rIHDR", source="logo.png")
    Traceback (most recent call last):
    ...
    cleaners.decode.BinaryInput: logo.png: binary data (4 of 16 bytes are controls)
    """
    if not data:
        return Decoded("", "utf-8")
    bom = _bom_codec(data)
    if bom is not None:
        return _decode_marked(data, bom, source)
    utf16 = _utf16_or_binary(data, source)
    if utf16 is not None:
        return utf16
    text = _decode(data, "utf-8")
    if text is not None:
        return Decoded(text, "utf-8")
    return _guess(data, source)


#: A charset declared in the page itself: <meta charset=...> or the http-equiv form.
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]{2,40})""", re.I
)
#: How far into a page the declaration is looked for (HTML requires the first 1024 bytes;
#: real pages put comments and scripts first, so allow more).
META_SCAN_BYTES = 4096
#: Declared names that mean a smaller, older set than the bytes may hold: decode with the
#: superset, as browsers do (a "gb2312" page with 镕 in it is GBK or GB18030 in fact).
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "big5": "big5hkscs",
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
}


def decode_html(data: bytes, *, declared: str | None = None, source: str = "<bytes>") -> Decoded:
    """Decode an HTML page: byte order mark, then the HTTP header's charset (`declared`),
    then the page's own <meta charset>, each checked against the bytes; then detection.

    A declaration is only believed when the bytes decode under it without error, and valid
    UTF-8 with non-ASCII bytes is UTF-8 whatever a legacy declaration says, so a page that
    says UTF-8 but is GBK (or the reverse) still comes out right. Any bytes decode under a
    single-byte charset, so such a declaration yields to a multi-byte one that the page
    also makes and its bytes fit; a Western one (ISO-8859-1, the usual wrong default of
    servers) also yields to detection when the bytes come in runs, as CJK text does. Only
    text encodings are accepted: a name such as "zlib" or "rot13" is noted and ignored.

    >>> page = '<meta charset="utf-8"><p>中国公司抢购芯片。</p>'.encode("gbk")
    >>> decode_html(page).encoding
    'gb18030'
    >>> decode_html('<p>鎔基</p>'.encode("gb18030"), declared="gb2312").text
    '<p>鎔基</p>'
    >>> page = '<meta charset="gbk"><p>中国公司抢购芯片。</p>'.encode("gbk")
    >>> decode_html(page, declared="ISO-8859-1").encoding
    'gb18030'
    >>> decode_html(page, declared="zlib").notes
    ("HTTP charset 'zlib' is not a known text encoding: ignored",)
    """
    if _bom_codec(data) is not None:
        return decode_bytes(data, source=source)
    if not data.isascii() and (text := _decode(data, "utf-8")) is not None:
        return Decoded(text, "utf-8")
    notes: list[str] = []
    declarations = _declarations(data, declared, notes)
    multi = [(o, c) for o, c in declarations if not _single_byte(c[1])]
    single = [(o, c) for o, c in declarations if _single_byte(c[1])]
    for _origin, (_name, codec) in multi:
        text = _decode(data, codec) if codec != "utf-8" else None
        # Believed over a single-byte declaration only if it reads as text, not mojibake.
        if text is not None and (not single or _plausible(text)):
            return Decoded(text, _canonical(codec), tuple(notes))
    for origin, (name, codec) in single:
        if (text := _decode(data, codec)) is None:
            continue
        if codec in _WESTERN and _in_runs(data) and (cjk := _cjk(data)) is not None:
            notes.append(f"{origin} charset {name!r} contradicted by the bytes: read as {cjk}")
            return Decoded(_decode(data, cjk) or "", cjk, tuple(notes))
        return Decoded(text, _canonical(codec), tuple(notes))
    found = decode_bytes(data, source=source)
    return Decoded(found.text, found.encoding, (*found.notes, *notes)) if notes else found


def _cjk(data: bytes) -> str | None:
    """The Chinese encoding the bytes read as plausible text in, if any."""
    best = _most_plausible(data, ("gb18030", *_BIG5))
    return best.encoding if best is not None and _plausible(best.text) else None


def _plausible(text: str) -> bool:
    """Few of the non-ASCII characters fall outside one common set (see `_unusual`)."""
    high = len(text) - len(text.encode("ascii", "ignore"))
    return high > 0 and _unusual(text) <= MAX_UNUSUAL_HIGH * high


#: Share of a decoding's non-ASCII characters that may be unusual for it to read as text:
#: real Chinese pages stay under a few percent; Latin bytes read as GBK mostly are.
MAX_UNUSUAL_HIGH = 0.1


#: Single-byte charsets that servers declare by default, whatever the page holds.
_WESTERN = frozenset({"cp1252", "iso8859-1", "iso8859-15", "ascii"})
#: Share of a page's non-ASCII bytes that must stand next to another one for the bytes to
#: be worth reading as a multi-byte encoding: all of them in GB2312 text, most in Big5 (a
#: trail byte may be ASCII), a minority in Western European text ("café", "über").
MIN_RUN_SHARE = 0.6
_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
#: Codecs that Python lists as text encodings but that no web page is written in: escape
#: formats, domain-name encodings, a codec that always fails, and UTF-7 (a known XSS vector
#: that browsers refuse).
_NOT_PAGE_CODECS = frozenset(
    {"undefined", "unicode-escape", "raw-unicode-escape", "idna", "punycode", "utf-7", "charmap"}
)


def _declarations(
    data: bytes, declared: str | None, notes: list[str]
) -> list[tuple[str, tuple[str, str]]]:
    """(origin, (name, codec)) of each charset the HTTP header and the page declare; a name
    that is no known text encoding is noted and left out."""
    found: list[tuple[str, tuple[str, str]]] = []
    for origin, name in (("HTTP", declared), ("<meta>", _meta_charset(data))):
        name = (name or "").strip()
        if not name:
            continue
        codec = _known_codec(name)
        if codec is None:
            notes.append(f"{origin} charset {name!r} is not a known text encoding: ignored")
        else:
            found.append((origin, (name, codec)))
    return found


def _in_runs(data: bytes) -> bool:
    """The non-ASCII bytes stand in runs of two or more, as multi-byte characters do."""
    runs = [len(run) for run in _HIGH_RUN.findall(data)]
    high = sum(runs)
    return high > 0 and sum(n for n in runs if n > 1) >= MIN_RUN_SHARE * high


@lru_cache(maxsize=64)
def _single_byte(codec: str) -> bool:
    """Every byte is a character of its own: any bytes decode, so decoding proves nothing."""
    decoder = codecs.getincrementaldecoder(codec)(errors="replace")
    return all(decoder.decode(bytes([b]), final=False) for b in range(0x80, 0x100))


def _meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:META_SCAN_BYTES])
    return match.group(1).decode("ascii", "replace") if match else None


def _known_codec(name: str | None) -> str | None:
    """The codec to decode a declared charset with, or None for an unknown name or one that
    is not a text encoding (zlib, base64, rot13 ...)."""
    if not name:
        return None
    name = name.strip().lower()
    name = _SUPERSETS.get(name, name)
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    # Bytes-to-bytes and str-to-str codecs (zlib, hex, rot13) say they are no text encoding.
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_PAGE_CODECS:
        return None
    return info.name


def _bom_codec(data: bytes) -> str | None:
    """The codec a leading byte order mark announces, if any."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec
    return None


def _decode_marked(data: bytes, codec: str, source: str) -> Decoded:
    """Decode data that starts with a byte order mark; the mark is trusted, not second-guessed."""
    text = _decode(data, codec)
    if text is None:
        raise DecodeError(source, f"starts with a {codec} byte order mark but is not {codec}")
    return Decoded(text.removeprefix("\ufeff"), codec)


def _utf16_or_binary(data: bytes, source: str) -> Decoded | None:
    """UTF-16 text without a byte order mark, if NUL or control bytes suggest it.

    Raises if those bytes are too many for text yet the data is not UTF-16 either.
    """
    controls = _control_bytes(data)
    too_many = controls > _MAX_CONTROL_SHARE * len(data)
    if b"\x00" in data or too_many:
        utf16 = _most_plausible(data, _UTF16)
        if utf16 is not None and not _CONTROL_CHARS.search(utf16.text):
            return utf16
    if too_many:
        raise BinaryInput(source, f"binary data ({controls} of {len(data)} bytes are controls)")
    return None


def _decode(data: bytes, codec: str, errors: str = "strict") -> str | None:
    """Decode, forgiving a character cut off at the end (dumps get truncated); None if invalid."""
    decoder = codecs.getincrementaldecoder(codec)(errors=errors)
    try:
        return decoder.decode(data, final=False)
    except UnicodeError:  # UnicodeDecodeError, or a codec that refuses all input
        return None


def _control_bytes(data: bytes) -> int:
    """How many bytes of `data` are control bytes, which text almost never holds."""
    return len(data.translate(None, _TEXT_BYTES))


def _guess(data: bytes, source: str) -> Decoded:
    """Ask charset-normalizer, then keep whichever plausible decoding reads most like text."""
    best = _most_plausible(data, _candidates(data))
    if best is None:
        raise DecodeError(source, "no text encoding fits")
    return best


def _candidates(data: bytes) -> list[str]:
    """Codecs worth trying: charset-normalizer's guesses, then GB18030, Big5, UTF-16, UTF-8.

    GB18030 and Big5 are always tried because short Chinese text is often guessed as
    Shift_JIS or Korean; scoring, not the guess, decides between them. UTF-8 comes last, for
    UTF-8 text with a few broken bytes (see `_most_plausible`).
    """
    from charset_normalizer import from_bytes

    guesses = [_canonical(match.encoding) for match in from_bytes(data)][:5]
    names: list[str] = []
    for name in [*guesses, "gb18030", "big5", *_UTF16, "utf-8"]:
        for codec in _FAMILIES.get(name, (name,)):
            if codec not in names:
                names.append(codec)
    return names


def _most_plausible(data: bytes, candidates: Iterable[str]) -> Decoded | None:
    """The decoding with the smallest share of unusual characters, if that share is small.

    Ties go to the codec listed first. Of the Big5 family only the first codec that decodes at
    all is scored. UTF-8 is only tried here once strict UTF-8 has failed, so it is decoded with
    U+FFFD for broken bytes, which count as unusual: it wins only when nearly all of the data
    is UTF-8.
    """
    best: tuple[float, Decoded] | None = None
    decoded_families: set[str] = set()
    for codec in candidates:
        family = "big5" if codec in _BIG5 else codec
        if family in decoded_families:
            continue
        text = _decode(data, codec, _LENIENT.get(codec, "strict"))
        if text is None:
            continue
        decoded_families.add(family)
        unusual = _unusual(text)
        share = unusual / max(len(text), 1)
        if unusual <= _MAX_UNUSUAL * len(text) + 1 and (best is None or share < best[0]):
            best = (share, Decoded(text.removeprefix("\ufeff"), _canonical(codec)))
    return None if best is None else best[1]


def _canonical(codec: str) -> str:
    """Python's own spelling of a codec name (``utf_16_le`` -> ``utf-16-le``)."""
    return codecs.lookup(codec).name


def _unusual(text: str) -> int:
    """How many characters of `text` fall outside the common set that fits it best.

    Real text keeps to one language's set (`_COMMON_CJK`); mojibake mixes characters of
    several and reaches into rare ones. Bytes that decode to nothing are not text at all.
    """
    if not text:
        return 1
    by_sets: Counter[int] = Counter()
    for char, count in Counter(text).items():
        by_sets[_sets_of(char)] += count
    return min(
        sum(count for sets, count in by_sets.items() if not sets & 1 << index)
        for index in range(len(_COMMON_CJK))
    )


@lru_cache(maxsize=1 << 16)
def _sets_of(char: str) -> int:
    """Bit mask of the sets in `_COMMON_CJK` that hold `char`.

    Letters, digits, punctuation and whitespace of alphabetic scripts belong to all of them,
    controls, unassigned and private-use code points and U+FFFD to none.
    """
    everywhere = (1 << len(_COMMON_CJK)) - 1
    category = unicodedata.category(char)
    if char in "\t\n\v\f\r":
        return everywhere
    if char == "\ufffd" or category in ("Cc", "Cn", "Co", "Cs"):
        return 0
    code = ord(char)
    if code < _CJK_START:
        return everywhere
    if code > 0xFFFF:
        return everywhere if category == "So" else 0  # emoji are common, rare ideographs not
    mask = 0
    for index, (codec, ranges) in enumerate(_COMMON_CJK):
        try:
            raw = char.encode(codec)
        except UnicodeEncodeError:
            continue
        code = int.from_bytes(raw, "big")
        if len(raw) == 2 and any(low <= code <= high for low, high in ranges):
            mask |= 1 << index
    return mask
