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
from typing import Any, NamedTuple

__all__ = ["Tok", "Tokenizer", "LexerSpec", "lexer_spec", "LexError"]

#: Terminals whose text can hold a line break (and so move the line count).
_LINE_BREAKING = frozenset({"_NL", "CONTINUATION"})

#: (one regex of named alternatives, ignored terminal names,
#:  {regex terminal: {keyword text: keyword terminal}})
LexerSpec = tuple[str, list[str], dict[str, dict[str, str]]]


class Tok(NamedTuple):
    """A token: lark's ``Token`` interface (``type``, positions, ``str()``)
    as a named tuple, built without a Python-level constructor call (about
    fifty per strategy: see :meth:`Tokenizer.tokenize`)."""

    type: str
    value: str
    start_pos: int
    line: int
    column: int
    end_line: int
    end_column: int
    end_pos: int

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return f"Tok({self.type!r}, {self.value!r})"


#: ``new(Tok, fields)``: a token straight from its fields (the named tuple's
#: own ``__new__`` is a Python function; ``tuple.__new__`` is not).
_new = tuple.__new__


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
#: - a parenthesis (only LPAR and RPAR) and a phrase in straight quotes
#:   (only PHRASE starts with one; the same pattern as the grammar's);
#: - spaces and tabs, before any of these or alone: only WS_INLINE, which
#:   is ignored, starts with them.
#:
#: tests/test_lexer_shortcut.py checks the shortcut against the full
#: pattern on generated text.
SHORTCUT = (
    r"[ \t]*(?:(?P<WORD>[A-Za-z0-9][A-Za-z0-9*?]*)(?=[ \t\r\n()\"\u201c]|\Z)"
    r"|(?P<LPAR>\()|(?P<RPAR>\))|(?P<PHRASE>\"[^\"\n]*\"))"
    r"|(?P<WS_INLINE>[ \t]+)"
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
                    kind = found.lastgroup
                    if kind == "WS_INLINE":  # spaces before a token the shortcut leaves
                        pos = found.end()
                        continue
                    assert kind is not None
                    pos, stop = found.span(kind)  # after the spaces, if any
                    value = found.group(kind)
                    if value not in _SHORTCUT_REFUSED:
                        if kind == "WORD":
                            kind = word_keywords.get(value, kind)
                        column = pos - line_start + 1
                        yield _new(Tok, (kind, value, pos, line, column,
                                         line, column + (stop - pos), stop))
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
                    yield _new(Tok, (kind, value, pos, line, column, line + 1, 1, stop))
                else:
                    yield _new(Tok, (kind, value, pos, line, column, line,
                                     column + (stop - pos), stop))
            if kind in _LINE_BREAKING:
                line += 1
                line_start = stop
            pos = stop
