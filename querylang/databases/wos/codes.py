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

# Importing native strategies (IM2xx, querylang import --from wos).
_code(
    "IM201",
    W,
    "A Web of Science term without a field tag",
    """A term in a pasted Web of Science search has no field tag (TS=, TI=...)
around it. The Advanced Search expects every term under a tag; querylang
reads the term as TS= (Topic), written topic:, and says so, because the
search may have meant another field.""",
    "TS=asthma AND wheez*",
    "TS=asthma AND TS=wheez*",
)
_code(
    "IM202",
    W,
    "KP= (Keywords Plus) has no portable field",
    """Keywords Plus are words Web of Science takes from the titles of an
article's references; no other database has them. KP= is read as topic:,
which Web of Science searches as TS= (title, abstract, author keywords and
Keywords Plus): the imported search finds more there, and elsewhere it
searches title, abstract and keywords.""",
    "KP=asthma",
    "TS=asthma",
    changes_meaning=True,
)
_code(
    "IM203",
    W,
    "SAME is read as AND",
    """Web of Science documents SAME for Address (AD=) searches: the terms in
one address of the record (Clarivate, Search Operators). Older help pages
give it as "in the same sentence" in other fields; what it does in TS= or
TI= today is not documented. The portable language has no SAME: it is
written AND, which finds at least as much as either reading. Use NEAR/n if
the terms must stay close.""",
    "TS=(asthma SAME child*)",
    "TS=(asthma NEAR/10 child*)",
    changes_meaning=True,
)
_code(
    "IM204",
    I,
    "A bare NEAR is NEAR/15",
    """Web of Science reads NEAR without a distance as NEAR/15 (Search
Operators help). The portable language always writes the distance, so the
import writes NEAR/15: the same search.""",
    "TS=(salmon NEAR virus)",
    "TS=(salmon NEAR/15 virus)",
)
_code(
    "IM205",
    E,
    "Left-hand truncation has no portable form",
    """Web of Science allows a wildcard at the start of a word in Topic and
Title searches (*oxide finds peroxide, sulfoxide...). The portable language
has none, because PubMed, arXiv and IEEE Xplore cannot search it: the import
refuses the term rather than search something else.""",
    "TS=*oxide",
    "TS=(peroxide OR sulfoxide OR oxide)",
)
_code(
    "IM206",
    E,
    "A Web of Science tag with no portable field",
    """WC= (Web of Science Categories), SU= (Research Areas), AD= (Address)
and other Web of Science tags name things no other database records the
same way. The import refuses the search rather than drop the tag: remove it
and apply it in Web of Science by hand (or refine the results there).""",
    "TS=asthma AND WC=(Allergy)",
    "TS=asthma",
)
_code(
    "IM207",
    W,
    "MHX= and MH= are MEDLINE's MeSH inside Web of Science",
    """Web of Science's MEDLINE database has MeSH tags: MHX= (a heading,
exploded) and MH= (the heading only). They are read as mesh: and
mesh-noexp:, exact in PubMed; compiled back to the Web of Science Core
Collection, which has no MeSH, they become a text search (WS102).""",
    'MHX=("Asthma")',
    'mesh:"Asthma"',
    changes_meaning=True,
)
_code(
    "IM208",
    E,
    "Not a Web of Science field tag querylang knows",
    """The text before = is not one of the Web of Science tags the import
reads. Check the spelling (TS, TI, AB, AK, KP, AU, SO, DO, IS, DT, PY, LA,
ALL, MHX, MH).""",
    "TX=asthma",
    "TS=asthma",
)
_code(
    "IM209",
    E,
    "AND inside a NEAR operand",
    """Web of Science refuses AND inside NEAR, including the AND it implies
between two words side by side: TS=(Brown NEAR spider bite) is not valid
(Search Operators help). The portable language refuses it too; quote the
words to make a phrase.""",
    "TS=(Brown NEAR spider bite)",
    'TS=(Brown NEAR "spider bite")',
)
_code(
    "IM210",
    E,
    "A NEAR the portable language cannot hold",
    """A portable NEAR joins two operands, each a word, a phrase or an OR of
them, in one field. A chain of NEAR, a NEAR inside a NEAR operand, a #n as
an operand or operands in two fields are refused with a hint.""",
    "TS=(Germany NEAR/10 (monetary NEAR/0 union))",
    'TS=(Germany NEAR/10 "monetary union")',
)
_code(
    "IM211",
    E,
    "A limit (PY=, LA=) not ANDed with the whole search",
    """Portable limits (year:, lang:) restrict a whole line: they may only be
ANDed at a line's top level, and a line needs a search besides them. PY= or
LA= inside OR, NOT, a group or another tag cannot be carried.""",
    "TS=asthma OR PY=2020",
    "TS=asthma AND PY=2020",
)
_code(
    "IM212",
    E,
    "PY= that is not a year or one range",
    """PY= takes a year (PY=2020) or a range (PY=2013-2023); years ORed are
read when they follow on (PY=(2019 OR 2020) is year:2019-2020). Years with
gaps cannot be one portable limit.""",
    "PY=(2010 OR 2020)",
    "PY=(2010-2020)",
)
_code(
    "IM213",
    E,
    "LA= with an unknown language",
    """LA= takes language names ORed: LA=(English OR French). A name querylang
does not know is refused with the closest names it knows.""",
    "LA=Englsh",
    "LA=English",
)
_code(
    "IM214",
    E,
    "A Web of Science search that cannot be read",
    """The pasted search has a syntax error: an unclosed quote or parenthesis,
an operator with nothing on one side, empty parentheses, NEAR/x with a
distance that is not a number, or a character with no meaning.""",
    "TS=(asthma OR",
    "TS=(asthma OR wheez*)",
)
_code(
    "IM215",
    W,
    "A DT= document type read as a publication type that is not the same",
    """DT= is read as pt:, the portable publication type (PubMed's). Where
Web of Science's document type and PubMed's publication type draw the line
in different places (Article and "journal article", Proceedings Paper or
Meeting Abstract and "congress"), the closest is written and said.""",
    "DT=Article",
    'DT=Review (pt:"review": the same records)',
    changes_meaning=True,
)
_code(
    "IM216",
    E,
    "A search set (#n) inside a field tag",
    """#3 stands for the results of search 3: it has no field, so it cannot
stand inside TS=( ). Write it outside the tag.""",
    "TS=(#1 OR asthma)",
    "#1 OR TS=asthma",
)
_code(
    "IM217",
    E,
    "DT= that is not document types ORed",
    """DT= takes Web of Science document types ORed: DT=(Article OR Review).
A record has one document type, so AND or NOT between types cannot be read
as a publication type (pt:) search.""",
    "DT=(Article AND Review)",
    "DT=(Article OR Review)",
)
_code(
    "IM218",
    E,
    "A DT= document type with no PubMed publication type",
    """Some Web of Science document types (Book Review, Early Access, Meeting
Summary...) have no PubMed publication type. The import refuses the search
rather than search the type's name as text: remove DT= and refine by
document type in Web of Science.""",
    "DT=(Book Review)",
    "DT=Review",
)
_code(
    "IM219",
    E,
    "IS= that is not an ISSN",
    """IS= is read as issn:. Web of Science's IS= also finds ISBNs, and an
ISSN must be NNNN-NNNC with a right check digit; anything else has no
portable form and is refused, with what is wrong with it.""",
    "IS=(978-0-12-345678-9)",
    "IS=(1361-8415)",
)
_code(
    "IM220",
    E,
    "A MeSH heading with a slash that is not a subheading",
    """MHX= and MH= are read as mesh:, where Heading/subheading names a MeSH
subheading after the slash. A slash followed by anything else cannot be
carried.""",
    'MHX=("Asthma/inhaler")',
    'MHX=("Asthma/drug therapy")',
)
_code(
    "IM221",
    I,
    "A word quoted to be carried",
    """A Web of Science word with characters the portable language takes
only inside a phrase (H&E, a word ending in punctuation) is written as a
one-word phrase. Compiled back to Web of Science it is quoted, and Web of
Science does not lemmatize a quoted term (Search Rules), so plural and
spelling variants are no longer found.""",
    "TS=H&E",
    'TS="H&E stain*"',
)

CODES: tuple[CodeInfo, ...] = _code.codes
