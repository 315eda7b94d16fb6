"""A scaled corpus and the graph built from it, for the benchmarks.

The documents of ``data/corpus`` are replicated with distinct ids (``{copy:04d}_{stem}.txt``) and
lightly varied so that identical sentences do not collapse in the graph: country and material
names swapped for others from the vocabularies, numbers and dates changed, years shifted, and
body paragraphs shuffled. A manifest carries each copy's metadata (title varied the same way).

The graph is built with the project's own pipeline (read, clean, NLP, relations, RDF, one atomic
graph replacement per document) into an on-disk store, the extraction spread over a process pool;
see :mod:`benchmarks.ingestion`. Every triple comes from ingestion: no graph is replicated.

    .venv/bin/python -m benchmarks.corpus --docs 1000 --min-mb 10 --store
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.settings import PROJECT_ROOT

SOURCE = PROJECT_ROOT / "data" / "corpus"
OUT = PROJECT_ROOT / "benchmarks" / "out"
SKOS = "http://www.w3.org/2004/02/skos/core#"
CRM = "https://w3id.org/crmkg/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@dataclass
class CorpusInfo:
    folder: str
    documents: int
    bytes: int
    words: int
    seconds: float


def vocabulary_names() -> dict[str, list[str]]:
    """Dutch preferred names of countries and materials (one word each), to swap in the text."""
    names: dict[str, list[str]] = {"Country": [], "Material": []}
    for kind, file in (("Country", "countries.ttl"), ("Material", "materials.ttl")):
        quads = list(
            ox.parse(
                path=str(PROJECT_ROOT / "ontology" / "vocab" / file),
                format=ox.RdfFormat.TURTLE,
                base_iri="https://w3id.org/crmkg/id/",
            )
        )
        typed = {
            q.subject
            for q in quads
            if q.predicate.value == RDF_TYPE and q.object.value == f"{CRM}{kind}"
        }
        symbols = {q.subject for q in quads if q.predicate.value == f"{CRM}symbol"}
        for q in quads:
            if q.subject not in typed or q.predicate.value != f"{SKOS}prefLabel":
                continue
            label = q.object
            if not isinstance(label, ox.Literal) or label.language != "nl":
                continue
            text = label.value
            if " " in text or "-" in text or len(text) < 4:
                continue
            if kind == "Material" and q.subject not in symbols:
                continue  # elements only: groups and minerals are not interchangeable words
            names[kind].append(text)
    return {k: sorted(set(v)) for k, v in names.items()}


class Varier:
    """Makes copy ``n`` of a text: the same document with other names, numbers and order."""

    def __init__(self, names: dict[str, list[str]]) -> None:
        self.names = names
        self.kind_of = {n.lower(): kind for kind, forms in names.items() for n in forms}
        self.word = re.compile(r"\b[^\W\d_]{4,}\b")
        self.number = re.compile(r"(?<![\w.,])(\d{1,4})(?![\w])")

    def vary(self, text: str, rng: random.Random) -> str:
        text = self.swap_names(text, rng)
        text = self._numbers(text, rng)
        return self._paragraphs(text, rng)

    def swap_names(self, text: str, rng: random.Random) -> str:
        present = sorted({w.lower() for w in self.word.findall(text)} & self.kind_of.keys())
        # about half of the names found are swapped, each consistently within the copy
        mapping = {
            name: rng.choice(self.names[self.kind_of[name]]).lower()
            for name in present
            if rng.random() < 0.5
        }
        if not mapping:
            return text

        def swap(match: re.Match[str]) -> str:
            found = match.group(0)
            new = mapping.get(found.lower())
            if new is None:
                return found
            return new[:1].upper() + new[1:] if found[:1].isupper() else new

        return self.word.sub(swap, text)

    def _numbers(self, text: str, rng: random.Random) -> str:
        shift = rng.randint(-3, 3)

        def change(match: re.Match[str]) -> str:
            digits = match.group(1)
            value = int(digits)
            if len(digits) == 4 and 1990 <= value <= 2040:
                return str(value + shift)  # a year: every year of the copy moves together
            if rng.random() < 0.6:
                return digits
            if len(digits) <= 2:
                return str(rng.randint(1, 28))  # days of the month stay valid
            return str(rng.randint(10 ** (len(digits) - 1), 10 ** len(digits) - 1))

        return self.number.sub(change, text)

    @staticmethod
    def _paragraphs(text: str, rng: random.Random) -> str:
        parts = re.split(r"(\n[ \t]*\n)", text)
        paragraphs = parts[0::2]
        separators = parts[1::2]
        head, body = paragraphs[:3], paragraphs[3:]
        # light shuffle: about a fifth of the body paragraphs trade places with a neighbour
        for index in range(len(body) - 1):
            if rng.random() < 0.2:
                body[index], body[index + 1] = body[index + 1], body[index]
        ordered = head + body
        out = [ordered[0]]
        for separator, paragraph in zip(separators, ordered[1:], strict=False):
            out += [separator, paragraph]
        return "".join(out)


def generate(folder: Path, docs: int = 1000, min_mb: float = 10.0, seed: int = 6) -> CorpusInfo:
    """Write at least ``docs`` documents and ``min_mb`` MB of text into ``folder`` (replaced)."""
    started = time.perf_counter()
    sources = sorted(SOURCE.glob("*.txt"))
    manifest = json.loads((SOURCE / "manifest.json").read_text("utf-8"))
    texts = {p.name: p.read_text("utf-8") for p in sources}
    size = sum(len(t.encode()) for t in texts.values())
    copies = max(math.ceil(docs / len(sources)), math.ceil(min_mb * 1e6 / size))
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    varier = Varier(vocabulary_names())
    rng = random.Random(seed)
    out_manifest: dict[str, object] = {}
    total_bytes = total_words = count = 0
    for copy in range(copies):
        for source in sources:
            if count >= docs and total_bytes >= min_mb * 1e6:
                break
            name = f"{copy:04d}_{source.stem}.txt"
            local = random.Random(rng.random())
            text = texts[source.name] if copy == 0 else varier.vary(texts[source.name], local)
            (folder / name).write_text(text, "utf-8")
            entry = dict(manifest.get(source.name, {}))
            if copy and entry.get("title"):
                entry["title"] = varier.swap_names(str(entry["title"]), local)
            if copy and entry.get("date"):
                year, rest = str(entry["date"]).split("-", 1)
                entry["date"] = f"{int(year) + local.randint(-3, 3)}-{rest}"
            out_manifest[name] = entry
            total_bytes += len(text.encode())
            total_words += len(text.split())
            count += 1
    (folder / "manifest.json").write_text(json.dumps(out_manifest, indent=1), "utf-8")
    return CorpusInfo(str(folder), count, total_bytes, total_words, time.perf_counter() - started)


def corpus_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.txt"))


def sample(files: list[Path], size: int) -> list[Path]:
    """The first ``size`` files: whole copies of the source set, so the same mix of documents
    as the whole corpus when ``size`` is a multiple of the number of sources."""
    return files[:size]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--min-mb", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--out", type=Path, default=OUT / "corpus")
    parser.add_argument("--store", action="store_true", help="also build the on-disk store")
    parser.add_argument("--processes", type=int, default=0, help="0: one per core")
    args = parser.parse_args()
    info = generate(args.out, args.docs, args.min_mb, args.seed)
    print(json.dumps(asdict(info), indent=1))
    if args.store:
        from benchmarks.ingestion import build_store

        result = build_store(corpus_files(args.out), OUT / "store", args.processes or None)
        print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
