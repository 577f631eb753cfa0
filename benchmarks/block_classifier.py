"""Would a learned classifier of the page model's blocks beat `clean_html`? Measured, not
shipped.

    python benchmarks/block_classifier.py [--bench-dir DIR] [--threshold P]

Issue 7 allows scoring blocks with a small learned classifier (as boilerpipe, dragnet and
Web2Text do) if a split of the dev data shows it holds on pages it did not see. This script
is that experiment. Every block of every page in ../shared/bench is one sample:

- features: word units, link density, kind, the inside-flags (form, link, table, list, quote,
  heading, pre, caption), sentence end, position and depth, class/id words of the block's
  nearest elements (from a short list), whether trafilatura's fast text holds the block (and
  its neighbours), and the verdict of every text rule (`label_blocks`);
- label: the block's text is in the page's gold text;
- weight: the block's word units.

A logistic regression (numpy, L2) is trained on four sets and tested on the fifth (leave one
set out, the split closest to "pages nobody here tuned for"). A page's text is its blocks with
P > threshold in page order, scored with `cleaners.evaluate` against `clean_html` on the
same pages. The output is one row per set: pages, clean_html F1, classifier F1.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import quality  # noqa: E402

from cleaners import Options, clean_html  # noqa: E402
from cleaners.blocks import Block  # noqa: E402
from cleaners.classify import measure  # noqa: E402
from cleaners.evaluate import score  # noqa: E402
from cleaners.html import _decode, _extract, _parse  # noqa: E402
from cleaners.options import RULES  # noqa: E402
from cleaners.page import (  # noqa: E402
    CAPTION,
    FORM,
    HEADING,
    ITEM,
    LINKED,
    PRE,
    QUOTE,
    TABLE,
    Page,
    build_page,
)
from cleaners.pipeline import label_blocks  # noqa: E402
from cleaners.textutil import units  # noqa: E402

KINDS = ("text", "heading", "item", "row", "quote", "pre", "caption")
FLAGS = (FORM, LINKED, TABLE, ITEM, QUOTE, HEADING, PRE, CAPTION)
#: Class/id words looked for on a block's six nearest elements.
WORDS = (
    "comment", "nav", "menu", "footer", "header", "sidebar", "side", "ad", "share", "social",
    "related", "widget", "breadcrumb", "content", "article", "post", "body", "entry", "text",
    "main", "title", "author", "date", "meta", "tag", "copyright", "reply", "message",
)  # fmt: skip
SENTENCE_ENDS = tuple('.!?。！？”"…')


def _flat(text: str) -> str:
    return " ".join(text.split())


def _words_around(page: Page, node: int) -> set[str]:
    found: set[str] = set()
    for _ in range(6):
        if node < 0:
            break
        found.update(page.nodes[node].tokens)
        node = page.nodes[node].parent
    return found


def page_samples(html: bytes, url: str | None, gold: str) -> tuple[list[str], Any, Any, Any]:
    """The page's block texts, feature matrix, labels and weights."""
    root = _parse(_decode(html, None))
    if root is None:
        return [], None, None, None
    page = build_page(root)
    extracted = _flat(_extract(root, url, Options()))
    gold = _flat(gold)
    blocks = [
        Block(i, b.text, b.text, b.kind, b.level, b.link_chars, b.links)
        for i, b in enumerate(page.blocks)
    ]
    if not blocks:
        return [], None, None, None
    labels = label_blocks(blocks, [measure(b) for b in blocks], Options(), extracted=False)
    kept = [float(bool(_flat(b.text)) and _flat(b.text) in extracted) for b in page.blocks]
    depth = max(n.depth for n in page.nodes) or 1
    n = len(blocks)
    rows, y, w = [], [], []
    for i, b in enumerate(page.blocks):
        size = units(b.text)
        words = _words_around(page, b.node)
        rows.append(
            [
                1.0,
                math.log(size + 1),
                b.link_density,
                float(b.links > 0),
                *(float(b.kind == k) for k in KINDS),
                *(float(bool(b.inside & f)) for f in FLAGS),
                float(b.text.rstrip().endswith(SENTENCE_ENDS)),
                i / n,
                page.nodes[b.node].depth / depth,
                *(float(word in words) for word in WORDS),
                kept[i],
                kept[i - 1] if i else 0.0,
                kept[i + 1] if i + 1 < n else 0.0,
                sum(kept[max(0, i - 5) : i + 6]) / 11,
                *(float(labels[i] == rule) for rule in RULES),
                float(labels[i] is None),
            ]
        )
        y.append(float(bool(_flat(b.text)) and _flat(b.text) in gold))
        w.append(size + 1.0)
    return [b.text for b in page.blocks], np.array(rows), np.array(y), np.array(w)


def train(x: Any, y: Any, w: Any, l2: float = 1e-3, steps: int = 400) -> tuple[Any, Any, Any]:
    """Weighted logistic regression by gradient descent on standardised features."""
    mean, std = x[:, 1:].mean(0), x[:, 1:].std(0) + 1e-6
    z = np.hstack([x[:, :1], (x[:, 1:] - mean) / std])
    beta, w = np.zeros(z.shape[1]), w / w.sum()
    for _ in range(steps):
        p = 1 / (1 + np.exp(-z @ beta))
        beta -= z.T @ (w * (p - y)) + l2 * np.r_[0.0, beta[1:]]
    return beta, mean, std


def predict(model: tuple[Any, Any, Any], x: Any) -> Any:
    beta, mean, std = model
    return 1 / (1 + np.exp(-np.hstack([x[:, :1], (x[:, 1:] - mean) / std]) @ beta))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench-dir", type=Path, default=quality.DEFAULT_BENCH_DIR)
    parser.add_argument("--threshold", type=float, default=0.5)
    args = parser.parse_args(argv)
    data: dict[str, list[dict[str, Any]]] = {}
    for name in quality.SETS.values():
        cases = []
        for page in quality.load_pages(args.bench_dir / name):
            doc = clean_html(page.html, url=page.url)
            current = doc.body
            if name in quality.THREAD_SETS:
                current = "\n".join([doc.body, *(r.text for r in doc.replies)])
            texts, x, y, w = page_samples(page.html, page.url, page.gold)
            case = {"gold": page.gold, "current": current, "texts": texts}
            cases.append({**case, "x": x, "y": y, "w": w})
        data[name] = cases
    print(f"{'held-out set':20s} {'pages':>5s} {'clean_html':>10s} {'classifier':>10s}")
    for held in data:
        train_cases = [c for name, cs in data.items() if name != held for c in cs if c["texts"]]
        model = train(*(np.concatenate([c[k] for c in train_cases]) for k in ("x", "y", "w")))
        ours = learned = 0.0
        for case in data[held]:
            text = ""
            if case["texts"]:
                p = predict(model, case["x"])
                text = "\n".join(
                    t for t, q in zip(case["texts"], p, strict=True) if q > args.threshold
                )
            ours += score(case["current"], case["gold"]).f1
            learned += score(text, case["gold"]).f1
        n = len(data[held])
        print(f"{held:20s} {n:5d} {ours / n:10.3f} {learned / n:10.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
