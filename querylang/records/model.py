"""One fetched record, and the normal forms of its identifiers and title.

Every database reader turns an API answer into :class:`FetchedRecord`
values; deduplication, the overlap table, the known-item check and the
exports read only this shape. Identifiers are stored normalised (see the
``normalize_*`` functions) so that two records compare by plain equality.

Normal forms:

* DOI: ``10.`` prefix, case-folded (DOIs are case-insensitive, DOI Handbook
  section 2.4), without ``https://doi.org/``, ``http://dx.doi.org/`` or
  ``doi:`` in front and without surrounding punctuation.
* arXiv id: without ``arXiv:``, the abs/pdf URL and the version suffix
  (``2301.00001v2`` -> ``2301.00001``; old style ``hep-th/9901001`` kept);
  the DataCite DOI ``10.48550/arXiv.2301.00001`` gives the same id.
* PMID: the digits only (``PMID: 123`` -> ``123``), no leading zeros.
* Title: Unicode NFKD, diacritics and markup (``<i>``, ``&amp;``) removed,
  case-folded, every run of punctuation and white space one space.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "FetchedRecord",
    "KIND_DOI",
    "KIND_PMID",
    "KIND_ARXIV",
    "ARXIV_DOI_PREFIX",
    "pmid_url",
    "arxiv_url",
    "normalize_doi",
    "normalize_arxiv_id",
    "normalize_pmid",
    "normalize_title",
    "arxiv_id_from_doi",
]

#: The identifier kinds every database's records may carry (dedup's merge
#: reasons, ``Database.native_id_kind``). An arXiv id is a scheme of its own
#: (Web of Science, Europe PMC and OpenAlex records give it too), hence a
#: kind named like the arXiv database.
KIND_DOI = "doi"
KIND_PMID = "pmid"
KIND_ARXIV = "arxiv"
#: A DOI prefix that is an arXiv id (arXiv's DataCite DOI), not a journal's DOI.
ARXIV_DOI_PREFIX = "10.48550/arxiv."

_DOI_PREFIXES = re.compile(
    r"^(?:https?://(?:dx\.)?doi\.org/|doi\.org/|doi:\s*|doi\s+)", re.IGNORECASE
)
_ARXIV_PREFIXES = re.compile(
    r"^(?:https?://(?:export\.)?arxiv\.org/(?:abs|pdf)/|arxiv:\s*)", re.IGNORECASE
)
_ARXIV_NEW = re.compile(r"^(\d{4}\.\d{4,5})(?:v\d+)?(?:\.pdf)?$")
_ARXIV_OLD = re.compile(r"^([a-z][a-z.-]*/\d{7})(?:v\d+)?(?:\.pdf)?$", re.IGNORECASE)
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$")
_TAGS = re.compile(r"<[^<>]{1,200}>")
_NOT_WORD = re.compile(r"[\W_]+")
#: ASCII letters lower-cased, digits kept, everything else a space: the
#: ASCII case of casefold() and _NOT_WORD in one C-level pass
_ASCII_WORDS = {
    code: (chr(code).lower() if chr(code).isalnum() else " ") for code in range(128)
}


@dataclass(frozen=True, slots=True)
class FetchedRecord:
    """One record as one database returned it.

    ``database`` is the target name (``pubmed``, ``wos``, ``arxiv``,
    ``ieee``); ``native_id`` is that database's own id (PMID, WoS UT, arXiv
    id without version, IEEE article number); ``position`` is the 1-based
    rank in the database's answer. ``raw_ids`` keeps every identifier the
    API gave, as written, as ``(name, value)`` pairs.

    For screening: ``authors`` every author in the database's order and
    spelling (``first_author`` is the first of them, kept for the readers
    of one name); ``abstract`` where the API gives one (PubMed's esummary
    does not, Web of Science Starter neither); ``doc_type`` the database's
    own document type as it writes it (PubMed ``pubtype`` and Web of
    Science ``types`` joined by ``; ``, IEEE ``content_type``; arXiv gives
    none).
    """

    database: str
    native_id: str
    position: int
    doi: str | None = None
    pmid: str | None = None
    arxiv_id: str | None = None
    title: str | None = None
    year: int | None = None
    first_author: str | None = None
    venue: str | None = None
    authors: tuple[str, ...] = ()
    abstract: str | None = None
    doc_type: str | None = None
    raw_ids: tuple[tuple[str, str], ...] = ()

    @property
    def key(self) -> str:
        """``database:native_id``, unique within one fetch."""
        return f"{self.database}:{self.native_id}"


def normalize_doi(text: str | None) -> str | None:
    """The DOI's normal form, or None when ``text`` holds no DOI."""
    if not text:
        return None
    doi = text.strip()
    if not doi.startswith("10."):  # most DOIs come bare: no prefix to remove
        doi = _DOI_PREFIXES.sub("", doi).strip()
    doi = doi.strip(".,;").casefold()
    if not doi.startswith("10.") or "/" not in doi:
        return None
    return doi


def arxiv_id_from_doi(doi: str | None) -> str | None:
    """The arXiv id inside an arXiv DataCite DOI (``10.48550/arXiv.ID``)."""
    normal = normalize_doi(doi)
    if normal is None:
        return None
    found = _ARXIV_DOI.match(normal)
    return normalize_arxiv_id(found.group(1)) if found else None


def normalize_arxiv_id(text: str | None) -> str | None:
    """The arXiv id without prefix or version, or None when it is not one."""
    if not text:
        return None
    bare = _ARXIV_PREFIXES.sub("", text.strip()).strip()
    new = _ARXIV_NEW.match(bare)
    if new:
        return new.group(1)
    old = _ARXIV_OLD.match(bare)
    return old.group(1).lower() if old else None


def normalize_pmid(text: str | None) -> str | None:
    """The PMID's digits without leading zeros, or None."""
    if not text:
        return None
    bare = text.strip()
    if bare.lower().startswith("pmid"):
        bare = bare[4:].lstrip(" :")
    if not bare.isdigit():
        return None
    stripped = bare.lstrip("0")
    return stripped or None


def normalize_title(text: str | None) -> str:
    """The title's normal form for comparison ('' for no title)."""
    if not text:
        return ""
    unmarked = _TAGS.sub(" ", text) if "<" in text else text
    if "&" in unmarked:
        unmarked = html.unescape(unmarked)
    if unmarked.isascii():  # most titles: no decomposition, no diacritics (fast path)
        return " ".join(unmarked.translate(_ASCII_WORDS).split())
    decomposed = unicodedata.normalize("NFKD", unmarked)
    letters = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NOT_WORD.sub(" ", letters.casefold()).strip()


def pmid_url(pmid: str) -> str:
    """The record's page for a PMID (NLM's PubMed site serves every PMID)."""
    return f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"


def arxiv_url(arxiv_id: str) -> str:
    """The abstract page for an arXiv id."""
    return f"https://arxiv.org/abs/{arxiv_id}"
