"""IEEE Xplore's diagnostic codes (IE): what its compiler says when the
strategy cannot be written exactly. ``querylang explain IE101`` prints one;
the registry entry's ``codes_path`` names :data:`CODES`, which
:mod:`querylang.codes` adds to the code registry on first need.
"""

from __future__ import annotations

from querylang.diagnostics import CodeInfo, CodeTable, Severity

__all__ = ["CODES"]

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741 (short names keep the table readable)

_code = CodeTable()

_code(
    "IE101",
    W,
    "MeSH in IEEE Xplore: the heading is searched as text in All Metadata",
    """IEEE Xplore carries MeSH terms on few records (its index terms include
them for some, mostly EMBS, publications) and has no MeSH field to explode.
The heading is searched as text in "All Metadata", which finds records that
use its words anywhere. Not equivalent: narrower headings are not included.""",
    'mesh:"Diagnostic Imaging"',
    'tiab:"diagnostic imaging"',
    changes_meaning=True,
)
_code(
    "IE102",
    W,
    "IEEE Xplore has no language filter: lang: dropped",
    """IEEE Xplore cannot filter by language; the limit is left out, so the
count includes every language. For lang:(english OR french) the diagnostic
names every language left out.""",
    "#1 AND lang:english",
    "#1",
    changes_meaning=True,
)
_code(
    "IE103",
    I,
    "IEEE Xplore takes the years as a filter",
    """IEEE Xplore has no year field in the query text. The API request sends
the years as start_year/end_year; in the web interface, set the year filter
by hand (the note under the query says to which years).""",
    "#1 AND year:2013-2023",
    "the query, plus the filter 2013-2023",
)
_code(
    "IE104",
    W,
    "A year limit inside OR or NOT cannot be sent to IEEE Xplore",
    """IEEE Xplore's years are a filter on the whole search. A year limit that
reaches the inside of an OR or NOT (through a #n reference) cannot be said,
and is dropped.""",
    "1. asthma AND year:2020\n2. #1 OR wheez*",
    "put the year limit on the last line",
    changes_meaning=True,
)
_code(
    "IE201",
    E,
    "IEEE Xplore needs 3 letters before a wildcard",
    """IEEE Xplore expands * only after at least 3 characters ("each wildcard
word must have a minimum of three characters preceding the wildcard", IEEE
Xplore SDK). The stem of a shorter one is not a word ("brain ca*" is not
"brain ca"), so querylang does not send it as one: the line is refused for
IEEE Xplore until the variants are written out.""",
    "AI*",
    "AI OR AIs",
)
_code(
    "IE202",
    E,
    "IEEE Xplore cannot search a short stem with an inner wildcard",
    """An inner wildcard needs at least 3 characters before it in IEEE Xplore.
Dropping it would leave a word that is not one, so the term is refused and
IEEE Xplore gets no query.""",
    "w?n",
    "win OR won",
)
_code(
    "IE203",
    W,
    "IEEE Xplore has no single-character wildcard: ? becomes *",
    """IEEE Xplore knows only *. ? is written as *, which finds at least as
much.""",
    "wom?n",
    "woman OR women",
    changes_meaning=True,
)
_code(
    "IE204",
    W,
    "More than 2 wildcard words in one IEEE Xplore search (all kept)",
    """IEEE Xplore's SDK pages say "include no more than two wildcard words"
for index-term searches (indexTerms()); for the query text querylang sends
(querytext) no limit is documented. So every wildcard is kept, the same in
every line, and this warning names the distinct wildcard words of a line
that has more than two, counting those its #n references bring in (a final
line "#11 AND lang:english" holds them all). compile, run and the report say
it once per database, for the final line. Nothing is changed: it is a
warning because IEEE Xplore might refuse such a search. If it does, choose
the words that keep their wildcard with a line
# ieee-wildcards: word* word* in the strategy, and write the others'
variants out.""",
    "radiolog* OR imag* OR segment*",
    "# ieee-wildcards: radiolog* imag*   and   segmentation OR segmenting",
)
_code(
    "IE205",
    E,
    "A wildcard word the user did not choose for IEEE Xplore",
    """The strategy says which words keep their wildcard in IEEE Xplore
(# ieee-wildcards: ...). Another word with a wildcard is refused, never
searched as its stem: radiolog or "medical imag" are not words, and a search
for them would quietly lose the concept. IEEE Xplore gets no query for the
line.""",
    "# ieee-wildcards: radiolog* imag*\nradiolog* OR imag* OR segment*",
    "radiolog* OR imag* OR segmentation OR segmenting   (or add segment* to the list)",
)
_code(
    "IE207",
    W,
    "A word chosen for IEEE Xplore's wildcards is not in the strategy",
    """A # ieee-wildcards: line names a word with a wildcard that no term of
the strategy holds, so the choice does nothing for it (a typo, or a word
written differently: imag* for "medical imag*").""",
    "# ieee-wildcards: radiology*",
    "# ieee-wildcards: radiolog*",
)
_code(
    "IE206",
    W,
    "IEEE Xplore author search by surname",
    """IEEE Xplore shows author names given name first, and its examples search a
surname ("Authors":Hinton). "Topol E" in the surname-initials form would
rarely match, so querylang searches the surname alone, which finds at least
as much.""",
    'au:"Topol E*"',
    'au:"Topol E*" AND ti:(...)   (or the name as IEEE Xplore shows it)',
    changes_meaning=True,
)
_code(
    "IE301",
    I,
    "NEAR through the IEEE Xplore API is undocumented",
    """IEEE Xplore's command search documents NEAR/n and ONEAR/n (IEEE Xplore help,
"Complex Command Search Examples"), but the Metadata Search API documentation
lists only AND, OR and NOT, and neither says that a field may stand on each
side ("Abstract":a NEAR/3 "Abstract":b). querylang writes it that way;
compare the count with the web interface.""",
    "pain NEAR/3 hip",
    "pain NEAR/3 hip   (and check the count in command search)",
)
_code(
    "IE310",
    W,
    "IEEE Xplore has no zero-or-one wildcard: $ becomes *",
    """$ stands for zero or one character (Web of Science). IEEE Xplore knows
only * (at least three characters before it), so $ is written as *, which
finds at least as much.""",
    "colo$r",
    "color OR colour",
    changes_meaning=True,
)
_code(
    "IE311",
    W,
    "IEEE Xplore has no text-word field: tw: is searched in title, abstract and index terms",
    """PubMed's text words [tw] are the title, abstract, MeSH and other
terms. IEEE Xplore's closest is the document title, the abstract and its
Index Terms (author keywords and IEEE's controlled terms): a different
vocabulary from MeSH.""",
    "tw:asthma",
    "topic:asthma",
    changes_meaning=True,
)
_code(
    "IE312",
    W,
    "IEEE Xplore has no publication types: pt: is searched as text",
    """IEEE Xplore's content types (journals, conferences, standards...) are
not publication types. The type's words are searched in All Metadata, which
is a different search.""",
    "pt:review",
    'all:(review OR survey)',
    changes_meaning=True,
)
_code(
    "IE313",
    W,
    "IEEE Xplore has no MeSH subheadings: sh: is searched as text",
    """A MeSH subheading (sh:) has no counterpart in IEEE Xplore. Its words
are searched in All Metadata, which is a different search.""",
    'sh:"drug therapy"',
    'all:("drug therapy" OR drug*)',
    changes_meaning=True,
)
_code(
    "IE314",
    W,
    "IEEE Xplore has no MeSH subheadings: the subheading is left out",
    """A mesh:"Heading/subheading" is searched as the heading's words in All
Metadata (see IE101); the subheading is left out: broader.""",
    'mesh:"Asthma/drug therapy"',
    "all:asthma",
    changes_meaning=True,
)
_code(
    "IE315",
    E,
    "IEEE Xplore cannot search an ISSN inside the query",
    """IEEE Xplore's query text has no documented ISSN field (the API's
separate issn parameter filters a whole request, not one term). An ISSN
term cannot be searched.""",
    "issn:0018-9219",
    'so:"Proceedings of the IEEE"',
)
_code(
    "IE316",
    W,
    "IEEE Xplore has no ISSN field: a journal filter ANDed on the line is left out",
    """An issn: term ANDed at the top of a line restricts the search to some
journals. IEEE Xplore's query cannot search an ISSN, so the filter is left
out, which finds at least as much (records from every journal). An ISSN
anywhere else (inside OR, on the right of NOT, or alone on its line) is
refused (IE315).""",
    "radar AND issn:0018-9219",
    'radar AND so:"Proceedings of the IEEE"',
    changes_meaning=True,
)

CODES: tuple[CodeInfo, ...] = _code.codes
