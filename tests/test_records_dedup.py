"""The merge rules of issue 13 item 4: each rule, and each non-merge."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from querylang.records.dedup import (
    MAX_TITLE_BLOCK,
    Deduplication,
    deduplicate,
)
from querylang.records.model import FetchedRecord
from tests.records_synth import pair_scores, synthetic_records

TITLE = "Large language models in medical image processing"


def rec(
    database: str,
    native_id: str,
    *,
    doi: str | None = None,
    pmid: str | None = None,
    arxiv_id: str | None = None,
    title: str | None = TITLE,
    year: int | None = 2023,
) -> FetchedRecord:
    return FetchedRecord(
        database, native_id, 1, doi=doi, pmid=pmid, arxiv_id=arxiv_id, title=title, year=year
    )


def groups(result: Deduplication) -> list[set[str]]:
    return [{r.key for r in work.records} for work in result.works]


def reasons(result: Deduplication) -> list[str]:
    return sorted(merge.reason for merge in result.merges())


def test_shared_doi_merges_whatever_the_titles_and_years() -> None:
    result = deduplicate([
        rec("pubmed", "1", doi="10.1016/J.MEDIA.2023.1", title="One title"),
        rec("wos", "WOS:1", doi="https://doi.org/10.1016/j.media.2023.1", title="Other", year=2019),
    ])
    assert groups(result) == [{"pubmed:1", "wos:WOS:1"}]
    assert [(m.reason, m.value) for m in result.merges()] == [("doi", "10.1016/j.media.2023.1")]
    assert result.duplicates_removed == 1


def test_shared_pmid_merges_wos_record_without_doi() -> None:
    result = deduplicate([
        rec("pubmed", "123", pmid="123", doi="10.1/a"),
        rec("wos", "WOS:2", pmid="0123", title="x"),
    ])
    assert groups(result) == [{"pubmed:123", "wos:WOS:2"}]
    assert reasons(result) == ["pmid"]


def test_pubmed_native_id_is_its_pmid() -> None:
    result = deduplicate([rec("pubmed", "555", title="a"), rec("wos", "WOS:9", pmid="555")])
    assert len(result.works) == 1


def test_arxiv_id_inside_datacite_doi_merges() -> None:
    result = deduplicate([
        rec("arxiv", "2301.00001", arxiv_id="2301.00001", title="a"),
        rec("wos", "WOS:3", doi="10.48550/arXiv.2301.00001v2", title="b"),
    ])
    assert groups(result) == [{"arxiv:2301.00001", "wos:WOS:3"}]
    assert [(m.reason, m.value) for m in result.merges()] == [("arxiv", "2301.00001")]


def test_datacite_doi_does_not_block_a_title_merge_with_the_journal_doi() -> None:
    result = deduplicate([
        rec("ieee", "9", doi="10.1109/x.1"),
        rec("arxiv", "2301.00002", doi="10.48550/arXiv.2301.00002", year=2022),
    ])
    assert len(result.works) == 1
    assert result.works[0].doi == "10.1109/x.1"


def test_same_normalised_title_and_close_years_merge() -> None:
    result = deduplicate([
        rec("pubmed", "1", doi="10.1/a", title="Large Language Models in <i>Medical</i> Image "
            "Processing."),
        rec("arxiv", "2201.00001", arxiv_id="2201.00001", year=2022,
            title="LARGE LANGUAGE MODELS IN MEDICAL IMAGE PROCESSING"),
    ])
    assert len(result.works) == 1
    [merge] = result.merges()
    assert (merge.reason, merge.value) == ("title", TITLE.lower())


def test_diacritics_and_whitespace_do_not_matter() -> None:
    result = deduplicate([
        rec("wos", "WOS:1", title="Résumé  of   medical imaging studies"),
        rec("ieee", "2", title="resume of medical imaging studies"),
    ])
    assert len(result.works) == 1


@pytest.mark.parametrize(
    ("first", "second", "why"),
    [
        (rec("pubmed", "1", doi="10.1/a"), rec("wos", "WOS:1", doi="10.1/erratum"), None),
        (rec("pubmed", "1"), rec("wos", "WOS:1", pmid="2"), None),
        (rec("arxiv", "2301.1", arxiv_id="2301.00001"),
         rec("wos", "WOS:1", doi="10.48550/arxiv.2301.00009"), None),
        (rec("wos", "WOS:1"), rec("wos", "WOS:2"), None),
        (rec("wos", "WOS:1", year=2020), rec("ieee", "1", year=2023),
         "same title, 3 years apart"),
        (rec("wos", "WOS:1", year=None), rec("ieee", "1"), "same title, a year missing"),
        (rec("wos", "WOS:1", title="Editorial"), rec("ieee", "1", title="Editorial"),
         "same title, too short to merge"),
    ],
    ids=["different DOIs", "different PMIDs", "different arXiv ids", "same database",
         "years apart", "year missing", "short title"],
)
def test_same_title_not_merged(first: FetchedRecord, second: FetchedRecord, why: str | None) -> None:
    result = deduplicate([first, second])
    assert len(result.works) == 2
    assert [p.why for p in result.possible] == ([why] if why else [])
    if why:
        assert result.possible[0].score == 100.0


def test_preprint_matching_article_and_erratum_joins_neither() -> None:
    result = deduplicate([
        rec("pubmed", "1", doi="10.1/article"),
        rec("wos", "WOS:1", doi="10.1/erratum"),
        rec("arxiv", "2201.00001", arxiv_id="2201.00001", year=2022),
    ])
    assert len(result.works) == 3
    assert result.ambiguous_titles == 1
    assert {(p.first, p.second) for p in result.possible} == {
        ("pubmed:1", "arxiv:2201.00001"),
        ("wos:WOS:1", "arxiv:2201.00001"),
    }


def test_title_merge_checks_the_whole_group_not_one_record() -> None:
    # pubmed and wos are one work by DOI; ieee has another DOI and a
    # variant title: the arXiv preprint matches the DOI group and ieee
    result = deduplicate([
        rec("pubmed", "1", doi="10.1/a"),
        rec("wos", "WOS:1", doi="10.1/a"),
        rec("ieee", "7", doi="10.1109/b"),
        rec("arxiv", "2201.00001", arxiv_id="2201.00001", year=2022),
    ])
    assert sorted(len(work.records) for work in result.works) == [1, 1, 2]


def test_title_merge_of_three_records_without_identifiers() -> None:
    result = deduplicate([
        rec("wos", "WOS:1"), rec("ieee", "1", year=2024), rec("arxiv", "x", year=2022)
    ])
    # 2024 and 2022 are two years apart: not every pair would merge
    assert len(result.works) == 3
    result = deduplicate([rec("wos", "WOS:1"), rec("ieee", "1", year=2024), rec("arxiv", "x")])
    assert len(result.works) == 1
    assert reasons(result) == ["title", "title"]


def test_near_titles_are_possible_duplicates_not_merged() -> None:
    result = deduplicate([
        rec("pubmed", "1", title="Large language models in medical image processing: a review"),
        rec("ieee", "2", title="Large language model in medical image processing: a review"),
    ])
    assert len(result.works) == 2
    [possible] = result.possible
    assert (possible.first, possible.second, possible.why) == ("pubmed:1", "ieee:2", "similar titles")
    assert 90 <= possible.score < 100


def test_near_titles_with_different_dois_are_not_listed() -> None:
    result = deduplicate([
        rec("pubmed", "1", doi="10.1/a", title="Deep learning for chest radiographs in adults"),
        rec("ieee", "2", doi="10.1/b", title="Deep learning for chest radiographs in adult"),
    ])
    assert result.possible == ()


def test_unrelated_titles_are_not_listed() -> None:
    result = deduplicate([
        rec("pubmed", "1", title="Deep learning for chest radiographs"),
        rec("ieee", "2", title="Transformers for retinal images in diabetes"),
    ])
    assert (len(result.works), result.possible) == (2, ())


def test_record_twice_in_one_answer_is_one_record() -> None:
    result = deduplicate([rec("wos", "WOS:1", title="a"), rec("wos", "WOS:1", title="a")])
    assert reasons(result) == ["record"]


def test_huge_title_block_is_left_alone() -> None:
    many = [rec("wos", f"WOS:{i}", title="Correction to the article above") for i in range(
        MAX_TITLE_BLOCK + 1)]
    result = deduplicate(many)
    assert len(result.works) == MAX_TITLE_BLOCK + 1
    assert result.oversized_titles == ("correction to the article above",)


def test_work_prefers_journal_details_over_the_preprint() -> None:
    result = deduplicate([
        rec("arxiv", "2201.00001", arxiv_id="2201.00001", year=2022, title="A b c d"),
        rec("wos", "WOS:1", doi="10.1/a", year=2023, title="A B C D."),
    ])
    [work] = result.works
    assert (work.year, work.title, work.doi) == (2023, "A B C D.", "10.1/a")
    assert work.databases == ("arxiv", "wos")
    assert work.arxiv_ids == ("2201.00001",)
    assert work.ids("wos") == ("WOS:1",)


def test_work_keeps_the_richest_fields_of_its_records() -> None:
    pubmed = FetchedRecord("pubmed", "1", 1, pmid="1", doi="10.1/a", title=TITLE,
                           authors=("Smith J", "Lee K"), doc_type="Journal Article")
    wos = FetchedRecord("wos", "WOS:1", 1, doi="10.1/a", title=TITLE,
                        authors=("Smith, J", "Lee, K", "Kim, A"), doc_type="Article")
    arxiv = FetchedRecord("arxiv", "2201.00001", 1, doi="10.1/a", arxiv_id="2201.00001",
                          title=TITLE, authors=("J. Smith", "K. Lee", "A. Kim"),
                          abstract="The preprint's abstract, the only one.")
    [work] = deduplicate([pubmed, arxiv, wos]).works
    assert work.abstract == "The preprint's abstract, the only one."
    # the longest list; on a tie the journal version's spelling (not arXiv's)
    assert work.authors == ("Smith, J", "Lee, K", "Kim, A") and work.authors_record is wos
    assert work.first_author == "Smith, J"
    assert work.doc_type == "Journal Article"
    shorter = FetchedRecord("ieee", "9", 1, doi="10.1/a", abstract="Short.")
    [work] = deduplicate([shorter, arxiv]).works
    assert work.abstract == "The preprint's abstract, the only one."
    [bare] = deduplicate([rec("wos", "WOS:2", doi="10.1/b")]).works
    assert (bare.authors, bare.authors_record, bare.abstract, bare.doc_type) == (
        (), None, None, None)


def test_synthetic_set_precision_and_recall() -> None:
    synthetic = synthetic_records(6000, seed=3)
    result = deduplicate(synthetic.records)
    index = {r.key: i for i, r in enumerate(synthetic.records)}
    precision, recall = pair_scores(
        [[index[r.key] for r in work.records] for work in result.works], synthetic.truth
    )
    assert precision == 1.0
    assert recall >= 0.98
    # the typos are the only true duplicates the rules cannot see: listed
    typo_kind = Counter(synthetic.kinds)["typo in the title"]
    assert typo_kind > 0
    assert len(result.possible) >= typo_kind


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=60))
def test_ascii_title_fast_path_equals_the_general_rule(text: str) -> None:
    import re

    from querylang.records.model import normalize_title

    # the general rule, as for non-ASCII titles (no markup in this alphabet
    # matters: tags and entities are removed before either path)
    expected = re.sub(r"[\W_]+", " ", text.casefold()).strip()
    if "<" in text or "&" in text:
        return
    assert normalize_title(text) == expected


def test_near_titles_found_in_a_large_block() -> None:
    # 60 titles sharing their first words (rapidfuzz's C loop scores them),
    # one pair of them one letter apart
    import random

    rnd = random.Random(5)
    vocabulary = ["".join(rnd.choice("bcdfghklmnprstvz") + rnd.choice("aeiou")
                          for _ in range(3)) for _ in range(400)]
    records = [
        rec("wos", f"WOS:{i}", title="Large language models for "
            + " ".join(rnd.choice(vocabulary) for _ in range(6)))
        for i in range(60)
    ]
    assert records[5].title
    records.append(rec("ieee", "1", title=records[5].title + "s"))
    result = deduplicate(records)
    assert [(p.first, p.second) for p in result.possible] == [("wos:WOS:5", "ieee:1")]
    assert result.oversized_near_blocks == 0
