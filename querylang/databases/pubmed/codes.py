"""PubMed's diagnostic codes (PM): what its compiler says when the
strategy cannot be written exactly. ``querylang explain PM101`` prints one;
the registry entry's ``codes_path`` names :data:`CODES`, which
:mod:`querylang.codes` adds to the code registry on first need.
"""

from __future__ import annotations

from querylang.diagnostics import CodeInfo, CodeTable, Severity

__all__ = ["CODES"]

E, W = Severity.ERROR, Severity.WARNING

_code = CodeTable()

_code(
    "PM101",
    W,
    "PubMed has no abstract-only field: [tiab] is used",
    """PubMed cannot search the abstract alone. ab: is written as [tiab]
(title or abstract), which finds at least as much.""",
    "ab:asthma",
    "tiab:asthma   (say title or abstract, which PubMed can search exactly)",
    changes_meaning=True,
)
_code(
    "PM201",
    W,
    "PubMed needs 4 letters before a wildcard",
    """PubMed expands a wildcard only after at least 4 characters before the
term's first wildcard (NLM Technical Bulletin mj24). In a phrase the count
runs from the phrase's start, so "critical ill*" keeps its wildcard and
"ca* screening" does not. A shorter stem whose wildcard ends the word is
searched without the wildcard, which finds less: its variants are lost.""",
    "GPT*",
    "GPT OR GPTs OR GPT-4   (write the variants out)",
    changes_meaning=True,
)
_code(
    "PM202",
    E,
    "PubMed cannot search a short stem with an inner wildcard",
    """A wildcard inside a word needs at least 4 characters before it in
PubMed. Dropping an inner wildcard would leave a word that is not one, so
the term is refused and PubMed gets no query.""",
    "wom?n",
    "woman OR women",
)
_code(
    "PM203",
    W,
    "PubMed has no single-character wildcard: ? becomes *",
    """PubMed knows only *, any number of characters. ? (exactly one) is
written as *, which finds at least as much.""",
    "wom?n",
    "woman OR women   (exact), or wom*n (the broader form, said)",
    changes_meaning=True,
)
_code(
    "PM301",
    W,
    "PubMed proximity not possible: NEAR becomes AND",
    """PubMed's proximity search ("a b"[tiab:~n]) takes plain words in title
or title/abstract only: no wildcard, no other field. Otherwise both sides are
ANDed, which finds at least as much.""",
    "radiolog* NEAR/3 report",
    "(radiology OR radiologist) NEAR/3 report   (words, not wildcards)",
    changes_meaning=True,
)
_code(
    "PM302",
    W,
    "PubMed proximity does not keep a phrase's word order",
    """PubMed's proximity search puts every word in one quoted list and
requires them all within n words of each other, in any order. A phrase
operand therefore loses its adjacency and order: broader.""",
    '"heart attack" NEAR/3 risk',
    "heart NEAR/3 risk   (single words on each side)",
    changes_meaning=True,
)
_code(
    "PM401",
    W,
    "A term in a non-Latin script in PubMed",
    """PubMed indexes citations in Latin script: titles of articles in other
languages are given in English translation, and abstracts, author names and
MeSH are in Latin script too. A term written in another script (Chinese,
Cyrillic, Greek letters as words...) will probably match nothing. The term is
sent as written; search the English or transliterated form instead.""",
    "東京 OR Ärzte",
    "Tokyo OR Ärzte",
)
_code(
    "PM310",
    W,
    "PubMed has no zero-or-one wildcard: $ becomes *",
    """$ stands for zero or one character (Web of Science). PubMed knows only
*, any number of characters (at least four characters before it), so $ is
written as *, which finds at least as much: colo$r finds color, colour and
also colonizer. The 4-character rule then applies to the stem.""",
    "colo$r",
    "color OR colour",
    changes_meaning=True,
)

CODES: tuple[CodeInfo, ...] = _code.codes
