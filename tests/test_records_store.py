"""The records in the search log (schema 4): saving pages, reading them
back, resuming state, and logs written before records existed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from querylang.records.model import FetchedRecord
from querylang.store import SCHEMA_VERSION, FetchState, SearchLog
from tests.log_sample import example_run


def _record(database: str, position: int, **fields: object) -> FetchedRecord:
    return FetchedRecord(database, f"{database}-{position}", position, **fields)  # type: ignore[arg-type]


def _v3_log(path: Path) -> int:
    """A log exactly as querylang wrote it at schema 3: no records tables."""
    with SearchLog(path, secrets=frozenset()) as log:
        run_id = log.save_run(example_run())
    with sqlite3.connect(path) as raw:
        raw.execute("DROP TABLE records")
        raw.execute("DROP TABLE record_fetches")
        raw.execute("PRAGMA user_version = 3")
    return run_id


def test_schema_is_4_with_both_tables(tmp_path: Path) -> None:
    with SearchLog(tmp_path / "log.sqlite3", secrets=frozenset()) as log:
        assert log.schema_version == SCHEMA_VERSION == 4
        names = {row[0] for row in log._db.execute("SELECT name FROM sqlite_master")}
    assert {"record_fetches", "records"} <= names


def test_pages_round_trip_in_position_order(tmp_path: Path) -> None:
    with SearchLog(tmp_path / "log.sqlite3", secrets=frozenset()) as log:
        run_id = log.save_run(example_run())
        first = [_record("wos", 3, doi="10.1/x", pmid="12", title="T", year=2021,
                         first_author="Smith, J", venue="J", authors=("Smith, J", "Lee, K"),
                         abstract="We ask: why?", doc_type="Article; Review",
                         raw_ids=(("uid", "wos-3"), ("pmid", "MEDLINE:12")))]
        state = FetchState("wos", query="TS=(x)", pages_done=1, fetched=1, total=3,
                           wanted=3, state={"next": 3})
        log.save_records(run_id, 4, state, first)
        log.save_records(run_id, 4, FetchState("wos", pages_done=2, fetched=3, total=3,
                                               wanted=3, complete=True, state={"next": 3},
                                               notes=["a note"]),
                         [_record("wos", 1), _record("wos", 2)])
        log.save_records(run_id, 4, FetchState("arxiv", state={"next": 0}))
        got = log.load_records(run_id, 4)
        assert [r.position for r in got["wos"]] == [1, 2, 3]
        assert got["wos"][2] == first[0]  # every field, raw identifiers included
        assert "arxiv" not in got
        states = log.fetch_states(run_id, 4)
        assert list(states) == ["wos", "arxiv"]
        assert states["wos"].complete and states["wos"].pages_done == 2
        assert states["wos"].notes == ["a note"] and states["wos"].state == {"next": 3}
        assert log.fetched_lines(run_id) == [4]
        assert log.load_records(run_id, 3) == {} and log.fetch_states(run_id, 3) == {}


def test_the_same_page_saved_twice_is_kept_once(tmp_path: Path) -> None:
    with SearchLog(tmp_path / "log.sqlite3", secrets=frozenset()) as log:
        run_id = log.save_run(example_run())
        page = [_record("ieee", 1), _record("ieee", 2)]
        for _ in range(2):
            log.save_records(run_id, 4, FetchState("ieee", state={"next": 2}), page)
        assert len(log.load_records(run_id, 4)["ieee"]) == 2


def test_errors_are_scrubbed_of_keys(tmp_path: Path) -> None:
    secret = "s3cret-key-value"
    with SearchLog(tmp_path / "log.sqlite3", secrets=frozenset({secret})) as log:
        run_id = log.save_run(example_run())
        log.save_records(run_id, 4, FetchState("ieee", error=f"refused {secret}",
                                               notes=[f"note {secret}"]))
        state = log.fetch_states(run_id, 4)["ieee"]
    assert secret not in (state.error or "") and secret not in state.notes[0]
    assert secret.encode() not in (tmp_path / "log.sqlite3").read_bytes()


def test_a_v3_log_reads_as_it_is_and_migrates_on_write(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    run_id = _v3_log(path)
    with SearchLog(path, read_only=True) as old:
        assert old.schema_version == 3
        assert old.load_records(run_id, 4) == {} and old.fetch_states(run_id, 4) == {}
        assert old.fetched_lines(run_id) == []
        assert old.load_run(run_id).run.targets["pubmed"].count is not None
    with SearchLog(path, secrets=frozenset()) as log:
        assert log.schema_version == 4
        stored = log.load_run(run_id)  # the run is whole after the migration
        assert stored.complete and set(stored.run.targets) == {"pubmed", "wos", "arxiv", "ieee"}
        log.save_records(run_id, 4, FetchState("pubmed", fetched=1, state={"next": 1}),
                         [_record("pubmed", 1, pmid="1")])
        assert [r.pmid for r in log.load_records(run_id, 4)["pubmed"]] == ["1"]
