"""Server-rendered HTML for dereferenced IRIs: one small page per entity, nothing external.

The page shows what the REST answer holds (labels, types, identifiers, facts with their
evidence sentences and documents) with links between entities, so a person following an IRI
can read and navigate the graph without the web app. Every value is escaped; the page loads no
script, style sheet or font from anywhere.
"""

from __future__ import annotations

from html import escape

import pyoxigraph as ox

from api import models
from kg.describe import compact
from kg.facts import lexical
from kg.iri import Minter

PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

STYLE = """
body{font:16px/1.5 system-ui,sans-serif;max-width:62rem;margin:2rem auto;padding:0 1rem;
color:#1d2330;background:#fff}
h1{margin:.2rem 0}h2{border-bottom:1px solid #d8dde6;padding-bottom:.2rem;margin-top:2rem}
a{color:#0b5cad}code,.iri{font:13px/1.4 ui-monospace,monospace;word-break:break-all}
.type{display:inline-block;background:#e7eefb;border-radius:.8rem;padding:0 .6rem;
font-size:.85rem}
table{border-collapse:collapse;width:100%}td,th{text-align:left;vertical-align:top;
padding:.25rem .5rem;border-bottom:1px solid #eef0f4}
.fact{margin:.8rem 0;padding:.5rem .8rem;border-left:3px solid #8fb3e8;background:#f7f9fc}
blockquote{margin:.3rem 0 .1rem;font-style:italic}.meta{color:#5b6473;font-size:.85rem}
nav a{margin-right:.8rem}
"""
FORMATS = (("Turtle", "ttl"), ("JSON-LD", "jsonld"), ("N-Triples", "nt"), ("RDF/XML", "rdfxml"))


def href(iri: str, minter: Minter) -> str:
    """A link that works on this server: IRIs under the base go to ``/id/...`` here."""
    key = minter.key_of(iri)
    return f"/id/{key}" if key is not None else iri


def _link(ref: models.EntityRef, minter: Minter) -> str:
    return f'<a href="{escape(href(ref.iri, minter))}">{escape(ref.label)}</a>'


def _layout(title: str, iri: str, minter: Minter, body: str) -> str:
    local = escape(href(iri, minter))
    formats = " ".join(f'<a href="{local}?format={f}">{n}</a>' for n, f in FORMATS)
    alternates = "".join(
        f'<link rel="alternate" type="{t}" href="{local}?format={f}">'
        for t, f in (("text/turtle", "ttl"), ("application/ld+json", "jsonld"))
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(title)} · crmkg</title>{alternates}<style>{STYLE}</style></head><body>"
        f'<nav class="meta"><a href="/">crmkg</a> {formats}</nav>{body}</body></html>'
    )


def _table(rows: list[tuple[str, str]]) -> str:
    if not rows:
        return "<p class=meta>None.</p>"
    cells = "".join(f"<tr><th>{name}</th><td>{value}</td></tr>" for name, value in rows)
    return f"<table>{cells}</table>"


def _evidence(item: models.Evidence, minter: Minter) -> str:
    doc = item.document_title or item.document or ""
    doc_link = (
        f'<a href="{escape(href(item.document_iri, minter))}">{escape(doc)}</a>'
        if item.document_iri
        else escape(doc)
    )
    offsets = f"characters {item.start}–{item.end}" if item.start is not None else ""
    qualifiers = ", ".join(f"{k} {v}" for k, v in sorted(item.qualifiers.items()))
    details = " · ".join(
        part
        for part in (
            doc_link,
            offsets,
            f"rule {escape(item.rule or '?')}",
            f"confidence {item.confidence}" if item.confidence is not None else "",
            escape(qualifiers),
        )
        if part
    )
    return f"<blockquote>{escape(item.sentence or '')}</blockquote><div class=meta>{details}</div>"


def _relation(relation: models.Relation, minter: Minter) -> str:
    head = (
        f"{_link(relation.subject, minter)} <strong>{escape(relation.label)}</strong> "
        f"{_link(relation.object, minter)}"
    )
    evidence = "".join(_evidence(e, minter) for e in relation.evidence)
    return f'<div class="fact">{head}{evidence}</div>'


def _identifiers(entity: models.EntityDetail) -> list[tuple[str, str]]:
    rows = []
    for identifier in entity.identifiers:
        value = escape(identifier.value)
        if identifier.iri:
            value = f'<a href="{escape(identifier.iri)}">{value}</a>'
        rows.append((escape(identifier.scheme), value))
    return rows


def entity_page(entity: models.EntityDetail, minter: Minter) -> str:
    """The page of an entity: the same content as ``GET /api/entities/{id}``."""
    labels = [
        (
            escape(label.kind),
            f"{escape(label.value)} <span class=meta>{escape(label.lang or '')}</span>",
        )
        for label in entity.labels
    ]
    statements = [
        (
            f"<code>{escape(s.property)}</code>",
            f'<a href="{escape(href(s.iri, minter))}">{escape(s.label or s.value)}</a>'
            if s.iri
            else escape(s.value),
        )
        for s in entity.statements
    ]
    facts = entity.relations.outgoing + entity.relations.incoming
    documents = "".join(
        f'<li><a href="{escape(href(d.iri, minter))}">{escape(d.title)}</a> '
        f"<span class=meta>{d.mentions} mentions</span></li>"
        for d in entity.documents
    )
    body = (
        f"<h1>{escape(entity.label)}</h1>"
        + "".join(f'<span class="type">{escape(t)}</span> ' for t in entity.types)
        + f'<p class="iri">{escape(entity.iri)}</p>'
        + (f"<p>{escape(entity.description)}</p>" if entity.description else "")
        + "<h2>Identifiers</h2>"
        + _table(_identifiers(entity))
        + "<h2>Names</h2>"
        + _table(labels)
        + (("<h2>Other statements</h2>" + _table(statements)) if statements else "")
        + f"<h2>Facts ({len(facts)})</h2>"
        + ("".join(_relation(r, minter) for r in facts) or "<p class=meta>None.</p>")
        + (
            ("<h2>Questions asked</h2>" + "".join(_relation(r, minter) for r in entity.questions))
            if entity.questions
            else ""
        )
        + f"<h2>Mentioned in</h2><ul>{documents}</ul>"
    )
    return _layout(entity.label, entity.iri, minter, body)


def resource_page(iri: str, triples: list[ox.Triple], minter: Minter) -> str:
    """The page of another resource (an assertion, a rule): its statements as a table."""
    rows = []
    for triple in triples:
        if lexical(triple.subject) != iri:
            continue
        value = lexical(triple.object)
        shown = (
            f'<a href="{escape(href(value, minter))}">{escape(compact(value))}</a>'
            if isinstance(triple.object, ox.NamedNode)
            else escape(value)
        )
        rows.append((f"<code>{escape(compact(triple.predicate.value))}</code>", shown))
    body = f"<h1>{escape(compact(iri))}</h1><p class=iri>{escape(iri)}</p>" + _table(sorted(rows))
    return _layout(compact(iri), iri, minter, body)
