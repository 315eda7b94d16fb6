"""Relation extraction: rules over sentences, from ``kg/patterns/relations.toml``.

A rule fires on a trigger (a word start, so Dutch compounds and inflections count) and fills its
roles with the sentence's entities of the right types; enumerations give one fact per item.
Questions are kept with mood "question"; negated and hypothetical statements give no fact.
Structural facts (who wrote a document, who belongs to which party, what it cites) come from
their own small rules below.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from kg.lexicon import Lexicon
from kg.model import RelationRecord, Span, TargetRecord

PATTERNS = Path(__file__).parent / "patterns" / "relations.toml"

NEGATIONS = {"niet", "geen", "nooit", "noch", "not", "no", "never", "nor", "without", "zonder"}
HYPOTHETICAL = {
    "zou",
    "zouden",
    "indien",
    "mocht",
    "mochten",
    "stel",
    "would",
    "could",
    "if",
    "might",
    "eventueel",
    "eventuele",
    "wellicht",
    "misschien",
    "perhaps",
    "pleit",
    "pleiten",
    "bepleit",
    "advocates",
    "urges",
    "should",
}
JOINERS = {",", "en", "of", "and", "or", "&", "/", "de", "het", "the", "zoals", "als"}
PARTNER_MARKERS = {"met", "with", "als", "zoals", "like", "including", "waaronder", "andere", "in"}
#: Kinds whose mentions are proper names: a trigger word inside one ("Ontwikkelings-
#: samenwerking" in a ministry's name) is not a trigger; inside a material or sector compound
#: ("lithiumwinning") it is.
NAMED_KINDS = {"Organization", "Policy", "Event", "Person", "PoliticalParty", "Document"}
PARLIAMENTARY = {"kamervragen", "antwoorden", "kamerbrief", "verslag", "motie"}
CONNECTORS = {"bij", "van", "at", "of", "from", "namens"}
DETERMINERS = {"de", "het", "the", "een", "a"}
PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:%|procent|percent|per cent)")


@dataclass(frozen=True)
class Rule:
    name: str
    predicate: str
    subject: frozenset[str]
    object: frozenset[str]
    trigger: re.Pattern[str] | None
    groups: tuple[re.Pattern[str], ...]
    #: Triggers that also count inside a word: the head of a compound ("lithiumwinning").
    inner: re.Pattern[str] | None
    confidence: float
    options: dict[str, Any] = field(default_factory=dict)

    def triggers_in(self, text: str) -> list[int]:
        """Where in the (lowercased) sentence the rule is triggered."""
        if self.options.get("always"):
            return [0]
        found: list[int] = []
        if self.trigger is not None:
            found += [m.start() for m in self.trigger.finditer(text)]
        if self.groups:
            positions = [[m.start() for m in g.finditer(text)] for g in self.groups]
            if all(positions):
                found.append(min(p[0] for p in positions))
        return sorted(set(found))

    def inner_triggers_in(self, text: str) -> list[int]:
        """Where a trigger is the head of a compound ("lithiumwinning")."""
        return [m.start() for m in self.inner.finditer(text)] if self.inner else []


def _alternation(words: list[str], suffix: bool = False) -> re.Pattern[str]:
    """Triggers match at a word start (Dutch compounds and inflections follow them), or with
    ``suffix`` anywhere in a word ("kennissamenwerking" for "samenwerking")."""
    ordered = sorted({w.lower() for w in words}, key=len, reverse=True)
    start = "" if suffix else r"(?<![\w])"
    return re.compile(start + "(?:" + "|".join(re.escape(w) for w in ordered) + ")")


@lru_cache(maxsize=1)
def load_rules() -> tuple[Rule, ...]:
    with PATTERNS.open("rb") as handle:
        data = tomllib.load(handle)
    rules = []
    for item in data["rule"]:
        triggers = item.get("triggers", [])
        rules.append(
            Rule(
                name=item["name"],
                predicate=item["predicate"],
                subject=frozenset(item["subject"]),
                object=frozenset(item["object"]),
                trigger=_alternation(triggers, item.get("suffix_match", False))
                if triggers
                else None,
                groups=tuple(_alternation(g) for g in item.get("all_of", [])),
                inner=_alternation(item["suffix_triggers"], True)
                if item.get("suffix_triggers")
                else None,
                confidence=float(item["confidence"]),
                options={
                    k: v
                    for k, v in item.items()
                    if k not in {"triggers", "all_of", "suffix_triggers"}
                },
            )
        )
    return tuple(rules)


@dataclass(frozen=True)
class Found:
    """An entity mention inside a sentence."""

    key: str
    kind: str
    start: int  # token index in the doc
    end: int
    start_char: int
    end_char: int
    text: str


def _mentions(sentence: SpacySpan) -> list[Found]:
    return _found(sentence.ents)


def _found(ents: Iterable[SpacySpan]) -> list[Found]:
    return [
        Found(e.kb_id_, e.label_, e.start, e.end, e.start_char, e.end_char, e.text)
        for e in ents
        if e.kb_id_
    ]


class DocIndex:
    """What the rules look up in a document again and again, computed once per document:
    the entities of each sentence (``Span.ents`` walks every entity of the document on each
    call) and the character offsets of the tokens (to find the token at a character)."""

    def __init__(self, doc: Doc, sentences: list[SpacySpan]) -> None:
        self.doc = doc
        starts = [s.start for s in sentences]
        self.ents: dict[int, list[SpacySpan]] = {start: [] for start in starts}
        for ent in doc.ents:  # as Span.ents has it: entities that lie wholly in the sentence
            position = bisect_right(starts, ent.start) - 1
            if position >= 0 and ent.end <= sentences[position].end:
                self.ents[starts[position]].append(ent)
        self.found = {start: _found(ents) for start, ents in self.ents.items()}
        self.token_chars = [t.idx for t in doc]

    def sentence_ents(self, sentence: SpacySpan) -> list[SpacySpan]:
        ents = self.ents.get(sentence.start)
        return ents if ents is not None else list(sentence.ents)

    def sentence_found(self, sentence: SpacySpan) -> list[Found]:
        found = self.found.get(sentence.start)
        return list(found) if found is not None else _mentions(sentence)

    def token_at(self, char: int) -> Any:
        """The token whose text holds character ``char`` (None in whitespace between tokens)."""
        position = bisect_right(self.token_chars, char) - 1
        if position < 0:
            return None
        token = self.doc[position]
        return token if char < token.idx + len(token.text) else None


def sentence_mood(sentence: SpacySpan) -> str:
    return "question" if sentence.text.rstrip().rstrip("\"'”)").endswith("?") else "asserted"


CLAUSE_BREAKS = {",", ";", ":", "–", "—", "(", ")", "-"}
#: A question that opens with its finite verb asks whether something holds ("Is Nederland
#: afhankelijk van ...?", "Heeft China ...?"): no fact, unless it reports what it presupposes
#: ("Bent u bekend met het bericht dat ...").
WHETHER = {
    "is",
    "zijn",
    "heeft",
    "hebben",
    "wordt",
    "worden",
    "kan",
    "kunnen",
    "zal",
    "zullen",
    "moet",
    "moeten",
    "gaat",
    "gaan",
    "komt",
    "komen",
    "ziet",
    "zien",
    "are",
    "has",
    "have",
    "does",
    "do",
    "did",
    "can",
    "will",
    "should",
    "was",
    "were",
}
PRESUPPOSING = {"dat", "that", "bericht", "berichten", "berichtgeving", "artikel", "feit", "report"}


def _whether_question(sentence: SpacySpan) -> bool:
    if sentence_mood(sentence) != "question":
        return False
    words = [t for t in sentence if not t.is_space and not t.is_punct]
    if not words or words[0].lower_ not in WHETHER:
        return False
    return not any(t.lower_ in PRESUPPOSING for t in words)


def _clause(sentence: SpacySpan, char: int) -> list[Any]:
    """The tokens of the clause (between commas, dashes, brackets) holding ``char``."""
    tokens = list(sentence)
    index = next((i for i, t in enumerate(tokens) if t.idx + len(t.text) > char), len(tokens) - 1)
    start = index
    while start > 0 and tokens[start - 1].text not in CLAUSE_BREAKS:
        start -= 1
    end = index
    while end < len(tokens) - 1 and tokens[end + 1].text not in CLAUSE_BREAKS:
        end += 1
    return tokens[start : end + 1]


def _blocked(sentence: SpacySpan, trigger_char: int, subject_char: int | None = None) -> bool:
    """Negated or hypothetical in the trigger's clause, between its subject and just after the
    trigger: no fact ("China heeft de export niet beperkt", "indien China ... zou beperken")."""
    clause = _clause(sentence, trigger_char)
    low = min(trigger_char, subject_char) if subject_char is not None else trigger_char - 40
    for token in clause:
        if token.lower_ in HYPOTHETICAL:
            return True
        if token.lower_ in NEGATIONS and low <= token.idx <= trigger_char + 25:
            return True
    return False


class RelationExtractor:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.rules = load_rules()
        self.forms = lexicon.by_form()

    def extract(self, doc: Doc) -> tuple[list[RelationRecord], list[TargetRecord]]:
        relations: list[RelationRecord] = []
        sentences = list(doc.sents)
        index = DocIndex(doc, sentences)
        history: list[list[Found]] = []
        for sentence in sentences:
            found = index.sentence_found(sentence)
            relations += self._rule_relations(sentence, found, history, index)
            relations += self._member_relations(sentence, found)
            relations += self._part_relations(sentence, found)
            relations += self._apposition_relations(sentence, found)
            history.append(found)
        relations += self._document_relations(doc, sentences, index)
        targets = list(self._targets(doc, sentences, index))
        return _deduplicate(relations), targets

    # --- rules from relations.toml -----------------------------------------------------------

    def _rule_relations(
        self,
        sentence: SpacySpan,
        found: list[Found],
        history: list[list[Found]],
        index: DocIndex,
    ) -> list[RelationRecord]:
        out: list[RelationRecord] = []
        if _whether_question(sentence):
            return out
        lowered = sentence.text.lower()
        mood = sentence_mood(sentence)
        names = [(f.start_char, f.end_char) for f in found if f.kind in NAMED_KINDS]
        materials = [f for f in found if f.kind == "Material"]
        for rule in self.rules:
            positions = [
                sentence.start_char + p
                for p in rule.triggers_in(lowered)
                if not any(s <= sentence.start_char + p < e for s, e in names)
            ]
            # A trigger that heads a material compound ("lithiumwinning", "nikkelmijnbouw")
            # is about that material only.
            compounds = [
                (sentence.start_char + p, m)
                for p in rule.inner_triggers_in(lowered)
                for m in materials
                if m.start_char < sentence.start_char + p < m.end_char
            ]
            usable = found
            if compounds and (not positions or compounds[0][0] < positions[0]):
                positions = sorted({compounds[0][0], *positions})
                usable = [f for f in found if f.kind != "Material" or f == compounds[0][1]]
            if not positions:
                continue
            trigger_char = positions[0]
            for subject, obj, confidence in self._fill(
                rule, sentence, usable, history, trigger_char, index
            ):
                in_sentence = subject.start_char >= sentence.start_char
                if _blocked(sentence, trigger_char, subject.start_char if in_sentence else None):
                    continue
                out.append(
                    RelationRecord(
                        subject=subject.key,
                        predicate=rule.predicate,
                        object=obj.key,
                        confidence=round(rule.confidence * confidence, 2),
                        rule=rule.name,
                        evidence=Span(sentence.text, sentence.start_char, sentence.end_char),
                        mood=mood,
                        qualifiers=self._qualifiers(sentence, positions),
                    )
                )
        return out

    def _fill(
        self,
        rule: Rule,
        sentence: SpacySpan,
        found: list[Found],
        history: list[list[Found]],
        trigger_char: int,
        index: DocIndex,
    ) -> Iterator[tuple[Found, Found, float]]:
        options = rule.options
        subjects = [f for f in found if f.kind in rule.subject]
        preferred = options.get("subject_preference")
        if preferred and not any(s.kind in preferred for s in subjects):
            carried_subjects = _carried(history, frozenset(preferred))
            if carried_subjects:
                subjects = carried_subjects
        elif preferred:
            subjects = [s for s in subjects if s.kind in preferred]
        objects = [f for f in found if f.kind in rule.object]
        object_keys_here = {o.key for o in objects}
        if subjects and preferred and {s.key for s in subjects} <= object_keys_here:
            carried_subjects = [
                c for c in _carried(history, frozenset(preferred)) if c.key not in object_keys_here
            ]
            if carried_subjects:
                subjects = carried_subjects + subjects
        if options.get("scope") == "clause":
            clause = _clause(sentence, trigger_char)
            lo, hi = clause[0].idx, clause[-1].idx + len(clause[-1].text)
            subjects = _within(subjects, lo, hi)
            objects = _within(objects, lo, hi)
        if options.get("object_side") == "after":
            objects = [o for o in objects if o.start_char >= trigger_char]
        carried = 1.0
        anaphora = options.get("carry_object_if")
        if not objects and anaphora and any(t.lower_ in set(anaphora) for t in sentence):
            objects, carried = _carried(history, rule.object), 0.8
        if not objects and options.get("carry_object"):
            objects, carried = _carried(history, rule.object), 0.8
        if not subjects and options.get("carry_subject"):
            subjects, carried = _carried(history, rule.subject), 0.8
        if not subjects or not objects:
            return
        if options.get("symmetric"):
            parties = subjects + [o for o in objects if o not in subjects]
            actor = (
                self._compound_actor(index, trigger_char)
                or _topic_actor(sentence, index)
                or self._implied_actor(sentence.doc)
            )
            if actor is not None and not any(p.end_char <= trigger_char for p in parties):
                parties.append(actor)
            yield from _partners(sentence.doc, parties, trigger_char, carried)
            return
        doc = sentence.doc
        object_keys = {o.key for o in objects}
        after_object = _after_words(doc, objects, options.get("object_after_words", []))
        after_subject = _after_words(doc, subjects, options.get("subject_after_words", []))
        if options.get("object_is_trigger_subject") and not after_object:
            before = [s for s in subjects if s.end_char <= trigger_char]
            if before and after_subject:
                after_object = [before[-1]]
        if after_object:
            objects = after_object
            object_keys = {o.key for o in objects}
        if after_subject and options.get("enumerate_after"):
            after_subject = _enumeration(doc, after_subject[0], subjects)
        chosen = after_subject or self._subjects(rule, sentence, subjects, trigger_char)
        if options.get("include_partners"):
            after = [s for s in subjects if s.start_char > trigger_char]
            marked = [
                s for s in after if s.start > 0 and doc[s.start - 1].lower_ in PARTNER_MARKERS
            ]
            if marked:
                chosen = _unique(chosen + _enumeration(doc, marked[0], after))
        for subject in chosen:
            for obj in _unique(objects):
                if obj.key != subject.key and (subject.key not in object_keys or after_object):
                    yield subject, obj, carried

    def _qualifiers(self, sentence: SpacySpan, positions: list[int]) -> dict[str, Any]:
        """Quantities, dates and counts a fact's sentence gives."""
        out = _quantities(sentence, positions)
        amount = _amount(sentence.text)
        if amount is not None:
            out["amount"] = amount
        day = _sentence_date(sentence.text, sentence.doc.user_data.get("date"))
        if day:
            out["date"] = day
        count = re.search(
            r"\b(\d+)\s+(landen|countries|lidstaten|member states|deelnemers|participants)\b",
            sentence.text,
            re.IGNORECASE,
        )
        if count:
            out["participants"] = int(count.group(1))
        return out

    def _implied_actor(self, doc: Doc) -> Found | None:
        """In Dutch parliamentary papers, a partnership with no named actor is the Netherlands'
        ("gepleit om partnership te sluiten met Australië en Duitsland")."""
        if (
            doc.user_data.get("kind") not in PARLIAMENTARY
            or "country/nl" not in self.lexicon.entries
        ):
            return None
        return Found("country/nl", "Country", 0, 0, -1, -1, "Nederland")

    def _compound_actor(self, index: DocIndex, trigger_char: int) -> Found | None:
        """The party a compound names ("EU-partnerschappen" -> the EU)."""
        token = index.token_at(trigger_char)
        if token is None or "-" not in token.text:
            return None
        head = token.text.split("-")[0]
        keys = self.forms.get(head.lower(), set())
        parties = [k for k in keys if k.split("/")[0] in ("country", "organization")]
        if len(parties) != 1:
            return None
        kind = "Country" if parties[0].startswith("country/") else "Organization"
        return Found(parties[0], kind, token.i, token.i, token.idx, token.idx, head)

    def _subjects(
        self, rule: Rule, sentence: SpacySpan, subjects: list[Found], trigger_char: int
    ) -> list[Found]:
        """The subject nearest the trigger (an adjective right before it wins), with the
        other members of its enumeration."""
        if rule.options.get("subject_prefer_adjective"):
            for s in subjects:
                if 0 <= trigger_char - s.end_char <= 2:
                    return [s]
        subjects = _without_modifiers(sentence.doc, subjects)
        before = [s for s in subjects if s.end_char <= trigger_char]
        main = [s for s in before if not _in_relative_clause(sentence, s, trigger_char)]
        before = main or before
        side = rule.options.get("subject_side", "before")
        if before:
            anchor = before[-1]
        elif side in ("before", "any"):
            after = [s for s in subjects if s.start_char >= trigger_char]
            if not after:
                return []
            anchor = after[0]
        else:
            return []
        return _enumeration(sentence.doc, anchor, subjects)

    # --- structural relations ------------------------------------------------------------------

    def _member_relations(self, sentence: SpacySpan, found: list[Found]) -> list[RelationRecord]:
        """ "Hirsch en Thijssen (beiden GroenLinks-PvdA)", "Jansen (VVD)": persons in a party;
        "De minister van Economische Zaken, Dirk Beljaarts": a person in a ministry."""
        out: list[RelationRecord] = []
        doc = sentence.doc
        persons = [f for f in found if f.kind == "Person"]
        for party in (f for f in found if f.kind in ("PoliticalParty",)):
            opener = doc[party.start - 1] if party.start > 0 else None
            while opener is not None and opener.lower_ in {"beiden", "allen", "beide", "both"}:
                opener = doc[opener.i - 1] if opener.i > 0 else None
            if opener is None or opener.text != "(":
                continue
            members = [p for p in persons if p.end <= opener.i and opener.i - p.end <= 1]
            if members:
                # "Van Velzen (CDA) en El Khatib (D66)": each name has its own party
                unbracketed = [
                    p
                    for p in persons
                    if p.end >= len(doc) or doc[p.end].text != "(" or p == members[-1]
                ]
                members = _enumeration(doc, members[-1], unbracketed)
            for person in members:
                out.append(
                    self._structural(
                        person.key, "memberOf", party.key, sentence, "party-in-brackets", 0.9
                    )
                )
        for person in persons:
            role = _role_before(doc, person)
            if role is None:
                continue
            ministry, role_text, _ = role
            record = self._structural(
                person.key, "memberOf", ministry, sentence, "minister-of", 0.85
            )
            record.qualifiers["role"] = role_text
            out.append(record)
        return out

    def _apposition_relations(
        self, sentence: SpacySpan, found: list[Found]
    ) -> list[RelationRecord]:
        """ "Ron Stoop, analist bij het HCSS" and "Elmer Rietveld van TNO": a person in a body;
        "het programma van de Wereldbank": a body that runs a policy."""
        out = []
        doc = sentence.doc
        organizations = [f for f in found if f.kind == "Organization"]
        for item in found:
            if item.kind not in ("Person", "Policy", "Event"):
                continue
            window_end = min(sentence.end, item.end + (12 if item.kind == "Person" else 3))
            following = [o for o in organizations if item.end <= o.start < window_end]
            if not following:
                continue
            org = following[0]
            before = [t for t in doc[item.end : org.start] if t.lower_ not in DETERMINERS]
            if not before or before[-1].lower_ not in CONNECTORS:
                continue
            between = doc[item.end : org.start]
            if item.kind == "Person":
                appositive = len(before) == 1 or doc[item.end].text == ","
                if appositive and not any(t.text in {".", ";", "("} for t in between):
                    record = self._structural(
                        item.key, "memberOf", org.key, sentence, "apposition", 0.75
                    )
                    if len(before) > 1:
                        record.qualifiers["role"] = doc[item.end + 1 : org.start].text.strip(" ,")
                    out.append(record)
            elif len(before) == 1 and item.kind == "Policy":
                out.append(
                    self._structural(org.key, "coordinates", item.key, sentence, "possessive", 0.6)
                )
            elif len(before) == 1:  # "de Raw Materials Week van de Europese Commissie"
                out.append(
                    self._structural(org.key, "participatesIn", item.key, sentence, "host", 0.6)
                )
        return out

    def _part_relations(self, sentence: SpacySpan, found: list[Found]) -> list[RelationRecord]:
        """A part the vocabulary knows (an NGS action perspective) named in a sentence that
        names its whole, or speaks of parts ("handelingsperspectieven", "pijlers")."""
        out = []
        keys = {f.key for f in found}
        lowered = sentence.text.lower()
        structural = re.search(
            r"handelingsperspectie|pijler|onderde(el|len)|actielijn|pillar|part of|strand", lowered
        )
        for item in found:
            entry = self.lexicon.get(item.key)
            if entry is None:
                continue
            for whole in entry.part_of:
                if whole in keys or structural:
                    out.append(
                        self._structural(item.key, "partOf", whole, sentence, "named-part", 0.8)
                    )
        return out

    def _document_relations(
        self, doc: Doc, sentences: list[SpacySpan], index: DocIndex
    ) -> list[RelationRecord]:
        """Who wrote the document, and which documents it cites."""
        out: list[RelationRecord] = []
        own = f"document/{doc.user_data.get('doc_id', '')}"
        seen: set[str] = set()
        for sentence in sentences:
            found = index.sentence_found(sentence)
            for f in found:
                if f.kind == "Document" and f.key != own and f.key not in seen:
                    seen.add(f.key)
                    out.append(self._structural(own, "cites", f.key, sentence, "reference", 0.9))
            for key in doc.user_data.get("extra_citations", {}).get(sentence.start_char, []):
                if key not in seen:
                    seen.add(key)
                    out.append(self._structural(own, "cites", key, sentence, "reference", 0.9))
            out += self._authors(doc, own, sentence, found)
        for key, kind, start, _end in doc.user_data.get("extra_mentions", []):
            if kind == "Document" and key not in seen:
                seen.add(key)
                span = doc.char_span(start, start + 1, alignment_mode="expand")
                if span is not None:
                    out.append(self._structural(own, "cites", key, span.sent, "reference", 0.9))
        for motion, authors in doc.user_data.get("authors", {}).items():
            for person, start, _end in authors:
                span = doc.char_span(start, start + 1, alignment_mode="expand")
                if span is not None:
                    out.append(
                        self._structural(
                            motion, "authoredBy", person, span.sent, "named-author", 0.9
                        )
                    )
        return out

    def _authors(
        self, doc: Doc, own: str, sentence: SpacySpan, found: list[Found]
    ) -> list[RelationRecord]:
        """Who wrote the document: the members in "Vragen van de leden ..." of Kamervragen,
        the fractions in a verslag's "Vragen en opmerkingen van de leden van de X-fractie",
        the ministers who sign ("De minister van ..., (newline) Name")."""
        out = []
        lowered = sentence.text.lower().lstrip()
        kind = doc.user_data.get("kind")
        if re.match(r"(\d+\.?\s*)?vragen (en opmerkingen )?van de leden van de\b", lowered):
            for party in (f for f in found if f.kind == "PoliticalParty"):
                out.append(
                    self._structural(
                        own, "authoredBy", party.key, sentence, "fraction-heading", 0.9
                    )
                )
        elif kind == "kamervragen" and re.match(r"vragen van (de leden|het lid)\b", lowered):
            for person in (f for f in found if f.kind == "Person"):
                out.append(
                    self._structural(
                        own, "authoredBy", person.key, sentence, "question-authors", 0.9
                    )
                )
        if kind == "verslag" and re.match(
            r"(de )?vaste commissie\b.*\b(vragen|voorgelegd)", lowered
        ):
            for body in (f for f in found if f.key.startswith("organization/committee-")):
                out.append(
                    self._structural(own, "authoredBy", body.key, sentence, "committee", 0.85)
                )
        if re.match(r"(door|by)\s+\S", lowered):  # a byline: "Door Thomas Hendriks"
            persons = [f for f in found if f.kind == "Person"]
            if persons and len(sentence.text.split()) <= 6:
                out.append(
                    self._structural(own, "authoredBy", persons[0].key, sentence, "byline", 0.85)
                )
        prepared = AUTHORED.search(sentence.text)
        if prepared:
            after = [
                f
                for f in found
                if f.kind == "Organization" and f.start_char - sentence.start_char >= prepared.end()
            ]
            for body in _unique(after)[:1]:
                out.append(
                    self._structural(own, "authoredBy", body.key, sentence, "prepared-by", 0.8)
                )
        for person in (f for f in found if f.kind == "Person"):
            role = _role_before(doc, person)
            if role is not None and role[2]:
                out.append(
                    self._structural(own, "authoredBy", person.key, sentence, "signature", 0.85)
                )
        return out

    def _structural(
        self,
        subject: str,
        predicate: str,
        obj: str,
        sentence: SpacySpan,
        rule: str,
        confidence: float,
    ) -> RelationRecord:
        return RelationRecord(
            subject=subject,
            predicate=predicate,
            object=obj,
            confidence=confidence,
            rule=rule,
            evidence=Span(sentence.text, sentence.start_char, sentence.end_char),
            mood="asserted",
        )

    # --- targets --------------------------------------------------------------------------------

    def _targets(
        self, doc: Doc, sentences: list[SpacySpan], index: DocIndex
    ) -> Iterator[TargetRecord]:
        """Shares a policy sets as goals: "<policy> ... doelen ... 10% ... , 40% ..."."""
        for sentence in sentences:
            lowered = sentence.text.lower()
            if not re.search(r"\bdoel|streef|benchmark|target|ambitie|goal", lowered):
                continue
            policies = [f for f in index.sentence_found(sentence) if f.kind == "Policy"]
            if not policies:
                continue
            year = re.search(r"\b(20[2-9]\d)\b", sentence.text)
            matches = list(PERCENT.finditer(sentence.text))
            for number, match in enumerate(matches):
                end = (
                    matches[number + 1].start() if number + 1 < len(matches) else len(sentence.text)
                )
                clause = sentence.text[match.start() : end].strip(" ,;.")
                clause = re.split(r"[;.]\s", clause)[0]
                yield TargetRecord(
                    policy=policies[0].key,
                    share=float(match.group(1).replace(",", ".")),
                    label=clause,
                    evidence=Span(sentence.text, sentence.start_char, sentence.end_char),
                    year=int(year.group(1)) if year else None,
                )


# --- helpers ---------------------------------------------------------------------------------


ROLE = re.compile(
    r"(minister|staatssecretaris|minister-president|commissaris|voorzitter|adjunct-griffier|griffier)"
    r"\s+(voor|van)\s+[^,]*,?\s*$",
    re.IGNORECASE,
)
#: "This brief, prepared by ...", "Deze notitie is opgesteld door ...": who wrote the document.
AUTHORED = re.compile(
    r"\b(?:this|deze|dit)\s+(?:\w+\s+){0,2}?(?:brief|report|paper|note|document|notitie|rapport|"
    r"verslag|analyse|analysis|publication|publicatie)\b[^.]{0,40}?\b(?:prepared|written|published|"
    r"drafted|produced|opgesteld|geschreven|gepubliceerd|uitgebracht)\s+(?:by|door)\b",
    re.IGNORECASE,
)
#: Roles in a committee ("De voorzitter van de commissie, Meulenbroek"): "de commissie" is the
#: committee the document names.
COMMITTEE_ROLES = {"voorzitter", "griffier", "adjunct-griffier"}


def _role_before(doc: Doc, person: Found) -> tuple[str, str, bool] | None:
    """ "De minister van Economische Zaken,(newline) Dirk Beljaarts": the ministry, the role as
    written, and whether a line break separates them (a signature). Looks back across the
    paragraph break of a signature block, never past the end of a sentence."""
    start = person.start
    while (
        start > 0 and person.start - start < 30 and doc[start - 1].text not in {".", "?", "!", ";"}
    ):
        start -= 1
    window = doc[start : person.start]
    match = ROLE.search(window.text)
    if match is None:
        return None
    role_start = window.start_char + match.start()
    ministries = [
        e
        for e in doc.ents
        if e.label_ == "Organization"
        and role_start <= e.start_char
        and e.end_char <= person.start_char
    ]
    if not ministries and match.group(1).lower() in COMMITTEE_ROLES:
        ministries = [e for e in doc.ents if e.kb_id_.startswith("organization/committee-")][:1]
        if not ministries:
            return None
        role_text = re.sub(r"\s+", " ", match.group(0)).strip(" ,")
        return ministries[0].kb_id_, role_text, _signature(doc, role_start, person)
    if not ministries:
        return None
    gap = doc.text[ministries[-1].end_char : person.start_char]
    if gap.strip(" ,\t\n\xa0"):
        return None
    role_text = re.sub(r"\s+", " ", doc.text[role_start : ministries[-1].end_char])
    return ministries[-1].kb_id_, role_text, "\n" in gap or _signature(doc, role_start, person)


def _signature(doc: Doc, role_start: int, person: Found) -> bool:
    """A signature: the role and the name make up a paragraph of their own ("De minister van
    Economische Zaken, M.C. van den Akker"), as the cleaner joins the lines of a block."""
    text = doc.text
    before = re.sub(r"(?i)\b(?:de|het|the)[ \t]*$", "", text[max(0, role_start - 200) : role_start])
    opens = not before.strip(" \t") or before.rstrip(" \t").endswith("\n")
    rest = text[person.end_char : person.end_char + 200]
    closes = not rest.strip(" \t") or rest.lstrip(" \t").startswith("\n")
    return opens and closes


def _topic_actor(sentence: SpacySpan, index: DocIndex) -> Found | None:
    """The paragraph's acting party, for a sentence that names none ("Het initiatief zet in op
    ... partnerschappen met ..."): the Country or Organization that opens one of the three
    sentences before it in the same paragraph ("De Europese Unie probeert ...")."""
    doc = sentence.doc
    start = sentence.start
    for _ in range(3):
        if (
            start == 0
            or "\n\n" in doc[start - 1].text_with_ws
            or (doc[start - 1].is_space and "\n" in doc[start - 1].text)
        ):
            return None
        previous = doc[start - 1].sent
        opening = [
            e
            for e in index.sentence_ents(previous)
            if e.label_ in ("Country", "Organization")
            and all(t.lower_ in DETERMINERS for t in doc[previous.start : e.start])
        ]
        if opening:
            e = opening[0]
            return Found(
                e.kb_id_,
                e.label_,
                sentence.start,
                sentence.start,
                sentence.start_char,
                sentence.start_char,
                e.text,
            )
        start = previous.start
    return None


def _without_modifiers(doc: Doc, candidates: list[Found]) -> list[Found]:
    """Drop a country named by an adjective right before another candidate ("het Australische
    Syrah Resources", "de Nederlandse chipsector"): it qualifies that candidate."""
    starts = {c.start for c in candidates}
    out = []
    for c in candidates:
        adjective = c.kind == "Country" and c.text[:1].isupper() and c.text.lower().endswith("e")
        if adjective and c.end in starts:
            continue
        out.append(c)
    return out or candidates


RELATIVE = {"dat", "die", "wat", "waar", "which", "who", "that", "where", "welke"}


def _in_relative_clause(sentence: SpacySpan, found: Found, trigger_char: int) -> bool:
    """Whether ``found`` sits in a relative clause closed before the trigger ("Het NMO, dat
    is ondergebracht bij TNO, brengt ..."): not the subject of the main clause."""
    doc = sentence.doc
    opener = None
    for i in range(found.start - 1, sentence.start - 1, -1):
        if doc[i].text in {".", ";", ":"}:
            return False
        if doc[i].text == ",":
            opener = i
            break
    if opener is None or opener + 1 >= found.start:
        return False
    if doc[opener + 1].lower_ not in RELATIVE:
        return False
    closer = next(
        (t for t in doc[found.end : sentence.end] if t.text in {",", ";", ")", "–", "—"}), None
    )
    return closer is not None and closer.idx < trigger_char


def _within(found: list[Found], lo: int, hi: int) -> list[Found]:
    """The candidates inside [lo, hi); if none, the sentence's only candidate, if it has one."""
    inside = [f for f in found if lo <= f.start_char < hi]
    if inside:
        return inside
    return found if len({f.key for f in found}) == 1 else []


def _carried(history: list[list[Found]], kinds: frozenset[str]) -> list[Found]:
    """The entities of ``kinds`` named most recently in the five sentences before
    (for "die metalen", "deze grondstoffen")."""
    for found in reversed(history[-5:]):
        matching = [f for f in found if f.kind in kinds]
        if matching:
            return _unique(matching)
    return []


def _after_words(doc: Doc, candidates: list[Found], words: list[str]) -> list[Found]:
    if not words:
        return []
    wanted = {w.lower() for w in words}
    return [c for c in candidates if c.start > 0 and doc[c.start - 1].lower_ in wanted]


def _enumeration(doc: Doc, anchor: Found, candidates: list[Found]) -> list[Found]:
    """``anchor`` and the candidates joined to it by commas and conjunctions only."""
    ordered = sorted(candidates, key=lambda c: c.start)
    group = [anchor]
    index = ordered.index(anchor) if anchor in ordered else -1
    for step in (-1, 1):
        current = anchor
        position = index + step
        while 0 <= position < len(ordered):
            other = ordered[position]
            lo, hi = (other.end, current.start) if step < 0 else (current.end, other.start)
            between = doc[lo:hi]
            words = _without_brackets([t for t in between if not t.is_space])
            # "het Chinese CMOC": a nationality adjective of the next item is no separator
            words = [t for t in words if t.ent_type_ != "Country" or t.lower_ in JOINERS]
            if not words or len(words) > 3 or any(t.lower_ not in JOINERS for t in words):
                break
            group.append(other)
            current = other
            position += step
    return _unique(group)


def _without_brackets(tokens: list[Any]) -> list[Any]:
    """The tokens outside a short bracketed addition ("Canada (2021), Oekraïne (2021)",
    "Chili (CL) en Peru"), which does not break an enumeration."""
    out: list[Any] = []
    depth, inside = 0, 0
    for token in tokens:
        if token.text == "(":
            depth, inside = depth + 1, 0
            continue
        if token.text == ")" and depth:
            depth -= 1
            continue
        if depth:
            inside += 1
            if inside > 4:
                return tokens
            continue
        out.append(token)
    return tokens if depth else out


def _partners(
    doc: Doc, parties: list[Found], trigger_char: int, confidence: float
) -> Iterator[tuple[Found, Found, float]]:
    """Who cooperates with whom: parties named together before the trigger all cooperate
    ("de EU, de VS en Japan ... samenwerking"); otherwise the party nearest before the trigger
    is the actor and the enumeration after "met"/"with" its partners."""
    unique = sorted(_unique(parties), key=lambda p: p.start)
    before = [p for p in unique if p.end_char <= trigger_char]
    after = [p for p in unique if p.start_char > trigger_char]
    if len(before) >= 2 and not after:
        group = _enumeration(doc, before[-1], before)
        for i, first in enumerate(group):
            for second in group[i + 1 :]:
                yield first, second, confidence
        return
    partners = [p for p in after if p.start > 0 and doc[p.start - 1].lower_ in PARTNER_MARKERS]
    if not before or not partners:
        return
    actor = before[-1]
    for partner in _enumeration(doc, partners[0], after):
        if partner.key != actor.key:
            yield actor, partner, confidence


def _unique(found: list[Found]) -> list[Found]:
    seen: set[str] = set()
    out = []
    for f in found:
        if f.key not in seen:
            seen.add(f.key)
            out.append(f)
    return out


def _quantities(sentence: SpacySpan, positions: list[int]) -> dict[str, Any]:
    """A percentage written just before a trigger ("90 procent van de raffinage")."""
    text = sentence.text
    best = None
    for position in positions:
        offset = position - sentence.start_char
        for match in PERCENT.finditer(text):
            gap = offset - match.end()
            if 0 <= gap <= 30 and (best is None or gap < best[0]):
                best = (gap, match)
    if best is None:
        return {}
    return {"share": float(best[1].group(1).replace(",", ".")), "quantityText": best[1].group(0)}


AMOUNT = re.compile(
    r"(?:(?:EUR|€|USD|\$)\s*)?(\d+(?:[.,]\d+)?)\s*(miljard|miljoen|mld\.?|mln\.?|billion|million|bn)"
    r"\s*(?:euro|dollar|EUR|USD)?",
    re.IGNORECASE,
)
SCALE = {
    "miljard": 1e9,
    "mld": 1e9,
    "billion": 1e9,
    "bn": 1e9,
    "miljoen": 1e6,
    "mln": 1e6,
    "million": 1e6,
}


def _amount(text: str) -> float | None:
    """The first money amount in a sentence ("1,2 miljard euro" -> 1.2e9)."""
    match = AMOUNT.search(text)
    if match is None or not re.search(r"euro|dollar|EUR|USD|€|\$", match.group(0)):
        return None
    value = float(match.group(1).replace(",", "."))
    return value * SCALE[match.group(2).lower().rstrip(".")]


def _sentence_date(text: str, document_date: Any) -> str | None:
    """A full date in the sentence; "4 februari jl." takes its year from the document's date."""
    from kg.nlp import patterns

    months: dict[str, int] = patterns()["dates"]["months"]
    match = re.search(
        r"\b(\d{1,2})\s+([a-zA-Z]{3,9})\.?(?:\s+(\d{4})|\s+(jl|jongstleden|j\.l)\b)", text
    )
    if match is None or match.group(2).lower() not in months:
        return None
    month = months[match.group(2).lower()]
    year = int(match.group(3)) if match.group(3) else None
    if year is None and document_date is not None:
        year = document_date.year if month <= document_date.month else document_date.year - 1
    return f"{year:04d}-{month:02d}-{int(match.group(1)):02d}" if year else None


def _deduplicate(relations: list[RelationRecord]) -> list[RelationRecord]:
    """One record per fact and sentence; the most confident rule's."""
    best: dict[tuple[str, str, str, int], RelationRecord] = {}
    for relation in relations:
        key = (*relation.triple, relation.evidence.start)
        if key not in best or relation.confidence > best[key].confidence:
            best[key] = relation
    return list(best.values())
