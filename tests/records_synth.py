"""Synthetic fetched records with known truth, for deduplication tests and
bench/dedup.py.

:func:`synthetic_records` builds works (title, DOI, PMID, year...) and
spreads them over the four databases so that a share of the records are
duplicates, of the kinds real searches produce:

* the same DOI in two databases (titles differing in case, punctuation or
  markup);
* a Web of Science record carrying the PubMed record's PMID, without DOI;
* an arXiv preprint without DOI, its title in other case and punctuation,
  posted the year before the journal version;
* an arXiv preprint whose ``arxiv:doi`` is the journal DOI;
* a record without any identifier, same title and year;
* a record whose title has a typo and no identifier in common: a true
  duplicate that the rules cannot merge (a possible duplicate at best).

Every record carries its work's authors (one to eight) and, from arXiv and
IEEE Xplore only (as the APIs give them), an abstract of about 1,200
characters, so that the records weigh what fetched records weigh.

Distractors that must stay apart: works sharing a title with another work
but not its DOI (errata, replies), sometimes with a preprint whose title
matches both.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from querylang.records.model import FetchedRecord

__all__ = ["SyntheticSet", "synthetic_records", "pair_scores"]

_SYLLABLES = (
    "ka ro mi ne tu sa lo pe vi da gu ho ze fa ri mo lu te bi na ce po"
).split()
_DATABASES = ("pubmed", "wos", "arxiv", "ieee")


@dataclass(frozen=True)
class SyntheticSet:
    records: list[FetchedRecord]
    #: work number of each record (same number: the same work)
    truth: list[int]
    #: per duplicate kind, how many records of that kind
    kinds: Counter[str]


@dataclass
class _Work:
    number: int
    title: str
    doi: str | None
    pmid: str | None
    year: int
    author: str
    venue: str
    #: every author and an abstract (about 1,200 characters), as the APIs
    #: give them for screening: shared by the work's records
    authors: tuple[str, ...] = ()
    abstract: str = ""


class _Maker:
    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)
        #: authors and abstracts draw from their own generator: the records'
        #: identifiers, titles and duplicates stay those of the seed
        self.extra = random.Random(seed + 1)
        rnd = self.random
        self.words = list(
            dict.fromkeys(
                "".join(rnd.choice(_SYLLABLES) for _ in range(rnd.randint(2, 4)))
                for _ in range(12_000)
            )
        )
        self.positions: Counter[str] = Counter()
        self.serial = 0
        self.records: list[FetchedRecord] = []
        self.truth: list[int] = []
        self.kinds: Counter[str] = Counter()

    def next_serial(self) -> int:
        self.serial += 1
        return self.serial

    def work(self, number: int, title: str | None = None) -> _Work:
        rnd = self.random
        if title is None:
            title = " ".join(rnd.choice(self.words) for _ in range(rnd.randint(6, 14)))
            title = title[0].upper() + title[1:]
        serial = self.next_serial()
        found = _Work(
            number,
            title,
            f"10.{1000 + serial % 9000}/j.{serial}" if rnd.random() < 0.85 else None,
            str(10_000_000 + serial) if rnd.random() < 0.6 else None,
            rnd.randint(2012, 2025),
            rnd.choice(self.words).capitalize() + " " + rnd.choice("ABCDEFGHJKLM"),
            rnd.choice(self.words).capitalize() + " Journal",
        )
        extra, words = self.extra, self.words
        start = extra.randrange(len(words) - 200)
        found.authors = (found.author, *(
            words[(start + i) % len(words)].capitalize() + " K" for i in range(extra.randint(0, 7))
        ))
        found.abstract = " ".join(words[start:start + 160]).capitalize() + "."
        return found

    def variant(self, title: str) -> str:
        """The same normalised title, written differently."""
        choice = self.random.randrange(4)
        if choice == 0:
            return title.upper()
        if choice == 1:
            words = title.split()
            middle = len(words) // 2
            return " ".join(words[:middle]) + ": " + " ".join(words[middle:]) + "."
        if choice == 2:
            words = title.split()
            return f"<i>{words[0]}</i> " + " ".join(words[1:])
        return title.lower().replace(" ", "  ") + " ."

    def typo(self, title: str) -> str:
        words = title.split()
        index = self.random.randrange(len(words))
        word = words[index]
        words[index] = word[:-1] + ("x" if word[-1] != "x" else "y")
        return " ".join(words)

    def emit(self, work: _Work, database: str, kind: str, **fields: object) -> None:
        self.positions[database] += 1
        serial = self.next_serial()
        values: dict[str, object] = {
            "doi": work.doi,
            "pmid": work.pmid if database in ("pubmed", "wos") else None,
            "title": work.title,
            "year": work.year,
            "first_author": work.author,
            "venue": work.venue,
            "authors": work.authors,
            # PubMed's esummary and Web of Science Starter give no abstract
            "abstract": work.abstract if database in ("arxiv", "ieee") else None,
        }
        values.update(fields)
        if database == "pubmed":  # a PubMed record always has its PMID
            values["pmid"] = work.pmid
        native = {
            "pubmed": str(values["pmid"]),
            "wos": f"WOS:{serial:015d}",
            "arxiv": f"{2001 + serial // 100_000:04d}.{serial % 100_000:05d}",
            "ieee": str(1_000_000 + serial),
        }[database]
        if database == "arxiv":
            values["arxiv_id"] = native
            values["pmid"] = None
        self.records.append(
            FetchedRecord(database, native, self.positions[database], **values)  # type: ignore[arg-type]
        )
        self.truth.append(work.number)
        self.kinds[kind] += 1

    def journal_databases(self, work: _Work) -> list[str]:
        names = ["wos", "ieee"] + (["pubmed"] if work.pmid else [])
        self.random.shuffle(names)
        return names


def synthetic_records(
    count: int, duplicate_share: float = 0.3, seed: int = 13
) -> SyntheticSet:
    """About ``count`` records, ``duplicate_share`` of them duplicates."""
    maker = _Maker(seed)
    rnd = maker.random
    number = 0
    while len(maker.records) < count:
        number += 1
        work = maker.work(number)
        homes = maker.journal_databases(work)
        first = homes.pop(0)
        maker.emit(work, first, "first")
        if work.doi and rnd.random() < 0.02:  # a distractor: same title, another DOI
            number += 1
            twin = maker.work(number, work.title)
            twin.year = work.year
            twin.doi = f"10.9999/erratum.{maker.next_serial()}"
            maker.emit(twin, maker.journal_databases(twin)[0], "same title, other work")
            if rnd.random() < 0.5:  # a preprint matching both: left apart
                number += 1
                preprint = maker.work(number, maker.variant(work.title))
                preprint.year = work.year - 1
                maker.emit(preprint, "arxiv", "preprint matching two works", doi=None)
            continue
        # duplicates: duplicate_share / (1 - duplicate_share) per work on
        # average, 6% more since the distractors above have none
        per_work = duplicate_share / (1 - duplicate_share) * 1.06
        two = min(0.12, per_work / 2)
        draw = rnd.random()
        extras = 2 if draw < two else 1 if draw < per_work - two else 0
        preprinted = False
        for _ in range(extras):
            kind = rnd.random()
            if not homes:  # every journal database has it: a preprint, if any left
                kind = 0.6 if not preprinted else 2.0
            if 0.55 <= kind < 0.90 and not preprinted:
                preprinted = True
                if kind < 0.80:
                    maker.emit(
                        work, "arxiv", "preprint, no DOI", doi=None,
                        title=maker.variant(work.title), year=work.year - 1,
                    )
                else:
                    maker.emit(work, "arxiv", "preprint with the journal DOI")
                continue
            if not homes:
                break
            other = homes.pop()
            if kind < 0.40 and work.doi:
                maker.emit(work, other, "same DOI", title=maker.variant(work.title))
            elif kind < 0.55 and work.pmid and other == "wos" and first == "pubmed":
                maker.emit(work, "wos", "WoS with the PMID", doi=None)
            elif kind < 0.985:
                maker.emit(work, other, "no identifier, same title", doi=None, pmid=None)
            else:
                maker.emit(
                    work, other, "typo in the title", doi=None, pmid=None,
                    title=maker.typo(work.title),
                )
    return SyntheticSet(maker.records, maker.truth, maker.kinds)


def pair_scores(predicted: Sequence[Sequence[int]], truth: Sequence[int]) -> tuple[float, float]:
    """Pairwise precision and recall of ``predicted`` groups (record indices)
    against ``truth`` (the work of each record)."""

    def pairs(size: int) -> int:
        return size * (size - 1) // 2

    predicted_pairs = sum(pairs(len(group)) for group in predicted)
    true_pairs = sum(pairs(size) for size in Counter(truth).values())
    right = sum(
        pairs(size)
        for group in predicted
        for size in Counter(truth[i] for i in group).values()
    )
    precision = right / predicted_pairs if predicted_pairs else 1.0
    recall = right / true_pairs if true_pairs else 1.0
    return precision, recall
