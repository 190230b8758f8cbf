"""Scopus's diagnostic codes (family SC), numbered as Web of Science's:
SC1xx fields, SC2xx wildcards, SC3xx proximity and the language additions
(tw:, pt:, sh:, subheadings). ``querylang explain SC102`` prints an entry."""

from __future__ import annotations

from querylang.diagnostics import CodeInfo, CodeTable, Severity

__all__ = ["CODES"]

_W, _I = Severity.WARNING, Severity.INFO

_table = CodeTable()


def _code(code: str, severity: Severity, title: str, explanation: str, example: str,
          instead: str) -> None:
    # Every Scopus code marks a change of meaning: --strict makes it an error.
    _table(code, severity, title, explanation, example, instead, changes_meaning=True)


_code(
    "SC101", _I, "TITLE-ABS-KEY() also searches the index keywords",
    """Scopus's TITLE-ABS-KEY() covers title, abstract, author keywords and
the index keywords (controlled terms such as EMTREE and MeSH that Scopus
copies from the indexing databases). topic: means title, abstract or author
keywords, so TITLE-ABS-KEY() finds a little more. It is what Scopus users
write, so querylang writes it and says so.""",
    "topic:asthma",
    "(ti:asthma OR ab:asthma OR kw:asthma)   TITLE(asthma) OR ABS(asthma) OR AUTHKEY(asthma)",
)
_code(
    "SC102", _W, "Scopus has no MeSH: the heading is searched as words with KEY()",
    """Scopus has no MeSH index: no heading search, no explosion, no major
topic. The heading's words are searched with KEY(), among the author and index
keywords (where MEDLINE records carry their MeSH terms as text). This is not
equivalent to the heading in either direction: an exploded heading also finds
records indexed with its narrower headings whose keywords never say the
heading's words, and KEY() finds records whose keywords use the words
without being about the concept. Name the concept and its narrower terms in
words.""",
    'mesh:"Diagnostic Imaging"',
    'topic:("diagnostic imaging" OR radiolog*)   (name the concept in words)',
)
_code(
    "SC201", _W, "Scopus has no zero-or-one wildcard: $ becomes *",
    """Scopus has the wildcards * (any number of characters) and ? (exactly
one), but no $ (zero or one). A word with one to three $ is written out as
its spellings, exactly (colo$r is color OR colo?r); with more, each $ is
written as *, which finds at least as much.""",
    "a$n$e$s$thesia",
    "(anaesthesia OR anesthesia)",
)
_code(
    "SC301", _W, "Scopus proximity cannot be spelled out here: NEAR becomes AND",
    """Scopus's W/n takes one word or phrase on each side: an OR group is not
allowed ("bay PRE/6 (ship* OR channel)" is invalid), so (a OR b) NEAR/3 c is
written (a W/3 c) OR (b W/3 c), the same records. When the groups would make
more than 100 pairs (or an operand is not words or phrases), the NEAR is
written as AND instead, which finds more.""",
    "(a1 OR a2 ... OR a20) NEAR/3 (b1 OR ... OR b10)",
    "several smaller NEAR searches ORed",
)
_code(
    "SC302", _W, "NEAR distance above Scopus's 255: NEAR becomes AND",
    """Scopus's W/n takes n from 0 to 255 (Scopus help, Proximity
Operators); a larger distance is refused by Scopus. The NEAR is written as
AND, which finds more.""",
    "pain NEAR/300 hip",
    "pain NEAR/255 hip",
)
_code(
    "SC311", _W, "Scopus has no text-word field: tw: is searched with TITLE-ABS-KEY()",
    """PubMed's text words [tw] are the title, abstract, MeSH headings and
subheadings, publication types and other terms. Scopus's closest field is
TITLE-ABS-KEY() (title, abstract, author and index keywords): not the same
list of fields.""",
    "tw:asthma",
    "topic:asthma",
)
_code(
    "SC312", _W, "Scopus has no MeSH subheadings: the subheading is left out",
    """Scopus has no MeSH. A mesh:"Heading/subheading" is searched as the
heading's words with KEY() (see SC102), and the subheading is left out:
broader.""",
    'mesh:"Asthma/drug therapy"',
    "topic:asthma AND topic:(drug* OR medication*)",
)
_code(
    "SC313", _W, "Scopus has no MeSH subheadings: sh: is searched with TITLE-ABS-KEY()",
    """A MeSH subheading (sh:) is a qualifier NLM's indexers attach to a
heading; Scopus has nothing like it. Its words are searched with
TITLE-ABS-KEY(), which is a different search.""",
    'sh:"drug therapy"',
    'topic:("drug therapy" OR drug*)',
)
_code(
    "SC314", _W, "A publication type whose Scopus document type is not the same",
    """pt: is written as the closest Scopus document type (DOCTYPE()), but
the two lists do not match one to one: Scopus has no systematic review or
meta-analysis (DOCTYPE(re), every review, is broader), files comments as
notes (no) and meeting papers as conference papers (cp), and its article
(ar) leaves out reviews that PubMed also calls Journal Article.""",
    'pt:"systematic review"',
    "pt:review",
)
_code(
    "SC315", _W, "Publication type with no Scopus document type, searched as words",
    """Scopus's document types (article, review, conference paper, letter,
editorial, note, erratum...) describe the form of a publication, not the
study design: there is no randomized controlled trial or case report. The
publication type is searched as words with TITLE-ABS-KEY(), which finds
records that use the words: a different, usually smaller, set.""",
    'pt:"randomized controlled trial"',
    'topic:(randomized OR randomised OR "controlled trial*")',
)

CODES: tuple[CodeInfo, ...] = _table.codes
