"""One document in, one :class:`~kg.model.Extraction` out: entities, relations, evidence."""

from __future__ import annotations

from pathlib import Path

from spacy.tokens import Doc

from kg.document import Document
from kg.lexicon import Lexicon, cached_lexicon
from kg.model import EntityRecord, Extraction, Mention, Span
from kg.nlp import minted, pipeline
from kg.relations import RelationExtractor

CONTRACT_IDENTIFIERS = ("symbol", "wikidata", "iso3166", "acronym")


class Extractor:
    """Reads text with the entity pipeline of the document's language and applies the
    relation rules. Build one and reuse it: pipelines and the lexicon load once."""

    def __init__(self, ontology_dir: Path) -> None:
        self.ontology_dir = ontology_dir
        self.lexicon: Lexicon = cached_lexicon(str(ontology_dir))
        self.relations = RelationExtractor(self.lexicon)

    def annotate(self, document: Document) -> Doc:
        nlp = pipeline(
            document.language if document.language in ("nl", "en") else "nl", str(self.ontology_dir)
        )
        doc = nlp.make_doc(document.text)
        doc.user_data["text"] = document.text  # Doc.text would join every token on each call
        doc.user_data["doc_id"] = document.id
        doc.user_data["kind"] = document.kind
        doc.user_data["date"] = document.date
        # the raw text keeps what the cleaner dropped, such as footnote markers
        doc.user_data["raw_text"] = document.raw_text
        doc.user_data["offsets"] = document.offsets
        for _, component in nlp.pipeline:
            doc = component(doc)
        return doc

    def extract(self, document: Document) -> Extraction:
        doc = self.annotate(document)
        text = document.text
        sents = list(doc.sents)
        sentences = [Span(text[s.start_char : s.end_char], s.start_char, s.end_char) for s in sents]
        sentence_of = {s.start: i for i, s in enumerate(sents)}
        starts = sorted(sentence_of)
        entities: dict[str, EntityRecord] = {}
        for ent in doc.ents:
            if not ent.kb_id_:
                continue
            record = entities.get(ent.kb_id_) or self._record(doc, ent.kb_id_, ent.label_, document)
            entities[ent.kb_id_] = record
            index = sentence_of.get(ent.sent.start, _index_before(starts, ent.start, sentence_of))
            start_char, end_char = ent.start_char, ent.end_char
            record.mentions.append(Mention(text[start_char:end_char], start_char, end_char, index))
        for key, kind, start, end in doc.user_data.get("extra_mentions", []):
            record = entities.get(key) or self._record(doc, key, kind, document)
            entities[key] = record
            span = doc.char_span(start, end, alignment_mode="expand")
            index = sentence_of.get(span.sent.start, 0) if span is not None else 0
            record.mentions.append(Mention(document.text[start:end], start, end, index))
        relations, targets = self.relations.extract(doc)
        for relation in relations:
            for key in (relation.subject, relation.object):
                if key not in entities and key != f"document/{document.id}":
                    entities[key] = self._record(doc, key, _kind_of(key), document)
        return Extraction(document, sentences, list(entities.values()), relations, targets)

    def _record(self, doc: Doc, key: str, kind: str, document: Document) -> EntityRecord:
        entry = self.lexicon.get(key)
        if entry is not None:
            identifiers: dict[str, str | None] = {
                name: entry.identifiers.get(name) for name in CONTRACT_IDENTIFIERS
            }
            labels = sorted({t for forms in entry.labels.values() for t, _ in forms})
            return EntityRecord(
                key, entry.kind, entry.label(document.language), labels, identifiers
            )
        made = minted(doc).get(key)
        if made is not None:
            return EntityRecord(
                key,
                made.kind,
                made.label,
                sorted(made.labels),
                _identifiers(made.identifiers),
                in_vocabulary=False,
            )
        return EntityRecord(
            key, kind, key.split("/", 1)[1], [], _identifiers({}), in_vocabulary=False
        )


def _kind_of(key: str) -> str:
    from kg.iri import SEGMENT_KINDS

    return SEGMENT_KINDS.get(key.split("/", 1)[0], "Document")


def _index_before(starts: list[int], token: int, sentence_of: dict[int, int]) -> int:
    previous = [s for s in starts if s <= token]
    return sentence_of[previous[-1]] if previous else 0


def _identifiers(known: dict[str, str]) -> dict[str, str | None]:
    """The contract's identifier fields (null when unknown), plus any others found."""
    return {name: known.get(name) for name in CONTRACT_IDENTIFIERS} | dict(known)
