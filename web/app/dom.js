// Small helpers to build DOM nodes without innerHTML (so text from the graph is never markup).

/**
 * Create an element: h("a", {href: "#/", class: "x"}, "text", childNode, [more, children]).
 * Attributes starting with "on" are event listeners; `false`, `null` and `undefined` are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on") && typeof value === "function") {
      el.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === "dataset") {
      Object.assign(el.dataset, value);
    } else if (value === true) {
      el.setAttribute(name, "");
    } else {
      el.setAttribute(name, String(value));
    }
  }
  append(el, children);
  return el;
}

/** Append children (strings, nodes, nested arrays; nullish ones skipped). */
export function append(parent, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replace all children of `el`. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** Tell screen-reader users what happened (a polite live region in index.html). */
export function announce(message) {
  const region = document.querySelector("[data-announcer]");
  if (!region) return;
  region.textContent = "";
  window.setTimeout(() => { region.textContent = message; }, 50);
}

/** A loading placeholder. */
export function loading(what = "Loading") {
  return h("p", { class: "loading", role: "status" }, `${what}…`);
}

/** An error message block. */
export function errorBox(error, title = "Something went wrong") {
  return h("div", { class: "notice notice--error", role: "alert" },
    h("strong", {}, title), " ", error && error.message ? error.message : String(error));
}

/** Plural helper: plural(2, "document") -> "2 documents". */
export function plural(n, word, many = `${word}s`) {
  return `${n} ${n === 1 ? word : many}`;
}
