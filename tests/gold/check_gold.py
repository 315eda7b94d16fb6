"""Checks the gold annotations in tests/gold/*.json against the corpus, the key rules and the vocabularies.

Run with the project's Python:  .venv/bin/python tests/gold/check_gold.py [-v]
(It is a script, not a pytest module.) Exit status 0 when everything holds, 1 otherwise.

Checks:
- every JSON file parses and has the shape {"document", "entities", "relations"[, "targets"]};
- "document" is the file stem and data/corpus/{stem}.txt exists;
- every entity key is well-formed (segment/slug; countries are ISO alpha-2; corpus documents keep
  their stem; Kamerstukken follow document/kst-...), its type fits its segment, keys are unique,
  and every mention occurs in the text (whitespace-insensitive, also after joining words
  hyphenated across line ends);
- every relation uses one of the 14 predicates, its subject and object are listed entities, their
  types fit the relation's signature, its evidence is a verbatim substring of the raw file, and
  no relation is listed twice;
- every organization/policy/party/sector/event key exists in ontology/vocab/*.ttl (parsed with
  rdflib, publicID https://example.org/id/); material and country keys are checked too once
  ontology/vocab/materials.ttl and countries.ttl exist.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import rdflib
from rdflib.namespace import RDF, SKOS

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CORPUS = ROOT / "data" / "corpus"
VOCAB = ROOT / "ontology" / "vocab"
BASE = "https://example.org/id/"

SEGMENTS = {
    "material": "Material",
    "country": "Country",
    "organization": "Organization",
    "policy": "Policy",
    "person": "Person",
    "party": "PoliticalParty",
    "document": "Document",
    "event": "Event",
    "sector": "Sector",
}
C, O, S, M = "Country", "Organization", "Sector", "Material"
P, PER, PTY, DOC, EV = "Policy", "Person", "PoliticalParty", "Document", "Event"

#: predicate -> allowed (subject type, object type) pairs
SIGNATURES: dict[str, set[tuple[str, str]]] = {
    "restrictsExportOf": {(s, M) for s in (C, O)},
    "produces": {(s, M) for s in (C, O)},
    "refines": {(s, M) for s in (C, O)},
    "importsFrom": {(s, o) for s in (C, O) for o in (C, O)},
    "dependsOn": {(s, o) for s in (C, O, S) for o in (M, C, O)},
    "partnerOf": {(s, o) for s in (C, O) for o in (C, O)},
    "coordinates": {(O, P)},
    "partOf": {(P, P), (O, O), (EV, EV), (C, O)},
    "concerns": {(s, M) for s in (P, EV, DOC)},
    "usedIn": {(M, S)},
    "memberOf": {(PER, PTY), (PER, O)},
    "authoredBy": {(DOC, o) for o in (PER, O, PTY)},
    "cites": {(DOC, DOC)},
    "participatesIn": {(s, o) for s in (C, O, PER) for o in (EV, P)},
}
SYMMETRIC = {"partnerOf"}
VOCAB_CHECKED = {"organization", "policy", "party", "sector", "event"}
OPTIONAL_VOCAB = {"material": "materials.ttl", "country": "countries.ttl"}

SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
KEY_RE = re.compile(rf"^(?P<seg>[a-z]+)/(?P<slug>{SLUG})$")
KST_RE = re.compile(r"^document/kst-[0-9]+(?:-[0-9]+)?(?:-[ivxlc]+|-[a-z])?-[0-9]+$")
MOOD = {"asserted", "question"}


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def load_vocab_keys() -> tuple[set[str], list[str]]:
    """Keys (segment/slug) of every skos:Concept in ontology/vocab/*.ttl."""
    keys: set[str] = set()
    problems: list[str] = []
    for path in sorted(VOCAB.glob("*.ttl")):
        graph = rdflib.Graph()
        try:
            graph.parse(path, format="turtle", publicID=BASE)
        except Exception as exc:
            problems.append(f"{path.name}: does not parse: {exc}")
            continue
        for concept in graph.subjects(RDF.type, SKOS.Concept):
            iri = str(concept)
            if iri.startswith(BASE):
                keys.add(iri[len(BASE) :])
    return keys, problems


def key_problem(key: str, corpus_stems: set[str]) -> str | None:
    if key.startswith("document/"):
        stem = key[len("document/") :]
        if stem in corpus_stems:
            return None
        if stem.startswith("kst-"):
            return None if KST_RE.match(key) else "malformed Kamerstuk key"
    m = KEY_RE.match(key)
    if not m:
        return "not segment/slug (lowercase ASCII, hyphens)"
    if m["seg"] not in SEGMENTS:
        return f"unknown segment {m['seg']!r}"
    if m["seg"] == "country" and not re.fullmatch(r"[a-z]{2}", m["slug"]):
        return "country keys are ISO 3166-1 alpha-2 codes"
    return None


def check_file(
    path: Path,
    vocab_keys: set[str],
    optional_segments: set[str],
    corpus_stems: set[str],
    verbose: bool,
) -> tuple[list[str], dict[str, int]]:
    errors: list[str] = []
    name = path.name
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except Exception as exc:
        return [f"{name}: invalid JSON: {exc}"], {}
    if not isinstance(data, dict) or not {"document", "entities", "relations"} <= set(data):
        return [f"{name}: needs the keys document, entities, relations"], {}
    stem = data["document"]
    if stem != path.stem:
        errors.append(f"{name}: document {stem!r} is not the file stem")
    source = CORPUS / f"{stem}.txt"
    if not source.exists():
        return errors + [f"{name}: no corpus file {source}"], {}
    text = source.read_text(encoding="utf-8")
    flat = squeeze(text)
    flat_joined = squeeze(re.sub(r"-[ \t]*\n\s*", "", text))
    flat_slash = squeeze(re.sub(r"(?<=[/-])[ \t]*\n\s*", "", text))

    types: dict[str, str] = {}
    for ent in data["entities"]:
        key = ent.get("id", "")
        where = f"{name}: entity {key!r}"
        if key in types:
            errors.append(f"{where}: listed twice")
        problem = key_problem(key, corpus_stems)
        if problem:
            errors.append(f"{where}: {problem}")
            continue
        seg = key.split("/", 1)[0]
        if ent.get("type") != SEGMENTS[seg]:
            errors.append(f"{where}: type {ent.get('type')!r} does not fit segment {seg!r}")
        if not ent.get("label"):
            errors.append(f"{where}: no label")
        types[key] = SEGMENTS[seg]
        if (seg in VOCAB_CHECKED or seg in optional_segments) and key not in vocab_keys:
            errors.append(f"{where}: not in the vocabularies (ontology/vocab/*.ttl)")
        for mention in ent.get("mentions", []):
            s = squeeze(mention)
            if s and s not in flat and s not in flat_joined and s not in flat_slash:
                errors.append(f"{where}: mention {mention!r} not found in the text")
    if f"document/{stem}" not in types:
        errors.append(f"{name}: the corpus document itself (document/{stem}) is not listed")

    seen: set[str] = set()
    per_predicate: dict[str, int] = {}
    for i, rel in enumerate(data["relations"]):
        s, p, o = rel.get("subject"), rel.get("predicate"), rel.get("object")
        where = f"{name}: relation {i} ({s} {p} {o})"
        if p not in SIGNATURES:
            errors.append(f"{where}: unknown predicate")
            continue
        per_predicate[p] = per_predicate.get(p, 0) + 1
        for k in (s, o):
            if k not in types:
                errors.append(f"{where}: {k!r} is not among the document's entities")
        if s in types and o in types and (types[s], types[o]) not in SIGNATURES[p]:
            errors.append(f"{where}: {types[s]} -> {types[o]} does not fit the signature of {p}")
        if s == o:
            errors.append(f"{where}: subject and object are the same")
        evidence = rel.get("evidence")
        if not isinstance(evidence, str) or not evidence.strip():
            errors.append(f"{where}: no evidence")
        elif evidence not in text:
            errors.append(
                f"{where}: evidence is not a verbatim substring of {source.name}: {evidence[:80]!r}"
            )
        qualifiers = rel.get("qualifiers", {})
        if not isinstance(qualifiers, dict):
            errors.append(f"{where}: qualifiers must be an object")
            qualifiers = {}
        if "mood" in qualifiers and qualifiers["mood"] not in MOOD:
            errors.append(f"{where}: mood must be one of {sorted(MOOD)}")
        pair = (s, o) if p not in SYMMETRIC else tuple(sorted((str(s), str(o))))
        ident = json.dumps([pair, p, qualifiers], sort_keys=True, ensure_ascii=False)
        if ident in seen:
            errors.append(f"{where}: listed twice (same triple and qualifiers)")
        seen.add(ident)

    for j, target in enumerate(data.get("targets", [])):
        where = f"{name}: target {j}"
        if target.get("policy") not in types:
            errors.append(f"{where}: policy {target.get('policy')!r} is not among the entities")
        if target.get("evidence", "") not in text or not target.get("evidence"):
            errors.append(f"{where}: evidence is not a verbatim substring")

    counts = {"entities": len(types), "relations": len(data["relations"])}
    if verbose:
        print(
            f"  {name}: {counts['entities']} entities, {counts['relations']} relations "
            f"({', '.join(f'{k} {v}' for k, v in sorted(per_predicate.items()))})"
        )
    return errors, counts


def main(argv: list[str]) -> int:
    verbose = "-v" in argv or "--verbose" in argv
    vocab_keys, errors = load_vocab_keys()
    optional_segments = {seg for seg, fname in OPTIONAL_VOCAB.items() if (VOCAB / fname).exists()}
    missing = sorted(fname for seg, fname in OPTIONAL_VOCAB.items() if seg not in optional_segments)
    if missing:
        print(
            f"note: {', '.join(missing)} not there yet: material/country keys checked for form only"
        )
    corpus_stems = {p.stem for p in CORPUS.glob("*.txt")}
    files = sorted(HERE.glob("*.json"))
    if not files:
        errors.append("no gold files in tests/gold")
    covered = {f.stem for f in files}
    for stem in sorted(corpus_stems - covered):
        errors.append(f"corpus document {stem} has no gold file")
    totals = {"entities": 0, "relations": 0}
    for path in files:
        file_errors, counts = check_file(path, vocab_keys, optional_segments, corpus_stems, verbose)
        errors.extend(file_errors)
        for k, v in counts.items():
            totals[k] += v
    for e in errors:
        print("ERROR", e)
    print(
        f"{len(files)} gold files, {totals['entities']} entities, {totals['relations']} relations, "
        f"{len(vocab_keys)} vocabulary concepts: {'OK' if not errors else f'{len(errors)} problems'}"
    )
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
