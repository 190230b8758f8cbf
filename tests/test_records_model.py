"""The shared normal forms of identifiers and titles."""

from __future__ import annotations

import pytest

from querylang.records.model import (
    FetchedRecord,
    arxiv_id_from_doi,
    normalize_arxiv_id,
    normalize_doi,
    normalize_pmid,
    normalize_title,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10.1016/J.MEDIA.2023.102802", "10.1016/j.media.2023.102802"),
        ("https://doi.org/10.1000/ABC", "10.1000/abc"),
        ("http://dx.doi.org/10.1000/abc.", "10.1000/abc"),
        ("doi:10.1000/abc", "10.1000/abc"),
        ("DOI: 10.1000/abc", "10.1000/abc"),
        ("not a doi", None),
        ("", None),
        (None, None),
        ("10.1000", None),
    ],
)
def test_normalize_doi(text: str | None, expected: str | None) -> None:
    assert normalize_doi(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2301.00001v2", "2301.00001"),
        ("arXiv:2301.00001", "2301.00001"),
        ("http://arxiv.org/abs/2301.12345v1", "2301.12345"),
        ("https://arxiv.org/pdf/2301.12345v3.pdf", "2301.12345"),
        ("hep-th/9901001v2", "hep-th/9901001"),
        ("0704.0001", "0704.0001"),
        ("12345", None),
        (None, None),
    ],
)
def test_normalize_arxiv_id(text: str | None, expected: str | None) -> None:
    assert normalize_arxiv_id(text) == expected


def test_arxiv_id_from_doi() -> None:
    assert arxiv_id_from_doi("https://doi.org/10.48550/arXiv.2301.00001") == "2301.00001"
    assert arxiv_id_from_doi("10.1016/j.media.2023.102802") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("123", "123"), ("PMID: 0456", "456"), ("pmid123", "123"), ("12a", None), ("", None)],
)
def test_normalize_pmid(text: str, expected: str | None) -> None:
    assert normalize_pmid(text) == expected


def test_normalize_title_removes_case_markup_diacritics_punctuation() -> None:
    a = normalize_title("Large <i>Language</i> Models: a Review of Radiología &amp; MRI.")
    b = normalize_title("large language models - a review of radiologia & mri")
    assert a == b == "large language models a review of radiologia mri"
    assert normalize_title(None) == ""


def test_fetched_record_key_and_immutability() -> None:
    record = FetchedRecord("pubmed", "123", 1, doi="10.1/x")
    assert record.key == "pubmed:123"
    with pytest.raises(AttributeError):
        record.doi = "10.2/y"  # type: ignore[misc]
