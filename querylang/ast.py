"""The typed tree of a search strategy.

Every node is a frozen dataclass with a :class:`Span` that points back into
the source. Spans (and a few bookkeeping flags) are excluded from equality,
so two trees are equal when they *mean* the same thing: this is what the
``fmt`` round trip relies on.

Node types (shared by every target, in the sqlglot manner)::

    Strategy ── Line* ── Node
    Node = Word | Phrase | Ref | YearLimit | LangLimit      (leaves)
         | LangGroup                                    (several languages)
         | Field | Or | And | Not | Near                   (structure)
         | Adjacent | UnaryNot | EmptyGroup                (errors kept for the checks)

``Adjacent``, ``UnaryNot`` and ``EmptyGroup`` record mistakes the grammar
accepts on purpose so that :mod:`querylang.checks` can explain them; a tree
that holds one never reaches a compiler.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from querylang.record import field, field_names, record

__all__ = [
    "Span",
    "Node",
    "Word",
    "Phrase",
    "Ref",
    "YearLimit",
    "LangLimit",
    "LangGroup",
    "Field",
    "Or",
    "And",
    "Not",
    "Near",
    "Adjacent",
    "UnaryNot",
    "EmptyGroup",
    "Line",
    "Comment",
    "Strategy",
    "walk",
    "plain_word",
    "plain_phrase",
    "dollar_wildcard",
    "DOLLAR_WILDCARD",
    "span_of",
    "NO_SPAN",
]


class Span(NamedTuple):
    """A region of the source: 1-based line and column, 0-based offsets.

    ``end_column`` and ``end`` are exclusive. A named tuple rather than a
    frozen dataclass: every node and token gets one, and a tuple is built
    several times faster (parsing speed, bench/compile.py).
    """

    line: int
    column: int
    end_line: int
    end_column: int
    start: int
    end: int

    def to_dict(self) -> dict[str, int]:
        return {
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "start": self.start,
            "end": self.end,
        }


NO_SPAN = Span(0, 0, 0, 0, 0, 0)


def _span() -> Span:
    return field(default=NO_SPAN, compare=False, repr=False)


@record(frozen=True)
class Node:
    """Base of every tree node."""

    @property
    def children(self) -> tuple[Node, ...]:
        return ()


# -- leaves -----------------------------------------------------------------


@record(frozen=True)
class Word(Node):
    """A bare word, wildcards (``*`` ``?``) included in ``text``."""

    text: str
    span: Span = _span()
    #: True when ``text`` is ASCII letters and digits only: no database reads
    #: anything in it as syntax, so every target writes it as is (quoted
    #: only when it is spelled like an operator). The parser works it out
    #: once for the four targets; False (the default) is always safe: the
    #: targets then take the long way.
    plain: bool = field(default=False, compare=False, repr=False)

    @property
    def has_wildcard(self) -> bool:
        return "*" in self.text or "?" in self.text or "$" in self.text


def plain_word(text: str) -> bool:
    """See ``Word.plain``."""
    return text.isascii() and text.isalnum()


#: ASCII words of letters and digits (inner - and ' allowed) separated by
#: single spaces: see Phrase.plain.
_PLAIN_WORDS = re.compile(r"[A-Za-z0-9][A-Za-z0-9'\-]*(?: [A-Za-z0-9][A-Za-z0-9'\-]*)*")


def plain_phrase(text: str) -> bool:
    """See ``Phrase.plain``."""
    return text.isascii() and _PLAIN_WORDS.fullmatch(text) is not None


def dollar_wildcard(text: str) -> bool:
    """True when a ``$`` in ``text`` is the wildcard (zero or one character):
    one that follows a character of its word. A ``$`` that starts a word
    in a phrase ("$100") is a dollar sign (docs/language.md, "Terms")."""
    return "$" in text and DOLLAR_WILDCARD.search(text) is not None


#: A ``$`` that is a wildcard: it follows a character of its word.
DOLLAR_WILDCARD = re.compile(r"(?<=\S)\$")


@record(frozen=True)
class Phrase(Node):
    """A quoted phrase; ``text`` is the content without the quotes."""

    text: str
    span: Span = _span()
    #: True when ``text`` is ASCII words of letters and digits (inner ``-``
    #: and ``'`` allowed) with single spaces and no wildcard: every target
    #: writes it quoted, as is. Set by the parser (see ``Word.plain``).
    plain: bool = field(default=False, compare=False, repr=False)

    @property
    def has_wildcard(self) -> bool:
        return "*" in self.text or "?" in self.text or dollar_wildcard(self.text)

    @property
    def words(self) -> list[str]:
        return self.text.split()



@record(frozen=True)
class Ref(Node):
    """``#n``: the whole of an earlier line."""

    number: int
    span: Span = _span()


@record(frozen=True)
class YearLimit(Node):
    """``year:2013-2023``, ``year:2013-``, ``year:-2023`` or ``year:2020``.

    ``start``/``end`` are ``None`` for an open end. ``valid`` is False when
    ``raw`` could not be read; the checks then explain why.
    """

    start: int | None
    end: int | None
    valid: bool = True
    raw: str = field(default="", compare=False)
    span: Span = _span()


@record(frozen=True)
class LangLimit(Node):
    """``lang:english`` or ``lang:en``; ``language`` is the canonical English
    name (lower case) when known, otherwise the text as written."""

    language: str
    known: bool = True
    raw: str = field(default="", compare=False)
    span: Span = _span()

    @property
    def languages(self) -> tuple[str, ...]:
        """The one language, as :attr:`LangGroup.languages` gives several."""
        return (self.language,)


@record(frozen=True)
class LangGroup(Node):
    """``lang:(english OR french)``: records in any of these languages.

    ``options`` are the languages as written, each a :class:`LangLimit` with
    its own span (the checks point at an unknown or repeated one). A group
    of one language is never built: the parser gives a plain LangLimit, so
    ``lang:(english)`` and ``lang:english`` are the same tree. ``content``
    is None when the parentheses hold languages ORed, as they must;
    otherwise it is what they hold (with AND, NOT, a field...), kept for
    the checks to point at and for ``fmt`` to print back; such a tree
    never reaches a compiler.
    """

    options: tuple[LangLimit, ...]
    raw: str = field(default="", compare=False)
    span: Span = _span()
    content: Node | None = field(default=None, compare=False, repr=False)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(option.language for option in self.options)

    @property
    def children(self) -> tuple[Node, ...]:
        return self.options


# -- structure --------------------------------------------------------------


@record(frozen=True)
class Field(Node):
    """A field prefix over a term or a group. ``name`` is canonical when the
    field is known (aliases resolved); ``raw`` is what the user wrote."""

    name: str
    operand: Node
    raw: str = field(default="", compare=False)
    span: Span = _span()

    @property
    def children(self) -> tuple[Node, ...]:
        return (self.operand,)


@record(frozen=True)
class Or(Node):
    operands: tuple[Node, ...]
    span: Span = _span()
    #: True when the user wrote parentheses around this expression.
    parenthesized: bool = field(default=False, compare=False)

    @property
    def children(self) -> tuple[Node, ...]:
        return self.operands


@record(frozen=True)
class And(Node):
    operands: tuple[Node, ...]
    span: Span = _span()
    parenthesized: bool = field(default=False, compare=False)

    @property
    def children(self) -> tuple[Node, ...]:
        return self.operands


@record(frozen=True)
class Not(Node):
    """``left NOT right``: binary only."""

    left: Node
    right: Node
    span: Span = _span()
    parenthesized: bool = field(default=False, compare=False)

    @property
    def children(self) -> tuple[Node, ...]:
        return (self.left, self.right)


@record(frozen=True)
class Near(Node):
    """``left NEAR/n right``; ``distance`` is None for a bare ``NEAR``."""

    left: Node
    right: Node
    distance: int | None
    span: Span = _span()
    parenthesized: bool = field(default=False, compare=False)

    @property
    def children(self) -> tuple[Node, ...]:
        return (self.left, self.right)


# -- mistakes the grammar accepts so that the checks can explain them ---------


@record(frozen=True)
class Adjacent(Node):
    """Two or more terms written side by side with no operator."""

    operands: tuple[Node, ...]
    span: Span = _span()
    parenthesized: bool = field(default=False, compare=False)

    @property
    def children(self) -> tuple[Node, ...]:
        return self.operands


@record(frozen=True)
class UnaryNot(Node):
    """``NOT x`` with nothing on its left."""

    operand: Node
    span: Span = _span()

    @property
    def children(self) -> tuple[Node, ...]:
        return (self.operand,)


@record(frozen=True)
class EmptyGroup(Node):
    """``()``."""

    span: Span = _span()


# -- strategy -----------------------------------------------------------------


@record(frozen=True)
class Line(Node):
    """One numbered search line. ``label`` is the number the user wrote
    (``3.``), or None when the line is numbered by position."""

    number: int
    expr: Node
    label: int | None = field(default=None, compare=False)
    span: Span = _span()
    label_span: Span | None = field(default=None, compare=False, repr=False)

    @property
    def children(self) -> tuple[Node, ...]:
        return (self.expr,)


@record(frozen=True)
class Comment:
    """A ``# ...`` comment, kept so that ``fmt`` does not lose it."""

    text: str
    span: Span


@record(frozen=True)
class Strategy:
    """A whole strategy: numbered lines, the last one is the final query."""

    lines: tuple[Line, ...]
    source: str = field(default="", compare=False, repr=False)
    comments: tuple[Comment, ...] = field(default=(), compare=False, repr=False)

    @property
    def final(self) -> Line:
        return self.lines[-1]

    def line(self, number: int) -> Line | None:
        if 1 <= number <= len(self.lines):
            return self.lines[number - 1]
        return None


def span_of(node: Node) -> Span:
    """The span of any node (every concrete node type has one)."""
    span = getattr(node, "span", NO_SPAN)
    return span if isinstance(span, Span) else NO_SPAN


def walk(node: Node) -> Iterator[Node]:
    """Every node below ``node`` (itself first), depth first, without recursion
    so that deep trees do not hit Python's recursion limit."""
    stack: list[Node] = [node]
    while stack:
        current = stack.pop()
        yield current
        children = current.children
        if children:  # most nodes are leaves
            stack.extend(reversed(children))


#: Fields left out of :func:`to_dict`: spans come last in their own shape,
#: and ``plain`` is the targets' hint, not part of the tree's meaning.
_NOT_IN_DICT = frozenset({"span", "label_span", "plain", "content"})


def to_dict(node: Node) -> dict[str, object]:
    """A JSON-ready view of a node: its type, its fields and its span."""
    out: dict[str, object] = {"type": type(node).__name__}
    for name in field_names(node):
        if name in _NOT_IN_DICT:
            continue
        value = getattr(node, name)
        if isinstance(value, Node):
            out[name] = to_dict(value)
        elif isinstance(value, tuple):
            out[name] = [to_dict(item) for item in value]
        else:
            out[name] = value
    span = getattr(node, "span", None)
    if isinstance(span, Span):
        out["span"] = span.to_dict()
    return out


def strategy_to_dict(strategy: Strategy) -> dict[str, object]:
    return {"type": "Strategy", "lines": [to_dict(line) for line in strategy.lines]}
