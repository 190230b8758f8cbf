"""PubMed: the registry's entry (its code still lives in the generic modules)."""

from __future__ import annotations

from querylang.databases.base import Database, DatabaseInfo, DatabaseSpec

DATABASE = Database(
    name="pubmed",
    display="PubMed",
    short="PubMed",
    order=1,
    report=DatabaseInfo(
        "PubMed",
        "PubMed via the NCBI E-utilities API (esearch)",
        "PubMed (pubmed.ncbi.nlm.nih.gov), Advanced Search",
        "pubmed",
    ),
    spec=DatabaseSpec(
        "pubmed",
        "QUERYLANG_PUBMED_URL",
        "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/esearch.fcgi",
        rate=3.0,
        rate_with_key=10.0,
        params={"db": "pubmed", "retmode": "json", "retmax": "0", "tool": "querylang"},
        key_env="NCBI_API_KEY",
        key_param="api_key",
        query_param="term",
    ),
    target_path="querylang.targets.pubmed:PubMed",
    reader_path="querylang.responses:read_pubmed",
    records_reader_path="querylang.records.readers:read_pubmed_page",
)
