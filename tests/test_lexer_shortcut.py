"""The lexer's shortcut (querylang.lexer.SHORTCUT) gives exactly the tokens
of the full pattern built from the grammar, and fails where it fails."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from querylang.lexer import LexError, Tok, Tokenizer
from querylang.parser import _driver

ROOT = Path(__file__).resolve().parents[1]

FAST = _driver().lexer
SPEC = (FAST.regex.pattern, sorted(FAST.ignore), FAST.keywords)
FULL = Tokenizer(SPEC, shortcut=False)


def _tokens(tokenizer: Tokenizer, text: str) -> tuple[list[tuple[object, ...]], int | None]:
    """Every token as a tuple, and the offset of a lexing error (None: none)."""
    out: list[tuple[object, ...]] = []
    try:
        for token in tokenizer.tokenize(text):
            out.append(_fields(token))
    except LexError as error:
        return out, error.pos
    return out, None


def _fields(token: Tok) -> tuple[object, ...]:
    return (token.type, token.value, token.start_pos, token.line, token.column,
            token.end_line, token.end_column, token.end_pos)


def test_the_shortcut_is_in_use() -> None:
    assert FAST.shortcut is not None and FULL.shortcut is None


PIECES = [
    "asthma", "AND", "OR", "NOT", "NEAR", "NEAR/3", "NEARBY", "ANDROID", "and", "or",
    "ti:", "tiab:", "year:2013-2023", "lang:en", "Year:2020", "1.", "12", "3.5", "#1",
    "# note", "(", ")", "()", '"lung cancer"', "\u201clung\u201d", "child*", "wom?n",
    "covid-19", "o'brien", "a/b", "x+y", "caf\u00e9", "e\u0301", "\u6771\u4eac", "_x", "$",
    "%", "&", ":", " ", "  ", "\t", "\u00a0", "\n", "\r\n", "\n ", "\u200b", "NEAR2", "A1",
    # pasted typography: curly apostrophe inside a word, other quotes
    "\u2019", "\u2018", "\u201e", "\u201c", "\u201d", "\u00ab", "\u00bb", "Alzheimer\u2019s",
]


@settings(max_examples=500)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_same_tokens_as_the_full_pattern(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert _tokens(FAST, text) == _tokens(FULL, text)


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from('aZ09 \t\n"()#:.-*?/N E A R \u201c\u00e9\u2019\u2018\u201e\u00ab\u00bb'), max_size=40))
def test_same_tokens_on_character_soup(text: str) -> None:
    assert _tokens(FAST, text) == _tokens(FULL, text)


@pytest.mark.parametrize("path", sorted((ROOT / "examples").glob("*.qry")), ids=lambda p: p.name)
def test_same_tokens_on_the_examples(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    tokens, error = _tokens(FAST, text)
    assert error is None and tokens
    assert (tokens, error) == _tokens(FULL, text)


def test_same_tokens_in_a_slice() -> None:
    text = "ab AND cd OR NEAR ef"
    for end in range(len(text) + 1):
        assert list(map(_fields, FAST.tokenize(text, 0, end))) == list(
            map(_fields, FULL.tokenize(text, 0, end))
        )
