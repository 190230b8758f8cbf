"""Is this text clearly a native strategy of a database querylang can import
(PubMed, Web of Science...)?

:mod:`querylang.pasted` recognises each piece of another database's syntax
in a portable strategy and gives it a QL012 with its portable form: right
for one tag pasted into a portable line. A whole strategy written in
PubMed or Web of Science syntax is another case: a QL012 for every term
says the same thing again and again, while the import command reads the
whole strategy at once. So when the pasted pieces are many and (nearly)
all of one database, the checks give one IM008 instead, naming the
import command; everything else they found stays.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from querylang import codes
from querylang.diagnostics import Diagnostic

__all__ = ["native_dialect", "fold_native", "fold_unparsed", "IMPORT_HINT"]


@cache
def _titles() -> dict[str, str]:
    """Each database ``--from`` can read -> its display name, which begins
    QL012's message about a piece of its syntax (querylang.pasted:
    "PubMed field tag ..."). Read from the registry on first need (the
    portable checks start without it)."""
    from querylang.imports import TITLES

    return TITLES
#: At least this many pieces of one database's syntax...
_AT_LEAST = 2
#: ...and at least this share of all the pasted pieces.
_SHARE = 0.8

#: The hint of IM008; FILE is replaced by the file's name where known.
IMPORT_HINT = ("read it with: querylang import --from {dialect} FILE "
               "(compile and run take --from {dialect} too)")


def _dialect_of(diagnostic: Diagnostic) -> str | None:
    if diagnostic.code != "QL012":
        return None
    for dialect, title in _titles().items():
        if diagnostic.message.startswith(title + " "):
            return dialect
    return None


#: A physical line with no term of its own: a line number, references,
#: operators and parentheses only (``#3 #1 AND #2``).
_NO_TERMS = re.compile(r"\s*(?:#?[0-9]+[.:)]?\s+)?(?:#[0-9]+|AND|OR|NOT|[()\s])*", re.IGNORECASE)


def native_dialect(diagnostics: Sequence[Diagnostic], text: str | None = None) -> str | None:
    """The database whose syntax the QL012s in ``diagnostics`` mostly name,
    when they are enough to call the text native; else None. With ``text``,
    the pieces must also stand on at least half of the lines that hold
    terms: one pasted line in a portable strategy keeps its QL012s, whose
    hints give the portable form of each piece."""
    pasted = [d for d in diagnostics if d.code == "QL012"]
    if len(pasted) < _AT_LEAST:
        return None
    for dialect in _titles():
        mine = [d for d in pasted if _dialect_of(d) == dialect]
        if len(mine) >= _AT_LEAST and len(mine) >= _SHARE * len(pasted):
            if text is None or _on_most_lines(mine, text):
                return dialect
    return None


def _on_most_lines(found: Sequence[Diagnostic], text: str) -> bool:
    with_terms = {number for number, line in enumerate(text.split("\n"), start=1)
                  if line.strip() and not _NO_TERMS.fullmatch(line)}
    native = {d.span.line for d in found} & with_terms
    return 2 * len(native) >= len(with_terms)


def fold_native(diagnostics: list[Diagnostic], text: str | None = None) -> list[Diagnostic]:
    """``diagnostics`` with the QL012s of a clearly native strategy replaced
    by one IM008 (at the first of them), and the syntax errors of reading it
    as portable dropped; unchanged otherwise."""
    dialect = native_dialect(diagnostics, text)
    if dialect is None:
        return diagnostics
    mine = [d for d in diagnostics if _dialect_of(d) == dialect]
    first = min(mine, key=lambda d: (d.span.line, d.span.column))
    count = len(mine)
    said = codes.make(
        "IM008",
        f"this is a {_titles()[dialect]} strategy ({count} pieces of its syntax), not querylang's "
        "portable language",
        first.span,
        IMPORT_HINT.format(dialect=dialect),
    )
    kept = [d for d in diagnostics if _dialect_of(d) != dialect and d.code not in _SYNTAX_CODES]
    return [said, *kept]


#: The portable parser's syntax errors. In a native strategy they are its
#: misreadings (a title line "Appendix 2. ...", a "1 TS=" numbering), not
#: mistakes to fix: the import reports whatever it cannot read itself.
_SYNTAX_CODES = frozenset(
    {"QL001", "QL002", "QL003", "QL004", "QL005", "QL006", "QL007", "QL010", "QL011", "QL013"}
)


def fold_unparsed(diagnostics: list[Diagnostic], text: str) -> list[Diagnostic]:
    """IM008 for a native strategy whose syntax the portable parse never
    reached: lines numbered ``1 TS=(...)`` (one QL013 stops the parse) or
    PubMed's history download (a CSV table: a syntax error per row).
    ``diagnostics`` unchanged when the text is not native."""
    from querylang.parser import pasted_syntax

    if [d.code for d in diagnostics] == ["QL013"]:
        pasted = pasted_syntax(text)
        if native_dialect(pasted, text) is not None:
            return fold_native([*diagnostics, *pasted], text)
        return diagnostics
    pasted = _pasted_in_table(text)
    if native_dialect(pasted) is not None:  # every row of a table is a search
        return fold_native([*diagnostics, *pasted])
    return diagnostics


def _pasted_in_table(text: str) -> list[Diagnostic]:
    """QL012 for the pasted syntax in each query cell of a history table
    (none when ``text`` is no such table)."""
    from querylang.imports.history import span_at, split_source
    from querylang.pasted import find_pasted, pasted_diagnostic
    from querylang.record import replace

    if not text.lstrip().lower().startswith(("search", "#", "set", "query")):
        return []  # a table's header names its columns; nothing else needs splitting
    split = split_source(text)
    if not split.numbered or len(split.lines) < _AT_LEAST:
        return []
    return [
        replace(pasted_diagnostic(line.text, found), span=span_at(line, found.start, found.end))
        for line in split.lines
        for found in find_pasted(line.text)
    ]
