"""The ``cleaners`` command: clean text dumps into JSON Lines, plain text or Markdown.

A batch never stops for one bad input: a file that cannot be read or decoded is reported on
stderr and skipped, and the exit status says whether anything was skipped. Output written
with ``-o`` holds only whole records, even when the run is interrupted.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
import stat
import sys
import tempfile
import tomllib
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from functools import partial
from importlib import metadata
from typing import Any, Protocol

from . import dedup, parallel, warc
from .decode import DecodeError, decode_bytes, decode_html
from .document import Document
from .html import PageTooLarge
from .options import Options

__all__ = ["clean_one", "main"]

PROG = "cleaners"
PROGRESS_AFTER = 20  # inputs; a bar for a handful of files is noise

EXIT_OK, EXIT_INPUT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

EPILOG = """\
formats:
  jsonl     one JSON object per document and line: source, title, author, published,
            site, language, body, removed (a list of {rule, text})
  text      the body of each document; documents are separated by a line holding
            only a form feed (\\f): split the output on "\\n\\f\\n" to take them apart
  markdown  "# title", a line of metadata, then the body; documents are separated by
            a line "---"

Output is UTF-8. With -o, records go to a temporary file next to OUT, which replaces OUT at
the end; an interrupted run leaves OUT with the records completed so far, never half a one.

exit status: 0 all inputs cleaned; 1 some input missing, unreadable or not text (each is
reported on stderr and skipped, the others are cleaned), or OUT not writable; 2 usage error;
130 interrupted.
"""


@dataclass(frozen=True, slots=True)
class Input:
    """One thing to clean, named as given or found; `problem` says why a PATH gave nothing."""

    source: str
    problem: str | None = None


class Sink(Protocol):
    """Where rendered records go."""

    def write(self, record: str) -> None: ...

    def close(self) -> None: ...


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status instead of exiting."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:  # --help, --version and usage errors
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    if args.command == "dedup":  # hook: cleaners/dedup.py
        return _interruptible(dedup.run, args)
    try:
        options = _options(args.phrases, args.without)
    except (OSError, ValueError) as error:  # unreadable or malformed phrases file, bad rule
        _report(str(error))
        return EXIT_USAGE
    try:
        return _clean(
            args.paths,
            args.output,
            args.format,
            progress=not args.no_progress,
            options=options,
            jobs=args.jobs or parallel.default_jobs(),
        )
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `cleaners clean ... | head`: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_INPUT_FAILED


def clean_one(source: str, data: bytes, options: Options | None = None) -> Document:
    """Clean one input's bytes: the single place that decides how an input is read.

    HTML is told by its content (a doctype, <html>, <head> or <body> near the start), or
    by an .html/.htm name; anything else is a text dump.
    """
    import cleaners  # looked up per call, so tests can swap the functions

    if looks_like_html(source, data):
        # Decoded here, once: bytes that are no text raise DecodeError and are reported.
        return cleaners.clean_html(decode_html(data, source=source).text, options=options)
    return cleaners.clean_text(decode_bytes(data, source=source).text, options=options)


#: Tags that open an HTML document; a text dump does not start with them.
_HTML_START = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
#: How far into an input its HTML opening is looked for (BOM, comments, whitespace first).
HTML_SNIFF_BYTES = 1024


def looks_like_html(source: str, data: bytes) -> bool:
    """An HTML page, by its name or its first kilobyte.

    >>> looks_like_html("-", b"<!DOCTYPE html><html><body>x</body></html>")
    True
    >>> looks_like_html("dump.txt", "| 标题 |\\n正文。".encode())
    False
    """
    if source.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    head = data[:HTML_SNIFF_BYTES].replace(b"\x00", b"")  # UTF-16 pages too
    return _HTML_START.search(head) is not None


def _parser() -> argparse.ArgumentParser:
    """The argument parser: ``cleaners [--version] clean PATH... [options]``."""
    parser = argparse.ArgumentParser(
        prog=PROG, description="Clean web page dumps into article text."
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    clean = commands.add_parser(
        "clean",
        help="clean text dumps",
        description="Clean text dumps of news and forum pages.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    clean.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="a file, a folder (all files below it, hidden ones excepted, in name order), "
        "a glob pattern (quote it; ** recurses), - for stdin, or a web archive "
        "(.warc, .warc.gz, .arc, .arc.gz: each HTML response is one record)",
    )
    clean.add_argument(
        "-j",
        "--jobs",
        type=_positive,
        metavar="N",
        help="clean in N processes (default: every core); output keeps the input order",
    )
    clean.add_argument("-o", "--output", metavar="OUT", help="write to OUT instead of stdout")
    clean.add_argument(
        "--format",
        choices=sorted(_RENDERERS),
        default="jsonl",
        help="output format (default: jsonl; see below)",
    )
    clean.add_argument(
        "--no-progress",
        action="store_true",
        help=f"no progress bar (shown on a terminal for more than {PROGRESS_AFTER} inputs)",
    )
    clean.add_argument(
        "--phrases",
        metavar="FILE",
        help="a TOML file of extra marker phrases, laid out like cleaners/data/phrases.toml",
    )
    clean.add_argument(
        "--without",
        metavar="RULE",
        action="append",
        default=[],
        help="do not apply RULE (repeatable; rule names as in the removal records)",
    )
    dedup.add_parser(commands)  # hook: cleaners/dedup.py
    return parser


def _options(phrases: str | None, without: Sequence[str]) -> Options | None:
    """The cleaner's options from the command line, or None for the defaults."""
    if phrases is None and not without:
        return None
    options = Options()
    if phrases is not None:
        try:
            options = Options.from_toml(phrases)
        except tomllib.TOMLDecodeError as error:
            raise ValueError(f"{phrases}: not a phrases file: {error}") from error
    return options.without(*without) if without else options


def _version() -> str:
    """The installed version, or the source tree's when running from a checkout."""
    try:
        return metadata.version(PROG)
    except metadata.PackageNotFoundError:
        import cleaners

        return str(getattr(cleaners, "__version__", "unknown"))


def _clean(
    paths: Sequence[str],
    output: str | None,
    fmt: str,
    *,
    progress: bool,
    options: Options | None = None,
    jobs: int = 1,
) -> int:
    """Clean every input into one output; returns the exit status."""
    inputs = [item for item in _expand(paths) if not _is_output(item.source, output)]
    render, separator = _RENDERERS[fmt]
    try:
        sink = _open_sink(output)
    except OSError as error:
        _report(f"{output}: {_reason(error)}")
        return EXIT_INPUT_FAILED
    failed, written = False, 0
    work = partial(_work, options=options)
    with _progress_bar(len(inputs), enabled=progress) as bar, closing(sink):
        for item, document in parallel.ordered_map(work, _tasks(inputs), jobs, here=_here):
            if document is None:
                failed = True
            else:
                url = item.url if isinstance(item, warc.Page) else None
                sink.write((separator if written else "") + render(item.source, document, url))
                written += 1
            _finished(item, bar)
    return EXIT_INPUT_FAILED if failed else EXIT_OK


# ---------------------------------------------------------------------------------------------
# Web archives and parallel cleaning: hooks into cleaners.warc and cleaners.parallel

Task = Input | warc.Page


def _tasks(inputs: Sequence[Input]) -> Iterator[Task]:
    """The inputs, with each web archive opened up into its HTML pages."""
    for item in inputs:
        if item.problem is not None or not warc.is_archive(item.source):
            yield item
            continue
        skipped: Counter[str] = Counter()
        found = False
        try:
            for page in warc.pages(item.source, skipped):
                found = True
                yield page
        except warc.ArchiveError as error:
            yield Input(item.source, error.reason)  # reported in its turn; the batch goes on
            continue
        if not found:
            yield Input(item.source, f"no HTML pages ({warc.skipped_summary(skipped)})")


def _finished(task: Task, bar: Any) -> None:
    """One step of the bar per input; an archive's skipped records are told after its last
    page, in their turn among the error lines."""
    if isinstance(task, warc.Page):
        if not task.last:
            return
        if task.skipped:
            _note(f"{task.source.rpartition('#')[0]}: {task.skipped}")
    bar.update(1)


def _work(task: Task, options: Options | None) -> Document | None:
    """Clean one task (in a worker process with -j): a file or an archived page."""
    if not isinstance(task, warc.Page):
        return _process(task, options)
    try:
        return warc.clean_page(task, options)
    except PageTooLarge as error:
        _report(f"{task.source}: {error}")
        return None


def _here(task: Task) -> bool:
    """Stdin is read by this process: a worker's stdin is not the command's."""
    return isinstance(task, Input) and task.source == "-"


def _interruptible(command: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run a subcommand; Ctrl-C exits 130, as for ``clean``."""
    try:
        return command(args)
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def _positive(value: str) -> int:
    """A process count of at least 1."""
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {value!r}")
    return int(value)


def _note(message: str) -> None:
    """An information line on stderr (not an error), without breaking the progress bar."""
    from tqdm import tqdm

    tqdm.write(f"{PROG}: {message}", file=sys.stderr)


def _progress_bar(total: int, *, enabled: bool) -> Any:
    """A tqdm bar on stderr, shown only for long batches on a terminal."""
    from tqdm import tqdm

    show = enabled and total > PROGRESS_AFTER and sys.stderr.isatty()
    return tqdm(total=total, file=sys.stderr, unit="file", disable=not show)


def _process(item: Input, options: Options | None) -> Document | None:
    """The cleaned document, or None after reporting why there is none."""
    if item.problem is not None:
        _report(f"{item.source}: {item.problem}")
        return None
    try:
        data = _read(item.source)
    except OSError as error:
        _report(f"{item.source}: {_reason(error)}")
        return None
    try:
        return clean_one(item.source, data, options)
    except DecodeError as error:
        _report(f"{item.source}: {error.reason}")
        return None
    except PageTooLarge as error:
        _report(f"{item.source}: {error}")
        return None


def _read(source: str) -> bytes:
    """The bytes of a file, or of stdin for ``-``."""
    if source == "-":
        return sys.stdin.buffer.read()
    with open(source, "rb") as file:
        return file.read()


def _expand(paths: Sequence[str]) -> Iterator[Input]:
    """Inputs in command-line order; folders and globs in sorted order."""
    for path in paths:
        if path == "-":
            yield Input(path)
        elif os.path.isdir(path):
            yield from _folder(path)
        elif os.path.lexists(path) or glob.escape(path) == path:
            yield Input(path)  # a missing file fails when read, with the system's reason
        else:
            matches = sorted(glob.glob(path, recursive=True))
            yield from (Input(match) for match in matches)
            if not matches:
                yield Input(path, "no file matches this pattern")


def _folder(folder: str) -> list[Input]:
    """The files below `folder`, or the reason there are none."""
    found = list(_walk(folder))
    return found or [Input(folder, "no files in this folder")]


def _walk(folder: str) -> Iterator[Input]:
    """Regular files below `folder` in name order, skipping hidden files and folders.

    Links to folders are not followed, so a link cycle cannot loop forever.
    """
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as error:
        yield Input(folder, _reason(error))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(entry.path)
        elif entry.is_file():
            yield Input(entry.path)


def _is_output(source: str, output: str | None) -> bool:
    """Whether `source` is the output file, which a rerun must not read back in."""
    if output is None or output == "-" or source == "-":
        return False
    try:
        return os.path.samefile(source, output)
    except OSError:
        return False


def _report(message: str) -> None:
    """Print an error line on stderr without breaking the progress bar."""
    from tqdm import tqdm

    tqdm.write(f"{PROG}: error: {message}", file=sys.stderr)


def _reason(error: OSError) -> str:
    """The system's words for an I/O error ("No such file or directory")."""
    return error.strerror or str(error)


# ---------------------------------------------------------------------------------------------
# Rendering


def _jsonl(source: str, document: Document, url: str | None = None) -> str:
    """One JSON object on one line; an archived page's record also has its `url`."""
    head = {"source": source, "url": url} if url is not None else {"source": source}
    return json.dumps({**head, **document.to_dict()}, ensure_ascii=False) + "\n"


def _text(source: str, document: Document, url: str | None = None) -> str:
    """The body alone."""
    return document.body + "\n"


def _markdown(source: str, document: Document, url: str | None = None) -> str:
    """A heading, a metadata line, the body."""
    title = " ".join((document.title or source).split())
    facts = [
        ("Source", source),
        ("URL", url),
        ("Author", document.author),
        ("Published", document.published),
        ("Site", document.site),
        ("Language", document.language),
    ]
    meta = " · ".join(f"{name}: {value}" for name, value in facts if value)
    return f"# {title}\n\n{meta}\n\n{document.body}\n"


Renderer = Callable[[str, Document, str | None], str]

# Each format: how to render one document, and what goes between two documents.
_RENDERERS: dict[str, tuple[Renderer, str]] = {
    "jsonl": (_jsonl, ""),
    "text": (_text, "\f\n"),
    "markdown": (_markdown, "\n---\n\n"),
}


# ---------------------------------------------------------------------------------------------
# Output


def _open_sink(output: str | None) -> Sink:
    """Standard output, or an atomically replaced file."""
    if output is None or output == "-":
        return _Stdout()
    if os.path.isdir(output):
        raise IsADirectoryError(21, "Is a directory", output)
    return AtomicFile(output)


class _Stdout:
    """UTF-8 on standard output, one flushed record at a time, whatever the locale."""

    def write(self, record: str) -> None:
        stream = sys.stdout
        buffer = getattr(stream, "buffer", None)
        if buffer is None:  # a text-only replacement, as some embedding tools install
            stream.write(record)
        else:
            stream.flush()
            buffer.write(record.encode("utf-8"))
            buffer.flush()

    def close(self) -> None:
        sys.stdout.flush()


class AtomicFile:
    """A file that takes the place of `path` when closed, holding only whole records.

    Records go to a hidden temporary file in the same folder (so that `os.replace` is atomic)
    and reach the system one by one, unbuffered. `close` runs even after an error or Ctrl-C:
    it cuts the file back to the end of the last whole record and moves it into place, so an
    interrupted run leaves every record it finished and never half of one.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        folder, name = os.path.split(path)
        descriptor, self._temporary = tempfile.mkstemp(
            prefix=f".{name}.", suffix=".part", dir=folder or "."
        )
        self._file = os.fdopen(descriptor, "wb", buffering=0)
        self._complete = 0

    def write(self, record: str) -> None:
        """Append one record; it counts once all its bytes are written."""
        view = memoryview(record.encode("utf-8"))
        while view:
            view = view[self._file.write(view) :]
        self._complete = self._file.tell()

    def close(self) -> None:
        """Keep the whole records and move them into place."""
        try:
            self._file.truncate(self._complete)
            os.fsync(self._file.fileno())
        finally:
            self._file.close()
        os.chmod(self._temporary, _mode_for(self.path))
        os.replace(self._temporary, self.path)


def _mode_for(path: str) -> int:
    """The permissions a replaced file keeps, or those a new file would get (umask applied)."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
