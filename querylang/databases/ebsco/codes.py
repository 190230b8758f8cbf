"""CINAHL on EBSCOhost: its diagnostic codes (EB)."""

from __future__ import annotations

from querylang.diagnostics import CodeInfo, Severity

W, I = Severity.WARNING, Severity.INFO  # noqa: E741 (short names keep the table readable)

CODES: tuple[CodeInfo, ...] = (
    CodeInfo(
        "EB101", W, "A MeSH heading written as a CINAHL heading: check the name",
        """CINAHL is indexed with CINAHL Subject Headings, which follow MeSH's
structure but add nursing and allied-health headings and name some concepts
otherwise (MeSH "Patient Education as Topic" is CINAHL "Patient Education",
"Exercise Therapy" is "Therapeutic Exercise"). The heading is written in
EBSCOhost's syntax ((MH "Heading+") exploded, (MH "Heading") alone,
(MM "Heading+") as a major concept) and, where the names are known to
differ, under the likely CINAHL name; it is never an equivalent. Look it up
in CINAHL Headings before running the search.""",
        'mesh:"Exercise Therapy"',
        'mesh:"Exercise Therapy" then check (MH "Therapeutic Exercise+") in CINAHL Headings',
        True,
    ),
    CodeInfo(
        "EB103", W, "No MeSH subheading in the string: the CINAHL heading is searched alone",
        """A MeSH heading with a subheading (mesh:"Asthma/drug therapy") is written
as the heading alone: CINAHL's subheadings have their own codes, chosen in
CINAHL Headings by hand. The search is broader.""",
        'mesh:"Asthma/drug therapy"',
        'mesh:Asthma   (then choose the subheading in CINAHL Headings)',
        True,
    ),
    CodeInfo(
        "EB111", I, "EBSCOhost's SU also searches subject headings",
        """CINAHL has no field for authors' keywords alone: SU (Subject Terms)
searches the subject headings and the keywords. kw: and topic: find a
little more than keywords would.""",
        "kw:asthma",
        "tiab:asthma   (title and abstract only)",
        True,
    ),
    CodeInfo(
        "EB112", W, "all: is searched as TX (All Text), full text included",
        """EBSCOhost's TX searches all of a record's text and, where CINAHL holds
it, the full text of the article: more than the record's fields.""",
        "all:asthma",
        "topic:asthma",
        True,
    ),
    CodeInfo(
        "EB113", I, "CINAHL has no text-word field: tw: is searched in TI, AB and SU",
        """PubMed's [tw] searches title, abstract, MeSH and other terms; the
closest in CINAHL is title, abstract and subject terms.""",
        "tw:asthma",
        "topic:asthma",
        True,
    ),
    CodeInfo(
        "EB114", I, "No DOI field code for CINAHL: the DOI is searched in TX",
        """No CINAHL field code for the DOI is documented; the DOI is searched as
text in TX (All Text), where the record shows it.""",
        'doi:"10.1097/NNR.0000000000000001"',
        'ti:"the record\'s title"',
    ),
    CodeInfo(
        "EB115", W, "pt: written as CINAHL's publication type (PT): check the name",
        """CINAHL records its own publication types (Randomized Controlled Trial,
Systematic Review, Journal Article...), close to PubMed's but not the same
list. The name is written as given; check it among CINAHL's publication
types.""",
        'pt:"meta-analysis"',
        'pt:"Meta Analysis"   (as CINAHL names it)',
        True,
    ),
    CodeInfo(
        "EB116", W, "sh: is searched as words in SU",
        """A MeSH subheading on any heading cannot be named in an EBSCOhost field
code: its name is searched as words in SU, a different search.""",
        'sh:"drug therapy"',
        "tiab:(drug* OR pharmacotherap*)",
        True,
    ),
    CodeInfo(
        "EB202", W, "EBSCOhost strips a ? that ends a word: * is used",
        """EBSCO's help: trailing question marks are stripped from a query, so
child? would search child. The ? (exactly one character) is written as *
(any number), which finds more.""",
        "child?",
        "(child OR childs)",
        True,
    ),
    CodeInfo(
        "EB401", I, "Years are EBSCOhost's Published Date limiter, not part of the string",
        """EBSCOhost limits years with the Published Date limiter (Limit your
results), set by hand; the string leaves them out and a note under the line
says which years to set.""",
        "#1 AND year:2013-2023",
        "S1, with the Published Date limiter set to 2013-2023",
    ),
    CodeInfo(
        "EB402", W, "A year limit inside OR or NOT cannot be EBSCOhost's limiter",
        """The Published Date limiter applies to a whole search. A year limit that
reaches the inside of an OR or the right of a NOT (through a #n reference)
cannot be said; it is left out.""",
        "1. asthma AND year:2020\n2. #1 OR wheez*",
        "put the years on the last line only",
        True,
    ),
)
