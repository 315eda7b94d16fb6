// The search box: an ARIA 1.2 combobox with suggestions as you type.
// Arrow keys move through the suggestions, Enter opens the highlighted one (or the result list),
// Escape closes the list.
import { api, listOf } from "./api.js";
import { h } from "./dom.js";
import { summary } from "./model.js";
import { go, link } from "./router.js";
import { highlightTerms } from "./text.js";
import { typeKey, typeName } from "./vocabulary.js";

let counter = 0;

/** A search form; `big` makes the start page's version. */
export function searchBox({ big = false, value = "", autofocus = false } = {}) {
  counter += 1;
  const id = `search-${counter}`;
  const listId = `${id}-list`;
  const input = h("input", {
    id,
    type: "search",
    name: "q",
    class: "search__input",
    role: "combobox",
    "aria-autocomplete": "list",
    "aria-expanded": "false",
    "aria-controls": listId,
    autocomplete: "off",
    spellcheck: "false",
    placeholder: "Search: gallium, China, NMO…",
    value,
    autofocus,
  });
  const list = h("ul", { id: listId, class: "search__list", role: "listbox", "aria-label": "Suggestions", hidden: true });
  const hint = h("p", { class: "visually-hidden", id: `${id}-hint` },
    "Suggestions appear as you type; use the arrow keys to choose one and Enter to open it.");
  input.setAttribute("aria-describedby", hint.id);
  const form = h("form", { class: `search${big ? " search--big" : ""}`, role: "search" },
    h("label", { for: id, class: big ? "search__label" : "visually-hidden" }, "Search the graph"),
    h("div", { class: "search__box" },
      input,
      h("button", { type: "submit", class: "button search__button" }, "Search")),
    list,
    hint);

  const state = { items: [], active: -1, controller: null, timer: 0, lastQuery: "" };

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    state.active = -1;
  }

  function setActive(index) {
    const options = [...list.querySelectorAll("[role=option]")];
    if (!options.length) return;
    state.active = (index + options.length) % options.length;
    options.forEach((option, i) => option.setAttribute("aria-selected", String(i === state.active)));
    const current = options[state.active];
    input.setAttribute("aria-activedescendant", current.id);
    current.scrollIntoView({ block: "nearest" });
  }

  function open(item) {
    close();
    go(link("entity", item.id));
  }

  function render(items, q) {
    state.items = items;
    state.active = -1;
    list.replaceChildren(...items.map((item, i) =>
      h("li", {
        id: `${id}-option-${i}`,
        role: "option",
        "aria-selected": "false",
        class: "search__option",
        onmousedown: (event) => event.preventDefault(),
        onclick: () => open(item),
      },
      h("span", { class: "search__option-label" }, highlightTerms(item.label, [q])),
      " ",
      item.matched && item.matched !== item.label
        ? [h("span", { class: "search__option-match" }, "“", highlightTerms(item.matched, [q]), "”"), " "] : null,
      h("span", { class: `chip chip--${typeKey(item.type)}` }, typeName(item.type)))));
    if (!items.length && q) {
      list.append(h("li", { class: "search__empty", role: "presentation" }, `Nothing found for “${q}”.`));
    }
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  async function suggest() {
    const q = input.value.trim();
    if (q === state.lastQuery && !list.hidden) return;
    state.lastQuery = q;
    if (state.controller) state.controller.abort();
    if (!q) {
      close();
      return;
    }
    state.controller = new AbortController();
    try {
      const data = await api.search(q, { limit: 8, signal: state.controller.signal });
      if (input.value.trim() !== q) return;
      render(listOf(data).map(summary), q);
    } catch (error) {
      if (error.name !== "AbortError") {
        list.replaceChildren(h("li", { class: "search__empty", role: "presentation" }, error.message));
        list.hidden = false;
      }
    }
  }

  input.addEventListener("input", () => {
    window.clearTimeout(state.timer);
    state.timer = window.setTimeout(suggest, 120);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (list.hidden) suggest().then(() => setActive(0));
      else setActive(state.active + 1);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      if (!list.hidden) setActive(state.active - 1);
    } else if (event.key === "Escape") {
      if (!list.hidden) {
        event.preventDefault();
        close();
      }
    } else if (event.key === "Enter" && state.active >= 0 && !list.hidden) {
      event.preventDefault();
      open(state.items[state.active]);
    }
  });
  input.addEventListener("blur", () => window.setTimeout(close, 150));
  input.addEventListener("focus", () => {
    if (input.value.trim() && state.items.length) render(state.items, input.value.trim());
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const q = input.value.trim();
    if (!q) return;
    close();
    go(link("search", "", { q }));
  });
  return form;
}
