// The list of documents in the graph.
import { api, listOf } from "../api.js";
import { h, plural, replace } from "../dom.js";
import { documentInfo } from "../model.js";
import { link } from "../router.js";

export async function render(main, _route, { isCurrent }) {
  const items = listOf(await api.documents()).map(documentInfo);
  if (!isCurrent()) return "";
  replace(main,
    h("h1", { tabindex: "-1" }, "Documents"),
    h("p", { class: "muted" }, `${plural(items.length, "document")} in the graph.`),
    h("div", { class: "table-wrap" },
      h("table", { class: "table" },
        h("thead", {}, h("tr", {},
          h("th", { scope: "col" }, "Title"), h("th", { scope: "col" }, "Date"),
          h("th", { scope: "col" }, "Kind"), h("th", { scope: "col" }, "Language"),
          h("th", { scope: "col" }, "Id"))),
        h("tbody", {}, items.map((doc) => h("tr", {},
          h("td", {}, h("a", { href: link("document", doc.id) }, doc.title || doc.id)),
          h("td", {}, doc.date || "—"), h("td", {}, doc.kind || "—"),
          h("td", {}, doc.language || "—"), h("td", {}, h("code", {}, doc.id))))))));
  return "Documents";
}
