// The REST answers (see /openapi.json: EntityRef, SearchHit, EntityDetail, Relation, Evidence,
// FocusLinks, Neighbourhood, DocumentDetail) turned into the few shapes the views use. This is
// the one place that knows the field names of the REST layer.
import { localName } from "./vocabulary.js";

/** Name kinds (models.Label.kind) that are codes: matched with their exact case. */
const CODE_KINDS = new Set(["symbol", "iso3166", "iso3166Alpha3", "acronym", "wikidata", "kamerstuk"]);

/** An entity reference: {id, iri, label, type, matched}. */
export function summary(raw) {
  if (!raw || typeof raw !== "object") return { id: String(raw), iri: String(raw), label: String(raw), type: "" };
  return {
    id: raw.id,
    iri: raw.iri,
    label: String(raw.label ?? raw.id ?? ""),
    type: localName(raw.type || (raw.types && raw.types[0]) || ""),
    matched: raw.matched,
    matchedKind: raw.matched_kind,
  };
}

/** The Wikidata page of an id or entity IRI ("Q1234", "http://www.wikidata.org/entity/Q1234"). */
export function wikidataPage(value) {
  const id = String(value || "").match(/Q\d+/);
  return id ? `https://www.wikidata.org/wiki/${id[0]}` : undefined;
}

/** Identifiers as [{name, value, href}]: Wikidata linked to its page, others plain. */
export function identifiers(list) {
  return (list || []).map((item) => ({
    name: item.scheme,
    value: item.value,
    href: item.scheme === "wikidata" ? wikidataPage(item.iri || item.value) : undefined,
  }));
}

/** Evidence: {sentence, start, end, document, documentTitle, rule, confidence, mood, qualifiers}. */
export function evidence(raw) {
  return {
    sentence: raw.sentence || "",
    start: raw.start,
    end: raw.end,
    document: raw.document,
    documentTitle: raw.document_title,
    rule: raw.rule,
    confidence: raw.confidence,
    mood: raw.mood,
    qualifiers: raw.qualifiers || {},
    mentions: Array.isArray(raw.mentions) ? raw.mentions : [],
  };
}

/** A fact seen from one entity: {name, label, direction, other, evidence, confidence}. */
export function relation(raw, direction = raw.direction || "out") {
  return {
    name: localName(raw.predicate),
    label: raw.label,
    direction,
    other: summary(direction === "in" ? raw.subject : raw.object),
    subject: summary(raw.subject),
    object: summary(raw.object),
    evidence: (raw.evidence || []).map(evidence),
    confidence: raw.confidence,
  };
}

/** The terms to highlight for an entity: its names (case-insensitive) and codes (exact). */
export function highlightTerms(labels) {
  return (labels || []).map((l) => ({ text: l.value, exact: CODE_KINDS.has(l.kind) }));
}

/** The entity page's data. */
export function entity(raw) {
  const relations = raw.relations || { outgoing: [], incoming: [] };
  return {
    ...summary(raw),
    types: (raw.types || [raw.type]).filter(Boolean).map(localName),
    labels: (raw.labels || []).map((l) => ({ value: l.value, lang: l.lang || "", kind: l.kind })),
    identifiers: identifiers(raw.identifiers),
    description: raw.description,
    statements: raw.statements || [],
    relations: [
      ...(relations.outgoing || []).map((r) => relation(r, "out")),
      ...(relations.incoming || []).map((r) => relation(r, "in")),
    ],
    questions: (raw.questions || []).map((r) => relation(r)),
    targets: (raw.targets || []).map((t) => ({ ...t, evidence: evidence(t.evidence || {}) })),
    documents: raw.documents || [],
    mentionCount: raw.mention_count,
  };
}

/** Graph elements {nodes: [summary + distance], edges: [{source, target, name}]}. */
export function neighbourhood(raw) {
  return {
    center: summary(raw.center || {}),
    nodes: (raw.nodes || []).map((n) => ({ ...summary(n), distance: n.distance })),
    edges: (raw.edges || []).map((e) => ({
      source: e.source, target: e.target, name: localName(e.predicate),
    })),
  };
}

/**
 * /api/materials/{id}/countries or /api/countries/{id}/materials as relation groups:
 * [{name, label, direction, items: [{other, evidence}]}].
 */
export function focusGroups(raw) {
  return (raw.groups || []).map((g) => ({
    name: localName(g.relation),
    label: g.label,
    direction: g.direction,
    items: (g.linked || []).map((l) => ({ other: summary(l.entity), evidence: (l.evidence || []).map(evidence) })),
  }));
}

/** A document of the list or the page. */
export function documentInfo(raw) {
  return {
    id: String(raw.id),
    iri: raw.iri,
    title: String(raw.title || raw.id),
    date: raw.date,
    language: raw.language,
    kind: raw.kind,
    source: raw.source,
    identifiers: raw.identifiers || {},
    counts: { entities: raw.entity_count, relations: raw.relation_count, questions: raw.question_count },
    text: raw.text,
    entities: (raw.entities || []).map((e) => ({
      ...summary(e),
      mentions: (e.mentions || []).map((m) => ({ start: m.start, end: m.end, text: m.text })),
    })),
    facts: (raw.facts || []).map((r) => relation(r, "out")),
  };
}
