"""Extraction quality against the hand-annotated gold: on the corpus, on the development sets
(tests/heldout, tests/dev2 to tests/dev11, tests/dev13 to tests/dev16, each unseen until rules
were written from its errors) and on the sets never used to write rules (tests/blind and
tests/dev12). Fails when a figure drops below the floor reached so far (tests/quality_floor.json:
raise the floors as the extractor improves, never lower the gold)."""

from __future__ import annotations

import json
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest

from kg.evaluate import Evaluation, evaluate, load_gold
from kg.ingest import discover, extract_files
from kg.settings import PROJECT_ROOT, Settings

FLOORS = json.loads((Path(__file__).parent / "quality_floor.json").read_text("utf-8"))
SETS = {
    "corpus": (PROJECT_ROOT / "data" / "corpus", PROJECT_ROOT / "tests" / "gold"),
    "heldout": (
        PROJECT_ROOT / "tests" / "heldout" / "docs",
        PROJECT_ROOT / "tests" / "heldout" / "gold",
    ),
    "dev2": (PROJECT_ROOT / "tests" / "dev2" / "docs", PROJECT_ROOT / "tests" / "dev2" / "gold"),
    "dev3": (PROJECT_ROOT / "tests" / "dev3" / "docs", PROJECT_ROOT / "tests" / "dev3" / "gold"),
    "dev4": (PROJECT_ROOT / "tests" / "dev4" / "docs", PROJECT_ROOT / "tests" / "dev4" / "gold"),
    "dev5": (PROJECT_ROOT / "tests" / "dev5" / "docs", PROJECT_ROOT / "tests" / "dev5" / "gold"),
    "dev6": (PROJECT_ROOT / "tests" / "dev6" / "docs", PROJECT_ROOT / "tests" / "dev6" / "gold"),
    "dev7": (PROJECT_ROOT / "tests" / "dev7" / "docs", PROJECT_ROOT / "tests" / "dev7" / "gold"),
    "dev8": (PROJECT_ROOT / "tests" / "dev8" / "docs", PROJECT_ROOT / "tests" / "dev8" / "gold"),
    "dev9": (PROJECT_ROOT / "tests" / "dev9" / "docs", PROJECT_ROOT / "tests" / "dev9" / "gold"),
    "dev10": (PROJECT_ROOT / "tests" / "dev10" / "docs", PROJECT_ROOT / "tests" / "dev10" / "gold"),
    "dev11": (PROJECT_ROOT / "tests" / "dev11" / "docs", PROJECT_ROOT / "tests" / "dev11" / "gold"),
    "dev12": (PROJECT_ROOT / "tests" / "dev12" / "docs", PROJECT_ROOT / "tests" / "dev12" / "gold"),
    "dev13": (PROJECT_ROOT / "tests" / "dev13" / "docs", PROJECT_ROOT / "tests" / "dev13" / "gold"),
    "dev14": (PROJECT_ROOT / "tests" / "dev14" / "docs", PROJECT_ROOT / "tests" / "dev14" / "gold"),
    "dev15": (PROJECT_ROOT / "tests" / "dev15" / "docs", PROJECT_ROOT / "tests" / "dev15" / "gold"),
    "dev16": (PROJECT_ROOT / "tests" / "dev16" / "docs", PROJECT_ROOT / "tests" / "dev16" / "gold"),
    "blind": (PROJECT_ROOT / "tests" / "blind" / "docs", PROJECT_ROOT / "tests" / "blind" / "gold"),
}


@lru_cache(maxsize=len(SETS))
def scores(name: str) -> Evaluation:
    docs, gold = SETS[name]
    outcomes = list(extract_files(discover([docs]), Settings()))
    failures = [(p, o) for p, o in outcomes if isinstance(o, str)]
    assert not failures, failures
    extractions = [o for _, o in outcomes if not isinstance(o, str)]
    annotations = load_gold(gold)
    assert {e.document.id for e in extractions} == set(annotations)
    return evaluate(extractions, annotations)


@pytest.mark.parametrize("name", sorted(SETS))
def test_entity_f1_floor(name: str) -> None:
    assert scores(name).entity_total.f1 >= FLOORS[name]["entity_f1"]


@pytest.mark.parametrize("name", sorted(SETS))
def test_relation_f1_floor(name: str) -> None:
    assert scores(name).relation_total.f1 >= FLOORS[name]["relation_f1"]


@pytest.mark.parametrize("name", sorted(SETS))
def test_every_relation_has_evidence_from_its_document(name: str) -> None:
    result = scores(name)
    assert result.relations_predicted > 20
    assert result.evidence_rate == 1.0
    assert result.evidence_agreement >= FLOORS[name]["evidence_agreement"]


def test_extract_command_follows_the_contract() -> None:
    corpus = sorted((PROJECT_ROOT / "data" / "corpus").glob("*.txt"))
    completed = subprocess.run(
        [sys.executable, "-m", "kg.cli", "extract", *map(str, corpus[:2]), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
        cwd=PROJECT_ROOT,
    )
    data = json.loads(completed.stdout)
    assert len(data["documents"]) == 2
    for document in data["documents"]:
        assert {"id", "title", "date", "language", "entities", "relations"} <= set(document)
        assert document["language"] == "nl"
        text = (PROJECT_ROOT / "data" / "corpus" / f"{document['id']}.txt").read_text("utf-8")
        assert text
        for entity in document["entities"]:
            assert entity["id"].startswith("https://") and entity["type"] and entity["label"]
            assert {"symbol", "wikidata", "iso3166", "acronym"} <= set(entity["identifiers"])
            for mention in entity["mentions"]:
                assert mention["end"] > mention["start"] >= 0 and mention["text"]
        assert document["relations"]
        for relation in document["relations"]:
            assert relation["subject"].startswith("https://") and relation["object"].startswith(
                "https://"
            )
            assert 0 < relation["confidence"] <= 1
            evidence = relation["evidence"][0]
            assert evidence["sentence"] and evidence["document"] == document["id"]
            assert evidence["end"] > evidence["start"]


@pytest.mark.parametrize(
    "checker",
    [
        ["tests/gold/check_gold.py"],
        ["tests/heldout/check_heldout.py"],
        ["tests/heldout/check_heldout.py", "tests/dev2"],
        ["tests/heldout/check_heldout.py", "tests/dev3"],
        ["tests/heldout/check_heldout.py", "tests/dev4"],
        ["tests/heldout/check_heldout.py", "tests/dev5"],
        ["tests/heldout/check_heldout.py", "tests/dev6"],
        ["tests/heldout/check_heldout.py", "tests/dev7"],
        ["tests/heldout/check_heldout.py", "tests/dev8"],
        ["tests/heldout/check_heldout.py", "tests/dev9"],
        ["tests/heldout/check_heldout.py", "tests/dev10"],
        ["tests/heldout/check_heldout.py", "tests/dev11"],
        ["tests/heldout/check_heldout.py", "tests/dev12"],
        ["tests/heldout/check_heldout.py", "tests/dev13"],
        ["tests/heldout/check_heldout.py", "tests/dev14"],
        ["tests/heldout/check_heldout.py", "tests/dev15"],
        ["tests/heldout/check_heldout.py", "tests/dev16"],
        ["tests/heldout/check_heldout.py", "tests/blind"],
    ],
    ids=[
        "corpus",
        "heldout",
        *(f"dev{n}" for n in range(2, 17)),
        "blind",
    ],
)
def test_gold_annotations_are_well_formed(checker: list[str]) -> None:
    """The gold itself is checked: shape, keys in the vocabularies, mentions and evidence found
    verbatim in the documents."""
    completed = subprocess.run(
        [sys.executable, *checker], capture_output=True, text=True, cwd=PROJECT_ROOT
    )
    assert completed.returncode == 0, completed.stdout[-2000:]
    assert "OK" in completed.stdout.splitlines()[-1]
