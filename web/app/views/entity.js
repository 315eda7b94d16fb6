// The entity page: labels, types, identifiers, the countries or materials it is linked to,
// every fact grouped by relation with its evidence, targets, questions, the documents that
// mention it, and the neighbourhood graph.
import { api } from "../api.js";
import { errorBox, h, loading, plural, replace } from "../dom.js";
import { evidenceQuote } from "../evidence.js";
import { NeighbourhoodGraph } from "../graph.js";
import * as model from "../model.js";
import { go, link } from "../router.js";
import { LANGUAGES, relationPhrase, typeKey, typeName, typePlural } from "../vocabulary.js";

/** The graph lives across entity pages, so that clicking nodes grows it. */
let graph = null;

/** Which linked entities get their own section first, by the type of the page's entity. */
const FOCUS = {
  Material: { type: "Country", id: "countries", fetch: api.countriesOfMaterial },
  Country: { type: "Material", id: "materials", fetch: api.materialsOfCountry },
};

/** Label kinds shown as names (the others are codes, shown as identifiers, or search aids). */
const NAME_KINDS = new Set(["pref", "alt"]);

export async function render(main, route, { isCurrent }) {
  replace(main, loading("Loading"));
  const entity = model.entity(await api.entity(route.rest));
  if (!isCurrent()) return "";
  const type = entity.types[0] || entity.type;
  const focus = FOCUS[type];
  const terms = model.highlightTerms(entity.labels).concat(entity.label);

  const graphSection = h("section", { class: "card entity-graph", "aria-labelledby": "graph-title" },
    h("h2", { id: "graph-title" }, "Neighbourhood"));
  const focusSection = focus
    ? h("section", { class: "card entity-focus", id: focus.id, "aria-labelledby": `${focus.id}-title` },
      h("h2", { id: `${focus.id}-title` }, typePlural(focus.type)), loading())
    : null;

  replace(main,
    h("nav", { class: "breadcrumb", "aria-label": "Breadcrumb" },
      h("a", { href: "#/" }, "Start"), " › ", h("span", {}, typePlural(type))),
    header(entity, type),
    h("div", { class: "entity-layout" },
      h("div", { class: "entity-main" },
        focusSection,
        relationsSection(entity, terms, focus),
        targetsSection(entity, terms),
        questionsSection(entity, terms),
        documentsSection(entity),
        statementsSection(entity)),
      h("div", { class: "entity-side" }, graphSection)));

  if (focusSection) fillFocus(focusSection, focus, entity, terms);
  showGraph(graphSection, entity, type, isCurrent);
  return entity.label;
}

function header(entity, type) {
  const facts = [];
  const byLang = groupLabels(entity.labels.filter((l) => NAME_KINDS.has(l.kind)), entity.label);
  if (byLang.length) {
    facts.push(h("dt", {}, "Labels"), h("dd", {}, h("ul", { class: "inline-list" },
      byLang.map(([lang, values]) => h("li", {},
        lang ? [h("abbr", { class: "label-lang", title: LANGUAGES[lang] || lang }, lang), " "] : null,
        values.join(" · "))))));
  }
  if (entity.identifiers.length) {
    facts.push(h("dt", {}, "Identifiers"), h("dd", {}, h("ul", { class: "inline-list" },
      entity.identifiers.map((i) => h("li", {},
        h("span", { class: "muted" }, `${identifierName(i.name)} `),
        i.href
          ? h("a", { href: i.href, rel: "noopener noreferrer", target: "_blank", class: "external" },
            i.value, h("span", { class: "visually-hidden" }, " on Wikidata (opens in a new tab)"))
          : h("code", {}, i.value))))));
  }
  if (entity.iri) facts.push(h("dt", {}, "IRI"), h("dd", {}, h("code", { class: "iri" }, entity.iri)));
  return h("header", { class: "entity-head" },
    h("h1", { tabindex: "-1" }, entity.label),
    h("p", { class: "entity-types" }, (entity.types.length ? entity.types : [type]).map((t) =>
      h("span", { class: `chip chip--${typeKey(t)}` }, typeName(t))),
    typeof entity.mentionCount === "number"
      ? h("span", { class: "muted" }, ` ${plural(entity.mentionCount, "mention")} in the documents`) : null),
    entity.description ? h("p", { class: "lead" }, entity.description) : null,
    facts.length ? h("dl", { class: "facts" }, facts) : null);
}

function identifierName(name) {
  const names = { wikidata: "Wikidata", symbol: "symbol", iso3166: "ISO 3166", iso3166Alpha3: "ISO 3166 alpha-3",
    acronym: "acronym", kamerstuk: "Kamerstuk", atomicNumber: "atomic number", eli: "ELI" };
  return names[name] || name;
}

/** [[lang, [values]]], Dutch then English then others, the preferred label first in each. */
function groupLabels(labels, preferred) {
  const map = new Map();
  const sorted = [...labels].sort((a, b) => (a.kind === "pref" ? 0 : 1) - (b.kind === "pref" ? 0 : 1));
  for (const label of sorted) {
    const list = map.get(label.lang) || [];
    if (!list.includes(label.value)) list.push(label.value);
    map.set(label.lang, list);
  }
  if (!map.size && preferred) map.set("", [preferred]);
  const order = ["nl", "en"];
  const rank = (lang) => (order.includes(lang) ? order.indexOf(lang) : order.length);
  return [...map.entries()].sort(([a], [b]) => rank(a) - rank(b));
}

/** Facts grouped by relation and direction: [{name, label, direction, items: [{other, evidence}]}]. */
export function groupRelations(relations) {
  const groups = new Map();
  for (const rel of relations) {
    const key = `${rel.direction}:${rel.name}`;
    if (!groups.has(key)) groups.set(key, { name: rel.name, label: rel.label, direction: rel.direction, items: [] });
    groups.get(key).items.push({ other: rel.other, evidence: rel.evidence });
  }
  return [...groups.values()];
}

function heading(group) {
  const phrase = group.direction === "out" && group.label ? group.label : relationPhrase(group.name, group.direction);
  return phrase.charAt(0).toUpperCase() + phrase.slice(1);
}

function relationGroups(groups, terms) {
  const sorted = [...groups].sort((a, b) => heading(a).localeCompare(heading(b)));
  return sorted.map((group) => h("section", {
    class: "relation-group",
    dataset: { relation: group.name, direction: group.direction },
  },
  h("h3", { class: "relation-group__title" }, heading(group),
    h("span", { class: "count" }, ` ${group.items.length}`)),
  h("ul", { class: "relation-list" }, [...group.items]
    .sort((a, b) => a.other.label.localeCompare(b.other.label))
    .map((item) => relationItem(item, terms)))));
}

function relationItem(item, terms) {
  const highlight = terms.concat(item.other.label);
  const [first, ...more] = item.evidence;
  const documents = new Set(item.evidence.map((e) => e.document).filter(Boolean));
  return h("li", { class: "relation" },
    h("div", { class: "relation__head" },
      h("a", { href: link("entity", item.other.id), class: "relation__other" }, item.other.label),
      item.other.type ? h("span", { class: `chip chip--${typeKey(item.other.type)}` }, typeName(item.other.type)) : null,
      documents.size > 1 ? h("span", { class: "muted" }, `in ${plural(documents.size, "document")}`) : null),
    first ? evidenceQuote(first, highlight) : h("p", { class: "muted" }, "No evidence sentence recorded."),
    more.length ? h("details", { class: "more-evidence" },
      h("summary", {}, `${plural(more.length, "more sentence")}`),
      more.map((ev) => evidenceQuote(ev, highlight))) : null);
}

/** All facts, or with a focus section above, the facts with entities of other types. */
function relationsSection(entity, terms, focus) {
  const relations = focus ? entity.relations.filter((r) => r.other.type !== focus.type) : entity.relations;
  if (focus && !relations.length) return null;
  const groups = groupRelations(relations);
  return h("section", { class: "card", id: "relations", "aria-labelledby": "relations-title" },
    h("h2", { id: "relations-title" }, focus ? "Other relations" : "Relations",
      h("span", { class: "count" }, ` ${relations.length}`)),
    groups.length
      ? relationGroups(groups, terms)
      : h("p", { class: "muted" }, "No facts about this entity were read from the documents."));
}

function targetsSection(entity, terms) {
  if (!entity.targets.length) return null;
  return h("section", { class: "card", id: "targets", "aria-labelledby": "targets-title" },
    h("h2", { id: "targets-title" }, "Targets", h("span", { class: "count" }, ` ${entity.targets.length}`)),
    h("ul", { class: "relation-list" }, entity.targets.map((t) => h("li", { class: "relation" },
      h("div", { class: "relation__head" }, h("strong", {}, t.label),
        t.year ? h("span", { class: "muted" }, `by ${t.year}`) : null),
      evidenceQuote(t.evidence, terms)))));
}

function questionsSection(entity, terms) {
  if (!entity.questions.length) return null;
  const focus = entity.id;
  const relations = entity.questions.map((q) => ({
    ...q,
    direction: q.subject.id === focus ? "out" : "in",
    other: q.subject.id === focus ? q.object : q.subject,
  }));
  return h("section", { class: "card", id: "questions", "aria-labelledby": "questions-title" },
    h("details", {},
      h("summary", {}, h("h2", { id: "questions-title", class: "inline-heading" }, "Asked about",
        h("span", { class: "count" }, ` ${relations.length}`))),
      h("p", { class: "muted" }, "Facts the documents only ask about (for example in parliamentary questions); not asserted."),
      relationGroups(groupRelations(relations), terms)));
}

function documentsSection(entity) {
  if (!entity.documents.length) return null;
  return h("section", { class: "card", id: "mentioned-in", "aria-labelledby": "mentioned-title" },
    h("h2", { id: "mentioned-title" }, "Mentioned in", h("span", { class: "count" }, ` ${entity.documents.length}`)),
    h("ul", { class: "doc-list" }, entity.documents.map((d) => h("li", {},
      h("a", { href: link("document", d.id, { entity: entity.id }) }, d.title || d.id),
      h("span", { class: "muted" }, ` · ${[d.date, plural(d.mentions, "mention")].filter(Boolean).join(" · ")}`)))));
}

function statementsSection(entity) {
  if (!entity.statements.length) return null;
  return h("section", { class: "card", id: "statements", "aria-labelledby": "statements-title" },
    h("h2", { id: "statements-title" }, "More from the vocabularies"),
    h("dl", { class: "facts" }, entity.statements.map((s) => [
      h("dt", {}, s.property),
      h("dd", {}, s.iri && s.label && !s.iri.startsWith("http://www.w3.org/")
        ? statementLink(s) : [s.label || s.value, s.lang ? h("span", { class: "muted" }, ` @${s.lang}`) : null]),
    ])));
}

/** Key segments of entities that have pages (kg/iri.py KIND_SEGMENTS). */
const ENTITY_SEGMENTS = new Set(["material", "country", "organization", "policy", "person", "party", "document", "event", "sector"]);

function statementLink(statement) {
  const key = statement.iri.match(/\/id\/(([a-z]+)\/.+)$/);
  return key && ENTITY_SEGMENTS.has(key[2])
    ? h("a", { href: link("entity", key[1]) }, statement.label)
    : statement.label;
}

async function fillFocus(section, focus, entity, terms) {
  const title = section.querySelector("h2");
  let groups;
  try {
    groups = model.focusGroups(await focus.fetch(entity.id));
  } catch (error) {
    replace(section, title, errorBox(error, `${typePlural(focus.type)} could not be loaded:`));
    return;
  }
  const count = new Set(groups.flatMap((g) => g.items.map((i) => i.other.id))).size;
  title.append(h("span", { class: "count" }, ` ${count}`));
  replace(section, title,
    count
      ? relationGroups(groups, terms)
      : h("p", { class: "muted" }, `No ${typePlural(focus.type).toLowerCase()} are linked to ${entity.label} in the documents.`));
}

async function showGraph(section, entity, type, isCurrent) {
  if (!graph) graph = new NeighbourhoodGraph({ onOpen: (id) => go(link("entity", id)) });
  section.append(graph.element);
  try {
    const data = model.neighbourhood(await api.neighbours(entity.id));
    if (!isCurrent()) return;
    if (!data.nodes.some((n) => n.id === entity.id)) data.nodes.unshift({ id: entity.id, label: entity.label, type });
    await graph.show(entity.id, data, entity.label);
  } catch (error) {
    if (isCurrent()) section.append(errorBox(error, "The graph could not be drawn:"));
  }
}
