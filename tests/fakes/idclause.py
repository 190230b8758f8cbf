"""Searching a fake's own records: queries (identifier clauses included)
evaluated as each database reads them.

A fake with ``records`` set (a list of :class:`FakeRecord`) answers every
query from them instead of its made-up counts: the count is the number of
records the query matches, and the answer lists them (PubMed ``idlist``, Web
of Science ``hits``, arXiv entries, IEEE ``articles``). So a known-item check
against the fakes finds, misses or does not find records for the reasons a
real database would: the record is not in it, or its words do not match.

Each database's syntax is read as its documentation says (docs/databases.md):
PubMed ``term[tag]`` (tag after the term), Web of Science ``TAG=(...)``,
arXiv ``prefix:term`` and ``submittedDate:[A TO B]``, IEEE ``"Field":term``,
Scopus ``FIELD(...)`` and ``PUBYEAR > 2012`` (docs/db-scopus.md).
Precedence: AND (and NOT, ANDNOT) binds tighter than OR; the compilers
parenthesise everything, so no test depends on a database's own precedence.
Words match whole tokens of the field's text, case-insensitively, with
``*`` (any letters), ``?`` (one) and ``$`` (zero or one); a phrase matches
consecutive tokens. Not modelled: stemming, automatic term mapping, MeSH
explosion (a heading matches itself only), proximity (read as AND).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

ALL_DATABASES = frozenset({"pubmed", "wos", "arxiv", "ieee", "scopus"})


@dataclass(frozen=True)
class FakeRecord:
    """One record a fake holds (``databases``: which fakes hold it)."""

    title: str
    abstract: str = ""
    keywords: tuple[str, ...] = ()
    mesh: tuple[str, ...] = ()
    year: int = 2023
    language: str = "english"
    pmid: str | None = None
    doi: str | None = None
    arxiv_id: str | None = None
    ieee: str | None = None
    uid: str | None = None
    databases: frozenset[str] = field(default=ALL_DATABASES)


class QueryError(ValueError):
    """The query cannot be read (the fake answers as its database does)."""


# -- tokens ------------------------------------------------------------------------


@dataclass(frozen=True)
class Tok:
    kind: str  # "(" ")" "op" "prefix" "term" "range"
    text: str = ""
    field: str | None = None
    quoted: bool = False
    low: str = ""
    high: str = ""


_OPS = {"AND", "OR", "NOT", "ANDNOT", "SAME"}
_NEAR = re.compile(r"^O?NEAR(/\d+)?$")


def _word_or_op(word: str, field_: str | None = None) -> Tok:
    if word in _OPS:
        return Tok("op", "AND" if word == "SAME" else word)
    if _NEAR.match(word):
        return Tok("op", "AND")
    return Tok("term", word, field_)


_PUBMED = re.compile(r'\s*(?:(\()|(\))|"([^"]*)"(\[[^\]]*\])?|([^\s()"\[]+)(\[[^\]]*\])?)')
_WOS = re.compile(r'\s*(?:(\()|(\))|([A-Z]{2,4})=|"([^"]*)"|([^\s()"=]+))')
_ARXIV = re.compile(r'\s*(?:(\()|(\))|(\w+):\[([^\]]*)\]|(\w+):"([^"]*)"|(\w+):([^\s()"]+)'
                    r'|([^\s()"]+))')
_IEEE = re.compile(r'\s*(?:(\()|(\))|"([^"]+)"\s*:|"([^"]*)"|([^\s()"]+))')
_SCOPUS = re.compile(r'\s*(?:(\()|(\))|([A-Za-z][A-Za-z-]*)(?=\s*\()|"([^"]*)"|\{([^}]*)\}'
                     r'|PUBYEAR\s*(>|<|=|IS\b|AFT\b|BEF\b)\s*(\d{4})|([^\s(){}"]+))',
                     re.IGNORECASE)
_SCOPUS_PROXIMITY = re.compile(r"^(W|PRE)/\d+$", re.IGNORECASE)


def _scopus_years(compare: str, year: int) -> tuple[int, int]:
    """``PUBYEAR > y`` (or AFT), ``< y`` (or BEF), ``= y`` (or IS) as inclusive bounds."""
    if compare in (">", "AFT"):
        return year + 1, 9999
    if compare in ("<", "BEF"):
        return 0, year - 1
    return year, year


def _scan(pattern: re.Pattern[str], text: str) -> Iterable[re.Match[str]]:
    position = 0
    text = text.rstrip()
    while position < len(text):
        found = pattern.match(text, position)
        if found is None or found.end() == position:
            raise QueryError(f"cannot read the query at {text[position:position + 20]!r}")
        position = found.end()
        yield found


def tokens(database: str, query: str) -> list[Tok]:
    out: list[Tok] = []
    if database == "pubmed":
        for m in _scan(_PUBMED, query):
            lp, rp, phrase, ptag, word, wtag = m.groups()
            if lp or rp:
                out.append(Tok(lp or rp))
            elif phrase is not None:
                out.append(Tok("term", phrase, (ptag or "").strip("[]") or None, True))
            else:
                tok = _word_or_op(word, (wtag or "").strip("[]") or None)
                out.append(tok)
    elif database == "wos":
        for m in _scan(_WOS, query):
            lp, rp, tag, phrase, word = m.groups()
            if lp or rp:
                out.append(Tok(lp or rp))
            elif tag:
                out.append(Tok("prefix", field=tag))
            elif phrase is not None:
                out.append(Tok("term", phrase, quoted=True))
            else:
                out.append(_word_or_op(word))
    elif database == "arxiv":
        for m in _scan(_ARXIV, query):
            lp, rp, rfield, rtext, pfield, phrase, wfield, word, bare = m.groups()
            if lp or rp:
                out.append(Tok(lp or rp))
            elif rfield:
                low, _, high = rtext.partition(" TO ")
                out.append(Tok("range", field=rfield, low=low.strip(), high=high.strip()))
            elif pfield:
                out.append(Tok("term", phrase, pfield, True))
            elif wfield:
                out.append(Tok("term", word, wfield))
            else:
                out.append(_word_or_op(bare))
    elif database == "ieee":
        for m in _scan(_IEEE, query):
            lp, rp, name, phrase, word = m.groups()
            if lp or rp:
                out.append(Tok(lp or rp))
            elif name:
                out.append(Tok("prefix", field=name))
            elif phrase is not None:
                out.append(Tok("term", phrase, quoted=True))
            else:
                out.append(_word_or_op(word))
    elif database == "scopus":
        out = _scopus_tokens(query)
    else:
        raise QueryError(f"no such database: {database}")
    return out


def _scopus_tokens(query: str) -> list[Tok]:
    """Scopus: ``FIELD(...)``, ``PUBYEAR > 2012``, ``{exact}``, operators in any
    case, ``AND NOT`` as one operator, ``W/n`` and ``PRE/n`` read as AND."""
    out: list[Tok] = []
    for m in _scan(_SCOPUS, query):
        lp, rp, field_, phrase, exact, compare, year, word = m.groups()
        if lp or rp:
            out.append(Tok(lp or rp))
        elif field_:
            out.append(Tok("prefix", field=field_.upper()))
        elif phrase is not None or exact is not None:
            out.append(Tok("term", phrase if phrase is not None else exact, quoted=True))
        elif compare:
            low, high = _scopus_years(compare.upper(), int(year))
            out.append(Tok("range", field="PUBYEAR", low=f"{low:04d}", high=f"{high:04d}"))
        elif _SCOPUS_PROXIMITY.match(word):
            out.append(Tok("op", "AND"))
        elif word.upper() == "NOT" and out and out[-1] == Tok("op", "AND"):
            out[-1] = Tok("op", "ANDNOT")
        else:
            upper = word.upper()
            out.append(_word_or_op(upper if upper in ("AND", "OR") else word))
    return out


# -- parsing -------------------------------------------------------------------------

Node = tuple[Any, ...]  # ("or", [..]) ("and", [..]) ("not", a, b) ("field", f, n) ("term", tok)


class _Parser:
    def __init__(self, toks: Sequence[Tok]) -> None:
        self.toks = toks
        self.at = 0

    def peek(self) -> Tok | None:
        return self.toks[self.at] if self.at < len(self.toks) else None

    def take(self) -> Tok:
        tok = self.peek()
        if tok is None:
            raise QueryError("the query ends too early")
        self.at += 1
        return tok

    def parse(self) -> Node:
        node = self.expr()
        if self.peek() is not None:
            raise QueryError(f"unexpected {self.peek()}")
        return node

    def expr(self) -> Node:
        parts = [self.conj()]
        while (tok := self.peek()) is not None and tok.kind == "op" and tok.text == "OR":
            self.take()
            parts.append(self.conj())
        return ("or", parts) if len(parts) > 1 else parts[0]

    def conj(self) -> Node:
        node = self.unary()
        while (tok := self.peek()) is not None and tok.kind != ")":
            if tok.kind == "op" and tok.text == "OR":
                break
            if tok.kind == "op":
                self.take()
                right = self.unary()
                node = ("not", node, right) if tok.text in ("NOT", "ANDNOT") else \
                    ("and", [node, right])
            else:  # adjacent terms: an implicit AND (Web of Science)
                node = ("and", [node, self.unary()])
        return node

    def unary(self) -> Node:
        tok = self.take()
        if tok.kind == "(":
            node = self.expr()
            if self.take().kind != ")":
                raise QueryError("a parenthesis is not closed")
            return node
        if tok.kind == "prefix":
            return ("field", tok.field, self.unary())
        if tok.kind in ("term", "range"):
            return ("term", tok)
        raise QueryError(f"unexpected {tok.text or tok.kind}")


def parse(database: str, query: str) -> Node:
    return _Parser(tokens(database, query)).parse()


# -- matching ------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)

#: Field names per database -> what they search.
_FIELDS: dict[str, dict[str, str]] = {
    "pubmed": {"ti": "title", "ab": "abstract", "tiab": "tiab", "tw": "text", "all": "text",
               "mh": "mesh", "mh:noexp": "mesh", "majr": "mesh", "majr:noexp": "mesh",
               "pmid": "pmid", "uid": "pmid", "aid": "doi", "doi": "doi", "lid": "doi",
               "dp": "year", "la": "language", "ot": "keywords"},
    "wos": {"TS": "topic", "TI": "title", "AB": "abstract", "AK": "keywords", "DO": "doi",
            "PMID": "pmid", "UT": "uid", "PY": "year", "LA": "language", "ALL": "text"},
    "arxiv": {"ti": "title", "abs": "abstract", "all": "text", "id": "arxiv",
              "submittedDate": "submitted"},
    "ieee": {"Document Title": "title", "Abstract": "abstract", "Author Keywords": "keywords",
             "Index Terms": "keywords", "All Metadata": "text", "DOI": "doi",
             "Article Number": "ieee"},
    "scopus": {"TITLE-ABS-KEY": "text", "TITLE": "title", "ABS": "abstract",
               "KEY": "keywords", "AUTHKEY": "keywords", "ALL": "text", "DOI": "doi",
               "PMID": "pmid", "LANGUAGE": "language"},
}


def _texts(record: FakeRecord, what: str) -> list[str]:
    if what == "title":
        return [record.title]
    if what == "abstract":
        return [record.abstract]
    if what == "tiab":
        return [record.title, record.abstract]
    if what == "keywords":
        return list(record.keywords)
    if what == "topic":
        return [record.title, record.abstract, *record.keywords]
    return [record.title, record.abstract, *record.keywords, *record.mesh]


@lru_cache(maxsize=4096)
def _pattern(word: str) -> re.Pattern[str]:
    out = "".join(r"\w*" if c == "*" else r"\w" if c == "?" else r"\w?" if c == "$"
                  else re.escape(c) for c in word.lower())
    return re.compile(out)


@lru_cache(maxsize=65536)
def _tokens_of(text: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(text.lower()))


@lru_cache(maxsize=4096)
def _wanted(term: str) -> tuple[re.Pattern[str], ...]:
    return tuple(_pattern(w) for w in re.findall(r"[^\W_]+[*?$]*|[*?$]", term.lower())
                 if w.strip("*?$"))


def _words_match(term: str, text: str) -> bool:
    """The fakes' cost is the client's too in a benchmark (one process, one
    interpreter lock): tokens and patterns are computed once."""
    wanted = _wanted(term)
    have = _tokens_of(text)
    if not wanted:
        return False
    for start in range(len(have) - len(wanted) + 1):
        if all(p.fullmatch(have[start + i]) for i, p in enumerate(wanted)):
            return True
    return False


def _same_id(what: str, value: str, record: FakeRecord) -> bool:
    have = {"pmid": record.pmid, "doi": record.doi, "uid": record.uid,
            "arxiv": record.arxiv_id, "ieee": record.ieee}[what]
    if have is None:
        return False
    value = value.strip().strip('"')
    if what == "doi":
        return have.lower() == value.lower()
    if what == "uid":
        return have == value or have == f"WOS:{value}"
    return have == value


def _years(text: str) -> tuple[int, int]:
    parts = re.findall(r"\d{4}", text)
    if not parts:
        raise QueryError(f"not a year range: {text!r}")
    return int(parts[0]), int(parts[-1])


def _leaf(database: str, tok: Tok, field_: str | None, record: FakeRecord) -> bool:
    name = tok.field or field_
    what = _FIELDS[database].get(name or "", "tiab" if database == "pubmed" and name is None
                                 else "text")
    if tok.kind == "range":
        low, high = int(tok.low[:4]), int(tok.high[:4])
        return low <= record.year <= high
    if what in ("pmid", "doi", "uid", "arxiv", "ieee"):
        return _same_id(what, tok.text, record)
    if what == "year":
        low, high = _years(tok.text)
        return low <= record.year <= high
    if what == "language":
        return tok.text.strip().lower() == record.language
    if what == "mesh":
        return any(tok.text.lower() == heading.lower() for heading in record.mesh)
    return any(_words_match(tok.text, text) for text in _texts(record, what))


def matches(database: str, node: Node, record: FakeRecord, field_: str | None = None) -> bool:
    kind = node[0]
    if kind == "or":
        return any(matches(database, part, record, field_) for part in node[1])
    if kind == "and":
        return all(matches(database, part, record, field_) for part in node[1])
    if kind == "not":
        return matches(database, node[1], record, field_) and not matches(
            database, node[2], record, field_)
    if kind == "field":
        return matches(database, node[2], record, node[1])
    return _leaf(database, node[1], field_, record)


def hits_of(fake: Any, database: str, query: str | None,
            keep: Callable[[FakeRecord], bool] = lambda record: True) -> list[FakeRecord] | None:
    """The hook each fake calls: None when the fake has no ``searchable_records``
    (it then answers with its made-up counts), else the records the query matches."""
    records = getattr(fake, "searchable_records", None)
    if records is None:
        return None
    return search(database, query, records, keep)


def search(database: str, query: str | None, records: Sequence[FakeRecord],
           keep: Callable[[FakeRecord], bool] = lambda record: True) -> list[FakeRecord]:
    """The records of ``database`` that ``query`` (None: any) matches and ``keep`` keeps."""
    tree = parse(database, query) if query else None
    return [record for record in records
            if database in record.databases and keep(record)
            and (tree is None or matches(database, tree, record))]
