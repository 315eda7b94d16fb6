"""Facts with their evidence, read from the assertions of the graph.

Every answer about relations must show where it was read: the sentence, its offsets, the
document, the rule and the confidence. Those live on the ``crm:Assertion`` nodes (see
:mod:`kg.rdf`), one per fact per statement in a document, so this module reads assertions, not
the plain triples, and groups the assertions of one (subject, relation, object) into one fact
that keeps all its sources. Only ``crm:mood "asserted"`` counts as a fact; questions are read
separately on request.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.iri import CRM, PREFIXES, Minter
from kg.store import GraphStore, Row, Term

ASSERTED = "asserted"
QUESTION = "question"
QUALIFIERS = ("share", "amount", "year", "role", "quantityText", "unit")
_CHAR = re.compile(r"#char=(\d+),(\d+)$")
_UNSAFE_IRI = re.compile(r'[<>"{}|^`\\\x00-\x20]')


def sparql_iri(iri: str) -> str:
    """``<iri>`` for a SPARQL text; refuses characters that could end the IRI early."""
    if _UNSAFE_IRI.search(iri):
        raise ValueError(f"Not an IRI: {iri!r}")
    return f"<{iri}>"


def prologue(*names: str) -> str:
    return "".join(f"PREFIX {n}: <{PREFIXES[n]}>\n" for n in names)


@dataclass
class Evidence:
    """One assertion of a fact: the sentence it was read from and how it was read."""

    assertion: str
    mood: str
    sentence: str | None = None
    start: int | None = None
    end: int | None = None
    span: str | None = None
    document: str | None = None
    document_iri: str | None = None
    document_title: str | None = None
    rule: str | None = None
    confidence: float | None = None
    qualifiers: dict[str, str | float] = field(default_factory=dict)


@dataclass
class Fact:
    """One (subject, relation, object) with every assertion that states it."""

    subject: str
    predicate: str
    object: str
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def confidence(self) -> float | None:
        values = [e.confidence for e in self.evidence if e.confidence is not None]
        return max(values) if values else None

    @property
    def documents(self) -> list[str]:
        return sorted({e.document for e in self.evidence if e.document})


#: The selection is evaluated first, in a sub-select (4x faster than joining it with the rest:
#: Oxigraph otherwise starts from every assertion), and DISTINCT, should a selected triple be
#: held by several graphs (the union default graph repeats it once per graph).
FACT_QUERY = """SELECT ?a ?s ?p ?o ?mood ?conf ?rule ?doc ?title ?span ?sentence ?start ?end
       ?q ?qv WHERE {{
  {{ SELECT DISTINCT ?a WHERE {{ {selection} }} }}
  ?a a crm:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; crm:mood ?mood .
  FILTER(?mood IN ({moods}))
  OPTIONAL {{ ?a crm:confidence ?conf }}
  OPTIONAL {{ ?a crm:extractionRule ?rule }}
  OPTIONAL {{ ?a prov:wasDerivedFrom ?doc OPTIONAL {{ ?doc dcterms:title ?title }} }}
  OPTIONAL {{ ?a crm:evidence ?span
             OPTIONAL {{ ?span nif:anchorOf ?sentence }}
             OPTIONAL {{ ?span nif:beginIndex ?start }}
             OPTIONAL {{ ?span nif:endIndex ?end }} }}
  OPTIONAL {{ VALUES ?q {{ {qualifiers} }} ?a ?q ?qv }}
}}"""


def fact_query(selection: str, moods: Iterable[str] = (ASSERTED,)) -> str:
    """The assertions chosen by ``selection`` (a graph pattern binding ?a)."""
    return prologue("crm", "rdf", "prov", "dcterms", "nif") + FACT_QUERY.format(
        selection=selection,
        moods=", ".join(f'"{m}"' for m in moods),
        qualifiers=" ".join(f"crm:{q}" for q in QUALIFIERS),
    )


def about(iri: str) -> str:
    """Select the assertions whose subject or object is ``iri``."""
    node = sparql_iri(iri)
    return f"{{ ?a rdf:subject {node} }} UNION {{ ?a rdf:object {node} }}"


def from_document(document_iri: str) -> str:
    return f"?a prov:wasDerivedFrom {sparql_iri(document_iri)} ."


def assertions(iris: Iterable[str]) -> str:
    return "VALUES ?a { " + " ".join(sparql_iri(i) for i in iris) + " }"


def read_facts(
    store: GraphStore, minter: Minter, selection: str, moods: Iterable[str] = (ASSERTED,)
) -> list[Fact]:
    """The facts stated by the selected assertions, each with all its evidence, in a stable
    order (relation, subject, object)."""
    by_mood = read_facts_by_mood(store, minter, selection, moods)
    if len(by_mood) == 1:
        return next(iter(by_mood.values()))
    return sorted(
        (f for facts in by_mood.values() for f in facts),
        key=lambda f: (f.predicate, f.subject, f.object),
    )


def read_facts_by_mood(
    store: GraphStore, minter: Minter, selection: str, moods: Iterable[str] = (ASSERTED,)
) -> dict[str, list[Fact]]:
    """:func:`read_facts` for several moods in one query: the facts of each mood apart (a fact
    asked about and also asserted appears under both)."""
    moods = tuple(moods)
    evidence: dict[str, Evidence] = {}
    triples: dict[str, tuple[str, str, str]] = {}
    for row in store.select(fact_query(selection, moods)):
        iri = value(row, "a")
        if iri not in evidence:
            evidence[iri] = _evidence(row, minter, iri, value(row, "mood"))
            triples[iri] = (value(row, "s"), _local(value(row, "p")), value(row, "o"))
        if "q" in row and "qv" in row:
            evidence[iri].qualifiers[_local(value(row, "q"))] = _qualifier(value(row, "qv"))
    facts: dict[tuple[str, str, str, str], Fact] = {}
    for iri, (s, p, o) in triples.items():
        mood = evidence[iri].mood
        facts.setdefault((mood, s, p, o), Fact(s, p, o)).evidence.append(evidence[iri])
    for fact in facts.values():
        fact.evidence.sort(key=lambda e: (e.document or "", e.start or 0, e.assertion))
    grouped: dict[str, list[Fact]] = {mood: [] for mood in moods}
    for (mood, *_), fact in facts.items():
        grouped.setdefault(mood, []).append(fact)
    for listed in grouped.values():
        listed.sort(key=lambda f: (f.predicate, f.subject, f.object))
    return grouped


def _evidence(row: Row, minter: Minter, node: str, mood: str) -> Evidence:
    """The evidence columns of a row (?doc ?title ?span ?sentence ?start ?end ?rule ?conf).
    Offsets missing in the graph are read from the span IRI's ``#char=start,end``."""
    span = optional(row, "span")
    doc = optional(row, "doc")
    key = minter.key_of(doc) if doc else None
    start, end = _integer(row, "start"), _integer(row, "end")
    if span and (start is None or end is None):
        offsets = _CHAR.search(span)
        if offsets:
            start, end = int(offsets.group(1)), int(offsets.group(2))
    rule = optional(row, "rule")
    return Evidence(
        assertion=node,
        mood=mood,
        sentence=optional(row, "sentence"),
        start=start,
        end=end,
        span=span,
        document=key.removeprefix("document/") if key else doc,
        document_iri=doc,
        document_title=optional(row, "title"),
        rule=rule.rsplit("/", 1)[-1] if rule else None,
        confidence=_float(row, "conf"),
    )


def _local(iri: str) -> str:
    return iri.removeprefix(str(CRM))


def lexical(term: Term) -> str:
    """The IRI, blank node id or literal text of a term (a quoted triple as N-Triples)."""
    return str(term) if isinstance(term, ox.Triple) else term.value


def optional(row: Row, name: str) -> str | None:
    """The lexical value of column ``name``, None when unbound."""
    term = row.get(name)
    return lexical(term) if term is not None else None


def value(row: Row, name: str) -> str:
    """The lexical value of column ``name``, which the query always binds."""
    text = optional(row, name)
    if text is None:
        raise KeyError(f"The query left ?{name} unbound.")
    return text


def _integer(row: Row, name: str) -> int | None:
    text = optional(row, name)
    return int(text) if text is not None and text.lstrip("-").isdigit() else None


def _float(row: Row, name: str) -> float | None:
    text = optional(row, name)
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


def _qualifier(value: str) -> str | float:
    try:
        return float(value) if re.fullmatch(r"-?\d+(\.\d+)?", value) else value
    except ValueError:
        return value


# --- targets ------------------------------------------------------------------------------------


@dataclass
class Target:
    """A quantified goal of a policy (crm:Target) with its evidence sentence."""

    iri: str
    label: str
    share: float | None
    year: int | None
    evidence: Evidence


def read_targets(store: GraphStore, minter: Minter, policy_iri: str) -> list[Target]:
    query = prologue("crm", "skos", "prov", "dcterms", "nif") + (
        "SELECT ?t ?label ?share ?year ?doc ?title ?span ?sentence ?start ?end WHERE { "
        f"{sparql_iri(policy_iri)} crm:hasTarget ?t . ?t skos:prefLabel ?label . "
        "OPTIONAL { ?t crm:share ?share } OPTIONAL { ?t crm:year ?year } "
        "OPTIONAL { ?t prov:wasDerivedFrom ?doc OPTIONAL { ?doc dcterms:title ?title } } "
        "OPTIONAL { ?t crm:evidence ?span OPTIONAL { ?span nif:anchorOf ?sentence } "
        "OPTIONAL { ?span nif:beginIndex ?start } OPTIONAL { ?span nif:endIndex ?end } } "
        "} ORDER BY ?t"
    )
    targets: dict[str, Target] = {}
    for row in store.select(query):
        iri = value(row, "t")
        if iri in targets:
            continue
        evidence = _evidence(row, minter, iri, ASSERTED)
        year = _integer(row, "year")
        targets[iri] = Target(iri, value(row, "label"), _float(row, "share"), year, evidence)
    return list(targets.values())
