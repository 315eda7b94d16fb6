// Readable names for the ontology's entity types and relations.

export const TYPE_NAMES = {
  Material: "Material",
  Country: "Country",
  Organization: "Organisation",
  Policy: "Policy",
  Person: "Person",
  PoliticalParty: "Political party",
  Document: "Document",
  Event: "Event",
  Sector: "Sector",
};

export const TYPE_PLURALS = {
  Material: "Materials",
  Country: "Countries",
  Organization: "Organisations",
  Policy: "Policies",
  Person: "People",
  PoliticalParty: "Political parties",
  Document: "Documents",
  Event: "Events",
  Sector: "Sectors",
};

/** relation -> [reading from the subject, reading from the object]. */
const RELATIONS = {
  restrictsExportOf: ["restricts the export of", "export restricted by"],
  produces: ["produces", "produced by"],
  refines: ["refines", "refined by"],
  importsFrom: ["imports from", "supplies imports to"],
  dependsOn: ["depends on", "depended on by"],
  partnerOf: ["partner of", "partner of"],
  coordinates: ["coordinates", "coordinated by"],
  partOf: ["part of", "has part"],
  concerns: ["concerns", "concerned in"],
  usedIn: ["used in", "uses"],
  memberOf: ["member of", "has member"],
  authoredBy: ["authored by", "author of"],
  cites: ["cites", "cited by"],
  participatesIn: ["participates in", "has participant"],
};

/** The local name of an IRI or a "crm:x" name: "https://…#restrictsExportOf" -> "restrictsExportOf". */
export function localName(name) {
  const text = String(name || "");
  return text.split(/[#/:]/).pop() || text;
}

/** How a relation reads from one of its ends: relationPhrase("produces", "in") -> "produced by". */
export function relationPhrase(name, direction = "out") {
  const key = localName(name);
  const known = RELATIONS[key];
  if (known) return known[direction === "in" ? 1 : 0];
  const words = key.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return direction === "in" ? `${words} (inverse)` : words;
}

export function typeName(type) {
  const key = localName(type);
  return TYPE_NAMES[key] || key || "Entity";
}

export function typeKey(type) {
  return localName(type) || "Entity";
}

export function typePlural(type) {
  const key = localName(type);
  return TYPE_PLURALS[key] || `${key}s`;
}

/** Language names for label lists. */
export const LANGUAGES = { nl: "Dutch", en: "English", "": "no language" };
