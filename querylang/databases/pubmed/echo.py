"""Did PubMed search what was sent? Comparing a query with its ``querytranslation``.

PubMed answers every search with its own reading of the query (E-utilities
``querytranslation``, the web interface's "Search Details"). That reading
always spells the field tags out (``asthma[tiab]`` comes back as
``"asthma"[Title/Abstract]``), quotes and lower-cases terms, writes a year
as a date range (``2013:2023[dp]`` as
``2013/01/01:2023/12/31[Date - Publication]``) and adds or drops
parentheses. A note "PubMed read the query as ..." is worth showing only
when the reading means something else: automatic term mapping of an
untagged word, a term PubMed split or dropped, a journal title it mapped.

:func:`same_search` compares the two after normalising each term (quotes,
case, spacing; tags to one short name; years to date ranges) and the
boolean structure (PubMed reads operators left to right; AND and OR are
associative and commutative, so nested groups of one operator are
flattened and sorted). Anything it cannot read makes the texts "differ":
the note is then shown, which is the safe side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["same_search", "canonical_search"]

#: Each tag spelling PubMed uses (short tags and the names
#: ``querytranslation`` writes, lower case) -> one short name.
_TAG_NAMES: dict[str, str] = {
    "title/abstract": "tiab",
    "title": "ti",
    "abstract": "ab",
    "text word": "tw",
    "all fields": "all",
    "author": "au",
    "author - first": "1au",
    "first author name": "1au",
    "author - last": "lastau",
    "last author name": "lastau",
    "journal": "ta",
    "other term": "ot",
    "mesh": "mh",
    "mesh terms": "mh",
    "mesh major topic": "majr",
    "mesh subheading": "sh",
    "subheading": "sh",
    "publication type": "pt",
    "issn": "is",
    "language": "la",
    "date - publication": "dp",
    "publication date": "dp",
    "pdat": "dp",
    "article identifier": "aid",
    "doi": "aid",  # a DOI searched as an article identifier
    "location id": "lid",
    "affiliation": "ad",
    "filter": "sb",
    "pmid": "pmid",
    "uid": "pmid",
}
_YEAR_RANGE = re.compile(r"^(\d{4})(?::(\d{4}))?$")
_TOKEN = re.compile(
    r'\s*(?:(?P<paren>[()])|"(?P<quoted>[^"]*)"|(?P<tag>\[[^\]]*\])|(?P<word>[^\s()"\[]+))'
)
_OPERATORS = frozenset({"AND", "OR", "NOT"})


@dataclass(frozen=True)
class _Term:
    text: str
    tag: str

    def key(self) -> str:
        return f"{self.text}[{self.tag}]"


def _tag(raw: str) -> str:
    """``[Title/Abstract:~2]`` -> ``tiab:~2``; ``[MeSH Terms:noexp]`` -> ``mh:noexp``."""
    inner = " ".join(raw.strip("[]").lower().split())
    base, colon, rest = inner.partition(":")
    base = base.strip()
    name = _TAG_NAMES.get(base, base)
    return f"{name}:{rest.strip()}" if colon else name


def _value(text: str, tag: str) -> str:
    """A term's text as PubMed reads it: case, spacing and years settled."""
    value = " ".join(text.lower().split())
    if tag == "dp" and (match := _YEAR_RANGE.match(value)):
        start, end = match.group(1), match.group(2) or match.group(1)
        return f"{start}/01/01:{end}/12/31"
    return value


def _tokens(query: str) -> list[str | _Term] | None:
    """Parentheses, operators and terms; None when the text cannot be read."""
    out: list[str | _Term] = []
    words: list[str] = []
    position = 0
    query = query.rstrip()

    def flush(tag: str = "") -> None:
        if words:
            out.append(_Term(_value(" ".join(words), tag), tag))
            words.clear()

    while position < len(query):
        match = _TOKEN.match(query, position)
        if match is None or match.end() == position:
            return None
        position = match.end()
        if match.group("paren"):
            flush()
            out.append(match.group("paren"))
        elif match.group("quoted") is not None:
            flush()
            words.append(match.group("quoted"))
        elif match.group("tag"):
            if not words:
                return None
            # Every word before a tag belongs to it (Smith J[au]).
            flush(_tag(match.group("tag")))
        elif match.group("word") in _OPERATORS:
            flush()
            out.append(match.group("word"))
        else:
            words.append(match.group("word"))
    flush()
    return out


class _Parser:
    """Left to right, as PubMed reads operators; adjacent terms are ANDed."""

    def __init__(self, tokens: list[str | _Term]) -> None:
        self.tokens = tokens
        self.position = 0

    def peek(self) -> str | _Term | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def expression(self) -> str:
        left = self.unit()
        while (token := self.peek()) is not None and token != ")":
            operator = "AND"
            if isinstance(token, str) and token in _OPERATORS:
                operator = token
                self.position += 1
            left = _combine(operator, left, self.unit())
        return left

    def unit(self) -> str:
        token = self.peek()
        self.position += 1
        if isinstance(token, _Term):
            return token.key()
        if token == "(":
            inner = self.expression()
            if self.peek() != ")":
                raise ValueError("unclosed parenthesis")
            self.position += 1
            return inner
        raise ValueError(f"unexpected {token!r}")


def _combine(operator: str, left: str, right: str) -> str:
    """One canonical text per boolean node: AND/OR flattened and sorted."""
    if operator == "NOT":
        return f"NOT({left},{right})"
    parts: list[str] = []
    for side in (left, right):
        prefix = f"{operator}("
        if side.startswith(prefix) and _one_group(side):
            parts.extend(_split(side[len(prefix):-1]))
        else:
            parts.append(side)
    return f"{operator}({','.join(sorted(parts))})"


def _one_group(text: str) -> bool:
    """Whether ``OP(...)`` is a single group (its first parenthesis closes last)."""
    depth = 0
    for index, char in enumerate(text):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index == len(text) - 1
    return False


def _split(inner: str) -> list[str]:
    """The top-level comma-separated parts of a node's arguments."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(inner):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(inner[start:index])
            start = index + 1
    parts.append(inner[start:])
    return parts


def canonical_search(query: str) -> str | None:
    """The normalised form of a PubMed query, or None when it cannot be read."""
    tokens = _tokens(query)
    if not tokens:
        return None
    # Term texts may hold commas and brackets: escape them for the tree text.
    escaped: list[str | _Term] = [
        _Term(_escape(t.text), t.tag) if isinstance(t, _Term) else t for t in tokens
    ]
    parser = _Parser(escaped)
    try:
        tree = parser.expression()
    except ValueError:
        return None
    return tree if parser.peek() is None else None


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(",", "\\x2c").replace("(", "\\x28").replace(
        ")", "\\x29").replace("[", "\\x5b").replace("]", "\\x5d")


def same_search(sent: str, translation: str) -> bool:
    """Whether PubMed's ``querytranslation`` means what was sent."""
    if sent == translation:
        return True
    ours, theirs = canonical_search(sent), canonical_search(translation)
    return ours is not None and ours == theirs
