"""Clean web pages and text dumps of them into article text, with every removal explained.

>>> from cleaners import clean_text
>>> clean_text("Home | News | Sport\\n\\nThe mayor opened the new bridge on Friday, "
...            "ending a decade of delays.").body
'The mayor opened the new bridge on Friday, ending a decade of delays.'
"""

from __future__ import annotations

from .budget import OverBudget
from .decode import BinaryInput, DecodeError
from .document import Document, Removal, Reply
from .html import PageTooLarge, clean_html
from .options import Options
from .pipeline import clean_text

__all__ = [
    "BinaryInput",
    "DecodeError",
    "Document",
    "Options",
    "OverBudget",
    "PageTooLarge",
    "Removal",
    "Reply",
    "clean_html",
    "clean_text",
]
__version__ = "0.1.0"
