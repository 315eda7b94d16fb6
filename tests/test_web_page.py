"""The web page, in a real browser: Debian's Chromium, headless, driven by Playwright, against the
service on loopback (``live_server``).

An analyst searches "gallium", opens it and sees China with the evidence sentence; opens China and
sees gallium; runs an example query and sees rows; does it all with the keyboard; reads it at
390 px. No request may leave the server. Screenshots go to ``test-artefacts/`` (git-ignored).

The browser is never downloaded: ``scripts/test`` installs Debian's ``chromium`` with apt when
``/usr/bin/chromium`` is missing, and these tests fail (they do not skip) when it is still missing.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from kg.settings import PROJECT_ROOT
from tests.conftest import LiveServer

if TYPE_CHECKING:
    from playwright.sync_api import Browser, FloatRect, Locator, Page, ViewportSize

CHROMIUM = Path("/usr/bin/chromium")
ARTEFACTS = PROJECT_ROOT / "test-artefacts"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDE: ViewportSize = {"width": 1280, "height": 900}
NARROW: ViewportSize = {"width": 390, "height": 844}
TIMEOUT_MS = 20_000


# --- the browser ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless; a clear failure when it or Playwright is missing."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's chromium. "
            "scripts/test installs it (apt-get install -y chromium); run that, or install it "
            "by hand. The tests never download a browser of their own."
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - depends on the environment
        pytest.fail("The Python package 'playwright' is missing: pip install -e '.[dev]'.")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
        )
        yield launched
        launched.close()


@dataclass
class Visit:
    """One browser tab on the live server, recording every request and every script error."""

    page: Page
    base: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, route: str = "") -> None:
        self.page.goto(f"{self.base}/{route}")
        self.page.wait_for_selector("main[aria-busy=false]", timeout=TIMEOUT_MS)

    def heading(self) -> Locator:
        return self.page.locator("main h1")

    def wait_for_heading(self, text: str) -> None:
        self.page.wait_for_function(
            "text => { const h = document.querySelector('main h1');"
            " return h && h.textContent.trim() === text"
            " && document.querySelector('main').getAttribute('aria-busy') === 'false'; }",
            arg=text,
            timeout=TIMEOUT_MS,
        )

    def screenshot(self, name: str, *, height: int | None = None) -> Path:
        """The whole page, or its top ``height`` pixels."""
        ARTEFACTS.mkdir(exist_ok=True)
        path = ARTEFACTS / f"{name}.png"
        if height is None:
            self.page.screenshot(path=str(path), full_page=True)
        else:
            width = self.page.viewport_size["width"] if self.page.viewport_size else 1280
            clip: FloatRect = {"x": 0, "y": 0, "width": width, "height": height}
            self.page.screenshot(path=str(path), full_page=True, clip=clip)
        return path

    def assert_stayed_local(self) -> None:
        """Every request went to the live server (or was a data:/blob: URL)."""
        assert self.requests, "the page made no request at all"
        outside = [
            url
            for url in self.requests
            if not (url.startswith(self.base + "/") or url.startswith(("data:", "blob:")))
        ]
        assert not outside, f"requests left the server: {outside}"

    def assert_no_script_errors(self) -> None:
        assert not self.errors, f"errors in the page: {self.errors}"


def _visit(browser: Browser, server: LiveServer, viewport: ViewportSize) -> Iterator[Visit]:
    context = browser.new_context(viewport=viewport, accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    visit = Visit(page=page, base=server.url)
    page.on("request", lambda request: visit.requests.append(request.url))
    page.on("pageerror", lambda error: visit.errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            visit.errors.append(message.text)
            if message.type == "error" and "Failed to load resource" not in message.text
            else None
        ),
    )
    yield visit
    context.close()


@pytest.fixture
def visit(browser: Browser, live_server: LiveServer) -> Iterator[Visit]:
    yield from _visit(browser, live_server, WIDE)


@pytest.fixture
def narrow_visit(browser: Browser, live_server: LiveServer) -> Iterator[Visit]:
    yield from _visit(browser, live_server, NARROW)


# --- what the graph says (read over HTTP, to compare the page with) --------------------------


def _cq1_rows(server: LiveServer) -> list[dict[str, Any]]:
    query = (PROJECT_ROOT / "kg" / "queries" / "cq01.rq").read_text(encoding="utf-8")
    with server.client() as client:
        response = client.post(
            "/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"}
        )
    response.raise_for_status()
    bindings: list[dict[str, Any]] = response.json()["results"]["bindings"]
    return bindings


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().strip('“”"')


# --- the flows ------------------------------------------------------------------------------


def _search_and_open(visit: Visit, text: str, label: str) -> None:
    box = visit.page.get_by_role("combobox", name="Search the graph")
    box.fill(text)
    option = visit.page.get_by_role("option").filter(has_text=re.compile(rf"^{label}\b", re.I))
    option.first.click()
    visit.wait_for_heading(label)


def _wait_for_graph(visit: Visit) -> None:
    visit.page.wait_for_function(
        "() => { const c = document.querySelector('[data-testid=graph]');"
        " return c && c.querySelector('canvas')"
        " && /neighbour/i.test(c.getAttribute('aria-label') || ''); }",
        timeout=TIMEOUT_MS,
    )


@pytest.mark.browser
def test_search_gallium_shows_china_with_evidence(visit: Visit, live_server: LiveServer) -> None:
    visit.open()
    _search_and_open(visit, "gallium", "gallium")
    countries = visit.page.locator("#countries")
    china = countries.get_by_role("link", name="China", exact=True)
    china.first.wait_for()

    # the evidence next to China is a sentence the graph holds as evidence for CQ1
    expected = {_normalise(row["sentence"]["value"]) for row in _cq1_rows(live_server)}
    assert expected, "the graph has no evidence linking a country to gallium"
    item = countries.locator("li.relation").filter(
        has=visit.page.get_by_role("link", name="China", exact=True)
    )
    shown = _normalise(item.locator(".evidence__sentence").first.inner_text())
    assert shown in expected, f"evidence {shown!r} is not one of {expected}"
    marks = [m.lower() for m in item.locator(".evidence__sentence mark").all_inner_texts()]
    assert "gallium" in marks, f"the mention of gallium is not highlighted: {marks}"
    document_link = item.locator("a.evidence__source").first
    assert re.search(
        r"#/document/[^?]+\?start=\d+&end=\d+", document_link.get_attribute("href") or ""
    )

    # identifiers, labels and the graph
    wikidata = visit.page.locator("a[href^='https://www.wikidata.org/wiki/Q']")
    assert wikidata.count() >= 1, "no link to Wikidata"
    assert visit.page.locator(".facts").get_by_text("Ga", exact=True).count() >= 1
    _wait_for_graph(visit)
    node_count = visit.page.evaluate("() => document.querySelector('#graph-caption').textContent")
    assert "neighbour" in node_count
    visit.screenshot("gallium", height=1000)  # the graph and the evidence, as a person sees them
    visit.screenshot("gallium-full")
    visit.assert_no_script_errors()
    visit.assert_stayed_local()


@pytest.mark.browser
def test_countries_of_gallium_in_one_click_from_the_start(visit: Visit) -> None:
    visit.open()
    visit.page.get_by_role("link", name="Which countries are linked to gallium?").click()
    visit.wait_for_heading("gallium")
    countries = visit.page.locator("#countries")
    countries.get_by_role("link", name="China", exact=True).first.wait_for()
    assert countries.locator(".relation-group__title").count() >= 1, "countries not grouped"
    assert visit.page.evaluate("() => document.activeElement.id") == "countries"
    visit.assert_stayed_local()


@pytest.mark.browser
def test_every_link_of_the_start_page_opens(visit: Visit) -> None:
    visit.open()
    links = visit.page.locator("main .card a").evaluate_all("links => links.map(a => a.href)")
    assert len(links) >= 10
    for href in links:
        visit.page.goto(href)
        visit.page.wait_for_selector("main[aria-busy=false] h1")
        errors = visit.page.locator("main .notice--error").all_inner_texts()
        assert not errors, f"{href}: {errors}"
        assert visit.heading().inner_text() not in ("This page could not be shown", "Not found")
    visit.assert_no_script_errors()
    visit.assert_stayed_local()


@pytest.mark.browser
def test_open_china_from_gallium_shows_gallium(visit: Visit) -> None:
    visit.open("#/entity/material/gallium")
    visit.wait_for_heading("gallium")
    visit.page.locator("#countries").get_by_role("link", name="China", exact=True).first.click()
    visit.wait_for_heading("China")
    materials = visit.page.locator("#materials")
    materials.get_by_role("link", name="gallium", exact=True).first.wait_for()
    evidence = materials.locator("li.relation").filter(
        has=visit.page.get_by_role("link", name="gallium", exact=True)
    )
    assert "gallium" in evidence.first.locator(".evidence__sentence").first.inner_text().lower()
    _wait_for_graph(visit)
    visit.screenshot("china")
    visit.assert_no_script_errors()
    visit.assert_stayed_local()


@pytest.mark.browser
def test_graph_click_opens_the_node_and_grows_the_graph(visit: Visit) -> None:
    visit.open("#/entity/material/gallium")
    visit.wait_for_heading("gallium")
    _wait_for_graph(visit)
    before = visit.page.evaluate("() => window.crmkgGraph.nodeCount()")
    position = visit.page.evaluate("() => window.crmkgGraph.renderedPosition('country/cn')")
    assert position, "China is not in gallium's graph"
    box = visit.page.locator("[data-testid=graph]").bounding_box()
    assert box
    visit.page.mouse.click(box["x"] + position["x"], box["y"] + position["y"])
    visit.wait_for_heading("China")
    _wait_for_graph(visit)
    visit.page.wait_for_function(f"() => window.crmkgGraph.nodeCount() > {before}")
    assert visit.page.evaluate("() => window.crmkgGraph.has('material/gallium')"), (
        "the graph started over instead of growing"
    )
    visit.assert_stayed_local()


@pytest.mark.browser
def test_example_query_runs_in_the_editor(visit: Visit, tmp_path: Path) -> None:
    visit.open("#/query")
    visit.wait_for_heading("SPARQL")
    editor = visit.page.locator(".query-editor .CodeMirror")
    assert "PREFIX crm:" in editor.inner_text()
    assert "PREFIX itsrdf:" in editor.inner_text()
    assert visit.page.locator(".CodeMirror .cm-keyword").count() > 0, "no syntax highlighting"

    visit.page.get_by_role("link", name=re.compile(r"^CQ2:")).click()
    status = visit.page.locator(".query-status")
    visit.page.wait_for_function(
        "() => /\\d+ rows? in/.test(document.querySelector('.query-status').textContent)",
        timeout=TIMEOUT_MS,
    )
    rows = int(status.inner_text().split()[0])
    assert rows > 0, status.inner_text()
    table_rows = visit.page.locator(".yasr table.dataTable tbody tr")
    assert table_rows.count() > 0
    assert "gallium" in visit.page.locator(".yasr table.dataTable").inner_text().lower()
    # the query is in the URL, so the address is the link to share
    assert "query=" in visit.page.url and "restrictsExportOf" in _unquote(visit.page.url)
    visit.screenshot("query-table")

    # CSV download of the table
    with visit.page.expect_download() as download_info:
        visit.page.locator(".yasr .yasr_downloadIcon").click()
    path = tmp_path / "results.csv"
    download_info.value.save_as(path)
    table = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert table[0][:2] == ["material", "materialLabel"], table[0]
    assert len(table) - 1 == rows

    # the raw response view
    visit.page.locator(".yasr .select_response").click()
    raw = visit.page.locator(".yasr .CodeMirror")
    raw.first.wait_for()
    assert '"bindings"' in raw.first.inner_text()

    # the shared link opens the same query and runs it
    shared = visit.page.url
    visit.page.goto("about:blank")
    visit.page.goto(shared)
    visit.page.wait_for_function(
        "() => /\\d+ rows? in/"
        ".test((document.querySelector('.query-status') || {}).textContent || '')",
        timeout=TIMEOUT_MS,
    )
    assert "restrictsExportOf" in visit.page.locator(".query-editor .CodeMirror").inner_text()
    visit.assert_no_script_errors()
    visit.requests = [url for url in visit.requests if url != "about:blank"]
    visit.assert_stayed_local()


def _unquote(url: str) -> str:
    from urllib.parse import unquote_plus

    return unquote_plus(url)


@pytest.mark.browser
def test_keyboard_only(visit: Visit) -> None:
    page = visit.page
    visit.open("#/documents")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Skip to content"
    _assert_focus_visible(page)
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"

    # the start page puts the focus in its search box; type, arrow down, Enter
    visit.open()
    assert page.evaluate("() => document.activeElement.getAttribute('role')") == "combobox"
    page.keyboard.type("galli")
    page.get_by_role("option").first.wait_for()
    page.keyboard.press("ArrowDown")
    active = page.get_by_role("combobox", name="Search the graph").get_attribute(
        "aria-activedescendant"
    )
    assert active
    assert "gallium" in page.locator(f"#{active}").inner_text().lower()
    page.keyboard.press("Enter")
    visit.wait_for_heading("gallium")
    assert page.evaluate("() => document.activeElement.tagName") == "H1"

    # Tab to China in the countries and open it with Enter
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => [document.activeElement.textContent,"
            " !!document.activeElement.closest('#countries')]"
        )
        if focused == ["China", True]:
            break
    else:
        pytest.fail("China could not be reached with Tab on the gallium page")
    _assert_focus_visible(page)
    page.keyboard.press("Enter")
    visit.wait_for_heading("China")

    # the editor: Tab to an example, Enter runs it; Esc leaves the editor and Tab moves on
    visit.open("#/query")
    visit.wait_for_heading("SPARQL")
    _tab_to(page, "() => (document.activeElement.textContent || '').startsWith('CQ2:')")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => /\\d+ rows? in/.test(document.querySelector('.query-status').textContent)"
    )
    _tab_to(page, "() => !!document.activeElement.closest('.CodeMirror')")
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.tagName") == "BUTTON"  # Share, Run, ...
    _assert_focus_visible(page)
    visit.assert_stayed_local()


def _tab_to(page: Page, predicate: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(predicate):
            return
    pytest.fail(f"no element matching {predicate} could be reached with Tab")


def _assert_focus_visible(page: Page) -> None:
    style = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth]; }"
    )
    assert style[0] != "none" and style[1] != "0px", f"focus is not visible: {style}"


@pytest.mark.browser
def test_narrow_screen_has_no_horizontal_overflow(narrow_visit: Visit) -> None:
    visit = narrow_visit
    for route, heading, name in [
        ("", "Critical raw materials, read from the documents", "start-390"),
        ("#/entity/material/gallium", "gallium", "gallium-390"),
        ("#/entity/country/cn", "China", "china-390"),
        ("#/query?example=cq01", "SPARQL", "query-390"),
        ("#/documents", "Documents", "documents-390"),
    ]:
        visit.open(route)
        visit.wait_for_heading(heading)
        visit.page.wait_for_timeout(300)
        width = visit.page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= NARROW["width"], f"{route or '/'} is {width} px wide at 390 px"
        visit.screenshot(name)
    visit.assert_no_script_errors()
    visit.assert_stayed_local()


@pytest.mark.browser
def test_document_page_links_its_entities(visit: Visit) -> None:
    visit.open("#/entity/material/gallium")
    visit.wait_for_heading("gallium")
    visit.page.locator("#countries a.evidence__source").first.click()
    visit.page.wait_for_selector(".document-text a.mention")
    focus = visit.page.locator("#focus-sentence")
    assert "gallium" in focus.inner_text().lower()
    mention = focus.locator("a.mention", has_text=re.compile("^gallium$", re.I)).first
    assert (mention.get_attribute("href") or "").endswith("#/entity/material/gallium")
    assert visit.page.locator(".document-entities a").count() > 3
    visit.screenshot("document", height=1200)
    mention.click()
    visit.wait_for_heading("gallium")
    visit.assert_no_script_errors()
    visit.assert_stayed_local()


# --- the server side of the page (plain HTTP) -----------------------------------------------


def test_page_and_assets_are_served_locally(live_server: LiveServer) -> None:
    with live_server.client() as client:
        page = client.get("/")
        assert page.status_code == 200
        assert "default-src 'self'" in page.headers["content-security-policy"]
        html = page.text
        for asset in re.findall(r'(?:src|href)="(/[^"]+)"', html):
            assert client.get(asset).status_code == 200, asset
        assert not re.search(r'(?:src|href)="(?:https?:)?//', html), "the page links outside"
        for path in ("/vendor/cytoscape/cytoscape.esm.min.mjs", "/vendor/yasgui/yasgui.esm.js"):
            response = client.get(path)
            assert response.status_code == 200, f"{path}: run npm ci in web/"
            assert response.headers["content-type"].startswith("text/javascript")
        assert client.get("/vendor/yasgui/yasgui.min.css").status_code == 200
        assert client.get("/vendor/cytoscape/..%2F..%2Fpackage.json").status_code == 404
        assert client.get("/app/..%2F..%2Fpyproject.toml").status_code == 404
        assert client.get("/vendor/lodash-es/lodash.js").status_code == 404


def test_example_queries_come_from_kg_queries(live_server: LiveServer) -> None:
    with live_server.client() as client:
        examples = client.get("/api/queries").json()
        editor = client.get("/api/editor").json()
    names = [e["name"] for e in examples]
    assert names == sorted(p.stem for p in (PROJECT_ROOT / "kg" / "queries").glob("*.rq"))
    first = examples[0]
    assert first["title"] == "CQ1: Which countries are linked to gallium, and how?"
    assert first["query"].startswith("# CQ1")
    cq15 = next(e for e in examples if e["name"] == "cq15")
    assert cq15["title"] == "CQ15: How is the NMO connected to gallium?"
    assert set(editor["prefixes"]) == {
        "crm",
        "skos",
        "rdf",
        "rdfs",
        "dcterms",
        "prov",
        "nif",
        "itsrdf",
        "org",
        "foaf",
    }
    assert editor["entity_base"].endswith("/id/")


def test_openapi_explorer_uses_only_local_assets(live_server: LiveServer) -> None:
    """/docs must not load Swagger UI from a CDN: every script and style it names is ours."""
    import re as _re

    import httpx as _httpx

    with _httpx.Client(base_url=live_server.url, timeout=30) as client:
        page = client.get("/docs")
        assert page.status_code == 200
        assets = _re.findall(r'(?:src|href)="([^"]+)"', page.text)
        assert assets and all(a.startswith("/") for a in assets), assets
        for asset in assets:
            assert client.get(asset).status_code == 200, asset
