"""Corpus-scale figures: WARC input, -j, dedup. A script that prints figures, not a test.

    python benchmarks/corpus.py [--rounds 2] [--records 100000] [--only clean|dedup]

clean: the pages of ../shared/bench (else fixtures/html), written once as files and once as
one gzipped WARC, are cleaned by `cleaners clean` in this process, taking turns for
`--rounds` rounds (each keeps its fastest): pages/s from files and from the WARC with
-j 1, the time warcio alone takes to read the archive, and the -j 2 against -j 1 speedup
on the files.

dedup: `--records` synthetic JSON Lines records (Chinese and English stories; a share of
them copies of earlier ones, edited as syndication edits them: a credit line added, a
sentence dropped or replaced, the text in traditional characters; and hard negatives: other
stories sharing a long boilerplate footer), deduplicated by `cleaners dedup` in a
subprocess: wall time, peak RSS (and the RSS of the same process after importing cleaners
only), and pairwise precision/recall of its clusters against the labels. Then our MinHash
against datasketch's (80 permutations, same shingles) on 2,000 of the records.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from itertools import combinations
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaners import parallel, warc  # noqa: E402
from cleaners.cli import main  # noqa: E402
from cleaners.neardup import MinHasher, tokens  # noqa: E402

BENCH = ROOT.parent / "shared" / "bench"


# ---------------------------------------------------------------------------------------------
# clean: files against WARC, -j 2 against -j 1


def bench_pages() -> list[bytes]:
    found = sorted(BENCH.glob("*/html/*")) if BENCH.is_dir() else []
    found = found or sorted((ROOT / "fixtures" / "html").glob("*/input.html"))
    return [path.read_bytes() for path in found]


def write_inputs(pages: list[bytes], folder: Path) -> tuple[Path, Path]:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    files = folder / "pages"
    files.mkdir()
    archive = folder / "pages.warc.gz"
    with archive.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for number, page in enumerate(pages):
            (files / f"{number:05d}.html").write_bytes(page)
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                f"https://bench.example/{number}", "response", payload=io.BytesIO(page),
                http_headers=http, warc_headers_dict={"WARC-Date": "2024-05-01T00:00:00Z"},
            )  # fmt: skip
            writer.write_record(record)
            record.raw_stream.close()
    return files, archive


def timed_clean(inputs: list[str], jobs: int, out: Path) -> float:
    start = time.perf_counter()
    main(["clean", "-j", str(jobs), "--no-progress", "-o", str(out), *inputs])
    return time.perf_counter() - start


def timed_page(page: bytes) -> float:
    """Seconds one clean_html takes, measured inside the process that runs it."""
    from cleaners import clean_html

    start = time.perf_counter()
    clean_html(page)
    return time.perf_counter() - start


def burn(count: int) -> float:
    """Seconds a pure-Python loop takes: CPU only, no I/O, no cleaners."""
    start = time.perf_counter()
    total = 0
    for value in range(count):
        total += value * value
    return time.perf_counter() - start


def machine_check() -> None:
    """What two processes get on this machine now: the same pool over a CPU-only loop.
    Speedup near 2 on an idle 2-core machine; near 1 when other jobs hold a core."""
    walls = []
    for jobs in (1, 2):
        start = time.perf_counter()
        for _ in parallel.ordered_map(burn, [2_000_000] * 16, jobs):
            pass
        walls.append(time.perf_counter() - start)
    print(f"  machine check, CPU-only loop: -j 2 / -j 1 speedup {walls[0] / walls[1]:.2f}x")


def pool_check(pages: list[bytes]) -> None:
    """Where -j 2 time goes: summed in-task seconds (twice the -j 1 figure when the two
    workers share one core) and the pool's overhead (wall less in-task time per worker)."""
    for jobs in (1, 2):
        start = time.perf_counter()
        inside = sum(seconds for _, seconds in parallel.ordered_map(timed_page, pages, jobs))
        wall = time.perf_counter() - start
        print(f"  pool -j {jobs}: wall {wall:.2f} s, in-task {inside:.2f} s, "
              f"overhead {wall - inside / jobs:.2f} s")  # fmt: skip


def run_clean(rounds: int) -> None:
    pages = bench_pages()
    load = os.getloadavg()  # other work on the machine takes cores from -j 2
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files, archive = write_inputs(pages, folder)
        out = folder / "out.jsonl"
        best: dict[str, float] = {}
        for _ in range(rounds):
            for name, inputs, jobs in (
                ("files -j 1", [str(files)], 1),
                ("warc -j 1", [str(archive)], 1),
                ("files -j 2", [str(files)], 2),
            ):
                seconds = timed_clean(inputs, jobs, out)
                best[name] = min(best.get(name, seconds), seconds)
        start = time.perf_counter()
        read = sum(1 for _ in warc.pages(str(archive), Counter()))
        reading = time.perf_counter() - start
    n = len(pages)
    print(f"clean: {n} pages ({read} in the WARC), best of {rounds} rounds, {os.cpu_count()} cores")
    print(f"  load average at the start {load[0]:.1f}, at the end {os.getloadavg()[0]:.1f}")
    for name, seconds in best.items():
        print(f"  {name:<11} {n / seconds:7.1f} pages/s  ({seconds:.2f} s)")
    print(f"  WARC / files pages/s: {best['files -j 1'] / best['warc -j 1']:.2f}")
    print(f"  warcio reading alone: {reading:.3f} s, {100 * reading / best['warc -j 1']:.1f}% "
          "of cleaning from the WARC")  # fmt: skip
    print(f"  -j 2 / -j 1 speedup:  {best['files -j 1'] / best['files -j 2']:.2f}x")
    pool_check(pages)
    machine_check()


# ---------------------------------------------------------------------------------------------
# dedup: synthetic labelled corpus

CHINESE = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过"
    "子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体"
    "制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内"
    "数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提"
)
ENGLISH = (  # noqa: SIM905 (a word list reads best as one string)
    "council river bridge market school station budget museum harbour festival train road "
    "police hospital library mayor report union farmers company engineers students voters "
    "opened closed approved rejected delayed announced expanded repaired funded planned "
    "yesterday today quickly slowly north south east west new old large small public local"
).split()
FOOTER_ZH = (
    "本文版权归原作者所有，转载请注明出处。欢迎关注我们的公众号，获取更多本地新闻与生活资讯。" * 3
)
FOOTER_EN = " ".join(["Sign up for our newsletter to get the local news in your inbox."] * 4)


def sentence(rng: random.Random, chinese: bool) -> str:
    if chinese:
        return "".join(rng.choice(CHINESE) for _ in range(rng.randint(12, 30))) + "。"
    words = [rng.choice(ENGLISH) for _ in range(rng.randint(8, 18))]
    return " ".join(words).capitalize() + "."


def story(rng: random.Random) -> tuple[list[str], bool]:
    chinese = rng.random() < 0.7
    return [sentence(rng, chinese) for _ in range(rng.randint(6, 14))], chinese


def traditional_table() -> dict[int, str]:
    from importlib import resources

    text = (resources.files("opencc") / "dictionary" / "STCharacters.txt").read_text("utf-8")
    table = {}
    for line in text.splitlines():
        source, _, targets = line.partition("\t")
        if len(source) == 1 and targets.split():
            table[ord(source)] = targets.split()[0]
    return table


def variant(rng: random.Random, sentences: list[str], chinese: bool, table: dict[int, str]) -> str:
    """A syndicated copy: what a copy keeps is most of the text, in order."""
    kind = rng.choice(["copy", "credit", "drop", "replace", "traditional"])
    edited = list(sentences)
    if kind == "credit":
        edited.insert(0, "综合报道：" if chinese else "From our correspondent:")
    elif kind == "drop":
        del edited[rng.randrange(len(edited))]
    elif kind == "replace":
        edited[rng.randrange(len(edited))] = sentence(rng, chinese)
    text = "".join(edited) if chinese else " ".join(edited)
    return text.translate(table) if kind == "traditional" else text


def corpus(records: int, seed: int = 7) -> list[dict[str, Any]]:
    """Records with a `group` label: copies share their original's group."""
    rng = random.Random(seed)
    table = traditional_table()
    originals: list[tuple[list[str], bool, int]] = []
    out: list[dict[str, Any]] = []
    for number in range(records):
        roll = rng.random()
        if originals and roll < 0.25:
            sentences, chinese, group = rng.choice(originals)
            body = variant(rng, sentences, chinese, table)
        else:
            sentences, chinese = story(rng)
            group = number
            originals.append((sentences, chinese, group))
            body = "".join(sentences) if chinese else " ".join(sentences)
            if roll > 0.9:  # a hard negative: its own story under a long shared footer
                body += FOOTER_ZH if chinese else " " + FOOTER_EN
        out.append({"source": f"r{number}", "group": group, "body": body})
    return out


def pairwise(clusters: list[set[int]], groups: list[int]) -> tuple[float, float]:
    """Precision and recall over the pairs of records put together, against the labels."""
    predicted = {pair for cluster in clusters for pair in combinations(sorted(cluster), 2)}
    by_group: dict[int, list[int]] = {}
    for number, group in enumerate(groups):
        by_group.setdefault(group, []).append(number)
    truth = {pair for members in by_group.values() for pair in combinations(members, 2)}
    hits = len(predicted & truth)
    return hits / max(1, len(predicted)), hits / max(1, len(truth))


# Peak RSS as VmHWM, in kB: ru_maxrss of a child started by fork keeps the parent's peak.
DEDUP_CHILD = """
import re, sys, time
from cleaners.cli import main
def peak():
    return re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1)
base = peak()
start = time.perf_counter()
code = main(["dedup", sys.argv[1], "-o", sys.argv[2], "--report", sys.argv[3]])
print(code, time.perf_counter() - start, base, peak())
"""


def run_dedup(records: int) -> None:
    data = corpus(records)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / "corpus.jsonl"
        with source.open("w", encoding="utf-8") as file:
            for record in data:
                file.write(json.dumps(record, ensure_ascii=False) + "\n")
        size = source.stat().st_size
        result = subprocess.run(
            [sys.executable, "-c", DEDUP_CHILD, str(source), str(folder / "o"), str(folder / "r")],
            capture_output=True, text=True, check=True, cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )  # fmt: skip
        code, seconds, base, peak = result.stdout.split()
        clusters = [
            {member["record"] - 1 for member in json.loads(line)["members"]}
            for line in (folder / "r").read_text("utf-8").splitlines()
        ]
    precision, recall = pairwise(clusters, [record["group"] for record in data])
    copies = sum(1 for number, record in enumerate(data) if record["group"] != number)
    print(f"dedup: {records} records ({size / 1e6:.0f} MB, {copies} labelled copies), exit {code}")
    print(f"  time {float(seconds):.1f} s ({records / float(seconds):.0f} records/s)")
    peak_mb, base_mb = int(peak) / 1024, int(base) / 1024
    print(f"  peak RSS {peak_mb:.0f} MB (after importing cleaners: {base_mb:.0f} MB)")
    print(f"  {result.stderr.strip()}")
    print(f"  pairwise precision {precision:.4f}, recall {recall:.4f}")
    compare_minhash([record["body"] for record in data[:2000]])


def compare_minhash(bodies: list[str]) -> None:
    """Signatures per second: ours against datasketch's, on the same shingles."""
    try:
        from datasketch import MinHash
    except ImportError:
        print("  datasketch is not installed: no comparison")
        return
    hasher = MinHasher()
    start = time.perf_counter()
    for body in bodies:
        hasher.signature(body)
    ours = time.perf_counter() - start
    start = time.perf_counter()
    for body in bodies:
        words = tokens(body)
        shingles = {" ".join(words[i : i + 5]).encode() for i in range(max(1, len(words) - 4))}
        sketch = MinHash(num_perm=hasher.bands * hasher.rows)
        sketch.update_batch(list(shingles))
        sketch.digest()
    theirs = time.perf_counter() - start
    print(f"  MinHash signatures/s on {len(bodies)} bodies: ours {len(bodies) / ours:.0f}, "
          f"datasketch {len(bodies) / theirs:.0f}")  # fmt: skip


def main_cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--only", choices=["clean", "dedup"])
    args = parser.parse_args()
    if args.only != "dedup":
        run_clean(args.rounds)
    if args.only != "clean":
        run_dedup(args.records)


if __name__ == "__main__":
    main_cli()
