"""Exports for screening tools: RIS (rispy reads it back), BibTeX
(bibtexparser reads it back, keys unique), CSV."""

from __future__ import annotations

import csv
import io

import bibtexparser
import rispy  # type: ignore[import-untyped]

from querylang.records.dedup import deduplicate
from querylang.records.export import bibtex_keys, export_text, reference_type
from querylang.records.model import FetchedRecord


def works() -> list:  # type: ignore[type-arg]
    records = [
        FetchedRecord("pubmed", "123", 1, doi="10.1016/j.media.2023.1", pmid="123",
                      title="Large language models in medical imaging: 50% & more_", year=2023,
                      first_author="Smith JA", venue="Med Image Anal"),
        FetchedRecord("wos", "WOS:000111", 1, doi="10.1016/J.MEDIA.2023.1", pmid="123",
                      title="LARGE LANGUAGE MODELS IN MEDICAL IMAGING: 50% & MORE_", year=2023,
                      first_author="Smith, JA", venue="MEDICAL IMAGE ANALYSIS"),
        FetchedRecord("arxiv", "2212.00001", 1, arxiv_id="2212.00001",
                      title="Large language models in medical imaging: 50% & more_", year=2022,
                      first_author="Jane A. Smith"),
        FetchedRecord("ieee", "9999999", 1, doi="10.1109/ISBI.2023.9", title="Segmenting {ö}rgans",
                      year=2023, first_author="J. Smith",
                      venue="2023 IEEE 20th International Symposium on Biomedical Imaging"),
        FetchedRecord("arxiv", "2301.00002", 2, arxiv_id="2301.00002",
                      title="A preprint only } on arXiv", year=2023, first_author="Lee Kim"),
        FetchedRecord("wos", "WOS:000222", 2, doi="10.1/other", title="Large language models",
                      year=2023, first_author="Smith, J"),
        FetchedRecord("ieee", "8888888", 2, doi="10.1/other2", title="Large language models",
                      year=2023, first_author="J. Smith"),
    ]
    return list(deduplicate(records).works)


def test_ris_reads_back_with_rispy() -> None:
    text = export_text(works(), "ris")
    assert not text.startswith("1.")
    entries = rispy.loads(text)
    assert len(entries) == 5
    first = entries[0]
    assert first["type_of_reference"] == "JOUR"
    assert first["doi"] == "10.1016/j.media.2023.1"
    assert first["authors"] == ["Smith, JA"]
    assert first["year"] == "2023"
    assert first["secondary_title"] == "Med Image Anal"
    assert first["name_of_database"] == "PubMed; Web of Science Core Collection; arXiv"
    assert "https://pubmed.ncbi.nlm.nih.gov/123/" in first["urls"]
    assert "https://arxiv.org/abs/2212.00001" in first["urls"]
    assert first["notes"][0] == (
        "Found in: PubMed (PMID 123); Web of Science Core Collection (UT WOS:000111); "
        "arXiv (arXiv 2212.00001)"
    )
    assert "by DOI" in first["notes"][1] and "by title and year" in first["notes"][1]
    assert [e["type_of_reference"] for e in entries] == ["JOUR", "CONF", "UNPB", "JOUR", "JOUR"]
    assert len({e["id"] for e in entries}) == 5


def test_bibtex_reads_back_with_unique_keys() -> None:
    text = export_text(works(), "bibtex")
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    assert len(library.entries) == 5
    keys = [entry.key for entry in library.entries]
    assert len(set(keys)) == 5
    assert [keys[0], *keys[3:]] == ["smith2023largea", "smith2023largeb", "smith2023largec"]
    assert keys[1] == "smith2023segmenting"
    first = library.entries[0].fields_dict
    assert first["title"].value == r"Large language models in medical imaging: 50\% \& more\_"
    assert first["pmid"].value == "123"
    assert first["eprint"].value == "2212.00001"
    assert [e.entry_type for e in library.entries] == [
        "article", "inproceedings", "misc", "article", "article"
    ]
    assert library.entries[2].fields_dict["title"].value == "A preprint only ) on arXiv"


def test_keys_never_collide_with_another_base() -> None:
    from querylang.records.dedup import Work

    def w(title: str) -> Work:
        return Work((FetchedRecord("wos", title, 1, title=title, year=2020, first_author="Li, X"),))

    keys = bibtex_keys([w("Alpha"), w("Alpha"), w("Alphaa")])
    assert len(set(keys)) == 3


def test_csv_columns_and_rows() -> None:
    rows = list(csv.DictReader(io.StringIO(export_text(works(), "csv"))))
    assert len(rows) == 5
    assert rows[0]["pmid"] == "123"
    assert rows[0]["wos_ut"] == "WOS:000111"
    assert rows[0]["databases"] == "pubmed; wos; arxiv"
    assert rows[1]["ieee_article_number"] == "9999999"
    assert rows[1]["authors"] == "Smith, J."


def test_reference_types() -> None:
    assert [reference_type(w) for w in works()] == ["JOUR", "CONF", "UNPB", "JOUR", "JOUR"]


def test_arxiv_only_work_with_a_journal_ref_is_a_journal_article() -> None:
    record = FetchedRecord("arxiv", "2301.00003", 1, arxiv_id="2301.00003", title="A b c d",
                           raw_ids=(("id", "http://arxiv.org/abs/2301.00003v1"),
                                    ("journal_ref", "Med Image Anal 80 (2023) 102"),))
    [work] = deduplicate([record]).works
    assert reference_type(work) == "JOUR"


def screening_works() -> list:  # type: ignore[type-arg]
    """Records with every author, an abstract (arXiv's) and document types."""
    records = [
        FetchedRecord("pubmed", "123", 1, doi="10.1/a", pmid="123", title="Alpha beta gamma",
                      year=2023, first_author="Smith JA", authors=("Smith JA", "van Dyk B"),
                      doc_type="Journal Article", venue="Proc Natl Acad Sci U S A"),
        FetchedRecord("arxiv", "2301.00001", 1, doi="10.1/a", arxiv_id="2301.00001",
                      title="Alpha beta gamma", year=2022, first_author="Jane A. Smith",
                      authors=("Jane A. Smith", "Bo van Dyk"),
                      abstract="We study\n alpha & beta: 50% better."),
        FetchedRecord("wos", "WOS:1", 1, doi="10.1/b", title="Delta epsilon zeta", year=2021,
                      authors=("Kim, A", "Lee, K", "Park, C"),
                      doc_type="Article; Proceedings Paper", venue="J Things"),
        FetchedRecord("ieee", "77", 1, doi="10.1109/c", title="Eta theta iota", year=2020,
                      authors=("A. Kim",), doc_type="Standards", abstract="A standard.",
                      venue="IEEE Std 1"),
        FetchedRecord("ieee", "78", 2, doi="10.1109/d", title="Kappa lambda mu", year=2020,
                      doc_type="Books", venue="A Book"),
    ]
    return list(deduplicate(records).works)


def test_ris_carries_every_author_the_abstract_the_type_and_the_pmid() -> None:
    entries = rispy.loads(export_text(screening_works(), "ris"))
    first, wos, standard, chapter = entries
    assert first["authors"] == ["Smith, JA", "van Dyk, B"]  # PubMed's, not arXiv's
    assert first["abstract"] == "We study alpha & beta: 50% better."
    # PubMed says journal article, though the venue's name has "Proc"
    assert first["type_of_reference"] == "JOUR"
    assert first["accession_number"] == "123"
    assert "https://pubmed.ncbi.nlm.nih.gov/123/" in first["urls"]  # still there too
    assert wos["authors"] == ["Kim, A", "Lee, K", "Park, C"]
    assert wos["type_of_reference"] == "CONF"  # Proceedings Paper wins over Article
    assert "abstract" not in wos and "accession_number" not in wos
    assert standard["type_of_reference"] == "STAND" and standard["abstract"] == "A standard."
    assert chapter["type_of_reference"] == "CHAP" and "authors" not in chapter


def test_bibtex_lists_authors_with_and_and_the_abstract() -> None:
    library = bibtexparser.parse_string(export_text(screening_works(), "bibtex"))
    assert library.failed_blocks == []
    first, wos, standard, chapter = library.entries
    assert first.fields_dict["author"].value == "Smith, JA and van Dyk, B"
    assert first.fields_dict["abstract"].value == r"We study alpha \& beta: 50\% better."
    assert wos.fields_dict["author"].value == "Kim, A and Lee, K and Park, C"
    assert "abstract" not in wos.fields_dict
    assert [e.entry_type for e in library.entries] == [
        "article", "inproceedings", "misc", "incollection"]
    assert "booktitle" in chapter.fields_dict


def test_bibtex_braces_a_collective_name_with_and() -> None:
    record = FetchedRecord("wos", "WOS:9", 1, doi="10.1/z", title="T u v",
                           authors=("Kim, A", "Imaging and Radiology Group"))
    library = bibtexparser.parse_string(export_text(list(deduplicate([record]).works), "bibtex"))
    assert library.entries[0].fields_dict["author"].value == (
        "Kim, A and {Imaging and Radiology Group}")


def test_csv_has_authors_abstract_and_document_type() -> None:
    rows = list(csv.DictReader(io.StringIO(export_text(screening_works(), "csv"))))
    assert rows[0]["authors"] == "Smith, JA; van Dyk, B"
    assert rows[0]["abstract"] == "We study alpha & beta: 50% better."
    assert rows[0]["document_type"] == "Journal Article"
    assert rows[1]["document_type"] == "Article; Proceedings Paper"
    assert rows[1]["abstract"] == ""
