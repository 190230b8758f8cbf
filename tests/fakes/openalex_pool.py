"""OpenAlex's share of the fakes' record pool (tests/fakes/pool.py), drawn apart.

OpenAlex indexes most journal articles (it takes PubMed, Crossref and
publishers' data) and many preprints, so its share copies records the four
databases already hold: the same work, with the identifiers OpenAlex would
give it (the DOI; the PMID of a PubMed record, or the one a Web of Science
record carries; arXiv's DataCite DOI ``10.48550/arXiv.ID`` for a preprint),
plus works only OpenAlex holds. The draw uses a random generator of its own
(seeded from the pool's seed) and only *adds* ``pool.records["openalex"]``:
the four databases' records, and every figure computed from them
(``RecordPool.overlap()``, ``duplicate_pairs()``), are unchanged.
"""

from __future__ import annotations

import random

from .pool import PoolRecord, RecordPool

__all__ = ["add_openalex_share", "OPENALEX"]

OPENALEX = "openalex"
#: How likely OpenAlex holds a record of each database (a work counted once:
#: the first database that holds it decides).
_HELD = {"pubmed": 0.7, "wos": 0.5, "ieee": 0.4, "arxiv": 0.5}
#: Works only OpenAlex holds, per work copied.
_ONLY_OPENALEX = 0.15


def add_openalex_share(pool: RecordPool) -> list[PoolRecord]:
    """Add (once) and return OpenAlex's records, in the rank order it serves them."""
    if OPENALEX in pool.records:
        return pool.records[OPENALEX]
    rng = random.Random(pool.seed * 1_000 + 7)
    held: list[PoolRecord] = []
    seen: set[int] = set()
    serial = 4_300_000_000
    for database in ("pubmed", "wos", "ieee", "arxiv"):
        for record in pool.records.get(database, []):
            if record.work in seen or rng.random() >= _HELD[database]:
                continue
            seen.add(record.work)
            serial += rng.randint(1, 50)
            held.append(_copy(record, f"W{serial}"))
    last_work = max((r.work for records in pool.records.values() for r in records), default=0)
    for number in range(int(len(held) * _ONLY_OPENALEX)):
        serial += rng.randint(1, 50)
        held.append(PoolRecord(
            database=OPENALEX, native_id=f"W{serial}", work=last_work + 1 + number,
            title=f"A work only OpenAlex holds, number {number + 1}",
            year=rng.randint(2014, 2023), authors=(f"Author {number + 1}",),
            venue="Journal of Open Works", doi=f"10.5555/openalex.only.{number + 1}"))
    rng.shuffle(held)
    pool.records[OPENALEX] = held
    return held


def _copy(record: PoolRecord, native_id: str) -> PoolRecord:
    """``record`` as OpenAlex holds it."""
    # OpenAlex writes every DOI one way: lower case, as https://doi.org/...
    # (the fake adds the prefix), whatever the source database's spelling.
    doi = record.doi.lower().removeprefix("https://doi.org/") if record.doi else None
    if record.database == "arxiv" and doi is None:
        doi = f"10.48550/arXiv.{record.native_id}"
    pmid = record.pmid.removeprefix("MEDLINE:") if record.pmid else None
    return PoolRecord(
        database=OPENALEX, native_id=native_id, work=record.work, title=record.title,
        year=record.year, authors=record.authors, venue=record.venue, doi=doi, pmid=pmid,
        kind="preprint" if record.database == "arxiv" else "plain")
