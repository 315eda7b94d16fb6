// The SPARQL editor: YASGUI's editor (syntax highlighting, prefixes, autocompletion) and result
// viewer (table, raw response, CSV download), the competency questions as examples, and the
// query in the URL (#/query?query=...) so that every query is a link to share.
import { api } from "../api.js";
import { errorBox, h, loading, replace } from "../dom.js";
import { link, replaceQuietly } from "../router.js";
import { loadYasgui } from "../yasgui.js";

/** The editor is built once and kept, so that going back to it keeps the query and results. */
let page = null;

export async function render(main, route, { isCurrent }) {
  if (!page) {
    replace(main, loading("Loading the SPARQL editor"));
    const [Yasgui, examples, settings] = await Promise.all([
      loadYasgui(), api.exampleQueries(), api.editorSettings(),
    ]);
    if (!page) page = buildPage(Yasgui, examples, settings);
  }
  if (!isCurrent()) return "";
  replace(main, page.element);
  page.refresh();
  page.applyRoute(route);
  return "SPARQL";
}

function defaultQuery(prefixes) {
  const lines = Object.entries(prefixes).map(([name, iri]) => `PREFIX ${name}: <${iri}>`);
  return `${lines.join("\n")}

# Materials in the graph, with their English names
SELECT ?material ?label WHERE {
  ?material a crm:Material ; skos:prefLabel ?label .
  FILTER(lang(?label) = "en")
}
ORDER BY ?label
LIMIT 50
`;
}

function shareLink(query) {
  return `${window.location.origin}/${link("query", "", { query })}`;
}

function buildPage(Yasgui, examples, settings) {
  const { Yasqe, Yasr } = Yasgui;
  const editorEl = h("div", { class: "query-editor" });
  const resultsEl = h("div", { class: "query-results", "aria-live": "polite" });
  const status = h("p", { class: "query-status muted", role: "status" });
  const examplesList = h("ol", { class: "example-list" }, examples.map((ex) => h("li", {},
    h("a", { href: link("query", "", { example: ex.name }), title: ex.description, dataset: { example: ex.name } }, ex.title))));
  const examplesBox = h("details", { class: "card examples", open: window.matchMedia("(min-width: 900px)").matches },
    h("summary", {}, h("h2", { class: "examples__title" }, "Example questions")),
    h("p", { class: "muted" }, "The competency questions of the project. Choose one to load and run it."),
    examplesList);
  const runButton = h("button", { type: "button", class: "button", onclick: () => run() }, "Run query");
  const copyButton = h("button", { type: "button", class: "button button--secondary", onclick: () => copyLink() }, "Copy link to this query");
  const resetButton = h("button", { type: "button", class: "button button--secondary", onclick: () => {
    yasqe.setValue(defaultQuery(settings.prefixes));
    replaceQuietly(link("query"));
    yasqe.focus();
  } }, "New query");
  const element = h("div", { class: "query-page" },
    h("h1", { tabindex: "-1" }, "SPARQL"),
    h("p", { class: "muted" }, "Query the graph at ", h("code", {}, settings.endpoint),
      ". Ctrl+Enter runs the query; Esc leaves the editor, Tab then moves on."),
    h("div", { class: "query-layout" },
      examplesBox,
      h("div", { class: "query-main" },
        h("div", { class: "card query-editor-card" },
          h("label", { class: "visually-hidden", id: "editor-label" }, "SPARQL query"),
          editorEl,
          h("div", { class: "query-actions" }, runButton, copyButton, resetButton, status)),
        h("section", { class: "card", "aria-labelledby": "results-title" },
          h("h2", { id: "results-title" }, "Results"),
          resultsEl))));

  const yasqe = new Yasqe(editorEl, {
    value: defaultQuery(settings.prefixes),
    persistenceId: null,
    consumeShareLink: null,
    createShareableLink: () => shareLink(yasqe.getValue()),
    autocompleters: ["prefixes", "variables"],
    resizeable: true,
    editorHeight: "340px",
    requestConfig: {
      endpoint: settings.endpoint,
      method: "POST",
      acceptHeaderSelect: "application/sparql-results+json",
      acceptHeaderGraph: "text/turtle",
    },
  });
  const input = yasqe.getInputField();
  input.setAttribute("aria-labelledby", "editor-label");

  const yasr = new Yasr(resultsEl, {
    persistenceId: null,
    prefixes: () => ({ ...settings.prefixes, ...yasqe.getPrefixesFromQuery() }),
    defaultPlugin: "table",
    pluginOrder: ["table", "response"],
    getDownloadFileName: () => "crmkg-results",
    getPlainQueryLinkToEndpoint: () => `${settings.endpoint}?query=${encodeURIComponent(yasqe.getValue())}`,
  });

  let started = 0;
  yasqe.on("query", () => {
    started = performance.now();
    status.textContent = "Running…";
    runButton.disabled = true;
    replaceQuietly(link("query", "", { query: yasqe.getValue() }));
  });
  yasqe.on("queryResponse", (_, response, duration) => {
    runButton.disabled = false;
    yasr.setResponse(response, duration);
    const rows = yasr.results?.getBindings?.()?.length;
    const seconds = ((duration ?? performance.now() - started) / 1000).toFixed(2);
    status.textContent = yasr.results?.getError?.()
      ? "The query failed; see the message below."
      : typeof rows === "number" ? `${rows} ${rows === 1 ? "row" : "rows"} in ${seconds} s.` : `Done in ${seconds} s.`;
    linkEntities(resultsEl, settings.entity_base);
  });
  yasqe.on("queryAbort", () => {
    runButton.disabled = false;
    status.textContent = "Stopped.";
  });
  new MutationObserver(() => linkEntities(resultsEl, settings.entity_base))
    .observe(resultsEl, { childList: true, subtree: true });

  function run() {
    yasqe.query().catch(() => {});
  }

  async function copyLink() {
    const url = shareLink(yasqe.getValue());
    replaceQuietly(link("query", "", { query: yasqe.getValue() }));
    try {
      await navigator.clipboard.writeText(url);
      status.textContent = "The link to this query is copied.";
    } catch {
      window.prompt("Copy the link to this query:", url);
    }
  }

  function applyRoute(route) {
    const name = route.params.get("example");
    const text = route.params.get("query");
    for (const a of examplesList.querySelectorAll("a")) {
      if (a.dataset.example === name) a.setAttribute("aria-current", "true");
      else a.removeAttribute("aria-current");
    }
    const example = name && examples.find((ex) => ex.name === name);
    if (name && !example) {
      resultsEl.before(errorBox(new Error(`There is no example called “${name}”.`)));
      return;
    }
    const wanted = example ? example.query : text;
    if (wanted && wanted !== yasqe.getValue()) {
      yasqe.setValue(wanted);
      run();
    } else if (wanted && !yasr.results) {
      run();
    }
  }

  return {
    element,
    applyRoute,
    refresh: () => {
      yasqe.refresh();
    },
  };
}

/** Entity IRIs in the results link to their pages here instead of leaving the site. */
function linkEntities(root, base) {
  for (const a of root.querySelectorAll("a.iri")) {
    const href = a.getAttribute("href") || "";
    if (!href.startsWith(base) || a.dataset.local) continue;
    a.dataset.local = "1";
    const key = href.slice(base.length);
    a.setAttribute("href", link("entity", key));
    a.removeAttribute("target");
    a.textContent = key;
    a.title = `${href} (opens its page here)`;
  }
}
