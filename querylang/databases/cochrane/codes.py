"""The Cochrane Library's diagnostic codes (CO): what its Search Manager cannot say as written."""

from __future__ import annotations

from querylang.diagnostics import CodeInfo, Severity

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741 (short names keep the table readable)

CODES: tuple[CodeInfo, ...] = (
    CodeInfo(
        "CO102", W, "No MeSH major topic in the Cochrane Library: [mh] is used",
        """The Search Manager's typed MeSH search ([mh "Heading"]) has no major
topic restriction. mesh-major: is searched as the heading, exploded: every
record indexed with it, major or not, which finds more.""",
        'mesh-major:"Asthma"',
        'mesh:"Asthma" AND ti:asthma*',
        True,
    ),
    CodeInfo(
        "CO103", W, "No MeSH subheading in the typed syntax: the heading is searched alone",
        """A MeSH heading with a subheading (mesh:"Asthma/drug therapy") is
written as the heading alone; the Search Manager's MeSH tab can add the
qualifier by hand. The search is broader.""",
        'mesh:"Asthma/drug therapy"',
        'mesh:"Asthma"   (then choose the qualifier in the MeSH tab)',
        True,
    ),
    CodeInfo(
        "CO104", W, "sh: is searched as words in :ti,ab,kw",
        """The typed syntax has no field for a MeSH subheading on any heading: the
subheading's name is searched as words in title, abstract and keywords, a
different search.""",
        'sh:"drug therapy"',
        "tiab:(drug* OR pharmacotherap*)",
        True,
    ),
    CodeInfo(
        "CO105", I, "The Cochrane Library's DOI field label is unconfirmed",
        """No Cochrane help page lists a DOI field label; the DOI is written with
:doi. If the Search Manager refuses it, search the record by title.""",
        'doi:"10.1002/14651858.CD000001"',
        'ti:"the record\'s title"',
    ),
    CodeInfo(
        "CO111", I, "The Cochrane Library's keywords (kw) hold index terms too",
        """In the Cochrane Library, :kw searches the keywords of a record, which
for CENTRAL include the MeSH and Emtree terms of its MEDLINE and Embase
sources as well as authors' keywords. kw: and topic: (:ti,ab,kw) find a
little more than author keywords would.""",
        "topic:asthma",
        "tiab:asthma   (title and abstract only)",
        True,
    ),
    CodeInfo(
        "CO112", I, "No text-word field in the Cochrane Library: tw: is searched in :ti,ab,kw",
        """PubMed's [tw] searches title, abstract, MeSH and other terms; the
closest in the Cochrane Library is :ti,ab,kw, whose keywords include index
terms.""",
        "tw:asthma",
        "topic:asthma",
        True,
    ),
    CodeInfo(
        "CO114", W, "The Cochrane Library has no ISSN field: the journal filter is left out",
        """An ISSN ANDed at the top of a line restricts it to some journals. The
Search Manager has no ISSN field, so the filter is left out of the line:
records from every journal are counted.""",
        "asthma AND issn:1361-8415",
        'asthma AND so:"Medical Image Analysis"',
        True,
    ),
    CodeInfo(
        "CO115", E, "The Cochrane Library has no ISSN field",
        """No field of the Search Manager holds a journal's ISSN: the term cannot
be searched, and the line gets no Cochrane query.""",
        "issn:1361-8415",
        'so:"Medical Image Analysis"',
    ),
    CodeInfo(
        "CO201", W, "No $ wildcard in the Cochrane Library: * is used",
        """The portable $ stands for zero or one character (colo$r). The
Cochrane Library has * (any number of characters) and ? (one); $ is
written as *, which finds more.""",
        "colo$r",
        "(color OR colour)",
        True,
    ),
    CodeInfo(
        "CO202", I, "A phrase with a wildcard is written with NEXT",
        """The Cochrane Library takes no wildcard inside a quoted phrase ("Phrase
search does NOT support the use of wildcards ... use NEXT"): the phrase's
words are joined with NEXT, which keeps them next to each other, in order.""",
        '"medical imag*"',
        "(medical NEXT imag*)   (what querylang writes)",
    ),
    CodeInfo(
        "CO301", I, "NEAR/n is written NEAR/n+1 in the Cochrane Library",
        """The portable NEAR/n allows up to n words between the terms. The
Cochrane Handbook (5.1, 6.4.8) says NEAR finds the terms "within six words
of each other"; whether the Library's NEAR/x allows x words between or x-1
(as Embase counts) is unconfirmed, so NEAR/n+1 is written: it finds at least
as much either way.""",
        "pain NEAR/3 hip",
        "(pain NEAR/4 hip):ti,ab   (what querylang writes)",
    ),
    CodeInfo(
        "CO401", I, "Years are the Search Manager's date limit, not part of the string",
        """The Cochrane Library searches years through the Search Manager's limits
(Publication Date), set on the line by hand; the string leaves them out and
a note under the line says which years to set.""",
        "#1 AND year:2013-2023",
        "#1, with the line's limit set to 2013-2023",
    ),
    CodeInfo(
        "CO402", W, "A year limit inside OR or NOT cannot be a Cochrane date limit",
        """The Search Manager's date limit applies to a whole line. A year limit
that reaches the inside of an OR or the right of a NOT (through a #n
reference) cannot be said; it is left out.""",
        "1. asthma AND year:2020\n2. #1 OR wheez*",
        "put the years on the last line only",
        True,
    ),
    CodeInfo(
        "CO403", W, "The Cochrane Library has no language limit: lang: dropped",
        """The Search Manager cannot limit by language; the limit is left out,
so the count includes every language.""",
        "#1 AND lang:english",
        "#1   (screen the records by language)",
        True,
    ),
)
