// The start page: search, quick questions (each answered in a click or two), documents.
import { api, listOf } from "../api.js";
import { h, plural, replace } from "../dom.js";
import { documentInfo } from "../model.js";
import { link } from "../router.js";
import { searchBox } from "../search.js";

/** Questions an analyst asks first, with the page that answers each. */
const QUICK_QUESTIONS = [
  ["Which countries are linked to gallium?", link("entity", "material/gallium", { focus: "countries" })],
  ["Which materials does China restrict the export of?", link("entity", "country/cn", { focus: "materials" })],
  ["What do the documents say about the NMO?", link("entity", "organization/nmo")],
  ["Which policies does the Netherlands use, and who coordinates them?", link("query", "", { example: "cq03" })],
  ["How is the NMO connected to gallium?", link("query", "", { example: "cq15" })],
];

const START_FROM = [
  ["gallium", "material/gallium", "Material"],
  ["germanium", "material/germanium", "Material"],
  ["China", "country/cn", "Country"],
  ["Nederlands Materialen Observatorium", "organization/nmo", "Organization"],
  ["Nationale Grondstoffenstrategie", "policy/nationale-grondstoffenstrategie", "Policy"],
  ["Critical Raw Materials Act", "policy/critical-raw-materials-act", "Policy"],
];

export async function render(main) {
  const documents = h("div", {}, h("p", { class: "muted" }, "Loading the documents…"));
  const stats = h("p", { class: "stats muted" });
  replace(main,
    h("section", { class: "hero" },
      h("h1", { tabindex: "-1" }, "Critical raw materials, read from the documents"),
      h("p", { class: "lead" },
        "Materials, countries, policies and institutions named in Dutch and EU policy documents, "
        + "and the relations between them. Every fact links to the sentence it was read from."),
      searchBox({ big: true, autofocus: true }),
      stats),
    h("div", { class: "home-grid" },
      h("section", { class: "card", "aria-labelledby": "quick-questions" },
        h("h2", { id: "quick-questions" }, "Quick questions"),
        h("ul", { class: "link-list" },
          QUICK_QUESTIONS.map(([question, href]) => h("li", {}, h("a", { href }, question)))),
        h("p", { class: "muted" }, "More questions as SPARQL queries in the ",
          h("a", { href: link("query") }, "SPARQL editor"), ".")),
      h("section", { class: "card", "aria-labelledby": "start-from" },
        h("h2", { id: "start-from" }, "Start from"),
        h("ul", { class: "chip-list" },
          START_FROM.map(([label, id, type]) => h("li", {},
            h("a", { class: `chip chip--link chip--${type}`, href: link("entity", id) }, label))))),
      h("section", { class: "card card--wide", "aria-labelledby": "home-documents" },
        h("h2", { id: "home-documents" }, "Documents"),
        documents)));

  api.documents().then((data) => {
    const items = listOf(data).map(documentInfo);
    replace(documents, items.length
      ? h("ul", { class: "doc-list" }, items.map(documentItem))
      : h("p", { class: "muted" }, "No documents yet."));
  }).catch((error) => replace(documents, h("p", { class: "muted" }, error.message)));

  api.stats().then((data) => {
    const parts = statsParts(data);
    if (parts.length) replace(stats, `The graph holds ${parts.join(", ")}.`);
  }).catch(() => {});
  return "";
}

export function documentItem(doc) {
  return h("li", {},
    h("a", { href: link("document", doc.id) }, doc.title || doc.id),
    h("span", { class: "muted" }, " · ", [doc.date, doc.language, doc.kind].filter(Boolean).join(" · ")));
}

function statsParts(data) {
  const names = [["documents", "document"], ["entities", "entity"], ["facts", "fact"],
    ["triples", "triple"]];
  const out = [];
  for (const [key, word] of names) {
    const value = data && data[key];
    if (typeof value === "number") out.push(plural(value, word, word === "entity" ? "entities" : `${word}s`));
  }
  return out;
}
