"""Europe PMC queries evaluated against a fake's own records (known-item checks).

The Europe PMC counterpart of :mod:`tests.fakes.idclause`, kept in its own
module so that idclause stays as it is until the registry refactor (issue
15) folds the databases together. It reuses idclause's parser and word
matching and reads Europe PMC's syntax: ``FIELD:term``, ``FIELD:"phrase"``,
``FIELD:(...)``, ``FIELD:[a TO b]``, ``"a b"~n`` (read as AND, as idclause
reads every proximity), bare terms (all fields). Europe PMC holds every
PubMed record, so a record listed for ``pubmed`` is in Europe PMC too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from .idclause import (
    FakeRecord,
    Node,
    QueryError,
    Tok,
    _Parser,
    _same_id,
    _texts,
    _word_or_op,
    _words_match,
)

DATABASE = "europepmc"

_EPMC = re.compile(
    r'\s*(?:(\()|(\))'
    r"|([A-Za-z_]+):\[([^\]]*)\]"  # FIELD:[a TO b]
    r"|([A-Za-z_]+):(?=\()"  # FIELD:( ... )
    r'|(?:([A-Za-z_]+):)?"([^"]*)"(~\d+)?'  # [FIELD:]"phrase"[~n]
    r'|([A-Za-z_]+):([^\s()"]+)'  # FIELD:word
    r'|([^\s()"]+))'  # word or operator
)

#: Europe PMC field -> what it searches in a FakeRecord.
_FIELDS = {
    "TITLE": "title", "ABSTRACT": "abstract", "TITLE_ABS": "tiab", "KW": "kw",
    "KEYWORD": "kw", "MESH": "mesh", "EXT_ID": "pmid", "DOI": "doi", "PUB_YEAR": "year",
    "FIRST_PDATE": "year", "LANG": "language", "SRC": "source",
}
#: ISO 639-2 codes Europe PMC uses -> the language names FakeRecord holds.
_LANGUAGES = {"eng": "english", "fre": "french", "fra": "french", "ger": "german",
              "deu": "german", "spa": "spanish", "ita": "italian", "por": "portuguese",
              "chi": "chinese", "zho": "chinese", "jpn": "japanese", "rus": "russian"}


def _scan(text: str) -> Iterable[re.Match[str]]:
    position, text = 0, text.rstrip()
    while position < len(text):
        found = _EPMC.match(text, position)
        if found is None or found.end() == position:
            raise QueryError(f"cannot read the query at {text[position:position + 20]!r}")
        position = found.end()
        yield found


def tokens(query: str) -> list[Tok]:
    out: list[Tok] = []
    for m in _scan(query):
        lp, rp, rfield, rtext, pfield, qfield, phrase, slop, wfield, word, bare = m.groups()
        if lp or rp:
            out.append(Tok(lp or rp))
        elif rfield:
            low, _, high = rtext.partition(" TO ")
            out.append(Tok("range", field=rfield.upper(), low=low.strip(), high=high.strip()))
        elif pfield:
            out.append(Tok("prefix", field=pfield.upper()))
        elif phrase is not None:
            field_ = qfield.upper() if qfield else None
            if slop:  # proximity: every word, in any order (read as AND)
                if field_:
                    out.append(Tok("prefix", field=field_))
                out.append(Tok("("))
                for index, part in enumerate(phrase.split()):
                    if index:
                        out.append(Tok("op", "AND"))
                    out.append(Tok("term", part))
                out.append(Tok(")"))
            else:
                out.append(Tok("term", phrase, field_, True))
        elif wfield:
            out.append(Tok("term", word, wfield.upper()))
        else:
            out.append(_word_or_op(bare))
    return out


def parse(query: str) -> Node:
    return _Parser(tokens(query)).parse()


def _leaf(tok: Tok, field_: str | None, record: FakeRecord) -> bool:
    name = tok.field or field_
    what = _FIELDS.get(name or "", "text")
    if tok.kind == "range":
        return int(tok.low[:4]) <= record.year <= int(tok.high[:4])
    value = tok.text.strip().strip('"')
    if what in ("pmid", "doi"):
        return _same_id(what, value, record)
    if what == "year":
        return value[:4].isdigit() and int(value[:4]) == record.year
    if what == "language":
        return _LANGUAGES.get(value.lower(), value.lower()) == record.language
    if what == "source":  # the fake's records are all MEDLINE records
        return value.upper() == "MED" and record.pmid is not None
    if what == "mesh":
        return any(value.lower() == heading.lower() for heading in record.mesh)
    if what == "kw":  # keywords and MeSH terms
        return any(_words_match(value, text) for text in (*record.keywords, *record.mesh))
    return any(_words_match(value, text) for text in _texts(record, what))


def matches(node: Node, record: FakeRecord, field_: str | None = None) -> bool:
    kind = node[0]
    if kind == "or":
        return any(matches(part, record, field_) for part in node[1])
    if kind == "and":
        return all(matches(part, record, field_) for part in node[1])
    if kind == "not":
        return matches(node[1], record, field_) and not matches(node[2], record, field_)
    if kind == "field":
        return matches(node[2], record, node[1])
    return _leaf(node[1], field_, record)


def held(record: FakeRecord) -> bool:
    """Europe PMC holds a record listed for it or for PubMed."""
    return DATABASE in record.databases or "pubmed" in record.databases


def search(query: str, records: Sequence[FakeRecord],
           keep: Callable[[FakeRecord], bool] = lambda record: True) -> list[FakeRecord]:
    """The records Europe PMC holds that ``query`` matches and ``keep`` keeps."""
    tree = parse(query)
    return [record for record in records if held(record) and keep(record)
            and matches(tree, record)]
