"""The deduplicated records as files for screening: RIS, BibTeX, CSV
(issue 13 item 7).

One entry per work (deduplicated record), with the databases it came from
and every identifier: DOI, PMID, arXiv id, Web of Science UT, IEEE article
number. The databases give a title, a year, the first author and the
venue; that is what the files carry (no abstracts: the APIs' counting
answers do not give them).

* RIS (through rispy): ``TY`` ``JOUR``, ``CONF`` for a venue named a
  conference, proceedings, symposium or workshop, ``UNPB`` for a work only
  arXiv has (unless its ``journal_ref`` names where it appeared); ``TI``, ``AU``, ``PY``, ``T2`` (journal or proceedings),
  ``DO``, ``UR`` (DOI, PubMed and arXiv links), ``DB`` (the databases),
  ``N1`` (where it was found, with each database's id, and why records
  were merged), ``ID`` (the same unique key as BibTeX). Zotero, EndNote,
  Rayyan and Covidence all read these tags.
* BibTeX (through bibtexparser): ``@article``, ``@inproceedings`` or
  ``@misc`` (arXiv only, with ``eprint`` and ``archiveprefix``), keys
  ``surnameYEARword`` made unique with a, b, c...
* CSV: one row per work, with the column names Rayyan's CSV template
  uses where one fits (key, title, authors, journal, year, doi, url,
  notes) and one column per identifier.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from querylang.records.dedup import Work

__all__ = ["EXPORT_FORMATS", "export_text", "to_ris", "to_bibtex", "to_csv", "bibtex_keys",
           "reference_type"]

EXPORT_FORMATS = ("ris", "bibtex", "csv")
_CONFERENCE = re.compile(r"\b(conference|proceedings|symposium|workshop|congress)\b", re.I)
_NAMES = {
    "pubmed": "PubMed",
    "wos": "Web of Science Core Collection",
    "arxiv": "arXiv",
    "ieee": "IEEE Xplore",
}
_ID_LABELS = {"pubmed": "PMID", "wos": "UT", "arxiv": "arXiv", "ieee": "article number"}
CSV_COLUMNS = (
    "key", "title", "authors", "journal", "year", "doi", "pmid", "arxiv_id", "wos_ut",
    "ieee_article_number", "databases", "url", "notes",
)


def database_name(name: str) -> str:
    return _NAMES.get(name, name)


def reference_type(work: Work) -> str:
    """The RIS type: a conference paper, a preprint only arXiv has, else a
    journal article."""
    if _CONFERENCE.search(work.venue or ""):
        return "CONF"
    if work.databases == ("arxiv",) and not _journal_ref(work):
        return "UNPB"
    return "JOUR"


def _journal_ref(work: Work) -> str | None:
    """The journal an arXiv record says it appeared in (``arxiv:journal_ref``)."""
    for record in work.records:
        for name, value in record.raw_ids:
            if name == "journal_ref" and value.strip():
                return value.strip()
    return None


def author(work: Work) -> str | None:
    """The first author as ``Surname, Given``: PubMed writes ``Smith JA``,
    Web of Science ``Smith, J A``, IEEE and arXiv ``J. A. Smith``."""
    for record in sorted(work.records, key=lambda r: r.database == "arxiv"):
        name = (record.first_author or "").strip()
        if not name:
            continue
        if "," in name:
            return name
        parts = name.split()
        if len(parts) < 2:
            return name
        if record.database == "pubmed":  # "Smith JA": initials last
            return f"{' '.join(parts[:-1])}, {parts[-1]}"
        return f"{parts[-1]}, {' '.join(parts[:-1])}"
    return None


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
    found += [f"https://pubmed.ncbi.nlm.nih.gov/{p}/" for p in work.pmids]
    found += [f"https://arxiv.org/abs/{a}" for a in work.arxiv_ids]
    return found


def found_in(work: Work) -> str:
    """``Found in: PubMed (PMID 123); arXiv (arXiv 2301.00001)``."""
    parts = []
    for database in work.databases:
        label = _ID_LABELS.get(database, "id")
        ids = ", ".join(f"{label} {native}" for native in work.ids(database))
        parts.append(f"{database_name(database)} ({ids})")
    return "Found in: " + "; ".join(parts)


def merged_because(work: Work) -> str | None:
    if not work.merges:
        return None
    reasons = {"doi": "DOI", "pmid": "PMID", "arxiv": "arXiv id", "title": "title and year",
               "record": "same record"}
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
        if name := author(work):
            entry["authors"] = [name]
        if work.year is not None:
            entry["year"] = str(work.year)
        if work.venue:
            entry["secondary_title"] = _one_line(work.venue)
        if work.doi:
            entry["doi"] = work.doi
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
        if name := author(work):
            fields.append(("author", _tex(name)))
        if work.year is not None:
            fields.append(("year", str(work.year)))
        if work.venue:
            fields.append(("booktitle" if kind == "CONF" else "journal", _tex(work.venue)))
        if work.doi:
            fields.append(("doi", _tex(work.doi)))
        if work.pmids:
            fields.append(("pmid", work.pmids[0]))
        if work.arxiv_ids:
            fields += [("eprint", work.arxiv_ids[0]), ("archiveprefix", "arXiv")]
        if links := urls(work):
            fields.append(("url", links[0]))
        fields.append(("note", _tex(" ".join(_notes(work)))))
        entry_type = {"CONF": "inproceedings", "UNPB": "misc"}.get(kind, "article")
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
            author(work) or "",
            _one_line(work.venue or ""),
            "" if work.year is None else work.year,
            work.doi or "",
            "; ".join(work.pmids),
            "; ".join(work.arxiv_ids),
            "; ".join(work.ids("wos")),
            "; ".join(work.ids("ieee")),
            "; ".join(work.databases),
            " ".join(urls(work)),
            " ".join(_notes(work)),
        ])
    return out.getvalue()


def export_text(works: Iterable[Work], output_format: str) -> str:
    """The works in ``output_format`` (one of :data:`EXPORT_FORMATS`)."""
    chosen = list(works)
    writers = {"ris": to_ris, "bibtex": to_bibtex, "csv": to_csv}
    return writers[output_format](chosen)
