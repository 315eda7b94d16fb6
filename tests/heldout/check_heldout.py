"""Checks the gold annotations of an evaluation set (FOLDER/gold/*.json against FOLDER/docs/ and
FOLDER/manifest.json); FOLDER is tests/heldout unless given (tests/blind is the other one).

Run with the project's Python:  .venv/bin/python tests/heldout/check_heldout.py [-v] [FOLDER]
(It is a script, not a pytest module.) Exit status 0 when everything holds, 1 otherwise.

It applies the checks of tests/gold/check_gold.py (shape, key form, types, signatures, mentions
found in the text, evidence a verbatim substring of the raw file, no duplicate relation) to the
held-out set, with one difference: organization/policy keys that are not in ontology/vocab/*.ttl
are allowed (minted for entities the vocabularies do not have) and listed with -v; keys of
materials, countries, parties, sectors and events must be in the vocabularies. It also checks that
manifest.json lists every document.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SET = HERE

_spec = importlib.util.spec_from_file_location(
    "check_gold", ROOT / "tests" / "gold" / "check_gold.py"
)
cg = importlib.util.module_from_spec(_spec)
assert _spec.loader is not None
_spec.loader.exec_module(cg)

MINTABLE = {"organization", "policy"}
KINDS = {"kamervragen", "antwoorden", "kamerbrief", "verslag", "motie", "news", "eu-text", "other"}


def check_file(
    path: Path, vocab_keys: set[str], verbose: bool
) -> tuple[list[str], dict[str, int], list[str]]:
    errors: list[str] = []
    minted: list[str] = []
    name = path.name
    data = json.loads(path.read_text(encoding="utf-8"))
    stem = data.get("document")
    if stem != path.stem:
        errors.append(f"{name}: document {stem!r} is not the file stem")
    source = SET / "docs" / f"{stem}.txt"
    if not source.exists():
        return [*errors, f"{name}: no document {source}"], {}, minted
    text = source.read_text(encoding="utf-8")
    flats = {
        cg.squeeze(text),
        cg.squeeze(re.sub(r"-[ \t]*\n\s*", "", text)),
        cg.squeeze(re.sub(r"(?<=[/-])[ \t]*\n\s*", "", text)),
    }
    types: dict[str, str] = {}
    for ent in data["entities"]:
        key = ent.get("id", "")
        where = f"{name}: entity {key!r}"
        if key in types:
            errors.append(f"{where}: listed twice")
        problem = cg.key_problem(key, {stem})
        if problem:
            errors.append(f"{where}: {problem}")
            continue
        seg = key.split("/", 1)[0]
        if ent.get("type") != cg.SEGMENTS[seg]:
            errors.append(f"{where}: type {ent.get('type')!r} does not fit segment {seg!r}")
        if not ent.get("label"):
            errors.append(f"{where}: no label")
        types[key] = cg.SEGMENTS[seg]
        optional = {sg for sg, fname in cg.OPTIONAL_VOCAB.items() if (cg.VOCAB / fname).exists()}
        if seg in cg.VOCAB_CHECKED | optional and key not in vocab_keys:
            if seg in MINTABLE:
                minted.append(key)
            else:
                errors.append(f"{where}: not in the vocabularies (ontology/vocab/*.ttl)")
        for mention in ent.get("mentions", []):
            s = cg.squeeze(mention)
            if s and not any(s in f for f in flats):
                errors.append(f"{where}: mention {mention!r} not found in the text")
    if f"document/{stem}" not in types:
        errors.append(f"{name}: the document itself (document/{stem}) is not listed")
    seen: set[str] = set()
    for i, rel in enumerate(data["relations"]):
        s, p, o = rel.get("subject"), rel.get("predicate"), rel.get("object")
        where = f"{name}: relation {i} ({s} {p} {o})"
        if p not in cg.SIGNATURES:
            errors.append(f"{where}: unknown predicate")
            continue
        for k in (s, o):
            if k not in types:
                errors.append(f"{where}: {k!r} is not among the document's entities")
        if s in types and o in types and (types[s], types[o]) not in cg.SIGNATURES[p]:
            errors.append(f"{where}: {types[s]} -> {types[o]} does not fit the signature of {p}")
        if s == o:
            errors.append(f"{where}: subject and object are the same")
        ev = rel.get("evidence")
        if not isinstance(ev, str) or not ev.strip() or ev not in text:
            errors.append(f"{where}: evidence is not a verbatim substring of {source.name}")
        q = rel.get("qualifiers", {})
        if not isinstance(q, dict):
            errors.append(f"{where}: qualifiers must be an object")
            q = {}
        if "mood" in q and q["mood"] not in cg.MOOD:
            errors.append(f"{where}: mood must be one of {sorted(cg.MOOD)}")
        pair = (s, o) if p not in cg.SYMMETRIC else tuple(sorted((str(s), str(o))))
        ident = json.dumps([pair, p, q], sort_keys=True, ensure_ascii=False)
        if ident in seen:
            errors.append(f"{where}: listed twice (same triple and qualifiers)")
        seen.add(ident)
    for j, t in enumerate(data.get("targets", [])):
        if t.get("policy") not in types:
            policy = t.get("policy")
            errors.append(f"{name}: target {j}: policy {policy!r} is not among the entities")
        if not t.get("evidence") or t["evidence"] not in text:
            errors.append(f"{name}: target {j}: evidence is not a verbatim substring")
    counts = {
        "entities": len(types),
        "relations": len(data["relations"]),
        "targets": len(data.get("targets", [])),
    }
    return errors, counts, minted


def main(argv: list[str]) -> int:
    global SET
    verbose = "-v" in argv or "--verbose" in argv
    folders = [a for a in argv if not a.startswith("-")]
    SET = Path(folders[0]).resolve() if folders else HERE
    vocab_keys, errors = cg.load_vocab_keys()
    docs = sorted(p.stem for p in (SET / "docs").glob("*.txt"))
    manifest = json.loads((SET / "manifest.json").read_text(encoding="utf-8"))
    for stem in docs:
        entry = manifest.get(f"{stem}.txt")
        if entry is None:
            errors.append(f"manifest.json: no entry for {stem}.txt")
            continue
        if entry.get("kind") not in KINDS:
            errors.append(f"manifest.json: {stem}.txt: kind {entry.get('kind')!r}")
        if entry.get("language") not in {"nl", "en"}:
            errors.append(f"manifest.json: {stem}.txt: language {entry.get('language')!r}")
        date = entry.get("date")
        if date is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
            errors.append(f"manifest.json: {stem}.txt: date {date!r}")
    totals = {"entities": 0, "relations": 0}
    for stem in docs:
        path = SET / "gold" / f"{stem}.json"
        if not path.exists():
            errors.append(f"{stem}: no gold file")
            continue
        file_errors, counts, minted = check_file(path, vocab_keys, verbose)
        errors.extend(file_errors)
        for k in totals:
            totals[k] += counts.get(k, 0)
        if verbose and counts:
            print(
                f"  {path.name}: {counts['entities']} entities, {counts['relations']} relations, "
                f"{counts['targets']} targets; minted: {', '.join(minted) or '-'}"
            )
    for e in errors:
        print("ERROR", e)
    status = "OK" if not errors else f"{len(errors)} problems"
    print(
        f"{len(docs)} documents in {SET.name}, {totals['entities']} entities, "
        f"{totals['relations']} relations: {status}"
    )
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
