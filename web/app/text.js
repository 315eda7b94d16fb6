// Text helpers: diacritics-insensitive matching and highlighting spans of a text.
import { h } from "./dom.js";

/** Fold one string for matching: lower case, no diacritics ("Oekraïne" -> "oekraine"). */
export function fold(text) {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/**
 * Fold `text` character by character, keeping for each folded character the index of the
 * original character it came from, so matches in the folded text map back to the original.
 */
function foldWithIndex(text) {
  let folded = "";
  const origin = [];
  let index = 0;
  for (const char of text) {
    const f = fold(char);
    for (let k = 0; k < f.length; k += 1) origin.push(index);
    folded += f;
    index += char.length;
  }
  origin.push(index);
  return { folded, origin };
}

const WORD = /[\p{L}\p{N}]/u;

/**
 * The spans of `text` where any of `terms` occurs as a whole word, longest terms first, without
 * overlaps: [{start, end}], sorted. A term is a string (matched ignoring case and diacritics) or
 * {text, exact}: exact terms (codes such as "Ga" or "CN") must match with their case.
 */
export function findTerms(text, terms) {
  const { folded, origin } = foldWithIndex(text);
  const wanted = new Map();
  for (const term of terms) {
    const raw = typeof term === "string" ? term : term && term.text;
    if (!raw || raw.trim().length < 2) continue;
    const exact = typeof term === "object" && Boolean(term.exact);
    const key = exact ? raw : fold(raw);
    if (!wanted.has(key) || !exact) wanted.set(key, { key, exact, length: raw.length });
  }
  const taken = [];
  const ordered = [...wanted.values()].sort((a, b) => b.key.length - a.key.length);
  for (const { key, exact } of ordered) {
    const haystack = exact ? text : folded;
    let at = haystack.indexOf(key);
    while (at >= 0) {
      const end = at + key.length;
      const before = at === 0 ? "" : haystack[at - 1];
      const after = end >= haystack.length ? "" : haystack[end];
      const start = exact ? at : origin[at];
      const stop = exact ? end : origin[end];
      const whole = !WORD.test(before) && !WORD.test(after);
      if (whole && !taken.some((s) => start < s.end && stop > s.start)) {
        taken.push({ start, end: stop });
      }
      at = haystack.indexOf(key, at + 1);
    }
  }
  return taken.sort((a, b) => a.start - b.start);
}

/**
 * Render `text` with `spans` ([{start, end, ...}], offsets into text) wrapped by
 * `wrap(span, textOfSpan)`, which returns a node. Overlapping spans: the first one wins.
 */
export function markSpans(text, spans, wrap) {
  const out = [];
  let cursor = 0;
  for (const span of [...spans].sort((a, b) => a.start - b.start || b.end - a.end)) {
    if (span.start < cursor || span.end <= span.start || span.end > text.length) continue;
    if (span.start > cursor) out.push(text.slice(cursor, span.start));
    out.push(wrap(span, text.slice(span.start, span.end)));
    cursor = span.end;
  }
  if (cursor < text.length) out.push(text.slice(cursor));
  return out;
}

/** A sentence with the given terms highlighted as <mark>. */
export function highlightTerms(sentence, terms) {
  return markSpans(sentence, findTerms(sentence, terms), (_, t) => h("mark", {}, t));
}
