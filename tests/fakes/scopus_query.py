"""Validation of Scopus advanced-search queries, as the Scopus Search API reads them.

The Scopus Search API answers every query it cannot read with the same
HTTP 400 (``INVALID_INPUT`` / ``Error translating query``), so the fake
needs a real reader to know when to give it. This module is that reader:
a tokenizer and a recursive-descent parser that build nothing and only
raise :class:`ScopusQueryError` with a reason (kept by the fake for tests;
the real API never says why).

Grammar, following Scopus's precedence (OR binds tightest, then W/n and
PRE/n, then AND, then AND NOT: Scopus Search Guide,
https://dev.elsevier.com/sc_search_tips.html)::

    query   := andnot
    andnot  := and ("AND NOT" and)*
    and     := prox (["AND"] prox)*          adjacent operands: implicit AND
    prox    := or ((W/n | PRE/n) or)*        one operator kind and n per chain
    or      := unit ("OR" unit)*
    unit    := "(" query ")" | FIELD "(" query ")" | PUBYEAR cmp YEAR
             | word | "loose phrase" | {exact phrase}

Rules taken from the guide: operators are case-insensitive; a proximity
operand is a word or a phrase, never an expression with AND, OR or AND NOT
(so ``a W/3 b OR c``, read ``a W/3 (b OR c)``, is refused); n is 0 to 255;
one proximity chain uses one operator with one n. Observed by clients, not
documented: a limit such as ``PUBYEAR > 2020`` inside a field group is
refused. A bare ``NOT`` (without AND) is refused here: Scopus writes
exclusion as ``AND NOT`` (whether it accepts a bare NOT is unconfirmed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Field codes the fake accepts (Scopus Search Guide, "Field codes";
#: lower case is accepted too, as ``all(gene)`` in rscopus' examples).
FIELDS = frozenset(
    """
    ALL ABS AFFIL AFFILCITY AFFILCOUNTRY AFFILORG AF-ID ARTNUM AU-ID AUTH AUTHOR-NAME
    AUTHFIRST AUTHLASTNAME AUTHKEY CASREGNUMBER CHEM CHEMNAME CODEN CONF CONFLOC
    CONFNAME CONFSPONSORS DOCTYPE DOI EDFIRST EDITOR EDLASTNAME EISSN EXACTSRCTITLE
    FIRSTAUTH FUND-SPONSOR FUND-ACR FUND-NO INDEXTERMS ISBN ISSN ISSNP ISSUE KEY
    LANGUAGE MANUFACTURER OPENACCESS ORIG-LOAD-DATE PAGEFIRST PAGELAST PAGES PMID
    PUBLISHER REF REFARTNUM REFAUTH REFPAGE REFPAGEFIRST REFPUBYEAR REFSRCTITLE
    REFTITLE SEQBANK SEQNUMBER SRCTITLE SRCTYPE SUBJAREA TITLE TITLE-ABS-KEY
    TITLE-ABS-KEY-AUTH TRADENAME VOLUME WEBSITE
    """.split()
)
#: Comparisons PUBYEAR takes: ``PUBYEAR > 2012``, ``PUBYEAR IS 2010``,
#: ``PUBYEAR AFT 2012``, ``PUBYEAR BEF 2024``.
_COMPARISONS = frozenset({">", "<", "=", "IS", "AFT", "BEF"})
_PROXIMITY = re.compile(r"^(W|PRE)/(\d+)$", re.IGNORECASE)
_YEAR = re.compile(r"^\d{4}$")
#: Characters that end a bare word.
_STOP = set('(){}"<>=')
PROXIMITY_MAX = 255


class ScopusQueryError(ValueError):
    """A query the Scopus Search API would refuse (HTTP 400)."""


@dataclass(frozen=True)
class Token:
    """``(`` ``)`` ``cmp`` ``phrase`` ``exact`` ``field`` ``op`` or ``word``."""

    kind: str
    text: str
    pos: int


def tokenize(query: str) -> list[Token]:
    """Split ``query``; a phrase or an exact phrase is one token."""
    tokens: list[Token] = []
    i = 0
    while i < len(query):
        char = query[i]
        if char.isspace():
            i += 1
        elif char in "()":
            tokens.append(Token(char, char, i))
            i += 1
        elif char in "<>=":
            tokens.append(Token("cmp", char, i))
            i += 1
        elif char in '"{':
            close = '"' if char == '"' else "}"
            end = query.find(close, i + 1)
            if end < 0:
                raise ScopusQueryError(f"unclosed {char} at {i}")
            kind = "phrase" if char == '"' else "exact"
            tokens.append(Token(kind, query[i + 1:end], i))
            i = end + 1
        elif char == "}":
            raise ScopusQueryError(f"unmatched }} at {i}")
        else:
            end = i
            while end < len(query) and not query[end].isspace() and query[end] not in _STOP:
                end += 1
            tokens.append(_word(query, i, end))
            i = end
    return _join_and_not(tokens)


def _word(query: str, start: int, end: int) -> Token:
    """A field code (a word before ``(``), an operator or a plain word."""
    text = query[start:end]
    following = query[end:].lstrip()[:1]
    upper = text.upper()
    if following == "(" and upper in FIELDS:
        return Token("field", upper, start)
    if following == "(" and end < len(query) and query[end] == "(":
        # word( with no space: Scopus reads a field code, and this one is unknown
        raise ScopusQueryError(f"unknown field code {text!r} at {start}")
    if upper in ("AND", "OR", "NOT") or _PROXIMITY.match(text):
        return Token("op", upper, start)
    return Token("word", text, start)


def _join_and_not(tokens: list[Token]) -> list[Token]:
    """``AND`` followed by ``NOT`` is the one operator ``AND NOT``."""
    joined: list[Token] = []
    for token in tokens:
        if token.kind == "op" and token.text == "NOT":
            if joined and joined[-1].kind == "op" and joined[-1].text == "AND":
                joined[-1] = Token("op", "AND NOT", joined[-1].pos)
                continue
            raise ScopusQueryError(f"NOT without AND at {token.pos}: write AND NOT")
        joined.append(token)
    return joined


class _Parser:
    """Recursive descent over the tokens; validates, builds nothing."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.i = 0
        self.field_depth = 0

    def peek(self) -> Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def is_op(self, *names: str) -> bool:
        token = self.peek()
        return token is not None and token.kind == "op" and token.text in names

    def is_proximity(self) -> bool:
        token = self.peek()
        return token is not None and token.kind == "op" and _PROXIMITY.match(token.text) is not None

    def parse(self) -> None:
        if not self.tokens:
            raise ScopusQueryError("empty query")
        self.andnot()
        extra = self.peek()
        if extra is not None:
            raise ScopusQueryError(f"unexpected {extra.text!r} at {extra.pos}")

    def andnot(self) -> None:
        self.and_()
        while self.is_op("AND NOT"):
            self.operator_then_operand()
            self.and_()

    def and_(self) -> None:
        self.prox()
        while True:
            token = self.peek()
            if token is None or token.kind == ")" or self.is_op("AND NOT"):
                return
            if self.is_op("AND"):
                self.operator_then_operand()
            elif token.kind == "op":
                raise ScopusQueryError(f"unexpected operator {token.text} at {token.pos}")
            self.prox()  # AND, or two operands side by side (implicit AND)

    def prox(self) -> None:
        simple = self.or_()
        chain: str | None = None
        while self.is_proximity():
            op = self.operator_then_operand()
            match = _PROXIMITY.match(op.text)
            assert match is not None
            if int(match.group(2)) > PROXIMITY_MAX:
                raise ScopusQueryError(f"{op.text} at {op.pos}: n is 0 to {PROXIMITY_MAX}")
            if chain is not None and op.text != chain:
                raise ScopusQueryError(f"{op.text} at {op.pos} mixed with {chain} in one chain")
            if not simple:
                raise ScopusQueryError(f"{op.text} at {op.pos}: left operand is an expression")
            chain = op.text
            if not self.or_():
                raise ScopusQueryError(f"{op.text} at {op.pos}: right operand is an expression")

    def or_(self) -> bool:
        """Parse an OR group; True when it is one word or phrase (a proximity operand)."""
        simple = self.unit()
        while self.is_op("OR"):
            self.operator_then_operand()
            self.unit()
            simple = False
        return simple

    def unit(self) -> bool:
        token = self.peek()
        if token is None:
            raise ScopusQueryError("unexpected end of query")
        if token.kind == "(":
            return self.group()
        if token.kind == "field":
            self.take()
            self.take()  # "(" is guaranteed by the tokenizer
            self.field_depth += 1
            self.group_body(token)
            self.field_depth -= 1
            return False
        if token.kind == "word" and token.text.upper() == "PUBYEAR":
            self.pubyear()
            return False
        if token.kind in ("word", "phrase", "exact"):
            self.take()
            if token.kind != "word" and not token.text.strip():
                raise ScopusQueryError(f"empty phrase at {token.pos}")
            return True
        raise ScopusQueryError(f"unexpected {token.text!r} at {token.pos}")

    def group(self) -> bool:
        opening = self.take()
        start = self.i
        self.group_body(opening)
        # "(word)" stays a simple operand; anything longer is an expression
        return self.i - start == 2 and self.tokens[start].kind in ("word", "phrase", "exact")

    def group_body(self, opening: Token) -> None:
        token = self.peek()
        if token is not None and token.kind == ")":
            raise ScopusQueryError(f"empty parentheses at {opening.pos}")
        self.andnot()
        closing = self.peek()
        if closing is None or closing.kind != ")":
            raise ScopusQueryError(f"unclosed ( at {opening.pos}")
        self.take()

    def pubyear(self) -> None:
        word = self.take()
        if self.field_depth:
            raise ScopusQueryError(f"PUBYEAR at {word.pos} inside a field group")
        comparison = self.peek()
        if comparison is None or comparison.text.upper() not in _COMPARISONS:
            raise ScopusQueryError(f"PUBYEAR at {word.pos} needs >, <, =, IS, AFT or BEF")
        self.take()
        year = self.peek()
        if year is None or not _YEAR.match(year.text):
            raise ScopusQueryError(f"PUBYEAR at {word.pos} needs a four-digit year")
        self.take()

    def operator_then_operand(self) -> Token:
        op = self.take()
        following = self.peek()
        if following is None or following.kind == ")" or (
            following.kind == "op"
        ):
            raise ScopusQueryError(f"operator {op.text} at {op.pos} lacks a right operand")
        return op


def validate_query(query: str) -> None:
    """Raise :class:`ScopusQueryError` when the Scopus Search API would refuse ``query``."""
    tokens = tokenize(query)
    depth = 0
    for token in tokens:
        depth += {"(": 1, ")": -1}.get(token.kind, 0)
        if depth < 0:
            raise ScopusQueryError(f"unmatched ) at {token.pos}")
    if depth:
        raise ScopusQueryError("unclosed (")
    if tokens and tokens[0].kind == "op":
        raise ScopusQueryError(f"operator {tokens[0].text} at {tokens[0].pos} lacks a left operand")
    _Parser(tokens).parse()
