"""OpenAlex's diagnostic codes (OA), added to querylang's code registry on
first need (``querylang explain OA204``).

OA1xx fields and limits, OA2xx wildcards, OA3xx proximity, OA4xx length.
Sources: docs/db-openalex.md.
"""

from __future__ import annotations

from querylang.diagnostics import CodeInfo, Severity

__all__ = ["CODES"]

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741 (short names keep the table readable)


def _code(
    code: str, severity: Severity, title: str, explanation: str, example: str, instead: str,
    *, changes_meaning: bool = False,
) -> CodeInfo:
    return CodeInfo(code, severity, title, explanation.strip(), example, instead, changes_meaning)


CODES: tuple[CodeInfo, ...] = (
    _code(
        "OA101", I, "OpenAlex's keywords are its own, not the authors'",
        """OpenAlex has no author keywords. kw: is searched in OpenAlex's
keywords (keyword.search), terms OpenAlex assigns to each work from its
title and abstract: a different set from the keywords the authors chose.""",
        "kw:radiomics",
        "tiab:radiomics",
        changes_meaning=True,
    ),
    _code(
        "OA102", W, "OpenAlex has no author keywords: topic: searches title and abstract",
        """topic: means title, abstract or author keywords. OpenAlex has no
author keywords, so topic: is searched in title and abstract
(search.title_and_abstract), which can find less.""",
        "topic:asthma",
        "tiab:asthma",
        changes_meaning=True,
    ),
    _code(
        "OA103", W, "OpenAlex's search= covers title, abstract and full text only",
        """all: is sent as OpenAlex's search= (or the default.search filter),
which searches title, abstract and the full text OpenAlex holds: not
authors, journals or identifiers. For some works it searches more (the
full text), for every work it searches fewer fields than all: means.""",
        "all:GPT",
        "tiab:GPT",
        changes_meaning=True,
    ),
    _code(
        "OA104", I, "An author is searched by surname in OpenAlex",
        """OpenAlex's raw_author_name.search looks for words in the names as
printed (given name first: "Eric J. Topol"). A name written "Surname
Initials" (Topol E) is searched by its surname, which finds every author
of that surname.""",
        'au:"Topol E"',
        'au:Topol AND tiab:"digital medicine"   (narrow it with a topic)',
        changes_meaning=True,
    ),
    _code(
        "OA105", E, "OpenAlex cannot search a journal by name",
        """OpenAlex has no filter on a source's name: a journal is a source
with an id (S...), found at api.openalex.org/sources?search=..., and
filtered with primary_location.source.id. querylang does not look ids up,
so a line with so: has no query for OpenAlex.""",
        'so:"Medical Image Analysis"',
        "issn:1361-8415   (OpenAlex filters by ISSN)",
    ),
    _code(
        "OA106", W, "OpenAlex has no MeSH: the heading is searched as text",
        """OpenAlex keeps MeSH headings on the works it takes from PubMed, but
its works list cannot filter or search on them. The heading's words are
searched in title and abstract: not equivalent in either direction (no
explosion to narrower headings; records that use the words without being
about the concept).""",
        'mesh:"Diagnostic Imaging"',
        'tiab:("diagnostic imaging" OR radiolog*)',
        changes_meaning=True,
    ),
    _code(
        "OA107", W, "OpenAlex has no text-word field: tw: is searched in title and abstract",
        """PubMed's [tw] also searches MeSH headings, subheadings and other
terms. OpenAlex searches title and abstract.""",
        "tw:asthma",
        "tiab:asthma",
        changes_meaning=True,
    ),
    _code(
        "OA108", W, "OpenAlex has no MeSH subheadings: sh: is searched as text",
        """A subheading is a MeSH qualifier on any heading. OpenAlex has none:
the subheading's words are searched in title and abstract, a different
search.""",
        "sh:therapy",
        "tiab:(therapy OR treatment*)",
        changes_meaning=True,
    ),
    _code(
        "OA109", W, "A publication type is written as OpenAlex's work type",
        """OpenAlex sorts works into its own types (article, review, letter,
editorial, erratum, retraction, preprint, dataset...), not PubMed's
publication types: review covers systematic and scoping reviews and
meta-analyses, article most research papers. pt: becomes the closest
type: filter, which is not the same set of records.""",
        "#3 NOT pt:editorial",
        "keep it, and check a sample of the records OpenAlex counts",
        changes_meaning=True,
    ),
    _code(
        "OA110", W, "A publication type OpenAlex has no work type for is searched as text",
        """Only some publication types have an OpenAlex work type (see OA109),
and a type: filter can only be ANDed to the whole line (or NOTed from it).
Elsewhere, or for a type OpenAlex lacks (randomized controlled trial),
the type's words are searched in title and abstract: a different search.""",
        'pt:"randomized controlled trial"',
        'tiab:(randomized OR randomised OR "controlled trial")',
        changes_meaning=True,
    ),
    _code(
        "OA111", W, "Terms of different fields ORed: searched in one wider field",
        """OpenAlex searches each field as its own parameter or filter, and
the request ANDs them: it cannot OR (or NOT) a title term with an abstract
term. Such an OR is searched in a field that holds both (title and
abstract; or title, abstract and full text), which finds more. Under NOT
the wider excluded part removes more.""",
        "ti:asthma OR ab:wheeze",
        "tiab:(asthma OR wheeze), or the two fields on lines of their own",
        changes_meaning=True,
    ),
    _code(
        "OA112", E, "An author or keyword term ORed with other fields cannot be searched",
        """Author names and OpenAlex's keywords are filters of their own,
ANDed with the rest of the request; no OpenAlex field holds them together
with title or abstract words, so an OR or NOT across them has no query.""",
        "au:Topol OR tiab:wearable",
        "au:Topol AND tiab:wearable, or each on a line of its own",
    ),
    _code(
        "OA113", W, "A year limit inside OR or NOT cannot be OpenAlex's filter: left out",
        """OpenAlex's year limit is a filter on the whole request
(publication_year), ANDed with the search. A year limit inside an OR, or
on the right of NOT, cannot be one, so it is left out.""",
        "1. asthma AND year:2020; 2. #1 OR wheeze",
        "(asthma OR wheeze) AND year:2020",
        changes_meaning=True,
    ),
    _code(
        "OA114", E, "A DOI or ISSN among words cannot be searched in OpenAlex",
        """OpenAlex finds a DOI or an ISSN with a filter (doi:,
primary_location.source.issn:), which can only be ANDed to the whole
request or NOTed from it; inside an OR with words it has no query. A DOI
with a comma, a | or a space cannot be a filter value either.""",
        "doi:10.1016/j.media.2023.102990 OR tiab:radiology",
        "doi:10.1016/j.media.2023.102990 on a line of its own",
    ),
    _code(
        "OA115", W, "OpenAlex has no MeSH subheadings: the heading is searched alone",
        """mesh:"Heading/subheading" is searched as the heading's words (see
OA106); the subheading is left out, which finds more.""",
        'mesh:"Asthma/drug therapy"',
        'tiab:(asthma AND (drug* OR pharmacotherap*))',
        changes_meaning=True,
    ),
    _code(
        "OA116", W, "A language limit inside OR cannot be OpenAlex's filter: left out",
        """OpenAlex's language limit is a filter on the whole request
(language:en), ANDed with the search (or NOTed from it: language:!fr). A
language limit inside an OR cannot be one, so it is left out.""",
        "1. asthma AND lang:english; 2. #1 OR wheeze",
        "(asthma OR wheeze) AND lang:english",
        changes_meaning=True,
    ),
    _code(
        "OA201", W, "OpenAlex has no $ wildcard: * is used",
        """$ (zero or one character) does not exist in OpenAlex: it is written
as * (any number of characters), which finds more.""",
        "colo$r",
        "(color OR colour)",
        changes_meaning=True,
    ),
    _code(
        "OA202", E, "OpenAlex refuses a wildcard at the start of a word",
        """OpenAlex answers 400 "Leading wildcards are not supported" to a
word that starts with * or ?.""",
        "*ology",
        "(radiology OR cardiology ...)",
    ),
    _code(
        "OA203", E, "OpenAlex needs 3 characters before a *",
        """OpenAlex answers 400 to a * with fewer than 3 characters before it
(ra*). The stem alone is not the word meant, so the term is refused.""",
        "ct*",
        '(ct OR "computed tomography")',
    ),
    _code(
        "OA204", I, "A search with a wildcard is sent unstemmed (.exact)",
        """OpenAlex stems its searches (Kstem: models finds model) and refuses
a wildcard there: a scope that holds a wildcard is sent as its unstemmed
twin (search.title_and_abstract.exact, title.search.exact...). Its other
words then match only as written, and stop words are searched.""",
        'radiolog* AND "medical image"',
        'radiolog* AND ("medical image" OR "medical images")',
        changes_meaning=True,
    ),
    _code(
        "OA205", W, "A wildcard inside a phrase: the phrase is split",
        """OpenAlex keeps a wildcard inside a quoted phrase only when that
phrase is the whole search (or a proximity); as one term among others it
answers 400. The phrase's plain words stay a phrase and each wildcard word
is ANDed to it ("large language" AND model*), which finds more.""",
        '"medical imag*" OR radiolog*',
        '("medical image" OR "medical images" OR "medical imaging") OR radiolog*',
        changes_meaning=True,
    ),
    _code(
        "OA206", E, "Too many wildcards in one phrase or proximity",
        """OpenAlex allows at most 2 wildcards in one phrase or proximity
search, and with two, each * needs 4 characters before it; otherwise it
answers 400.""",
        '"deep lear* netw* mod*"',
        '"deep learning network*"',
    ),
    _code(
        "OA207", E, "No wildcard inside a word in author names or keywords",
        """Author names and OpenAlex's keywords are searched stemmed, where
OpenAlex refuses wildcards; a wildcard inside a word cannot be dropped
without changing the word.""",
        "au:Sm?th",
        "au:(Smith OR Smyth)",
    ),
    _code(
        "OA208", W, "A trailing wildcard in author names or keywords: the stem is searched",
        """Author names and OpenAlex's keywords are searched stemmed, where
OpenAlex refuses wildcards: a trailing wildcard is dropped and the stem is
searched as a word (stemming finds plurals, not other endings).""",
        "kw:radiolog*",
        "kw:(radiology OR radiologic OR radiological)",
        changes_meaning=True,
    ),
    _code(
        "OA301", I, 'NEAR/n is written as OpenAlex\'s proximity "a b"~n',
        """OpenAlex's proximity ("hip pain"~2, Search guide) is
Elasticsearch's phrase slop: the words may move n positions; a pair in
reverse order uses up two of them. NEAR/n means within n words in any
order, so a reversed pair at the edge of the distance is not found.""",
        "hip NEAR/2 pain",
        "hip NEAR/4 pain if reversed pairs matter",
        changes_meaning=True,
    ),
    _code(
        "OA302", W, "A phrase inside NEAR loses its word order",
        """OpenAlex's proximity is one quoted list of words with a distance:
a phrase on one side of NEAR puts its words into that list, where they
may stand apart or in another order.""",
        '"hip fracture" NEAR/3 surgery',
        "hip NEAR/3 surgery AND \"hip fracture\"",
        changes_meaning=True,
    ),
    _code(
        "OA303", W, "NEAR that OpenAlex cannot say: written as AND",
        """OpenAlex's proximity takes words and phrases; a NEAR around other
shapes (an AND, a NOT, more than 100 word pairs) is written as AND, which
finds more.""",
        "(hip AND knee) NEAR/3 pain",
        "(hip OR knee) NEAR/3 pain",
        changes_meaning=True,
    ),
    _code(
        "OA401", W, "search= over 1,500 characters",
        """OpenAlex refuses a search= value over 1,500 characters from callers
without a paid plan (400 "Search query too long"). The title-and-abstract
parameter has no such cap.""",
        "all:(a OR b OR ... 300 terms)",
        "tiab:(...), or the OR list split over several lines",
    ),
    _code(
        "OA402", W, "The request is longer than OpenAlex accepts",
        """OpenAlex refuses a request line over 8,190 bytes (400 "Request URL
too long"). Its Search guide advises splitting a long OR list: run each
part and take the union of the works.""",
        "a line with several hundred terms",
        "the OR list split over several lines",
    ),
)
