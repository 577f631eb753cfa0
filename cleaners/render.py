"""Markdown of the kept blocks: the body with its structure (headings, lists, tables,
quotes, code) where the input showed it.

`Document.body` is plain paragraphs; `Document.markdown` is the same text with the marks a
reader of the page saw: a block's kind comes from its element in HTML (`page.build_page`)
or from its markdown syntax in a dump (`blocks.segment`).
"""

from __future__ import annotations

from collections.abc import Sequence

#: Kinds whose consecutive blocks stay together, one line each.
_RUNS = ("item", "row", "quote", "pre")


def render_markdown(kinds: Sequence[str], levels: Sequence[int], texts: Sequence[str]) -> str:
    """Kept blocks as markdown: one kind a block, runs of list items, table rows, quote
    lines and code lines kept together.

    >>> print(render_markdown(
    ...     ["heading", "text", "item", "item", "row", "row", "quote"],
    ...     [2, 0, 0, 0, 0, 0, 0],
    ...     ["Tools", "You need:", "a saw", "glue", "a\\tb", "1\\t2", "Measure twice."]))
    ## Tools
    <BLANKLINE>
    You need:
    <BLANKLINE>
    - a saw
    - glue
    <BLANKLINE>
    | a | b |
    | --- | --- |
    | 1 | 2 |
    <BLANKLINE>
    > Measure twice.
    """
    parts: list[str] = []
    run: list[str] = []
    run_kind = ""
    for kind, level, text in zip(kinds, levels, texts, strict=True):
        if not text:
            continue
        if run and kind != run_kind:
            parts.append(_finish(run_kind, run))
            run = []
        if kind in _RUNS:
            run_kind = kind
            run.append(text)
        elif kind == "heading":
            parts.append(f"{'#' * min(max(level, 1), 6)} {' '.join(text.split())}")
        else:
            parts.append(text)
    if run:
        parts.append(_finish(run_kind, run))
    return "\n\n".join(parts)


def _finish(kind: str, lines: list[str]) -> str:
    if kind == "item":
        return "\n".join(f"- {line}" for line in lines)
    if kind == "quote":
        return "\n".join(f"> {line}" for line in lines)
    if kind == "pre":
        return "```\n" + "\n".join(lines) + "\n```"
    return _table(lines)


def _table(rows: list[str]) -> str:
    """Tab-separated rows as a pipe table, the first row its header; rows whose cells are
    not known (a dump's table, already flattened) one line each."""
    if not any("\t" in row for row in rows):
        return "\n".join(rows)
    cells = [[cell.replace("|", "\\|").strip() for cell in row.split("\t")] for row in rows]
    width = max(len(row) for row in cells)
    cells = [row + [""] * (width - len(row)) for row in cells]
    lines = [f"| {' | '.join(row)} |" for row in cells]
    lines.insert(1, "| " + " | ".join(["---"] * width) + " |")
    return "\n".join(lines)


def mark_headings(markdown: str, headings: dict[str, int]) -> str:
    """Mark as headings the paragraphs that are, word for word, a heading of the page
    (`headings` maps a heading's text to its level).

    >>> print(mark_headings("Intro text.\\n\\nTools\\n\\n- saw", {"Tools": 2}))
    Intro text.
    <BLANKLINE>
    ## Tools
    <BLANKLINE>
    - saw
    """
    if not headings:
        return markdown
    parts = markdown.split("\n\n")
    for i, part in enumerate(parts):
        level = headings.get(part)
        if level and "\n" not in part:
            parts[i] = f"{'#' * min(level, 6)} {part}"
    return "\n\n".join(parts)
