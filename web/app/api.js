// The REST API of this server, as the page uses it. Every request goes to this origin.

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** An entity id as a URL path: each segment encoded, slashes kept ("material/gallium"). */
export function idPath(id) {
  return String(id).split("/").map(encodeURIComponent).join("/");
}

async function getJSON(path, { signal } = {}) {
  let response;
  try {
    response = await fetch(path, { headers: { Accept: "application/json" }, signal });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError(0, "The server cannot be reached.");
  }
  if (!response.ok) {
    let detail = `${response.status} ${response.statusText}`;
    try {
      const problem = await response.json();
      detail = problem.detail || problem.title || detail;
    } catch { /* not JSON */ }
    throw new ApiError(response.status, detail);
  }
  return response.json();
}

function query(params) {
  const search = new URLSearchParams(
    Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ""),
  ).toString();
  return search ? `?${search}` : "";
}

/** The list inside a response, whether it is a bare list or {items|results|...: [...]}. */
export function listOf(data, ...keys) {
  if (Array.isArray(data)) return data;
  for (const key of [...keys, "items", "results", "entities", "documents"]) {
    if (data && Array.isArray(data[key])) return data[key];
  }
  return [];
}

export const api = {
  search: (q, { limit = 10, signal } = {}) =>
    getJSON(`/api/entities${query({ q, limit })}`, { signal }),
  entity: (id, opts) => getJSON(`/api/entities/${idPath(id)}`, opts),
  neighbours: (id, opts) => getJSON(`/api/entities/${idPath(id)}/neighbours`, opts),
  countriesOfMaterial: (id, opts) => getJSON(`/api/materials/${idPath(id)}/countries`, opts),
  materialsOfCountry: (id, opts) => getJSON(`/api/countries/${idPath(id)}/materials`, opts),
  documents: (opts) => getJSON("/api/documents", opts),
  document: (id, opts) => getJSON(`/api/documents/${idPath(id)}`, opts),
  stats: (opts) => getJSON("/api/stats", opts),
  exampleQueries: (opts) => getJSON("/api/queries", opts),
  editorSettings: (opts) => getJSON("/api/editor", opts),
};
