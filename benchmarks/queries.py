"""The analyst query mix: the competency-question queries plus heavier ones."""

from __future__ import annotations

from kg.settings import PROJECT_ROOT

QUERY_DIR = PROJECT_ROOT / "kg" / "queries"

PROLOGUE = """PREFIX crm: <https://w3id.org/crmkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX itsrdf: <http://www.w3.org/2005/11/its/rdf#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

ENTITY = "https://w3id.org/crmkg/id/"

HEAVY: dict[str, str] = {
    # aggregates over all relations
    "agg-relations": """
SELECT ?relation ?mood (COUNT(*) AS ?assertions) (COUNT(DISTINCT ?s) AS ?subjects)
       (COUNT(DISTINCT ?o) AS ?objects) (COUNT(DISTINCT ?doc) AS ?documents)
WHERE {
  ?a a crm:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; crm:mood ?mood ;
     prov:wasDerivedFrom ?doc .
  BIND(STRAFTER(STR(?p), "#") AS ?relation)
}
GROUP BY ?relation ?mood ORDER BY DESC(?assertions)""",
    "agg-mentions": """
SELECT ?entity ?type (COUNT(?m) AS ?mentions) (COUNT(DISTINCT ?doc) AS ?documents)
WHERE {
  ?m itsrdf:taIdentRef ?entity ; nif:referenceContext ?doc .
  ?entity a ?type .
}
GROUP BY ?entity ?type ORDER BY DESC(?mentions) LIMIT 50""",
    "agg-country-material": """
SELECT ?country ?material (COUNT(*) AS ?facts) (AVG(?conf) AS ?confidence)
WHERE {
  ?a a crm:Assertion ; crm:mood "asserted" ; rdf:subject ?country ; rdf:object ?material ;
     crm:confidence ?conf .
  ?country a crm:Country . ?material a crm:Material .
}
GROUP BY ?country ?material ORDER BY DESC(?facts) LIMIT 100""",
    # OPTIONAL-heavy entity cards
    "card-gallium": f"""
SELECT ?label ?labelNl ?symbol ?wikidata ?broader ?alt ?p ?other ?sentence ?share ?doc WHERE {{
  BIND(<{ENTITY}material/gallium> AS ?e)
  ?e a crm:Material .
  OPTIONAL {{ ?e skos:prefLabel ?label FILTER(lang(?label) = "en") }}
  OPTIONAL {{ ?e skos:prefLabel ?labelNl FILTER(lang(?labelNl) = "nl") }}
  OPTIONAL {{ ?e crm:symbol ?symbol }}
  OPTIONAL {{ ?e crm:wikidataId ?wikidata }}
  OPTIONAL {{ ?e skos:broader ?broader }}
  OPTIONAL {{ ?e skos:altLabel ?alt FILTER(lang(?alt) = "nl") }}
  OPTIONAL {{
    {{ ?a rdf:subject ?e ; rdf:object ?other }} UNION {{ ?a rdf:object ?e ; rdf:subject ?other }}
    ?a rdf:predicate ?p .
    OPTIONAL {{ ?a crm:evidence/nif:anchorOf ?sentence }}
    OPTIONAL {{ ?a crm:share ?share }}
    OPTIONAL {{ ?a prov:wasDerivedFrom/dcterms:identifier ?doc }}
  }}
}} LIMIT 2000""",
    "card-china": f"""
SELECT ?label ?iso3 ?adjective ?p ?other ?otherLabel ?sentence ?doc WHERE {{
  BIND(<{ENTITY}country/cn> AS ?e)
  ?e a crm:Country .
  OPTIONAL {{ ?e skos:prefLabel ?label FILTER(lang(?label) = "en") }}
  OPTIONAL {{ ?e crm:iso3166Alpha3 ?iso3 }}
  OPTIONAL {{ ?e crm:adjectivalForm ?adjective FILTER(lang(?adjective) = "nl") }}
  OPTIONAL {{
    ?a rdf:subject ?e ; rdf:predicate ?p ; rdf:object ?other .
    OPTIONAL {{ ?other skos:prefLabel ?otherLabel FILTER(lang(?otherLabel) = "en") }}
    OPTIONAL {{ ?a crm:evidence/nif:anchorOf ?sentence }}
    OPTIONAL {{ ?a prov:wasDerivedFrom/dcterms:identifier ?doc }}
  }}
}} LIMIT 2000""",
    # label search with FILTER / regex
    "search-regex": """
SELECT DISTINCT ?e ?label WHERE {
  ?e skos:prefLabel|skos:altLabel|skos:hiddenLabel ?label .
  FILTER(regex(str(?label), "^gall", "i"))
} ORDER BY ?label LIMIT 50""",
    "search-contains": """
SELECT ?e ?label WHERE {
  ?e a ?type ; skos:prefLabel ?label .
  FILTER(?type IN (crm:Material, crm:Country, crm:Organization, crm:Policy, crm:Person))
  FILTER(CONTAINS(LCASE(STR(?label)), "lith"))
} LIMIT 50""",
    # a regex over the text of the sentences the graph keeps: since the graph leaves out the
    # sentences that no mention and no fact points to (kg.rdf), those are the sentences with a
    # mention or that are evidence, about half of all (271 of 487 in data/corpus; each of the
    # sentences that match is kept: a sentence about export restrictions names what it restricts)
    "sentences-regex": """
SELECT ?sentence ?text WHERE {
  ?sentence a nif:Sentence ; nif:anchorOf ?text .
  FILTER(regex(?text, "exportbeperking", "i"))
} LIMIT 200""",
    # property paths
    "path-broader": """
SELECT ?material ?group WHERE {
  ?material a crm:Material ; skos:broader+ ?group .
} ORDER BY ?material ?group""",
    "path-nmo-reach": f"""
SELECT DISTINCT ?x WHERE {{
  <{ENTITY}organization/nmo>
      (crm:partnerOf|^crm:partnerOf|crm:coordinates|^crm:coordinates|crm:partOf|^crm:partOf|
       crm:participatesIn|^crm:participatesIn)+ ?x .
}}""",
    "path-cites": """
SELECT ?doc (COUNT(DISTINCT ?cited) AS ?n) WHERE {
  ?doc a crm:Document ; crm:cites+ ?cited .
} GROUP BY ?doc ORDER BY DESC(?n) LIMIT 20""",
}


def query_mix() -> dict[str, str]:
    """Name -> SPARQL text: cq01..cq16 as the project ships them, then the heavier ones."""
    mix = {p.stem: p.read_text("utf-8") for p in sorted(QUERY_DIR.glob("cq*.rq"))}
    mix.update({name: PROLOGUE + text.strip() + "\n" for name, text in HEAVY.items()})
    return mix


#: A small subset for --quick runs of the slow peers.
QUICK = ("cq01", "cq02", "cq07", "agg-relations", "card-gallium", "search-regex", "path-broader")
