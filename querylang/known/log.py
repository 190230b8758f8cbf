"""A check in the search log: its answers as they come (each one the cache
for the next check) and its result at the end (for ``querylang report``)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import Any

from querylang.known.answers import Records, record_from_json, record_to_json
from querylang.known.run import Answer
from querylang.store import LogError, SearchLog, utc_now

__all__ = ["CheckRecorder", "answer_cache"]


def answer_cache(log: SearchLog, max_age_hours: float
                 ) -> Callable[[str, dict[str, Any]], tuple[Records, str] | None]:
    """A ``cached`` callable for :func:`querylang.known.run.check_databases`."""

    def cached(target: str, request: dict[str, Any]) -> tuple[Records, str] | None:
        try:
            found = log.lookup_check_answer(target, request, max_age_hours)
        except sqlite3.Error:
            return None  # an unreadable log costs a request, never the check
        if found is None:
            return None
        text, fetched_at = found
        rows = json.loads(text)
        return [record_from_json(target, position, row)
                for position, row in enumerate(rows, start=1)], fetched_at

    return cached


class CheckRecorder:
    """Writes one check; a failing log is said once and never stops the check."""

    def __init__(self, log: SearchLog, *, started: str, version: str, source_name: str,
                 source_text: str, known_name: str, known: list[dict[str, Any]],
                 warn: Callable[[str], None]) -> None:
        self.log = log
        self.warn = warn
        self.check_id: int | None = None
        self.broken = False
        try:
            self.check_id = log.begin_check(
                started=started, version=version, source_name=source_name,
                source_text=source_text, known_name=known_name,
                known=json.dumps(known, ensure_ascii=False))
        except (LogError, sqlite3.Error, OSError) as error:
            self._fail(error)

    def _fail(self, error: BaseException) -> None:
        if not self.broken:
            self.broken = True
            self.warn(f"could not save the check in {self.log.path}: {error}")

    def answer(self, answer: Answer) -> None:
        if self.check_id is None or self.broken:
            return
        records = (json.dumps([record_to_json(r) for r in answer.records], ensure_ascii=False)
                   if answer.records is not None else None)
        fetched_at = answer.fetched_at if answer.source == "cached" else utc_now()
        try:
            self.log.save_check_answer(self.check_id, answer.target, answer.line, answer.part,
                                       answer.request, records, answer.error, answer.source,
                                       fetched_at if answer.error is None else None)
        except (LogError, sqlite3.Error, OSError) as error:
            self._fail(error)

    def finish(self, result: dict[str, Any]) -> int | None:
        if self.check_id is None or self.broken:
            return None
        try:
            self.log.finish_check(self.check_id, utc_now(), json.dumps(result, ensure_ascii=False))
        except (LogError, sqlite3.Error, OSError) as error:
            self._fail(error)
            return None
        return self.check_id
