// Evidence: the sentence a fact was read from, the names in it highlighted, a link to its place
// in the document, and how it was read (rule, confidence, quantities).
import { h } from "./dom.js";
import { link } from "./router.js";
import { findTerms, markSpans } from "./text.js";

/** Qualifier names shown with a fact. */
const QUALIFIERS = { share: "share", amount: "amount", year: "year", role: "role", quantityText: "quantity", unit: "unit" };

/**
 * One evidence sentence as a <blockquote>; `terms` (strings or {text, exact}) are highlighted.
 */
export function evidenceQuote(ev, terms = []) {
  const spans = [...mentionSpans(ev)];
  for (const found of findTerms(ev.sentence, terms)) {
    if (!spans.some((s) => found.start < s.end && found.end > s.start)) spans.push(found);
  }
  const sentence = markSpans(ev.sentence, spans, (_, text) => h("mark", {}, text));
  const source = ev.document
    ? h("a", {
      href: link("document", ev.document, { start: ev.start, end: ev.end }),
      class: "evidence__source",
    }, ev.documentTitle || `document ${ev.document}`)
    : null;
  const details = [
    ...Object.entries(ev.qualifiers || {})
      .filter(([name]) => QUALIFIERS[name])
      .map(([name, value]) => `${QUALIFIERS[name]} ${formatQualifier(name, value)}`),
    ev.mood && ev.mood !== "asserted" ? ev.mood : null,
    ev.rule ? `rule ${ev.rule}` : null,
    typeof ev.confidence === "number" ? `confidence ${ev.confidence.toFixed(2)}` : null,
  ].filter(Boolean);
  return h("blockquote", { class: "evidence" },
    h("p", { class: "evidence__sentence" }, "“", sentence, "”"),
    h("footer", { class: "evidence__footer" },
      source ? ["— ", source, ev.documentTitle ? h("span", { class: "muted" }, ` (${ev.document})`) : null] : null,
      details.length ? h("span", { class: "evidence__how" }, ` · ${details.join(" · ")}`) : null));
}

/**
 * The mentions the evidence carries (offsets in the document, or in the sentence), as spans of
 * the sentence. The REST layer may add them; until then the names are found by matching labels.
 */
function mentionSpans(ev) {
  const base = typeof ev.start === "number" ? ev.start : 0;
  const length = ev.sentence.length;
  return (ev.mentions || []).map((m) => {
    const absolute = typeof ev.start === "number" && m.start >= base && m.end <= base + length;
    return absolute ? { start: m.start - base, end: m.end - base } : { start: m.start, end: m.end };
  }).filter((m) => Number.isInteger(m.start) && m.start >= 0 && m.end <= length && m.end > m.start);
}

function formatQualifier(name, value) {
  if (name === "share" && typeof value === "number") {
    return `${Math.round((value <= 1 ? value * 100 : value) * 10) / 10}%`;
  }
  return String(value);
}
