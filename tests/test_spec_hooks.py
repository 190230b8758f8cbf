"""The count path's per-database settings are data on the registry entry's
spec (issue 15): a database that wants a long query by POST to a sibling
endpoint, or a contact address sent with every request, says so in its
``DatabaseSpec`` and the generic runner does it. Proved here on a copy of
the Web of Science spec against its loopback fake."""

from __future__ import annotations

import pytest

from querylang.record import replace
from querylang.results import Status
from querylang.runner import SPECS, _replace_last_segment
from tests.fakes.fixtures import FakeApis
from tests.runhelp import QUERIES, plan, run


def test_the_last_segment_of_an_endpoint_is_replaced() -> None:
    assert _replace_last_segment("https://h.org/rest/search", "searchPOST") == \
        "https://h.org/rest/searchPOST"
    assert _replace_last_segment("http://127.0.0.1:9/a/b/", "/c") == "http://127.0.0.1:9/a/c"
    assert _replace_last_segment("http://h/a/search?x=1", "post") == "http://h/a/post"


def test_a_long_query_goes_by_post_to_the_spec_post_path(
    fake_apis: FakeApis, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = replace(SPECS["wos"], post_above=5, post_path="documentsPOST")
    monkeypatch.setitem(SPECS, "wos", spec)
    run(plan("wos", QUERIES["wos"]))
    sent = fake_apis.wos.last_request
    assert sent.method == "POST"
    assert sent.path.endswith("/documentsPOST")
    assert sent.form_params["q"] == [QUERIES["wos"]]  # the query in the body, not the URL
    assert "q=" not in sent.query_string


def test_a_short_query_stays_a_get_to_the_endpoint(fake_apis: FakeApis,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    spec = replace(SPECS["wos"], post_above=10_000, post_path="documentsPOST")
    monkeypatch.setitem(SPECS, "wos", spec)
    result = run(plan("wos", QUERIES["wos"]))["wos"]
    assert result.status is Status.OK, result.error
    assert fake_apis.wos.last_request.method == "GET"
    assert fake_apis.wos.last_request.path == fake_apis.wos.ENDPOINT


def test_without_post_above_every_query_is_a_get(fake_apis: FakeApis) -> None:
    assert SPECS["wos"].post_above is None
    long_query = "TS=(" + " OR ".join(f"term{n}" for n in range(300)) + ")"
    run(plan("wos", long_query))
    assert fake_apis.wos.last_request.method == "GET"


def test_the_contact_address_is_sent_as_the_spec_says(
    fake_apis: FakeApis, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = replace(SPECS["wos"], email_env="WOS_TEST_EMAIL", email_param="mailto")
    monkeypatch.setitem(SPECS, "wos", spec)
    monkeypatch.setenv("WOS_TEST_EMAIL", "me@example.org")
    run(plan("wos", QUERIES["wos"]))
    assert fake_apis.wos.last_request.query_params.get("mailto") == ["me@example.org"]
    monkeypatch.delenv("WOS_TEST_EMAIL")
    run(plan("wos", QUERIES["wos"] + " AND PY=2020"))
    assert "mailto" not in fake_apis.wos.last_request.query_params


def test_pubmed_declares_its_post_and_email() -> None:
    pubmed = SPECS["pubmed"]
    assert (pubmed.post_above, pubmed.post_path) == (1000, None)
    assert (pubmed.email_env, pubmed.email_param) == ("NCBI_EMAIL", "email")
