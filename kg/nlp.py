"""The entity pipeline: spaCy ``blank`` Dutch or English with rule-based components.

No pretrained model can be installed here, so every component is a rule over tokens fed by data:
the vocabularies (through :mod:`kg.lexicon`) and ``kg/patterns/nlp.toml``. Components are spaCy
factories assembled from ``kg/patterns/pipeline.cfg``. Entities come out as ``doc.ents`` with
``label_`` the entity type and ``kb_id_`` the entity key; entities the vocabularies do not know
(persons, cited documents, bodies introduced with an acronym) are described in
``doc.user_data["minted"]``.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy
import spacy
from spacy.attrs import IDX, IS_ALPHA, IS_LOWER, IS_PUNCT, IS_SPACE, LOWER, ORTH, SPACY
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.iri import entity_key, slugify
from kg.lexicon import Lexicon, cached_lexicon

PATTERNS_DIR = Path(__file__).parent / "patterns"


def byline_openers() -> str:
    """The words that open a byline, as a regex alternation (matched case-sensitively)."""
    openers = sorted(patterns()["persons"]["byline_openers"], key=len, reverse=True)
    return "|".join(re.escape(opener) for opener in openers)


@lru_cache(maxsize=1)
def patterns() -> dict[str, Any]:
    with (PATTERNS_DIR / "nlp.toml").open("rb") as handle:
        return tomllib.load(handle)


@dataclass
class Minted:
    """An entity found in text that no vocabulary has."""

    kind: str
    label: str
    labels: set[str] = field(default_factory=set)
    identifiers: dict[str, str] = field(default_factory=dict)


def doc_text(doc: Doc) -> str:
    """The document's text, read once: ``Doc.text`` joins every token on each call."""
    text = doc.user_data.get("text")
    if not isinstance(text, str):
        text = doc.user_data["text"] = doc.text
    return text


class Tokens:
    """The token attributes the components read in whole-document loops, as plain lists built
    once per document: iterating a ``Doc`` makes a ``Token`` object per token on every pass."""

    __slots__ = ("alpha", "idx", "is_lower", "is_space", "lower", "punct", "space", "text")

    def __init__(self, doc: Doc) -> None:
        strings = doc.vocab.strings
        columns = doc.to_array([ORTH, LOWER, IDX, SPACY, IS_ALPHA, IS_SPACE, IS_PUNCT, IS_LOWER])
        orth, lower, idx, space, alpha, is_space, punct, is_lower = (
            columns.T.tolist() if len(doc) else [[]] * 8
        )
        self.text: list[str] = [strings[o] for o in orth]
        self.lower: list[str] = [strings[o] for o in lower]
        self.idx: list[int] = idx
        self.space: list[bool] = [bool(v) for v in space]
        self.alpha: list[bool] = [bool(v) for v in alpha]
        self.is_space: list[bool] = [bool(v) for v in is_space]
        self.punct: list[bool] = [bool(v) for v in punct]
        self.is_lower: list[bool] = [bool(v) for v in is_lower]


def tokens_of(doc: Doc) -> Tokens:
    """The document's :class:`Tokens`, built on first use (the tokens never change after the
    tokenizer: no component retokenizes)."""
    table = doc.user_data.get("tokens")
    if not isinstance(table, Tokens):
        table = doc.user_data["tokens"] = Tokens(doc)
    return table


def span_text(span: Span) -> str:
    """``span.text`` sliced from the document's text (``Span.text`` joins its tokens)."""
    return doc_text(span.doc)[span.start_char : span.end_char]


def minted(doc: Doc) -> dict[str, Minted]:
    table: dict[str, Minted] = doc.user_data.setdefault("minted", {})
    return table


def mint(doc: Doc, key: str, kind: str, label: str, **identifiers: str) -> str:
    entry = minted(doc).setdefault(key, Minted(kind=kind, label=label))
    entry.labels.add(label)
    if len(label) > len(entry.label):
        entry.label = label
    entry.identifiers.update(identifiers)
    return key


def set_entities(doc: Doc, spans: Iterable[Span], *, override: bool = False) -> None:
    """Merge ``spans`` into ``doc.ents``: longest span wins; with ``override`` new spans win."""
    new = list(spans)
    if override:
        kept = [e for e in doc.ents if not any(e.start < s.end and s.start < e.end for s in new)]
        doc.ents = filter_spans(new + kept)
    else:
        doc.ents = filter_spans(list(doc.ents) + new)


# --- sentences -----------------------------------------------------------------------------------

CLOSERS = {'"', "'", ")", "]", "»", "”", "’"}


@Language.factory("crm_sentences")
def make_sentences(nlp: Language, name: str) -> SentenceSplitter:
    return SentenceSplitter()


class SentenceSplitter:
    """Sentence ends at ., ! and ? before a capital, digit or quote, and at every line break
    (the cleaner keeps line breaks only between paragraphs, list items and headings)."""

    def __call__(self, doc: Doc) -> Doc:
        # The flags are written at the end in one go: each Token.is_sent_start assignment makes
        # spaCy scan the whole doc (has_annotation("DEP")), which made this O(n²) per document.
        flags = [False] * len(doc)
        table = tokens_of(doc)
        texts, spaces, blanks, punct = table.text, table.space, table.is_space, table.punct
        inside_lists = {
            i
            for found in lists_of(doc)
            for i in range(
                bisect_left(table.idx, found.markers[0][0]), bisect_left(table.idx, found.end)
            )
        }
        for index, text in enumerate(texts):
            if index == 0:
                flags[0] = True
                continue
            if index in inside_lists:
                continue
            prev = texts[index - 1]
            start = False
            if (
                (blanks[index - 1] and "\n" in prev)
                or prev in {"?", "!"}
                or (prev == "." and _opens_sentence_text(text))
            ):
                start = True
            elif prev in CLOSERS and index > 1 and texts[index - 2] in {".", "?", "!"}:
                opener = prev in {'"', "'"} and not spaces[index - 1] and spaces[index - 2]
                start = not opener and _opens_sentence_text(text)
            if (text in {'"', "'", "“", "‘"} and not spaces[index] and prev in {".", "?", "!"}) or (
                prev.endswith(("?", "!")) and len(prev) > 1 and not punct[index - 1]
            ):
                start = True
            if blanks[index]:
                start = False
            flags[index] = start
        if flags:  # SENT_START: 1 starts a sentence, -1 does not (as uint64, as to_array has it)
            values = numpy.array([1 if flag else -1 for flag in flags], dtype=numpy.int64)
            column: Any = values.astype(numpy.uint64).reshape(-1, 1)
            doc.from_array(["SENT_START"], column)
        return doc


#: A list item's marker at the start of a line: "- ", "• ", "1. ", "2) ", "a) ".
_ITEM_MARKER = re.compile(r"[ \t]*(?:[-•*]|\d{1,2}[.)]|[a-z]\))[ \t]+(?=\S)")
#: The most words an item may have to be read as part of the sentence that introduces its list.
LIST_ITEM_WORDS = 16


@dataclass(frozen=True)
class ShortList:
    """A list of short items after a line ending in a colon ("China beperkt de export van:"
    then "- gallium;" and "- germanium."): one sentence with its introduction, so that the
    rules see one enumeration. ``markers`` are the character ranges of the item markers."""

    end: int
    markers: tuple[tuple[int, int], ...]


def short_lists(text: str) -> list[ShortList]:
    """The lists of short items in ``text``; a list with an item that is a sentence of its own
    (more than :data:`LIST_ITEM_WORDS` words) is none."""
    found: list[ShortList] = []
    lines = text.split("\n")
    offsets = [0]
    for line in lines[:-1]:
        offsets.append(offsets[-1] + len(line) + 1)
    index = 0
    while index < len(lines):
        following = index + 1
        if lines[index].rstrip().endswith(":"):
            markers: list[tuple[int, int]] = []
            while following < len(lines) and (marker := _ITEM_MARKER.match(lines[following])):
                if len(lines[following][marker.end() :].split()) > LIST_ITEM_WORDS:
                    markers = []
                    break
                indent = len(lines[following]) - len(lines[following].lstrip())
                markers.append((offsets[following] + indent, offsets[following] + marker.end()))
                following += 1
            if markers:
                end = offsets[following - 1] + len(lines[following - 1])
                found.append(ShortList(end, tuple(markers)))
        index = following
    return found


def lists_of(doc: Doc) -> list[ShortList]:
    """The document's short lists, found once per document (the splitter and
    :func:`list_markers` both need them)."""
    lists = doc.user_data.get("short_lists")
    if not isinstance(lists, list):
        lists = doc.user_data["short_lists"] = short_lists(doc_text(doc))
    return lists


def list_markers(doc: Doc) -> set[int]:
    """The tokens that mark the items of the document's short lists (see :class:`ShortList`),
    worked out once per document."""
    markers = doc.user_data.get("list_markers")
    if not isinstance(markers, set):
        table = tokens_of(doc)
        ranges = [r for found in lists_of(doc) for r in found.markers]
        markers = doc.user_data["list_markers"] = {
            i
            for lo, hi in ranges
            for i in range(bisect_left(table.idx, lo), bisect_left(table.idx, hi))
            if not table.is_space[i]
        }
    return markers


def _opens_sentence_text(text: str) -> bool:
    first = text[:1]
    return first.isupper() or first.isdigit() or first in {'"', "'", "(", "[", "-", "•"}


# --- the vocabulary ruler -------------------------------------------------------------------------


@Language.factory("crm_entities", default_config={"ontology_dir": ""})
def make_entity_ruler(nlp: Language, name: str, ontology_dir: str) -> VocabularyRuler:
    return VocabularyRuler(nlp, cached_lexicon(ontology_dir))


class VocabularyRuler:
    """Matches every vocabulary label: case-insensitively when it is long and has lowercase
    letters, exactly otherwise (acronyms, short names), so "NGS" never matches "ngs"."""

    def __init__(self, nlp: Language, lexicon: Lexicon) -> None:
        config = patterns()["entities"]
        self.lexicon = lexicon
        self.ambiguous = {w.lower() for w in config["ambiguous"]}
        self.context = {w.lower() for w in config["material_context"]}
        self.place_names = set(config["place_names"])
        self.place_prepositions = set(config["place_prepositions"])
        self.other_holders = set(config["policy_not_after"])
        # a capital after "in"/"at" is the city ("analyst at Fastmarkets in London"), not the
        # state that it stands for when it acts ("Peking beperkt de export")
        self.capitals = {
            text for entry in lexicon.entries.values() for text in entry.forms("metonym")
        }
        self.capital_prepositions = set(config["capital_prepositions"])
        never = set(config["never_match"])
        min_lower = int(config["min_lower_length"])
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        lower_forms: dict[str, list[str]] = {}
        exact_forms: dict[str, list[str]] = {}
        for entry in lexicon.entries.values():
            symbols = set(entry.forms("symbol"))
            for label_kind, forms in entry.labels.items():
                if label_kind == "symbol":
                    continue
                for text, _ in forms:
                    # One-letter labels ("I" for iodine, "U", "C") are numerals, pronouns and
                    # list markers far more often than elements: never matched in text.
                    if text in never or text in symbols or len(text.strip()) < 2:
                        continue
                    caseless = (
                        len(text) >= min_lower
                        and not _looks_like_acronym(text)
                        and not _capitalised_name(text, entry.kind)
                    )
                    target = lower_forms if caseless else exact_forms
                    target.setdefault(entry.key, []).append(text)
                    if not caseless and text.split(" ", 1)[0] in {"de", "het", "the"}:
                        # "the Commission" opening a sentence: "The Commission"
                        target[entry.key].append(text[:1].upper() + text[1:])
        self.exact_index = {t: k for k, texts in exact_forms.items() for t in texts}
        self.lower_index = {t.lower(): k for k, texts in lower_forms.items() for t in texts}
        tokenizer = tokenizer_of(nlp)
        for key, texts in lower_forms.items():
            self.lower.add(key, list(tokenizer.pipe(sorted(set(texts)))))
        for key, texts in exact_forms.items():
            self.exact.add(key, list(tokenizer.pipe(sorted(set(texts)))))
        self.stems = self._compound_stems(lexicon)
        self._stem_memo: dict[str, tuple[str, str] | None] = {}
        compounds = patterns()["compounds"]
        self.heads = tuple(sorted(compounds["heads"], key=len, reverse=True))
        self.min_stem = int(compounds["min_stem_length"])
        self.modifiers = tuple(sorted(compounds["modifiers"], key=len, reverse=True))

    @staticmethod
    def _compound_stems(lexicon: Lexicon) -> dict[str, str]:
        stems: dict[str, str] = {}
        for entry in lexicon.entries.values():
            if entry.kind != "Material":
                continue
            for text in entry.forms("pref", "alt"):
                if " " not in text and "-" not in text and text.islower():
                    stems.setdefault(text, entry.key)
        return stems

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        # Exact matches first: where a caseless label and an exact one cover the same words
        # ("defensie" the sector, "Defensie" the ministry) the exact one wins the tie.
        for matcher in (self.exact, self.lower):
            for match_id, start, end in matcher(doc):
                key = doc.vocab.strings[match_id]
                entry = self.lexicon.entries[key]
                spans.append(Span(doc, start, end, label=entry.kind, kb_id=key))
        spans += self._compounds(doc, spans)
        # An ambiguous word ("koper", "tin") read as a material in one sentence of the document
        # is that material throughout it ("Koper is onmisbaar voor de energietransitie").
        plausible = {id(s): self._plausible(s) for s in spans}
        confirmed = {
            s.kb_id_ for s in spans if plausible[id(s)] and s.text.lower() in self.ambiguous
        }
        spans = [s for s in spans if plausible[id(s)] or s.kb_id_ in confirmed]
        spans = [s for s in spans if not self._place(s)]
        # "een bilateraal grondstoffenpartnerschap", "een eigen partnerschap": another
        # holder's instance of the kind, not the programme the label names
        spans = [
            s
            for s in spans
            if s.label_ != "Policy"
            or s.start == 0
            or doc[s.start - 1].lower_ not in self.other_holders
        ]
        set_entities(doc, spans)
        self._material_parts(doc)
        return doc

    def _material_parts(self, doc: Doc) -> None:
        """A product compound with a material stem ("neodymiummagneten", "lithiumbatterijen")
        also mentions the material: guideline, "the material part of a compound"."""
        for ent in doc.ents:
            first = ent[0]
            if ent.label_ not in ("Sector", "Organization") or not first.is_lower:
                continue
            found = self._stem_of(first.lower_)
            if found is not None:
                stem, key = found
                doc.user_data.setdefault("extra_mentions", []).append(
                    (key, "Material", first.idx, first.idx + len(stem))
                )

    def _stem_of(self, word: str) -> tuple[str, str] | None:
        """The first material stem (and its key) that opens ``word`` with at least four
        letters after it (memoised: the lexicon is fixed)."""
        if word not in self._stem_memo:
            self._stem_memo[word] = next(
                (
                    (stem, key)
                    for stem, key in self.stems.items()
                    if len(stem) >= 4 and word.startswith(stem) and len(word) - len(stem) >= 4
                ),
                None,
            )
        return self._stem_memo[word]

    def _place(self, span: Span) -> bool:
        """ "in Europa", "across Europe": the continent as a place, not the EU acting; "in
        Londen": the city, not the United Kingdom."""
        if span.text.isupper() and span.text.title() in self.capitals:
            return True  # "LONDON/ALMATY, Nov 13 (Reuters) -": a dateline names the city
        if span.start == 0 or (
            span.text not in self.place_names and span.text not in self.capitals
        ):
            return False
        previous = span.doc[span.start - 1]
        if previous.lower_ in {"de", "het", "the"} and span.start > 1:
            previous = span.doc[span.start - 2]
        if span.text in self.place_names:
            return previous.lower_ in self.place_prepositions
        return previous.lower_ in self.capital_prepositions

    def _compounds(self, doc: Doc, found: list[Span]) -> list[Span]:
        """Closed compounds ("koperaanbod") and hyphen compounds ("lithium-ion-batterijen")."""
        covered = {i for span in found for i in range(span.start, span.end)}
        extra: list[Span] = []
        table = tokens_of(doc)
        alpha, lowers = table.alpha, table.lower
        for i, orth in enumerate(table.text):
            if i in covered or (
                not alpha[i] and "-" not in orth and not orth.endswith(("'s", "’s"))
            ):
                continue
            text = lowers[i]
            key = None
            if text.endswith(("'s", "’s")) and len(text) > 3:  # "China's", "EU's"
                stem = orth[:-2]
                key = self.exact_index.get(stem) or self.lower_index.get(stem.lower())
            elif "-" in text:
                key = self._hyphen_key(orth)
            elif text.endswith(self.heads):  # one C call; most tokens end in no head
                for head in self.heads:
                    stem = text[: -len(head)]
                    if text.endswith(head) and len(stem) >= self.min_stem and stem in self.stems:
                        key = self.stems[stem]
                        break
            elif text.startswith(self.modifiers):  # "mijnkobalt": the material, as mined
                for modifier in self.modifiers:
                    stem = text[len(modifier) :]
                    if text.startswith(modifier) and stem in self.stems:
                        key = self.stems[stem]
                        break
            if key is not None:
                entry = self.lexicon.entries[key]
                extra.append(Span(doc, i, i + 1, label=entry.kind, kb_id=key))
        return extra

    def _hyphen_key(self, text: str) -> str | None:
        """The entity named by the longest leading part of a hyphen compound
        ("GroenLinks-PvdA-fractie" -> GroenLinks-PvdA, "EU-lijst" -> EU)."""
        parts = text.split("-")
        for size in range(len(parts) - 1, 0, -1):
            head = "-".join(parts[:size])
            key = self.exact_index.get(head) or self.lower_index.get(head.lower())
            if key is None and head.islower():
                key = self.stems.get(head)
            if key is not None:
                return key
        return None

    def _plausible(self, span: Span) -> bool:
        """An ambiguous word counts only in a sentence about materials."""
        if span.text.lower() not in self.ambiguous:
            return True
        sentence = span.sent if span.doc.has_annotation("SENT_START") else span.doc[:]
        words = {t.lower_ for t in sentence}
        if words & self.context:
            return True
        others = [t for t in sentence if t.lower_ in self.stems and t.lower_ != span.text.lower()]
        return bool(others)


NAME_KINDS = {"Organization", "Policy", "PoliticalParty", "Event"}


def _capitalised_name(text: str, kind: str) -> bool:
    """A one-word capitalised name of a body or policy ("Commissie", "Defensie", "Kamer") is
    also a common noun in lower case ("de commissie" of a committee report, "defensie" the
    sector): it names the entity only as written."""
    words = text.split()
    if len(words) == 2 and words[0].lower() in {"de", "het", "the"}:  # "de Commissie"
        words = words[1:]
    return kind in NAME_KINDS and len(words) == 1 and words[0][:1].isupper()


def _looks_like_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    uppers = sum(1 for c in letters if c.isupper())
    return bool(letters) and (uppers >= 2 and uppers >= len(letters) / 2)


# --- abbreviations ------------------------------------------------------------------------------


@Language.factory("crm_abbreviations")
def make_abbreviations(nlp: Language, name: str) -> AbbreviationLinker:
    return AbbreviationLinker()


class AbbreviationLinker:
    """ "Nederlands Materialen Observatorium (NMO)": the long form and every later "NMO" name one
    entity; a body or policy no vocabulary has becomes a new entity (Schwartz-Hearst matching)."""

    def __init__(self) -> None:
        config = patterns()["abbreviations"]
        self.org_heads = tuple(config["organization_heads"])
        self.policy_heads = tuple(config["policy_heads"])

    def __call__(self, doc: Doc) -> Doc:
        definitions: dict[str, tuple[str, str]] = {}
        new_spans: list[Span] = []
        texts = tokens_of(doc).text
        ents: Sequence[Span] | None = None
        for i, text in enumerate(texts):
            if text != "(" or i + 2 >= len(texts) or texts[i + 2] != ")":
                continue
            token = doc[i]
            short = doc[i + 1]
            if not _looks_like_acronym(short.text) or not 2 <= len(short.text) <= 10:
                continue
            long_form = self._long_form(doc, token.i, short.text)
            if long_form is None:
                continue
            if ents is None:
                ents = doc.ents  # unchanged until set_entities below
            linked = self._link(doc, ents, long_form, short)
            if linked is None:
                continue
            key, kind = linked
            definitions[short.text] = (key, kind)
            new_spans.append(Span(doc, long_form.start, long_form.end, label=kind, kb_id=key))
        if not definitions:
            return doc
        for i, text in enumerate(texts):
            if text in definitions:
                key, kind = definitions[text]
                new_spans.append(Span(doc, i, i + 1, label=kind, kb_id=key))
        set_entities(doc, new_spans, override=True)
        return doc

    def _long_form(self, doc: Doc, paren: int, short: str) -> Span | None:
        """The shortest run of words before "(" whose letters spell the acronym in order."""
        letters = [c.lower() for c in short if c.isalnum()]
        limit = max(0, paren - min(len(letters) + 5, 2 * len(letters)))
        sentence_start = doc[paren].sent.start
        for start in range(paren - 1, max(limit, sentence_start) - 1, -1):
            words = [t.text for t in doc[start:paren]]
            if not words[0][:1].isalnum() or words[0][0].lower() != letters[0]:
                continue
            if _spells(" ".join(words).lower(), letters):
                return doc[start:paren]
        return None

    def _link(
        self, doc: Doc, ents: Sequence[Span], long_form: Span, short: Any
    ) -> tuple[str, str] | None:
        for ent in ents:
            if (ent.start <= long_form.start and long_form.end <= ent.end) or (
                ent.start == long_form.start and ent.end >= long_form.end - 1
            ):
                return ent.kb_id_, ent.label_
        # "Vragen van de leden Kolthof (VVD)": letters that spell a known acronym from words
        # that are no name ("leden") do not make a long form of it
        named = all(t.text[:1].isupper() or t.lower_ in NAME_CONNECTORS for t in long_form)
        for ent in ents:
            if ent.start == short.i:
                return (ent.kb_id_, ent.label_) if named else None
        kind = self._kind(long_form.text)
        if kind is None:
            return None
        key = mint(doc, entity_key(kind, long_form.text), kind, long_form.text, acronym=short.text)
        minted(doc)[key].labels.add(short.text)
        return key, kind

    def _kind(self, text: str) -> str | None:
        words = text.lower().split()
        for word in reversed(words):
            if word.endswith(self.policy_heads):
                return "Policy"
            if word.endswith(self.org_heads):
                return "Organization"
        return None


def _capitalised_word(text: str) -> bool:
    """A word that may be part of a name: capitalised, letters (and hyphens) only, not a short
    acronym."""
    return (
        len(text) > 1
        and text[0].isupper()
        and text.replace("-", "").isalpha()
        and not (text.isupper() and len(text) <= 3)
    )


def _spells(text: str, letters: list[str]) -> bool:
    """Schwartz-Hearst: the acronym's letters occur in order, the first at a word start."""
    position = len(text) - 1
    for index in range(len(letters) - 1, -1, -1):
        letter = letters[index]
        while position >= 0 and (
            text[position] != letter
            or (index == 0 and position > 0 and text[position - 1].isalnum())
        ):
            position -= 1
        if position < 0:
            return False
        position -= 1
    return True


# --- names of policies and bodies no vocabulary has ---------------------------------------------


@Language.factory("crm_names")
def make_names(nlp: Language, name: str) -> NameRecognizer:
    return NameRecognizer()


#: Small words inside a name ("Nederlands Materialen Observatorium", "Raad voor de
#: Leefomgeving en Infrastructuur").
NAME_CONNECTORS = frozenset(patterns()["names"]["connectors"])

#: Prepositions after which "het Finse Kokkola" is a place, not a body.
PLACE_PREPOSITIONS = frozenset(
    patterns()["entities"]["place_prepositions"] + patterns()["entities"]["capital_prepositions"]
)

#: Prepositions that place what follows: "in het Finse Kokkola" is a town, whatever follows.
LOCATIVE = frozenset({"in", "at", "te", "bij", "nabij", "near"})

#: Kinds a new name may cover: a material or sector word inside a name is part of the name
#: ("Intentieverklaring over Kritieke Mineralen"); bodies, policies and persons are not.
COVERABLE = {"Material", "Sector"}


class NameRecognizer:
    """Capitalised names of policies and bodies that no vocabulary has ("Nationale
    Lithiumstrategie", "Intentieverklaring over Kritieke Mineralen", "Australian Critical
    Minerals Office"): a run of capitalised words (with connectors such as "over", "van", "of"
    between them) of which one ends in a policy or organization head word. A new name founds a
    new entity, as a new acronym does; a later "de intentieverklaring" (its head word alone,
    lowercase) names it again when it is the only such name in the document."""

    def __init__(self) -> None:
        config = patterns()["names"]
        self.policy_heads = tuple(config["policy_heads"])
        self.org_heads = tuple(config["organization_heads"])
        self.connectors = set(config["connectors"])
        self.not_first = set(config["not_first"])
        self.generic = {g.lower() for g in config["generic"]}
        self.org_roles = set(config["organization_roles"])
        self.org_role_links = set(config["organization_role_links"])
        self.org_descriptors = set(config["organization_descriptors"])
        self.org_descriptor_heads = tuple(config["organization_descriptor_heads"])
        self.org_verbs = set(config["organization_verbs"])
        self.org_sites = set(config["organization_sites"])
        self.org_agents = set(config["organization_agents"])
        self.office_titles = set(config["office_titles"])
        self.legal_forms = set(config["legal_forms"])

    def __call__(self, doc: Doc) -> Doc:
        ents = doc.ents
        taken = {i: e for e in ents if e.label_ not in COVERABLE for i in range(e.start, e.end)}
        adjectives = {e.start for e in ents if e.label_ == "Country" and len(e) == 1}
        spans: list[Span] = []
        heads: dict[str, list[str]] = {}
        for sentence in doc.sents:
            for start, end in self._runs(doc, sentence.start, sentence.end, taken):
                span = doc[start:end]
                if start in adjectives and end - start < 2:
                    continue
                kind, head = self._kind(span)
                if kind is None or head is None or span.text.lower() in self.generic:
                    continue
                if kind == "Organization":  # "Chamber of Mines of the Philippines"
                    end = self._country_of(doc, end, taken)
                    span = doc[start:end]
                name = span.text
                if span[-1].text in self.legal_forms:  # "CircuLIB GmbH" is CircuLIB
                    name = span[:-1].text
                key = mint(doc, entity_key(kind, name), kind, span.text)
                spans.append(Span(doc, start, end, label=kind, kb_id=key))
                # "de pilot" after "Pilot Strategische Grondstoffenvoorraad": every head word
                # of the name may stand for it
                words = {t.lower_ for t in span if self._kind(doc[t.i : t.i + 1])[0] == kind}
                for word in {head.lower()} | words:
                    heads.setdefault(word, []).append(key)
        named = {i for span in spans for i in range(span.start, span.end)}
        cued = sorted(self._cued_bodies(doc, taken.keys() | named), key=lambda r: r[0] - r[1])
        for start, end in cued:  # the longest names first
            span = doc[start:end]
            # "directeur strategie van AMG" after "AMG Critical Materials": the leading word of
            # a longer new name names that body again
            longer = next(
                (
                    s.kb_id_
                    for s in spans
                    if s.label_ == "Organization" and len(s) > len(span) and s[0].text == span.text
                ),
                None,
            )
            key = longer or mint(
                doc, entity_key("Organization", span.text), "Organization", span.text
            )
            spans.append(Span(doc, start, end, label="Organization", kb_id=key))
        if not spans:
            return doc
        spans += self._repeated(doc, spans, taken.keys())
        covered = {i for span in spans for i in range(span.start, span.end)}
        table = tokens_of(doc)
        lowers, is_lower, texts = table.lower, table.is_lower, table.text
        # "AMG Critical Materials" ... "AMG": a new body's leading acronym names it again
        acronyms = {
            texts[s.start]: s.kb_id_
            for s in spans
            if s.label_ == "Organization" and len(s) > 1 and _looks_like_acronym(texts[s.start])
        }
        for i, text in enumerate(texts):
            if text in acronyms and i not in covered and i not in taken:
                spans.append(Span(doc, i, i + 1, label="Organization", kb_id=acronyms[text]))
        for i, lower in enumerate(lowers):
            keys = set(heads.get(lower, []))
            if (
                len(keys) == 1
                and i not in covered
                and i not in taken
                and is_lower[i]
                and i > 0
                and lowers[i - 1] in {"de", "het", "deze", "die", "dit", "the", "this"}
            ):
                key = keys.pop()
                spans.append(Span(doc, i, i + 1, label=minted(doc)[key].kind, kb_id=key))
        set_entities(doc, spans, override=True)
        return doc

    def _runs(
        self, doc: Doc, start: int, end: int, taken: dict[int, Span]
    ) -> Iterable[tuple[int, int]]:
        table = tokens_of(doc)
        texts, lowers, spaces = table.text, table.lower, table.space
        capitalised = _capitalised_word
        i = start
        while i < end:
            # "De Nederlandse Grondstoffenalliantie": a nationality adjective opens the name
            adjective = (
                i in taken
                and taken[i].label_ == "Country"
                and len(taken[i]) == 1
                and i + 1 < end
                and i + 1 not in taken
                and capitalised(texts[i + 1])
            )
            if (
                not capitalised(texts[i])
                or (i in taken and not adjective)
                or texts[i] in self.not_first
            ):
                i += 1
                continue
            j = i + 1
            last = i
            while j < end and j not in taken:
                if capitalised(texts[j]):
                    last = j
                elif texts[j] == "-" and not spaces[j - 1] and not spaces[j]:
                    pass  # "Dodd-Frank Act": a hyphen joins two capitalised words
                elif lowers[j] not in self.connectors or not spaces[j]:
                    break
                j += 1
            if last + 1 < end and last + 1 not in taken and texts[last + 1] in self.legal_forms:
                last += 1  # "Beira Lítio S.A.", "Norrgrafit AB"
            # ("Executive Vice-President for ...": the hyphen's parts count as words here)
            office = any(texts[k] in self.office_titles for k in range(i, min(i + 4, last + 1)))
            # "HAS ADOPTED THIS REGULATION": a heading in capitals names nothing
            shouted = all(texts[k].isupper() for k in range(i, last + 1) if texts[k][:1].isupper())
            if last > i and not office and not shouted:
                yield i, last + 1
            i = last + 1

    @staticmethod
    def _country_of(doc: Doc, end: int, taken: dict[int, Span]) -> int:
        """The end of a body's name that goes on with "of (the) <country>" ("Chamber of Mines
        of the Philippines", "Geological Survey of Japan"): the country is part of the name."""
        i = end
        if i < len(doc) and doc[i].lower_ in {"of", "van"}:
            i += 1
            if i < len(doc) and doc[i].lower_ in {"the", "de", "het"}:
                i += 1
            country = taken.get(i)
            if country is not None and country.label_ == "Country" and country.start == i:
                return int(country.end)
        return end

    def _cued_bodies(self, doc: Doc, taken: set[int]) -> Iterable[tuple[int, int]]:
        """Runs of capitalised words that the words around them mark as a body although no
        head word does ("an analyst at Fastmarkets", "mining company Tau-Ken Samruk",
        "Masan High-Tech Materials operates ...")."""
        table = tokens_of(doc)
        lowers, alpha, is_lower = table.lower, table.alpha, table.is_lower
        adjectives = {e.start for e in doc.ents if e.label_ == "Country" and len(e) == 1}
        for i, lower in enumerate(lowers):
            if lower in self.org_role_links and self._role_before(lowers, alpha, i):
                first = (
                    i + 2 if i + 1 < len(doc) and lowers[i + 1] in {"the", "de", "het"} else i + 1
                )
                run = self._name_run(doc, first, taken, step=1)
            elif is_lower[i] and (
                lower in self.org_descriptors or lower.endswith(self.org_descriptor_heads)
            ):
                # "mining company Tau-Ken Samruk", "metaalbedrijf AMG Critical Materials"
                run = self._name_run(doc, i + 1, taken, step=1)
            elif lower in self.org_verbs:
                run = self._name_run(doc, i - 1, taken, step=-1)
                if run is not None and run[1] - run[0] == 1 and doc[run[0]].is_sent_start:
                    run = None  # "Daarbovenop raffineert China ...": a capitalised adverb
            elif lower == "(" and TICKER.match(doc_text(doc), table.idx[i]):
                run = self._name_run(doc, i - 1, taken, step=-1)  # "Kalahari Minerals (JSE: KBX)"
            elif i > 0 and (
                (lower in {"of", "van"} and lowers[i - 1] in self.org_sites)
                or (lower in {"by", "door"} and lowers[i - 1] in self.org_agents)
            ):
                run = self._name_run(doc, i + 1, taken, step=1)  # "a furnace of Silicio Galaico"
            elif lower in {"bij", "at"} and doc[i].is_sent_start:
                run = self._visited(doc, i, taken)  # "Bij TKF in Haaksbergen zijn de zorgen"
            elif lower in {"het", "de", "the"} and i + 2 < len(doc) and i + 1 in adjectives:
                run = self._national_body(doc, i, taken)  # "het Noorse REEtec, dat ..."
            else:
                continue
            if run is not None:
                yield run

    def _visited(self, doc: Doc, at: int, taken: set[int]) -> tuple[int, int] | None:
        """The body a sentence opening with "Bij"/"At" visits, when its place or its kind
        follows it ("Bij TKF in Haaksbergen", "Bij Hardmetaal Helmond, toeleverancier van ...")
        and marks it as a company rather than a town."""
        run = self._name_run(doc, at + 1, taken, step=1)
        if run is None or run[1] + 1 >= len(doc):
            return None
        after, word = doc[run[1]], doc[run[1] + 1]
        placed = after.lower_ == "in" and word.text[:1].isupper()
        described = after.text == "," and (
            word.lower_ in self.org_descriptors or word.lower_.endswith(self.org_descriptor_heads)
        )
        return run if placed or described else None

    @staticmethod
    def _repeated(doc: Doc, spans: list[Span], taken: Iterable[int]) -> list[Span]:
        """The other places where a new body's name stands, word for word ("Remagnet verwerkt
        ..." before "directeur Joost Hiddema van Remagnet" showed it to be a body)."""
        texts = tokens_of(doc).text
        used = set(taken) | {i for span in spans for i in range(span.start, span.end)}
        names = {tuple(texts[span.start : span.end]): span for span in spans}
        out: list[Span] = []
        for i, word in enumerate(texts):
            for name, span in names.items():
                n = len(name)
                if word != name[0] or tuple(texts[i : i + n]) != name:
                    continue
                if any(j in used for j in range(i, i + n)):
                    continue
                if i + n < len(doc) and texts[i + n][:1].isupper():
                    continue  # a longer name that begins the same
                out.append(Span(doc, i, i + n, label=span.label_, kb_id=span.kb_id_))
                used.update(range(i, i + n))
        return out

    def _national_body(self, doc: Doc, at: int, taken: set[int]) -> tuple[int, int] | None:
        """The name after a determiner and a country's adjective ("het Noorse REEtec", "het
        Canadese Cyclic Materials"): a body of that country, unless a preposition before it
        makes it a town ("in het Finse Kokkola"; "naar het Finse Harjavalta" unless a relative
        clause follows: "naar het Noorse REEtec, dat ... scheidt")."""
        run = self._name_run(doc, at + 2, taken, step=1)
        if run is None:
            return None
        before = doc[at - 1].lower_ if at > 0 else ""
        end = run[1]
        related = (
            end + 1 < len(doc)
            and doc[end].text == ","
            and doc[end + 1].lower_ in {"dat", "die", "which", "that"}
        )
        if before in LOCATIVE:
            return None  # "in het Finse Harjavalta, dat ...": the town where a body works
        return run if related or before not in PLACE_PREPOSITIONS else None

    def _role_before(self, lowers: list[str], alpha: list[bool], link: int) -> bool:
        """A person's role within the five words before "at"/"bij" ("analyst at", "head of
        battery raw materials at")."""
        for j in range(link - 1, max(link - 6, -1), -1):
            if lowers[j] in self.org_roles:
                return True
            if not alpha[j]:
                return False
        return False

    def _name_run(self, doc: Doc, at: int, taken: set[int], step: int) -> tuple[int, int] | None:
        """The capitalised words from ``at`` onwards (``step`` 1) or backwards (-1), inside one
        sentence, joined by hyphens without spaces ("Tau-Ken Samruk"): at most five tokens."""
        table = tokens_of(doc)
        texts, spaces = table.text, table.space
        if not 0 <= at < len(doc) or at in taken or not texts[at][:1].isupper():
            return None
        last = at  # the capitalised word farthest from ``at`` in the direction of ``step``
        i = at
        while 0 <= i < len(doc) and i not in taken and abs(i - at) < 5:
            word = texts[i]
            if word[:1].isupper() and word.replace("-", "").replace("&", "").isalnum():
                last = i
            elif not (
                (word == "-" and not spaces[i - 1] and not spaces[i])
                # "Magnésium de Maurienne": a particle between two capitalised words
                or (
                    word in NAME_PARTICLES
                    and step > 0
                    and i + 1 < len(doc)
                    and texts[i + 1][:1].isupper()
                )
            ):
                break
            if step < 0 and doc[i].is_sent_start:
                break
            i += step
        start, end = min(at, last), max(at, last) + 1
        if texts[start] in self.not_first or doc[start:end].text.lower() in self.generic:
            return None
        if any(doc[j].is_sent_start for j in range(start + 1, end)):
            return None
        return start, end

    def _kind(self, span: Span) -> tuple[str | None, str | None]:
        if span[-1].text in self.legal_forms:
            return "Organization", span[-1].text
        for token in reversed(span):
            word = token.lower_
            if word.endswith(self.policy_heads):
                return "Policy", token.text
            if word.endswith(self.org_heads):
                return "Organization", token.text
        return None, None


# --- persons ----------------------------------------------------------------------------------

#: Capital and small letters of names, Latin with accents ("Šefčovič", "Łukasz", "Ørsted").
NAME_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĢĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŖŘŚŞŠŢŤŪŮŰŲŹŻŽ"
NAME_LOWER = "a-zß-öø-ÿā-ž"
NAME = rf"[{NAME_UPPER}][{NAME_LOWER}]+(?:-[{NAME_UPPER}][{NAME_LOWER}]+)?"


#: A word in capitals, as the surnames of EU signatures are written ("VON", "LEYEN").
CAPITALS = rf"[{NAME_UPPER}][{NAME_UPPER}'’-]+"
#: One author as a report's author line writes them, surname first: "Lindqvist, M.",
#: "van der Berg, J.P.".
REVERSED_AUTHOR = (
    rf"((?:(?:van|de|der|den|von|ter|ten|du|da)[ \t]+)*{NAME}),[ \t]*(?:[A-Z]\.[ \t]?){{1,4}}"
)
#: A line of nothing but such authors: "Lindqvist, M., Vos, P.J.", "Berg, A. and Smit, K.".
AUTHOR_LINE = re.compile(
    rf"(?m)^[ \t]*{REVERSED_AUTHOR}(?:(?:[ \t]*[,;&]|[ \t]+and|[ \t]+en)[ \t]*{REVERSED_AUTHOR})*"
    r"[ \t]*$"
)

#: A company's stock ticker in brackets after its name: "(JSE: KBX)", "(Nasdaq: TSLA)",
#: "(ASX: SYR)". The name before it is a body's; the exchange in it does nothing.
TICKER = re.compile(r"\((?:[A-Z][A-Za-z]+)(?: [A-Z][A-Za-z]+)?:[ \t]?[A-Z0-9][A-Z0-9.]{0,9}\)")


def _after_capitalised(text: str, start: int) -> bool:
    """Whether a capitalised word stands right before ``start`` on its line."""
    before = text[max(0, start - 40) : start].rstrip(" \t").split("\n")[-1].split()
    return bool(before) and before[-1][:1].isupper()


#: Small words inside a company's name ("Magnésium de Maurienne", "Compagnie du Vent").
NAME_PARTICLES = {"de", "da", "du", "del", "des", "la", "le", "von", "der"}

#: How far into a document a line of names is read as its authors.
NAMES_LINE_WITHIN = 800

#: A party in brackets after a member's name: "(ChristenUnie)", "(JA21)".
PARTY_NOTE = r"(?:[ \t]*\n?[ \t]*\([^()\n]{1,40}\))?"


@Language.factory("crm_persons")
def make_persons(nlp: Language, name: str) -> PersonRecognizer:
    return PersonRecognizer()


class PersonRecognizer:
    """Persons from cues that hold across these documents: initials before a surname, the
    names after "de leden", a name beside a role ("De minister van ..., Dirk Beljaarts"),
    a name beside a speech verb; later mentions of a known surname."""

    def __init__(self) -> None:
        config = patterns()["persons"]
        particles = "|".join(
            re.escape(p) for p in sorted(config["particles"], key=len, reverse=True)
        )
        # A surname may open with a capitalised particle when no first name precedes it
        # ("de leden Van Velzen (CDA) en El Khatib (D66)").
        capitalised = "|".join(re.escape(p) for p in config["capitalised_particles"])
        surname = rf"(?:(?:{capitalised})[ \t])?(?:(?:{particles})[ \t])*{NAME}"
        self.particles = {p.lower() for p in config["particles"]}
        self.not_names = set(config["not_names"])
        self.not_initials = set(config["not_initials"])
        self.initials = re.compile(rf"\b((?:[A-Z]\.){{1,4}})[ \t]?({surname})")
        self.members = re.compile(
            # "lid van de ISA", "leden van het partnerschap": membership, not a name
            rf"\b(?:de\s+)?(?:[Kk]amer)?(?:leden|lid)\s+(?!van\s+(?:de|het|den)\s)"
            # each name may carry its party ("de leden Van Dusseldorp (ChristenUnie) en
            # Oudeman (JA21)")
            rf"((?:{surname})(?:{PARTY_NOTE}\s*(?:,|en)\s*{surname})*)"
            r"(?![\w-])"
        )
        self.role_then_name = re.compile(
            rf"\b(?:[Mm]inister|[Ss]taatssecretaris|[Mm]inister-president)\b[^,.\n]{{0,120}},\s*"
            rf"({NAME}(?:[ \t]+{surname}){{1,2}})"
        )
        self.speech = re.compile(
            rf"\b(?:zegt|aldus|volgens|stelt|vertelt|says|said|according to)\s+"
            rf"((?:{NAME}[ \t]+)?{surname})"
        )
        self.name_then_org = re.compile(
            # "(+32) 2 28 41921": a telephone number is no body
            rf"\b({NAME}[ \t]+{surname})\s*\((?![A-Z][A-Za-z]+:)(?:[A-Z]{{2,}}|[^()\d+][^()]*)\)"
        )
        # a press contact with a telephone number: "Lea Zuber (+32 2 29 56185)"
        self.contact = re.compile(rf"(?<![\w-])({NAME}[ \t]+{surname})[ \t]*\(\+\d")
        # a speaker in a report of a debate: "De heer Vlietstra (VVD):", "Mevrouw Akkerman (BBB)"
        self.speaker = re.compile(rf"\b(?:[Dd]e heer|[Mm]evrouw)[ \t]+({surname})(?=[ \t]*\()")
        roles = "|".join(re.escape(r) for r in config["committee_roles"])
        self.committee_signature = re.compile(
            rf"\b(?:{roles})\s+van\s+de\s+(?:vaste\s+)?commissie[^,.\n]{{0,80}},\s*"
            rf"((?:{NAME}[ \t]+)?{surname})[ \t]*(?=\n|$)"
        )
        self.surname_only = re.compile(surname + r"(?![\w-])")
        # A title right before a full name: "Commissievoorzitter Ursula von der Leyen",
        # "EU-commissaris Stéphane Séjourné", "CEO Mark Smith", "President Joe Biden".
        heads = "|".join(re.escape(t) for t in config["title_heads"])
        self.title_then_name = re.compile(
            rf"\b[\w-]*(?:{heads})[ \t]+(?=[{NAME_UPPER}])((?:{NAME}[ \t]+)?{surname})(?![\w-])"
        )
        # A signature in the style of the EU's texts, a first name and the surname in capitals
        # at the end of a line ("The President (newline) Ursula VON DER LEYEN", "Kaja KALLAS").
        self.capitals_surname = re.compile(
            # at a line's start or after a title: "Press Releases PLENARY SESSION" is none
            rf"(?m)(?:^[ \t]*|\b(?:{heads})[ \t]+)"
            rf"({NAME}[ \t]+({CAPITALS}(?:[ \t]+{CAPITALS}){{0,3}}))"
            # the line ends, or a role follows on a line joined to it ("Press Officer")
            rf"(?=[ \t]*(?:\n|$)|[ \t]+[{NAME_UPPER}][{NAME_LOWER}])"
        )
        # An office with its portfolio before a full name: "Executive Vice-President for
        # Prosperity and Industrial Strategy Stéphane Séjourné", "Commissioner for Trade,
        # Maroš Šefčovič": the name is the last first name and surname before a small word.
        titles = patterns()["names"]["office_titles"]
        offices = "|".join(re.escape(t) for t in {*titles, *(t.lower() for t in titles)})
        self.office_then_name = re.compile(
            rf"\b(?:{offices})[ \t]+(?:for|voor|of|van)[ \t]+(?:[\w&-]+,?[ \t]+)+?"
            rf"({NAME}[ \t]+(?:(?:{particles})[ \t]+)*{NAME})"
            rf"(?=[ \t]*[,.;:)]|[ \t]+[{NAME_LOWER}])"
        )
        # Full names in a list of authors: a first name and a surname ("in" here is a place:
        # "Clara Whitfield in London").
        lower_particles = "|".join(
            re.escape(p) for p in sorted(config["particles"], key=len, reverse=True) if p != "in"
        )
        full_name = rf"{NAME}(?:[ \t]+(?:(?:{lower_particles})[ \t]+)*{NAME}){{1,2}}"
        self.full_name = re.compile(full_name)
        names = (
            rf"{full_name}(?:[ \t]+in[ \t]+{NAME})?"
            rf"(?:(?:[ \t]*,[ \t]*|[ \t]+(?:and|en|&)[ \t]+){full_name}(?:[ \t]+in[ \t]+{NAME})?)*"
        )
        # A byline or author field on a line of its own ("Door Thomas Hendriks", "By Jane Smith
        # and John Doe", "Author: Marta Ilves"), and a news agency's credits ("(Reporting by
        # Clara Whitfield in London; Editing by Tomasz Wrenfield)").
        self.byline = re.compile(
            rf"(?m)^(?:{byline_openers()})[ \t]+({names})"
            # "Door Sanne Oudshoorn, economieredacteur": the writer's job may follow
            r"(?:,?[ \t]+[a-z][\w-]*){0,2}[ \t]*$"
        )
        # A line of nothing but full names near the start of a report or brief ("Ana Ribeiro
        # Costa and Henrik Solberg"): its authors.
        self.names_line = re.compile(
            rf"(?m)^[ \t]*({full_name}(?:(?:[ \t]*,[ \t]*|[ \t]+(?:and|en|&)[ \t]+){full_name})+)"
            r"[ \t]*$"
        )
        # A news site's byline: the writer's name, a bar and the date ("Marcus Ellery |
        # November 12, 2025 | 6:42 am").
        self.web_byline = re.compile(rf"(?m)^[ \t]*({full_name})[ \t]*\|[ \t]*[\w.]+[ \t]+\d")
        # A person introduced by a role in a body: "Henrik Solberg is a Senior Research Fellow
        # at ...", "Jan de Vries is econoom bij ING".
        roles = "|".join(re.escape(r) for r in patterns()["names"]["organization_roles"])
        self.is_role = re.compile(
            rf"(?:^|(?<=[.!?][ \t])|(?<=\n))({full_name})[ \t]+(?:is|was)[ \t]+"
            rf"(?:(?:a|an|the|de|een)[ \t]+)?(?:[\w-]+[ \t]+){{0,3}}(?i:{roles})\b"
        )
        # A person described by a role in a body in apposition, at the start of a sentence:
        # "Nor Aini Hashim, Vice President of Lynas Malaysia, led ...".
        links = "|".join(re.escape(w) for w in patterns()["names"]["organization_role_links"])
        self.role_apposition = re.compile(
            rf"(?:^|(?<=[.!?][ \t])|(?<=\n))({full_name}),[ \t]+(?:[\w-]+[ \t]+){{0,3}}"
            rf"(?i:{roles}|president|chair|chairman|chairwoman|ceo|cfo|coo)[ \t]+(?:{links})\b"
        )
        # A photographer's credit: "Beeld Sander Wiersma" or "Foto: ..." on a line of its own,
        # an agency and the name after a slash ("REUTERS/Patient Ilunga", "ANP/Remko de Waal").
        self.photo_credit = re.compile(
            rf"(?:(?m:^)[ \t]*(?:Beeld|Foto|Photo|Fotografie|Illustratie)[ \t]*:?[ \t]+"
            rf"|\b[A-Z]{{2,}}/)({full_name})"
        )
        self.credits = re.compile(
            rf"\b(?:[Rr]eporting|[Ww]riting|[Ee]diting|[Cc]ompiled|[Ee]dited|EDITED)\s+(?:by|BY):?"
            rf"\s+({names})"
        )

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        found: list[tuple[int, int, str]] = []
        for match in self.initials.finditer(text):
            if match.group(1) in self.not_initials:
                continue  # "U.S. Net Import Reliance": a country's abbreviation
            found.append((match.start(), match.end(), match.group(2)))
        # "Norra Kärr (Sweden)": a place with its country in brackets, not a person's body
        countries = {e.start_char for e in doc.ents if e.label_ == "Country"}
        for match in self.members.finditer(text):
            # the party notes between the names are no names: blanked, offsets kept
            names = re.sub(r"\([^()]*\)", lambda m: " " * len(m.group(0)), match.group(1))
            for name in self.surname_only.finditer(names):
                words = name.group(0).split()
                if words[-1] in self.not_names:
                    continue
                start = match.start(1) + name.start()
                found.append((start, match.start(1) + name.end(), " ".join(words)))
        patterns_ = (
            self.role_then_name,
            self.speech,
            self.name_then_org,
            self.committee_signature,
            self.title_then_name,
            self.speaker,
            self.office_then_name,
            self.contact,
            self.photo_credit,
        )
        for pattern in patterns_:
            for match in pattern.finditer(text):
                words = match.group(1).split()
                while words and words[-1] in self.not_names:
                    words.pop()
                if len(words) < 1 or (
                    words[0] in self.not_names and words[0] not in self.capitalised_particles
                ):
                    continue
                if all(w.lower() in self.particles for w in words):
                    continue  # "volgens de Europese Commissie", "said in May": no name left
                if pattern is self.name_then_org and _after_capitalised(text, match.start(1)):
                    continue  # "Raw Materials Information System (RMIS)": a longer name
                if pattern is self.name_then_org and text.find("(", match.end(1)) + 1 in countries:
                    continue
                end = match.start(1) + match.group(1).find(words[-1]) + len(words[-1])
                found.append((match.start(1), end, self._surname(words)))
        for line in AUTHOR_LINE.finditer(text):
            for author in re.finditer(REVERSED_AUTHOR, line.group(0)):
                start = line.start() + author.start(1)
                found.append((start, start + len(author.group(1)), author.group(1)))
        for match in self.capitals_surname.finditer(text):
            if len(match.group(2).replace(" ", "")) >= 4:
                words = [
                    w.lower() if w.lower() in self.particles else w.capitalize()
                    for w in match.group(2).split()
                ]
                found.append((match.start(1), match.end(1), " ".join(words)))
        head = text[:NAMES_LINE_WITHIN]
        for pattern in (self.names_line, self.web_byline):
            for match in pattern.finditer(head):
                doc.user_data.setdefault("names_lines", []).append(match.start(1))
        sources = (
            (self.byline, text),
            (self.credits, text),
            (self.names_line, head),
            (self.web_byline, head),
        )
        for pattern, source in (*sources, (self.is_role, text), (self.role_apposition, text)):
            for match in pattern.finditer(source):
                for name in self.full_name.finditer(match.group(1)):
                    start = match.start(1) + name.start()
                    words = name.group(0).split()
                    found.append((start, start + len(name.group(0)), self._surname(words)))
        spans = self._spans(doc, found)
        spans += self._repeated_surnames(doc, spans)
        set_entities(doc, spans)
        return doc

    @property
    def capitalised_particles(self) -> set[str]:
        return set(patterns()["persons"]["capitalised_particles"])

    def _surname(self, words: list[str]) -> str:
        """The surname with its particles: the last name and the particles before it
        ("El Khatib", "Van Velzen", "van den Akker")."""
        first = len(words) - 1
        while first > 0 and words[first - 1].lower() in self.particles:
            first -= 1
        return " ".join(words[first:])

    def _spans(self, doc: Doc, found: list[tuple[int, int, str]]) -> list[Span]:
        spans = []
        ents = doc.ents  # unchanged in the loop: Doc.ents builds every entity on each call
        for start, end, surname in found:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or surname in self.not_names:
                continue
            if any(e.start <= span.start and span.end <= e.end for e in ents) or any(
                e.start < span.end and span.start < e.end and e.label_ in NAME_KINDS for e in ents
            ):
                continue
            key = mint(doc, entity_key("Person", _surname_key(surname)), "Person", span.text)
            spans.append(Span(doc, span.start, span.end, label="Person", kb_id=key))
        return spans

    def _repeated_surnames(self, doc: Doc, spans: list[Span]) -> list[Span]:
        by_surname = {
            s.text.split()[-1]: s.kb_id_
            for s in spans
            if s.text.split()[-1][:1].isupper()
            and len(s.text.split()[-1]) > 2
            and s.text.split()[-1] not in self.not_names
        }
        extra: list[Span] = []
        if not by_surname:
            return extra
        bounds = [(s.start, s.end) for s in spans]
        for i, text in enumerate(tokens_of(doc).text):
            key = by_surname.get(text)
            if key and not any(start <= i < end for start, end in bounds):
                extra.append(Span(doc, i, i + 1, label="Person", kb_id=key))
        return extra


def _surname_key(surname: str) -> str:
    return surname.strip()


# --- references to other documents ------------------------------------------------------------

MOVER = (
    r"(?:(?:[Vv]an|[Dd]e|[Dd]er|[Dd]en|[Tt]er|[Tt]en|[Ii]n\s't|El|Al|Le|La|Du|Da)\s+)*[A-Z][\w'-]*"
)
DOSSIER = r"(?<![\d.,])(\d{2}\s?\d{3}(?:-[A-Z0-9]+)?(?:\s+[IVXLC]+)?)"
NUMBERS = r"(\d+(?:\s*(?:,|en|and|&)\s*\d+)*)"


@Language.factory("crm_references")
def make_references(nlp: Language, name: str) -> ReferenceRecognizer:
    return ReferenceRecognizer()


class ReferenceRecognizer:
    """Kamerstukken ("Kamerstuk 32 852, nr. 259", "36 200 XII, nr. 56", "nrs. 224, 225 en 291")
    and motions ("motie-Thijssen/Kuiken") as Document entities with stable keys."""

    kamerstuk = re.compile(rf"(?:Kamerstuk(?:ken)?\s+)?{DOSSIER},?\s+nrs?\.?\s*{NUMBERS}")
    motion = re.compile(rf"\b[Mm]otie[s]?-({MOVER}(?:\s*/\s*{MOVER})*)")
    # "de motie van de leden Hoogkamp (CDA) en Verweij (JA21) over ... (Kamerstuk 36 800 X,
    # nr. 27)": a motion named by its movers, with its number further on
    described_motion = re.compile(
        rf"\b[Mm]otie\s+van\s+(?:de\s+leden|het\s+lid)\s+"
        rf"({MOVER}{PARTY_NOTE}(?:\s*(?:,|en)\s*{MOVER}{PARTY_NOTE})*)"
    )

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        text = doc_text(doc)
        cited = list(self.kamerstuk.finditer(text))
        known = {re.sub(r"\s+", "", m.group(1)) for m in cited}
        for match in cited + self._misprinted(text, known):
            dossier = re.sub(r"\s+", " ", match.group(1)).strip()
            if (
                len(
                    re.sub(
                        r"\D",
                        "",
                        dossier.split()[0]
                        + (
                            dossier.split()[1]
                            if len(dossier.split()) > 1 and dossier.split()[1].isdigit()
                            else ""
                        ),
                    )
                )
                == 6
            ):
                dossier = self._corrected(dossier, known)
            numbers = re.findall(r"\d+", match.group(2))
            span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if span is None:
                continue
            for number in numbers:
                key = f"document/{kamerstuk_key(dossier, number)}"
                label = f"Kamerstuk {dossier}, nr. {number}"
                mint(doc, key, "Document", label, kamerstuk=f"{dossier} nr. {number}")
            first = f"document/{kamerstuk_key(dossier, numbers[0])}"
            spans.append(Span(doc, span.start, span.end, label="Document", kb_id=first))
            doc.user_data.setdefault("kamerstuk_spans", []).append(
                (span.start_char, span.end_char, [kamerstuk_key(dossier, n) for n in numbers])
            )
        numbered_motions = self._described_motions(doc)  # named again without its number
        for match in self.motion.finditer(text):
            span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if span is None:
                continue
            names = re.sub(r"\s+", " ", match.group(1))
            movers = slugify(names)
            numbered = self._number_nearby(doc, match.end()) or numbered_motions.get(movers)
            if numbered:
                numbered_motions[movers] = numbered
            key = f"document/{numbered}" if numbered else f"document/motie-{movers}"
            mint(doc, key, "Document", f"motie-{names.replace(' / ', '/')}")
            spans.append(Span(doc, span.start, span.end, label="Document", kb_id=key))
            self._movers(doc, key, match)
        set_entities(doc, spans, override=True)
        self._articles(doc)
        return doc

    def _articles(self, doc: Doc) -> None:
        """A publisher followed by a date ("NRC, 18 mei 2025") cites an article: a Document
        authored by the publisher, keyed ``document/{publisher}-{date}``."""
        text = doc_text(doc)
        for ent in doc.ents:
            if ent.label_ != "Organization":
                continue
            tail = text[ent.end_char : ent.end_char + 260]
            match = DATE_AFTER.match(tail) or DATE_AFTER_TITLE.match(tail) or RELEASE_OF.match(tail)
            if match is None:
                continue
            day = parse_date(match.group(1))
            if day is None:
                continue
            key = f"document/{ent.kb_id_.split('/', 1)[1]}-{day}"
            end = ent.end_char + match.end(1)
            mint(doc, key, "Document", f"{ent.text}, {match.group(1)}")
            doc.user_data.setdefault("extra_mentions", []).append(
                (key, "Document", ent.start_char, end)
            )
            doc.user_data.setdefault("authors", {}).setdefault(key, []).append(
                (ent.kb_id_, ent.start_char, end)
            )

    misprint = re.compile(rf"Kamerstuk(?:ken)?\s+(\d{{3}}\s?\d{{3}}),?\s+nrs?\.?\s*{NUMBERS}")

    def _misprinted(self, text: str, known: set[str]) -> list[re.Match[str]]:
        """ "Kamerstuk 312 852, nr. 291": a dossier number with one digit too many that matches,
        less that digit, a dossier the same document cites elsewhere."""
        return [m for m in self.misprint.finditer(text) if self._fix(m.group(1), known)]

    @staticmethod
    def _fix(dossier: str, known: set[str]) -> str | None:
        digits = re.sub(r"\s+", "", dossier)
        for i in range(len(digits)):
            candidate = digits[:i] + digits[i + 1 :]
            if candidate in known:
                return candidate
        return None

    def _corrected(self, dossier: str, known: set[str]) -> str:
        fixed = self._fix(dossier, known)
        return f"{fixed[:2]} {fixed[2:]}" if fixed else dossier

    @staticmethod
    def _movers(doc: Doc, motion: str, match: re.Match[str]) -> None:
        """The members who filed a motion are its authors: persons with their own mentions."""
        authors = doc.user_data.setdefault("authors", {}).setdefault(motion, [])
        for name in re.finditer(MOVER, match.group(1)):
            surname = re.sub(r"\s+", " ", name.group(0))
            person = mint(doc, entity_key("Person", surname), "Person", surname)
            start = match.start(1) + name.start()
            doc.user_data.setdefault("extra_mentions", []).append(
                (person, "Person", start, start + len(name.group(0)))
            )
            authors.append((person, match.start(), match.end()))

    def _described_motions(self, doc: Doc) -> dict[str, str]:
        """The Kamerstuk numbers of motions described by their movers, by the movers' slug
        ("hoogkamp-verweij"); the movers are the Kamerstuk's authors."""
        text = doc_text(doc)
        found: dict[str, str] = {}
        for match in self.described_motion.finditer(text):
            movers = re.sub(r"\([^()]*\)", "", match.group(1))
            names = [n.strip() for n in re.split(r"\s*(?:,|\ben\b)\s*", movers) if n.strip()]
            ends = text.find(".", match.end())
            limit = match.end() + 250 if ends < 0 else min(ends, match.end() + 250)
            numbers = [
                keys[0]
                for start, _end, keys in doc.user_data.get("kamerstuk_spans", [])
                if match.end() <= start < limit and len(keys) == 1
            ]
            if not numbers or not names:
                continue
            key = f"document/{numbers[0]}"
            found[slugify("/".join(names))] = str(numbers[0])
            authors = doc.user_data.setdefault("authors", {}).setdefault(key, [])
            for name in names:
                person = mint(doc, entity_key("Person", name), "Person", name)
                authors.append((person, match.start(), match.end()))
        return found

    @staticmethod
    def _number_nearby(doc: Doc, end: int) -> str | None:
        """A Kamerstuk number given right after the motion, in its brackets, or in the
        footnote its marker points to ("motie-Hakkert/Van Bemmel,1" and, at the foot,
        "1 Kamerstuk 32 852, nr. 379")."""
        spans = doc.user_data.get("kamerstuk_spans", [])
        for start, _end, keys in spans:
            if 0 <= start - end <= 40 and len(keys) == 1:
                return str(keys[0])
        text = doc_text(doc)
        marker = re.match(r",?(\d{1,2})\b", text[end : end + 4]) or _dropped_marker(doc, end)
        if marker is None:
            return None
        for start, _end, keys in spans:
            line = text[text.rfind("\n", 0, start) + 1 : start]
            if len(keys) == 1 and re.fullmatch(rf"[ \t]*{marker.group(1)}[ \t]+", line):
                return str(keys[0])
        return None


def _dropped_marker(doc: Doc, end: int) -> re.Match[str] | None:
    """A footnote marker the cleaner dropped, glued to the name that ends at ``end``
    ("motie-Kalsbeek/Van Oosterom1") or to the full stop of its sentence ("zoals de motie-Van
    Dam/Postma vraagt.1"), read in the raw text."""
    raw, offsets = doc.user_data.get("raw_text"), doc.user_data.get("offsets")
    if not raw or offsets is None or end <= 0:
        return None
    text = doc_text(doc)
    stop = text.find(".", end)
    ends = [end] + ([stop + 1] if 0 <= stop - end <= 80 and "\n" not in text[end:stop] else [])
    for clean_end in ends:
        position = offsets.raw_index(clean_end - 1) + 1
        marker = re.match(r"(\d{1,2})(?=[\s.,;:)]|$)", raw[position : position + 3])
        if marker is not None:
            return marker
    return None


DATE_AFTER = re.compile(
    # "NRC, 18 mei 2025"; "European Commission, press release, 25 March 2025"; "in het FD van
    # 8 oktober 2026"
    r"\s*(?:[,(]|\s+van\s)\s*"
    r"(?:(?:press release|news release|persbericht|statement|verklaring)\s*,\s*)?"
    r"(\d{1,2}\s+[A-Za-z]{3,9}\.?\s+\d{4}|\d{4}-\d{2}-\d{2})"
)
#: The same with the article's title before its date, and maybe a year after the publisher:
#: "Financial Times, 'Magnesium shortage threatens ...', 19 October 2021", "Reuters (2025),
#: 'Nornickel sees palladium deficit narrowing', 7 February 2025".
DATE_AFTER_TITLE = re.compile(
    r"\s*(?:\(\d{4}\))?\s*,\s*['‘\"“].{5,200}?['’\"”]\s*,\s*"
    r"(\d{1,2}\s+[A-Za-z]{3,9}\.?\s+\d{4}|\d{4}-\d{2}-\d{2})"
)


#: A press release named by its date: "Commission press release of 25.3.2025",
#: "persbericht van 12 mei 2025".
RELEASE_OF = re.compile(
    r"\s+(?:press release|news release|persbericht|statement)\s+(?:of|van)\s+"
    r"(\d{1,2}\s+[A-Za-z]{3,9}\.?\s+\d{4}|\d{1,2}\.\d{1,2}\.\d{4})"
)


def parse_date(text: str) -> str | None:
    """ISO date of "18 mei 2025", "29 April 2025", "25.3.2025" or "2025-04-29"; None when
    not a date."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    dotted = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    if dotted:
        day, month_number, year = (int(g) for g in dotted.groups())
        return f"{year:04d}-{month_number:02d}-{day:02d}" if 1 <= month_number <= 12 else None
    parts = text.replace(".", "").split()
    month = patterns()["dates"]["months"].get(parts[1].lower()) if len(parts) == 3 else None
    if month is None:
        return None
    return f"{int(parts[2]):04d}-{int(month):02d}-{int(parts[0]):02d}"


def kamerstuk_key(dossier: str, number: str) -> str:
    """``32 852`` + ``259`` -> ``kst-32852-259``; ``36 200 XII`` + ``56`` -> ``kst-36200-xii-56``"""
    parts = dossier.split()
    head = parts[0] + (parts[1] if len(parts) > 1 and parts[1].isdigit() else "")
    rest = [p.lower() for p in parts[1:] if not p.isdigit()]
    return "-".join(["kst", head.lower(), *rest, number])


# --- assembling the pipeline ---------------------------------------------------------------------


#: A word in capitals with one full stop after it ("ING.", not "B.V.").
CAPITALISED_ABBREVIATION = re.compile(r"^[^\W\d_a-z]{2,}\.$")


def build_pipeline(language: str, ontology_dir: Path) -> Language:
    """A blank ``nl`` or ``en`` pipeline with the components of ``pipeline.cfg``."""
    config = spacy.util.load_config(PATTERNS_DIR / "pipeline.cfg")
    config["nlp"]["lang"] = language
    config["components"]["crm_entities"]["ontology_dir"] = str(ontology_dir)
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    tokenizer = tokenizer_of(nlp)
    # The capitalised forms of spaCy's Dutch abbreviations ("ING.", "ART.") are names in these
    # texts ("econoom bij ING."): their full stop ends the sentence.
    tokenizer.rules = {
        k: v for k, v in (tokenizer.rules or {}).items() if not CAPITALISED_ABBREVIATION.match(k)
    }
    for abbreviation in patterns()["tokenizer"]["abbreviations"]:
        tokenizer.add_special_case(abbreviation, [{"ORTH": abbreviation}])
    # A full stop after a name in mixed case ending in a capital ("van TenneT.") ends the
    # sentence: the default rules keep it, as after the capital of an abbreviation.
    suffixes = [*(nlp.Defaults.suffixes or []), r"(?<=[a-z][A-Z])\."]
    tokenizer_of(nlp).suffix_search = spacy.util.compile_suffix_regex(suffixes).search
    return nlp


def tokenizer_of(nlp: Language) -> Tokenizer:
    tokenizer = nlp.tokenizer
    assert isinstance(tokenizer, Tokenizer)
    return tokenizer


@lru_cache(maxsize=4)
def pipeline(language: str, ontology_dir: str) -> Language:
    return build_pipeline(language, Path(ontology_dir))
