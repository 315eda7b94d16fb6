// Client-side routing in the URL fragment, so every page is a link: #/entity/material/gallium,
// #/document/002_x?start=10&end=90, #/query?query=SELECT..., #/search?q=gallium.

/** The current route: {name, rest, params} for "#/name/rest...?params". */
export function currentRoute(hash = window.location.hash) {
  const raw = hash.replace(/^#\/?/, "");
  const [pathPart, queryPart = ""] = splitOnce(raw, "?");
  const segments = pathPart.split("/").filter(Boolean).map(safeDecode);
  return {
    name: segments[0] || "home",
    rest: segments.slice(1).join("/"),
    params: new URLSearchParams(queryPart),
  };
}

/** A fragment link: link("entity", "material/gallium", {tab: "x"}) -> "#/entity/material/gallium?tab=x". */
export function link(name, rest = "", params = {}) {
  const text = String(rest ?? "");
  // Keys keep their slashes (#/entity/material/gallium); a full IRI is one encoded segment.
  const segments = text.includes("://") ? [text] : text.split("/").filter(Boolean);
  const path = [name, ...segments.map(encodeURIComponent)].join("/");
  const query = new URLSearchParams(
    Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ""),
  ).toString();
  return `#/${path}${query ? `?${query}` : ""}`;
}

/** Go to a fragment link (adds a history entry). */
export function go(target) {
  if (window.location.hash === target) {
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  } else {
    window.location.hash = target;
  }
}

/** Replace the current fragment without a new history entry and without re-rendering. */
export function replaceQuietly(target) {
  const url = new URL(window.location.href);
  url.hash = target;
  window.history.replaceState(window.history.state, "", url);
}

/** Call `render(route)` now and on every fragment change. */
export function startRouter(render) {
  const run = () => render(currentRoute());
  window.addEventListener("hashchange", run);
  run();
}

function splitOnce(text, separator) {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ""] : [text.slice(0, at), text.slice(at + 1)];
}

function safeDecode(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
