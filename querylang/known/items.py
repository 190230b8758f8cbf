"""Reading a known set: the records a strategy must find.

Four formats, told apart by the file's name (``.ris``, ``.bib``/``.bibtex``,
``.csv``) or, for any other name, read as one identifier per line:

* identifier lines: a PMID (digits, or ``PMID: 123``), a DOI (bare,
  ``doi:`` or a doi.org URL), an arXiv id (``2301.01234``, ``arXiv:...``,
  ``hep-th/9901001``) or ``ieee:ARTICLE_NUMBER``; ``#`` starts a comment;
* RIS through :mod:`rispy` (``DO`` DOI, ``AN`` accession number when it is
  a PMID, ``TI``/``T1`` title, ``PY``/``Y1`` year), one record at a time so
  that a broken record is named by its first line;
* BibTeX through :mod:`bibtexparser` 2.x (``doi``, ``pmid``, ``eprint``
  with ``archiveprefix`` arXiv, ``title``, ``year``);
* CSV with a header naming columns ``doi``, ``pmid``, ``arxiv`` (or
  ``arxiv_id``, ``eprint``), ``ieee`` (or ``article_number``), ``id``,
  ``title``, ``year`` (any case).

Every identifier is kept in its normal form (:mod:`querylang.records.model`).
An entry with a title but no identifier (RIS, BibTeX, CSV) is looked up by
its exact title (kind ``title``). An entry with neither is not a known item:
it is reported with its line number (:class:`Unreadable`) and the others
are still checked.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from querylang.records.model import (
    arxiv_id_from_doi,
    normalize_arxiv_id,
    normalize_doi,
    normalize_pmid,
    normalize_title,
)

__all__ = ["KnownItem", "Unreadable", "KnownSet", "read_known", "parse_known", "parse_identifier"]

#: ``ieee:1234567``: an IEEE Xplore article number (digits only).
_IEEE = re.compile(r"^ieee\s*:\s*(\d{1,12})$", re.IGNORECASE)
#: A comment: ``#`` at the start of a line or after white space.
_COMMENT = re.compile(r"(?:^|\s)#.*$")
_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")
KINDS = ("doi", "pmid", "arxiv", "ieee")


@dataclass(frozen=True)
class KnownItem:
    """One known record. ``id`` is its main identifier in normal form, of
    ``kind`` doi, pmid, arxiv or ieee (in that order of preference when an
    entry gives several); every identifier it has is kept."""

    id: str
    kind: str
    line: int
    doi: str | None = None
    pmid: str | None = None
    arxiv_id: str | None = None
    ieee: str | None = None
    title: str | None = None
    year: int | None = None

    def identifiers(self) -> dict[str, str]:
        """Every identifier by kind (arXiv ids also from an arXiv DOI)."""
        found = {"doi": self.doi, "pmid": self.pmid, "arxiv": self.arxiv_id, "ieee": self.ieee}
        return {kind: value for kind, value in found.items() if value}

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "kind": self.kind, "title": self.title, "year": self.year,
                "identifiers": self.identifiers(), "line": self.line}


@dataclass(frozen=True)
class Unreadable:
    """An entry that could not be read: where, and why."""

    line: int
    text: str
    why: str

    def message(self, name: str) -> str:
        shown = self.text if len(self.text) <= 60 else self.text[:57] + "..."
        return f"{name}:{self.line}: KC001 {self.why}: {shown!r} (left out; the others are checked)"


@dataclass
class KnownSet:
    """The items read from one file, in file order, and what could not be read."""

    name: str
    format: str
    items: list[KnownItem] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)
    duplicates: list[Unreadable] = field(default_factory=list)

    #: (kind, identifier) -> the line of the item that has it
    seen: dict[tuple[str, str], int] = field(default_factory=dict, repr=False)

    def add(self, item: KnownItem, text: str) -> None:
        """Keep ``item`` unless an earlier one shares an identifier (or its title)."""
        keys = list(item.identifiers().items()) or [("title", item.id)]
        earlier = next((self.seen[key] for key in keys if key in self.seen), None)
        if earlier is not None:
            self.duplicates.append(Unreadable(item.line, text,
                                              f"the same record as line {earlier}"))
            return
        for key in keys:
            self.seen[key] = item.line
        self.items.append(item)


def _item(line: int, *, doi: str | None = None, pmid: str | None = None,
          arxiv_id: str | None = None, ieee: str | None = None,
          title: str | None = None, year: int | None = None) -> KnownItem | None:
    arxiv_id = arxiv_id or arxiv_id_from_doi(doi)
    title = " ".join(title.split()) if title else None
    for kind, value in (("doi", doi), ("pmid", pmid), ("arxiv", arxiv_id), ("ieee", ieee)):
        if value:
            # "ieee:" keeps an article number apart from a PMID (both are digits)
            shown = f"ieee:{value}" if kind == "ieee" else value
            return KnownItem(shown, kind, line, doi, pmid, arxiv_id, ieee, title or None, year)
    if title and normalize_title(title):
        # no identifier: the record is looked up by its exact title
        return KnownItem(f"title:{normalize_title(title)}", "title", line, title=title,
                         year=year)
    return None


def parse_identifier(text: str) -> tuple[str, str] | None:
    """``(kind, normal form)`` of one identifier as a user writes it, or None."""
    bare = text.strip()
    ieee = _IEEE.match(bare)
    if ieee:
        return "ieee", ieee.group(1).lstrip("0") or "0"
    if bare.lower().startswith("pmid") or bare.isdigit():
        pmid = normalize_pmid(bare)
        return ("pmid", pmid) if pmid else None
    doi = normalize_doi(bare)
    if doi:
        return "doi", doi
    arxiv = normalize_arxiv_id(bare)
    if arxiv:
        return "arxiv", arxiv
    return None


def _year(text: object) -> int | None:
    found = _YEAR.search(str(text or ""))
    return int(found.group(1)) if found else None


# -- the formats -------------------------------------------------------------------


def _read_lines(known: KnownSet, text: str) -> None:
    for number, raw in enumerate(text.splitlines(), start=1):
        bare = _COMMENT.sub("", raw).strip()
        if not bare:
            continue
        found = parse_identifier(bare)
        if found is None:
            known.unreadable.append(Unreadable(
                number, bare, "not a PMID, DOI, arXiv id or ieee:ARTICLE_NUMBER"))
            continue
        kind, value = found
        item = _item(number, doi=value if kind == "doi" else None,
                     pmid=value if kind == "pmid" else None,
                     arxiv_id=value if kind == "arxiv" else None,
                     ieee=value if kind == "ieee" else None)
        assert item is not None
        known.add(item, bare)


_RIS_START = re.compile(r"^TY  - ")
_RIS_END = re.compile(r"^ER  -")


def _read_ris(known: KnownSet, text: str) -> None:
    import rispy  # type: ignore[import-untyped]

    lines = text.splitlines()
    start: int | None = None
    for index, line in enumerate(lines):
        if _RIS_START.match(line):
            if start is not None:
                known.unreadable.append(Unreadable(start + 1, lines[start].strip(),
                                                   "RIS record without its ER line"))
            start = index
        elif _RIS_END.match(line) and start is not None:
            chunk = "\n".join(lines[start:index + 1]) + "\n"
            _ris_record(known, chunk, start + 1, lines[start].strip(), rispy)
            start = None
    if start is not None:
        known.unreadable.append(Unreadable(start + 1, lines[start].strip(),
                                           "RIS record without its ER line"))


def _ris_record(known: KnownSet, chunk: str, line: int, head: str, rispy: object) -> None:
    try:
        entries = rispy.loads(chunk)  # type: ignore[attr-defined]
    except Exception as error:  # rispy raises plain IOError/ValueError/KeyError
        known.unreadable.append(Unreadable(line, head, f"RIS record not readable ({error})"))
        return
    for entry in entries:
        title = entry.get("title") or entry.get("primary_title")
        accession = str(entry.get("accession_number") or "")
        item = _item(line, doi=normalize_doi(entry.get("doi")),
                     pmid=normalize_pmid(accession) if accession.strip().isdigit() else None,
                     title=title, year=_year(entry.get("year") or entry.get("publication_year")))
        if item is None:
            known.unreadable.append(Unreadable(line, title or head, "no DOI, PMID or title in the record"))
        else:
            known.add(item, title or head)


def _read_bibtex(known: KnownSet, text: str) -> None:
    import bibtexparser

    library = bibtexparser.parse_string(text)  # type: ignore[attr-defined]
    for failed in library.failed_blocks:
        line = (failed.start_line or 0) + 1
        known.unreadable.append(Unreadable(line, (failed.raw or "").split("\n")[0],
                                           "BibTeX entry not readable"))
    for entry in library.entries:
        fields = {f.key.lower(): str(f.value).replace("{", "").replace("}", "")
                  for f in entry.fields}
        eprint = fields.get("eprint")
        archive = fields.get("archiveprefix", "arxiv").lower()
        line = (entry.start_line or 0) + 1
        item = _item(line, doi=normalize_doi(fields.get("doi")),
                     pmid=normalize_pmid(fields.get("pmid")),
                     arxiv_id=normalize_arxiv_id(eprint) if archive == "arxiv" else None,
                     title=fields.get("title"), year=_year(fields.get("year")))
        head = f"@{entry.entry_type}{{{entry.key}"
        if item is None:
            known.unreadable.append(Unreadable(line, head,
                                               "no doi, pmid, arXiv eprint or title in the entry"))
        else:
            known.add(item, head)


_CSV_COLUMNS = {
    "doi": "doi", "pmid": "pmid", "pubmed": "pmid", "arxiv": "arxiv", "arxiv_id": "arxiv",
    "eprint": "arxiv", "ieee": "ieee", "article_number": "ieee", "id": "id",
    "title": "title", "year": "year",
}


def _read_csv(known: KnownSet, text: str) -> None:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        return
    columns = {index: _CSV_COLUMNS.get(name.strip().lower().replace(" ", "_"))
               for index, name in enumerate(header)}
    if not {"doi", "pmid", "arxiv", "ieee", "id", "title"} & set(columns.values()):
        known.unreadable.append(Unreadable(1, ",".join(header), "no doi, pmid, arxiv, ieee, "
                                           "id or title column in the CSV header"))
        return
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        values: dict[str, str] = {}
        for index, cell in enumerate(row):
            name = columns.get(index)
            if name and cell.strip():
                values[name] = cell.strip()
        item = _csv_item(reader.line_num, values)
        shown = ",".join(row)
        if item is None:
            known.unreadable.append(Unreadable(reader.line_num, shown,
                                               "no readable DOI, PMID, arXiv id, IEEE number or title"))
        else:
            known.add(item, shown)


def _csv_item(line: int, values: Mapping[str, str]) -> KnownItem | None:
    ids: dict[str, str | None] = {
        "doi": normalize_doi(values.get("doi")),
        "pmid": normalize_pmid(values.get("pmid")),
        "arxiv": normalize_arxiv_id(values.get("arxiv")),
        "ieee": (values.get("ieee") or "").strip() or None,
    }
    if ids["ieee"] is not None and not str(ids["ieee"]).isdigit():
        ids["ieee"] = None
    if "id" in values:
        found = parse_identifier(values["id"])
        if found is not None:
            ids[found[0]] = ids[found[0]] or found[1]
    return _item(line, doi=ids["doi"], pmid=ids["pmid"], arxiv_id=ids["arxiv"],
                 ieee=ids["ieee"], title=values.get("title"), year=_year(values.get("year")))


_READERS = {"ids": _read_lines, "ris": _read_ris, "bibtex": _read_bibtex, "csv": _read_csv}
_SUFFIXES = {".ris": "ris", ".bib": "bibtex", ".bibtex": "bibtex", ".csv": "csv"}


def detect_format(name: str, text: str) -> str:
    """``ids``, ``ris``, ``bibtex`` or ``csv``: by the suffix, else by the content."""
    suffix = Path(name).suffix.lower()
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if _RIS_START.match(first):
        return "ris"
    if first.startswith("@"):
        return "bibtex"
    return "ids"


def parse_known(text: str, name: str = "<known>", format: str | None = None) -> KnownSet:
    """The known set in ``text`` (``format`` None: :func:`detect_format`)."""
    chosen = format or detect_format(name, text)
    known = KnownSet(name, chosen)
    _READERS[chosen](known, text.removeprefix("\ufeff"))
    return known


def read_known(path: str | Path) -> KnownSet:
    """The known set in a file; OSError and UnicodeDecodeError go to the caller."""
    data = Path(path).read_bytes()
    return parse_known(data.decode("utf-8"), str(path))

