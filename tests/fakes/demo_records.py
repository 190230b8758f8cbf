"""Records the fakes can search (``python -m tests.fakes --demo-records``, and
the known-item tests): made up, with DOIs under Crossref's test prefix
10.5555 and PMIDs, arXiv ids and IEEE numbers that stand for nothing real.

They are shaped for examples/llm-medical-imaging.qry and its known set
examples/llm-medical-imaging.known (docs/known-items.md): one record every
database holds and finds, one known by its PMID, one whose words miss line 2,
one arXiv preprint, one IEEE paper of 2024 (outside the years of line 4).
"""

from __future__ import annotations

from .idclause import FakeRecord

PUBMED_WOS_IEEE = frozenset({"pubmed", "wos", "ieee"})

DEMO_RECORDS: list[FakeRecord] = [
    FakeRecord(
        "Large language models for radiology report generation",
        "We evaluate GPT-4 on chest radiograph reports.",
        keywords=("large language models", "radiology"), mesh=("Radiography",), year=2023,
        pmid="37000001", doi="10.5555/qlx.2023.0001", uid="WOS:001000000000001",
        ieee="10000001", databases=PUBMED_WOS_IEEE),
    FakeRecord(
        "ChatGPT simplifies radiology reports for patients",
        "Patients read reports rewritten by ChatGPT.", year=2023,
        pmid="37000002", doi="10.5555/qlx.2023.0002", uid="WOS:001000000000002",
        databases=frozenset({"pubmed", "wos"})),
    FakeRecord(
        "Foundation models for organ delineation in abdominal CT",
        "We adapt a foundation model to delineate organs on computed tomography scans.",
        mesh=("Tomography, X-Ray Computed",), year=2022,
        pmid="36000003", doi="10.5555/qlx.2022.0003", uid="WOS:001000000000003",
        ieee="10000003", databases=PUBMED_WOS_IEEE),
    FakeRecord(
        "Large language models meet medical image segmentation",
        "A preprint on prompting segmentation models with text.", year=2023,
        arxiv_id="2305.00004", databases=frozenset({"arxiv"})),
    FakeRecord(
        "Generative pre-trained transformers for medical imaging: a survey",
        "A survey of generative pre-trained transformers in medical imaging.", year=2024,
        doi="10.5555/qlx.2024.0005", ieee="10000005", databases=frozenset({"ieee"})),
    # records no known set names: they only make the counts plausible
    FakeRecord("Deep learning for brain MRI segmentation", "Convolutional networks.",
               year=2019, pmid="31000006", doi="10.5555/qlx.2019.0006",
               uid="WOS:001000000000006", ieee="10000006", arxiv_id="1905.00006"),
    FakeRecord("LLMs in clinical radiology workflows", "A review of LLM uses in radiology.",
               year=2023, pmid="37000007", doi="10.5555/qlx.2023.0007",
               uid="WOS:001000000000007", arxiv_id="2307.00007", ieee="10000007"),
]
