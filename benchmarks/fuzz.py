"""Fuzz the cleaners for ``--minutes`` minutes and report how many inputs were tried.

Every entry point must answer with a document or one of its documented errors
(DecodeError and its BinaryInput, PageTooLarge, OverBudget); anything else is a crash,
printed with the input that caused it.

With atheris installed (``pip install atheris``; Linux wheels exist), libFuzzer drives
coverage-guided bytes into decode_html, clean_html (bytes and str, with a declared charset)
and clean_text; it stops at the first crash and writes the input to ``crash-*``. Without it
(or with ``--engine hypothesis``) the strategies of tests/cleaners/strategies.py are run in
rounds, the command line among them, and every crash is collected.

    python benchmarks/fuzz.py --minutes 10
    python benchmarks/fuzz.py --minutes 1 --engine hypothesis
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

CHARSETS = ["utf-8", "gbk", "big5", "iso-8859-1", "zlib", "rot13", "base64", "utf-16", "x"]
#: Seconds one input may take before libFuzzer calls it a hang.
HANG_SECONDS = 60


def _expected() -> tuple[type[BaseException], ...]:
    from cleaners import DecodeError, OverBudget, PageTooLarge

    return (DecodeError, PageTooLarge, OverBudget)


def atheris_main(seconds: int) -> int:
    import atheris

    with atheris.instrument_imports():
        from cleaners import Options, clean_html, clean_text
        from cleaners.decode import decode_html
    expected = _expected()
    options = Options(detect_language=False, time_budget=HANG_SECONDS / 2)
    tried = [0]
    start = time.monotonic()

    def one_input(data: bytes) -> None:
        tried[0] += 1
        if tried[0] % 20_000 == 0:
            print(f"fuzz: {tried[0]} inputs in {time.monotonic() - start:.0f} s", flush=True)
        provider = atheris.FuzzedDataProvider(data)
        target = provider.ConsumeIntInRange(0, 3)
        charset = CHARSETS[provider.ConsumeIntInRange(0, len(CHARSETS) - 1)]
        rest = provider.ConsumeBytes(len(data))
        try:
            if target == 0:
                decode_html(rest, declared=charset)
            elif target == 1:
                clean_html(rest, encoding=charset, options=options)
            elif target == 2:
                clean_text(rest.decode("utf-8", "replace"), options=options)
            else:
                clean_html(rest.decode("utf-8", "replace"), options=options)
        except expected:
            pass

    argv = [sys.argv[0], f"-max_total_time={seconds}", f"-timeout={HANG_SECONDS}",
            "-max_len=8192", "-print_final_stats=1"]  # fmt: skip
    atheris.Setup(argv, one_input)
    atheris.Fuzz()  # exits the process: libFuzzer prints "Done N runs in S second(s)"
    return 0


def hypothesis_main(seconds: int) -> int:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from cleaners import Options, clean_html, clean_text
    from cleaners.cli import main as cli
    from cleaners.decode import decode_html
    from tests.cleaners import strategies as s

    expected = _expected()
    options = Options(detect_language=False, time_budget=HANG_SECONDS / 2)
    tried = [0]

    def guard(run: Callable[[], object]) -> None:
        tried[0] += 1
        with contextlib.suppress(*expected):
            run()

    def run_cli(inputs: list[tuple[str, bytes]]) -> None:
        with tempfile.TemporaryDirectory() as folder:
            paths = []
            for number, (name, data) in enumerate(inputs):
                path = Path(folder) / f"{number}{name}"
                path.write_bytes(data)
                paths.append(str(path))
            code = cli(["clean", *paths, "-o", f"{folder}/out/x.jsonl", "--no-progress"])
            assert code in (0, 1), f"exit status {code}"

    targets: dict[str, tuple[Any, Callable[..., None]]] = {
        "decode_html": (s.DECODE_CALLS, lambda c: guard(lambda: decode_html(c[0], declared=c[1]))),
        "clean_html bytes": (
            st.tuples(s.page_bytes(), st.one_of(st.none(), s.CHARSETS)),
            lambda c: guard(lambda: clean_html(c[0], encoding=c[1], options=options)),
        ),
        "clean_html str": (s.pages(), lambda p: guard(lambda: clean_html(p, options=options))),
        "clean_text": (s.DUMPS, lambda t: guard(lambda: clean_text(t, options=options))),
        "cli": (
            st.lists(s.CLI_INPUTS, min_size=1, max_size=3),
            lambda i: guard(lambda: run_cli(i)),
        ),
    }  # fmt: skip
    crashes: list[str] = []
    deadline = time.monotonic() + seconds
    rounds = 0
    while time.monotonic() < deadline:
        rounds += 1
        for name, (strategy, check) in targets.items():
            test = settings(
                max_examples=100,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )(given(strategy)(check))
            try:
                # The command line prints its reports on stderr: keep them out of ours.
                with contextlib.redirect_stderr(io.StringIO()):
                    test()
            except Exception:  # a crash: hypothesis has shrunk it and says which input
                crashes.append(f"{name}:\n{traceback.format_exc(limit=3)}")
        print(f"fuzz: round {rounds}, {tried[0]} inputs, {len(crashes)} crashes", flush=True)
    print(f"fuzz (hypothesis): {tried[0]} inputs tried in {seconds} s, {len(crashes)} crashes")
    for crash in crashes:
        print(crash)
    return 1 if crashes else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--engine", choices=["auto", "atheris", "hypothesis"], default="auto")
    args = parser.parse_args(argv)
    seconds = max(1, int(args.minutes * 60))
    engine = args.engine
    if engine == "auto":
        engine = "atheris" if importlib.util.find_spec("atheris") else "hypothesis"
    print(f"fuzz: {engine} for {seconds} s", flush=True)
    return atheris_main(seconds) if engine == "atheris" else hypothesis_main(seconds)


if __name__ == "__main__":
    sys.exit(main())
