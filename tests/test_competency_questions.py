"""The competency questions of ../shared/competency-questions.md, each a SPARQL file in
kg/queries, run against the graph built from data/, with the expected answers read off the
documents by hand (not off the output), and evidence on every answer."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.iri import Minter
from kg.store import GraphStore

QUERIES = Path(__file__).resolve().parent.parent / "kg" / "queries"
D000, D001, D002, D003, D004 = (
    "000_285158c7fb4db9cd",
    "001_fa683727ed91ca3a",
    "002_992e05942bc21dbf",
    "003_f17bfe609f75670e",
    "004_be090e9831793a64",
)


def run(store: GraphStore, minter: Minter, number: int) -> list[dict[str, str]]:
    """Rows of a CQ query, IRIs shortened to keys, every row with evidence."""
    rows = store.select((QUERIES / f"cq{number:02d}.rq").read_text("utf-8"))
    out = []
    for row in rows:
        values = {}
        for name, term in row.items():
            text = term.value if isinstance(term, ox.NamedNode | ox.Literal) else str(term)
            values[name] = minter.key_of(text) or text if isinstance(term, ox.NamedNode) else text
        out.append(values)
    return out


def assert_evidence(rows: list[dict[str, str]], field: str = "sentence") -> None:
    assert rows, "no answer"
    for row in rows:
        assert len(row.get(field, "")) > 10, f"row without evidence: {row}"


def test_every_question_has_a_query_file() -> None:
    assert sorted(p.name for p in QUERIES.glob("cq*.rq")) == [f"cq{n:02d}.rq" for n in range(1, 17)]


def test_cq01_countries_linked_to_gallium(built_store: GraphStore, minter: Minter) -> None:
    rows = run(built_store, minter, 1)
    assert_evidence(rows)
    china = [
        r for r in rows if r["country"] == "country/cn" and r["relation"] == "restrictsExportOf"
    ]
    assert {r["document"] for r in china} >= {D002, D003}
    assert all("gallium" in r["sentence"].lower() for r in china if r["document"] == D002)


def test_cq02_what_china_restricts(built_store: GraphStore, minter: Minter) -> None:
    rows = run(built_store, minter, 2)
    assert_evidence(rows)
    materials = {r["material"] for r in rows}
    expected = {
        "gallium",
        "germanium",
        "rare-earth-elements",
        "samarium",
        "gadolinium",
        "terbium",
        "dysprosium",
        "lutetium",
        "scandium",
        "yttrium",
    }
    assert {f"material/{m}" for m in expected} <= materials
    assert materials & {"material/graphite", "material/natural-graphite"}


def test_cq03_policies_and_coordinators(built_store: GraphStore, minter: Minter) -> None:
    rows = run(built_store, minter, 3)
    assert_evidence(rows)
    pairs = {(r["policy"], r["coordinator"]) for r in rows}
    assert (
        "policy/nationale-grondstoffenstrategie",
        "organization/ministry-of-economic-affairs",
    ) in pairs
    assert (
        "policy/critical-raw-materials-act",
        "organization/ministry-of-economic-affairs",
    ) in pairs
    assert (
        "policy/nationaal-programma-circulaire-economie",
        "organization/ministry-of-infrastructure-and-water-management",
    ) in pairs


def test_cq04_five_action_perspectives(built_store: GraphStore, minter: Minter) -> None:
    rows = run(built_store, minter, 4)
    assert_evidence(rows)
    parts = {r["part"] for r in rows}
    assert parts >= {
        "policy/ngs-circulariteit-en-innovatie",
        "policy/ngs-europese-mijnbouw-en-raffinage",
        "policy/ngs-diversificatie",
        "policy/ngs-verduurzaming-internationale-grondstoffenketens",
        "policy/ngs-kennisopbouw-en-monitoring",
    }
    assert D001 in {r["document"] for r in rows}


def test_cq05_crma_targets(built_store: GraphStore, minter: Minter) -> None:
    rows = run(built_store, minter, 5)
    assert_evidence(rows)
    shares = {float(r["share"]) for r in rows if r["document"] == D001}
    assert shares >= {10.0, 40.0, 25.0, 65.0}


def test_cq06_nmo_programme_countries(built_store: GraphStore, minter: Minter) -> None:
    rows = run(built_store, minter, 6)
    assert_evidence(rows)
    assert {r["country"] for r in rows} >= {"country/vn", "country/za", "country/cl", "country/ca"}


def test_cq07_every_sentence_about_the_nmo(built_store: GraphStore, minter: Minter) -> None:
    rows = run(built_store, minter, 7)
    assert_evidence(rows)
    texts = built_store.select(
        "SELECT ?id ?text WHERE { ?d <http://purl.org/dc/terms/identifier> ?id ; "
        "<http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#isString> ?text }"
    )
    returned: dict[str, list[tuple[int, int]]] = {}
    for row in rows:
        returned.setdefault(row["document"], []).append(
            (int(row["start"]), int(row["start"]) + len(row["sentence"]))
        )
    for item in texts:
        doc_id, text = item["id"].value, item["text"].value  # type: ignore[union-attr]
        for match in re.finditer(r"\bNMO\b|Nederlands(e)? Materialen Observatorium", text):
            spans = returned.get(doc_id, [])
            assert any(s <= match.start() < e for s, e in spans), (
                doc_id,
                text[match.start() - 80 : match.end() + 40],
            )


def test_cq08_members_of_parliament_and_parties(built_store: GraphStore, minter: Minter) -> None:
    rows = run(built_store, minter, 8)
    assert_evidence(rows)
    members = {(r.get("who"), r["party"]) for r in rows if r.get("who")}
    assert ("person/hirsch", "party/groenlinks-pvda") in members
    assert ("person/thijssen", "party/groenlinks-pvda") in members
    asking = {r["party"] for r in rows if r["document"] == D002}
    assert asking >= {
        f"party/{p}"
        for p in ("groenlinks-pvda", "vvd", "d66", "bbb", "cda", "pvdd", "sgp", "christenunie")
    }


def test_cq09_ministers_roles_and_dates(built_store: GraphStore, minter: Minter) -> None:
    rows = run(built_store, minter, 9)
    assert_evidence(rows)
    seen = {(r["person"], r["document"]) for r in rows}
    assert {("person/klever", D001), ("person/beljaarts", D001)} <= seen
    assert {("person/sjoerdsma", D004), ("person/herbert", D004)} <= seen
    assert {r.get("date") for r in rows if r["document"] == D004} == {"2026-03-18"}
    ministries = {(r["person"], r["ministryLabel"]) for r in rows}
    assert any(p == "person/beljaarts" and "Economic Affairs" in m for p, m in ministries)


def test_cq10_partnerships(built_store: GraphStore, minter: Minter) -> None:
    rows = run(built_store, minter, 10)
    assert_evidence(rows)
    pairs = {frozenset((r["party"], r["partner"])) for r in rows}
    for country in ("ua", "au", "ca", "kz"):
        assert frozenset(("organization/eu", f"country/{country}")) in pairs, country
    partners = {k for pair in pairs for k in pair}
    assert {"country/us", "country/jp", "country/au", "country/de"} <= partners


def test_cq11_china_share_of_rare_earths(built_store: GraphStore, minter: Minter) -> None:
    rows = run(built_store, minter, 11)
    assert_evidence(rows)
    shares = {(r["relation"], float(r["share"])) for r in rows if r["document"] == D003}
    assert {("produces", 60.0), ("refines", 90.0)} <= shares
    assert ("produces", 70.0) in shares


def test_cq12_cited_documents(built_store: GraphStore, minter: Minter) -> None:
    rows = run(built_store, minter, 12)
    assert_evidence(rows)
    cited = {(r["citing"], r["cited"]) for r in rows}
    for key in (
        "kst-32852-259",
        "kst-29237-195",
        "kst-29826-184",
        "kst-32852-253",
        "kst-32852-256",
        "kst-36200-xii-56",
        "kst-35925-xvii-59",
        "kst-21501-32-1582",
        "kst-26485-381",
    ):
        assert (D002, key) in cited, key
    for number in (224, 225, 291, 317, 319, 325, 326):
        assert (D001, f"kst-32852-{number}") in cited, number


def test_cq13_sectors_depending_on_rare_earths(built_store: GraphStore, minter: Minter) -> None:
    rows = run(built_store, minter, 13)
    assert_evidence(rows)
    sectors = {r["sector"] for r in rows}
    assert {"sector/automotive", "sector/semiconductors", "sector/defence"} <= sectors
    assert sectors & {"sector/permanent-magnets", "sector/electric-vehicles"}


def test_cq14_imports_of_the_netherlands(built_store: GraphStore, minter: Minter) -> None:
    rows = run(built_store, minter, 14)
    assert_evidence(rows)
    russia = [r for r in rows if r["country"] == "country/ru"]
    assert russia and {r["document"] for r in russia} == {D002}
    assert any(r.get("amount") and float(r["amount"]) == pytest.approx(1.2e9) for r in russia)


def test_cq15_path_from_the_nmo_to_gallium(built_store: GraphStore, minter: Minter) -> None:
    rows = run(built_store, minter, 15)
    assert rows, "no chain of facts links the NMO to gallium"
    for row in rows:
        for step in (1, 2, 3, 4):
            assert row[f"step{step}"] and len(row[f"evidence{step}"]) > 10


def test_cq16_events(built_store: GraphStore, minter: Minter) -> None:
    rows = run(built_store, minter, 16)
    assert_evidence(rows)
    cmm = [r for r in rows if r["event"] == "event/critical-minerals-ministerial"]
    assert any(r["participant"] == "country/us" for r in cmm)
    assert any(r.get("date") == "2026-02-04" for r in cmm)
    assert any(r.get("count") == "55" for r in cmm)
