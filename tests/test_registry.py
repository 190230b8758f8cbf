"""The registry of databases: every entry complete, every generic table agreeing."""

from __future__ import annotations

import subprocess
import sys

import pytest

from querylang import commands
from querylang.databases import REGISTRY, Database, DatabaseInfo, DatabaseSpec, names
from querylang.databases.base import load
from querylang.record import field_names

ENTRIES = list(REGISTRY.values())


def test_the_registry_holds_the_four_databases_in_their_usual_order() -> None:
    # The four first, then the databases added after them (OpenAlex 7).
    assert names()[:4] == ["pubmed", "wos", "arxiv", "ieee"]
    assert "openalex" in names()
    assert [entry.order for entry in ENTRIES] == sorted(entry.order for entry in ENTRIES)
    assert len({entry.order for entry in ENTRIES}) == len(ENTRIES)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.name)
def test_every_entry_is_complete(entry: Database) -> None:
    optional = {"records_reader_path", "codes_path", "cannot", "spec", "reader_path",
                "same_search_path", "history_interface"}
    for name in field_names(entry):
        if name not in optional:
            assert getattr(entry, name) not in (None, ""), name
    assert isinstance(entry.report, DatabaseInfo)
    assert (entry.spec is None) == (entry.reader_path is None)
    if entry.spec is None:  # an interface without an API: compiled, counted by hand
        assert entry.report.name and entry.report.web_interface
        return
    assert all(getattr(entry.report, name) for name in field_names(entry.report))
    assert isinstance(entry.spec, DatabaseSpec)
    assert entry.spec.name == entry.name
    assert entry.spec.url_env == f"{entry.spec.env_prefix}_URL"
    assert entry.spec.default_url.startswith("https://")
    assert entry.spec.rate > 0
    assert entry.spec.display == entry.display
    if entry.spec.key_required:
        assert entry.key_env is not None
    if entry.key_env is not None:
        assert entry.key_env.endswith("_API_KEY")
        assert (entry.spec.key_param is None) != (entry.spec.key_header is None)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.name)
def test_every_entry_loads_its_code(entry: Database) -> None:
    target = entry.target
    assert target.name == entry.name
    assert target.title == entry.display
    assert callable(entry.reader)
    # everything about the database lives in its own package
    assert target.__module__.startswith("querylang.databases.")
    assert entry.reader.__module__.startswith("querylang.databases.")
    assert entry.codes_path is not None and entry.codes_path.startswith("querylang.databases.")
    if entry.records_reader_path is None:  # counts only (no page reader yet)
        assert entry.records_reader is None
        return
    assert entry.records_reader is not None
    assert callable(entry.records_reader)


def test_a_bad_import_path_is_an_error() -> None:
    with pytest.raises(AttributeError):
        load("querylang.responses:read_nothing")


def test_the_generic_tables_read_the_registry() -> None:
    from querylang.known.clauses import QUERY_PARAM
    from querylang.records.overlap import ordered_databases
    from querylang.records.readers import PAGE_READERS
    from querylang.render_log import SHORT_NAMES
    from querylang.report import DATABASES, ordered_targets
    from querylang.responses import NAMES, READERS
    from querylang.runner import SPECS
    from querylang.targets import TARGETS

    order = list(REGISTRY)
    for table in (TARGETS, NAMES, READERS, SPECS, DATABASES, SHORT_NAMES, QUERY_PARAM):
        assert list(table) == order
    assert list(PAGE_READERS) == [name for name in order if REGISTRY[name].records_reader_path]
    for name, entry in REGISTRY.items():
        assert TARGETS[name] is entry.target
        assert NAMES[name] == entry.display
        assert READERS[name] is entry.reader
        assert SPECS[name] is entry.spec
        assert DATABASES[name] is entry.report
        assert PAGE_READERS.get(name) is entry.records_reader
        assert SHORT_NAMES[name] == entry.short
        assert QUERY_PARAM[name] == entry.spec.query_param
    shuffled = list(reversed(order)) + ["zeta", "alpha"]
    assert ordered_targets(shuffled) == [*order, "alpha", "zeta"]
    assert ordered_databases(shuffled) == [*order, "alpha", "zeta"]
    assert commands.ALL_TARGETS == ",".join(order) == commands.all_targets()
    with pytest.raises(AttributeError):
        _ = commands.NO_SUCH_NAME  # type: ignore[attr-defined]


def test_the_registry_loads_no_heavy_module() -> None:
    code = (
        "import sys\n"
        "import querylang.databases\n"
        "heavy = ('httpx', 'rich', 'querylang.runner', 'querylang.responses', 'dataclasses',\n"
        "         'querylang.targets', 'querylang.store', 'querylang.records')\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == ""


def test_lint_starts_without_the_registry() -> None:
    # The cold-start budget: ``lint`` needs no database (bench/parse.py).
    code = (
        "import sys\n"
        "from querylang.entry import fast_call\n"
        "fast_call(['lint', '-q', 'asthma'])()\n"
        "sys.stderr.write(str('querylang.databases' in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.stderr.endswith("False"), done.stderr
