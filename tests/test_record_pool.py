"""The shared record pool behind the fakes: deterministic, every kind of
duplicate planted, and a truth that agrees with the identifiers."""

from __future__ import annotations

from collections import Counter

from querylang.records.model import (
    arxiv_id_from_doi,
    normalize_arxiv_id,
    normalize_doi,
    normalize_title,
)
from tests.fakes.pool import DATABASES, PoolRecord, RecordPool, make_pool

KINDS = {"shared_doi", "wos_pmid", "preprint", "preprint_doi", "datacite", "variants",
         "same_title", "near_title"}


def _all(pool: RecordPool) -> list[PoolRecord]:
    return [record for held in pool.records.values() for record in held]


def _pmid(record: PoolRecord) -> str | None:
    return record.pmid.removeprefix("MEDLINE:") if record.pmid else None


def test_deterministic_and_every_kind_planted() -> None:
    first, second = make_pool(200), make_pool(200)
    assert first.records == second.records and first.near_pairs == second.near_pairs
    assert make_pool(200, seed=1).records != first.records
    kinds = Counter(record.kind for record in _all(first))
    assert KINDS <= set(kinds)
    assert len({record.work for record in _all(first)}) == 200


def test_keys_are_unique_and_one_record_per_work_per_database() -> None:
    pool = make_pool(900)
    keys = [record.key for record in _all(pool)]
    assert len(keys) == len(set(keys))
    for name in DATABASES:
        works = [record.work for record in pool.records[name]]
        assert len(works) == len(set(works)), name


def test_truth_agrees_with_the_identifiers() -> None:
    """Records sharing a DOI, PMID or arXiv id are the same work; the same
    normalised title with different DOIs is not (editorials, replies)."""
    pool = make_pool(900)
    by_id: dict[tuple[str, str], set[int]] = {}
    for record in _all(pool):
        doi = normalize_doi(record.doi)
        arxiv = (normalize_arxiv_id(record.native_id) if record.database == "arxiv"
                 else arxiv_id_from_doi(doi))
        for kind, value in (("doi", doi), ("pmid", _pmid(record)), ("arxiv", arxiv)):
            if value:
                by_id.setdefault((kind, value), set()).add(record.work)
    assert all(len(works) == 1 for works in by_id.values())
    same_title = [r for r in _all(pool) if r.kind == "same_title"]
    titles = Counter(normalize_title(r.title) for r in same_title)
    repeated = [t for t, n in titles.items() if n > 1]
    assert repeated
    for title in repeated:
        group = [r for r in same_title if normalize_title(r.title) == title]
        assert len({r.work for r in group}) == len(group)  # different works
        assert len({normalize_doi(r.doi) for r in group}) == len(group)


def test_preprints_match_their_journal_version_by_title_a_year_earlier() -> None:
    pool = make_pool(900)
    preprints = [r for r in pool.records["arxiv"] if r.kind == "preprint"]
    assert preprints
    for preprint in preprints:
        assert preprint.doi is None
        versions = [r for r in _all(pool) if r.work == preprint.work and r is not preprint]
        assert versions
        for version in versions:
            assert normalize_title(version.title) == normalize_title(preprint.title)
            assert version.title != preprint.title  # spelled differently
            assert version.year == preprint.year + 1


def test_near_pairs_are_different_works_with_nearly_equal_titles() -> None:
    pool = make_pool(900)
    assert pool.near_pairs
    truth = pool.truth
    for a, b in pool.near_pairs:
        assert truth[a] != truth[b]
        ta = normalize_title(next(r.title for r in _all(pool) if r.key == a))
        tb = normalize_title(next(r.title for r in _all(pool) if r.key == b))
        assert ta != tb and abs(len(ta) - len(tb)) <= 1


def test_overlap_figures_from_the_truth() -> None:
    pool = RecordPool()

    def add(database: str, native: str, work: int) -> None:
        pool.records[database].append(PoolRecord(database, native, work, "t", 2020, (), "v"))

    add("pubmed", "1", 1)
    add("pubmed", "2", 2)
    add("wos", "WOS:1", 1)
    add("arxiv", "2001.00001", 1)
    add("arxiv", "2001.00002", 3)
    overlap = pool.overlap()
    assert overlap.fetched == {"pubmed": 2, "wos": 1, "arxiv": 2, "ieee": 0}
    assert overlap.unique_records == 3 and overlap.duplicates_removed == 2
    assert overlap.only_here == {"pubmed": 1, "wos": 0, "arxiv": 1, "ieee": 0}
    assert overlap.shared["pubmed"]["wos"] == 1 and overlap.shared["wos"]["arxiv"] == 1
    assert overlap.shared["pubmed"]["ieee"] == 0
    assert pool.duplicate_pairs() == {frozenset({"pubmed:1", "wos:WOS:1"}),
                                      frozenset({"pubmed:1", "arxiv:2001.00001"}),
                                      frozenset({"wos:WOS:1", "arxiv:2001.00001"})}
    partial = pool.overlap({"pubmed": 1, "arxiv": 1})
    assert partial.fetched == {"pubmed": 1, "arxiv": 1}
    assert partial.unique_records == 1
