"""A fast lexer for the grammar's own terminals.

lark's basic lexer spends about 6 µs a token on this machine (line counting
through every token, a scanner per alternation, Token bookkeeping); a
strategy of 20 terms has about 50 tokens, which alone took a third of the
1 ms budget for parsing and compiling to four databases. This lexer runs
ONE regular expression built from the terminals declared in
grammars/query.lark (same order and priorities as lark's basic lexer, same
keyword handling: see :func:`lexer_spec`), so the grammar stays the only
definition of the language; it counts lines only where a token can hold a
line break.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

__all__ = ["Tok", "Tokenizer", "LexerSpec", "lexer_spec", "LexError"]

#: Terminals whose text can hold a line break (and so move the line count).
_LINE_BREAKING = frozenset({"_NL", "CONTINUATION"})

#: (one regex of named alternatives, ignored terminal names,
#:  {regex terminal: {keyword text: keyword terminal}})
LexerSpec = tuple[str, list[str], dict[str, dict[str, str]]]


class Tok:
    """A token: lark's ``Token`` interface (``type``, positions, ``str()``)
    without its per-token bookkeeping, which cost more than the lexing."""

    __slots__ = ("type", "value", "start_pos", "line", "column", "end_line", "end_column", "end_pos")

    def __init__(
        self, type: str, value: str, start_pos: int, line: int, column: int,
        end_line: int, end_column: int, end_pos: int,
    ) -> None:
        self.type = type
        self.value = value
        self.start_pos = start_pos
        self.line = line
        self.column = column
        self.end_line = end_line
        self.end_column = end_column
        self.end_pos = end_pos

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return f"Tok({self.type!r}, {self.value!r})"


class LexError(Exception):
    """No terminal matches at ``pos`` (the parser turns it into QL001/QL002)."""

    def __init__(self, text: str, pos: int, line: int, column: int) -> None:
        super().__init__(f"unexpected character at {line}:{column}")
        self.text = text
        self.pos = pos
        self.line = line
        self.column = column


def lexer_spec(terminals: Sequence[Any], ignore: Sequence[str]) -> LexerSpec:
    """The lexer of lark's terminal definitions, as data.

    Order: lark's basic-lexer order (priority, then longest possible match).
    A keyword ("AND") that a regex terminal (WORD) matches in full is not an
    alternative of its own: it is recognised after WORD matches, so that
    ANDROID stays a word. This is lark's own "unless" rule.
    """
    from lark.lexer import PatternRE, PatternStr  # only when building the table

    keywords: dict[str, dict[str, str]] = {}
    kept = []
    for terminal in terminals:
        if isinstance(terminal.pattern, PatternStr):
            owner = next(
                (
                    other.name
                    for other in terminals
                    if isinstance(other.pattern, PatternRE)
                    and other.priority <= terminal.priority
                    and re.fullmatch(other.pattern.to_regexp(), terminal.pattern.value)
                ),
                None,
            )
            if owner is not None:
                keywords.setdefault(owner, {})[terminal.pattern.value] = terminal.name
                continue
        kept.append(terminal)
    kept.sort(key=lambda t: (-t.priority, -t.pattern.max_width, -len(t.pattern.value), t.name))
    pattern = "|".join(f"(?P<{t.name}>{t.pattern.to_regexp()})" for t in kept)
    return pattern, sorted(ignore), keywords


#: The commonest tokens, in a pattern far cheaper than the whole
#: alternation (which tries up to eight terminals, some of them twice over
#: a word, before WORD or white space matches):
#:
#: - a word of ASCII letters and digits (with * or ? after the first) that
#:   ends where a word must end (white space, a parenthesis, a quote, the
#:   end). No terminal but WORD (or the keyword it spells: AND, OR, NOT)
#:   matches it: FIELD, YEAR and LANG need a colon, LINENO a dot, REF and
#:   COMMENT a #, and NEAR refuses a following * or ?. The one exception,
#:   the word NEAR itself, goes the long way;
#: - spaces and tabs (only WS_INLINE starts with them), a parenthesis
#:   (only LPAR and RPAR) and a phrase in straight quotes (only PHRASE
#:   starts with one; the same pattern as the grammar's).
#:
#: tests/test_lexer_shortcut.py checks the shortcut against the full
#: pattern on generated text.
SHORTCUT = (
    r"(?P<WORD>[A-Za-z0-9][A-Za-z0-9*?]*)(?=[ \t\r\n()\"\u201c]|\Z)"
    r"|(?P<WS_INLINE>[ \t]+)|(?P<LPAR>\()|(?P<RPAR>\))|(?P<PHRASE>\"[^\"\n]*\")"
)
_SHORTCUT_REFUSED = frozenset({"NEAR"})


class Tokenizer:
    """Runs a :data:`LexerSpec` over text."""

    def __init__(self, spec: LexerSpec, shortcut: bool = True) -> None:
        pattern, ignore, keywords = spec
        self.regex = re.compile(pattern)
        self.ignore = frozenset(ignore)
        self.keywords = keywords
        # Only for the grammar the shortcut was written for (a test builds
        # a tokenizer without it to compare).
        usable = shortcut and "(?P<WORD>" in pattern and "WS_INLINE" in self.ignore
        self.shortcut = re.compile(SHORTCUT) if usable else None

    def tokenize(self, text: str, start: int = 0, end: int | None = None) -> Iterator[Tok]:
        """Tokens of ``text[start:end]`` (ignored terminals skipped)."""
        end = len(text) if end is None else end
        match = self.regex.match
        ignore, keywords = self.ignore, self.keywords
        word_keywords = keywords.get("WORD", {})
        quick = self.shortcut.match if self.shortcut is not None else None
        pos = start
        line = text.count("\n", 0, start) + 1
        line_start = text.rfind("\n", 0, start) + 1
        while pos < end:
            if quick is not None:
                found = quick(text, pos, end)
                if found is not None:
                    stop = found.end()
                    if found.lastgroup == "WS_INLINE":
                        pos = stop
                        continue
                    kind = found.lastgroup
                    value = found.group()
                    if value not in _SHORTCUT_REFUSED:
                        if kind == "WORD":
                            kind = word_keywords.get(value, kind)
                        column = pos - line_start + 1
                        yield Tok(kind, value, pos, line, column,  # type: ignore[arg-type]
                                  line, column + (stop - pos), stop)
                        pos = stop
                        continue
            found = match(text, pos, end)
            if found is None:
                raise LexError(text, pos, line, pos - line_start + 1)
            kind = found.lastgroup
            assert kind is not None
            stop = found.end()
            if kind not in ignore:
                value = found.group()
                table = keywords.get(kind)
                if table is not None:
                    kind = table.get(value, kind)
                column = pos - line_start + 1
                if kind in _LINE_BREAKING:
                    yield Tok(kind, value, pos, line, column, line + 1, 1, stop)
                else:
                    yield Tok(kind, value, pos, line, column, line, column + (stop - pos), stop)
            if kind in _LINE_BREAKING:
                line += 1
                line_start = stop
            pos = stop
