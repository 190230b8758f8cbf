"""PubMed's diagnostic codes (PM): what its compiler says when the
strategy cannot be written exactly. ``querylang explain PM101`` prints one;
the registry entry's ``codes_path`` names :data:`CODES`, which
:mod:`querylang.codes` adds to the code registry on first need.
"""

from __future__ import annotations

from querylang.diagnostics import CodeInfo, CodeTable, Severity

__all__ = ["CODES"]

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741 (short names keep the table readable)

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

# Importing native strategies (IM1xx, querylang import --from pubmed).
# Source of the tags: PubMed Help, "Search Field Descriptions and Tags"
# (https://pubmed.ncbi.nlm.nih.gov/help/#search-tags).
_code(
    "IM101",
    W,
    "Untagged term: PubMed's automatic term mapping is lost",
    """PubMed maps a term without a tag, quotes, wildcard or hyphen through its
Automatic Term Mapping (MeSH headings, their entry terms, journals,
authors), then searches All Fields. The portable language has no such
mapping: the term is imported as all:, which searches the words in all
fields but misses the synonyms mapping adds. Tag the term in PubMed, or add
the MeSH heading and synonyms yourself.""",
    "heart attack",
    'mesh:"Myocardial Infarction" OR "heart attack"',
    changes_meaning=True,
)
_code(
    "IM102",
    W,
    "[ab] is not a PubMed tag",
    """PubMed has no abstract-only field: the Title/Abstract tag [tiab] is the
nearest. The search is imported as ab: (what its author meant); compiled for
PubMed it becomes [tiab] (PM101), which is what PubMed can search.""",
    "asthma[ab]",
    "asthma[tiab]",
    changes_meaning=True,
)
_code(
    "IM103",
    E,
    "Not a PubMed field tag",
    """The bracket after the term is not one of PubMed's field tags (long or
short form, any case). The import cannot tell what field was meant.""",
    "asthma[tiabs]",
    "asthma[tiab]",
)
_code(
    "IM104",
    E,
    "PubMed field with no portable form",
    """The tag is a real PubMed field, but the portable language has no field
for it (affiliation, PMID, grant number, supplementary concept...), so the
other databases could not search it either. The import refuses the term
rather than drop it; the hint names the closest portable field if any.""",
    "asthma[mh] AND harvard[ad]",
    "asthma[mh]",
)
_code(
    "IM105",
    W,
    "Author position not kept",
    """[1au] (first author), [lastau] (last author) and [fau] (full author name)
have no portable form: the name is imported as au:, any author, which
finds at least as much.""",
    "Smith J[1au]",
    'au:"Smith J"',
    changes_meaning=True,
)
_code(
    "IM106",
    W,
    "Not exploded heading widened",
    """[majr:noexp] (major topic, this heading only) and [sh:noexp] have no
portable form; the import writes the exploded form (mesh-major:, sh:), which
finds at least as much.""",
    "Asthma[majr:noexp]",
    'mesh-major:"Asthma"',
    changes_meaning=True,
)
_code(
    "IM107",
    W,
    "Another date read as the publication year",
    """The portable year: limit is the publication year ([dp]). Entrez date
[edat], create date [crdt], MeSH date [mhda], completion date [dcom] and
modification date [lr] record when PubMed handled the citation, which can be
years after publication. The import reads the range as publication years.""",
    "2020:2023[edat]",
    "year:2020-2023",
    changes_meaning=True,
)
_code(
    "IM108",
    W,
    "[doi] is not a documented PubMed tag",
    """PubMed's list of field tags has no [doi]: a DOI is searched with the
Article Identifier tag [aid] (or [lid], Location ID). The term is imported
as doi:, which compiles to [aid] for PubMed.""",
    '"10.1016/j.media.2023.102773"[doi]',
    '"10.1016/j.media.2023.102773"[aid]',
)
_code(
    "IM109",
    E,
    "Article identifier that is not a DOI",
    """[aid] and [lid] also hold publisher item identifiers (pii) and page
locations; the portable doi: field holds DOIs only (10.nnnn/...).""",
    "S0140-6736(20)30183-5[aid]",
    '"10.1016/S0140-6736(20)30183-5"[aid]',
)
_code(
    "IM110",
    E,
    "PubMed subset ([sb]) has no portable form",
    """A subset ([sb]: medline, systematic, free full text, pubmednotmedline...)
is a PubMed filter with no equivalent in the other databases. The import
refuses it rather than drop it; the hint names the closest portable search
where there is one (a systematic review filter by publication type).""",
    "asthma[mh] AND systematic[sb]",
    'mesh:"asthma" AND (pt:"systematic review" OR pt:"meta-analysis")',
)
_code(
    "IM111",
    E,
    "Date the import cannot read",
    """A date tag takes a year (2013), a year/month/day (2013/01/31), or a
range of either with a colon (2013:2023, 2013/01/01:2023/12/31, or
"2013"[dp] : "2023"[dp]). Relative dates ("last 5 years") have no fixed
meaning and no portable form.""",
    '"last 5 years"[dp]',
    "2019:2024[dp]",
)
_code(
    "IM112",
    W,
    "Date range widened to whole years",
    """The portable year: limit counts whole years. A range that starts after
1 January or ends before 31 December is imported as the whole years it
touches, which finds at least as much.""",
    "2013/06/01:2023/03/31[dp]",
    "year:2013-2023",
    changes_meaning=True,
)
_code(
    "IM113",
    E,
    "Limit that does not restrict the whole search",
    """A portable limit (year:, lang:) restricts a whole line: it may stand only
as an operand of the line's AND. A date or language inside an OR, or on
the right of NOT, means something the portable language cannot say.
Move the limit out to its own AND at the end of the search.""",
    "asthma[mh] OR 2020[dp]",
    "asthma[mh] AND 2020[dp]",
)
_code(
    "IM114",
    I,
    "Limit moved to the end of the line",
    """PubMed reads left to right, so a limit can stand inside the line ((a AND
2013:2023[dp]) NOT b). The portable language writes limits as top-level AND
operands: the import moves the limit to the end, which means the same.""",
    "asthma[mh] AND 2013:2023[dp] NOT animals[mh]",
    'mesh:"asthma" NOT mesh:"animals" AND year:2013-2023',
)
_code(
    "IM115",
    W,
    "Tag after a parenthesised group",
    """PubMed applies a tag to the term before it only: (a OR b)[tiab] is not a
tagged group (PubMed's help asks to tag every term). The import reads the
tag as meant for every untagged term in the group.""",
    "(asthma OR wheeze)[tiab]",
    "asthma[tiab] OR wheeze[tiab]",
    changes_meaning=True,
)
_code(
    "IM116",
    W,
    "Proximity of more than two words widened",
    """PubMed's "a b c"[tiab:~n] wants all the words within n words of each
other. Portable NEAR/n joins two terms; the import writes each neighbouring
pair with NEAR/n, ANDed, which finds at least as much.""",
    '"hip knee pain"[tiab:~3]',
    "(hip NEAR/3 knee) AND (knee NEAR/3 pain)",
    changes_meaning=True,
)
_code(
    "IM117",
    E,
    "Proximity in a field the portable language cannot search so",
    """PubMed proximity works in [ti], [tiab] and [ad]. Affiliation has no
portable field.""",
    '"harvard boston"[ad:~2]',
    '"hip pain"[tiab:~2]',
)
_code(
    "IM118",
    E,
    "Truncation at the start of a word",
    """A word may not start with *: neither PubMed nor the portable language has
left-hand truncation. Spell the variants out.""",
    "*ology[tiab]",
    "radiology[tiab] OR cardiology[tiab]",
)
_code(
    "IM119",
    E,
    "PubMed syntax error",
    """The search does not read as PubMed syntax: a parenthesis or a quote is
not closed, an operator has nothing on one side, or a bracket holds no tag.
PubMed itself would report an error or guess; the import stops at the
place shown.""",
    "(asthma[mh] OR wheez*[tiab]",
    "(asthma[mh] OR wheez*[tiab])",
)
_code(
    "IM120",
    W,
    "Two terms without an operator",
    """Between two terms (or a reference and a term) there is no operator;
PubMed combines them with AND, and so does the import.""",
    '"heart attack"[tiab] #1',
    '"heart attack"[tiab] AND #1',
)
_code(
    "IM121",
    W,
    "Lower-case operator",
    """PubMed's help asks for Boolean operators in upper case. A lower-case
and, or, not between two terms is read as the operator it spells; check
that this is what the search meant.""",
    "asthma[mh] or wheez*[tiab]",
    "asthma[mh] OR wheez*[tiab]",
)
_code(
    "IM122",
    E,
    "Language the import does not know",
    """A [la] term names a language that querylang does not know (by English
name, ISO 639-1 code or three-letter code).""",
    "englsh[la]",
    "english[la]",
)

CODES: tuple[CodeInfo, ...] = _code.codes
