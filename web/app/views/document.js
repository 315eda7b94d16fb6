// A document: its metadata and its text with every entity mention highlighted and linked.
// #/document/ID?start=S&end=E marks one sentence (the evidence of a fact) and scrolls to it;
// #/document/ID?entity=KEY marks the mentions of one entity.
import { api } from "../api.js";
import { h, plural, replace } from "../dom.js";
import { evidenceQuote } from "../evidence.js";
import { documentInfo } from "../model.js";
import { link } from "../router.js";
import { markSpans } from "../text.js";
import { relationPhrase, typeKey, typeName, typePlural } from "../vocabulary.js";

export async function render(main, route, { isCurrent }) {
  const doc = documentInfo(await api.document(route.rest));
  if (!isCurrent()) return "";
  const focus = sentenceOf(route.params);
  const chosen = route.params.get("entity");
  const chosenEntity = doc.entities.find((e) => e.id === chosen);
  const mentions = mentionsOf(doc, chosen);
  const text = doc.text || "";

  replace(main,
    h("nav", { class: "breadcrumb", "aria-label": "Breadcrumb" },
      h("a", { href: "#/" }, "Start"), " › ", h("a", { href: link("documents") }, "Documents")),
    h("header", { class: "entity-head" },
      h("h1", { tabindex: "-1" }, doc.title || doc.id),
      h("p", { class: "entity-types" }, h("span", { class: "chip chip--Document" }, "Document"),
        doc.kind ? h("span", { class: "muted" }, ` ${doc.kind}`) : null),
      h("dl", { class: "facts" },
        fact("Id", h("code", {}, doc.id)),
        fact("Date", doc.date),
        fact("Language", doc.language),
        Object.entries(doc.identifiers).map(([name, values]) => fact(name, [values].flat().join(", "))),
        fact("Source", doc.source ? String(doc.source).split("/").pop() : null),
        fact("Read", [
          plural(doc.entities.length, "entity", "entities"),
          plural(mentions.length, "mention"),
          plural(doc.facts.length, "fact"),
        ].join(", ")))),
    h("div", { class: "document-layout" },
      h("section", { class: "card document-text-card", "aria-labelledby": "text-title" },
        h("h2", { id: "text-title" }, "Text"),
        focus ? h("p", { class: "notice" }, "The marked sentence is the evidence you came from. ",
          h("button", { type: "button", class: "button button--small", onclick: () => scrollTo(main, "#focus-sentence") }, "Show it")) : null,
        chosenEntity ? h("p", { class: "notice" },
          `${plural(chosenEntity.mentions.length, "mention")} of `, h("a", { href: link("entity", chosenEntity.id) }, chosenEntity.label),
          " are marked. ",
          h("button", { type: "button", class: "button button--small", onclick: () => scrollTo(main, ".mention--chosen") }, "Show the first")) : null,
        h("div", { class: "document-text", lang: doc.language || null }, renderText(text, mentions, focus))),
      h("aside", { class: "card document-entities", "aria-labelledby": "entities-title" },
        h("h2", { id: "entities-title" }, "Entities in this document"),
        entitiesByType(doc.entities))),
    factsSection(doc));
  if (focus) window.setTimeout(() => scrollTo(main, "#focus-sentence"), 0);
  else if (chosenEntity) window.setTimeout(() => scrollTo(main, ".mention--chosen"), 0);
  return doc.title || doc.id;
}

function sentenceOf(params) {
  const start = Number.parseInt(params.get("start"), 10);
  const end = Number.parseInt(params.get("end"), 10);
  return Number.isFinite(start) && Number.isFinite(end) && end > start ? { start, end } : null;
}

function fact(name, value) {
  if (value === null || value === undefined || value === "") return null;
  return [h("dt", {}, name), h("dd", {}, value)];
}

function scrollTo(main, selector) {
  const target = main.querySelector(selector);
  if (!target) return;
  target.scrollIntoView({ block: "center" });
  target.focus({ preventScroll: true });
}

function entitiesByType(entities) {
  const byType = new Map();
  for (const e of entities) {
    const key = typeKey(e.type);
    if (!byType.has(key)) byType.set(key, []);
    byType.get(key).push(e);
  }
  return [...byType.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([type, list]) => h("section", {},
    h("h3", {}, h("span", { class: `swatch swatch--${type}`, "aria-hidden": "true" }), typePlural(type),
      h("span", { class: "count" }, ` ${list.length}`)),
    h("ul", { class: "inline-list inline-list--wrap" },
      [...list].sort((a, b) => a.label.localeCompare(b.label)).map((e) => h("li", {},
        h("a", { href: link("entity", e.id) }, e.label),
        e.mentions.length > 1 ? h("span", { class: "muted" }, ` ×${e.mentions.length}`) : null)))));
}

function factsSection(doc) {
  if (!doc.facts.length) return null;
  const byRelation = new Map();
  for (const f of doc.facts) {
    const key = f.name;
    if (!byRelation.has(key)) byRelation.set(key, []);
    byRelation.get(key).push(f);
  }
  return h("section", { class: "card", id: "facts", "aria-labelledby": "facts-title" },
    h("details", {},
      h("summary", {}, h("h2", { id: "facts-title", class: "inline-heading" }, "Facts read from this document",
        h("span", { class: "count" }, ` ${doc.facts.length}`))),
      [...byRelation.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, facts]) => h("section", { class: "relation-group" },
        h("h3", { class: "relation-group__title" }, capitalise(facts[0].label || relationPhrase(name))),
        h("ul", { class: "relation-list" }, facts.map((f) => h("li", { class: "relation" },
          h("div", { class: "relation__head" },
            h("a", { href: link("entity", f.subject.id) }, f.subject.label), " ",
            h("span", { class: "muted" }, f.label || relationPhrase(name)), " ",
            h("a", { href: link("entity", f.object.id) }, f.object.label)),
          f.evidence.filter((e) => e.document === doc.id).slice(0, 1)
            .map((e) => evidenceQuote(e, [f.subject.label, f.object.label])))))))));
}

function capitalise(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Every mention as {start, end, entity, chosen}. */
function mentionsOf(doc, chosen) {
  const out = [];
  for (const entity of doc.entities) {
    for (const m of entity.mentions) out.push({ start: m.start, end: m.end, entity, chosen: entity.id === chosen });
  }
  return out.sort((a, b) => a.start - b.start || b.end - a.end);
}

function mentionLink(span, text) {
  return h("a", {
    href: link("entity", span.entity.id),
    class: `mention mention--${typeKey(span.entity.type)}${span.chosen ? " mention--chosen" : ""}`,
    title: `${span.entity.label} (${typeName(span.entity.type)})`,
  }, text);
}

/** The text with mentions linked, and the focus sentence wrapped in a <mark>. */
function renderText(text, mentions, focus) {
  if (!focus) return markSpans(text, mentions, mentionLink);
  const inside = (from, to) => mentions
    .filter((m) => m.start >= from && m.end <= to)
    .map((m) => ({ ...m, start: m.start - from, end: m.end - from }));
  return [
    markSpans(text.slice(0, focus.start), inside(0, focus.start), mentionLink),
    h("mark", { class: "focus-sentence", id: "focus-sentence", tabindex: "-1" },
      markSpans(text.slice(focus.start, focus.end), inside(focus.start, focus.end), mentionLink)),
    markSpans(text.slice(focus.end), inside(focus.end, text.length), mentionLink),
  ];
}
