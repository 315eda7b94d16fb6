"""Broken and hostile input: files given to ``crmkg ingest``, and SPARQL sent over HTTP.

Why: ingestion and the SPARQL endpoint are where untrusted bytes meet the system. A bad file must
cost only itself (one clear line saying why, nothing written for it, the good files ingested, a
non-zero exit so scripts notice), and a bad query must get a 4xx with the reason, never a 5xx or
a dead query process.

The ingest runs as a real subprocess (`crmkg ingest`, as an operator runs it) on an on-disk store
in a temporary folder; the store is opened afterwards and compared, graph by graph, with a
reference ingest of the good files alone. Upload (HTTP) checks of the same kinds of file live in
tests/test_writes_and_limits.py; the SPARQL cases here are the ones that file lacks.
"""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from api.app import create_app
from kg.iri import Minter
from kg.settings import PROJECT_ROOT, Settings
from kg.store import OxigraphStore
from tests.conftest import LiveServer, serve_in_thread

CRMKG = Path(sys.executable).parent / "crmkg"
MINTER = Minter(Settings().base_iri)
DOCUMENTS = MINTER.document_graph("")
#: The default cap (Settings.max_upload_bytes, CRMKG_MAX_UPLOAD_BYTES), which ingest applies too.
DEFAULT_CAP = Settings.model_fields["max_upload_bytes"].default
BIG = 200 * 1024 * 1024
SCRIPT_MARKER = "XSSMARKER"
TOKEN = "token-for-the-hostile-input-tests"
NIF_STRING = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#isString"

#: Bad file -> what its one line must say.
BAD = {
    "leeg.txt": "the file is empty",
    "binair.txt": "binary content",
    "afgekapt.pdf": "truncated PDF",
    "versleuteld.pdf": "encrypted PDF",
    "zipbom.pdf": "not a PDF file",
    "groot.txt": f"the file has {BIG} bytes, more than the limit of {DEFAULT_CAP}",
}
#: Good file -> document id.
GOOD = {"rapport.pdf": "rapport", "ansi.txt": "ansi", "pagina.html": "pagina"}
ANSI_TEXT = (
    "Curaçao en België: de prijs van kobalt steeg met € 5 per kilo.\n"
    "De Europese Commissie noemt kobalt een kritieke grondstof."
)


@dataclass
class Run:
    """A finished `crmkg` subprocess."""

    returncode: int
    stdout: str
    stderr: str
    peak_rss_bytes: int


def crmkg(*args: str, store: Path, timeout: float = 180) -> Run:
    """Run `crmkg ARGS` with CRMKG_STORE=store and no other CRMKG_ setting from this machine's
    environment (the defaults are what is tested). Its peak RSS comes from wait4."""
    if not CRMKG.is_file():
        raise AssertionError(f"{CRMKG} is missing: install the project (pip install -e .)")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CRMKG_")}
    env |= {"CRMKG_STORE": str(store), "COLUMNS": "80", "NO_COLOR": "1"}
    out, err = store.parent / f"{store.name}.out", store.parent / f"{store.name}.err"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen(
            [str(CRMKG), *args], stdout=stdout, stderr=stderr, env=env, cwd=PROJECT_ROOT
        )
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            os.kill(process.pid, signal.SIGKILL)
            os.wait4(process.pid, 0)
            raise AssertionError(f"crmkg {' '.join(args)} ran longer than {timeout} s")
        time.sleep(0.05)
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(
        returncode=process.returncode,
        stdout=out.read_text("utf-8"),
        stderr=err.read_text("utf-8"),
        peak_rss_bytes=usage.ru_maxrss * 1024,
    )


def _pdf(text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


def _encrypted(pdf: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password="geheim", owner_password="eigenaar")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _zip_bomb() -> bytes:
    """50 MB of zeros in a ~50 KB archive."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bom.txt", b"0" * 50_000_000)
    return buffer.getvalue()


def write_good(folder: Path) -> None:
    pdf = _pdf("China beperkt de export van gallium en germanium. Nederland zoekt leveranciers.")
    (folder / "rapport.pdf").write_bytes(pdf)
    (folder / "ansi.txt").write_bytes(ANSI_TEXT.encode("cp1252"))
    (folder / "pagina.html").write_text(
        "<!doctype html><html lang='nl'><head><title>Gallium</title>"
        f"<script>var w = '{SCRIPT_MARKER}'; fetch('http://127.0.0.1:9/steal');</script></head>"
        "<body><h1>Gallium uit China</h1><p>China beperkt de export van gallium.</p>"
        f"<script>document.write('{SCRIPT_MARKER}2')</script>"
        f"<img src=x onerror=\"alert('{SCRIPT_MARKER}3')\"></body></html>",
        encoding="utf-8",
    )


def write_bad(folder: Path) -> None:
    pdf = _pdf("Kobalt uit Congo. " * 40)
    (folder / "leeg.txt").write_bytes(b"")
    (folder / "binair.txt").write_bytes(bytes(range(256)) * 16)
    (folder / "afgekapt.pdf").write_bytes(pdf[: len(pdf) // 2])
    (folder / "versleuteld.pdf").write_bytes(_encrypted(pdf))
    (folder / "zipbom.pdf").write_bytes(_zip_bomb())
    with (folder / "groot.txt").open("wb") as handle:  # sparse: 200 MB on paper, 4 KB on disk
        handle.write(b"gallium germanium " * 100)
        handle.truncate(BIG)


@dataclass
class Ingested:
    hostile: Run
    reference: Run
    hostile_store: Path
    reference_sizes: dict[str, int]


def graph_sizes(path: Path) -> dict[str, int]:
    """Triples per named graph of the store at ``path`` (opened, read, closed)."""
    store = OxigraphStore(path)
    try:
        return store.graph_sizes()
    finally:
        store.close()


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Ingested:
    """The hostile folder ingested, and the good files alone as the reference."""
    root = tmp_path_factory.mktemp("hostile")
    hostile, good = root / "hostile", root / "good"
    hostile.mkdir()
    good.mkdir()
    write_good(hostile)
    write_bad(hostile)
    write_good(good)
    assert (hostile / "groot.txt").stat().st_size == BIG
    reference = crmkg("ingest", str(good), store=root / "reference-store")
    assert reference.returncode == 0, reference.stdout + reference.stderr
    run = crmkg("ingest", str(hostile), store=root / "store")
    return Ingested(run, reference, root / "store", graph_sizes(root / "reference-store"))


def test_each_bad_file_gets_one_line_with_its_reason(ingested: Ingested) -> None:
    lines = ingested.hostile.stdout.splitlines()
    skipped = [line for line in lines if line.startswith("skipped ")]
    assert len(skipped) == len(BAD), ingested.hostile.stdout
    for name, reason in BAD.items():
        line = next((line for line in skipped if f"/{name}: " in line), None)
        assert line is not None, f"no line for {name}:\n{ingested.hostile.stdout}"
        assert reason in line, line
    assert f"{len(GOOD)} documents" in lines[-1] and f"{len(BAD)} failed" in lines[-1]
    assert "Traceback" not in ingested.hostile.stderr, ingested.hostile.stderr


def test_exit_code_says_something_failed(ingested: Ingested) -> None:
    assert ingested.hostile.returncode == 1, ingested.hostile.stderr


def test_the_store_holds_exactly_the_good_documents(ingested: Ingested) -> None:
    """Graph by graph, what the good files alone give: nothing for a bad file, nothing less
    for a good one."""
    sizes = graph_sizes(ingested.hostile_store)
    documents = {g.removeprefix(DOCUMENTS) for g in sizes if g.startswith(DOCUMENTS)}
    assert documents == set(GOOD.values())
    assert sizes == ingested.reference_sizes


def test_the_200_mb_file_is_refused_by_its_size_not_read(ingested: Ingested) -> None:
    """Refused from its size on disk: reading it would have raised the peak memory of the
    process by 200 MB (and said "binary content", its holes being NUL bytes)."""
    extra = ingested.hostile.peak_rss_bytes - ingested.reference.peak_rss_bytes
    print(
        f"peak RSS: hostile ingest {ingested.hostile.peak_rss_bytes / 2**20:.0f} MiB, "
        f"good files alone {ingested.reference.peak_rss_bytes / 2**20:.0f} MiB"
    )
    assert extra < 100 * 2**20, extra


def _text(store_path: Path, doc_id: str) -> str:
    store = OxigraphStore(store_path)
    try:
        graph = MINTER.document_graph(doc_id)
        rows = store.select(
            f"SELECT ?text WHERE {{ GRAPH <{graph}> {{ ?d <{NIF_STRING}> ?text }} }}"
        )
    finally:
        store.close()
    assert len(rows) == 1, rows
    return rows[0]["text"].value  # type: ignore[union-attr]


def test_cp1252_text_is_read_with_its_characters(ingested: Ingested) -> None:
    text = _text(ingested.hostile_store, "ansi")
    assert "Curaçao en België" in text and "€ 5" in text


def test_html_scripts_are_not_document_text(ingested: Ingested) -> None:
    text = _text(ingested.hostile_store, "pagina")
    assert "China beperkt de export van gallium" in text
    assert SCRIPT_MARKER not in text and "fetch(" not in text


def test_a_bad_file_leaves_its_earlier_good_version(tmp_path: Path) -> None:
    """Re-ingesting a document whose file went bad keeps what the store had for it."""
    folder = tmp_path / "docs"
    folder.mkdir()
    write_good(folder)
    store = tmp_path / "store"
    assert crmkg("ingest", str(folder), store=store).returncode == 0
    before = graph_sizes(store)
    (folder / "ansi.txt").write_bytes(b"\x00\x01\x02" * 1000)
    pdf = (folder / "rapport.pdf").read_bytes()
    (folder / "rapport.pdf").write_bytes(pdf[: len(pdf) // 3])
    again = crmkg("ingest", str(folder), store=store)
    assert again.returncode == 1
    assert re.search(r"skipped \S*ansi\.txt: binary content", again.stdout), again.stdout
    assert re.search(r"skipped \S*rapport\.pdf: truncated PDF", again.stdout), again.stdout
    assert graph_sizes(store) == before


# --- malformed and hostile SPARQL over HTTP ------------------------------------------------------

DIRECT = {"Content-Type": "application/sparql-query"}


@pytest.fixture(scope="module")
def client(live_server: LiveServer) -> Iterator[httpx.Client]:
    with live_server.client() as client:
        yield client


@pytest.mark.parametrize(
    ("query", "phrase"),
    [
        ("SELEC * WHERE { ?s ?p ?o }", "Malformed query: error at 1:"),
        ("SELECT * WHERE { ?s ?p ?o ", "Malformed query"),
        ("SELECT * WHERE { ?s ?p ?o } }", "Malformed query"),
        ("SELECT * WHERE { <not an iri> ?p ?o }", "IRI"),
        ('SELECT * WHERE { ?s ?p "\\q" }', "Malformed query"),
        ('SELECT * WHERE { ?s ?p "x"@' + "a" * 5_000 + " }", "language tag"),
        ('SELECT * WHERE { ?s ?p "' + "x" * 60_000 + " }", "Malformed query"),
        ("PREFIX crm: <https://w3id.org/crmkg/ontology#> SELECT * { ?s crmx:p ?o }", "Prefix"),
        ("SELECT * WHERE { ?s ?p \x00 }", "Malformed query"),
        ("   \n\t ", "empty"),
    ],
    ids=[
        "keyword",
        "unclosed",
        "extra-brace",
        "iri",
        "escape",
        "huge-language-tag",
        "huge-unterminated-literal",
        "unknown-prefix",
        "nul",
        "blank",
    ],
)
def test_malformed_query_gets_400_with_the_reason(
    client: httpx.Client, query: str, phrase: str
) -> None:
    """By form POST and direct POST alike (the GET form is in test_writes_and_limits.py)."""
    for answer in (
        client.post("/sparql", data={"query": query}),
        client.post("/sparql", content=query.encode(), headers=DIRECT),
    ):
        assert answer.status_code == 400, answer.text
        assert answer.headers["content-type"] == "application/problem+json"
        assert phrase in answer.json()["detail"], answer.json()


def test_huge_literal_past_the_length_cap_gets_413(client: httpx.Client) -> None:
    query = 'SELECT * WHERE { ?s ?p "' + "x" * 150_000 + '" }'
    answer = client.post("/sparql", content=query.encode(), headers=DIRECT)
    assert answer.status_code == 413
    assert "characters long; the limit is" in answer.json()["detail"]


def test_query_that_is_not_utf8_gets_400(client: httpx.Client) -> None:
    answer = client.post(
        "/sparql", content="SELECT * { ?s ?p 'é' }".encode("cp1252"), headers=DIRECT
    )
    assert answer.status_code == 400 and "UTF-8" in answer.json()["detail"]


@pytest.mark.parametrize("name", ["default-graph-uri", "named-graph-uri"])
def test_dataset_iri_that_is_not_an_iri_gets_400(client: httpx.Client, name: str) -> None:
    """These answered 500 ("Invalid IRI code point") until the fuzzer found them."""
    answer = client.get("/sparql", params={"query": "ASK {}", name: "not <an> iri"})
    assert answer.status_code == 400, answer.text
    assert "not an absolute IRI" in answer.json()["detail"]


def test_unknown_format_gets_406(client: httpx.Client) -> None:
    for params in ({"query": "ASK {}", "format": "exe"}, {"format": ""}):
        answer = client.get("/sparql", params=params)
        assert answer.status_code == 406, answer.text
        assert "Unknown format" in answer.json()["detail"]


@pytest.mark.parametrize(
    "query",
    [
        "SELECT (" + "!" * 20_000 + "true AS ?x) WHERE {}",
        "SELECT (" + "+".join(["1"] * 10_000) + " AS ?x) WHERE {}",
        "SELECT ?x WHERE { " + " UNION ".join(["{ BIND(1 AS ?x) }"] * 4_000) + " }",
        "SELECT (" + "9" * 50_000 + " + 1 AS ?x) WHERE {}",
    ],
    ids=["20000-not", "10000-plus", "4000-union", "50000-digit-integer"],
)
def test_long_operator_chains_are_answered_not_crashing_the_engine(
    client: httpx.Client, query: str
) -> None:
    """Valid SPARQL within the length cap that made the engine recurse past an 8 MiB stack and
    die (each one a 503 and a respawned query process) is answered."""
    answer = client.post("/sparql", content=query.encode(), headers=DIRECT)
    assert answer.status_code == 200, answer.text[:300]
    assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"]


DEEP_NOT = "!" * 20_000


def test_crmkg_query_answers_a_deep_query_instead_of_dying(tmp_path: Path) -> None:
    """`crmkg query` evaluates in its own process: a query that overflows an 8 MiB stack used to
    end it with SIGSEGV and no message."""
    run = crmkg("query", f"SELECT ({DEEP_NOT}true AS ?x) WHERE {{}}", store=tmp_path / "store")
    assert run.returncode == 0, run.stderr[-500:]
    assert "true" in run.stdout


@pytest.fixture(scope="module")
def writable_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    settings = Settings(store=tmp_path_factory.mktemp("writable"), write_token=SecretStr(TOKEN))
    yield from serve_in_thread(create_app(settings, OxigraphStore(None)))


def test_a_deep_update_is_applied_not_killing_the_server(writable_server: LiveServer) -> None:
    """SPARQL Update runs in the server process itself (it needs the write token, but a token
    holder's mistake must not take the service down)."""
    update = (
        "INSERT { GRAPH <urn:deep> { <urn:a> <urn:b> ?x } } "
        f"WHERE {{ BIND(({DEEP_NOT}true) AS ?x) }}"
    )
    headers = {"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"}
    with writable_server.client() as client:
        answer = client.post("/sparql/update", content=update.encode(), headers=headers)
        assert answer.status_code == 204, answer.text[:300]
        ask = client.get(
            "/sparql", params={"query": "ASK { GRAPH <urn:deep> { <urn:a> ?p true } }"}
        )
        assert ask.json()["boolean"] is True
