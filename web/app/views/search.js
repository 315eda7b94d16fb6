// The full list of search results (#/search?q=...).
import { api, listOf } from "../api.js";
import { h, loading, plural, replace } from "../dom.js";
import { summary } from "../model.js";
import { link } from "../router.js";
import { searchBox } from "../search.js";
import { highlightTerms } from "../text.js";
import { typeKey, typeName } from "../vocabulary.js";

export async function render(main, route, { isCurrent }) {
  const q = route.params.get("q") || "";
  const results = h("div", {}, loading("Searching"));
  replace(main,
    h("h1", { tabindex: "-1" }, q ? `Results for “${q}”` : "Search"),
    searchBox({ big: true, value: q }),
    results);
  if (!q) return "Search";
  const items = listOf(await api.search(q, { limit: 50 })).map(summary);
  if (!isCurrent()) return "";
  replace(results,
    h("p", { class: "muted" }, plural(items.length, "result")),
    items.length
      ? h("ul", { class: "result-list" }, items.map((item) => h("li", {},
        h("a", { href: link("entity", item.id) }, highlightTerms(item.label, [q])),
        " ",
        h("span", { class: `chip chip--${typeKey(item.type)}` }, typeName(item.type)),
        item.matched && item.matched !== item.label ? h("span", { class: "muted" }, ` also “${item.matched}”`) : null)))
      : h("p", {}, "Nothing found. Try another spelling, an abbreviation (NMO) or a symbol (Ga)."));
  return `Search: ${q}`;
}
