"""The ``cleaners`` command: clean text dumps into JSON Lines, plain text or Markdown.

A batch never stops for one bad input: a file that cannot be read, is empty, is binary, is
too large or too slow to clean, or makes the cleaner fail, is reported on stderr with its
path and the reason, and skipped; the exit status says whether anything was skipped. Output
written with ``-o`` replaces the previous file only when the run completes; an interrupted
run leaves it untouched and keeps the whole records written so far in ``OUT.partial``.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
import signal
import stat
import sys
import tempfile
import threading
import tomllib
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from functools import partial
from importlib import metadata
from typing import Any, Protocol

from . import crawl, dedup, parallel, warc
from .budget import OverBudget
from .decode import BinaryInput, Decoded, DecodeError, decode_bytes, decode_html
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

Output is UTF-8. With -o, missing folders of OUT are created and records go to a temporary
file next to OUT, which replaces OUT only when the run completes. An interrupted run leaves
OUT as it was and the whole records written so far in OUT.partial (it says how many). When
the reader of standard output goes away (`| head`), the run stops quietly.

exit status: 0 all inputs cleaned (or the output pipe closed); 1 some input missing,
unreadable, empty, binary, too large, over --timeout or failing in the cleaner (each is
reported on stderr with the reason and skipped, the others are cleaned), or OUT not
writable; 2 usage error; 130 interrupted (Ctrl-C, or SIGTERM, which is handled alike).
"""


@dataclass(frozen=True, slots=True)
class Input:
    """One thing to clean, named as given or found; `problem` says why a PATH gave nothing."""

    source: str
    problem: str | None = None


class Sink(Protocol):
    """Where rendered records go: `commit` when the run completes, `abandon` when not."""

    def write(self, record: str) -> None: ...

    def commit(self) -> None: ...

    def abandon(self) -> None: ...


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status instead of exiting."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:  # --help, --version and usage errors
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    if args.command == "dedup":  # hook: cleaners/dedup.py
        return _interruptible(dedup.run, args)
    if args.command == "crawl":  # hook: cleaners/crawl.py (Scrapy handles Ctrl-C itself)
        return crawl.run(args)
    try:
        options = _options(args.phrases, args.without, args.timeout)
    except (OSError, ValueError) as error:  # unreadable or malformed phrases file, bad rule
        _report(str(error))
        return EXIT_USAGE
    try:
        with _terminate_as_interrupt():
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
    except BrokenPipeError:  # `cleaners clean ... | head`: the reader has what it wanted
        # Python flushes stdout once more at exit; point it at /dev/null so that it is quiet.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as error:  # the output could not be written (a full disk)
        _report(f"{args.output or 'standard output'}: {_reason(error)}")
        return EXIT_INPUT_FAILED


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """While cleaning, SIGTERM (`kill`, a job scheduler's stop) ends the run as Ctrl-C does:
    OUT kept, the records so far in OUT.partial. The previous handler comes back after."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set from the main thread
        return
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def clean_one(
    source: str,
    data: bytes,
    options: Options | None = None,
    note: Callable[[str], None] | None = None,
) -> Document:
    """Clean one input's bytes: the single place that decides how an input is read.

    HTML is told by its content (a doctype, <html>, <head> or <body> near the start), or
    by an .html/.htm name; anything else is a text dump. `note` hears what decoding noted
    (a declared charset it did not follow).
    """
    import cleaners  # looked up per call, so tests can swap the functions

    html = looks_like_html(source, data)
    # Decoded here, once: bytes that are no text raise DecodeError and are reported.
    decoded: Decoded = (decode_html if html else decode_bytes)(data, source=source)
    if note is not None:
        for line in decoded.notes:
            note(line)
    clean = cleaners.clean_html if html else cleaners.clean_text
    return clean(decoded.text, options=options)


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
    clean.add_argument(
        "--timeout",
        metavar="SECONDS",
        type=_seconds,
        help="time budget per input: one that takes longer is reported and skipped",
    )
    dedup.add_parser(commands)  # hook: cleaners/dedup.py
    crawl.add_parser(commands)  # hook: cleaners/crawl.py
    return parser


def _seconds(value: str) -> float:
    """A positive number of seconds, for --timeout."""
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not seconds > 0 or seconds == float("inf"):
        raise argparse.ArgumentTypeError(f"not a positive number of seconds: {value!r}")
    return seconds


def _options(
    phrases: str | None, without: Sequence[str], timeout: float | None = None
) -> Options | None:
    """The cleaner's options from the command line, or None for the defaults."""
    if phrases is None and not without and timeout is None:
        return None
    options = Options(time_budget=timeout)
    if phrases is not None:
        try:
            options = replace(Options.from_toml(phrases), time_budget=timeout)
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
    try:
        failed = _write_all(
            inputs, sink, render, separator, progress=progress, options=options, jobs=jobs
        )
    except BaseException:  # Ctrl-C, a closed pipe, a full disk: keep OUT as it was
        sink.abandon()
        raise
    sink.commit()
    return EXIT_INPUT_FAILED if failed else EXIT_OK


def _write_all(
    inputs: Sequence[Input],
    sink: Sink,
    render: Renderer,
    separator: str,
    *,
    progress: bool,
    options: Options | None,
    jobs: int = 1,
) -> bool:
    """Clean and write every input in order (in `jobs` processes); True if some input was
    skipped."""
    failed, written = False, 0
    work = partial(_work, options=options)
    with _progress_bar(len(inputs), enabled=progress) as bar:
        for item, document in parallel.ordered_map(work, _tasks(inputs), jobs, here=_here):
            if document is None:
                failed = True
            else:
                url = item.url if isinstance(item, warc.Page) else None
                sink.write((separator if written else "") + render(item.source, document, url))
                written += 1
            _finished(item, bar)
    return failed


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
            _note(task.source.rpartition("#")[0], task.skipped)
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
    if not data.strip():
        _report(f"{item.source}: empty, nothing to clean")
        return None
    budget = options.time_budget if options is not None else None
    try:
        with _alarm(budget):
            return clean_one(item.source, data, options, lambda line: _note(item.source, line))
    except BinaryInput as error:
        _report(f"{item.source}: not a text or HTML file ({error.reason})")
    except DecodeError as error:
        _report(f"{item.source}: {error.reason}")
    except (PageTooLarge, OverBudget) as error:
        _report(f"{item.source}: {error}; skipped")
    except Exception as error:  # a bug in a rule must cost one input, not the batch
        _report(f"{item.source}: cleaning failed: {type(error).__name__}: {error}")
    return None


#: Seconds past the budget at which the timer interrupts a stage.
ALARM_GRACE = 1.0


@contextmanager
def _alarm(budget: float | None) -> Iterator[None]:
    """Enforce the time budget inside a stage too: the library checks it between stages
    only, so a timer interrupts the Python code of a stage that overruns it (a long C call,
    such as one regex or the HTML parser, ends first). Main thread and POSIX only."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if budget is None or not usable:
        yield
        return

    def over(signum: int, frame: object) -> None:
        raise OverBudget(budget, "a stage, interrupted")

    previous = signal.signal(signal.SIGALRM, over)
    try:
        # Later than the budget: the library's own check, between stages, names the stage.
        signal.setitimer(signal.ITIMER_REAL, budget + max(ALARM_GRACE, budget / 2))
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


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


def _report(message: str, kind: str = "error") -> None:
    """Print an error line on stderr without breaking the progress bar."""
    from tqdm import tqdm

    tqdm.write(f"{PROG}: {kind}: {message}", file=sys.stderr)


def _note(source: str, message: str) -> None:
    """What decoding noted about an input that was still cleaned."""
    _report(f"{source}: {message}", kind="note")


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
    return f"# {title}\n\n{meta}\n\n{document.markdown or document.body}\n"


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
    """Standard output, or a file replaced when the run completes."""
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

    def commit(self) -> None:
        sys.stdout.flush()

    def abandon(self) -> None:
        """Records already went out; a closed pipe cannot take a last flush."""
        with suppress(OSError):
            sys.stdout.flush()


class AtomicFile:
    """A file that takes the place of `path` when the run completes.

    Records go to a hidden temporary file in the same folder (so that `os.replace` is atomic;
    missing folders are created) and reach the system one by one, unbuffered. `commit`
    moves it into place. `abandon`, after an error or Ctrl-C, leaves `path` untouched: the
    temporary file, cut back to the end of its last whole record, becomes `path.partial`,
    and a line on stderr says how many records it holds.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        folder, name = os.path.split(path)
        if folder:
            os.makedirs(folder, exist_ok=True)
        descriptor, self._temporary = tempfile.mkstemp(
            prefix=f".{name}.", suffix=".part", dir=folder or "."
        )
        self._file = os.fdopen(descriptor, "wb", buffering=0)
        self._complete = 0
        self.records = 0

    def write(self, record: str) -> None:
        """Append one record; it counts once all its bytes are written."""
        view = memoryview(record.encode("utf-8"))
        while view:
            view = view[self._file.write(view) :]
        self._complete = self._file.tell()
        self.records += 1

    @property
    def temporary(self) -> str:
        """The hidden file records go to until `commit` (another writer may fill it: `adopt`)."""
        return self._temporary

    def adopt(self) -> None:
        """Take what another writer put in the temporary file (`cleaners crawl`: Scrapy's feed
        exporter, one JSON line per record) as the records: its whole lines."""
        self.records, self._complete = _whole_lines(self._temporary)

    def commit(self) -> None:
        """Keep the records and move them into place."""
        self._move(self.path)

    def abandon(self) -> None:
        """Keep the whole records next to `path`, which stays as it was."""
        partial = f"{self.path}.partial"
        if self.records == 0:
            self._file.close()
            os.unlink(self._temporary)
            _report(f"{self.path}: left as it was; no complete record was written", "note")
            return
        self._move(partial)
        _report(
            f"{self.path}: left as it was; {self.records} complete record"
            f"{'s' if self.records != 1 else ''} kept in {partial}",
            "note",
        )

    def _move(self, target: str) -> None:
        try:
            self._file.truncate(self._complete)
            os.fsync(self._file.fileno())
        finally:
            self._file.close()
        os.chmod(self._temporary, _mode_for(self.path))
        os.replace(self._temporary, target)


def _whole_lines(path: str, block: int = 1 << 20) -> tuple[int, int]:
    """The number of newline-terminated lines of a file and the offset past the last one."""
    lines = end = offset = 0
    with open(path, "rb") as file:
        while data := file.read(block):
            if (count := data.count(b"\n")) > 0:
                lines += count
                end = offset + data.rindex(b"\n") + 1
            offset += len(data)
    return lines, end


def _mode_for(path: str) -> int:
    """The permissions a replaced file keeps, or those a new file would get (umask applied)."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
