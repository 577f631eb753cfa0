"""``cleaners dedup``: drop exact and near-duplicate records across a JSON Lines corpus.

Two passes over the input, so memory does not grow with the text:

1. Each record's body gets a fingerprint and a MinHash signature (`cleaners.neardup`, the
   code the crawler's duplicate pipeline uses). The fingerprints, the LSH band buckets and
   the signatures go to a temporary SQLite file; a record that shares a fingerprint with
   an earlier one is an exact duplicate, one whose signature agrees on a band with an
   earlier one's and estimates their Jaccard similarity at `threshold` or more is a near
   duplicate. Duplicates are joined into clusters (union-find). Each band bucket keeps its
   first record only, so the candidates of a record are at most `bands`, however many
   copies a boilerplate text has. What stays in memory is a few numbers per record (about
   40 bytes: cluster link, match, reason, similarity, length, date), never the text, and
   SQLite's page cache, capped at `CACHE_MIB`.
2. The input is read again, and each cluster's kept record is written, in input order: the
   first, the longest body, or the earliest `published`, as `keep` says.

The cluster report (`--report`) has one JSON line per cluster of two or more records: the
kept record and every member, each with its line number, its `source` (or `url`), why it
joined (`exact` or `near`, with the estimated similarity) and the line it matched.
"""

from __future__ import annotations

import argparse
import json
import marshal
import os
import shutil
import sqlite3
import sys
import tempfile
from array import array
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from .neardup import MinHasher, fingerprint, jaccard

__all__ = ["DedupOptions", "DedupStats", "add_parser", "deduplicate", "run"]

Keep = Literal["first", "longest", "earliest"]
KEEP_CHOICES: tuple[Keep, ...] = ("first", "longest", "earliest")

_UNIQUE, _EXACT, _NEAR = 0, 1, 2
_REASONS = {_EXACT: "exact", _NEAR: "near"}
#: SQLite's page cache for the index, in MiB: the memory the index may take, whatever the
#: corpus size (the rest of the index stays on disk).
CACHE_MIB = 64
#: A record without a usable `published` date is kept by "earliest" only if no other is.
_UNDATED = float("inf")


@dataclass(frozen=True, slots=True)
class DedupOptions:
    """How duplicates are found and which copy stays."""

    keep: Keep = "first"
    threshold: float = 0.6
    text_field: str = "body"
    hasher: MinHasher = field(default_factory=MinHasher)


@dataclass(slots=True)
class DedupStats:
    """What a run found: records read and kept, duplicates by kind, clusters, bad lines."""

    records: int = 0
    kept: int = 0
    exact: int = 0
    near: int = 0
    clusters: int = 0
    bad_lines: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line for stderr."""
        dropped = self.records - self.kept
        return (
            f"{self.records} records, {self.kept} kept, {dropped} dropped "
            f"({self.exact} exact, {self.near} near duplicates) in {self.clusters} "
            + ("cluster" if self.clusters == 1 else "clusters")
        )


@dataclass(frozen=True, slots=True)
class _Record:
    line: str  # "FILE:LINE", for error messages
    data: dict[str, Any] | None  # None: not a JSON object
    raw: str


def deduplicate(
    paths: Sequence[str],
    write: Any,
    options: DedupOptions | None = None,
    *,
    report: Any = None,
    workdir: str | None = None,
    names: Mapping[str, str] | None = None,
) -> DedupStats:
    """Write (through `write(str)`) the records of `paths` that are no one's duplicate,
    in input order; `report(str)`, if given, receives the cluster report lines. `names`
    renames paths in messages (the command's copy of stdin is `-`)."""
    options = options or DedupOptions()
    stats = DedupStats()
    names = names or {}
    with tempfile.TemporaryDirectory(prefix="cleaners-dedup-", dir=workdir) as folder:
        store = _Store(os.path.join(folder, "lsh.sqlite"))
        try:
            clusters = _first_pass(_records(paths, names), options, store, stats)
            kept = clusters.kept(options.keep)
            records = _records(paths, names)
            for number, record in enumerate(r for r in records if r.data is not None):
                if kept[clusters.find(number)] == number:
                    write(record.raw if record.raw.endswith("\n") else record.raw + "\n")
                    stats.kept += 1
            stats.clusters = clusters.count_clusters()
            if report is not None:
                for line in clusters.report(store, kept):
                    report(line)
        finally:
            store.close()
    return stats


# ---------------------------------------------------------------------------------------------
# Pass one: fingerprints, signatures and clusters


def _first_pass(
    records: Iterator[_Record], options: DedupOptions, store: _Store, stats: DedupStats
) -> _Clusters:
    clusters = _Clusters()
    hasher = options.hasher
    for record in records:
        if record.data is None:
            stats.bad_lines.append(f"{record.line}: not a JSON object")
            continue
        number = clusters.add(record.data, options.text_field)
        stats.records += 1
        text = record.data.get(options.text_field)
        text = text if isinstance(text, str) else ""
        store.name(number, _name(record))
        if (first := store.exact(fingerprint(text), number)) is not None:
            clusters.join(number, first, _EXACT, 1.0)
            stats.exact += 1
            continue
        signature = hasher.signature(text)
        if not signature:
            continue
        keys = [hash(key) for key in hasher.band_keys(signature)]
        best = _best_match(store, signature, keys, options.threshold)
        store.insert(number, signature, keys)
        if best is not None:
            clusters.join(number, best[1], _NEAR, best[0])
            stats.near += 1
    return clusters


def _best_match(
    store: _Store, signature: tuple[int, ...], keys: list[int], threshold: float
) -> tuple[float, int] | None:
    """(similarity, record) of the most similar earlier candidate at `threshold` or more."""
    best: tuple[float, int] | None = None
    for candidate, other in store.candidates(keys):
        score = jaccard(signature, other)
        if score >= threshold and (best is None or score > best[0]):
            best = (score, candidate)
    return best


def _name(record: _Record) -> str:
    assert record.data is not None
    for key in ("source", "url"):
        if isinstance(value := record.data.get(key), str) and value:
            return value
    return record.line


def _published(value: Any) -> float:
    """A record's date as a POSIX time (naive times taken as UTC), or `_UNDATED`."""
    if not isinstance(value, str) or not value:
        return _UNDATED
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return _UNDATED
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()


def _records(paths: Sequence[str], names: Mapping[str, str]) -> Iterator[_Record]:
    """Every non-blank line of every input, parsed (UTF-8)."""
    for path in paths:
        name = names.get(path, path)
        with open(path, encoding="utf-8", newline="\n") as file:
            for number, raw in enumerate(file, 1):
                if not raw.strip():
                    continue
                try:
                    data = json.loads(raw)
                except ValueError:
                    data = None
                yield _Record(f"{name}:{number}", data if isinstance(data, dict) else None, raw)


class _Store:
    """The on-disk state of pass one: fingerprints, first record of each band bucket,
    signatures, and each record's name for the report."""

    def __init__(self, path: str) -> None:
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.executescript(
            f"""
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            PRAGMA cache_size = -{CACHE_MIB * 1024};
            CREATE TABLE exact (digest TEXT PRIMARY KEY, record INTEGER) WITHOUT ROWID;
            CREATE TABLE bands (key INTEGER PRIMARY KEY, record INTEGER);
            CREATE TABLE signatures (record INTEGER PRIMARY KEY, signature BLOB);
            CREATE TABLE names (record INTEGER PRIMARY KEY, name TEXT);
            BEGIN;
            """
        )

    def name(self, record: int, name: str) -> None:
        self.db.execute("INSERT INTO names VALUES (?, ?)", (record, name))

    def exact(self, digest: str, record: int) -> int | None:
        """The earlier record with this fingerprint; else None, and `record` is stored."""
        row = self.db.execute("SELECT record FROM exact WHERE digest = ?", (digest,)).fetchone()
        if row is not None:
            return int(row[0])
        self.db.execute("INSERT INTO exact VALUES (?, ?)", (digest, record))
        return None

    def candidates(self, keys: list[int]) -> Iterator[tuple[int, tuple[int, ...]]]:
        marks = ",".join("?" * len(keys))
        rows = self.db.execute(
            "SELECT s.record, s.signature FROM signatures s WHERE s.record IN "
            f"(SELECT record FROM bands WHERE key IN ({marks}))",
            keys,
        )
        for record, blob in rows:
            yield int(record), marshal.loads(blob)

    def insert(self, record: int, signature: tuple[int, ...], keys: list[int]) -> None:
        self.db.execute("INSERT INTO signatures VALUES (?, ?)", (record, marshal.dumps(signature)))
        self.db.executemany(
            "INSERT OR IGNORE INTO bands VALUES (?, ?)", [(key, record) for key in keys]
        )

    def names(self, records: Sequence[int]) -> dict[int, str]:
        found: dict[int, str] = {}
        for start in range(0, len(records), 500):  # SQLite caps the parameters of a query
            chunk = records[start : start + 500]
            marks = ",".join("?" * len(chunk))
            query = f"SELECT record, name FROM names WHERE record IN ({marks})"
            found.update((int(record), str(name)) for record, name in self.db.execute(query, chunk))
        return found

    def close(self) -> None:
        self.db.close()


class _Clusters:
    """Union-find over record numbers, with what the keep policies compare, in arrays of
    machine numbers (37 bytes a record)."""

    def __init__(self) -> None:
        self.parent = array("q")
        self.matched = array("q")  # the record it joined, or -1
        self.reason = array("b")
        self.similarity = array("f")
        self.length = array("q")
        self.published = array("d")

    def add(self, data: dict[str, Any], text_field: str) -> int:
        number = len(self.parent)
        text = data.get(text_field)
        self.parent.append(number)
        self.matched.append(-1)
        self.reason.append(_UNIQUE)
        self.similarity.append(0.0)
        self.length.append(len(text) if isinstance(text, str) else 0)
        self.published.append(_published(data.get("published")))
        return number

    def find(self, number: int) -> int:
        parent = self.parent
        root = number
        while parent[root] != root:
            root = parent[root]
        while parent[number] != root:  # path compression
            parent[number], number = root, parent[number]
        return root

    def join(self, number: int, other: int, reason: int, similarity: float) -> None:
        self.matched[number] = other
        self.reason[number] = reason
        self.similarity[number] = similarity
        a, b = self.find(number), self.find(other)
        if a != b:
            self.parent[max(a, b)] = min(a, b)  # the root is the cluster's first record

    def kept(self, keep: Keep) -> array[int]:
        """For each cluster root, the record that stays."""
        best = array("q", range(len(self.parent)))
        for number in range(len(self.parent)):
            root = self.find(number)
            if root != number and self._better(number, best[root], keep):
                best[root] = number
        return best

    def _better(self, number: int, current: int, keep: Keep) -> bool:
        """Whether `number` beats `current` (ties go to the earlier record, `current`)."""
        if keep == "longest":
            return self.length[number] > self.length[current]
        if keep == "earliest":
            return self.published[number] < self.published[current]
        return False

    def count_clusters(self) -> int:
        roots = {self.find(n) for n in range(len(self.parent)) if self.reason[n] != _UNIQUE}
        return len(roots)

    def report(self, store: _Store, kept: array[int]) -> Iterator[str]:
        """One JSON line per cluster, in the order of their first records."""
        members: dict[int, list[int]] = {}
        for number in range(len(self.parent)):
            if self.reason[number] != _UNIQUE:
                members.setdefault(self.find(number), []).append(number)
        for root in sorted(members):
            numbers = [root, *members[root]]
            names = store.names([*numbers, kept[root]])
            yield (
                json.dumps(
                    {
                        "kept": names[kept[root]],
                        "size": len(numbers),
                        "members": [self._member(n, names) for n in numbers],
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )

    def _member(self, number: int, names: dict[int, str]) -> dict[str, Any]:
        entry: dict[str, Any] = {"record": number + 1, "name": names[number]}
        if self.reason[number] != _UNIQUE:
            entry["reason"] = _REASONS[self.reason[number]]
            entry["similarity"] = round(float(self.similarity[number]), 3)
            entry["matched"] = self.matched[number] + 1
        return entry


# ---------------------------------------------------------------------------------------------
# Command line: `cleaners dedup`, hooked into cleaners.cli


def add_parser(commands: Any) -> None:
    """The ``dedup`` subcommand's arguments."""
    parser = commands.add_parser(
        "dedup",
        help="drop exact and near-duplicate records of a JSON Lines corpus",
        description="Drop exact and near-duplicate records (MinHash LSH over CJK-aware "
        "shingles, traditional Chinese folded to simplified) across JSON Lines files, "
        "read as one corpus in order. The kept records are written in input order.",
    )
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="a JSON Lines file, or - for stdin (copied)"
    )
    parser.add_argument("-o", "--output", metavar="OUT", help="write to OUT instead of stdout")
    parser.add_argument(
        "--keep",
        choices=KEEP_CHOICES,
        default="first",
        help="which record of a cluster stays: the first, the one with the longest body, "
        "or the earliest published (undated last); ties go to the first (default: first)",
    )
    parser.add_argument(
        "--threshold",
        type=float,
        default=0.6,
        metavar="J",
        help="estimated Jaccard similarity of shingles at or above which two bodies are "
        "near duplicates (default: 0.6, as the crawler)",
    )
    parser.add_argument(
        "--field", default="body", help="the field holding the text (default: body)"
    )
    parser.add_argument(
        "--report", metavar="FILE", help="write the clusters to FILE, one JSON line each"
    )
    parser.add_argument(
        "--tmp-dir",
        metavar="DIR",
        help="where the temporary index goes (default: the system's temporary folder)",
    )


def run(args: argparse.Namespace) -> int:
    """Run ``cleaners dedup``; returns the exit status (0, 1 for bad input, 2 usage)."""
    if not 0.0 < args.threshold <= 1.0:
        _error("--threshold must be above 0 and at most 1")
        return 2
    if args.paths.count("-") > 1:
        _error("- (stdin) can be read once only")
        return 2
    for path in args.paths:
        if path != "-" and not os.path.isfile(path):
            _error(f"{path}: not a file (dedup reads its input twice)")
            return 1
    options = DedupOptions(keep=args.keep, threshold=args.threshold, text_field=args.field)
    try:
        with (
            _stdin_copied(args.paths, args.tmp_dir) as (paths, names),
            _output(args.output) as write,
            _output(args.report, optional=True) as report,
        ):
            stats = deduplicate(
                paths, write, options, report=report, workdir=args.tmp_dir, names=names
            )
    except OSError as error:
        _error(f"{error.filename or ''}: {error.strerror or error}")
        return 1
    except UnicodeDecodeError as error:
        _error(f"not UTF-8 text ({error.reason} at byte {error.start})")
        return 1
    for problem in stats.bad_lines:
        _error(problem)
    print(f"cleaners: dedup: {stats.summary()}", file=sys.stderr)
    return 1 if stats.bad_lines else 0


@contextmanager
def _stdin_copied(
    paths: Sequence[str], workdir: str | None
) -> Iterator[tuple[list[str], dict[str, str]]]:
    """The paths with `-` replaced by a temporary copy of stdin, since dedup reads its input
    twice, and the copy's name for messages (`-`). No `-`: the paths as given."""
    if "-" not in paths:
        yield list(paths), {}
        return
    with tempfile.TemporaryDirectory(prefix="cleaners-dedup-stdin-", dir=workdir) as folder:
        copy = os.path.join(folder, "stdin.jsonl")
        with open(copy, "wb") as file:
            shutil.copyfileobj(sys.stdin.buffer, file)
        yield [copy if path == "-" else path for path in paths], {copy: "-"}


@contextmanager
def _output(path: str | None, *, optional: bool = False) -> Iterator[Any]:
    """A write function for stdout or for `path`, which is replaced only when the run
    ends well: an error or Ctrl-C half-way leaves the previous file as it was."""
    if path is None and optional:
        yield None
        return
    if path is None or path == "-":
        yield lambda text: sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
        return
    folder, name = os.path.split(path)
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{name}.", suffix=".partial", dir=folder or "."
    )
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as file:
            yield file.write
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def _error(message: str) -> None:
    print(f"cleaners: error: {message}", file=sys.stderr)
