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
        # different works, one DOI each (a work Scopus also holds: the same DOI twice)
        assert len({r.work for r in group}) == len({normalize_doi(r.doi) for r in group}) > 1
        assert len({(r.work, normalize_doi(r.doi)) for r in group}) == len({r.work for r in group})


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


def _ids(record: PoolRecord) -> dict[str, str | None]:
    doi = normalize_doi(record.doi)
    arxiv = (normalize_arxiv_id(record.native_id) if record.database == "arxiv"
             else arxiv_id_from_doi(doi))
    return {"doi": doi, "pmid": _pmid(record), "arxiv": arxiv}


def test_the_title_rule_finds_exactly_the_truth() -> None:
    """Within the pool, issue 13's title rule (same normalised title, years at
    most 1 apart, no identifier contradicting) merges only records of one work,
    and every pair of one work is linked by an identifier or by that rule: a
    deduplication that follows the rules can reach precision and recall 1."""
    pool = make_pool(900)
    records = _all(pool)
    by_title: dict[str, list[PoolRecord]] = {}
    for record in records:
        by_title.setdefault(normalize_title(record.title), []).append(record)
    linked: set[frozenset[str]] = set()
    for group in by_title.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                ids_a, ids_b = _ids(a), _ids(b)
                contradicts = any(ids_a[k] and ids_b[k] and ids_a[k] != ids_b[k] for k in ids_a)
                if abs(a.year - b.year) <= 1 and not contradicts:
                    assert a.work == b.work, (a.key, b.key)
                    linked.add(frozenset((a.key, b.key)))
    holders: dict[tuple[str, str], list[str]] = {}
    for record in records:
        for kind, value in _ids(record).items():
            if value:
                holders.setdefault((kind, value), []).append(record.key)
    for keys in holders.values():
        linked.update(frozenset((keys[0], other)) for other in keys[1:])
    # the pairs of one work that no rule links directly are linked through a third
    pairs = pool.duplicate_pairs()
    parent = {record.key: record.key for record in records}

    def find(key: str) -> str:
        while parent[key] != key:
            key = parent[key]
        return key

    for pair in linked:
        a, b = tuple(pair)
        parent[find(a)] = find(b)
    assert all(find(a) == find(b) for a, b in (tuple(pair) for pair in pairs))


def test_scopus_share_is_drawn_apart_from_the_four() -> None:
    """Scopus's share (a later draw with its own generator): journal works of
    the other databases, its EIDs by rank as the fake answers them, its PMID
    and DOI those of the same work elsewhere; the four shares as before."""
    pool = make_pool(900)
    scopus = pool.records["scopus"]
    assert len(scopus) > 300
    assert [r.native_id for r in scopus] == [f"2-s2.0-{85_000_000_000 + rank}"
                                             for rank in range(len(scopus))]
    others = {name: {r.work: r for r in pool.records[name]} for name in ("pubmed", "wos", "ieee")}
    for record in scopus:
        assert any(record.work in held for held in others.values())
        assert record.venue != "arXiv"
        if record.work in others["pubmed"]:
            assert record.pmid == others["pubmed"][record.work].pmid
        if record.doi:
            assert record.doi == normalize_doi(record.doi)
            assert any(normalize_doi(held[record.work].doi) == record.doi
                       for held in others.values() if record.work in held)
    # the four are what they were before Scopus had a share (figures other tests pin)
    assert {name: pool.size(name) for name in DATABASES} == {
        "pubmed": 555, "wos": 370, "arxiv": 167, "ieee": 188}
    assert pool.overlap().fetched == {"pubmed": 555, "wos": 370, "arxiv": 167, "ieee": 188}
    assert "scopus" in pool.overlap({"scopus": 10, "pubmed": 10}).fetched
