"""The registry of databases: every entry complete, every generic table agreeing."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from querylang import commands
from querylang.databases import REGISTRY, RUNNABLE, Database, DatabaseInfo, DatabaseSpec, names
from querylang.databases.base import load
from querylang.record import field_names

ENTRIES = list(REGISTRY.values())


def test_the_registry_holds_the_databases_in_their_usual_order() -> None:
    # Those with an API first (by their order); interfaces without one (issue 16) after them.
    assert {name: entry.order for name, entry in REGISTRY.items()} == {
        "pubmed": 1, "wos": 2, "arxiv": 3, "ieee": 4, "scopus": 5, "europepmc": 6, "openalex": 7,
        "ovid-medline": 10, "ovid-embase": 11, "ovid-psycinfo": 12,
        "ebsco-cinahl": 13, "cochrane": 14, "embase": 15,
    }
    assert names() == list(REGISTRY)
    assert [entry.order for entry in ENTRIES] == sorted(entry.order for entry in ENTRIES)
    assert len({entry.order for entry in ENTRIES}) == len(ENTRIES)
    # every database with an API comes before every interface without one
    assert names()[:len(RUNNABLE)] == list(RUNNABLE)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.name)
def test_every_entry_is_complete(entry: Database) -> None:
    # what every entry must say; the other fields have defaults (base.py)
    required = {"name", "display", "short", "order", "report", "target_path"}
    for name in required:
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
    if entry.spec is None:  # no API: nothing to read, and saying so is an error
        with pytest.raises(LookupError, match="has no API"):
            _ = entry.reader
        return
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
    runnable = list(RUNNABLE)
    for table in (TARGETS, NAMES, DATABASES, SHORT_NAMES):
        assert list(table) == order
    # Tables of what a run reads (interfaces without an API have none).
    for table in (READERS, SPECS, PAGE_READERS, QUERY_PARAM):
        assert list(table) == runnable
    for name, entry in REGISTRY.items():
        assert TARGETS[name] is entry.target
        assert NAMES[name] == entry.display
        assert DATABASES[name] is entry.report
        assert SHORT_NAMES[name] == entry.short
    for name, entry in RUNNABLE.items():
        assert entry.spec is not None
        assert READERS[name] is entry.reader
        assert SPECS[name] is entry.spec
        assert PAGE_READERS[name] is entry.records_reader
        assert QUERY_PARAM[name] == entry.spec.query_param
    shuffled = list(reversed(order)) + ["zeta", "alpha"]
    assert ordered_targets(shuffled) == [*order, "alpha", "zeta"]
    assert ordered_databases(shuffled) == [*order, "alpha", "zeta"]
    assert commands.ALL_TARGETS == ",".join(runnable) == commands.all_targets()
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


# -- the rule of issue 15: generic modules know databases only through the registry --

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "querylang"
#: The modules that read and normalise identifiers: the arXiv id is a scheme
#: of its own (Web of Science, Europe PMC, OpenAlex records carry it too), a
#: PMID's page is on PubMed's site, and a known record may be an IEEE article
#: number written ``ieee:NUMBER``; these name identifier kinds, not databases.
IDENTIFIER_MODULES = ("known/items.py", "records/model.py")
#: Literals that name a database as an *example* in text a person reads
#: (a usage message, a help line), each with why it stays.
EXAMPLES = {
    # a source cited in the table of thesaurus differences (Elsevier's help URL)
    ("thesauri.py",
     "https://www.elsevier.support/embase/answer/what-are-the-differences-between-emtree-and-mesh"),
    # --count DB=N: an example of the syntax (any database would do)
    ("render_run.py", ": write DB=N or DB:LINE=N, e.g. --count wos=1234"),
    ("web/inputs.py", ' must be an object, e.g. {"wos": "1234"}'),
    # the known-records file format: an IEEE article number is written ieee:N
    ("cli.py", "The known records: one PMID, DOI, arXiv id or ieee:NUMBER a line (# comments), "
               "or a .ris, .bib or .csv file."),
    ("known/command.py", " holds no known record that could be read (one PMID, DOI, arXiv id "
                         "or ieee:NUMBER a line, or a RIS, BibTeX or CSV file)"),
}
_NAMED = re.compile(
    r"(?<![A-Za-z0-9_])(" + "|".join(map(re.escape, REGISTRY)) + r")(?![A-Za-z0-9_])"
)


def _generic_modules() -> list[Path]:
    return sorted(
        path for path in PACKAGE.rglob("*.py")
        if path.relative_to(PACKAGE).parts[0] != "databases"
        and path.relative_to(PACKAGE).as_posix() not in IDENTIFIER_MODULES
    )


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _explain_texts(tree: ast.AST) -> set[int]:
    """The strings of ``_code(...)`` calls (codes.py): explain text, whose
    examples may show a command line such as ``import --from pubmed``."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id == "_code":
            found |= {id(sub) for sub in ast.walk(node) if isinstance(sub, ast.Constant)}
    return found


def named_literals(path: Path, root: Path = PACKAGE) -> list[str]:
    """``file:line: literal`` for every string literal of ``path`` that names a
    registry database (docstrings, explain texts and EXAMPLES aside)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    where = path.relative_to(root).as_posix()
    allowed = _docstrings(tree) | _explain_texts(tree)
    return [
        f"{where}:{node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and id(node) not in allowed and (where, node.value) not in EXAMPLES
        and _NAMED.search(node.value)
    ]


def test_no_generic_module_names_a_database() -> None:
    modules = _generic_modules()
    assert len(modules) > 40  # the scan sees the package
    assert [found for path in modules for found in named_literals(path)] == []


def test_the_scan_finds_a_comparison_with_a_name(tmp_path: Path) -> None:
    planted = tmp_path / "planted.py"
    planted.write_text('"""Doc naming pubmed is fine."""\n\n'
                       "def f(target: str) -> bool:\n"
                       '    """So is this: wos."""\n'
                       '    return target == "pubmed" or target in ("ieee_x", "arxiv")  # wos\n')
    assert named_literals(planted, tmp_path) == ["planted.py:5: 'pubmed'", "planted.py:5: 'arxiv'"]


def test_every_generic_example_still_exists() -> None:
    # an EXAMPLES entry whose text changed would silently allow nothing
    for where, literal in EXAMPLES:
        tree = ast.parse((PACKAGE / where).read_text(encoding="utf-8"))
        assert any(isinstance(node, ast.Constant) and node.value == literal
                   for node in ast.walk(tree)), (where, literal)


def test_the_count_path_tables_read_the_specs() -> None:
    from querylang.databases import import_dialects
    from querylang.imports import DIALECTS, READERS, TITLES
    from querylang.transport import PAGE_ANSWER_CAPS, PAGE_SIZE_PARAMS

    importable = list(import_dialects())
    assert list(DIALECTS) == list(READERS) == list(TITLES) == importable
    # The three Ovid databases share one syntax: one --from name (import_as).
    assert importable == ["pubmed", "wos", "ovid"]
    for name, entry in import_dialects().items():
        assert READERS[name] is entry.importer
        assert TITLES[name] == entry.import_title
    assert {entry.import_name for entry in REGISTRY.values() if entry.importer_path} == set(
        importable)
    for name, entry in REGISTRY.items():
        if entry.spec is None:
            continue
        assert PAGE_ANSWER_CAPS[name] == entry.spec.page_answer_cap
        assert PAGE_SIZE_PARAMS.get(name) == entry.spec.page_size_param
        if entry.same_search is not None:
            assert entry.same_search("x", "x")
    with pytest.raises(LookupError):
        _ = REGISTRY["arxiv"].importer
