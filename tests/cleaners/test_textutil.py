"""Length and sentence measures across scripts: one threshold must serve every language."""

from __future__ import annotations

import pytest

from cleaners.textutil import ends_sentence, sentence_ends, units


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("गुरुवार को मंदिर में पूजा होगी", 6),  # Devanagari vowel signs are inside words
        ("ভারতের প্রধানমন্ত্রী আজ বক্তব্য দেবেন", 5),  # Bengali
        ("وزیراعظم نے آج خطاب کیا", 5),  # Urdu
        ("café naïve résumé", 3),  # decomposed or not, one word each
        ("cafe\u0301 nai\u0308ve", 2),
        ("Привет мир как дела", 4),
    ],
)
def test_units_count_words_of_spaced_scripts(text: str, words: int) -> None:
    assert units(text) == words


@pytest.mark.parametrize(
    "text",
    [
        "इस दिन पीपल की पूजा करने की परंपरा है।",  # Devanagari danda
        "আজ বৃষ্টি হবে।",  # Bengali uses the same danda
        "وزیراعظم نے آج خطاب کیا۔",  # Urdu full stop
        "هل ستفتح المدرسة غدا؟",  # Arabic question mark
        "Երևանում այսօր անձրև է։",  # Armenian full stop
        "ዛሬ ዝናብ ይዘንባል።",  # Ethiopic full stop
        "ဒီနေ့ မိုးရွာမယ်။",  # Myanmar
    ],
)
def test_other_scripts_end_sentences(text: str) -> None:
    assert ends_sentence(text)
    assert sentence_ends(text) == 1


def test_danda_signed_with_a_short_tag_ends_a_sentence() -> None:
    assert ends_sentence("सड़क अगले हफ़्ते खुलेगी। (एजेंसी)")
    assert not ends_sentence("सड़क अगले हफ़्ते खुलेगी (वीडियो)")
