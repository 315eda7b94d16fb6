"""The materials and countries vocabularies (ontology/vocab/materials.ttl, countries.ttl).

Plain rdflib: the files' relative IRIs are resolved against a stand-in base, as the loader
resolves them against ``{base}id/``.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import RDF, SKOS, Graph, Literal, Namespace, URIRef

ROOT = Path(__file__).resolve().parents[2]
VOCAB = ROOT / "ontology" / "vocab"
FORMS_CSV = ROOT / "ontology" / "sources" / "country-forms.csv"
BASE = "https://example.org/id/"
CRM = Namespace("https://w3id.org/crmkg/ontology#")
WD = Namespace("http://www.wikidata.org/entity/")

STRATEGIC = {
    "bauxite", "alumina", "aluminium", "bismuth", "boron", "cobalt", "copper", "gallium",
    "germanium", "lithium", "magnesium-metal", "manganese", "graphite", "nickel",
    "platinum-group-metals", "neodymium", "praseodymium", "terbium", "dysprosium", "gadolinium",
    "samarium", "cerium", "silicon-metal", "titanium-metal", "tungsten",
}  # fmt: skip
CRITICAL = {
    "antimony", "arsenic", "bauxite", "alumina", "aluminium", "baryte", "beryllium", "bismuth",
    "boron", "cobalt", "coking-coal", "copper", "feldspar", "fluorspar", "gallium", "germanium",
    "hafnium", "helium", "heavy-rare-earth-elements", "light-rare-earth-elements", "lithium",
    "magnesium", "manganese", "graphite", "nickel", "niobium", "phosphate-rock", "phosphorus",
    "platinum-group-metals", "scandium", "silicon-metal", "strontium", "tantalum",
    "titanium-metal", "tungsten", "vanadium",
}  # fmt: skip
LABELS = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, CRM.adjectivalForm, CRM.metonym)


def load(name: str) -> Graph:
    graph = Graph()
    graph.parse(VOCAB / name, format="turtle", publicID=BASE)
    return graph


def key(node: object) -> str:
    text = str(node)
    assert text.startswith(BASE), text
    return text[len(BASE) :]


def iri(entity_key: str) -> URIRef:
    return URIRef(BASE + entity_key)


def concepts(graph: Graph) -> list[URIRef]:
    return sorted(s for s in graph.subjects(RDF.type, SKOS.Concept) if isinstance(s, URIRef))


def by_label(graph: Graph, text: str, lang: str | None = None) -> set[str]:
    """Keys of the concepts that carry ``text`` as any label (any language if none given)."""
    found = set()
    for predicate in LABELS:
        for subject, label in graph.subject_objects(predicate):
            if not isinstance(label, Literal) or str(label) != text:
                continue
            if lang is None or label.language == lang:
                found.add(key(subject))
    return found


def shared_labels(graph: Graph) -> dict[str, list[str]]:
    """Labels (case-insensitive) that point to more than one concept."""
    owners: dict[str, set[str]] = defaultdict(set)
    for predicate in LABELS:
        for subject, label in graph.subject_objects(predicate):
            if (subject, RDF.type, SKOS.Concept) in graph:
                owners[str(label).casefold()].add(key(subject))
    return {label: sorted(keys) for label, keys in sorted(owners.items()) if len(keys) > 1}


@pytest.fixture(scope="module")
def materials() -> Graph:
    return load("materials.ttl")


@pytest.fixture(scope="module")
def countries() -> Graph:
    return load("countries.ttl")


# --- both vocabularies ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "cls", "scheme"),
    [("materials.ttl", CRM.Material, "scheme/materials"),
     ("countries.ttl", CRM.Country, "scheme/countries")],
)  # fmt: skip
def test_every_concept_is_typed_in_its_scheme_with_dutch_and_english_names(
    name: str, cls: URIRef, scheme: str
) -> None:
    graph = load(name)
    assert (iri(scheme), RDF.type, SKOS.ConceptScheme) in graph
    assert graph.value(iri(scheme), URIRef("http://purl.org/dc/terms/source")) is not None
    problems = []
    for concept in concepts(graph):
        if (concept, RDF.type, cls) not in graph:
            problems.append(f"{key(concept)}: not a {cls}")
        if (concept, SKOS.inScheme, iri(scheme)) not in graph:
            problems.append(f"{key(concept)}: not in {scheme}")
        prefs = [p for p in graph.objects(concept, SKOS.prefLabel) if isinstance(p, Literal)]
        for lang in ("nl", "en"):
            if len([p for p in prefs if p.language == lang]) != 1:
                problems.append(f"{key(concept)}: not exactly one prefLabel@{lang}")
        if any(p.language not in ("nl", "en") for p in prefs):
            problems.append(f"{key(concept)}: prefLabel without nl/en language tag")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", ["materials.ttl", "countries.ttl"])
def test_a_label_names_one_concept(name: str) -> None:
    duplicates = shared_labels(load(name))
    for label, keys in duplicates.items():
        print(f"{label!r}: {', '.join(keys)}")
    assert not duplicates


@pytest.mark.parametrize("name", ["materials.ttl", "countries.ttl"])
def test_wikidata_ids_are_well_formed_unique_and_matched(name: str) -> None:
    graph = load(name)
    seen: dict[str, str] = {}
    for subject, qid in graph.subject_objects(CRM.wikidataId):
        assert re.fullmatch(r"Q[1-9][0-9]*", str(qid)), (key(subject), qid)
        assert str(qid) not in seen, f"{qid} on {key(subject)} and {seen[str(qid)]}"
        seen[str(qid)] = key(subject)
        assert set(graph.objects(subject, SKOS.exactMatch)) == {WD[str(qid)]}, key(subject)
    for subject in graph.subjects(SKOS.exactMatch, None):
        assert graph.value(subject, CRM.wikidataId) is not None, key(subject)


# --- materials ------------------------------------------------------------------------------------


def test_all_118_elements_with_unique_symbols_and_atomic_numbers(materials: Graph) -> None:
    elements = {key(s): int(str(n)) for s, n in materials.subject_objects(CRM.atomicNumber)}
    assert sorted(elements.values()) == list(range(1, 119))
    symbols = {key(s): str(sym) for s, sym in materials.subject_objects(CRM.symbol)}
    assert set(symbols) == set(elements)
    assert len(set(symbols.values())) == 118
    for element, symbol in symbols.items():
        assert re.fullmatch(r"[A-Z][a-z]{0,2}", symbol), symbol
        assert Literal(symbol) in set(materials.objects(iri(element), SKOS.altLabel)), element
    untagged = {
        str(label)
        for label in materials.objects(None, SKOS.altLabel)
        if isinstance(label, Literal) and not label.language
    }
    assert untagged == set(symbols.values()), "untagged altLabels are the chemical symbols only"


def test_element_keys_and_some_dutch_names(materials: Graph) -> None:
    expected = {
        "copper": "koper", "iron": "ijzer", "lead": "lood", "tin": "tin", "zinc": "zink",
        "cobalt": "kobalt", "silver": "zilver", "gold": "goud", "mercury": "kwik",
        "sulfur": "zwavel", "carbon": "koolstof", "nitrogen": "stikstof", "oxygen": "zuurstof",
        "hydrogen": "waterstof", "phosphorus": "fosfor", "tungsten": "wolfraam",
        "aluminium": "aluminium", "caesium": "cesium", "boron": "boor",
    }  # fmt: skip
    for element, dutch in expected.items():
        assert Literal(dutch, lang="nl") in set(
            materials.objects(iri(f"material/{element}"), SKOS.prefLabel)
        ), element
    assert materials.value(iri("material/iron"), CRM.symbol) == Literal("Fe")
    assert materials.value(iri("material/iron"), CRM.atomicNumber) == Literal(26)


def test_gallium(materials: Graph) -> None:
    assert by_label(materials, "gallium", "nl") == {"material/gallium"}
    assert by_label(materials, "gallium", "en") == {"material/gallium"}
    assert by_label(materials, "Ga") == {"material/gallium"}
    gallium = iri("material/gallium")
    assert Literal("Ga") in set(materials.objects(gallium, SKOS.altLabel))
    assert materials.value(gallium, CRM.symbol) == Literal("Ga")
    assert materials.value(gallium, CRM.atomicNumber) == Literal(31)
    assert materials.value(gallium, CRM.wikidataId) == Literal("Q861")
    assert (gallium, SKOS.exactMatch, WD.Q861) in materials
    for collection in ("list/crma-strategic", "list/crma-critical"):
        assert (iri(collection), SKOS.member, gallium) in materials


def members(graph: Graph, collection: str) -> set[str]:
    assert (iri(collection), RDF.type, SKOS.Collection) in graph
    return {key(m) for m in graph.objects(iri(collection), SKOS.member)}


def test_crma_annex_i_strategic_raw_materials(materials: Graph) -> None:
    assert members(materials, "list/crma-strategic") == {f"material/{k}" for k in STRATEGIC}


def test_crma_annex_ii_critical_raw_materials(materials: Graph) -> None:
    assert members(materials, "list/crma-critical") == {f"material/{k}" for k in CRITICAL}


def test_list_members_and_broader_concepts_exist(materials: Graph) -> None:
    known = {key(c) for c in concepts(materials)}
    for collection in ("list/crma-strategic", "list/crma-critical"):
        assert members(materials, collection) <= known
    for subject, broader in materials.subject_objects(SKOS.broader):
        assert key(broader) in known, (key(subject), key(broader))


def test_groups(materials: Graph) -> None:
    def ancestors(entity_key: str) -> set[str]:
        return {key(a) for a in materials.transitive_objects(iri(entity_key), SKOS.broader)}

    assert "material/rare-earth-elements" in ancestors("material/neodymium")
    assert "material/light-rare-earth-elements" in ancestors("material/neodymium")
    assert "material/heavy-rare-earth-elements" in ancestors("material/dysprosium")
    assert "material/platinum-group-metals" in ancestors("material/platinum")
    assert "material/graphite" in ancestors("material/natural-graphite")
    ree = {
        key(s)
        for s in materials.subjects(SKOS.broader, None)
        if "material/rare-earth-elements" in ancestors(key(s)) and materials.value(s, CRM.symbol)
    }
    assert len(ree) == 17  # the lanthanides, scandium and yttrium
    # the competency queries find the group by this label
    assert by_label(materials, "rare earth elements", "en") == {"material/rare-earth-elements"}
    for form in ("zeldzame aardmetalen", "zeldzame aarden", "aardmetalen", "REE"):
        assert by_label(materials, form) == {"material/rare-earth-elements"}, form
    assert by_label(materials, "grafiet") == {"material/graphite"}


# --- countries ------------------------------------------------------------------------------------


def test_249_iso_countries(countries: Graph) -> None:
    keys = [key(c) for c in concepts(countries)]
    assert len(keys) == 249
    for concept in concepts(countries):
        alpha2 = str(countries.value(concept, CRM.iso3166Alpha2))
        assert key(concept) == f"country/{alpha2.lower()}"
        assert re.fullmatch(r"[A-Z]{3}", str(countries.value(concept, CRM.iso3166Alpha3)))


def test_china(countries: Graph) -> None:
    china = iri("country/cn")
    assert Literal("China", lang="nl") in set(countries.objects(china, SKOS.prefLabel))
    assert Literal("Chinese", lang="nl") in set(countries.objects(china, CRM.adjectivalForm))
    assert Literal("Peking", lang="nl") in set(countries.objects(china, CRM.metonym))
    assert countries.value(china, CRM.iso3166Alpha3) == Literal("CHN")
    assert countries.value(china, CRM.wikidataId) == Literal("Q148")


@pytest.mark.parametrize(
    ("form", "expected"),
    [("Zuid-Afrika", "za"), ("Oekraïne", "ua"), ("Oekraine", "ua"), ("Verenigde Staten", "us"),
     ("VS", "us"), ("Amerika", "us"), ("VK", "gb"), ("Rusland", "ru"), ("Zuid-Korea", "kr"),
     ("Congo", "cd"), ("Congo-Kinshasa", "cd"), ("Congo-Brazzaville", "cg"), ("Nederland", "nl"),
     ("Amerikaanse", "us"), ("Nederlandse", "nl"), ("Duitse", "de"), ("Russian", "ru"),
     ("Moskou", "ru"), ("Beijing", "cn")],
)  # fmt: skip
def test_forms_resolve_to_their_country(countries: Graph, form: str, expected: str) -> None:
    assert by_label(countries, form) == {f"country/{expected}"}


def test_no_codes_as_labels_and_no_eu(countries: Graph) -> None:
    abbreviations = {"US", "USA"}  # curated: how text names the United States
    for concept in concepts(countries):
        codes = {str(countries.value(concept, p)) for p in (CRM.iso3166Alpha2, CRM.iso3166Alpha3)}
        labels = {str(label) for p in LABELS for label in countries.objects(concept, p)}
        assert not (codes & labels) - abbreviations, key(concept)
    assert not by_label(countries, "Europese Unie")
    assert not by_label(countries, "Den Haag")


def test_curated_forms_are_in_the_generated_file(countries: Graph) -> None:
    """Edited ontology/sources/country-forms.csv without running build_countries.py?"""
    predicates = {
        "pref": SKOS.prefLabel, "alt": SKOS.altLabel, "hidden": SKOS.hiddenLabel,
        "adjective": CRM.adjectivalForm, "metonym": CRM.metonym,
    }  # fmt: skip
    with FORMS_CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    assert rows
    missing = []
    for row in rows:
        concept = iri(f"country/{row['alpha2'].lower()}")
        if row["kind"] == "wikidata":
            found = countries.value(concept, CRM.wikidataId) == Literal(row["form"])
        else:
            literal = Literal(row["form"], lang=row["lang"])
            found = literal in set(countries.objects(concept, predicates[row["kind"]]))
            # a curated alt may have become the prefLabel
            found = found or literal in set(countries.objects(concept, SKOS.prefLabel))
        if not found:
            missing.append(f"{row['alpha2']} {row['kind']} {row['form']!r}")
    assert not missing, "run ontology/build/build_countries.py: " + ", ".join(missing)
