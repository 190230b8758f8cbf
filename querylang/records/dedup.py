"""Which fetched records are the same work, and why (issue 13 item 4).

Two phases over one union-find of record indices:

1. Identifiers. Records sharing a DOI, a PMID or an arXiv id are merged
   whatever else they say: an identifier names one work. A DOI
   ``10.48550/arXiv.ID`` (arXiv's DataCite DOI) counts as the arXiv id ID,
   not as a DOI, because the preprint and its journal version (with its
   own DOI) are one work for screening. Two records with the same id in
   the same database (a page returned twice) are one record.
2. Titles. Within each block of records with the same normalised title
   (blocking keeps this linear), groups still apart are merged when no
   identifier contradicts it (both have DOIs, PMIDs, arXiv ids, or records
   of the same database, and they differ), their years are at most 1 apart
   and the title has at least :data:`MIN_TITLE_WORDS` words. A group merges
   only when every pair in it would merge: an arXiv preprint whose title
   matches two journal records with different DOIs (an article and its
   erratum) joins neither. So two records with different DOIs are never
   merged by title.

What the rules do not merge but a person should look at is listed as a
possible duplicate with a score (0-100, rapidfuzz's ``fuzz.ratio`` of the
normalised titles): the same title with the years too far apart, missing, or
too short a title; a group left apart because its identifiers disagree; and
titles very similar but not equal (:data:`NEAR_MATCH_SCORE` or more, found
within blocks of the first and of the last characters of the title).

Every merge keeps its reason (:class:`Merge`). A work's fields come from
the richest record: the longest author list, the longest abstract, and
otherwise the first value, journal version before arXiv (:class:`Work`).
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from querylang.records.model import (
    ARXIV_DOI_PREFIX,
    KIND_ARXIV,
    KIND_DOI,
    KIND_PMID,
    FetchedRecord,
    arxiv_id_from_doi,
    normalize_arxiv_id,
    normalize_doi,
    normalize_pmid,
    normalize_title,
)
from querylang.records.sources import NATIVE_ARXIV, NATIVE_PMID, PREPRINTS

__all__ = [
    "Deduplication",
    "Merge",
    "PossibleDuplicate",
    "Work",
    "deduplicate",
    "REASONS",
    "MIN_TITLE_WORDS",
    "NEAR_MATCH_SCORE",
    "MAX_TITLE_BLOCK",
    "MAX_NEAR_BLOCK",
]

#: Why two records were merged (``Merge.reason``).
REASON_DOI = KIND_DOI
REASON_PMID = KIND_PMID
REASON_ARXIV = KIND_ARXIV
REASON_RECORD = "record"
REASON_TITLE = "title"
REASONS = (REASON_DOI, REASON_PMID, REASON_ARXIV, REASON_RECORD, REASON_TITLE)

#: A title of fewer words ("Editorial", "Reply", "Preface") is no evidence
#: that two records are one work: listed as possible duplicates only.
MIN_TITLE_WORDS = 3
#: fuzz.ratio of two different normalised titles from which the pair is
#: listed as a possible duplicate.
NEAR_MATCH_SCORE = 90.0
#: Groups with one normalised title compared pairwise for merging; a larger
#: block (thousands of "Correction" notices) is left unmerged and counted.
MAX_TITLE_BLOCK = 100
#: Distinct titles compared pairwise in one near-match block (1,000: half a
#: million pairs, about 0.2 s; titles of a topic search often share their
#: first words).
MAX_NEAR_BLOCK = 1000
#: Characters of a title's start and end that make its near-match blocks
#: (two titles 90% alike nearly always share one or the other).
_NEAR_KEY_CHARS = 24
_ARXIV_DOI_PREFIX = ARXIV_DOI_PREFIX


@dataclass(frozen=True, slots=True)
class Merge:
    """Records ``first`` and ``second`` (record keys) were merged because
    they share ``value`` (a DOI, PMID, arXiv id, record id or normalised
    title; ``reason`` says which)."""

    first: str
    second: str
    reason: str
    value: str


@dataclass(frozen=True, slots=True)
class PossibleDuplicate:
    """Two records (keys) of different works that a person should compare."""

    first: str
    second: str
    score: float
    why: str


@dataclass(frozen=True, slots=True)
class Work:
    """One deduplicated record: the fetched records that are one work, in
    input order, and the merges that joined them."""

    records: tuple[FetchedRecord, ...]
    merges: tuple[Merge, ...] = ()

    @property
    def key(self) -> str:
        return self.records[0].key

    @property
    def databases(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.database for r in self.records))

    @property
    def dois(self) -> tuple[str, ...]:
        found = (normalize_doi(r.doi) for r in self.records)
        return tuple(dict.fromkeys(d for d in found if d))

    @property
    def doi(self) -> str | None:
        """The journal DOI if any record has one, else any DOI."""
        dois = self.dois
        journal = [d for d in dois if not d.startswith(_ARXIV_DOI_PREFIX)]
        return next(iter(journal or dois), None)

    @property
    def pmids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p for r in self.records if (p := _pmid(r))))

    @property
    def arxiv_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a for r in self.records if (a := _arxiv(r))))

    def ids(self, database: str) -> tuple[str, ...]:
        """The native ids this work has in ``database``."""
        return tuple(r.native_id for r in self.records if r.database == database)

    def _first(self, name: str) -> str | None:
        for record in self._journal_first():
            value = getattr(record, name)
            if value:
                return str(value)
        return None

    def _journal_first(self) -> list[FetchedRecord]:
        """Records with the journal version's details first (not arXiv)."""
        return sorted(self.records, key=lambda r: r.database in PREPRINTS)

    @property
    def title(self) -> str | None:
        return self._first("title")

    @property
    def year(self) -> int | None:
        for record in self._journal_first():
            if record.year is not None:
                return record.year
        return None

    @property
    def authors_record(self) -> FetchedRecord | None:
        """The record with the longest author list (one database may list
        fewer names); on a tie the journal version. None: no record lists any."""
        found = max(self._journal_first(), key=lambda r: len(r.authors))
        return found if found.authors else None

    @property
    def authors(self) -> tuple[str, ...]:
        """Every author, as :attr:`authors_record` spells them."""
        found = self.authors_record
        return found.authors if found is not None else ()

    @property
    def first_author(self) -> str | None:
        authors = self.authors
        return authors[0] if authors else self._first("first_author")

    @property
    def abstract(self) -> str | None:
        """The longest abstract of any record (PubMed's summaries have none;
        arXiv's and IEEE's do); on a tie the journal version's."""
        found = [r.abstract for r in self._journal_first() if r.abstract]
        return max(found, key=len) if found else None

    @property
    def doc_type(self) -> str | None:
        """The first document type, journal version first (arXiv has none)."""
        return self._first("doc_type")

    @property
    def venue(self) -> str | None:
        return self._first("venue")


@dataclass(frozen=True)
class Deduplication:
    """The works, the possible duplicates and what the rules left aside."""

    works: tuple[Work, ...]
    possible: tuple[PossibleDuplicate, ...]
    records_in: int
    #: Same-title groups left apart because their identifiers disagree.
    ambiguous_titles: int = 0
    #: Normalised titles whose block was too large to compare (not merged).
    oversized_titles: tuple[str, ...] = ()
    #: Near-match blocks too large to compare (first or last words).
    oversized_near_blocks: int = 0

    @property
    def duplicates_removed(self) -> int:
        return self.records_in - len(self.works)

    def merges(self) -> list[Merge]:
        return [merge for work in self.works for merge in work.merges]


# -- identifiers ---------------------------------------------------------------------


def _doi(record: FetchedRecord) -> str | None:
    """The record's DOI unless it is arXiv's DataCite DOI (an arXiv id)."""
    doi = normalize_doi(record.doi)
    return None if doi is None or doi.startswith(_ARXIV_DOI_PREFIX) else doi


def _pmid(record: FetchedRecord) -> str | None:
    pmid = normalize_pmid(record.pmid)
    if pmid is None and record.database in NATIVE_PMID:
        pmid = normalize_pmid(record.native_id)
    return pmid


def _arxiv(record: FetchedRecord) -> str | None:
    found = normalize_arxiv_id(record.arxiv_id) or arxiv_id_from_doi(record.doi)
    if found is None and record.database in NATIVE_ARXIV:
        found = normalize_arxiv_id(record.native_id)
    return found


def _identifiers(record: FetchedRecord) -> tuple[str | None, str | None, str | None]:
    """DOI (not arXiv's), PMID and arXiv id of ``record``, each normalised once."""
    doi = normalize_doi(record.doi)
    arxiv = normalize_arxiv_id(record.arxiv_id)
    if doi is not None and doi.startswith(_ARXIV_DOI_PREFIX):
        arxiv = arxiv or normalize_arxiv_id(doi[len(_ARXIV_DOI_PREFIX):])
        doi = None
    if arxiv is None and record.database in NATIVE_ARXIV:
        arxiv = normalize_arxiv_id(record.native_id)
    return doi, _pmid(record), arxiv


class _UnionFind:
    __slots__ = ("parent",)

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        parent = self.parent
        root = item
        while parent[root] != root:
            root = parent[root]
        while parent[item] != root:  # path compression
            parent[item], item = root, parent[item]
        return root


@dataclass(slots=True)
class _Group:
    """What a group of merged records holds, to test a title merge."""

    dois: set[str] = field(default_factory=set)
    pmids: set[str] = field(default_factory=set)
    arxiv_ids: set[str] = field(default_factory=set)
    databases: set[str] = field(default_factory=set)
    years: set[int] = field(default_factory=set)

    def add(
        self, record: FetchedRecord, identifiers: tuple[str | None, str | None, str | None]
    ) -> None:
        doi, pmid, arxiv = identifiers
        if doi:
            self.dois.add(doi)
        if pmid:
            self.pmids.add(pmid)
        if arxiv:
            self.arxiv_ids.add(arxiv)
        self.databases.add(record.database)
        if record.year is not None:
            self.years.add(record.year)

    def absorb(self, other: _Group) -> None:
        self.dois |= other.dois
        self.pmids |= other.pmids
        self.arxiv_ids |= other.arxiv_ids
        self.databases |= other.databases
        self.years |= other.years

    def contradicts(self, other: _Group) -> bool:
        """Both have an identifier of one kind and none in common (two
        records of one database are two records: their ids differ)."""
        return (
            _differ(self.dois, other.dois)
            or _differ(self.pmids, other.pmids)
            or _differ(self.arxiv_ids, other.arxiv_ids)
            or bool(self.databases & other.databases)
        )

    def year_gap(self, other: _Group) -> int | None:
        if not self.years or not other.years:
            return None
        return min(abs(a - b) for a in self.years for b in other.years)


def _differ(first: set[str], second: set[str]) -> bool:
    return bool(first) and bool(second) and first.isdisjoint(second)


# -- the two phases --------------------------------------------------------------------


class _Deduplicator:
    def __init__(self, records: Sequence[FetchedRecord]) -> None:
        self.records = records
        self.sets = _UnionFind(len(records))
        self.merges: list[tuple[int, int, str, str]] = []
        self.titles = [normalize_title(r.title) for r in records]
        self.identifiers = [_identifiers(r) for r in records]
        self.groups: dict[int, _Group] = {}
        self.members: dict[int, list[int]] = {}
        #: the first record of each normalised title; all of them, for a title
        #: more than one record has
        self.first_with_title: dict[str, int] = {}
        self.all_with_title: dict[str, list[int]] = {}
        self.possible: dict[tuple[int, int], tuple[int, int, float, str]] = {}
        self.ambiguous = 0
        self.oversized: list[str] = []
        self.oversized_near = 0

    def run(self) -> Deduplication:
        self.merge_identifiers()
        self.merge_titles()
        self.find_near_titles()
        return self.result()

    def join(self, a: int, b: int, reason: str, value: str) -> None:
        find = self.sets.find
        root_a, root_b = find(a), find(b)
        if root_a == root_b:
            return
        keep, gone = min(root_a, root_b), max(root_a, root_b)
        self.sets.parent[gone] = keep  # the earlier record stays the root
        members = self.members  # kept for groups of 2 or more only
        kept = members.get(keep) or [keep]
        kept.extend(members.pop(gone, [gone]))
        members[keep] = kept
        self.merges.append((a, b, reason, value))

    def merge_identifiers(self) -> None:
        join = self.join
        by_record: dict[tuple[str, str], int] = {}
        by_doi: dict[str, int] = {}
        by_pmid: dict[str, int] = {}
        by_arxiv: dict[str, int] = {}
        for index, (record, (doi, pmid, arxiv)) in enumerate(
            zip(self.records, self.identifiers, strict=True)
        ):
            earlier = by_record.setdefault((record.database, record.native_id), index)
            if earlier != index:
                join(earlier, index, REASON_RECORD, record.key)
            if doi is not None and (earlier := by_doi.setdefault(doi, index)) != index:
                join(earlier, index, REASON_DOI, doi)
            if pmid is not None and (earlier := by_pmid.setdefault(pmid, index)) != index:
                join(earlier, index, REASON_PMID, pmid)
            if arxiv is not None and (earlier := by_arxiv.setdefault(arxiv, index)) != index:
                join(earlier, index, REASON_ARXIV, arxiv)

    def group(self, root: int) -> _Group:
        """The group of ``root`` (built on first use from the members the
        identifier phase left; a title merge keeps it up to date)."""
        found = self.groups.get(root)
        if found is None:
            found = _Group()
            for index in self.members.get(root) or [root]:
                found.add(self.records[index], self.identifiers[index])
            self.groups[root] = found
        return found

    def merge_titles(self) -> None:
        find = self.sets.find
        first, repeated = self.first_with_title, self.all_with_title
        for index, title in enumerate(self.titles):
            if title:
                earlier = first.setdefault(title, index)
                if earlier != index:
                    repeated.setdefault(title, [earlier]).append(index)
        for title, indices in repeated.items():
            # one representative record per group in the block
            first_of: dict[int, int] = {}
            for index in indices:
                first_of.setdefault(find(index), index)
            if len(first_of) < 2:
                continue
            if len(first_of) > MAX_TITLE_BLOCK:
                self.oversized.append(title)
                continue
            self.merge_block(title, list(first_of.values()))

    def merge_block(self, title: str, representatives: list[int]) -> None:
        find = self.sets.find
        short = len(title.split()) < MIN_TITLE_WORDS
        mergeable: dict[int, set[int]] = defaultdict(set)
        for a, b in combinations(representatives, 2):
            group_a, group_b = self.group(find(a)), self.group(find(b))
            if group_a.contradicts(group_b):
                continue
            gap = group_a.year_gap(group_b)
            if short or gap is None or gap > 1:
                why = (
                    "same title, too short to merge" if short
                    else "same title, a year missing" if gap is None
                    else f"same title, {gap} years apart"
                )
                self.note_possible(a, b, 100.0, why)
                continue
            mergeable[a].add(b)
            mergeable[b].add(a)
        for component in _components(mergeable):
            if all(b in mergeable[a] for a, b in combinations(component, 2)):
                self.merge_component(component, title)
            else:
                self.ambiguous += 1
                for a, b in combinations(component, 2):
                    if b in mergeable[a]:
                        self.note_possible(
                            a, b, 100.0, "same title, other records' identifiers disagree"
                        )

    def merge_component(self, component: list[int], title: str) -> None:
        find = self.sets.find
        anchor = component[0]
        merged = self.group(find(anchor))
        for other in component[1:]:
            if find(other) == find(anchor):
                continue
            other_group = self.group(find(other))
            self.groups.pop(find(other), None)
            self.groups.pop(find(anchor), None)
            self.join(anchor, other, REASON_TITLE, title)
            merged.absorb(other_group)
            self.groups[find(anchor)] = merged

    def note_possible(self, a: int, b: int, score: float, why: str) -> None:
        pair = (min(a, b), max(a, b))
        known = self.possible.get(pair)
        if known is None or known[2] < score:
            self.possible[pair] = (pair[0], pair[1], score, why)

    def find_near_titles(self) -> None:
        # the pairs to score are of distinct titles, blocked by their start
        # and by their end; only a title in a pair needs its records
        starts: dict[str, list[str]] = {}
        ends: dict[str, list[str]] = {}
        keep = _NEAR_KEY_CHARS
        for title in self.first_with_title:
            starts.setdefault(title[:keep], []).append(title)
            ends.setdefault(title[-keep:], []).append(title)
        for titles in (*starts.values(), *ends.values()):
            if len(titles) < 2:
                continue
            if len(titles) > MAX_NEAR_BLOCK:
                self.oversized_near += 1
                continue
            for first, second, score in _similar_pairs(titles):
                self.note_near(self.by_group(first), self.by_group(second), round(score, 1))

    def by_group(self, title: str) -> dict[int, int]:
        """One record with ``title`` per group (root -> record)."""
        find = self.sets.find
        indices = self.all_with_title.get(title) or [self.first_with_title[title]]
        found: dict[int, int] = {}
        for index in indices:
            found.setdefault(find(index), index)
        return found

    def note_near(self, first: dict[int, int], second: dict[int, int], score: float) -> None:
        find = self.sets.find
        for root_a, a in first.items():
            for root_b, b in second.items():
                if find(root_a) == find(root_b):
                    continue
                group_a, group_b = self.group(find(a)), self.group(find(b))
                if group_a.contradicts(group_b):
                    continue
                gap = group_a.year_gap(group_b)
                if gap is not None and gap > 1:
                    continue
                self.note_possible(a, b, score, "similar titles")

    def result(self) -> Deduplication:
        find = self.sets.find
        parent, members = self.sets.parent, self.members
        # roots are each group's earliest record: works come in input order
        order = {
            root: sorted(members[root]) if root in members else [root]
            for root in range(len(parent))
            if parent[root] == root
        }
        merges_of: dict[int, list[Merge]] = defaultdict(list)
        records = self.records
        for a, b, reason, value in self.merges:
            merges_of[find(a)].append(Merge(records[a].key, records[b].key, reason, value))
        works = tuple(
            Work(tuple(map(records.__getitem__, indices)), tuple(merges_of.get(root, ())))
            for root, indices in order.items()
        )
        possible = tuple(
            PossibleDuplicate(records[a].key, records[b].key, score, why)
            for a, b, score, why in sorted(self.possible.values())
            if find(a) != find(b)
        )
        return Deduplication(
            works,
            possible,
            len(records),
            self.ambiguous,
            tuple(self.oversized),
            self.oversized_near,
        )


#: From this block size on, each title is scored against the rest in one
#: call into rapidfuzz (its C loop) rather than pair by pair in Python.
_EXTRACT_FROM = 40


def _similar_pairs(titles: list[str]) -> Iterable[tuple[str, str, float]]:
    """Pairs of ``titles`` whose fuzz.ratio is at least NEAR_MATCH_SCORE."""
    from rapidfuzz import process  # only here: the rest needs no C extension
    from rapidfuzz.fuzz import ratio

    if len(titles) < _EXTRACT_FROM:
        for first, second in combinations(titles, 2):
            score = ratio(first, second, score_cutoff=NEAR_MATCH_SCORE)
            if score:
                yield first, second, score
        return
    for index, first in enumerate(titles[:-1]):
        rest = titles[index + 1:]
        for second, score, _ in process.extract(
            first, rest, scorer=ratio, score_cutoff=NEAR_MATCH_SCORE, limit=None
        ):
            yield first, second, score


def _components(edges: dict[int, set[int]]) -> Iterable[list[int]]:
    """Connected components of an undirected graph, each in input order."""
    seen: set[int] = set()
    for start in edges:
        if start in seen:
            continue
        seen.add(start)
        component, stack = [], [start]
        while stack:
            node = stack.pop()
            component.append(node)
            for neighbour in edges[node]:
                if neighbour not in seen:
                    seen.add(neighbour)
                    stack.append(neighbour)
        yield sorted(component)


def deduplicate(records: Iterable[FetchedRecord]) -> Deduplication:
    """Merge ``records`` (all databases, in the order to keep) into works."""
    # Hundreds of thousands of small containers, none cyclic: the cyclic
    # collector would walk them all again and again for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _Deduplicator(list(records)).run()
    finally:
        if collecting:
            gc.enable()
