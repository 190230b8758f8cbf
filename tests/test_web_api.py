"""The web page's JSON endpoints through Starlette's test client: the guard
(token, Host, Origin, body size), input validation (4xx, never 500), and
each endpoint against the loopback fakes and a real search log."""

from __future__ import annotations

import io
import json
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

with warnings.catch_warnings():
    # Starlette 1.0 would rather its test client ran on httpx2; httpx is
    # what querylang (and this machine) has.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from starlette.testclient import TestClient

from querylang.databases import RUNNABLE
from querylang.web import downloads
from querylang.web.app import create_app
from querylang.web.guard import MAX_BODY
from tests.fakes.fixtures import FakeApis

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")


TOKEN = "f" * 48
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
AUTH = {"X-Querylang-Token": TOKEN}
FINE = "1. asthma OR wheez*\n2. #1 AND child* AND lang:english\n"


def make_client(log_path: Path | None = None, **options: Any) -> TestClient:
    app = create_app(token=TOKEN, port=PORT, log_path=log_path, **options)
    return TestClient(app, base_url=BASE, raise_server_exceptions=False)


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with make_client(tmp_path / "log.sqlite3") as made:
        yield made


@pytest.fixture
def apis(fake_apis: FakeApis, monkeypatch: pytest.MonkeyPatch) -> FakeApis:
    fake_apis.pubmed.rate_limit = None
    for name in RUNNABLE:
        monkeypatch.setenv(f"QUERYLANG_{name.upper()}_INTERVAL", "0.005")
    monkeypatch.setenv("QUERYLANG_BACKOFF", "0.01")
    monkeypatch.setenv("QUERYLANG_RETRY_BUDGET", "1")
    return fake_apis


def events(client: TestClient, body: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """POST /api/run and read its server-sent events to the end."""
    found = []
    with client.stream("POST", "/api/run", json=body, headers=AUTH) as response:
        assert response.status_code == 200, response.read()
        assert response.headers["content-type"].startswith("text/event-stream")
        text = "".join(response.iter_text())
    for block in text.strip().split("\n\n"):
        kind = block.split("\n")[0].removeprefix("event: ")
        data = json.loads(block.split("\n", 1)[1].removeprefix("data: "))
        found.append((kind, data))
    return found


def refusal(response: Any, status: int, words: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    data = response.json()
    assert words in data["error"], data
    return dict(data)


# -- the guard -------------------------------------------------------------------------------


def test_every_request_needs_the_token(client: TestClient) -> None:
    refusal(client.get("/"), 403, "no token")
    refusal(client.get("/static/app.js"), 403, "no token")
    refusal(client.get("/api/status", headers={"X-Querylang-Token": "0" * 48}), 403,
            "wrong token")
    refusal(client.get(f"/?token={TOKEN[:-1]}"), 403, "wrong token")
    assert client.get(f"/?token={TOKEN}").status_code == 200
    assert client.get("/api/status", headers=AUTH).status_code == 200
    assert client.get(f"/static/app.js?token={TOKEN}").status_code == 200


def test_the_page_carries_its_token_to_its_assets(client: TestClient) -> None:
    page = client.get(f"/?token={TOKEN}").text
    assert f'<meta name="querylang-token" content="{TOKEN}">' in page
    assert f'src="/static/app.js?token={TOKEN}"' in page
    assert "__QUERYLANG_TOKEN__" not in page
    assert "http://" not in page and "https://" not in page  # nothing from elsewhere


@pytest.mark.parametrize("host", ["evil.example:8765", "127.0.0.1:9999", "127.0.0.1.nip.io:8765",
                                  ""])
def test_a_foreign_host_header_is_refused(client: TestClient, host: str) -> None:
    """DNS rebinding: a page on another name resolved to 127.0.0.1."""
    refusal(client.get("/api/status", headers={**AUTH, "Host": host}), 403,
            "does not answer to the host name")


@pytest.mark.parametrize("host", ["localhost:8765", "[::1]:8765", "LOCALHOST:8765"])
def test_loopback_names_are_accepted(client: TestClient, host: str) -> None:
    assert client.get("/api/status", headers={**AUTH, "Host": host}).status_code == 200


def test_another_origin_cannot_drive_the_server(client: TestClient) -> None:
    data = refusal(client.post("/api/check", json={"text": FINE},
                               headers={**AUTH, "Origin": "https://evil.example"}),
                   403, "requests from https://evil.example are refused")
    assert data["hint"]
    refusal(client.post("/api/check", json={"text": FINE},
                        headers={**AUTH, "Origin": "http://127.0.0.1:9999"}), 403, "refused")
    same = client.post("/api/check", json={"text": FINE}, headers={**AUTH, "Origin": BASE})
    assert same.status_code == 200


def test_bodies_are_capped(tmp_path: Path) -> None:
    with make_client(tmp_path / "log.sqlite3", max_body=200) as small:
        refusal(small.post("/api/check", json={"text": "x" * 300}, headers=AUTH), 413,
                "larger than 200 bytes")

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
            for _ in range(10):
                yield b"x" * 50

        refusal(small.post("/api/check", content=chunks(),
                           headers={**AUTH, "Content-Type": "application/json"}), 413, "larger")
        assert small.post("/api/check", json={"text": "asthma"}, headers=AUTH).status_code == 200
    assert MAX_BODY >= 100_000


def test_responses_keep_the_token_to_themselves(client: TestClient) -> None:
    response = client.get(f"/?token={TOKEN}")
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"
    assert client.get("/api/status").headers["referrer-policy"] == "no-referrer"


# -- input validation: clear 4xx messages --------------------------------------------------------


@pytest.mark.parametrize(("body", "headers", "status", "words"), [
    (b"{", {"Content-Type": "application/json"}, 400, "not JSON"),
    (b"[1]", {"Content-Type": "application/json"}, 400, "must be a JSON object"),
    (b"\xff\xfe", {"Content-Type": "application/json"}, 400, "not UTF-8"),
    (b'{"text": "a"}', {"Content-Type": "text/plain"}, 415, "as JSON"),
    (b"{}", {"Content-Type": "application/json"}, 422, "'text' is missing"),
    (b'{"text": 3}', {"Content-Type": "application/json"}, 422, "must be a string, not a number"),
    (b'{"text": "a", "txet": 1}', {"Content-Type": "application/json"}, 422,
     "unknown field 'txet'"),
    (b'{"text": "a\\u0000b"}', {"Content-Type": "application/json"}, 422, "NUL"),
    (b"[" * 100_000 + b"]" * 100_000, {"Content-Type": "application/json"}, 400,
     "nested too deeply"),
    (b'{"text": "a", "strict": "yes"}', {"Content-Type": "application/json"}, 422,
     "true or false"),
])
def test_bad_check_requests_get_clear_messages(client: TestClient, body: bytes,
                                               headers: dict[str, str], status: int,
                                               words: str) -> None:
    refusal(client.post("/api/check", content=body, headers={**AUTH, **headers}), status, words)


def test_a_text_too_long_is_refused(client: TestClient) -> None:
    refusal(client.post("/api/check", json={"text": "a " * 150_000}, headers=AUTH), 413,
            "the most accepted is 200,000")


def test_unknown_paths_and_methods_answer_json(client: TestClient) -> None:
    refusal(client.get("/api/nothing", headers=AUTH), 404, "nothing at /api/nothing")
    refusal(client.get("/api/check", headers=AUTH), 405, "GET is not accepted")
    refusal(client.get("/static/missing.js", headers=AUTH), 404, "nothing at")


# -- as you type ----------------------------------------------------------------------------------


def test_check_gives_diagnostics_at_their_place_and_every_query(client: TestClient) -> None:
    data = client.post("/api/check", json={"text": "1. asthma\n2. #1 AND lang:englsh"},
                       headers=AUTH).json()
    assert data["ok"] is False and data["lines"] == 2
    [found] = data["diagnostics"]
    assert (found["code"], found["line"], found["column"], found["end_column"]) == (
        "QL109", 2, 11, 22)
    assert "did you mean english" in found["hint"]
    assert all(t["query"] is None for t in data["targets"].values())

    fixed = client.post("/api/check", json={"text": FINE}, headers=AUTH).json()
    assert fixed["ok"] is True and fixed["diagnostics"] == []
    pubmed, wos = fixed["targets"]["pubmed"], fixed["targets"]["wos"]
    assert pubmed["query"] == ("(asthma[tiab] OR wheez*[tiab]) AND child*[tiab] AND english[la]")
    assert pubmed["title"] == "PubMed" and pubmed["line"] == 2
    # Web of Science: the interface string (LA=) and the Starter API query, both
    assert "LA=(English)" in wos["query"] and "LA=" not in wos["api_query"]
    assert {d["code"] for d in wos["diagnostics"]} == {"WS111", "WS113"}
    assert all(d["target"] == "wos" for d in wos["diagnostics"])
    ieee = fixed["targets"]["ieee"]
    assert ieee["query"] and ieee["api"]["params"]["querytext"]


def test_check_with_strict_refuses_a_change_of_meaning(client: TestClient) -> None:
    data = client.post("/api/check", json={"text": FINE, "strict": True}, headers=AUTH).json()
    assert data["targets"]["arxiv"]["query"] is None
    assert any(d["severity"] == "error" for d in data["targets"]["arxiv"]["diagnostics"])


def test_explain(client: TestClient) -> None:
    info = client.get("/api/explain/ql112", headers=AUTH).json()
    assert info["code"] == "QL112" and info["instead"] and info["explanation"]
    data = refusal(client.get("/api/explain/QL11", headers=AUTH), 404, "unknown code")
    assert "QL1" in data["hint"]


# -- run, history, diff, downloads ------------------------------------------------------------------


def test_a_run_streams_each_count_and_lands_in_the_log(client: TestClient, apis: FakeApis,
                                                       tmp_path: Path) -> None:
    found = events(client, {"text": FINE, "name": "/home/me/asthma.qry", "lines": True})
    kinds = [kind for kind, _ in found]
    assert kinds[0] == "plan" and kinds[-1] == "done"
    assert found[0][1] == {"targets": {name: [1, 2] for name in RUNNABLE}}
    lines = [data for kind, data in found if kind == "line"]
    assert {(d["target"], d["number"]) for d in lines} == {
        (name, n) for name in RUNNABLE for n in (1, 2)}
    assert all(d["status"] == "ok" and isinstance(d["count"], int) for d in lines)
    # each count arrives before its database's summary
    assert kinds.index("line") < kinds.index("target")
    done = found[-1][1]
    assert done["run_id"] == 1 and done["logged"] is True and done["exit_status"] == 0
    pubmed_final = done["run"]["targets"]["pubmed"]["count"]
    assert pubmed_final == next(d["count"] for d in lines
                                if d["target"] == "pubmed" and d["number"] == 2)

    runs = client.get("/api/history", headers=AUTH).json()["runs"]
    assert [r["run_id"] for r in runs] == [1]
    assert runs[0]["source_name"] == "asthma.qry"  # the file's name, not its path
    assert runs[0]["counts"]["pubmed"][0] == pubmed_final
    detail = client.get("/api/runs/1", headers=AUTH).json()
    assert detail["source_text"] == FINE


def test_status_names_each_database_as_the_registry_does(client: TestClient) -> None:
    """The history's "final counts" use each database's short name."""
    from querylang.databases import REGISTRY

    databases = client.get("/api/status", headers=AUTH).json()["databases"]
    assert {d["name"]: (d["title"], d["short"]) for d in databases} == {
        d["name"]: (REGISTRY[d["name"]].display, REGISTRY[d["name"]].short) for d in databases}
    assert [d["name"] for d in databases] == [name for name in REGISTRY if name in
                                              {d["name"] for d in databases}]
    # the translation cards' labels come from the registry too (no table in app.js)
    assert all(d["faces"] == list(REGISTRY[d["name"]].query_labels) for d in databases)
    assert len({tuple(d["faces"]) for d in databases}) == len(databases)


def test_a_database_without_a_key_is_skipped_or_takes_a_typed_count(
        client: TestClient, apis: FakeApis, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WOS_API_KEY")
    monkeypatch.delenv("IEEE_API_KEY")
    status = {d["name"]: d for d in client.get("/api/status", headers=AUTH).json()["databases"]}
    assert status["wos"]["has_key"] is False and status["wos"]["key_required"] is True
    found = events(client, {"text": FINE, "databases": ["wos", "ieee"],
                            "counts": {"wos": "1,234"}})
    targets = found[-1][1]["run"]["targets"]
    assert targets["wos"]["status"] == "manual" and targets["wos"]["count"] == 1234
    assert targets["ieee"]["status"] == "skipped"
    assert "IEEE_API_KEY" in targets["ieee"]["error"]
    assert found[-1][1]["exit_status"] == 3
    assert apis.wos.requests == [] and apis.ieee.requests == []


def test_a_failing_database_says_so_after_its_retries(client: TestClient, apis: FakeApis,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.fakes import Fault

    monkeypatch.setenv("QUERYLANG_RETRY_ATTEMPTS", "2")
    apis.arxiv.script([Fault.http(503), Fault.http(503)])
    found = events(client, {"text": FINE, "databases": ["arxiv"]})
    assert ("progress", "retry") in {(k, d.get("kind")) for k, d in found}
    arxiv = found[-1][1]["run"]["targets"]["arxiv"]
    assert arxiv["status"] == "error" and "503" in arxiv["error"]


@pytest.mark.parametrize(("body", "words"), [
    ({"text": "1. asthma AND lang:englsh"}, "the strategy has errors"),
    ({"text": FINE, "databases": ["nosuchdb"]}, "unknown database 'nosuchdb'"),
    ({"text": FINE, "databases": "pubmed"}, "must be a list of strings"),
    ({"text": FINE, "counts": {"wos": "many"}}, "write DB=N"),
    ({"text": FINE, "counts": {"wos": True}}, "must be a number"),
    ({"text": FINE, "counts": {"wos:9": "12"}}, "lines 1 to 2"),
    ({"text": FINE, "databases": ["pubmed"], "counts": {"wos": "12"}}, "not among"),
    ({"text": FINE, "strict": True}, "strict: a translation changes the meaning"),
    ({"text": FINE, "lines": 1}, "true or false"),
])
def test_bad_run_requests_are_refused_before_any_search(client: TestClient, apis: FakeApis,
                                                        body: dict[str, Any],
                                                        words: str) -> None:
    refusal(client.post("/api/run", json=body, headers=AUTH), 422, words)
    assert not any(fake.requests for fake in apis.all())


def test_a_strategy_error_comes_back_with_its_diagnostics(client: TestClient) -> None:
    data = client.post("/api/run", json={"text": "1. asthma AND lang:englsh"},
                       headers=AUTH).json()
    assert [d["code"] for d in data["diagnostics"]] == ["QL109"]


def test_history_diff_and_every_download(client: TestClient, apis: FakeApis) -> None:
    assert client.get("/api/history", headers=AUTH).json() == {"runs": []}
    refusal(client.get("/api/download/markdown", headers=AUTH), 404, "no search log")
    events(client, {"text": FINE, "lines": True})
    events(client, {"text": FINE.replace("child*", "infant*"), "lines": True, "refresh": True})
    runs = client.get("/api/history", headers=AUTH).json()["runs"]
    assert [r["run_id"] for r in runs] == [2, 1]  # newest first

    events(client, {"text": FINE, "name": "other.qry", "databases": ["pubmed"]})
    mine = client.get("/api/history?name=/somewhere/other.qry", headers=AUTH).json()["runs"]
    assert [r["run_id"] for r in mine] == [3]
    assert client.get("/api/history?name=none.qry", headers=AUTH).json() == {"runs": []}

    diff = client.get("/api/diff?a=1&b=2", headers=AUTH).json()
    assert diff["run_a"] == 1 and diff["run_b"] == 2 and diff["same_strategy"] is False
    pubmed = {c["number"]: c for c in diff["changes"] if c["target"] == "pubmed"}
    assert pubmed[1]["change"] == 0 and pubmed[2]["query_changed"] is True
    assert pubmed[2]["change"] == pubmed[2]["count_b"] - pubmed[2]["count_a"]

    status = client.get("/api/status", headers=AUTH).json()
    assert [d["name"] for d in status["downloads"]][:4] == ["markdown", "csv", "json",
                                                              "searchfile"]
    markdown = client.get("/api/download/markdown?run=1", headers=AUTH)
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert 'filename="run1.md"' in markdown.headers["content-disposition"]
    assert "child*" in markdown.text and "infant*" not in markdown.text
    assert "infant*" in client.get("/api/download/markdown?run=2", headers=AUTH).text
    latest = client.get("/api/download/markdown", headers=AUTH)  # no run: the latest
    assert 'filename="other-run3.md"' in latest.headers["content-disposition"]
    csv_text = client.get("/api/download/csv?run=2", headers=AUTH).text
    assert csv_text.startswith("run_id,database,line")
    assert json.loads(client.get("/api/download/json?run=2", headers=AUTH).text)["run_id"] == 2
    archive = zipfile.ZipFile(io.BytesIO(
        client.get("/api/download/searchfile?run=2", headers=AUTH).content))
    assert sorted(archive.namelist()) == [f"run2-{n}.json" for n in sorted(RUNNABLE)]
    assert json.loads(archive.read("run2-pubmed.json"))["platform"] == "pubmed"

    refusal(client.get("/api/download/pdf?run=1", headers=AUTH), 404, "no download called 'pdf'")
    refusal(client.get("/api/download/csv?run=one", headers=AUTH), 422, "run number")
    refusal(client.get("/api/download/csv?run=99", headers=AUTH), 404, "99")
    refusal(client.get("/api/diff?a=1", headers=AUTH), 422, "give two runs")
    refusal(client.get("/api/runs/" + "9" * 30, headers=AUTH), 422, "a run is a number")


def test_a_format_registered_later_is_offered(client: TestClient, apis: FakeApis,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The seam for the PRISMA SVG, the overlap picture and the RIS export."""
    monkeypatch.setattr(downloads, "REGISTRY", dict(downloads.REGISTRY))
    downloads.register(downloads.Download(
        "svg", "PRISMA diagram (SVG)", "image/svg+xml", lambda s: f"run{s.run_id}.svg",
        lambda log, s: f"<svg><text>{s.run.targets['pubmed'].count}</text></svg>"))
    events(client, {"text": FINE, "databases": ["pubmed"]})
    names = [d["name"] for d in client.get("/api/status", headers=AUTH).json()["downloads"]]
    assert names[-1] == "svg"
    picture = client.get("/api/download/svg?run=1", headers=AUTH)
    assert picture.headers["content-type"] == "image/svg+xml"
    assert picture.text.startswith("<svg><text>") and picture.text[11].isdigit()


def test_keys_never_reach_the_page(client: TestClient, apis: FakeApis,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The keys the server reads appear in no answer, whatever is asked."""
    monkeypatch.setenv("NCBI_API_KEY", apis.pubmed.api_key)
    # Scopus echoes its key in every answer's X-ELS-APIKey header.
    keys = [apis.pubmed.api_key, apis.wos.api_key, apis.ieee.api_key, apis.scopus.api_key,
            apis.openalex.api_key]
    bodies = [client.get(f"/?token={TOKEN}").text,
              client.get("/api/status", headers=AUTH).text,
              client.post("/api/check", json={"text": FINE}, headers=AUTH).text]
    bodies.append(json.dumps(events(client, {"text": FINE, "lines": True})))
    for name in ("markdown", "csv", "json"):
        bodies.append(client.get(f"/api/download/{name}?run=1", headers=AUTH).text)
    bodies.append(client.get("/api/runs/1", headers=AUTH).text)
    status = json.loads(bodies[1])
    assert {d["name"]: d["has_key"] for d in status["databases"]} == {
        name: entry.key_env is not None for name, entry in RUNNABLE.items()}
    for key in keys:
        assert len(key) >= 8
        assert not any(key in body for body in bodies)


def test_a_key_in_an_error_message_is_scrubbed(client: TestClient, apis: FakeApis,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Belt and braces: even a database echoing the key back does not leak it."""
    from tests.fakes import Fault

    monkeypatch.setenv("QUERYLANG_RETRY_ATTEMPTS", "1")
    apis.ieee.script([Fault.body(f"bad request for key {apis.ieee.api_key}", status=400)])
    found = json.dumps(events(client, {"text": FINE, "databases": ["ieee"]}))
    assert apis.ieee.api_key not in found


# -- import (issue 12's seam) -------------------------------------------------------------------


def test_import_answers_501_until_querylang_can_import(client: TestClient,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import querylang.imports

    monkeypatch.delattr(querylang.imports, "import_strategy", raising=False)
    data = refusal(client.post("/api/import", json={"source": "asthma[tiab]",
                                                    "dialect": "pubmed"}, headers=AUTH),
                   501, "cannot import native strategies yet")
    assert "portable language" in data["hint"]


def test_import_calls_the_importer_where_it_exists(client: TestClient,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import querylang.imports

    calls = []

    class Result:
        def to_dict(self) -> dict[str, Any]:
            return {"text": "1. tiab:asthma\n", "diagnostics": []}

    def import_strategy(source: str, dialect: str) -> Result:
        calls.append((source, dialect))
        return Result()

    monkeypatch.setattr(querylang.imports, "import_strategy", import_strategy, raising=False)
    response = client.post("/api/import", json={"source": "asthma[tiab]", "dialect": "WoS "},
                           headers=AUTH)
    assert response.json() == {"text": "1. tiab:asthma\n", "diagnostics": []}
    assert calls == [("asthma[tiab]", "wos")]
    refusal(client.post("/api/import", json={"source": "x", "dialect": "nosuchdb"}, headers=AUTH),
            422, "unknown dialect 'nosuchdb'")
    refusal(client.post("/api/import", json={"dialect": "pubmed"}, headers=AUTH), 422,
            "'source' is missing")

    def refusing(source: str, dialect: str) -> Result:
        raise ValueError("nothing to import")

    monkeypatch.setattr(querylang.imports, "import_strategy", refusing, raising=False)
    refusal(client.post("/api/import", json={"source": "", "dialect": "pubmed"}, headers=AUTH),
            422, "cannot import this text: nothing to import")


def test_the_page_imports_an_ovid_history(client: TestClient) -> None:
    """Issue 16: the web page's import takes Ovid's syntax like the CLI's."""
    response = client.post("/api/import", json={"source": "1 exp Asthma/\n2 asthma*.ti,ab.\n"
                                                "3 or/1-2", "dialect": "ovid"}, headers=AUTH)
    assert response.status_code == 200
    assert response.json()["text"] == '1. mesh:"Asthma"\n2. tiab:asthma*\n3. #1 OR #2\n'


def test_status_names_the_import_dialects_for_the_page(client: TestClient) -> None:
    data = client.get("/api/status", headers=AUTH).json()
    assert {"name": "ovid", "title": "Ovid"} in data["dialects"]
    assert [d["name"] for d in data["dialects"]][:2] == ["pubmed", "wos"]
