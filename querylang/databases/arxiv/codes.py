"""arXiv's diagnostic codes (AX): what its compiler says when the
strategy cannot be written exactly. ``querylang explain AX101`` prints one;
the registry entry's ``codes_path`` names :data:`CODES`, which
:mod:`querylang.codes` adds to the code registry on first need.
"""

from __future__ import annotations

from querylang.diagnostics import CodeInfo, CodeTable, Severity

__all__ = ["CODES"]

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741 (short names keep the table readable)

_code = CodeTable()

_code(
    "AX101",
    W,
    "arXiv has no keyword field: all: is used",
    """arXiv records carry no author keywords. kw: is searched in all:,
which finds at least as much.""",
    "kw:transformer",
    "tiab:transformer",
    changes_meaning=True,
)
_code(
    "AX102",
    W,
    "arXiv has no keywords: topic: searches title and abstract",
    """topic: means title, abstract or author keywords; arXiv has no keywords,
so it is written (ti:x OR abs:x), which can find less.""",
    "topic:transformer",
    "tiab:transformer",
    changes_meaning=True,
)
_code(
    "AX103",
    W,
    "arXiv has no MeSH: the heading is searched in title and abstract",
    """arXiv has no controlled vocabulary beyond its categories. The MeSH
heading is searched as text in title and abstract. Not equivalent: an
exploded heading also covers its narrower headings, whose records need not
use the heading's words.""",
    'mesh:"Diagnostic Imaging"',
    'tiab:("diagnostic imaging" OR radiolog*)',
    changes_meaning=True,
)
_code(
    "AX104",
    E,
    "arXiv cannot search a DOI",
    """The arXiv API has no DOI field (an unknown prefix is read as all:, which
would match any record mentioning the number's parts). The target writes no
query.""",
    'doi:"10.1000/xyz"',
    "search by title (ti:) instead",
)
_code(
    "AX105",
    W,
    "arXiv has no language filter: lang: dropped",
    """The arXiv API cannot filter by language; the limit is left out, so the
count includes every language. For lang:(english OR french) the diagnostic
names every language left out.""",
    "#1 AND lang:english",
    "#1",
    changes_meaning=True,
)
_code(
    "AX106",
    I,
    "arXiv year means first-version submission date",
    """arXiv filters on submittedDate, the date the first version was
submitted, written [YYYYMMDDhhmm TO YYYYMMDDhhmm] in GMT. For a preprint this
is its publication date.""",
    "year:2013-2023",
    "submittedDate:[201301010000 TO 202312312359]",
)
_code(
    "AX201",
    E,
    "arXiv refuses a wildcard as the first character of a word",
    """arXiv's wildcards work only after at least one letter. A word that
starts with a wildcard once punctuation is set aside cannot be searched; the
target writes no query.""",
    '"(*ology"',
    '"radiology"',
)
_code(
    "AX301",
    W,
    "arXiv has no proximity: NEAR becomes AND",
    """The arXiv API has no proximity operator; both sides are ANDed, which
finds at least as much.""",
    "pain NEAR/3 hip",
    "pain AND hip   (or a phrase)",
    changes_meaning=True,
)
_code(
    "AX107",
    W,
    "arXiv author search by surname",
    """arXiv stores author names given name first ("Eric J. Topol") and matches a
quoted name as a sequence, so "Topol E" in the surname-initials form that
PubMed and Web of Science use would find almost nothing. querylang searches
the surname alone, which finds at least as much (every author with that
surname).""",
    'au:"Topol E*"',
    'au:"Topol E*" AND ti:(...)   (or the name as arXiv shows it: au:"Eric Topol")',
    changes_meaning=True,
)
_code(
    "AX202",
    W,
    "Wildcard inside a phrase in arXiv",
    """arXiv's API documents no wildcards at all; single words with * are observed
to work, but a quoted phrase is matched as a sequence of words and the
wildcard inside it may be ignored, which finds less (only the stem itself).""",
    '"large language model*"',
    '"large language model" OR "large language models"',
    changes_meaning=True,
)
_code(
    "AX310",
    W,
    "arXiv has no zero-or-one wildcard: $ becomes *",
    """$ stands for zero or one character (Web of Science). arXiv documents
no wildcards; * is observed to work, so $ is written as *, which finds at
least as much.""",
    "colo$r",
    "color OR colour",
    changes_meaning=True,
)
_code(
    "AX311",
    W,
    "arXiv has no text-word field: tw: is searched in title and abstract",
    """PubMed's text words [tw] include MeSH headings and other terms; arXiv
has neither, so tw: is searched in the title and abstract.""",
    "tw:asthma",
    "tiab:asthma",
    changes_meaning=True,
)
_code(
    "AX312",
    W,
    "arXiv has no publication types: pt: is searched as text",
    """arXiv records carry no publication type. The type's words are searched
in the title and abstract, which is a different search.""",
    "pt:review",
    "tiab:(review OR survey)",
    changes_meaning=True,
)
_code(
    "AX313",
    W,
    "arXiv has no MeSH subheadings: sh: is searched as text",
    """A MeSH subheading (sh:) has no counterpart in arXiv. Its words are
searched in the title and abstract, which is a different search.""",
    'sh:"drug therapy"',
    'tiab:("drug therapy" OR drug*)',
    changes_meaning=True,
)
_code(
    "AX314",
    W,
    "arXiv has no MeSH subheadings: the subheading is left out",
    """A mesh:"Heading/subheading" is searched as the heading's words in the
title and abstract (see AX103); the subheading is left out: broader.""",
    'mesh:"Asthma/drug therapy"',
    "tiab:asthma",
    changes_meaning=True,
)
_code(
    "AX315",
    E,
    "arXiv cannot search an ISSN",
    """The arXiv API has no journal identifier field (jr: is the free-text
journal reference the authors give). An ISSN cannot be searched.""",
    "issn:1361-8415",
    'so:"Medical Image Analysis"',
)
_code(
    "AX316",
    W,
    "arXiv has no ISSN field: a journal filter ANDed on the line is left out",
    """An issn: term ANDed at the top of a line restricts the search to some
journals. arXiv cannot search an ISSN, so the filter is left out, which
finds at least as much (records from every journal). An ISSN anywhere else
(inside OR, on the right of NOT, or alone on its line) is refused (AX315).""",
    "asthma AND issn:1361-8415",
    'asthma AND so:"Medical Image Analysis"',
    changes_meaning=True,
)

CODES: tuple[CodeInfo, ...] = _code.codes
