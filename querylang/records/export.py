"""The deduplicated records as files for screening: RIS, BibTeX, CSV
(issue 13 item 7).

One entry per work (deduplicated record), with the databases it came from
and every identifier: DOI, PMID, arXiv id, Web of Science UT, IEEE article
number. The databases give a title, a year, the authors, the venue, a
document type and (arXiv, IEEE Xplore) an abstract; that is what the files
carry. A merged work takes the longest author list and the longest
abstract of its records (:class:`~querylang.records.dedup.Work`).

* RIS (through rispy): ``TY`` from the databases' document types
  (:func:`reference_type`), ``TI``, ``AU`` (one per author), ``AB``, ``PY``,
  ``T2`` (journal or proceedings), ``DO``, ``AN`` (the PMID: the accession
  number reference managers and querylang's known-item check read), ``UR``
  (DOI, PubMed and arXiv links), ``DB`` (the databases), ``N1`` (where it
  was found, with each database's id, and why records were merged), ``ID``
  (the same unique key as BibTeX). Zotero, EndNote, Rayyan and Covidence
  all read these tags.
* BibTeX (through bibtexparser): ``@article``, ``@inproceedings`` or
  ``@misc`` (arXiv only, with ``eprint`` and ``archiveprefix``),
  ``author = {A and B}``, ``abstract``; keys ``surnameYEARword`` made
  unique with a, b, c...
* CSV: one row per work, with the column names Rayyan's CSV template
  uses where one fits (key, title, authors, journal, year, doi, url,
  abstract, notes), one column per identifier and the document type.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from querylang.databases import REGISTRY
from querylang.records.dedup import (
    REASON_ARXIV,
    REASON_DOI,
    REASON_PMID,
    REASON_RECORD,
    REASON_TITLE,
    Work,
)
from querylang.records.model import arxiv_url, pmid_url
from querylang.records.sources import (
    CSV_ID_COLUMNS,
    author_style,
    database_name,
    id_label,
    is_preprint,
)

__all__ = ["EXPORT_FORMATS", "export_text", "to_ris", "to_bibtex", "to_csv", "bibtex_keys",
           "reference_type", "authors", "RIS_TYPES"]

EXPORT_FORMATS = ("ris", "bibtex", "csv")
_CONFERENCE = re.compile(r"\b(conference|proceedings|symposium|workshop|congress)\b", re.I)
#: The columns before and after the databases' own record-id columns
#: (each database's ``csv_column``, in registry order).
_CSV_HEAD = ("key", "title", "authors", "journal", "year", "document_type", "doi", "pmid",
             "arxiv_id")
_CSV_TAIL = ("databases", "url", "abstract", "notes")
CSV_COLUMNS = (*_CSV_HEAD, *(column for column, _ in CSV_ID_COLUMNS), *_CSV_TAIL)
#: A database's document type (case-folded; PubMed ``pubtype``, Web of
#: Science ``types``, IEEE Xplore ``content_type``) -> the RIS type. Earlier
#: rows win when a record has several types (a Web of Science "Article;
#: Proceedings Paper" is a conference paper). Types not listed (Letter,
#: Editorial Material, Review, ...) are articles of the venue: the fallback.
#: Each database may add rows of its own (``Database.ris_types``), after these.
_RIS_TYPES: tuple[tuple[str, str], ...] = (
    ("preprint", "UNPB"),  # PubMed
    ("proceedings paper", "CONF"),  # Web of Science
    ("conferences", "CONF"),  # IEEE Xplore
    ("congress", "CONF"),  # PubMed
    ("meeting abstract", "ABST"),  # Web of Science
    ("book chapter", "CHAP"),  # Web of Science
    ("books", "CHAP"),  # IEEE Xplore: its book content is chapters
    ("book", "BOOK"),  # Web of Science
    ("standards", "STAND"),  # IEEE Xplore
    ("magazines", "MGZN"),  # IEEE Xplore
    ("journals", "JOUR"),  # IEEE Xplore
    ("early access articles", "JOUR"),  # IEEE Xplore
    ("early access", "JOUR"),  # IEEE Xplore's content_type filter spelling
    ("journal article", "JOUR"),  # PubMed
    ("article", "JOUR"),  # Web of Science
)
RIS_TYPES: tuple[tuple[str, str], ...] = (
    *_RIS_TYPES, *(row for entry in REGISTRY.values() for row in entry.ris_types))
#: RIS type -> BibTeX entry type (others: ``@article``).
_BIBTEX_TYPES = {"CONF": "inproceedings", "UNPB": "misc", "CHAP": "incollection",
                 "BOOK": "book", "STAND": "misc"}
_RIS_TYPE_RANK: dict[str, int] = {}
for _rank, (_name, _) in enumerate(RIS_TYPES):
    _RIS_TYPE_RANK.setdefault(_name, _rank)  # a type listed twice: the first row wins


def _type_of(doc_type: str | None) -> str | None:
    """The RIS type of one record's document type(s), or None when unknown."""
    names = [part.strip().casefold() for part in (doc_type or "").split(";")]
    ranks = [_RIS_TYPE_RANK[name] for name in names if name in _RIS_TYPE_RANK]
    return RIS_TYPES[min(ranks)][1] if ranks else None


def reference_type(work: Work) -> str:
    """The RIS type: from the first record (journal version first) whose
    database's document type says (:data:`RIS_TYPES`); otherwise a
    conference paper for a venue named a conference, a preprint for a work
    only arXiv has, else a journal article."""
    for record in sorted(work.records, key=lambda r: is_preprint(r.database)):
        if found := _type_of(record.doc_type):
            return found
    if _CONFERENCE.search(work.venue or ""):
        return "CONF"
    if work.databases and all(map(is_preprint, work.databases)) and not _journal_ref(work):
        return "UNPB"
    return "JOUR"


def _journal_ref(work: Work) -> str | None:
    """The journal an arXiv record says it appeared in (``arxiv:journal_ref``)."""
    for record in work.records:
        for name, value in record.raw_ids:
            if name == "journal_ref" and value.strip():
                return value.strip()
    return None


def _surname_first(name: str, database: str) -> str:
    """A name as ``Surname, Given``, from the database's own style
    (``Database.author_style``): ``Smith JA`` (surname-initials), ``Smith, J A``
    (surname-comma) or ``J. A. Smith`` (given-first)."""
    name = " ".join(name.split())
    parts = name.split()
    style = author_style(database)
    if "," in name or len(parts) < 2 or style == "surname-comma":
        return name  # a database writing every person "Surname, I": this is a group
    if style == "surname-initials":  # "Smith JA": initials last
        return f"{' '.join(parts[:-1])}, {parts[-1]}"
    return f"{parts[-1]}, {' '.join(parts[:-1])}"


def authors(work: Work) -> list[str]:
    """Every author as ``Surname, Given``, from the record that lists the
    most; a record with only a first author gives that one."""
    source = work.authors_record
    if source is not None:
        return [_surname_first(name, source.database) for name in source.authors]
    for record in sorted(work.records, key=lambda r: is_preprint(r.database)):
        if name := (record.first_author or "").strip():
            return [_surname_first(name, record.database)]
    return []


def author(work: Work) -> str | None:
    """The first author as ``Surname, Given``."""
    return next(iter(authors(work)), None)


def _surname(work: Work) -> str:
    name = author(work) or ""
    surname = name.split(",")[0]
    return _ascii_word(surname) or "anon"


def _ascii_word(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", plain.lower())


_STOP = {"a", "an", "the", "on", "of", "in", "for", "and", "to", "with", "from", "by", "at"}


def _first_word(work: Work) -> str:
    for word in re.split(r"\s+", work.title or ""):
        plain = _ascii_word(word)
        if plain and plain not in _STOP:
            return plain
    return ""


def bibtex_keys(works: Sequence[Work]) -> list[str]:
    """``surnameYEARword`` per work, with a, b, c... where two collide."""
    bases = [f"{_surname(w)}{w.year or ''}{_first_word(w)}" for w in works]
    counts = Counter(bases)
    used: set[str] = set()
    keys = []
    for base in bases:
        key = base
        if counts[base] > 1 or base in used:
            number = 0
            while (key := base + _suffix(number)) in used or key in counts:
                number += 1
        used.add(key)
        keys.append(key)
    return keys


def _suffix(number: int) -> str:
    """a, b, ... z, aa, ab, ..."""
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def urls(work: Work) -> list[str]:
    found = []
    if work.doi:
        found.append(f"https://doi.org/{work.doi}")
    found += [pmid_url(p) for p in work.pmids]
    found += [arxiv_url(a) for a in work.arxiv_ids]
    return found


def found_in(work: Work) -> str:
    """``Found in: PubMed (PMID 123); arXiv (arXiv 2301.00001)``."""
    parts = []
    for database in work.databases:
        label = id_label(database)
        ids = ", ".join(f"{label} {native}" for native in work.ids(database))
        parts.append(f"{database_name(database)} ({ids})")
    return "Found in: " + "; ".join(parts)


def merged_because(work: Work) -> str | None:
    if not work.merges:
        return None
    reasons = {REASON_DOI: "DOI", REASON_PMID: "PMID", REASON_ARXIV: "arXiv id",
               REASON_TITLE: "title and year", REASON_RECORD: "same record"}
    parts = [f"{m.first} + {m.second} by {reasons.get(m.reason, m.reason)}" for m in work.merges]
    return "Merged by querylang: " + "; ".join(parts)


def _notes(work: Work) -> list[str]:
    return [note for note in (found_in(work), merged_because(work)) if note]


# -- RIS -----------------------------------------------------------------------------------


def to_ris(works: Sequence[Work]) -> str:
    import rispy  # type: ignore[import-untyped]  # no type information shipped

    class Writer(rispy.RisWriter):  # type: ignore[misc]
        def set_header(self, count: int) -> str:
            return ""  # rispy numbers entries ("1."): not RIS, some importers stumble

    entries = []
    for work, key in zip(works, bibtex_keys(works), strict=True):
        entry: dict[str, Any] = {"type_of_reference": reference_type(work), "id": key}
        if work.title:
            entry["title"] = _one_line(work.title)
        if names := authors(work):
            entry["authors"] = names
        if work.abstract:
            entry["abstract"] = _one_line(work.abstract)
        if work.year is not None:
            entry["year"] = str(work.year)
        if work.venue:
            entry["secondary_title"] = _one_line(work.venue)
        if work.doi:
            entry["doi"] = work.doi
        if work.pmids:  # also in UR and N1; AN is where reference managers look
            entry["accession_number"] = work.pmids[0]
        if links := urls(work):
            entry["urls"] = links
        entry["name_of_database"] = "; ".join(database_name(d) for d in work.databases)
        entry["notes"] = _notes(work)
        entries.append(entry)
    text: str = rispy.dumps(entries, implementation=Writer)
    return text


def _one_line(text: str) -> str:
    return " ".join(text.split())


# -- BibTeX --------------------------------------------------------------------------------

_TEX_SPECIAL = re.compile(r"([&%$#_])")


def _tex(text: str) -> str:
    """A field value BibTeX reads back as written: specials escaped,
    braces kept only when they balance."""
    value = _TEX_SPECIAL.sub(r"\\\1", _one_line(text))
    depth = 0
    for ch in value:
        depth += (ch == "{") - (ch == "}")
        if depth < 0:
            break
    if depth != 0:
        value = value.replace("{", "(").replace("}", ")")
    return value


_AND = re.compile(r"\band\b", re.IGNORECASE)


def _bibtex_name(name: str) -> str:
    """One name of an ``author`` list: a collective name with "and" in it
    ("Imaging and Radiology Group") braced, or BibTeX reads two authors."""
    value = _tex(name)
    return f"{{{value}}}" if _AND.search(value) else value


def to_bibtex(works: Sequence[Work]) -> str:
    from bibtexparser.entrypoint import write_string
    from bibtexparser.library import Library
    from bibtexparser.model import Entry, Field

    library = Library()
    for work, key in zip(works, bibtex_keys(works), strict=True):
        kind = reference_type(work)
        fields: list[tuple[str, str]] = []
        if work.title:
            fields.append(("title", _tex(work.title)))
        if names := authors(work):
            fields.append(("author", " and ".join(_bibtex_name(name) for name in names)))
        if work.year is not None:
            fields.append(("year", str(work.year)))
        if work.venue:
            fields.append(("booktitle" if kind in ("CONF", "CHAP") else "journal",
                           _tex(work.venue)))
        if work.doi:
            fields.append(("doi", _tex(work.doi)))
        if work.pmids:
            fields.append(("pmid", work.pmids[0]))
        if work.arxiv_ids:
            fields += [("eprint", work.arxiv_ids[0]), ("archiveprefix", "arXiv")]
        if links := urls(work):
            fields.append(("url", links[0]))
        if work.abstract:
            fields.append(("abstract", _tex(work.abstract)))
        fields.append(("note", _tex(" ".join(_notes(work)))))
        entry_type = _BIBTEX_TYPES.get(kind, "article")
        library.add(Entry(entry_type, key, [Field(k, v) for k, v in fields]))
    text: str = write_string(library)
    return text


# -- CSV -----------------------------------------------------------------------------------


def to_csv(works: Sequence[Work]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for work, key in zip(works, bibtex_keys(works), strict=True):
        writer.writerow([
            key,
            _one_line(work.title or ""),
            "; ".join(authors(work)),
            _one_line(work.venue or ""),
            "" if work.year is None else work.year,
            work.doc_type or "",
            work.doi or "",
            "; ".join(work.pmids),
            "; ".join(work.arxiv_ids),
            *("; ".join(work.ids(database)) for _, database in CSV_ID_COLUMNS),
            "; ".join(work.databases),
            " ".join(urls(work)),
            _one_line(work.abstract or ""),
            " ".join(_notes(work)),
        ])
    return out.getvalue()


def export_text(works: Iterable[Work], output_format: str) -> str:
    """The works in ``output_format`` (one of :data:`EXPORT_FORMATS`)."""
    chosen = list(works)
    writers = {"ris": to_ris, "bibtex": to_bibtex, "csv": to_csv}
    return writers[output_format](chosen)
