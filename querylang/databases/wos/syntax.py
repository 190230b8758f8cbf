"""Reading Web of Science advanced-search text into a small tree.

This module knows Web of Science's *syntax* only: its tokens, its operator
precedence and how a field tag spreads. :mod:`querylang.databases.wos.importer` turns
the tree into portable text. Facts, from Clarivate's help ("Search
Operators", https://webofscience.help.clarivate.com/Content/search-operators.html,
and the classic help's "Search Operators" page):

- operators are case-insensitive: ``OR``, ``Or`` and ``or`` are the same;
- precedence, tightest first: ``NEAR/x``, ``SAME``, ``NOT``, ``AND``, ``OR``;
- two adjacent terms are an implicit ``AND`` ("rainbow trout fish farm is
  equivalent to rainbow AND trout AND fish AND farm"), and it binds tighter
  than ``NEAR``: ``TS=(Brown NEAR spider bite)`` is refused by Web of
  Science "because AND is used as an implied operator between the terms
  spider and bite";
- a bare ``NEAR`` is ``NEAR/15``.

A field tag (``TS=``) applies to the term or parenthesised group after it,
and to the untagged terms written next to it (``TS=rainbow trout`` searches
both words in Topic). Every node keeps its offsets in the line's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = [
    "Term",
    "SetRef",
    "Tagged",
    "Group",
    "Node",
    "SyntaxProblem",
    "parse_wos",
    "DEFAULT_NEAR",
]

#: Web of Science reads a bare NEAR as NEAR/15 (Search Operators help).
DEFAULT_NEAR = 15


@dataclass(frozen=True)
class Term:
    """A word or a quoted phrase (``text`` without the quotes)."""

    text: str
    quoted: bool
    start: int
    end: int


@dataclass(frozen=True)
class SetRef:
    """``#3``: the result of search 3 of the history."""

    number: int
    start: int
    end: int


@dataclass(frozen=True)
class Tagged:
    """``TAG=operand``; ``tag`` is upper case, as Web of Science shows it."""

    tag: str
    operand: Node
    start: int
    end: int
    tag_end: int


@dataclass(frozen=True)
class Group:
    """Operands joined by one operator.

    ``op`` is ``OR``, ``AND``, ``NOT``, ``SAME`` or ``NEAR``. ``implicit`` is
    True for terms written side by side (Web of Science's implied AND).
    ``distance`` is the NEAR distance (15 for a bare NEAR, then ``bare`` is
    True). ``op_spans`` are the offsets of each written operator.
    """

    op: str
    operands: tuple[Node, ...]
    start: int
    end: int
    implicit: bool = False
    distance: int | None = None
    bare: bool = False
    op_spans: tuple[tuple[int, int], ...] = field(default=())
    parenthesized: bool = False


Node = Term | SetRef | Tagged | Group


@dataclass(frozen=True)
class SyntaxProblem:
    """What stops the line from being read at all, with its offsets."""

    kind: str
    message: str
    hint: str
    start: int
    end: int


class _Stop(Exception):
    def __init__(self, problem: SyntaxProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<lpar>\()
  | (?P<rpar>\))
  | (?P<phrase>"[^"\n]*"|\u201c[^"\u201c\u201d\n]*["\u201d])
  | (?P<unclosed>["\u201c])
  | (?P<ref>\#[0-9]+(?![^\s()]))
  | (?P<tag>[A-Za-z]{1,6}[ \t]*=)
  | (?P<word>[^\s()"\u201c\u201d=]+)
  | (?P<other>.)
    """,
    re.VERBOSE,
)

_NEAR = re.compile(r"near(?:/(.*))?", re.IGNORECASE)
_OPERATORS = frozenset({"AND", "OR", "NOT", "SAME"})


@dataclass(frozen=True)
class _Token:
    kind: str  # lpar rpar phrase ref tag word op
    text: str
    start: int
    end: int
    value: str = ""  # operator name, tag name, phrase content
    distance: int | None = None


def _tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        raw = match.group()
        start, end = match.span()
        if kind == "ws":
            continue
        if kind == "unclosed":
            raise _Stop(SyntaxProblem(
                "quote", "the quote is never closed", 'close the phrase with " on the same line',
                start, len(text.rstrip()),
            ))
        if kind == "other":
            hint = "put the term in quotes" if raw == "=" else "remove it, or quote the term"
            raise _Stop(SyntaxProblem(
                "character", f"{raw!r} has no meaning here", hint, start, end))
        if kind == "phrase":
            out.append(_Token(kind, raw, start, end, raw[1:-1]))
        elif kind == "tag":
            out.append(_Token(kind, raw, start, end, raw.rstrip("= \t").upper()))
        elif kind == "word":
            out.append(_word_token(raw, start, end))
        else:
            out.append(_Token(kind, raw, start, end))
    return out


def _word_token(raw: str, start: int, end: int) -> _Token:
    upper = raw.upper()
    if upper in _OPERATORS:
        return _Token("op", raw, start, end, upper)
    near = _NEAR.fullmatch(raw)
    if near is None:
        return _Token("word", raw, start, end)
    if near.group(1) is None:
        return _Token("op", raw, start, end, "NEAR", DEFAULT_NEAR)
    if not near.group(1).isdigit():
        raise _Stop(SyntaxProblem(
            "near", f"{raw}: the NEAR distance must be a whole number",
            "write NEAR/n with n a number of words, e.g. NEAR/5", start, end,
        ))
    return _Token("op", raw, start, end, "NEAR", int(near.group(1)))


#: Loosest first. Adjacent terms (the implied AND) bind tighter than all.
_LEVELS = ("OR", "AND", "NOT", "SAME", "NEAR")


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self.pos = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def parse(self) -> Node:
        if not self.tokens:
            raise _Stop(SyntaxProblem("empty", "the line has no search", "write a search or remove the line", 0, 0))
        node = self.level(0)
        token = self.peek()
        if token is not None:
            if token.kind == "rpar":
                raise _Stop(SyntaxProblem(
                    "rpar", "this ) closes no (", "remove it, or add the ( it closes",
                    token.start, token.end))
            raise _Stop(SyntaxProblem(  # pragma: no cover - every other token starts an operand
                "unexpected", f"{token.text!r} was not expected here", "check the operators",
                token.start, token.end))
        return node

    def level(self, depth: int) -> Node:
        if depth == len(_LEVELS):
            return self.adjacent()
        op = _LEVELS[depth]
        first = self.level(depth + 1)
        operands = [first]
        spans: list[tuple[int, int]] = []
        distance: int | None = None
        bare = False
        while (token := self.peek()) is not None and token.kind == "op" and token.value == op:
            if op == "NEAR" and operands[1:] and token.distance != distance:
                # a NEAR/3 b NEAR/5 c: a new group, so each keeps its distance
                operands = [self._group(op, operands, spans, distance, bare)]
                spans = []
            self.take()
            if op == "NEAR":
                distance = token.distance
                bare = bare or "/" not in token.text
            spans.append((token.start, token.end))
            if self.peek() is None or self.peek_kind() in ("rpar", "op"):
                where = self.peek()
                raise _Stop(SyntaxProblem(
                    "operand", f"{token.text} has nothing after it",
                    "add a term after the operator, or remove it",
                    token.start, token.end if where is None else where.end))
            operands.append(self.level(depth + 1))
        if len(operands) == 1:
            return first
        return self._group(op, operands, spans, distance, bare)

    @staticmethod
    def _group(op: str, operands: list[Node], spans: list[tuple[int, int]],
               distance: int | None, bare: bool) -> Group:
        return Group(op, tuple(operands), _start(operands[0]), _end(operands[-1]),
                     distance=distance, bare=bare, op_spans=tuple(spans))

    def peek_kind(self) -> str | None:
        token = self.peek()
        return token.kind if token else None

    def adjacent(self) -> Node:
        items: list[Node] = []
        while self.peek_kind() in ("word", "phrase", "lpar", "ref", "tag"):
            if self.peek_kind() == "tag":
                items.append(self.tagged())
            else:
                items.append(self.primary())
        if not items:
            token = self.peek()
            if token is None:  # pragma: no cover - level() checks before descending
                raise _Stop(SyntaxProblem("operand", "a search term is missing", "add a term", len(self.text), len(self.text)))
            if token.kind == "op":
                raise _Stop(SyntaxProblem(
                    "operand", f"{token.text} has nothing before it",
                    "add a term before the operator, or remove it", token.start, token.end))
            raise _Stop(SyntaxProblem(
                "rpar", "this ) closes no (", "remove it, or add the ( it closes",
                token.start, token.end))
        if len(items) == 1:
            return items[0]
        return Group("AND", tuple(items), _start(items[0]), _end(items[-1]), implicit=True)

    def tagged(self) -> Tagged:
        tag = self.take()
        items: list[Node] = []
        while self.peek_kind() in ("word", "phrase", "lpar", "ref"):
            items.append(self.primary())
        if not items:
            token = self.peek()
            end = token.end if token else tag.end
            raise _Stop(SyntaxProblem(
                "tag", f"{tag.text.strip()} has no search term after it",
                f"write a term or a group after it: {tag.value}=(...)", tag.start, end))
        operand: Node = items[0]
        if len(items) > 1:
            operand = Group("AND", tuple(items), _start(items[0]), _end(items[-1]), implicit=True)
        return Tagged(tag.value, operand, tag.start, _end(operand), tag.end)

    def primary(self) -> Node:
        token = self.take()
        if token.kind == "word":
            return Term(token.text, False, token.start, token.end)
        if token.kind == "phrase":
            return Term(token.value, True, token.start, token.end)
        if token.kind == "ref":
            return SetRef(int(token.text[1:]), token.start, token.end)
        # lpar
        if self.peek_kind() == "rpar":
            close = self.take()
            raise _Stop(SyntaxProblem("empty", "empty parentheses", "put a search inside, or remove them",
                                      token.start, close.end))
        inner = self.level(0)
        close_token = self.peek()
        if close_token is None or close_token.kind != "rpar":
            raise _Stop(SyntaxProblem(
                "lpar", "this ( is never closed", "add the ) that closes it", token.start, token.end))
        self.take()
        if isinstance(inner, Group):
            return Group(inner.op, inner.operands, token.start, close_token.end, inner.implicit,
                         inner.distance, inner.bare, inner.op_spans, parenthesized=True)
        return inner


def _start(node: Node) -> int:
    return node.start


def _end(node: Node) -> int:
    return node.end


def parse_wos(text: str) -> Node | SyntaxProblem:
    """The tree of one Web of Science search, or what stops it being read."""
    try:
        return _Parser(text).parse()
    except _Stop as stop:
        return stop.problem
    except RecursionError:
        return SyntaxProblem("deep", "the search is nested too deeply to read",
                             "use fewer levels of parentheses", 0, len(text))
