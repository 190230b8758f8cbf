"""Web of Science's diagnostic codes (WS): what its compiler says when the
strategy cannot be written exactly. ``querylang explain WS101`` prints one;
the registry entry's ``codes_path`` names :data:`CODES`, which
:mod:`querylang.codes` adds to the code registry on first need.
"""

from __future__ import annotations

from querylang.diagnostics import CodeInfo, CodeTable, Severity

__all__ = ["CODES"]

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741 (short names keep the table readable)

_code = CodeTable()

_code(
    "WS101",
    I,
    "TS= also searches Keywords Plus",
    """Web of Science's topic field TS= covers title, abstract, author
keywords and Keywords Plus (terms Clarivate derives from cited titles).
topic: means title, abstract or author keywords, so TS= finds a little more.""",
    "topic:asthma",
    "(TI=asthma OR AB=asthma OR AK=asthma)   written by hand in the interface",
    changes_meaning=True,
)
_code(
    "WS102",
    W,
    "Web of Science has no MeSH: the heading is searched as text in TS=",
    """Web of Science has no MeSH index. The heading's words are searched in
the topic field, which finds records that use the words. This is not
equivalent to the heading, in either direction: an exploded heading also
finds records indexed with its narrower headings (budesonide under Adrenal
Cortex Hormones) whose text never says the heading's words, and a text search
finds records that use the words without being about the concept. Name the
concept and its narrower terms in words.""",
    'mesh:"Diagnostic Imaging"',
    'topic:("diagnostic imaging" OR radiolog*)   (name the concept in words)',
    changes_meaning=True,
)
_code(
    "WS111",
    W,
    "The Web of Science Starter API searches TS= instead",
    """The Starter API accepts only the tags AI AU CS DO DOP DT FPY IS OG PG
PMID PY SO SUR TI TS UT VL: no AB (abstract) or AK (author keywords). ab:,
tiab: and kw: are sent as TS= (title, abstract, keywords), which finds at
least as much. The interface string keeps the exact tags.""",
    "ab:asthma",
    "topic:asthma (what the API can search), or ti:asthma",
    changes_meaning=True,
)
_code(
    "WS112",
    W,
    "The Web of Science Starter API has no ALL=: TS= is used",
    """The Starter API has no all-fields tag. all: is sent as TS=, which
searches fewer fields: this finds less.""",
    "all:GPT",
    "topic:GPT",
    changes_meaning=True,
)
_code(
    "WS113",
    W,
    "The Web of Science Starter API has no language filter: lang: dropped",
    """The Starter API accepts no LA= tag. The language limit is left out of
the API query, so the count includes every language. The interface string
keeps LA= (LA=(English OR French) for lang:(english OR french)); the
diagnostic names every language left out.""",
    "#1 AND lang:english",
    "#1   (and screen by language afterwards)",
    changes_meaning=True,
)
_code(
    "WS201",
    W,
    "Web of Science needs 3 letters before a right-hand wildcard",
    """In TS= and TI= Web of Science needs at least 3 characters before a
right-hand wildcard. The shorter stem is searched without the wildcard,
which finds less.""",
    "AI*",
    "AI OR AIs",
    changes_meaning=True,
)
_code(
    "WS202",
    W,
    "$ is a Web of Science wildcard and not allowed in a phrase",
    """Web of Science reads $ as a wildcard (zero or one character) and does
not allow it inside quotes. A $ in a phrase is replaced by a space.""",
    '"US$ cost"',
    '"US cost"',
    changes_meaning=True,
)
_code(
    "WS301",
    W,
    "NEAR distance above 15",
    """Web of Science's help describes NEAR/n with n up to 15 in places (a bare
NEAR means NEAR/15); larger distances were observed to run. The distance is
written as given; if Web of Science refuses it, use 15 or less.""",
    "pain NEAR/20 hip",
    "pain NEAR/15 hip",
)
_code(
    "WS302",
    I,
    "NEAR through the Web of Science Starter API is unconfirmed",
    """Whether the Starter API honours NEAR/n is not documented. The API query
keeps it as written; compare the count with the interface when it matters.""",
    "pain NEAR/3 hip",
    "pain NEAR/3 hip   (check the count in the web interface)",
)
_code(
    "WS401",
    W,
    "An All Fields search with more than 49 operators",
    """Clarivate's help (Search Rules; Search Operators) limits an All Fields
search (ALL=) in the Web of Science Core Collection to 49 Boolean or
proximity operators; searches in other fields (TS=, TI=, AB=...) have no
documented limit. querylang warns when the advanced-search string holds ALL=
and more than 49 operators, counted on that string as written (tiab: written
as TI=(...) OR AB=(...) counts its operators twice). The query is still
written: Web of Science, not querylang, decides. The Starter API query has
no ALL= (all: becomes TS=) and is never warned. Splitting the line into #n
lines does not help: references are expanded into the line.""",
    "all:(a OR b OR c OR ... 50 terms)",
    "topic:(a OR b OR c OR ...)   (TS=: no operator limit is documented)",
)
_code(
    "WS203",
    E,
    "Web of Science cannot search a short stem with an inner wildcard",
    """In Topic and Title searches Web of Science needs at least three
characters before a wildcard, for internal wildcards too ("Right-Hand and
Internal Truncation"), and answers a search error otherwise. Dropping an
inner wildcard would leave a word that is not one, so the term is refused
and Web of Science gets no query.""",
    "wo?an",
    "woman OR women",
)
_code(
    "WS204",
    E,
    "Web of Science allows no wildcard right after punctuation",
    """Web of Science's help: "You cannot use wildcards after special characters
(/ @ #) and punctuation (. , : ; !)". Such a term is refused: dropping the
wildcard would search only the literal text.""",
    'doi:"10.1038/*"',
    'doi:"10.1038/s41591-021-01614-0"',
)
_code(
    "WS205",
    W,
    "Web of Science needs 2 letters before a wildcard in an author name",
    """In Author searches Web of Science needs at least two characters before a
right-hand wildcard; the wildcard is removed, which finds less.""",
    "au:S*",
    'au:"Smith J*"',
    changes_meaning=True,
)
_code(
    "WS310",
    W,
    "$ inside a phrase: written as * for Web of Science",
    """Web of Science does not allow the $ wildcard in a quoted phrase
(Clarivate's help, "Wildcards"). In a phrase, $ is written as *, which finds
at least as much (any number of characters instead of zero or one).""",
    '"colo$r imaging"',
    '"color imaging" OR "colour imaging"',
    changes_meaning=True,
)
_code(
    "WS311",
    W,
    "Web of Science has no text-word field: tw: is searched as TS=",
    """PubMed's text words [tw] are the title, abstract, MeSH headings and
subheadings, publication types and other terms. Web of Science's closest
field is Topic (TS=: title, abstract, author keywords, Keywords Plus): it
has no MeSH, so records that carry the word only as a heading are missed,
and Keywords Plus adds others.""",
    "tw:asthma",
    "topic:asthma",
    changes_meaning=True,
)
_code(
    "WS312",
    W,
    "Web of Science has no MeSH subheadings: the subheading is left out",
    """Web of Science has no MeSH. A mesh:"Heading/subheading" is searched as
the heading's words in TS= (see WS102), and the subheading is left out:
broader.""",
    'mesh:"Asthma/drug therapy"',
    'topic:asthma AND topic:(drug* OR medication*)',
    changes_meaning=True,
)
_code(
    "WS313",
    W,
    "Web of Science has no MeSH subheadings: sh: is searched as text in TS=",
    """A MeSH subheading (sh:) is a qualifier NLM's indexers attach to a
heading; Web of Science has nothing like it. Its words are searched as text
in TS=, which is a different search.""",
    'sh:"drug therapy"',
    'topic:("drug therapy" OR drug*)',
    changes_meaning=True,
)
_code(
    "WS314",
    W,
    "A publication type whose Web of Science document type is not the same",
    """pt: is written as the closest Web of Science document type (DT=), but
the two lists do not match one to one: Web of Science has no "Systematic
Review" (DT=Review, broader), files conference papers as "Proceedings
Paper", and its "Article" leaves out reviews that PubMed also calls
"Journal Article".""",
    'pt:"systematic review"',
    "pt:review",
    changes_meaning=True,
)
_code(
    "WS315",
    W,
    "Publication type with no Web of Science document type, searched as text in TS=",
    """Web of Science's document types (Article, Review, Editorial Material,
Letter, Meeting Abstract, Proceedings Paper...) describe the form of a
publication, not the study design: there is no "Randomized Controlled Trial"
or "Case Reports". The publication type is searched as text in TS=, which
finds records that use the words: a different, usually smaller, set.""",
    'pt:"randomized controlled trial"',
    'topic:(randomized OR randomised OR "controlled trial*")',
    changes_meaning=True,
)

CODES: tuple[CodeInfo, ...] = _code.codes
