"""One shared pool of bibliographic records behind the four fakes, and its truth.

The fakes answer record pages (PubMed ``esummary``, Web of Science
``/documents`` hits, arXiv Atom entries, IEEE Xplore articles) from this
pool, so that the same *work* shows up in several databases exactly the way
the real services spell it, and a test knows which records are the same work
(:attr:`RecordPool.truth`). The generator is deterministic (a seed), standard
library only, and plants every kind of duplicate the deduplication must
handle (issue 13):

``shared_doi``     a journal article in PubMed, Web of Science and/or IEEE
                   Xplore under one DOI (spelled in upper case, with a
                   ``https://doi.org/`` prefix now and then)
``wos_pmid``       a Web of Science record without a DOI that carries the
                   PubMed record's PMID (``identifiers.pmid``, with or
                   without a ``MEDLINE:`` prefix)
``preprint``       an arXiv preprint without a DOI whose title matches (case
                   and punctuation aside) a journal record published a year
                   later
``preprint_doi``   an arXiv preprint whose ``arxiv:doi`` is the journal DOI
``datacite``       an arXiv preprint that Web of Science lists under its
                   DataCite DOI ``10.48550/arXiv.ID``
``variants``       one work whose title differs across databases in case,
                   punctuation, markup (``<i>``) and a final full stop
``same_title``     different works with the same title and different DOIs
                   (editorials, "Reply to ...", errata): never the same work
``near_title``     different works whose titles are nearly equal (one word
                   differs, one has no DOI): for a person to check, never merged

Positions beyond a database's pool records are filled with synthetic records
of their own (never duplicates of anything), so a test can ask for counts
larger than the pool (PubMed's 9,999-record paging limit).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

__all__ = ["DATABASES", "PoolRecord", "RecordPool", "Overlap", "make_pool", "DEMO_POOL_SIZE"]

DATABASES = ("pubmed", "wos", "arxiv", "ieee")
#: Databases with a share drawn after the four, from a seed of their own, so
#: that the four shares (and every figure a test pins) stay as they were.
#: :meth:`RecordPool.overlap` counts them only when asked by name.
LATER_SHARES = ("scopus",)
#: Works in the pool that ``python -m tests.fakes`` serves (about 1,400 records).
DEMO_POOL_SIZE = 900

_ADJECTIVES = (
    "Deep", "Explainable", "Federated", "Multimodal", "Robust", "Efficient", "Generative",
    "Self-supervised", "Contrastive", "Weakly supervised", "Interpretable", "Scalable",
    "Zero-shot", "Few-shot", "Uncertainty-aware", "Privacy-preserving", "Lightweight",
    "Hierarchical", "Adaptive", "Transformer-based",
)
_METHODS = (
    "large language models", "vision transformers", "diffusion models", "foundation models",
    "convolutional networks", "graph neural networks", "GPT-4", "ChatGPT", "contrastive learning",
    "segmentation networks", "retrieval-augmented generation", "instruction tuning",
    "prompt engineering", "knowledge distillation", "active learning", "domain adaptation",
    "reinforcement learning", "multi-task learning", "visual question answering",
    "report generation",
)
_TASKS = (
    "chest radiograph interpretation", "brain MRI segmentation", "CT report summarisation",
    "mammography screening", "histopathology grading", "retinal image analysis",
    "ultrasound quality control", "PET/CT staging", "dental radiography",
    "skin lesion classification", "cardiac MRI analysis", "lung nodule detection",
    "prostate MRI triage", "fracture detection", "radiology report drafting",
    "endoscopy video review", "liver tumour segmentation", "bone age estimation",
    "stroke imaging", "knee osteoarthritis grading",
)
_SETTINGS = (
    "a multicentre study", "a retrospective cohort", "a systematic evaluation",
    "a benchmark", "a prospective validation", "an external validation", "a pilot study",
    "a reader study", "a comparative analysis", "a feasibility study", "a narrative review",
    "a scoping review", "a randomised trial", "a cross-sectional study", "an open dataset",
    "a clinical deployment", "a simulation study", "a case series", "a survey",
    "a technical note",
)
_SURNAMES = (
    "Smith", "Müller", "García", "Chen", "Nakamura", "Okafor", "Kowalski", "Rossi",
    "Johansson", "Dubois", "Kim", "Novák", "Silva", "Ivanova", "Haddad", "O'Brien",
    "Nguyen", "Fernández", "Schröder", "Patel",
)
_JOURNALS = (
    "Med Image Anal", "Radiology", "Eur Radiol", "IEEE Trans Med Imaging", "Sci Rep",
    "NPJ Digit Med", "Lancet Digit Health", "J Digit Imaging", "Insights Imaging",
    "Comput Biol Med",
)
_CONFERENCES = (
    "2023 IEEE International Symposium on Biomedical Imaging (ISBI)",
    "2022 IEEE International Conference on Bioinformatics and Biomedicine (BIBM)",
    "2023 IEEE/CVF International Conference on Computer Vision Workshops (ICCVW)",
    "2021 IEEE EMBS International Conference on Biomedical and Health Informatics (BHI)",
)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: Same-title works (different DOIs): titles that many journals print.
_COMMON_TITLES = (
    "Artificial intelligence in radiology: hype or hope?",
    "Large language models in medicine",
    "Reply to: Large language models in medical imaging",
    "Erratum: Deep learning for chest radiograph interpretation",
)


@dataclass(frozen=True)
class PoolRecord:
    """One record as one database holds it (the fakes spell it out per API).

    ``native_id``: PMID, WoS UT (``WOS:...``), arXiv id without version,
    IEEE article number. ``doi`` and ``pmid`` are as the database writes them
    (a WoS PMID may carry ``MEDLINE:``). ``work`` is the truth: records
    with the same ``work`` are the same work.
    """

    database: str
    native_id: str
    work: int
    title: str
    year: int
    authors: tuple[str, ...]
    venue: str
    doi: str | None = None
    pmid: str | None = None
    arxiv_version: int = 1
    kind: str = "plain"

    @property
    def key(self) -> str:
        """``database:native_id``, as :attr:`querylang.records.model.FetchedRecord.key`."""
        return f"{self.database}:{self.native_id}"


@dataclass(frozen=True)
class Overlap:
    """What deduplicating the whole pool must find (issue 13, item 5)."""

    fetched: dict[str, int]
    only_here: dict[str, int]
    shared: dict[str, dict[str, int]]
    unique_records: int
    duplicates_removed: int

    @property
    def records_fetched(self) -> int:
        return sum(self.fetched.values())


@dataclass
class RecordPool:
    """Records per database (in the order the database ranks them) and the truth."""

    records: dict[str, list[PoolRecord]] = field(
        default_factory=lambda: {name: [] for name in DATABASES})
    #: pairs of record keys (different works) whose titles are nearly equal
    near_pairs: list[tuple[str, str]] = field(default_factory=list)
    seed: int = 0

    # -- what the fakes ask ----------------------------------------------------------

    def size(self, database: str) -> int:
        return len(self.records.get(database, ()))

    def at(self, database: str, index: int) -> PoolRecord | None:
        """The record at 0-based ``index``, or None beyond the pool (synthetic)."""
        held = self.records.get(database, [])
        return held[index] if 0 <= index < len(held) else None

    # -- the truth ---------------------------------------------------------------------

    @property
    def truth(self) -> dict[str, int]:
        """Record key -> work id: records with the same id are the same work."""
        return {record.key: record.work for held in self.records.values() for record in held}

    def same_work(self, key_a: str, key_b: str) -> bool:
        truth = self.truth
        return key_a in truth and truth.get(key_a) == truth.get(key_b)

    def duplicate_pairs(self, databases: Iterable[str] = DATABASES) -> set[frozenset[str]]:
        """Every pair of record keys that are the same work (among ``databases``)."""
        groups: dict[int, list[str]] = {}
        for name in databases:
            for record in self.records.get(name, []):
                groups.setdefault(record.work, []).append(record.key)
        return {frozenset((a, b)) for keys in groups.values()
                for i, a in enumerate(keys) for b in keys[i + 1:]}

    def overlap(self, fetched: Mapping[str, int] | None = None) -> Overlap:
        """The overlap figures of the records each database serves.

        ``fetched``: how many of each database's records were fetched (the
        first N in rank order; default all of them, pool records only)."""
        names = DATABASES if fetched is None else [
            name for name in (*DATABASES, *LATER_SHARES) if name in fetched]
        limits = {name: self.size(name) if fetched is None else min(fetched.get(name, 0),
                                                                       self.size(name))
                  for name in names}
        works = {name: {record.work for record in self.records[name][:limit]}
                 for name, limit in limits.items()}
        everything = set().union(*works.values()) if works else set()
        only_here = {name: len(mine - set().union(*(w for other, w in works.items()
                                                     if other != name)))
                     for name, mine in works.items()}
        shared = {a: {b: len(works[a] & works[b]) for b in works if b != a} for a in works}
        total = sum(limits.values())
        return Overlap(dict(limits), only_here, shared, len(everything), total - len(everything))


# -- the generator ------------------------------------------------------------------


class _Builder:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.pool = RecordPool(seed=seed)
        self.work = 0
        self.titles: set[str] = set()
        self.serial = {"pmid": 31_000_000, "wos": 600_000_000_000, "arxiv": 0,
                       "ieee": 8_500_000, "doi": 0}

    # -- pieces --------------------------------------------------------------------

    def next_work(self) -> int:
        self.work += 1
        return self.work

    def title(self) -> str:
        """A title no other work has (compared case- and punctuation-blind)."""
        while True:
            rng = self.rng
            text = (f"{rng.choice(_ADJECTIVES)} {rng.choice(_METHODS)} for "
                    f"{rng.choice(_TASKS)}: {rng.choice(_SETTINGS)}")
            if _plain(text) not in self.titles:
                self.titles.add(_plain(text))
                return text

    def authors(self) -> tuple[str, ...]:
        count = self.rng.randint(1, 5)
        return tuple(f"{self.rng.choice(_SURNAMES)} {self.rng.choice('ABCDEFGHJKLMNPRSTW')}"
                     for _ in range(count))

    def doi(self, prefix: str = "10.1016") -> str:
        self.serial["doi"] += 1
        return f"{prefix}/j.fake.{self.rng.randint(2013, 2023)}.{self.serial['doi']:06d}"

    def pmid(self) -> str:
        self.serial["pmid"] += self.rng.randint(1, 40)
        return str(self.serial["pmid"])

    def ut(self) -> str:
        self.serial["wos"] += self.rng.randint(1, 9_000)
        return f"WOS:{self.serial['wos']:015d}"

    def arxiv_id(self, year: int) -> str:
        self.serial["arxiv"] += 1
        month = self.rng.randint(1, 12)
        return f"{year % 100:02d}{month:02d}.{10_000 + self.serial['arxiv']:05d}"

    def article_number(self) -> str:
        self.serial["ieee"] += self.rng.randint(1, 500)
        return str(self.serial["ieee"])

    def add(self, database: str, **fields: object) -> PoolRecord:
        record = PoolRecord(database=database, **fields)  # type: ignore[arg-type]
        self.pool.records[database].append(record)
        return record

    # -- kinds of works --------------------------------------------------------------

    def journal_work(self, *, where: Iterable[str], kind: str, title: str | None = None,
                     doi: str | None = None, year: int | None = None, work: int | None = None,
                     wos_without_doi: bool = False, variants: bool = False) -> dict[str, PoolRecord]:
        """One journal (or conference) article in the databases ``where``
        (``work``: the work it is a version of, default a new one)."""
        work = work if work is not None else self.next_work()
        title = title or self.title()
        year = year or self.rng.randint(2014, 2023)
        authors = self.authors()
        ieee_venue = "ieee" in where and "pubmed" not in where
        doi = doi or self.doi("10.1109" if ieee_venue else "10.1016")
        venue = self.rng.choice(_CONFERENCES if ieee_venue else _JOURNALS)
        made: dict[str, PoolRecord] = {}
        pmid = self.pmid() if "pubmed" in where else None
        for database in where:
            shown = _variant(title, database, self.rng) if variants else title
            shown_doi = _spelled_doi(doi, self.rng)
            if database == "pubmed":
                assert pmid is not None
                made[database] = self.add("pubmed", native_id=pmid, work=work, title=shown,
                                          year=year, authors=authors, venue=venue, doi=shown_doi,
                                          pmid=pmid, kind=kind)
            elif database == "wos":
                carried = None
                if pmid is not None:
                    carried = f"MEDLINE:{pmid}" if self.rng.random() < 0.5 else pmid
                made[database] = self.add("wos", native_id=self.ut(), work=work, title=shown,
                                          year=year, authors=authors, venue=venue,
                                          doi=None if wos_without_doi else shown_doi,
                                          pmid=carried, kind=kind)
            elif database == "ieee":
                made[database] = self.add("ieee", native_id=self.article_number(), work=work,
                                          title=shown, year=year, authors=authors,
                                          venue=venue, doi=shown_doi, kind=kind)
        return made

    def preprint(self, *, journal_in: Iterable[str], kind: str) -> None:
        """An arXiv preprint and, a year later, its journal version."""
        work = self.next_work()
        title = self.title()
        year = self.rng.randint(2015, 2022)
        authors = self.authors()
        doi = self.doi()
        ident = self.arxiv_id(year)
        version = self.rng.randint(1, 3)
        if kind == "datacite":
            # Web of Science lists the preprint itself (Preprint Citation Index)
            self.add("arxiv", native_id=ident, work=work, title=title, year=year,
                     authors=authors, venue="arXiv", arxiv_version=version, kind=kind)
            self.add("wos", native_id=self.ut(), work=work, title=title.upper(), year=year,
                     authors=authors, venue="arXiv", doi=f"10.48550/arXiv.{ident}", kind=kind)
            return
        shown = _variant(title, "arxiv", self.rng)
        self.add("arxiv", native_id=ident, work=work, title=shown, year=year, authors=authors,
                 venue="arXiv", doi=doi if kind == "preprint_doi" else None,
                 arxiv_version=version, kind=kind)
        # the journal version: the same work, a year later
        self.journal_work(where=list(journal_in), kind=kind, title=title, doi=doi,
                          year=year + 1, work=work)

    def arxiv_only(self) -> None:
        work = self.next_work()
        year = self.rng.randint(2019, 2023)
        self.add("arxiv", native_id=self.arxiv_id(year), work=work, title=self.title(),
                 year=year, authors=self.authors(), venue="arXiv",
                 arxiv_version=self.rng.randint(1, 4), kind="plain")

    def same_title(self) -> None:
        """Different works sharing one title, each with its own DOI."""
        title = self.rng.choice(_COMMON_TITLES)
        year = self.rng.randint(2018, 2023)
        for database in self.rng.sample(["pubmed", "wos", "ieee"], 2):
            self.journal_work(where=[database], kind="same_title", title=title, year=year)

    def near_title(self) -> None:
        """Two different works, titles one word apart; the second has no DOI."""
        title = self.title()
        year = self.rng.randint(2018, 2023)
        first = self.journal_work(where=["pubmed"], kind="near_title", title=title, year=year)
        words = title.split(" ")
        index = self.rng.choice([i for i, word in enumerate(words)
                                 if i and word.isalpha() and len(word) > 3])
        words[index] = words[index] + "s" if not words[index].endswith("s") else words[index][:-1]
        near = " ".join(words)
        self.titles.add(_plain(near))
        work = self.next_work()
        second = self.add("arxiv", native_id=self.arxiv_id(year), work=work, title=near,
                          year=year, authors=self.authors(), venue="arXiv", kind="near_title")
        self.pool.near_pairs.append((first["pubmed"].key, second.key))


def make_pool(works: int = 400, seed: int = 13) -> RecordPool:
    """A deterministic pool of about ``works`` works (1.5 records each).

    Every kind of duplicate in the module doc is planted at least once; the
    rest are ordinary works spread over the databases with the overlaps a
    medical-imaging search shows (PubMed and Web of Science share most,
    IEEE Xplore some, arXiv little)."""
    build = _Builder(seed)
    rng = build.rng
    planted = [
        lambda: build.journal_work(where=["pubmed", "wos", "ieee"], kind="shared_doi"),
        lambda: build.journal_work(where=["pubmed", "wos"], kind="wos_pmid",
                                   wos_without_doi=True),
        lambda: build.preprint(journal_in=["pubmed"], kind="preprint"),
        lambda: build.preprint(journal_in=["ieee", "wos"], kind="preprint_doi"),
        lambda: build.preprint(journal_in=[], kind="datacite"),
        lambda: build.journal_work(where=["pubmed", "wos", "ieee"], kind="variants",
                                   variants=True),
        build.same_title,
        build.near_title,
    ]
    for plant in planted:  # each kind at least once, first
        plant()
    while build.work < works:
        roll = rng.random()
        if roll < 0.30:
            build.journal_work(where=["pubmed"], kind="plain")
        elif roll < 0.48:
            build.journal_work(where=["pubmed", "wos"], kind="shared_doi",
                               variants=rng.random() < 0.3)
        elif roll < 0.53:
            build.journal_work(where=["pubmed", "wos"], kind="wos_pmid", wos_without_doi=True)
        elif roll < 0.63:
            build.journal_work(where=["wos"], kind="plain")
        elif roll < 0.73:
            build.journal_work(where=["ieee"], kind="plain")
        elif roll < 0.79:
            build.journal_work(where=rng.choice([["ieee", "wos"], ["pubmed", "ieee"],
                                                 ["pubmed", "wos", "ieee"]]),
                               kind="shared_doi", variants=rng.random() < 0.5)
        elif roll < 0.86:
            build.arxiv_only()
        elif roll < 0.91:
            build.preprint(journal_in=rng.choice([["pubmed"], ["ieee"], ["pubmed", "wos"]]),
                           kind="preprint")
        elif roll < 0.94:
            build.preprint(journal_in=rng.choice([["ieee"], ["wos"]]), kind="preprint_doi")
        elif roll < 0.96:
            build.preprint(journal_in=[], kind="datacite")
        elif roll < 0.98:
            build.same_title()
        else:
            build.near_title()
    for held in build.pool.records.values():  # ranked as a database would, not by kind
        rng.shuffle(held)
    _scopus_share(build, seed)
    return build.pool


#: Scopus's share: most journal and conference works of the other databases
#: (Scopus indexes MEDLINE, most Web of Science journals and IEEE's
#: conferences), never an arXiv preprint. No work of its own: the pool's
#: works stay the ``works`` asked for.
SCOPUS_HOLDS = 0.7


def _scopus_share(build: _Builder, seed: int) -> None:
    """Scopus's records, drawn with a generator of their own after the four
    shares are final: nothing of the four changes. Its ``native_id`` is the
    EID the fake answers at that rank (``2-s2.0-`` + 85,000,000,000 + rank)."""
    rng = random.Random(f"scopus-{seed}")
    held: dict[int, PoolRecord] = {}
    pmids: dict[int, str] = {}
    for name in ("pubmed", "wos", "ieee"):
        for record in build.pool.records[name]:
            if name == "pubmed" and record.pmid:
                pmids.setdefault(record.work, record.pmid)
            if record.work not in held and record.venue != "arXiv":
                held[record.work] = record
    chosen = [record for work, record in sorted(held.items()) if rng.random() < SCOPUS_HOLDS]
    drafts: list[tuple[int, str, int, tuple[str, ...], str, str | None, str | None, str]] = []
    for record in chosen:
        doi = record.doi.removeprefix("https://doi.org/").lower() if record.doi else None
        drafts.append((record.work, record.title, record.year, record.authors, record.venue,
                       doi, pmids.get(record.work), record.kind))
    rng.shuffle(drafts)
    build.pool.records["scopus"] = [
        PoolRecord(database="scopus", native_id=f"2-s2.0-{85_000_000_000 + rank}", work=work,
                   title=title, year=year, authors=authors, venue=venue, doi=doi, pmid=pmid,
                   kind=kind)
        for rank, (work, title, year, authors, venue, doi, pmid, kind) in enumerate(drafts)]


# -- spelling ------------------------------------------------------------------------


def _plain(text: str) -> str:
    return " ".join("".join(ch if ch.isalnum() else " " for ch in text.casefold()).split())


def _variant(title: str, database: str, rng: random.Random) -> str:
    """The title as one database prints it: the same words, other case,
    punctuation and markup (what title normalisation must see through)."""
    if database == "pubmed":
        return title.replace(": ", " - ") + "."
    if database == "wos":
        return title.upper() if rng.random() < 0.5 else title.replace(":", ";")
    if database == "ieee":
        first, _, rest = title.partition(" ")
        return f"<i>{first}</i> {rest}".replace("for", "For").replace(":", " --")
    if database == "arxiv":
        return title.replace("-", " ").replace(":", "").replace("  ", " ")
    return title


def _spelled_doi(doi: str, rng: random.Random) -> str:
    """A DOI as databases write it: mostly as is, sometimes upper case or as a URL."""
    roll = rng.random()
    if roll < 0.15:
        return doi.upper()
    if roll < 0.25:
        return f"https://doi.org/{doi}"
    return doi
