"""Europe PMC's diagnostic codes (family EP), with their explain text.

``querylang explain EPnnn`` prints an entry; :mod:`querylang.codes` adds
this table to the registry on first need (``Database.codes_path``).
Numbering follows the other families: 1xx fields, 2xx wildcards and terms,
3xx proximity and the fields issue 12 added, 4xx limits.
"""

from __future__ import annotations

from querylang.diagnostics import CodeInfo, Severity, code_info

__all__ = ["CODES"]

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741 (short names keep the table readable)


def _code(
    code: str, severity: Severity, title: str, explanation: str, example: str, instead: str,
    *, changes_meaning: bool = False,
) -> CodeInfo:
    # The text is indented here for reading; explain prints it flush left.
    text = "\n".join(line.strip() for line in explanation.strip().splitlines())
    return code_info(code, severity, title, text, example, instead,
                     changes_meaning=changes_meaning)


CODES: tuple[CodeInfo, ...] = (
    _code(
        "EP101", W, "Europe PMC's KW: field also holds MeSH terms: kw: finds more",
        """Europe PMC has one keyword field, KW:, which holds the keywords the
        authors or publishers gave and, for MEDLINE records, the MeSH terms
        the indexers gave. kw: means the authors' keywords only, so KW: finds
        more: every record indexed with a MeSH heading spelled like the word.""",
        "kw:asthma", "ti:asthma OR ab:asthma   (if the MeSH matches are not wanted)",
        changes_meaning=True,
    ),
    _code(
        "EP102", W, "topic: is searched as TITLE_ABS: OR KW:, and KW: also holds MeSH terms",
        """topic: means title, abstract and author keywords. Europe PMC's KW:
        field also holds the MeSH terms of MEDLINE records, so (TITLE_ABS:x
        OR KW:x) finds a little more than topic: means.""",
        "topic:asthma", "tiab:asthma   (title and abstract only)",
        changes_meaning=True,
    ),
    _code(
        "EP103", W, "all: in Europe PMC also searches the full text",
        """A term without a field in Europe PMC searches every field, and for
        the articles Europe PMC holds in full (PubMed Central, open-access
        preprints) that includes the whole text: methods, references,
        acknowledgements. all: finds far more there than in the other
        databases, whose "all fields" are the record's metadata.""",
        "all:asthma", "topic:asthma   (title, abstract and keywords)",
        changes_meaning=True,
    ),
    _code(
        "EP104", W, "Europe PMC's MESH: may not explode the heading",
        """Europe PMC searches MeSH headings with MESH:, a field its search
        accepts though its list of fields does not name it. Whether MESH:
        also finds the records indexed with the heading's narrower headings
        (PubMed's explosion) is not documented. If it does not, mesh: finds
        fewer records in Europe PMC than in PubMed. Compare the count with
        PubMed's for the same heading, or OR the narrower headings in.""",
        'mesh:"Respiratory Tract Diseases"',
        'mesh:"Respiratory Tract Diseases" OR mesh:Asthma OR mesh:Bronchitis',
        changes_meaning=True,
    ),
    _code(
        "EP105", W, "Europe PMC has no non-exploded MeSH search",
        """Europe PMC documents one MeSH field, MESH:, and nothing like
        PubMed's [mh:noexp]. mesh-noexp: is searched as MESH:, which finds
        more if MESH: explodes the heading (unconfirmed).""",
        "mesh-noexp:Asthma", "mesh-noexp:Asthma   (and check a sample of the records)",
        changes_meaning=True,
    ),
    _code(
        "EP106", W, "Europe PMC has no MeSH major-topic search: mesh-major: finds more",
        """Europe PMC documents no field for MeSH major topics (PubMed's
        [majr]). mesh-major: is searched as MESH:, which also finds the
        records where the heading is a minor topic: broader.""",
        "mesh-major:Asthma", "mesh-major:Asthma AND ti:asthma   (the title keeps the focus)",
        changes_meaning=True,
    ),
    _code(
        "EP201", W, "Europe PMC cannot truncate inside a phrase: its words are ANDed",
        """Europe PMC's search is Lucene's: a quoted phrase is matched word for
        word and a * or ? inside it is not a wildcard. A phrase with a
        wildcard (or a word with punctuation and a wildcard, which is written
        as a phrase) is searched as its words ANDed in the same field, the
        wildcard kept: the words may then stand anywhere in the field, which
        finds more.""",
        '"medical imag*"', '"medical imaging" OR "medical images"   (the forms written out)',
        changes_meaning=True,
    ),
    _code(
        "EP202", E, "Europe PMC refuses a wildcard at the start of a word",
        """Lucene's query parser, which Europe PMC's search uses, refuses a
        term that starts with * or ? unless the service turns that on, which
        Europe PMC does not document. The term cannot be searched.""",
        "*ology", "radiology OR cardiology OR ...   (the words written out)",
    ),
    _code(
        "EP203", E, "A DOI with a wildcard cannot be searched in Europe PMC",
        """A DOI is searched as written (DOI:"10.1000/xyz"); inside quotes a * or
        ? is not a wildcard, and a DOI is never altered, so the term is
        refused.""",
        'doi:"10.1038/*"', "so:Nature   (or the full DOIs, ORed)",
    ),
    _code(
        "EP301", W, "NEAR written as AND: Europe PMC's proximity takes plain words only",
        """Europe PMC's proximity is Lucene's sloppy phrase, "a b"~n: it holds
        words, not wildcards, and it searches a text field. A NEAR with a
        wildcard on either side, in a field that is not text (author, MeSH,
        DOI...), or with more word pairs than querylang spells out, is
        written as its two sides ANDed, which finds more.""",
        "radiolog* NEAR/3 report", '"radiology report"~3 OR "radiologist report"~3',
        changes_meaning=True,
    ),
    _code(
        "EP302", W, "A phrase inside NEAR loses its word order",
        """Europe PMC writes a proximity as one sloppy phrase: "hip pain knee"~3
        finds the three words within the distance, in any order. The
        phrase's own words need no longer stand side by side.""",
        '"hip pain" NEAR/3 knee', "hip NEAR/3 knee AND \"hip pain\"",
        changes_meaning=True,
    ),
    _code(
        "EP303", I, "Europe PMC counts NEAR's distance as Lucene does",
        """Europe PMC writes a NEAR/n as "a b"~n, Lucene's slop: in the order
        written the words may have up to n words between them, as NEAR/n
        means; in reverse order moving a word past the other costs 2, so
        reversed they may have only n - 2 words between them (NEAR/1 finds
        no reversed pair). That Europe PMC follows Lucene here is unconfirmed
        on its own pages.""",
        "pain NEAR/3 hip", "pain NEAR/5 hip   (if the reverse order matters as much)",
    ),
    _code(
        "EP310", W, "Europe PMC has no $ wildcard: written as *",
        """$ (zero or one character) is not a wildcard in Europe PMC's search.
        The word is searched with * instead (any number of characters), which
        finds more.""",
        "colo$r", "color OR colour",
        changes_meaning=True,
    ),
    _code(
        "EP311", W, "Europe PMC has no text-word field: tw: is searched as TITLE_ABS: OR KW:",
        """PubMed's text words are title, abstract, MeSH terms, other terms and
        more. Europe PMC has no such field; the closest is title and abstract
        or the keyword field (which holds MeSH terms): not the same set of
        fields.""",
        "tw:asthma", "topic:asthma",
        changes_meaning=True,
    ),
    _code(
        "EP312", W, "Europe PMC has no MeSH subheadings: the subheading is left out",
        """Europe PMC's MESH: field takes the heading; a heading with a
        subheading (Asthma/drug therapy) is searched as the heading alone,
        which finds more.""",
        'mesh:"Asthma/drug therapy"', "mesh:Asthma AND (drug* OR medication*)",
        changes_meaning=True,
    ),
    _code(
        "EP313", W, "Europe PMC has no MeSH subheading field: sh: is searched in KW:",
        """A MeSH subheading (sh:) is a qualifier NLM's indexers attach to a
        heading; Europe PMC documents no field for it. Its words are searched
        in the keyword field, a different search.""",
        'sh:"drug therapy"', "topic:(drug* OR medication*)",
        changes_meaning=True,
    ),
    _code(
        "EP314", W, "Not a PubMed publication type: searched in PUB_TYPE: as written",
        """Europe PMC's PUB_TYPE: holds MEDLINE's publication types for MEDLINE
        records and its own for the others ("preprint"). A pt: value that is
        not one of PubMed's types is searched as written, which may find
        nothing.""",
        'pt:"white paper"', 'pt:review OR pt:"practice guideline"',
        changes_meaning=True,
    ),
)
