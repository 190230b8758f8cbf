"""QL211: words that mix scripts (a Cyrillic а inside asthma).

A letter from another script that looks like a Latin one makes a term no
database can match (``аsthma`` with U+0430 finds nothing), and nothing on
screen shows it. The rules (docs/language.md, "Letters from two scripts"):

- Latin and Cyrillic letters in one word: always a warning, at the first
  letter of the script with fewer letters in the word.
- Latin and Greek letters in one word: a warning only for the Greek letters
  that look like Latin ones (ο α ν ρ ...), and not for a Greek letter ending
  an upper-case abbreviation (TNFα, PPARγ, ERα), which is how such names are
  written. β-blocker, interferon-γ, γδ T cells: the hyphen or space already
  makes the Greek a word of its own, and a word in one script is never
  reported (東京, Ärzte, a Greek or Russian word).
- Greek and Cyrillic letters in one word: a warning at the first letter of
  the script with fewer letters.

Only text that is not ASCII is looked at: :func:`mixed_script` costs one
``str.isascii`` for the usual term.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

#: Cyrillic letters drawn like a Latin letter, and that letter.
CYRILLIC_LOOKALIKES = {
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x",
    "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "һ": "h",
    "ӏ": "l",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O",
    "Р": "P", "С": "C", "Т": "T", "Х": "X", "У": "Y", "І": "I", "Ј": "J",
    "Ѕ": "S", "Ԁ": "D", "Ԛ": "Q", "Ԝ": "W", "Ү": "Y",
}  # fmt: skip

#: Greek letters drawn like a Latin letter. β, γ, δ, μ, λ ... are not here:
#: they are written on purpose, as symbols (β-blocker, μg).
GREEK_LOOKALIKES = {
    "α": "a", "ο": "o", "ν": "v", "ρ": "p", "ι": "i", "κ": "k", "τ": "t",
    "υ": "u", "χ": "x",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K",
    "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
}  # fmt: skip

#: A word: a run of letters (digits, hyphens, spaces and marks end it).
_WORD = re.compile(r"[^\W\d_]+")

_WATCHED = ("LATIN", "CYRILLIC", "GREEK")


class MixedLetter(NamedTuple):
    """The letter to report: its index in the text (at), the message and the hint."""

    at: int
    message: str
    hint: str


def _script(letter: str) -> str:
    name = unicodedata.name(letter, "")
    head = name.split(" ", 1)[0]
    return head if head in _WATCHED else "OTHER"


def _describe(letter: str) -> str:
    return f"U+{ord(letter):04X} {unicodedata.name(letter, '?')}"


def mixed_script(text: str) -> list[MixedLetter]:
    """One entry per word of ``text`` that mixes scripts (see the module)."""
    if text.isascii():
        return []
    found: list[MixedLetter] = []
    for match in _WORD.finditer(text):
        word = match.group()
        if word.isascii():
            continue
        letter_at = _offending(word)
        if letter_at is not None:
            found.append(_report(word, letter_at, match.start() + letter_at))
    return found


def _offending(word: str) -> int | None:
    """The index in ``word`` of the letter to report, or None."""
    scripts = [_script(letter) for letter in word]
    counts = {name: scripts.count(name) for name in _WATCHED}
    present = [name for name in _WATCHED if counts[name]]
    if len(present) < 2:
        return None
    if "LATIN" in present and "CYRILLIC" in present:
        odd = "LATIN" if counts["LATIN"] < counts["CYRILLIC"] else "CYRILLIC"
        return scripts.index(odd)
    if "LATIN" in present and "GREEK" in present:
        return _greek_lookalike(word, scripts)
    odd = "GREEK" if counts["GREEK"] <= counts["CYRILLIC"] else "CYRILLIC"
    return scripts.index(odd)


def _greek_lookalike(word: str, scripts: list[str]) -> int | None:
    latin = "".join(letter for letter, name in zip(word, scripts, strict=True) if name == "LATIN")
    greek_tail = scripts[-1] == "GREEK" and latin.isupper()
    for index, (letter, name) in enumerate(zip(word, scripts, strict=True)):
        if name != "GREEK" or letter not in GREEK_LOOKALIKES:
            continue
        if greek_tail and all(s == "GREEK" for s in scripts[index:]):
            return None  # TNFα, PPARγ: an abbreviation and its Greek suffix
        return index
    return None


def _report(word: str, index: int, position: int) -> MixedLetter:
    letter = word[index]
    lookalike = CYRILLIC_LOOKALIKES.get(letter) or GREEK_LOOKALIKES.get(letter)
    script = _script(letter).capitalize()
    message = f"{word!r} mixes letters of two scripts: {_describe(letter)}"
    if lookalike is not None:
        hint = (
            f"{_describe(letter)} looks like the Latin {lookalike!r}: no database"
            f" matches the word as written; retype it as {lookalike!r}"
        )
    else:
        hint = (
            f"{_describe(letter)} is a {script} letter among letters of another"
            " script: no database matches the word as written; retype it in one script"
        )
    return MixedLetter(position, message, hint)
