"""The page itself in Debian's headless Chromium, against the loopback fakes:
type a strategy, see a diagnostic at its line, fix it, copy a translation,
run (Ctrl+Enter), see the counts, download the Markdown report. The
screenshots in docs/img/ come from here (look at them after a change):
``QUERYLANG_SCREENSHOTS=docs/img pytest tests/test_web_browser.py`` writes
them there; otherwise they go to a temporary folder, so that a test run
leaves the checkout as it was."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from querylang.databases import runnable_names
from tests.fakes.fixtures import FakeApis
from tests.webhelp import ServerThread, browser_missing, chromium, set_viewport

pytestmark = pytest.mark.skipif(browser_missing() is not None, reason=browser_missing() or "")

IMAGES = Path(os.environ.get("QUERYLANG_SCREENSHOTS") or tempfile.mkdtemp(prefix="ql-shots-"))

BROKEN = "1. asthma OR wheez*\n2. #1 AND child* AND lang:englsh\n"
FIXED = "1. asthma OR wheez*\n2. #1 AND child* AND lang:english\n"


@pytest.fixture
def page_server(fake_apis: FakeApis, monkeypatch: pytest.MonkeyPatch,
                tmp_path: Path) -> Iterator[ServerThread]:
    """The page's server over the four fakes, paced fast; Web of Science
    without a key, so that the page offers its manual count field."""
    fake_apis.pubmed.rate_limit = None
    for name in runnable_names():
        monkeypatch.setenv(f"QUERYLANG_{name.upper()}_INTERVAL", "0.005")
    monkeypatch.setenv("QUERYLANG_BACKOFF", "0.01")
    monkeypatch.delenv("WOS_API_KEY")
    with ServerThread(log_path=tmp_path / "log.sqlite3") as server:
        yield server


def wait_for(condition: Callable[[], Any], what: str, timeout: float = 15.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = condition()
        except Exception:  # an element not there yet
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def checks(driver: Any) -> int:
    return int(driver.find_element("tag name", "body").get_attribute("data-checks") or 0)


def type_strategy(driver: Any, text: str) -> None:
    from selenium.webdriver.common.keys import Keys

    before = checks(driver)
    editor = driver.find_element("id", "strategy")
    editor.send_keys(Keys.CONTROL, "a")
    editor.send_keys(Keys.DELETE)
    editor.send_keys(text)
    wait_for(lambda: checks(driver) > before
             and driver.execute_script("return document.getElementById('strategy').value")
             == text, "the page to check the text typed")
    time.sleep(0.2)  # let a debounced check for the last keystroke land
    wait_for(lambda: driver.execute_script(
        "return window.querylang.checks") == checks(driver), "the last check")


def full_page_screenshot(driver: Any, width: int, path: Path) -> None:
    height = driver.execute_script("return document.documentElement.scrollHeight")
    set_viewport(driver, width, min(int(height) + 40, 6000))
    driver.execute_script("window.scrollTo(0, 0)")
    time.sleep(0.2)
    path.parent.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(path))


def test_the_whole_flow(page_server: ServerThread, tmp_path: Path) -> None:
    from selenium.webdriver.common.keys import Keys

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    with chromium(1280, 900, downloads=downloads) as driver:
        driver.get(page_server.url)
        wait_for(lambda: checks(driver) >= 1, "the example strategy to be checked")

        # a mistake: its diagnostic appears at its line and column
        type_strategy(driver, BROKEN)
        item = wait_for(lambda: driver.find_element("css selector", "#diagnostics li[data-code=QL109]"),
                        "QL109 in the list")
        assert "error" in (item.get_attribute("class") or "")
        assert item.find_element("css selector", ".diag-where").text == "2:22"
        assert "unknown language 'englsh'" in item.text
        assert "did you mean english" in item.text
        gutter = driver.find_element("css selector", "#gutter [data-line='2']")
        assert gutter.get_attribute("class") == "error"
        assert driver.find_element("css selector", "#gutter [data-line='1']").get_attribute("class") in (None, "")
        marked = driver.find_element("css selector", "#backdrop mark.error")
        assert marked.get_attribute("textContent") == "lang:englsh"
        # the place is one click away, and explained on demand
        item.find_element("css selector", ".diag-where").click()
        selected = driver.execute_script(
            "const e = document.getElementById('strategy');"
            "return e.value.slice(e.selectionStart, e.selectionEnd)")
        assert selected == "lang:englsh"
        item.find_element("css selector", ".explain-button").click()
        wait_for(lambda: "Write instead" in item.find_element("css selector", ".explanation").text,
                 "the explanation of QL109")
        assert driver.find_element("id", "target-pubmed").find_elements(
            "css selector", ".query") == []
        IMAGES.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(IMAGES / "web-diagnostic.png"))

        # fixed: the error goes, every database gets its query
        type_strategy(driver, FIXED)
        wait_for(lambda: not driver.find_elements("css selector", "#diagnostics li.error"),
                 "the error to go")
        assert "0 error(s)" in driver.find_element("id", "check-summary").text
        pubmed = driver.find_element("id", "query-pubmed-interface").text
        assert "child*[tiab]" in pubmed and "english[la]" in pubmed
        # Web of Science: the advanced-search string and the Starter API's own form
        wos_interface = driver.find_element("id", "query-wos-interface").text
        wos_api = driver.find_element("id", "query-wos-api").text
        assert "LA=(English)" in wos_interface
        assert wos_api and "LA=" not in wos_api

        # copy a translation
        driver.execute_cdp_cmd("Browser.grantPermissions", {
            "origin": f"http://127.0.0.1:{page_server.port}",
            "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
        driver.find_element("id", "copy-pubmed-interface").click()
        wait_for(lambda: driver.find_element("id", "copy-pubmed-interface")
                 .get_attribute("data-copied") == "yes", "the copy")
        copied = driver.execute_async_script(
            "navigator.clipboard.readText().then(arguments[0], e => arguments[0]('ERR ' + e))")
        assert copied == pubmed

        # run by keyboard, with a count typed in for Web of Science (no key)
        count_field = driver.find_element("id", "count-wos")
        count_field.send_keys("1234")
        driver.find_element("id", "strategy").send_keys(Keys.CONTROL, Keys.ENTER)
        wait_for(lambda: driver.find_element("tag name", "body").get_attribute("data-runs") == "1",
                 "the run to finish", timeout=30)
        status = driver.find_element("id", "run-status").text
        assert "logged as run 1" in status
        final = driver.find_element("id", "cell-pubmed-2").text
        assert final.replace(",", "").isdigit()
        assert driver.find_element("id", "cell-wos-2").text == "1,234 (manual)"
        assert driver.find_element("id", "cell-ieee-2").text.replace(",", "").isdigit()
        assert "IEEE Xplore year filter" not in driver.find_element("id", "run-notes").text
        wos_note = driver.find_element("id", "run-note-wos").text
        assert "query for the web interface: (TI=" in wos_note

        # the history lists it, and the Markdown report downloads
        wait_for(lambda: driver.find_elements("css selector", "#history-table tbody tr"),
                 "the history")
        full_page_screenshot(driver, 1280, IMAGES / "web-1280.png")
        driver.find_element("id", "download-markdown").click()
        report = wait_for(lambda: [p for p in downloads.glob("*.md")], "the Markdown report")[0]
        text = report.read_text(encoding="utf-8")
        assert "1,234" in text and f"{int(final.replace(',', '')):,}" in text
        assert "lang:english" in text

        # run again: the search log answers (as `querylang run` within 24 h),
        # and the two runs compare
        driver.find_element("id", "run-button").click()
        wait_for(lambda: driver.find_element("tag name", "body").get_attribute("data-runs") == "2",
                 "the second run", timeout=30)
        assert driver.find_element("id", "cell-pubmed-2").text == final + " (cached)"
        wait_for(lambda: len(driver.find_elements("css selector", "input.compare")) == 2,
                 "two runs in the history")
        for box in driver.find_elements("css selector", "input.compare"):
            box.click()
        driver.find_element("id", "diff-button").click()
        caption = wait_for(lambda: driver.find_element("css selector", "#diff caption"),
                           "the diff")
        assert caption.text == "Run 1 → run 2"
        rows = driver.find_elements("css selector", "#diff tbody tr")
        # one row per database searched
        assert len(rows) == len(runnable_names()) and all(row.text.endswith("0") for row in rows)

        # a past run's strategy back into the editor
        type_strategy(driver, "1. something else\n")
        driver.find_element(
            "css selector", "[aria-label='Open the strategy of run 1 in the editor']").click()
        wait_for(lambda: driver.execute_script(
            "return document.getElementById('strategy').value") == FIXED, "run 1's strategy")

        # the draft and its file name survive a reload
        time.sleep(0.2)
        driver.refresh()
        wait_for(lambda: checks(driver) >= 1, "the page to check the draft")
        assert driver.execute_script("return document.getElementById('strategy').value") == FIXED
        assert driver.find_element("id", "file-name").text == "File: llm-medical-imaging.qry"


def test_the_page_at_phone_width(page_server: ServerThread) -> None:
    """390 px: one column, nothing wider than the screen."""
    with chromium(390, 844) as driver:
        driver.get(page_server.url)
        wait_for(lambda: checks(driver) >= 1, "the example strategy to be checked")
        widest = driver.execute_script(
            "return Math.max(...[...document.querySelectorAll('main > section')]"
            ".map(s => s.getBoundingClientRect().right))")
        assert widest <= 390
        assert driver.execute_script(
            "return document.documentElement.scrollWidth") <= 390
        driver.save_screenshot(str(IMAGES / "web-390.png"))  # the first screen
        # no key, no count typed: skipped, and told what to do on this page
        driver.find_element("id", "run-button").click()
        wait_for(lambda: driver.find_element("tag name", "body").get_attribute("data-runs") == "1",
                 "the run to finish", timeout=30)
        note = driver.find_element("id", "run-note-wos").text
        assert "skipped" in note and "--count" not in note
        assert "type the count into the Web of Science count field above" in note
        assert driver.find_element("id", "cell-wos-4").text == "skipped"
        assert driver.execute_script("return document.documentElement.scrollWidth") <= 390


def test_every_control_has_a_name(page_server: ServerThread) -> None:
    """The accessibility tree (what a screen reader reads): every control
    the page shows has a name."""
    with chromium() as driver:
        driver.get(page_server.url)
        wait_for(lambda: checks(driver) >= 1, "the example strategy to be checked")
        tree = driver.execute_cdp_cmd("Accessibility.getFullAXTree", {})["nodes"]
        roles = {"button", "textbox", "checkbox", "combobox", "spinbutton", "link"}
        controls = [node for node in tree if not node.get("ignored")
                    and node.get("role", {}).get("value") in roles]
        assert len(controls) > 15
        unnamed = [node["role"]["value"] for node in controls
                   if not (node.get("name") or {}).get("value", "").strip()]
        assert unnamed == []
        names = {(node.get("name") or {}).get("value") for node in controls}
        assert "Copy the PubMed query" in names
        # the editor does not trap the keyboard: Tab moves on to the next control
        from selenium.webdriver.common.keys import Keys

        driver.find_element("id", "strategy").send_keys(Keys.TAB)
        assert driver.execute_script("return document.activeElement.id") != "strategy"
        assert driver.execute_script(
            "return document.activeElement.matches('button, input, select, summary, a')")
        assert any(name and name.startswith("Strategy text") for name in names)
