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
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from kg.cleaning import NUMBERED_FOOTNOTE
from kg.lexicon import Lexicon
from kg.model import RelationRecord, Span, TargetRecord
from kg.nlp import (
    AUTHOR_LINE,
    TICKER,
    Tokens,
    byline_openers,
    doc_text,
    list_markers,
    patterns,
    span_text,
    tokens_of,
)

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
#: Words that open a conditional clause: what follows is not asserted.
CONDITIONAL = {"indien", "mocht", "mochten", "if", "unless", "tenzij", "should"}
MODAL_IF = {"zou", "zouden", "mocht", "mochten"}
JOINERS = {",", "en", "of", "and", "or", "&", "/", "de", "het", "the", "zoals", "als"}
PARTNER_MARKERS = {
    "met",
    "with",
    "als",
    "zoals",
    "as",  # "such as Canada"
    "like",
    "including",
    "waaronder",
    "andere",
    "in",
}
#: Kinds whose mentions are proper names: a trigger word inside one ("Ontwikkelings-
#: samenwerking" in a ministry's name) is not a trigger; inside a material or sector compound
#: ("lithiumwinning") it is.
NAMED_KINDS = {"Organization", "Policy", "Event", "Person", "PoliticalParty", "Document"}
PARLIAMENTARY = {"kamervragen", "antwoorden", "kamerbrief", "verslag", "motie"}
CONNECTORS = {"bij", "van", "aan", "at", "of", "from", "namens"}
#: The roles that say a person works in a body ("analyst", "fellow", "directeur").
ROLE_WORDS = frozenset(patterns()["names"]["organization_roles"])
DETERMINERS = {"de", "het", "the", "een", "a"}
PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:%|procent|percent|per cent)")
#: A share or a tonnage ("40 procent", "2,6 miljoen ton"): what a gapped clause may hold.
AMOUNT_OF_GOODS = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(?:%|procent|percent|per cent|(?:miljoen\s+|million\s+)?"
    r"(?:ton|tonnes|tons|kiloton|kt|mt)\b)"
)


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
    #: The first (up to) four letters of the trigger words, and of each group's words, when
    #: they match only at a word start: a sentence with none of them at a word start (see
    #: :func:`word_starts`) cannot trigger the rule, and its regular expressions are not run.
    trigger_starts: frozenset[str] | None = None
    group_starts: tuple[frozenset[str], ...] = ()

    def triggers_in(self, text: str, starts: set[str] | None = None) -> list[int]:
        """Where in the (lowercased) sentence the rule is triggered; ``starts``, when given,
        is :func:`word_starts` of ``text``."""
        if self.options.get("always"):
            return [0]
        blockers = self.options.get("not_with_pattern")
        if blockers is not None and blockers.search(text):
            return []
        needed = self.options.get("requires_pattern")
        if needed is not None and not needed.search(text):
            return []
        found: list[int] = []
        # phrases that count only when they open the sentence ("Onder de intentieverklaring
        # verkennen TNO en CSIRO ...", "Under the partnership, ...")
        opened = text.lstrip()
        for phrase in self.options.get("opening", ()):
            if opened.startswith(phrase + " "):
                found.append(len(text) - len(opened))
        if self.trigger is not None and (
            starts is None
            or self.trigger_starts is None
            or not starts.isdisjoint(self.trigger_starts)
        ):
            found += [m.start() for m in self.trigger.finditer(text)]
        if self.groups and (
            starts is None
            or len(self.group_starts) != len(self.groups)
            or all(not starts.isdisjoint(g) for g in self.group_starts)
        ):
            positions = [[m.start() for m in g.finditer(text)] for g in self.groups]
            if all(positions):
                found.append(_closest_group(positions))
        return sorted(set(found))

    def group_triggers_in(self, part: tuple[str, int]) -> list[int]:
        """Where one word of every group occurs in a part of the sentence (its text, and where
        it starts in the sentence)."""
        text, offset = part
        positions = [[m.start() for m in g.finditer(text)] for g in self.groups]
        return [offset + _closest_group(positions)] if all(positions) else []

    def inner_triggers_in(self, text: str) -> list[int]:
        """Where a trigger is the head of a compound ("lithiumwinning")."""
        return [m.start() for m in self.inner.finditer(text)] if self.inner else []


def _stems(lexicon: Lexicon, kind: str) -> dict[str, str]:
    """The one-word lowercase labels of ``kind`` that may open a compound ("neodymium" of
    "neodymiummagneten", "defensie" of "defensiekritieke"), with their keys."""
    return {
        text: entry.key
        for entry in lexicon.entries.values()
        if entry.kind == kind
        for text in entry.forms("pref", "alt")
        if text.isalpha() and text.islower() and len(text) >= 5
    }


def _closest_group(positions: list[list[int]]) -> int:
    """Where the words of the groups stand closest together (one word of each group): "backed
    the ban ... Indonesia, which halted nickel ore exports" triggers at "halted ... exports",
    not at the first "ban"."""
    best: tuple[int, int] | None = None
    for anchor in positions[0]:
        nearest = [min(group, key=lambda p: abs(p - anchor)) for group in positions[1:]]
        spread = max([anchor, *nearest]) - min([anchor, *nearest])
        start = min([anchor, *nearest])
        if best is None or spread < best[0]:
            best = (spread, start)
    return best[1] if best is not None else min(p[0] for p in positions)


def _alternation(
    words: list[str], suffix: bool = False, adverbs: Sequence[str] = ()
) -> re.Pattern[str]:
    """Triggers match at a word start (Dutch compounds and inflections follow them), or with
    ``suffix`` anywhere in a word ("kennissamenwerking" for "samenwerking"); up to two of
    ``adverbs`` may stand between the words of a phrase ("depends almost entirely on")."""
    ordered = sorted({w.lower() for w in words}, key=len, reverse=True)
    start = "" if suffix else r"(?<![\w])"
    gap = " "
    if adverbs:
        inserted = "|".join(re.escape(a) for a in sorted(adverbs, key=len, reverse=True))
        gap = rf"\s+(?:(?:{inserted})\s+){{0,2}}"
    phrases = (gap.join(re.escape(part) for part in w.split(" ")) for w in ordered)
    return re.compile(start + "(?:" + "|".join(phrases) + ")")


#: Every position not preceded by a word character (where a trigger of :func:`_alternation`
#: may start), with the (up to) four characters from there.
WORD_START = re.compile(r"(?<![\w])(?=([\s\S]{1,4}))")


def word_starts(text: str) -> set[str]:
    """The first one to four characters at every position of ``text`` where a trigger may
    start: a trigger word matches there only if its own first (up to) four characters are
    among them."""
    out: set[str] = set()
    for head in WORD_START.findall(text):
        out.update((head, head[:3], head[:2], head[:1]))
    return out


def _starts(words: list[str]) -> frozenset[str]:
    """What :func:`word_starts` must hold for one of ``words`` (as :func:`_alternation`
    lowercases them) to match."""
    return frozenset(w.lower()[:4] for w in words)


@lru_cache(maxsize=1)
def _rules_file() -> dict[str, Any]:
    """The rules file, parsed once for the rules and the word lists beside them."""
    with PATTERNS.open("rb") as handle:
        return tomllib.load(handle)


def rule_words(key: str) -> frozenset[str]:
    """A top-level word list of the rules file (such as ``imperatives``)."""
    return frozenset(w.lower() for w in _rules_file()[key])


#: Verbs of wanting and planning (see `_blocked`).
WISHES = rule_words("wishes")
#: "mines nickel and refines cobalt" (see `_own_verb_phrase`).
SECOND_VERBS = rule_words("second_verbs")
#: "as a by-product of lithium mining" (see `_byproduct_sources`).
BYPRODUCT_OF = tuple(sorted(rule_words("byproduct_of")))
#: Relations whose plans are facts too (a partnership under negotiation).
PLANNED_FACTS = rule_words("planned_facts")


@lru_cache(maxsize=1)
def load_rules() -> tuple[Rule, ...]:
    data = _rules_file()
    rules = []
    adverbs = data["trigger_adverbs"]
    for item in data["rule"]:
        triggers = item.get("triggers", [])
        rules.append(
            Rule(
                name=item["name"],
                predicate=item["predicate"],
                subject=frozenset(item["subject"]),
                object=frozenset(item["object"]),
                trigger=_alternation(triggers, item.get("suffix_match", False), adverbs)
                if triggers
                else None,
                groups=tuple(_alternation(g) for g in item.get("all_of", [])),
                inner=_alternation(item["suffix_triggers"], True)
                if item.get("suffix_triggers")
                else None,
                confidence=float(item["confidence"]),
                trigger_starts=None
                if item.get("suffix_match", False) or not all(triggers)
                else _starts(triggers),
                group_starts=tuple(_starts(g) for g in item.get("all_of", []) if all(g)),
                options={
                    k: v
                    for k, v in item.items()
                    if k not in {"triggers", "all_of", "suffix_triggers"}
                }
                # a rule that does not fire beside these words ("exportbeperking naar de VS")
                | (
                    {"competing_pattern": _alternation(item["competing"])}
                    if "competing" in item
                    else {}
                )
                | (
                    {"head_pattern": re.compile(rf"[ \t]+(?:{'|'.join(item['head_triggers'])})\b")}
                    if "head_triggers" in item
                    else {}
                )
                | (
                    {"not_with_pattern": _alternation(item["not_with"], True)}
                    if "not_with" in item
                    else {}
                )
                # a rule that fires only beside one of these words ("zonder ... geen")
                | (
                    {"requires_pattern": _alternation(item["requires"])}
                    if "requires" in item
                    else {}
                ),
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
        Found(e.kb_id_, e.label_, e.start, e.end, e.start_char, e.end_char, span_text(e))
        for e in ents
        if e.kb_id_
    ]


def final_ents(doc: Doc) -> Sequence[SpacySpan]:
    """``doc.ents``, which builds every entity span on each call, read once per extraction
    (:meth:`RelationExtractor.extract` keeps it while the relations are found)."""
    ents = doc.user_data.get("final_ents")
    return ents if isinstance(ents, tuple) else doc.ents  # outside an extraction


class DocIndex:
    """What the rules look up in a document again and again, computed once per document:
    the entities of each sentence (``Span.ents`` walks every entity of the document on each
    call) and the character offsets of the tokens (to find the token at a character)."""

    def __init__(self, doc: Doc, sentences: list[SpacySpan]) -> None:
        self.doc = doc
        starts = [s.start for s in sentences]
        self.ents: dict[int, list[SpacySpan]] = {start: [] for start in starts}
        for ent in final_ents(doc):  # as Span.ents has it: entities that lie wholly in the sentence
            position = bisect_right(starts, ent.start) - 1
            if position >= 0 and ent.end <= sentences[position].end:
                self.ents[starts[position]].append(ent)
        self.found = {start: _found(ents) for start, ents in self.ents.items()}
        # "Eramet (Euronext: ERA) mines manganese": the exchange of a ticker does nothing
        tickers = [(m.start(), m.end()) for m in TICKER.finditer(doc_text(doc))]
        if tickers:
            self.found = {
                start: [f for f in found if not any(a <= f.start_char < b for a, b in tickers)]
                for start, found in self.found.items()
            }
        self.token_chars = tokens_of(doc).idx
        # Cited articles ("NRC, 18 mei 2025, 'titel'") are mentions of their own, beside the
        # publisher's: the rules see them as Documents of their sentence.
        for key, kind, start_char, end_char in doc.user_data.get("extra_mentions", []):
            if kind != "Document":
                continue
            first, last = self.token_at(start_char), self.token_at(end_char - 1)
            if first is None or last is None:
                continue
            position = bisect_right(starts, first.i) - 1
            if position >= 0 and last.i < sentences[position].end:
                self.found[starts[position]].append(
                    Found(
                        key,
                        kind,
                        first.i,
                        last.i + 1,
                        start_char,
                        end_char,
                        doc_text(doc)[start_char:end_char],
                    )
                )

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
    return "question" if span_text(sentence).rstrip().rstrip("\"'”)").endswith("?") else "asserted"


CLAUSE_BREAKS = {",", ";", ":", "–", "—", "(", ")", "-"}


def _breaks_clause(table: Tokens, i: int) -> bool:
    """Whether token ``i`` ends a clause: a comma, dash or bracket, but not the hyphen inside a
    word ("In France, Solvay opened a rare-earth separation line")."""
    if table.text[i] not in CLAUSE_BREAKS:
        return False
    return table.text[i] != "-" or table.space[i] or i == 0 or table.space[i - 1]


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
PRESUPPOSING = {
    "dat", "that", "bericht", "berichten", "berichtgeving", "artikel", "feit", "report",
    # "Is de minister bekend met de strategie die de Commissie heeft gepresenteerd?"
    "bekend", "aware", "kennisgenomen",
}  # fmt: skip


def _whether_question(sentence: SpacySpan) -> bool:
    if sentence_mood(sentence) != "question":
        return False
    table = tokens_of(sentence.doc)
    blanks, punct, lowers = table.is_space, table.punct, table.lower
    words = [i for i in range(sentence.start, sentence.end) if not blanks[i] and not punct[i]]
    if not words:
        return False
    if ASKS_TRUTH.match(" ".join(lowers[i] for i in words[:4])):
        return True  # "Klopt het dat X?" asks whether X holds: X is not presupposed
    if lowers[words[0]] not in WHETHER:
        return False
    return not any(lowers[i] in PRESUPPOSING for i in words)


#: Questions that ask whether their complement is true ("Klopt het dat ...?", "Is het juist
#: dat ...?", "Is it true that ...?", "Kunt u bevestigen dat ...?").
ASKS_TRUTH = re.compile(
    r"(?:klopt het|klopt dat|is het (?:waar|juist|correct)|kunt u bevestigen|kan de \w+ bevestigen|"
    r"is it (?:true|correct)|can you confirm|could you confirm)\b"
)


#: Words that open a second complement clause after "en"/"and" ("dat X ..., en dat Y ...").
COMPLEMENTIZERS = {"dat", "that", "of", "whether"}


def _segment_range(sentence: SpacySpan, char: int) -> tuple[int, int]:
    """The characters of the part of the sentence holding ``char``: parts are separated by a
    semicolon, by "en dat"/"and that" opening a second complement clause, or by the end of a
    quote before its attribution."""
    cuts = _segment_cuts(sentence)
    position = bisect_right(cuts, char) - 1
    position = min(max(position, 0), len(cuts) - 2)
    return cuts[position], cuts[position + 1]


def _segment_cuts(sentence: SpacySpan) -> list[int]:
    """The sentence's part boundaries, worked out once per sentence (the rules ask often)."""
    memo: dict[int, list[int]] = sentence.doc.user_data.setdefault("segment_cuts", {})
    if sentence.start in memo:
        return memo[sentence.start]
    table = tokens_of(sentence.doc)
    texts, lowers, idx = table.text, table.lower, table.idx
    cuts = [sentence.start_char]
    for i in range(sentence.start, sentence.end - 1):
        if texts[i] == ";" and not _gapped_after(sentence, i):
            cuts.append(idx[i] + 1)
        elif (
            lowers[i] in {"en", "and"}
            and lowers[i + 1] in COMPLEMENTIZERS
            and (i > sentence.start and texts[i - 1] == ",")
        ):
            cuts.append(idx[i])
        elif texts[i] in QUOTE_CLOSERS and _attribution_after(lowers, i + 1, sentence.end):
            cuts.append(idx[i] + 1)  # '"...," said Katharina Brenner, who ...': the speaker apart
    cuts.append(sentence.end_char)
    memo[sentence.start] = cuts
    return cuts


#: Quotation marks that close a quote, and the verbs of the attribution after one.
QUOTE_CLOSERS = {'"', "”", "»"}
SPEECH_VERBS = {"said", "says", "told", "added", "zegt", "zei", "aldus", "stelt", "stelde", "voegt"}


def _attribution_after(lowers: list[str], i: int, end: int) -> bool:
    """Whether the words from ``i`` attribute the quote before them ('", said X', '" zegt X')."""
    while i < end and lowers[i] in {",", "."}:
        i += 1
    return i < end and lowers[i] in SPEECH_VERBS


def _gapped_after(sentence: SpacySpan, semicolon: int) -> bool:
    """Whether the part after a semicolon leaves its verb out ("...; Rusland 40 procent van het
    palladium"): it continues the clause before."""
    doc = sentence.doc
    words = []
    for token in doc[semicolon + 1 : sentence.end]:
        if token.text == ";":
            break
        words.append(token)
    if _ranked_next_opens(words):
        return True  # "...; Mexico volgt met 1,2 miljoen ton": the next of the same ranking
    return bool(words) and all(
        not t.is_alpha or t.ent_type_ or t.lower_ in GAP_WORDS for t in words
    )


def _ranked_next_opens(words: list[Token]) -> bool:
    """Whether ``words`` open with named parties and a verb of following ("Rusland en Japan
    volgen")."""
    position = 0
    while position < len(words) and (
        words[position].ent_type_ or words[position].lower_ in JOINERS
    ):
        position += 1
    named = any(t.ent_type_ for t in words[:position])
    return named and position < len(words) and _follows_in_ranking(words[0].doc, words[position].i)


def _clause_range(sentence: SpacySpan, char: int) -> tuple[int, int]:
    """The tokens (doc indices, end exclusive) of the clause (between commas, dashes, brackets)
    holding ``char``."""
    table = tokens_of(sentence.doc)
    texts, idx = table.text, table.idx
    first, last = sentence.start, sentence.end - 1
    if last < first:
        return first, first
    index = next((i for i in range(first, last + 1) if idx[i] + len(texts[i]) > char), last)
    start = index
    while start > first and not _breaks_clause(table, start - 1):
        start -= 1
    start = _before_apposition(table, first, start)
    end = index
    while end < last and not _breaks_clause(table, end + 1):
        end += 1
    return start, end + 1


#: The most tokens of an apposition that a clause reaches over to its subject.
APPOSITION_TOKENS = 6


def _before_apposition(table: Tokens, first: int, start: int) -> int:
    """Where a clause opened by a verb starts when a short apposition stands between it and its
    subject's name ("Umicore, the Belgian materials group, refines cobalt"): at the name's
    clause; otherwise ``start``."""
    texts, lowers = table.text, table.lower
    if start - 2 < first or texts[start - 1] != "," or not table.is_lower[start]:
        return start
    opening = start - 2
    while opening > first and not _breaks_clause(table, opening - 1):
        opening -= 1
    if (
        opening - 2 < first
        or texts[opening - 1] != ","
        or lowers[opening] not in DETERMINERS
        or start - 1 - opening > APPOSITION_TOKENS
        or not texts[opening - 2][:1].isupper()
    ):
        return start
    name = opening - 2
    while name > first and not _breaks_clause(table, name - 1):
        name -= 1
    return name


def _clause_chars(sentence: SpacySpan, char: int) -> tuple[int, int]:
    """The characters (start, end) of the clause holding ``char`` (see :func:`_clause_range`)."""
    first, end = _clause_range(sentence, char)
    table = tokens_of(sentence.doc)
    return table.idx[first], table.idx[end - 1] + len(table.text[end - 1])


def _blocked(
    sentence: SpacySpan,
    trigger_char: int,
    subject_char: int | None = None,
    negation_ok: bool = False,
    wish_ok: bool = False,
) -> bool:
    """Negated or hypothetical in the trigger's clause, between its subject and just after the
    trigger: no fact ("China heeft de export niet beperkt", "indien China ... zou beperken").
    A negation in an earlier conjunct ("Nederland heeft geen smelter en is ... aangewezen op
    import") does not reach the trigger; ``negation_ok`` for triggers that hold one ("kan niet
    zonder")."""
    start, end = _clause_range(sentence, trigger_char)
    table = tokens_of(sentence.doc)
    lowers, blanks, idx = table.lower, table.is_space, table.idx
    words = [i for i in range(start, end) if not blanks[i]]
    if words and lowers[words[0]] in CONDITIONAL:
        return True
    if (
        words
        and lowers[words[0]] == "als"
        and any(lowers[i] in MODAL_IF for i in range(sentence.start, sentence.end))
    ):
        return True  # "Als Indonesië de export zou beperken, ..."
    low = min(trigger_char, subject_char) if subject_char is not None else trigger_char - 40
    for i in range(start, end):
        word = lowers[i]
        if word in HYPOTHETICAL:
            return True
        if (
            word in WISHES
            and not wish_ok
            and idx[i] < trigger_char
            and (low <= idx[i] or subject_char is None or subject_char > trigger_char)
        ):
            # "Nederland wil meer lithium winnen", "will be barred from ... sold to the
            # Pentagon": not done yet
            return True
        if (
            word in NEGATIONS
            and not negation_ok
            and low <= idx[i] <= trigger_char + 25
            and not _new_conjunct(sentence, i, trigger_char)
        ):
            return True
    return False


#: Finite verbs that open a second conjunct after "en"/"maar" ("... heeft geen smelter en is
#: ... aangewezen op import").
CONJUNCT_VERBS = {
    "is",
    "zijn",
    "was",
    "waren",
    "heeft",
    "hebben",
    "had",
    "wordt",
    "worden",
    "werd",
    "blijft",
    "blijven",
    "are",
    "has",
    "have",
    "remains",
    "relies",
    "depends",
}


def _new_conjunct(sentence: SpacySpan, negation: int, trigger_char: int) -> bool:
    """Whether "en"/"maar"/"and"/"but" and a finite verb stand between the negation (a token
    index) and the trigger: the negation belongs to the conjunct before."""
    table = tokens_of(sentence.doc)
    lowers, idx = table.lower, table.idx
    for i in range(negation + 1, sentence.end - 1):
        if idx[i] >= trigger_char:
            return False
        if lowers[i] in {"en", "maar", "and", "but"} and lowers[i + 1] in CONJUNCT_VERBS:
            return True
    return False


class RelationExtractor:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.rules = load_rules()
        self.forms = lexicon.by_form()
        self.states = _state_bodies(lexicon)
        self.adjectives = {
            text
            for entry in lexicon.entries.values()
            if entry.kind == "Country"
            for text in entry.forms("adjective")
        }
        self.imperatives = rule_words("imperatives")
        self.material_stems = _stems(lexicon, "Material")
        self.sector_stems = _stems(lexicon, "Sector")
        self._topic_memo: dict[str, str | None] = {}
        self._compound_memo: dict[str, str | None] = {}

    def extract(self, doc: Doc) -> tuple[list[RelationRecord], list[TargetRecord]]:
        doc.user_data["final_ents"] = doc.ents  # the pipeline is done: they no longer change
        try:
            return self._extract(doc)
        finally:
            del doc.user_data["final_ents"]

    def _extract(self, doc: Doc) -> tuple[list[RelationRecord], list[TargetRecord]]:
        relations: list[RelationRecord] = []
        sentences = list(doc.sents)
        doc.user_data["country_adjectives"] = self.adjectives
        index = DocIndex(doc, sentences)
        history: list[list[Found]] = []
        previous: list[RelationRecord] = []  # the activities stated in the sentence before
        for sentence in sentences:
            found = index.sentence_found(sentence)
            stated = self._rule_relations(sentence, found, history, index)
            stated += self._followers(sentence, found, previous)
            previous = [r for r in stated if r.predicate in ("produces", "refines")]
            relations += stated
            relations += self._member_relations(sentence, found)
            relations += self._part_relations(sentence, found)
            relations += self._apposition_relations(sentence, found)
            relations += self._titled_by_body(sentence, found)
            relations += self._subsidiaries(sentence, found)
            relations += self._financing(sentence, found)
            relations += self._relative_objects(sentence, found)
            relations += self._buyers(sentence, found)
            relations += self._framed_by_event(sentence, found)
            relations += self._named_topic(sentence, found)
            relations += self._composition(sentence, found)
            relations += self._owned_partnerships(sentence, found)
            relations += self._visited_speaker(sentence, found, index)
            relations += self._comparison_relations(sentence, found, history, index)
            history.append(found)
        relations += self._table_relations(sentences, index)
        relations += self._sectioned_table_relations(sentences, index)
        relations += self._summary_fields(index)
        relations += self._project_relations(sentences, index)
        relations = _coordinator_not_participant(relations)
        relations += self._document_relations(doc, sentences, index)
        targets = list(self._targets(doc, sentences, index))
        return _deduplicate(relations), targets

    def _followers(
        self, sentence: SpacySpan, found: list[Found], previous: list[RelationRecord]
    ) -> list[RelationRecord]:
        """ "De DR Congo is goed voor 74 procent van de mijnproductie van kobalt. Het tweede
        productieland, Indonesië, volgt op grote afstand.": a party that follows, in a sentence
        that names no material, does what the sentence before stated, with its material."""
        if not previous or any(f.kind == "Material" for f in found):
            return []
        verb = next((t for t in sentence if t.lower_ in FOLLOWS), None)
        if verb is None:
            return []
        parties = [f for f in found if f.kind in ("Country", "Organization") and f.end <= verb.i]
        if not parties:
            return []
        out = []
        for record in previous:
            for party in _enumeration(sentence.doc, parties[-1], parties):
                if party.key == record.subject:
                    continue
                followed = self._stated(
                    party.key, record.predicate, record.object, sentence, "follows", 0.5
                )
                out.append(followed)
        return out

    def _visited_speaker(
        self, sentence: SpacySpan, found: list[Found], index: DocIndex
    ) -> list[RelationRecord]:
        """ "Bij TKF in Haaksbergen zijn de zorgen groter. 'Wij kopen ...', zegt
        inkoopdirecteur Ellen Brinkman": a speaker with a job who says "wij" about the body
        the text visits works there."""
        words = {t.lower_ for t in sentence}
        if not words & FIRST_PERSON or not words & SPEECH_VERBS:
            return []
        body = _visited_body(sentence, index)
        doc = sentence.doc
        out = []
        for person in (f for f in found if f.kind == "Person"):
            before = doc[person.start - 1].lower_ if person.start > 0 else ""
            if body and before.endswith(JOB_WORDS):
                out.append(
                    self._structural(person.key, "memberOf", body[0].key, sentence, "quote", 0.6)
                )
        return out

    def _project_relations(
        self, sentences: list[SpacySpan], index: DocIndex
    ) -> list[RelationRecord]:
        """The parties and materials of projects named under a programme of projects: "het
        mangaanproject van Euro Manganese", "Rio Tinto's Jadar lithium project", and the items
        of a list that a line naming the programme opens ("the new Strategic Projects include:"
        then "- a silicon metal furnace of Silicio Galaico in Spain"). Each party takes part
        in the programme; each material of a project is one the programme concerns."""
        out: list[RelationRecord] = []
        listing: Found | None = None  # the programme whose list is being read
        for sentence in sentences:
            found = index.sentence_found(sentence)
            text = span_text(sentence).strip()
            programmes = [f for f in found if f.kind == "Policy" and "project" in f.text.lower()]
            if listing is not None and LIST_ITEM.match(text):
                parties = [f for f in found if f.kind == "Organization"]
                materials = [f for f in found if f.kind == "Material"]
                out += self._project_facts(listing, parties, materials, sentence)
                continue
            listing = programmes[0] if programmes and text.endswith(":") else None
            for programme in programmes[:1]:
                owners, materials = self._projects_in(sentence, found)
                out += self._project_facts(programme, owners, materials, sentence)
        return out

    def _projects_in(
        self, sentence: SpacySpan, found: list[Found]
    ) -> tuple[list[Found], list[Found]]:
        """The owners of the projects a sentence names ("het project van X", "X's Jadar lithium
        project") and the materials those projects name ("mangaanproject", "lithium project")."""
        doc = sentence.doc
        owners: list[Found] = []
        materials: list[Found] = []
        bodies = [f for f in found if f.kind == "Organization"]
        for token in sentence:
            if not PROJECT_WORD.fullmatch(token.lower_):
                continue
            after = [
                b
                for b in bodies
                if b.start > token.i
                and b.start - token.i <= 5
                and doc[_index_before(doc, b.start)].lower_ in {"van", "of"}
                and not any(t.text in {",", ";", "."} for t in doc[token.i : b.start])
            ]
            before = [
                b
                for b in bodies
                if b.end < token.i and token.i - b.end <= 5 and doc[b.end].lower_ in {"'s", "’s"}
            ]
            owners += after[:1] + before[-1:]
            stem = token.lower_.split("project")[0]
            materials += [
                f
                for f in found
                if f.kind == "Material" and (0 <= token.i - f.end < 2 or f.start == token.i)
            ]
            for part in filter(None, stem.strip("-").split("-")):
                key = self.material_stems.get(part)
                if key is not None:
                    materials.append(
                        Found(key, "Material", token.i, token.i + 1, token.idx, token.idx, part)
                    )
        return owners, materials

    def _project_facts(
        self,
        programme: Found,
        parties: list[Found],
        materials: list[Found],
        sentence: SpacySpan,
    ) -> list[RelationRecord]:
        out = [
            self._structural(p.key, "participatesIn", programme.key, sentence, "project", 0.6)
            for p in _unique(parties)
        ]
        out += [
            self._structural(programme.key, "concerns", m.key, sentence, "project", 0.6)
            for m in _unique(materials)
        ]
        return out

    def _table_relations(self, sentences: list[SpacySpan], index: DocIndex) -> list[RelationRecord]:
        """A table laid out in text under a caption that names an activity ("Table 3.1 Mine
        production of platinum and palladium, 2024"): a header row of materials, then a row
        per country or company with its figures; each row with a figure above zero states
        the activity for that column's material, the row as evidence."""
        out: list[RelationRecord] = []
        for number, caption in enumerate(sentences):
            match = TABLE_CAPTION.match(span_text(caption).strip())
            if match is None or number + 2 >= len(sentences):
                continue
            predicate = next(
                (p for words, p in TABLE_ACTIVITIES if re.search(words, match.group(1).lower())),
                None,
            )
            header = sentences[number + 1]
            columns = [f for f in index.sentence_found(header) if f.kind == "Material"]
            if predicate is None or not columns:
                continue
            previous = header
            for row in sentences[number + 2 : number + 40]:
                if span_text(previous).rstrip(" \t").endswith("\n\n"):
                    break  # the table ended before this line
                previous = row
                found = index.sentence_found(row)
                text = span_text(row)
                if not found or found[0].kind not in ("Country", "Organization"):
                    continue
                party = found[0]
                rest = text[party.end_char - row.start_char :]
                figures = re.findall(r"\d[\d.,]*", rest)
                if (
                    party.start != row.start
                    or len(figures) != len(columns)
                    or not TABLE_FIGURES.fullmatch(rest.strip())
                ):
                    continue
                for material, figure in zip(columns, figures, strict=True):
                    if _amount_of(figure) > 0:
                        out.append(
                            self._structural(
                                party.key, predicate, material.key, row, "table-row", 0.7
                            )
                        )
        return out

    def _sectioned_table_relations(
        self, sentences: list[SpacySpan], index: DocIndex
    ) -> list[RelationRecord]:
        """A production table in the layout of a commodity summary: a heading that names mine
        production ("World Mine Production and Reserves:"), a material with a colon
        ("Niobium:"), and after it a row per country with its figures, mine production first.
        A row whose first figure is above zero states that the country produces the material;
        the row is the evidence. Cleaning may have joined the rows' lines, so the rows are
        read from the entities and the figures after them."""
        doc = index.doc
        text = doc_text(doc)
        heading = PRODUCTION_HEADING.search(text)
        if heading is None:
            return []
        ents = [e for e in final_ents(doc) if e.start_char >= heading.end() and e.kb_id_]
        out: list[RelationRecord] = []
        material: SpacySpan | None = None
        for number, ent in enumerate(ents):
            following = ents[number + 1].start_char if number + 1 < len(ents) else len(text)
            rest = text[ent.end_char : following]
            if ent.label_ == "Material" and rest.lstrip(" \t").startswith(":"):
                material = ent  # "Niobium:"
                continue
            if material is None or ent.label_ != "Country":
                continue
            row = rest.split("\n", 1)[0]
            if len(re.findall(r"[^\W\d]{3,}", row)) >= 6:
                break  # prose again: the table ended
            figures = re.match(r"[\s()]*(?:\([^()\n]*\)[\s]*)?(\d[\d.,]*)", row)
            if figures is not None and _amount_of(figures.group(1)) > 0:
                evidence = doc.char_span(
                    ent.start_char, ent.end_char + len(row.rstrip()), alignment_mode="expand"
                )
                if evidence is not None:
                    out.append(
                        self._structural(
                            ent.kb_id_, "produces", material.kb_id_, evidence, "table-row", 0.7
                        )
                    )
        return out

    def _summary_fields(self, index: DocIndex) -> list[RelationRecord]:
        """The fields of a commodity summary that list shares: "U.S. Import Sources (2020-23):
        Niobium: Brazil, 66%; Canada, 26%" (the country imports from each source) and "U.S.
        Net Import Reliance as a Percentage of Apparent Consumption: Niobium, 100%" (it
        depends on each material with a share above zero). The field is the evidence."""
        doc = index.doc
        text = doc_text(doc)
        ents = [e for e in final_ents(doc) if e.kb_id_]
        out: list[RelationRecord] = []
        for heading in SUMMARY_FIELD.finditer(text):
            owner = next(
                (
                    e
                    for e in ents
                    if e.label_ == "Country"
                    and e.end_char <= heading.start(1)
                    and not text[e.end_char : heading.start(1)].strip()
                ),
                None,
            )
            end = text.find("\n\n", heading.end())
            end = len(text) if end < 0 else end
            if owner is None:
                continue
            imports = heading.group(1).lower().startswith("import")
            predicate, kind = ("importsFrom", "Country") if imports else ("dependsOn", "Material")
            evidence = doc.char_span(heading.start(), end, alignment_mode="expand")
            for ent in ents:
                if not heading.end() <= ent.start_char < end or ent.label_ != kind:
                    continue
                share = SHARE_AFTER.match(text, ent.end_char)
                if share is None or _amount_of(share.group(1)) <= 0 or evidence is None:
                    continue
                if ent.kb_id_ != owner.kb_id_:
                    out.append(
                        self._structural(
                            owner.kb_id_, predicate, ent.kb_id_, evidence, "summary-field", 0.7
                        )
                    )
        return out

    # --- rules from relations.toml -----------------------------------------------------------

    def _rule_relations(
        self,
        sentence: SpacySpan,
        found: list[Found],
        history: list[list[Found]],
        index: DocIndex,
    ) -> list[RelationRecord]:
        out: list[RelationRecord] = []
        if _whether_question(sentence) or self._recommendation(sentence):
            return out
        lowered = span_text(sentence).lower()
        named = [f for f in found if f.kind in NAMED_KINDS]
        materials = [f for f in found if f.kind == "Material"]
        starts = word_starts(lowered)
        parts = _part_spans(sentence, lowered)
        for rule in self.rules:
            triggered = rule.triggers_in(lowered, starts)
            if triggered and rule.groups and len(parts) > 1:
                # "China restricts exports of gallium; Indonesia bans exports of nickel ore":
                # the words of a group may trigger again in each part of the sentence
                triggered = sorted(
                    {*triggered, *(p for part in parts for p in rule.group_triggers_in(part))}
                )
            inner = rule.inner_triggers_in(lowered) if materials else []
            heads = _heads_after(rule, lowered, sentence.start_char, materials)
            if not triggered and not inner and not heads:
                continue  # most rules in most sentences
            # A trigger inside a name is not a trigger, except inside the kinds of name the rule
            # allows ("de EU-partnerschappen met Australië": a partnership policy named).
            inside = set(rule.options.get("triggers_inside", ()))
            names = [(f.start_char, f.end_char) for f in named if f.kind not in inside]
            positions = [
                sentence.start_char + p
                for p in triggered
                if rule.options.get("always")
                or not (
                    any(s <= sentence.start_char + p < e for s, e in names)
                    or ROLE_MODIFIER.match(lowered, p)
                )
            ]
            # A trigger that heads a material compound ("lithiumwinning", "nikkelmijnbouw")
            # is about that material only.
            compounds = [
                (sentence.start_char + p, m)
                for p in inner
                for m in materials
                if m.start_char < sentence.start_char + p < m.end_char
            ] + heads
            usable = found
            if compounds and (not positions or compounds[0][0] <= positions[0]):
                positions = sorted({compounds[0][0], *positions})
                usable = [f for f in found if f.kind != "Material" or f == compounds[0][1]]
            near = rule.options.get("object_next_triggers")
            if near:
                # "RIMA makes primary magnesium": "makes" counts only with its material next
                positions = [
                    p
                    for p in positions
                    if _trigger_word(sentence, p) not in near
                    or _material_next(sentence, p, materials)
                ]
            passive = rule.options.get("passive_triggers")
            if passive:
                # "No primary magnesium has been produced in the EU": the passive is rule
                # "production-passive"'s, with its own subjects
                positions = [p for p in positions if not _passive(sentence, p, passive)]
            if rule.predicate.lower() not in PLANNED_FACTS:
                # "een akkoord om samen lithium te winnen": a purpose or a plan, no fact
                positions = [p for p in positions if not _infinitive(sentence, p)]
            anaphoric = rule.options.get("anaphoric_triggers")
            if anaphoric and len(positions) > 1:
                # "de beperkingen" speaks of a restriction stated before only when the sentence
                # states none itself
                stated = [p for p in positions if _named_word(sentence, p) not in anaphoric]
                positions = stated or positions
            if not positions:
                continue
            every = rule.options.get("every_trigger")
            chosen_triggers = positions if every else _first_per_segment(sentence, positions)
            if rule.options.get("require_object_after") and len(positions) > 1:
                # "kopen het bij Linde en Messer, die het uit Qatar betrekken": the verb
                # nearest before the source is the one it belongs to
                chosen_triggers = _triggers_before_sources(
                    sentence, positions, rule.options.get("object_after_words", [])
                )
            cuts: list[int] = []
            if rule.options.get("trigger_per_subject") and not every:
                chosen_triggers, cuts = _with_new_subjects(sentence, usable, rule, positions)
            for trigger_char in chosen_triggers:
                if _planned(sentence, trigger_char, rule.options.get("not_after_words")):
                    continue
                if rule.options.get("trade_barriers_block") and _behind_barrier(
                    sentence, trigger_char
                ):
                    continue  # "a ban on imports of Russian aluminium"
                if _particle_after(sentence, trigger_char, rule.options.get("not_with_particle")):
                    continue
                own = _in_part(usable, rule, trigger_char, cuts) if cuts else usable
                out += self._records(rule, sentence, own, history, trigger_char, index, positions)
        return out

    def _recommendation(self, sentence: SpacySpan) -> bool:
        """Whether the sentence opens with an imperative ("Maak van de NGS een agenda voor
        nikkel", "Offer Brazil a raw materials partnership"): a recommendation states no fact."""
        words = [t for t in sentence if t.is_alpha]
        return (
            bool(words)
            and words[0].i <= sentence.start + 3
            and words[0].lower_ in self.imperatives
            and not words[0].ent_type_  # "Invest-NL, Invest International en RVO ..."
        )

    def _comparison_relations(
        self,
        sentence: SpacySpan,
        found: list[Found],
        history: list[list[Found]],
        index: DocIndex,
    ) -> list[RelationRecord]:
        """A comparison clause presupposes that its party already does what the sentence
        speaks of: "... bilateraal met Australië zou moeten samenwerken, zoals Japan al doet?"
        (Japan cooperates with Australia), "zoals Duitsland al sinds 2013 met Chili doet"
        (Germany with Chile), "Indien China de export van wolfraam zou beperken, zoals het
        eerder met gallium heeft gedaan" (China restricts gallium). The main clause itself may
        be asked, advised or hypothetical: only the comparison is a fact."""
        clause = _comparison_clause(sentence)
        if clause is None:
            return []
        first, last = clause
        doc = sentence.doc
        inside = [f for f in found if first <= f.start < last]
        main = [f for f in found if not first <= f.start < last]
        # "zoals het eerder met gallium heeft gedaan": the main clause's own party (not "zoals
        # het kabinet al doet", a noun phrase)
        words = [t.lower_ for t in doc[first + 1 : last] if not t.is_space]
        pronoun = (
            len(words) >= 2
            and words[0] in {"het", "hij", "zij", "ze", "it", "they"}
            and words[1] in PRONOUN_FOLLOWERS
        )
        marked = _after_words(doc, inside, ["met", "with"])
        actors = [f for f in inside if f.kind in ("Country", "Organization") and f not in marked]
        if not actors and not pronoun:
            return []
        partners = _enumeration(doc, marked[0], inside) if marked else []
        lowered = span_text(sentence).lower()
        starts = word_starts(lowered)
        lo, hi = doc[first].idx, doc[last - 1].idx + len(doc[last - 1].text)
        out: list[RelationRecord] = []
        for rule in self.rules:
            if rule.options.get("always"):
                continue
            positions = [
                sentence.start_char + p
                for p in rule.triggers_in(lowered, starts)
                if not lo <= sentence.start_char + p < hi
            ]
            if not positions:
                continue
            pairs = list(self._fill(rule, sentence, main, history, positions[0], index))
            for subject, obj, _ in pairs:
                new_subjects = [a for a in actors[:1] if a.kind in rule.subject] or (
                    [subject] if pronoun else []
                )
                new_objects = [p for p in partners if p.kind in rule.object] or [obj]
                for s_ in new_subjects:
                    for o_ in new_objects:
                        if s_.key == o_.key:
                            continue
                        record = self._stated(
                            s_.key, rule.predicate, o_.key, sentence, "comparison", 0.5
                        )
                        out.append(record)
        return out

    def _records(
        self,
        rule: Rule,
        sentence: SpacySpan,
        usable: list[Found],
        history: list[list[Found]],
        trigger_char: int,
        index: DocIndex,
        positions: list[int],
    ) -> list[RelationRecord]:
        out = []
        mood = sentence_mood(sentence)
        for subject, obj, confidence in self._fill(
            rule, sentence, usable, history, trigger_char, index
        ):
            in_sentence = subject.start_char >= sentence.start_char
            if _blocked(
                sentence,
                trigger_char,
                subject.start_char if in_sentence else None,
                negation_ok=bool(rule.options.get("negation_ok")),
                wish_ok=rule.predicate.lower() in PLANNED_FACTS,
            ):
                continue
            if in_sentence:
                recent = sentence.doc.user_data.setdefault("recent_subjects", {})
                recent[rule.predicate] = subject
            # smelting silicon metal out of quartz is making it, not refining it
            made = obj.key in rule.options.get("produced_objects", ())
            out.append(
                RelationRecord(
                    subject=subject.key,
                    predicate="produces" if made else rule.predicate,
                    object=obj.key,
                    confidence=round(rule.confidence * confidence, 2),
                    rule=rule.name,
                    evidence=Span(span_text(sentence), sentence.start_char, sentence.end_char),
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
        # (by key: "volgens de United States Geological Survey (USGS)" sets both apart)
        apart = {f.key for f in found if _contrasted(sentence.doc, f)}
        found = [f for f in found if f.key not in apart]
        if options.get("state_measures"):
            found = [self._state_of(f) for f in found]
        word = _named_word(sentence, trigger_char)
        if word in options.get("anaphoric_triggers", ()):
            # "De controles van april op samarium blijven van kracht": only after a restriction
            # was stated, and by its party
            recent_parties: dict[str, Found] = sentence.doc.user_data.get("recent_subjects", {})
            if rule.predicate not in recent_parties:
                return
            found = [f for f in found if f.kind not in rule.subject]
            found.append(recent_parties[rule.predicate])
        subjects = [f for f in found if f.kind in rule.subject]
        if word in options.get("customer_possessive", ()):
            # "China is Europe's main supplier of gallium": the possessor is the customer
            subjects = [
                s for s in subjects if not _possesses_trigger(sentence.doc, s, trigger_char)
            ]
        if options.get("no_adjective_subject"):
            subjects = [f for f in subjects if f.text not in self.adjectives]
        # "according to the USGS", "volgens het NMO": the source of the statement, not its party
        subjects = [f for f in subjects if not _cited_source(sentence.doc, f)]
        barred = tuple(options.get("not_subject_keys", ()))
        if barred:  # "de minister van Economische Zaken": a ministry mines nothing
            subjects = [f for f in subjects if not f.key.startswith(barred)]
        preferred = options.get("subject_preference")
        # "voor helium is de chipsector aangewezen op import": the party is named, of a kind
        # the relation does not take; no other is carried over
        segment_start, segment_end = _segment_range(sentence, trigger_char)
        named_other = any(
            f.kind in options.get("no_carry_with", ())
            and segment_start <= f.start_char < trigger_char
            for f in found
        )
        if named_other and not any(segment_start <= s.start_char < trigger_char for s in subjects):
            return
        if (
            preferred
            and not any(s.start_char < trigger_char for s in subjects)
            and _first_person_before(sentence, trigger_char)
        ):
            # "'Wij kopen ons koper bij Aurubis', zegt inkoopdirecteur Ellen Brinkman": the
            # speaker's body, as the sentence before named it ("Bij TKF in Haaksbergen ..."),
            # and never a party carried from further back
            subjects = _visited_body(sentence, index) + [
                s for s in subjects if s.start_char > trigger_char
            ]
            history = []
        if preferred and not any(s.kind in preferred for s in subjects):
            carried_subjects = _carried_parties(sentence.doc, history, preferred, options)
            # "de exportstop" points back to the restriction stated before: its subject
            recent: dict[str, Found] = sentence.doc.user_data.get("recent_subjects", {})
            if options.get("carry_from_same_relation") and rule.predicate in recent:
                carried_subjects = [recent[rule.predicate]]
            if carried_subjects:
                subjects = carried_subjects
        elif preferred:
            subjects = [s for s in subjects if s.kind in preferred]
        objects = [f for f in found if f.kind in rule.object]
        objects = _without_modifiers(sentence.doc, objects, BODIES)
        sectors = [f for f in found if f.kind == "Sector" and f not in objects]
        if sectors:
            # "de afhankelijkheid van de Nederlandse halfgeleiderindustrie van hafnium": a
            # country's adjective before a sector qualifies the sector, it is no object
            kept = _without_modifiers(sentence.doc, objects + sectors, SECTORS)
            objects = [o for o in objects if o in kept]
        if options.get("no_product_parts"):
            # "makes 90 % of sintered neodymium-iron-boron magnets": magnets, not neodymium
            parts = _product_parts(sentence.doc, found)
            objects = [o for o in objects if o not in parts] or objects
        objects = [
            o for o in objects if o not in _byproduct_sources(sentence, objects, trigger_char)
        ]
        processed = options.get("processed_forms")
        if processed:  # "90 % of refined cobalt output" is refining's
            refined = _after_words(sentence.doc, objects, processed)
            objects = [o for o in objects if o not in refined]
            if refined and not objects:
                return  # and no material of an earlier sentence stands in for it
        holder = _holder_after_noun(sentence, found, trigger_char, options)
        if holder is not None:
            # "de afhankelijkheid van Nederland van China": the first "van" names who depends
            subjects = [holder]
            objects = [o for o in objects if o.start >= holder.end]
        object_keys_here = {o.key for o in objects}
        if subjects and preferred and {s.key for s in subjects} <= object_keys_here:
            carried_subjects = [
                c
                for c in _carried_parties(sentence.doc, history, preferred, options)
                if c.key not in object_keys_here
            ]
            if carried_subjects:
                subjects = carried_subjects + subjects
        if options.get("scope") != "clause":
            # "...; voor helium is de chipsector ...", "dat X ..., en dat Y ...": the parts of
            # a sentence joined by a semicolon or by a second "dat"-clause state facts apart
            subjects = [
                s
                for s in subjects
                if segment_start <= s.start_char < segment_end or s.start_char < sentence.start_char
            ]
            objects = [o for o in objects if segment_start <= o.start_char < segment_end]
        places = (
            _place_antecedents(sentence, found, trigger_char)
            if options.get("place_subjects")
            else []
        )
        if options.get("scope") == "clause":
            lo, hi = _clause_chars(sentence, trigger_char)
            towns = [
                s
                for s in subjects
                if _town_before(sentence.doc, s) >= 0
                and lo <= sentence.doc[_town_before(sentence.doc, s)].idx < hi
            ]  # "refines them in Hanau, Germany"
            own = _within(subjects, lo, hi) or _conjoined_subject(sentence, subjects, lo)
            # "Umicore, dat in het Finse Kokkola kobalt raffineert": the relative's antecedent
            own = _relative_antecedent(sentence, subjects, lo) + own
            subjects = [s for s in own + towns if s not in places]
            inside = _within(objects, lo, hi)
            # "wint onder meer goud, zilver, koper en palladium terug": the commas of an
            # enumeration do not end the clause's object
            objects = _unique([m for o in inside for m in _enumeration(sentence.doc, o, objects)])
        bound = options.get("clause_bound_triggers")
        if bound and _trigger_word(sentence, trigger_char) in bound:
            # "ASML, dat de lichtbronnen levert, ... neon": a clause of supplying that names
            # no material supplies none
            lo, hi = _clause_chars(sentence, trigger_char)
            if not any(lo <= o.start_char < hi for o in objects):
                objects = []
        if options.get("object_side") == "after":
            # "the EU's magnesium and silicon dependence on China": materials that qualify a
            # noun of the trigger are its objects too
            before = _modifying_materials(sentence, found, trigger_char, options)
            objects = _unique([o for o in objects if o.start_char >= trigger_char] + before)
        competing = options.get("competing_pattern")
        if competing is not None:
            objects = _own_segment(sentence, objects, trigger_char, competing)
        closing = _clause_verb_span(sentence, trigger_char)
        if closing is not None:
            # "dat in Congo kobalt en koper wint en in Kristiansand nikkel raffineert": a verb
            # at the end of a Dutch clause takes the objects since the verb before it
            keys = {o.key for o in objects}
            own = [f for f in found if f.key in keys and closing <= f.start_char < trigger_char]
            objects = _unique(own) or objects
        objects = _own_verb_phrase(sentence, objects, trigger_char)
        framework = options.get("not_object_after")
        if framework:  # "selecteert onder de CRMA strategische projecten": the CRMA frames
            after = _after_words(sentence.doc, objects, framework)
            # "turned into nickel pig iron": the whole phrase after "into" is the product, and
            # when nothing else is named, its first material is what the product is made of
            tails = {o.key for o in _in_phrase_of(sentence.doc, after, objects)}
            framed = tails | {o.key for o in after}
            objects = [o for o in objects if o.key not in framed] or [
                o for o in objects if o.key not in tails
            ]
        frame = options.get("never_object_after")
        if frame:  # "het NMO, dat binnen de NGS verantwoordelijk is": works within, not leads
            framed = {o.key for o in _after_words(sentence.doc, objects, frame)}
            objects = [o for o in objects if o.key not in framed]
        purpose = options.get("purpose_object_words")
        if purpose:  # "Nederland is voor geraffineerd koper op import aangewezen"
            materials = frozenset({"Material"}) & rule.object
            objects = _unique(
                objects + _purpose_objects(sentence, found, materials, trigger_char, purpose)
            )
        if options.get("not_of_kinds") and _of_kind_after(
            sentence, found, trigger_char, options["not_of_kinds"]
        ):
            return  # "beperkt de uitvoer van kunstmest": a product, not a material
        if options.get("objects_after_subject") and subjects:
            # "motie-X, die de regering verzoekt ... kobalt": what follows the document's name;
            # "de brief over antimoon en boor (Kamerstuk 32 852, nr. 399)": what its
            # description before the bracketed reference names
            opened = min(s.end_char for s in subjects)
            about = _described_before(sentence, subjects[0])
            objects = [
                o
                for o in objects
                if o.start_char >= opened
                or about < o.start_char < subjects[0].start_char
                # a cited article's title, inside its mention ("Reuters (2025), 'Nornickel sees
                # palladium deficit narrowing', 7 February 2025")
                or any(s.start_char < o.start_char < s.end_char for s in subjects)
            ]
        fronted = options.get("fronted_object_words")
        if fronted:
            objects = _unique(objects + _fronted(sentence, found, rule.object, fronted))
        if not subjects and options.get("carry_subject_if"):
            cue = re.search(options["carry_subject_if"], span_text(sentence).lower())
            named = any(f.kind in {"Organization", "Country"} for f in found)
            if cue and not named:
                subjects = _carried(history, rule.subject)[:1]
        carried = 1.0
        anaphora = options.get("carry_object_if")
        pointer = options.get("carry_object_regex")
        pointed = (
            pointer is not None and re.search(pointer, span_text(sentence).lower()) is not None
        )
        # "is goed voor zo'n 60 procent van de mijnproductie": a share of the material just named
        pointed = pointed or bool(
            options.get("carry_object_with_share") and PERCENT.search(span_text(sentence))
        )
        if (
            not objects
            and anaphora
            and (pointed or any(_points_back(t, anaphora) for t in sentence))
        ):
            # "the largest producer of palladium; almost all of it is mined by Nornickel": the
            # pointer's thing is named in an earlier part of the sentence, or before it
            earlier = [
                f
                for f in index.sentence_found(sentence)
                if f.kind in rule.object and f.end_char <= segment_start
            ]
            if earlier:
                objects = _enumeration(sentence.doc, earlier[-1], earlier)
            else:
                objects, carried = _topic(sentence.doc, _carried(history, rule.object)), 0.8
        if not objects and options.get("carry_object"):
            objects, carried = _topic(sentence.doc, _carried(history, rule.object)), 0.8
        plans = options.get("not_after_words")
        if plans:  # "Zweden heeft plannen voor grafietmijnen": a planned mine produces nothing
            objects = [o for o in objects if not _planned_at(sentence, o.start, plans)]
        subject_pointer = options.get("carry_subject_regex")
        both = False
        if (
            not subjects
            and options.get("carry_subject")
            and (subject_pointer is None or re.search(subject_pointer, span_text(sentence).lower()))
        ):
            subjects, carried = _carried(history, rule.subject), 0.8
            if len(subjects) == 1 and BOTH.search(span_text(sentence)):
                # "Beide metalen": the two named last, over the sentences before; both act
                pair = _carried_pair(history, rule.subject)
                if pair:
                    subjects = pair
                    both = True
        if places and not subjects:
            subjects = places
        pointed_place = False
        if not subjects and _trigger_word(sentence, trigger_char) in options.get(
            "place_only_triggers", ()
        ):
            # "...; ook vanadium en chroom worden er gewonnen": "er" is the country before
            subjects = _pointed_place(sentence, index, segment_start, trigger_char)
            pointed_place = bool(subjects)
        if not subjects or not objects:
            return
        if options.get("symmetric"):
            parties = subjects + [o for o in objects if o not in subjects]
            actor = (
                self._compound_actor(index, trigger_char)
                or _topic_actor(sentence, index)
                or self._implied_actor(sentence.doc)
            )
            relative = _relative_actor(sentence, parties, trigger_char)
            if relative is not None:
                # "het partnerschap dat de EU met Zambia is aangegaan", "het partnerschap dat
                # de EU en Chili zijn aangegaan": the parties of the relative clause act
                trigger_char = relative
            elif actor is not None and not any(p.end_char <= trigger_char for p in parties):
                parties.append(actor)
            yield from _partners(sentence.doc, parties, trigger_char, carried)
            return
        doc = sentence.doc
        if options.get("destination_words"):
            yield from self._shipments(rule, sentence, found, history, trigger_char)
            return
        object_keys = {o.key for o in objects}
        after_object = _after_words(doc, objects, options.get("object_after_words", []))
        if options.get("require_object_after"):
            # "bought its titanium from the Russian producer VSMPO-AVISMA": what the source
            # is may stand between
            after_object = _unique(
                after_object
                + _bodies_after_words(doc, objects, options.get("object_after_words", []))
            )
        if not after_object and options.get("object_via_words"):
            # "betrekken antimoon via handelaren in België en Duitsland": the intermediaries'
            # countries are the source
            after_object = _via_places(doc, objects, options["object_via_words"])
        if after_object and options.get("enumerate_objects"):
            # "71 % of its platinum from South Africa and 40 % of its palladium from Russia"
            sources = after_object[:1] + [
                b for a, b in pairwise(after_object) if _gapped_conjunct(doc, a, b)
            ]
            after_object = _unique([m for a in sources for m in _enumeration(doc, a, objects)])
        if not after_object and options.get("require_object_after"):
            return
        after_subject = _after_words(doc, subjects, options.get("subject_after_words", []))
        if options.get("object_is_trigger_subject") and not after_object:
            before = [s for s in subjects if s.end_char <= trigger_char]
            supplied = _supplied_party(doc, sentence, subjects, trigger_char, options)
            if before and not after_subject and supplied:
                after_subject = [supplied]  # "the EU's largest supplier", "leverancier van NL"
                before = [s for s in before if s.key != supplied.key]
            if before and after_subject:
                # "Norway is the EU's largest supplier, with Brazil in second place"; "China
                # supplies 100 % of the EU's ..., Türkiye 98 % of its boron"
                after_object = _unique(
                    [
                        before[-1],
                        *_ranked_after(doc, before[-1], subjects),
                        *_gapped_suppliers(doc, subjects, after_subject[0]),
                    ]
                )
                after_subject = after_subject[:1]
            elif _trigger_word(sentence, trigger_char) in options["object_is_trigger_subject"]:
                return  # "de grootste leverancier van palladium": no receiver, no source
        if after_object:
            objects = after_object
            object_keys = {o.key for o in objects}
        if after_subject and options.get("enumerate_after"):
            # "wordt gewonnen in Chili, gevolgd door Congo en Peru": the ranked ones too
            after_subject = _unique(
                [m for a in after_subject for m in _enumeration(doc, a, subjects)]
                + _ranked_after(doc, after_subject[-1], subjects)
            )
        if not after_subject and _trigger_word(sentence, trigger_char) in options.get(
            "place_only_triggers", ()
        ):
            if not pointed_place:
                return  # "een WTO-zaak gewonnen": won, not mined, without a place "in"
            after_subject = subjects[:1]
        if options.get("require_subject_after"):
            after_subject = [a for a in after_subject if a.start_char > trigger_char]
            if not after_subject:
                return
        if options.get("require_object_after"):
            # the sources after "uit"/"from" are not the ones who get the goods
            subjects = [s for s in subjects if s.key not in {o.key for o in after_object}]
        chosen = after_subject or self._subjects(rule, sentence, subjects, trigger_char)
        if both:
            chosen = subjects
        if places:
            # "naar België en Zweden, waar Umicore en Boliden er koper uit terugwinnen",
            # "Marokko, waar OCP fosfaaterts delft": the country named as the place acts too
            chosen = _unique(chosen + places)
        if options.get("place_subjects") and chosen:
            # "Rusland produceert helium in de Amur-gasfabriek van Gazprom": the site's owner
            chosen = _unique(chosen + _site_owners(doc, sentence, subjects, trigger_char))
            # "Glencore en CMOC winnen er kobalt": "er" after the verb is the country before
            chosen = _unique(chosen + _there_after_verb(sentence, index, history, trigger_char))
            # "... produce most of South Africa's PGM output": the country whose output it is
            chosen = _unique(chosen + _output_owner(doc, subjects, trigger_char))
        if options.get("include_partners"):
            after = [s for s in subjects if s.start_char > trigger_char]
            marked = [s for s in after if _marked_partner(doc, s, lenient=True)]
            if marked:
                chosen = _unique(chosen + _enumeration(doc, marked[0], after))
        gapped = _gapped(doc, sentence, subjects, objects, chosen)
        for subject in chosen:
            own = gapped.get(subject.key, objects) if gapped else objects
            for obj in _unique(own):
                if obj.key != subject.key and (subject.key not in object_keys or after_object):
                    yield subject, obj, carried
        for head, own in (gapped or {}).items():
            if head in {c.key for c in chosen}:
                continue
            subject = next(s for s in subjects if s.key == head)
            for obj in _unique(own):
                if obj.key != subject.key:
                    yield subject, obj, carried

    def _shipments(
        self,
        rule: Rule,
        sentence: SpacySpan,
        found: list[Found],
        history: list[list[Found]],
        trigger_char: int,
    ) -> Iterator[tuple[Found, Found, float]]:
        """ "X wordt naar China geëxporteerd", "exported to Japan": the destination imports from
        the party the goods leave (the nearest other party in the sentence, else the one named
        in the sentences before)."""
        doc = sentence.doc
        parties = [f for f in found if f.kind in rule.subject]
        words = {w.lower() for w in rule.options["destination_words"]}
        importers = _destinations(doc, parties, words)
        if not importers:
            return
        keys = {i.key for i in importers}
        others = [p for p in parties if p.key not in keys and p.start < importers[0].start]
        others = [p for p in others if not _in_relative_clause(sentence, p, trigger_char)]
        carried = 1.0
        if not others:
            others = [c for c in _carried(history, rule.object) if c.key not in keys][:1]
            carried = 0.8
        if not others:
            return
        exporter = max(others, key=lambda p: p.start) if carried == 1.0 else others[0]
        for importer in importers:
            yield importer, exporter, carried

    def _qualifiers(self, sentence: SpacySpan, positions: list[int]) -> dict[str, Any]:
        """Quantities, dates and counts a fact's sentence gives."""
        out = _quantities(sentence, positions)
        amount = _amount(span_text(sentence))
        if amount is not None:
            out["amount"] = amount
        day = _sentence_date(span_text(sentence), sentence.doc.user_data.get("date"))
        if day:
            out["date"] = day
        count = re.search(
            r"\b(\d+)\s+(landen|countries|lidstaten|member states|deelnemers|participants)\b",
            span_text(sentence),
            re.IGNORECASE,
        )
        if count:
            out["participants"] = int(count.group(1))
        return out

    def _state_of(self, found: Found) -> Found:
        """A state body stands for its state in a state measure ("het Chinese ministerie van
        Handel", "MOFCOM" -> China): guideline rule 7."""
        if found.kind != "Organization":
            return found
        country = self.states.get(found.key)
        if country is None:
            first = found.text.split()[0] if found.text.split() else ""
            keys = self.forms.get(first.lower(), set()) if _state_words(found.text) else set()
            countries = [k for k in keys if k.startswith("country/")]
            country = countries[0] if len(countries) == 1 else None
        if country is None:
            return found
        return Found(
            country, "Country", found.start, found.end, found.start_char, found.end_char, found.text
        )

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
            for s in subjects:
                # "voor de uitvoer van gallium is een Chinese vergunning nodig": the country
                # adjective before the other word of a pair of trigger words
                next_token = sentence.doc[s.end] if s.end < sentence.end else None
                if (
                    s.kind == "Country"
                    and s.text in self.adjectives
                    and next_token is not None
                    and any(g.match(next_token.lower_) for g in rule.groups)
                ):
                    return [s]
        subjects = _without_modifiers(sentence.doc, subjects)
        compared = [s for s in subjects if s not in _without_compared(sentence.doc, subjects)]
        subjects = _without_compared(sentence.doc, subjects)
        subjects = [
            s
            for s in subjects
            if not (
                s.start_char > trigger_char
                and s.text in self.adjectives
                and s.kind == "Country"
                and not _town_adjective(sentence.doc, s)
            )
        ]  # "in Nederlandse producten" after the trigger qualifies another noun
        subjects = [s for s in subjects if not _in_apposition(sentence.doc, s, subjects)]
        regions = _after_words(sentence.doc, subjects, ["within", "binnen", "outside", "buiten"])
        subjects = [s for s in subjects if s not in regions]  # "within the Union": a place
        # "de medische beeldvorming in Nederland is afhankelijk van": where the party sits
        subjects = [s for s in subjects if not _located(sentence.doc, s, subjects)]
        excluded = rule.options.get("subject_not_after_words")
        if excluded:  # "in Finland" is no member; "het project van Vulcan" no coordinator
            placed = _after_words_outside_trigger(rule, sentence, trigger_char, subjects, excluded)
            subjects = [
                s
                for s in subjects
                if s not in placed
                or _relative_head(sentence, s, trigger_char)  # "uit China, dat ... raffineert"
            ]
        purpose = rule.options.get("not_subject_after")
        if purpose:  # "Defensie is voor radarsystemen en elektromotoren afhankelijk van ..."
            words = {w.lower() for w in purpose}
            markers = [t.idx for t in sentence if t.lower_ in words and t.idx < trigger_char]
            opener = markers[-1] if markers else None
            if opener is not None:
                before_opener = [s for s in subjects if s.end_char <= opener]
                inside = [s for s in subjects if opener < s.start_char < trigger_char]
                if before_opener and inside:
                    subjects = [s for s in subjects if s not in inside]
        before = [s for s in subjects if s.end_char <= trigger_char]
        main = [s for s in before if not _in_relative_clause(sentence, s, trigger_char)]
        before = main or before
        side = rule.options.get("subject_side", "before")
        if before:
            anchor = before[-1]
            actors = [s for s in before[:-1] if s.kind == "Organization"]
            town = _town_adjective(sentence.doc, anchor)
            if rule.options.get("place_subjects") and actors and town:
                # "Solvay heeft in het Franse La Rochelle een lijn voor het scheiden ... geopend"
                return [actors[-1], anchor]
            if rule.options.get("place_subjects") and _after_words(sentence.doc, [anchor], ["in"]):
                # "Glencore, dat in Congo kobalt wint": the body the clause is about, and where
                clause = sentence.doc[_clause_range(sentence, trigger_char)[0]].idx
                antecedent = _relative_antecedent(sentence, before, clause)
                if antecedent:
                    return [antecedent[0], anchor]
                # "dat Rio Tinto sinds 2022 in Canada scandiumoxide produceert": the body of
                # the clause acts, in the place named before the verb
                own = [a for a in actors if a.start_char >= clause]
                if own:
                    return [own[-1], anchor]
            if _relative_head(sentence, anchor, trigger_char):
                # "Terrafame, which mines nickel in Finland": the country of the site acts too
                places = (
                    _places_after(sentence, anchor, subjects, trigger_char)
                    if rule.options.get("place_subjects")
                    else []
                )
                if _trigger_word(sentence, trigger_char).endswith("en"):
                    # "Linde en Messer, die het uit Qatar betrekken": a plural verb, all
                    return _unique(_enumeration(sentence.doc, anchor, subjects) + places)
                return [anchor, *places]  # "Codelco en SQM, dat lithium wint": SQM alone
            # "In Finland produceert Terrafame nikkel": the party right after the verb acts too
            token = sentence.doc[anchor.start - 1] if anchor.start > 0 else None
            verb = _trigger_token(sentence, trigger_char)
            # ("In Marokko delft het staatsbedrijf OCP het erts": what the party is may stand
            # between)
            doc = sentence.doc
            follower = [
                s for s in subjects if verb is not None and _right_after_verb(doc, verb.i, s)
            ]
            if token is not None and token.lower_ in {"in", "uit"} and follower:
                return _unique(_enumeration(doc, anchor, subjects) + follower + compared)
            places = _places_after(sentence, anchor, subjects, trigger_char)
            if rule.options.get("place_subjects") and places:
                # "Elkem produces silicon metal in Norway": the country of the site acts too
                return _unique(_enumeration(doc, anchor, subjects) + places)
        elif side in ("before", "any"):  # ("only_before": none after the trigger)
            if _trigger_word(sentence, trigger_char) in rule.options.get("verbs", ()):
                return []  # "The plan relies on the EU's partnerships": the verb's subject
            after = [s for s in subjects if s.start_char >= trigger_char]
            # "selecteerde 47 projecten, waaronder het project van Vulcan Energy": the owner of
            # another thing does not act (the words of the trigger, "onder leiding van", do)
            if rule.options.get("no_owner_after"):
                owners = _after_words_outside_trigger(
                    rule, sentence, trigger_char, after, ["van", "of"]
                )
                after = [s for s in after if s not in owners]
            agents = rule.options.get("subject_after_trigger_words")
            if agents:  # "exportbeperkingen van China", "export controls by Beijing"
                after = _after_words(sentence.doc, after, agents)
            if not after:
                return []
            anchor = after[0]
        else:
            return []
        ranked = _ranked_after(sentence.doc, anchor, subjects)
        return _unique(_enumeration(sentence.doc, anchor, subjects) + compared + ranked)

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
            title = doc[person.start - 1].text if person.start > sentence.start else ""
            body = TITLE_BODIES.get(title.lower())
            if body is not None:  # "Commissievoorzitter Ursula von der Leyen"
                record = self._structural(person.key, "memberOf", body, sentence, "title", 0.8)
                record.qualifiers["role"] = title
                out.append(record)
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

    def _partnership(self, item: Found) -> bool:
        """Whether a policy is a partnership or agreement (by its names)."""
        entry = self.lexicon.get(item.key)
        names = [item.text] + ([t for ts in entry.labels.values() for t, _ in ts] if entry else [])
        return any(PARTNERSHIP_NAME.search(n) for n in names)

    def _owned_partnerships(self, sentence: SpacySpan, found: list[Found]) -> list[RelationRecord]:
        """ "de EU-partnerschappen": the party a partnership compound names takes part in it."""
        out = []
        for item in found:
            if item.kind == "Policy" and self._partnership(item):
                out += self._partnership_holder(sentence, found, item)
                out += self._agreement_parties(sentence, found, item)
            if item.kind != "Policy" or not self._partnership(item) or "-" not in item.text:
                continue
            head = item.text.split("-")[0]
            keys = [
                k
                for k in self.forms.get(head.lower(), set())
                if k.split("/")[0] in ("country", "organization")
            ]
            if len(keys) == 1:
                record = self._stated(
                    keys[0], "participatesIn", item.key, sentence, "partnership-owner", 0.6
                )
                out.append(record)
        return out

    def _partnership_holder(
        self, sentence: SpacySpan, found: list[Found], item: Found
    ) -> list[RelationRecord]:
        """ "the EU's strategic partnerships on raw materials", "De EU heeft sinds 2021
        strategische partnerschappen voor grondstoffen gesloten": the party that holds a
        partnership programme takes part in it."""
        doc = sentence.doc
        parties = [f for f in found if f.kind in ("Country", "Organization")]
        holder = next(
            (
                p
                for p in parties
                if p.end < item.start
                and doc[p.end].lower_ in {"'s", "’s"}
                and item.start - p.end <= 2
            ),
            None,
        )
        if holder is None:
            first = _first_word(sentence)
            opening = [p for p in parties if p.start <= first + 1 and p.end <= item.start]
            between = {t.lower_ for t in doc[opening[0].end : item.start]} if opening else set()
            if opening and between & HOLDING_VERBS and not between & {",", ";"}:
                holder = opening[0]
        if holder is None:
            return []
        record = self._stated(
            holder.key, "participatesIn", item.key, sentence, "partnership-holder", 0.6
        )
        return [record]

    def _framed_by_event(self, sentence: SpacySpan, found: list[Found]) -> list[RelationRecord]:
        """ "Today, at the opening of the Raw Materials Week, the European Commission launched
        ...", "Tijdens de Raw Materials Week lichtte de Commissie ... toe": an event that opens
        the sentence frames it, and the party that acts in it takes part in the event."""
        doc = sentence.doc
        events = [f for f in found if f.kind == "Event"]
        if not events:
            return []
        event = events[0]
        opening = [t for t in doc[sentence.start : event.start] if t.is_alpha]
        if len(opening) > 6 or not any(t.lower_ in EVENT_FRAMES for t in opening[-5:]):
            return []
        # the acting party right after the frame ("..., the European Commission launched"),
        # not one the sentence goes on to speak of ("..., Dirk Beljaarts said that China ...")
        parties = [
            f
            for f in found
            if f.kind in ("Country", "Organization", "Person")
            and event.end <= f.start <= event.end + 5
        ]
        if not parties or _blocked(sentence, parties[0].start_char):
            return []
        party = parties[0]
        return [self._stated(party.key, "participatesIn", event.key, sentence, "event-frame", 0.6)]

    def _buyers(self, sentence: SpacySpan, found: list[Found]) -> list[RelationRecord]:
        """ "China ... is the main buyer of Congo's hydroxide", "India's steelmakers lift
        imports of South African manganese ore": the buyer imports from the country whose
        adjective or possessive names the origin of what it buys."""
        doc = sentence.doc
        lowered = span_text(sentence).lower()
        parties = [f for f in found if f.kind in ("Country", "Organization")]
        out = []
        for match in BUYER_WORDS.finditer(lowered):
            start, end = sentence.start_char + match.start(), sentence.start_char + match.end()
            origin = next((p for p in parties if p.kind == "Country" and p.start_char > end), None)
            if origin is None or not _names_origin(doc, origin, end, self.adjectives):
                continue
            buyers = [p for p in parties if p.end_char <= start and p.key != origin.key]
            if not buyers or _blocked(sentence, start) or BARRIERS.search(lowered):
                continue  # "a ban on imports of Russian aluminium" buys nothing
            out.append(
                self._stated(buyers[-1].key, "importsFrom", origin.key, sentence, "buyer", 0.6)
            )
        return out

    def _relative_objects(self, sentence: SpacySpan, found: list[Found]) -> list[RelationRecord]:
        """ "de EU-voorraadstrategie die de Europese Commissie heeft gepresenteerd", "de
        subsidieregeling, die door RVO wordt uitgevoerd": a relative clause right after a name,
        whose verb is a trigger of a rule marked ``relative_object``, states that rule's
        relation with the name as its object and the clause's party as its subject. A question
        presupposes what such a clause says ("Ziet u ruimte om ze op te nemen in de strategie
        die de Commissie heeft gepresenteerd?"): the fact keeps the question's mood."""
        out = []
        for item in found:
            clause = _relative_clause_after(sentence, item)
            if clause is None:
                continue
            start, end = clause
            doc = sentence.doc
            lowered = doc[start:end].text.lower()
            for rule in self.rules:
                if not rule.options.get("relative_object") or item.kind not in rule.object:
                    continue
                triggers = rule.triggers_in(lowered)
                if not triggers:
                    continue
                trigger_char = doc[start].idx + triggers[0]
                parties = [
                    f for f in found if f.kind in rule.subject and start <= f.start and f.end <= end
                ]
                if not parties or _blocked(sentence, trigger_char):
                    continue
                out.append(
                    self._stated(parties[0].key, rule.predicate, item.key, sentence, rule.name, 0.6)
                )
        return out

    def _agreement_parties(
        self, sentence: SpacySpan, found: list[Found], item: Found
    ) -> list[RelationRecord]:
        """ "het partnerschapsakkoord (CEPA) dat de EU en Indonesië hebben afgerond", "the MoU
        that the EU signed with Rwanda": the parties of a relative clause of concluding right
        after an agreement's name take part in it, and are partners."""
        doc = sentence.doc
        clause = _relative_clause_after(sentence, item)
        if clause is None:
            return []
        start, end = clause
        if not any(t.lower_ in CONCLUDING_VERBS for t in doc[start:end]):
            return []
        parties = _unique(
            [f for f in found if f.kind in ("Country", "Organization") and start <= f.start < end]
        )
        out = [
            self._stated(p.key, "participatesIn", item.key, sentence, "agreement-party", 0.6)
            for p in parties
        ]
        # "dat de EU en Indonesië hebben afgerond": the two; "die de EU met Chili en Argentinië
        # sloot": the EU with each, not Chile with Argentina
        verb = next(t for t in doc[start:end] if t.lower_ in CONCLUDING_VERBS)
        for a, b, _ in _partners(doc, parties, verb.idx, 0.6):
            out.append(self._stated(a.key, "partnerOf", b.key, sentence, "agreement-party", 0.6))
        return out

    def _titled_by_body(self, sentence: SpacySpan, found: list[Found]) -> list[RelationRecord]:
        """ "ERG spokesperson Patrice Kabongo", "Glencore CEO Gary Nagle": a body's name and a
        job right before a person's name say the person works there."""
        doc = sentence.doc
        out = []
        for person in (f for f in found if f.kind == "Person"):
            body = next(
                (f for f in found if f.kind == "Organization" and 0 <= person.start - f.end <= 5),
                None,
            )
            if body is None:
                continue
            job = doc[body.end : person.start]
            role = job.text.strip("- ")
            if not len(job) and "-" in body.text:
                # "Umicore-topman Bart Sap": the job inside the name's hyphenated compound
                role = body.text.rsplit("-", 1)[1]
            elif not len(job):
                continue
            # ("Umicore-woordvoerder Jan Peeters": the job joined by a hyphen; "Managing
            # Director and CEO David Ferrier": two jobs)
            words = all(t.is_alpha or t.text in {"-", "&"} for t in job)
            last = job[-1].lower_ if len(job) else role.lower()
            if words and role[-1:].isalpha() and last.endswith(JOB_WORDS):
                record = self._structural(person.key, "memberOf", body.key, sentence, "title", 0.7)
                record.qualifiers["role"] = role
                out.append(record)
        return out

    def _subsidiaries(self, sentence: SpacySpan, found: list[Found]) -> list[RelationRecord]:
        """ "Lynas USA, a Lynas subsidiary", "Lynas Malaysia, the Lynas subsidiary in
        Kuantan": a body described as another's subsidiary is part of it."""
        doc = sentence.doc
        bodies = [f for f in found if f.kind == "Organization"]
        out = []
        for body in bodies:
            # the owner between the comma's article and the word
            owner = next((b for b in bodies if b.start == body.end + 2), None)
            if (
                owner is not None
                and owner.end < sentence.end
                and doc[body.end].text == ","
                and doc[body.end + 1].lower_ in DETERMINERS
                and doc[owner.end].lower_ in SUBSIDIARY_WORDS
                and owner.key != body.key
            ):
                out.append(
                    self._structural(body.key, "partOf", owner.key, sentence, "subsidiary", 0.7)
                )
        return out

    def _financing(self, sentence: SpacySpan, found: list[Found]) -> list[RelationRecord]:
        """ "JOGMEC and Sojitz financed Lynas", "JARE, the joint venture of Sojitz and JOGMEC,
        has financed Lynas": a financier works with the body it finances, and co-financiers
        with each other."""
        doc = sentence.doc
        bodies = [f for f in found if f.kind in ("Organization", "Country")]
        out: list[RelationRecord] = []
        for verb in (t for t in sentence if t.lower_ in FINANCING_VERBS):
            if _blocked(sentence, verb.idx):
                continue  # "will finance", "did not finance"
            financed = _object_right_after(doc, verb.i, bodies)
            financiers = _acting_bodies(doc, verb.i, bodies, sentence.start)
            if any(f.key.startswith(BUDGET_HOLDERS) for f in financiers):
                continue  # "Het ministerie van EZ financiert het NMO": a budget line
            if financed is None or not financiers:
                continue
            for i, financier in enumerate(financiers):
                pairs = [financed, *financiers[i + 1 :]]
                out += [
                    self._structural(
                        financier.key, "partnerOf", other.key, sentence, "financing", 0.55
                    )
                    for other in pairs
                    if other.key != financier.key
                ]
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
            if any(f.kind == "Person" and item.end <= f.start < org.start for f in found):
                continue  # "Kuipers, Ter Laak en Vlietstra, en minister Van Rijswijk van EZ"
            if item.kind == "Person" and any(
                f.kind == "Person" and f.start == org.end for f in found
            ):
                continue  # "Von der Leyen, de voorzitter van de Europese Raad António Costa"
            before = [t for t in doc[item.end : org.start] if t.lower_ not in DETERMINERS]
            if not before:
                continue
            between = doc[item.end : org.start]
            if item.kind == "Person":
                # "Marloes Verhagen van het Haagse onderzoeksinstituut HCSS", "Katharina Brenner,
                # who follows raw materials at the German engineering association VDMA": a few
                # words may describe the body between the connector and its name
                links = [k for k, t in enumerate(before) if t.lower_ in CONNECTORS]
                described = before[links[-1] + 1 :] if links else before
                if not links or len(described) > 3 or not all(t.is_alpha for t in described):
                    continue
                if before[links[-1]].lower_ == "aan" and not any(
                    t.lower_ in ROLE_WORDS for t in before[: links[-1]]
                ):
                    continue  # "hoogleraar aan de TU Delft", not "minister X aan de Kamer"
                # "Henrik Solberg is a Senior Research Fellow at NUPI": a role stated
                appositive = (
                    links[-1] == 0
                    or doc[item.end].text == ","
                    or (
                        before[0].lower_ in {"is", "was"}
                        and bool(ROLE_WORDS & {t.lower_ for t in before})
                    )
                )
                if appositive and not any(t.text in {".", ";", "("} for t in between):
                    record = self._structural(
                        item.key, "memberOf", org.key, sentence, "apposition", 0.75
                    )
                    if len(before) > 1:
                        record.qualifiers["role"] = doc[item.end + 1 : org.start].text.strip(" ,")
                    out.append(record)
            elif before[-1].lower_ not in CONNECTORS:
                continue
            elif len(before) == 1 and item.kind == "Policy" and LEGAL_ACT.match(item.text):
                continue  # "Regulation (EU) 2024/1252 of the European Parliament": its makers
            elif len(before) == 1 and item.kind == "Policy":
                # "de grondstoffenpartnerschappen van de EU": a party to its partnerships
                predicate = "participatesIn" if self._partnership(item) else "coordinates"
                out.append(
                    self._structural(org.key, predicate, item.key, sentence, "possessive", 0.6)
                )
            elif len(before) == 1:  # "de Raw Materials Week van de Europese Commissie"
                out.append(
                    self._structural(org.key, "participatesIn", item.key, sentence, "host", 0.6)
                )
        return out

    def _composition(self, sentence: SpacySpan, found: list[Found]) -> list[RelationRecord]:
        """A product named with what it is made of uses that material: "magneten met zeldzame
        aardmetalen", "batteries containing cobalt", "chips op basis van gallium", and the
        compound "neodymiummagneten" (a material stem before a product)."""
        out = []
        doc = sentence.doc
        materials = [f for f in found if f.kind == "Material"]
        for item in found:
            if item.kind != "Sector":
                continue
            linked: list[Found] = []
            window = [t for t in doc[item.end : min(sentence.end, item.end + 4)]]
            words: list[str] = []
            for token in window:
                following = [m for m in materials if m.start == token.i]
                if following and set(words) & COMPOSED_CUES:
                    linked = _enumeration(doc, following[0], materials)
                    break
                if token.lower_ not in COMPOSED_WORDS:
                    break
                words.append(token.lower_)
            if item.end - item.start == 1:
                compound = self._compound_material(item.text.lower())
                if compound is not None:
                    linked.append(
                        Found(
                            compound,
                            "Material",
                            item.start,
                            item.end,
                            item.start_char,
                            item.end_char,
                            item.text,
                        )
                    )
            # "neodymium magnets", "lithium batteries": the material right before the product
            if doc[item.start].lower_ not in DETERMINERS:
                linked += _material_chain(doc, materials, item.start, sentence.start)
            for material in _unique(linked):
                record = self._stated(
                    material.key, "usedIn", item.key, sentence, "composition", 0.6
                )
                out.append(record)
        out += self._critical_for(sentence, materials)
        return out

    def _critical_for(self, sentence: SpacySpan, materials: list[Found]) -> list[RelationRecord]:
        """ "twaalf defensiekritieke grondstoffen, waaronder titanium en kobalt", "defence-
        critical raw materials such as tungsten": the listed materials are used in the sector
        the compound names."""
        out: list[RelationRecord] = []
        if not materials:
            return out
        doc = sentence.doc
        for token in sentence:
            word = token.lower_
            stem = next(
                (w for w in CRITICAL_HEADS if word.endswith(w) and len(word) > len(w)), None
            )
            if stem is None:
                continue
            sector = self.sector_stems.get(word[: -len(stem)].rstrip("-"))
            listed = [m for m in materials if m.start > token.i]
            if sector is None or not listed:
                continue
            between = {t.lower_ for t in doc[token.i + 1 : listed[0].start]}
            if not between & LISTING:
                continue
            for material in _enumeration(doc, listed[0], materials):
                record = self._stated(material.key, "usedIn", sector, sentence, "critical-for", 0.6)
                out.append(record)
        return out

    def _topic_material(self, word: str) -> str | None:
        """The material a word of a name is about: the first stem it is or opens (memoised:
        the same words come back in every sentence naming the policy)."""
        if word not in self._topic_memo:
            self._topic_memo[word] = next(
                (
                    k
                    for stem, k in self.material_stems.items()
                    if word == stem or (word.startswith(stem) and len(word) - len(stem) >= 4)
                ),
                None,
            )
        return self._topic_memo[word]

    def _compound_material(self, word: str) -> str | None:
        """The material of a product compound ("neodymiummagneten"): the first stem that opens
        it with at least four letters after it (memoised)."""
        if word not in self._compound_memo:
            self._compound_memo[word] = next(
                (
                    k
                    for stem, k in self.material_stems.items()
                    if word.startswith(stem) and len(word) - len(stem) >= 4
                ),
                None,
            )
        return self._compound_memo[word]

    def _named_topic(self, sentence: SpacySpan, found: list[Found]) -> list[RelationRecord]:
        """A policy or event whose name is about a material ("Nationale Lithiumstrategie",
        "Kobaltinitiatief") concerns it: the name states its subject."""
        out = []
        for item in found:
            if item.kind not in ("Policy", "Event"):
                continue
            for word in re.findall(r"\w+", item.text.lower()):
                key = self._topic_material(word)
                if key is not None:
                    record = self._stated(item.key, "concerns", key, sentence, "named-topic", 0.7)
                    out.append(record)
        return out

    def _part_relations(self, sentence: SpacySpan, found: list[Found]) -> list[RelationRecord]:
        """A part the vocabulary knows (an NGS action perspective) named in a sentence that
        names its whole, or speaks of parts ("handelingsperspectieven", "pijlers"); a body
        owned by a body ("the Commission's Directorate-General for ...")."""
        out = []
        bodies = [f for f in found if f.kind == "Organization"]
        for body in bodies:
            owned = _possessor_of(sentence.doc, body, bodies)
            if owned is not None:
                out.append(
                    self._structural(
                        owned.key, "partOf", body.key, sentence, "possessive-part", 0.7
                    )
                )
        keys = {f.key for f in found}
        lowered = span_text(sentence).lower()
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
            # "the Commission, with the support of its Joint Research Centre", "the JRC, the
            # European Commission's science service": a unit named beside its body as its own
            for whole in entry.unit_of:
                bodies_of = [f for f in found if f.key == whole]
                if any(_owned_unit(sentence.doc, item, body) for body in bodies_of):
                    out.append(
                        self._structural(item.key, "partOf", whole, sentence, "named-unit", 0.7)
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
            # a footnote is evidence of its citation too when the body named the document first
            # ("de motie-Van Dam/Postma vraagt.1" and "1 Kamerstuk 32 852, nr. 398")
            footnote = NUMBERED_FOOTNOTE.match(span_text(sentence).lstrip()) is not None
            for f in _unique(found):
                if f.kind == "Document" and f.key != own and (f.key not in seen or footnote):
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
        lowered = span_text(sentence).lower().lstrip()
        kind = doc.user_data.get("kind")
        if re.match(
            r"(\d+\.?\s*)?(vragen (en opmerkingen )?|inbreng )van de leden van de\b", lowered
        ):
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
        elif kind in ("kamervragen", "antwoorden") and (answered := ANSWERED_BY.match(lowered)):
            # "Antwoord van minister Hekman (Economische Zaken), mede namens ...": the minister
            # named right after the title answers, for the ministry in brackets after the name
            # (not "Antwoorden van de minister ... op vragen van de leden Hirsch")
            title_end = _text_start(sentence) + answered.end()
            persons = [
                f for f in found if f.kind == "Person" and 0 < f.start_char - title_end <= 1
            ][:1]
            for person in persons:
                out.append(
                    self._structural(own, "authoredBy", person.key, sentence, "answered-by", 0.9)
                )
                ministry = next(
                    (
                        f
                        for f in found
                        if f.kind == "Organization"
                        and f.start == person.end + 1
                        and sentence.doc[person.end].text == "("
                    ),
                    None,
                )
                if ministry is not None:
                    out.append(
                        self._structural(
                            person.key, "memberOf", ministry.key, sentence, "answered-by", 0.9
                        )
                    )
        if kind == "verslag" and re.match(
            r"((in|door) )?(de )?vaste commissie\b.*\b(vragen|voorgelegd|voor te leggen)", lowered
        ):
            for body in (f for f in found if f.key.startswith("organization/committee-")):
                out.append(
                    self._structural(own, "authoredBy", body.key, sentence, "committee", 0.85)
                )
        heading = span_text(sentence).strip()
        if (
            sentence.start_char < 200
            and (
                (kind == "news" and SECTIONS.match(heading))
                or (kind not in PARLIAMENTARY and MASTHEAD.match(heading))
                or _series_heading(doc, sentence, heading)
                # a publisher's name alone on the first line of a news text or an EU text:
                # "MINING WEEKLY", "EUROPEAN COMMISSION" (a Kamerstuk's first line names the
                # chamber it goes to)
                or (
                    kind not in PARLIAMENTARY
                    and sentence.start_char < 5
                    and bool(found)
                    and heading == found[0].text
                )
            )
            and found
            and found[0].kind == "Organization"
            and found[0].start_char <= _text_start(sentence)
        ):  # a masthead: "Het Financieele Dagblad | Economie | 14 januari 2025"
            out.append(self._structural(own, "authoredBy", found[0].key, sentence, "masthead", 0.8))
        # the signature of an act: "For the Commission (newline) The President (newline)
        # Ursula VON DER LEYEN", "Voor de Raad (newline) De voorzitter (newline) ..."
        if SIGNED_FOR.match(heading) and len(heading.split()) <= 14:
            bodies = [f for f in found if f.kind == "Organization"][:1]
            signers = [f for f in found if f.kind == "Person"][-1:]
            for body in bodies:
                out.append(
                    self._structural(own, "authoredBy", body.key, sentence, "signed-for", 0.85)
                )
                for person in signers:
                    out.append(
                        self._structural(
                            person.key, "memberOf", body.key, sentence, "signed-for", 0.85
                        )
                    )
            for person in signers:
                out.append(
                    self._structural(own, "authoredBy", person.key, sentence, "signed-for", 0.85)
                )
        # a report's author line near its start: "Lindqvist, M., Vos, P.J.", "Ana Ribeiro Costa
        # and Henrik Solberg"
        names_line = _text_start(sentence) in doc.user_data.get("names_lines", ())
        if (sentence.start_char < 1000 and AUTHOR_LINE.fullmatch(heading)) or names_line:
            for person in _unique([f for f in found if f.kind == "Person"]):
                out.append(
                    self._structural(own, "authoredBy", person.key, sentence, "author-line", 0.85)
                )
        # a byline or author field: "Door Thomas Hendriks", "By Jane Smith and John Doe",
        # "Author: Marta Ilves"
        credited = doc.user_data.pop("credited", None)
        if BYLINE.match(heading) or EDITED_BY.match(heading):
            persons = [f for f in found if f.kind == "Person"]
            if persons and len(span_text(sentence).split()) <= 12:
                doc.user_data["credited"] = (sentence.end, _unique(persons))
                for person in _unique(persons) if BYLINE.match(heading) else []:
                    out.append(
                        self._structural(own, "authoredBy", person.key, sentence, "byline", 0.85)
                    )
        elif credited is not None and credited[0] == sentence.start:
            # the line under a byline: "Creamer Media Senior Writer", "Creamer Media Editor"
            employer = found[0] if found and found[0].kind == "Organization" else None
            words = heading[employer.end_char - sentence.start_char :].split() if employer else []
            job = {w.lower() for w in words[:3]} & JOB_TITLES
            if employer is not None and employer.start_char == sentence.start_char and job:
                for person in credited[1]:
                    out.append(
                        self._structural(
                            person.key, "memberOf", employer.key, sentence, "byline", 0.8
                        )
                    )
        out.extend(self._agency_credits(own, sentence, found))
        prepared = AUTHORED.search(span_text(sentence))
        if prepared:
            after = [
                f
                for f in found
                if f.kind == "Organization" and f.start_char - sentence.start_char >= prepared.end()
            ]
            authors = _unique(after)[:1]
            if authors and _possessor_of(doc, authors[0], after):
                authors.append(_possessor_of(doc, authors[0], after))  # type: ignore[arg-type]
            for body in authors:
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

    def _agency_credits(
        self, own: str, sentence: SpacySpan, found: list[Found]
    ) -> list[RelationRecord]:
        """A news agency's dateline and credits: "LONDON, Nov 13 (Reuters) -" (the agency),
        "(Reporting by Clara Whitfield in London; Editing by ...)" (the reporters, not the
        editor)."""
        if sentence.doc.user_data.get("kind") != "news":
            return []
        text, base = span_text(sentence), sentence.start_char
        out = []
        dateline = DATELINE.search(text)
        if dateline and sentence.start_char < 1000:
            for body in _in_group(found, "Organization", dateline, base):
                out.append(self._structural(own, "authoredBy", body.key, sentence, "dateline", 0.8))
        for credit in CREDITS.finditer(text):
            for person in _in_group(found, "Person", credit, base):
                out.append(
                    self._structural(own, "authoredBy", person.key, sentence, "credits", 0.85)
                )
        return out

    def _stated(
        self,
        subject: str,
        predicate: str,
        obj: str,
        sentence: SpacySpan,
        rule: str,
        confidence: float,
    ) -> RelationRecord:
        """A structural fact in the mood of its sentence: what a question presupposes stays
        a question."""
        record = self._structural(subject, predicate, obj, sentence, rule, confidence)
        record.mood = sentence_mood(sentence)
        return record

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
            evidence=Span(span_text(sentence), sentence.start_char, sentence.end_char),
            mood="asserted",
        )

    # --- targets --------------------------------------------------------------------------------

    def _targets(
        self, doc: Doc, sentences: list[SpacySpan], index: DocIndex
    ) -> Iterator[TargetRecord]:
        """Shares a policy sets as goals: "<policy> ... doelen ... 10% ... , 40% ..."."""
        for sentence in sentences:
            lowered = span_text(sentence).lower()
            if not re.search(r"\bdoel|streef|benchmark|target|ambitie|goal", lowered):
                continue
            policies = [f for f in index.sentence_found(sentence) if f.kind == "Policy"]
            if not policies:
                continue
            year = re.search(r"\b(20[2-9]\d)\b", span_text(sentence))
            matches = list(PERCENT.finditer(span_text(sentence)))
            for number, match in enumerate(matches):
                end = (
                    matches[number + 1].start()
                    if number + 1 < len(matches)
                    else len(span_text(sentence))
                )
                clause = span_text(sentence)[match.start() : end].strip(" ,;.")
                clause = re.split(r"[;.]\s", clause)[0]
                yield TargetRecord(
                    policy=policies[0].key,
                    share=float(match.group(1).replace(",", ".")),
                    label=clause,
                    evidence=Span(span_text(sentence), sentence.start_char, sentence.end_char),
                    year=int(year.group(1)) if year else None,
                )


# --- helpers ---------------------------------------------------------------------------------


#: Titles that name their body: "Commissievoorzitter", "Eurocommissaris" (nlp.toml).
TITLE_BODIES: dict[str, str] = {
    title.lower(): key for title, key in patterns()["persons"]["title_bodies"].items()
}
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


#: Words that open what a document is about: "de brief over antimoon", "a report on nickel".
ABOUT = {"over", "about", "on", "inzake", "betreffende", "concerning"}


def _described_before(sentence: SpacySpan, document: Found) -> int:
    """Where the description of a document cited in brackets starts ("de brief van 6 november
    over antimoon en boor (Kamerstuk 32 852, nr. 399)": at "over"); the document's own start
    when it is not cited in brackets after such a description."""
    doc = sentence.doc
    if document.start <= sentence.start or doc[document.start - 1].text != "(":
        return document.start_char
    for i in range(document.start - 2, sentence.start - 1, -1):
        if doc[i].text in {")", "(", ";", ".", ":"}:
            break
        if doc[i].lower_ in ABOUT:
            return int(doc[i].idx)
    return document.start_char


#: Words before a party or thing set apart from what the sentence says: "Wolfraam staat,
#: anders dan antimoon, op de lijst", "unlike Russia", "behalve kobalt".
CONTRASTS = (
    ("anders", "dan"),
    ("tegenstelling", "tot"),
    ("unlike",),
    ("behalve",),
    ("except",),
    ("excluding",),
    ("uitgezonderd",),
    # "Norway, not China, is the EU's largest supplier"
    (",", "not"),
    (",", "niet"),
)


#: Words before the source of a claim ("Volgens de USGS produceerde China ...", "according
#: to the IEA"): the source takes no part in what it reports.
CLAIM_SOURCES = tuple(tuple(phrase.split()) for phrase in rule_words("claim_sources"))


def _contrasted(doc: Doc, found: Found) -> bool:
    """Whether ``found`` is set apart from the sentence's facts: contrasted with them ("anders
    dan China") or the source that reports them ("volgens de USGS")."""
    i = _index_before(doc, found.start) + 1
    words = tuple(t.lower_ for t in doc[max(0, i - 2) : i])
    return any(words[-len(c) :] == c for c in CONTRASTS + CLAIM_SOURCES)


def _gapped_conjunct(doc: Doc, first: Found, second: Found) -> bool:
    """Whether ``second`` stands in a conjunct that leaves the verb out, joined to the part
    that holds ``first`` ("from South Africa and around 40 % of its palladium from Russia")."""
    between = [t for t in doc[first.end : second.start] if not t.is_space]
    # ("45 procent uit Mexico, 20 procent uit Zuid-Afrika en ...": a comma and a share)
    listed = any(t.text == "," for t in between) and any(t.like_num for t in between)
    return (
        len(between) <= 10
        and (listed or any(t.lower_ in {"and", "en"} for t in between))
        and not any(t.text in {";", ":", "."} for t in between)
    )


def _index_before(doc: Doc, start: int, floor: int = -1, spaces: bool = False) -> int:
    """The index of the token before token ``start``, determiners (and, with ``spaces``,
    whitespace) skipped but not past ``floor``: "uit de DRC" gives "uit"; -1 when none."""
    i = start - 1
    while i > floor and (doc[i].lower_ in DETERMINERS or (spaces and doc[i].is_space)):
        i -= 1
    return i


def _word_before(doc: Doc, found: Found) -> int:
    """Where the word before ``found`` starts, determiners skipped ("van de EU": "van")."""
    i = _index_before(doc, found.start)
    return doc[i].idx if i >= 0 else -1


def _after_words_outside_trigger(
    rule: Rule, sentence: SpacySpan, trigger_char: int, candidates: list[Found], words: list[str]
) -> list[Found]:
    """The candidates right after one of ``words``, unless that word belongs to the trigger
    phrase itself ("onder leiding van Vulcan" leads; "het project van Vulcan" does not)."""
    end = _trigger_end(rule, sentence, trigger_char)
    return [
        c
        for c in _after_words(sentence.doc, candidates, words)
        if _word_before(sentence.doc, c) not in range(trigger_char, end)
    ]


def _trigger_end(rule: Rule, sentence: SpacySpan, trigger_char: int) -> int:
    """Where the trigger phrase at ``trigger_char`` ends (its start, when no phrase of the
    rule's matches there: a group's or a compound's trigger)."""
    if rule.trigger is not None:
        lowered = span_text(sentence).lower()
        match = rule.trigger.match(lowered, trigger_char - sentence.start_char)
        if match:
            return sentence.start_char + match.end()
    return trigger_char


def _heads_after(
    rule: Rule, lowered: str, offset: int, materials: list[Found]
) -> list[tuple[int, Found]]:
    """The rule's compound heads right after a material's name ("vanadium production"), each
    with the character where it starts and the material it is about."""
    pattern = rule.options.get("head_pattern")
    if pattern is None:
        return []
    out = []
    for m in materials:
        match = pattern.match(lowered, m.end_char - offset)
        if match:
            out.append((offset + match.end() - len(match.group(0).lstrip()), m))
    return sorted(out, key=lambda pair: pair[0])


def _in_group(found: list[Found], kind: str, match: re.Match[str], base: int) -> list[Found]:
    """The entities of ``kind`` named inside ``match``'s first group (a match in the text of
    a sentence that starts at character ``base``)."""
    return [
        f for f in found if f.kind == kind and match.start(1) <= f.start_char - base < match.end(1)
    ]


#: A trigger that only says what a person does for a living ("a mining analyst at Halyk
#: Finance", "mijnbouwexpert"): no fact.
ROLE_MODIFIER = re.compile(
    r"\w+(?:[ -]|\w*?)(?:analysts?|analisten|analist|experts?|deskundigen?|engineers?|"
    r"consultants?|correspondents?|reporters?|editors?|journalists?|journalisten)\b"
)

#: A wire story's dateline: place, date, the agency in brackets, a dash ("LONDON, Nov 13
#: (Reuters) -").
DATELINE = re.compile(r"^[A-Z][A-Z/ .-]+,\s+\w+\.?\s+\d{1,2}\s+\(([^()]{2,40})\)\s*[-–—]")
#: An editor's credit on a line of its own ("EDITED BY: Lisa Swanepoel"): a person, no author.
EDITED_BY = re.compile(r"(?:EDITED BY|Edited by|Eindredactie):?\s")
#: The jobs a line under a byline names after the writer's body ("Creamer Media Senior Writer").
JOB_TITLES = rule_words("press_jobs")

#: A word for a project ("project", "projecten", "mangaanproject", "lithium-project").
#: In a sentence that names a programme of projects, a deposit or a mine of a body is one of
#: them ("the Upper Kairakty tungsten deposit of Tau-Ken Samruk").
PROJECT_WORD = re.compile(r"[\w-]*project(?:en|s)?|deposits?|mines?|mijn(?:en)?|afzetting(?:en)?")
#: A list item's marker at the start of a sentence ("- ", "• ", "2. ").
LIST_ITEM = re.compile(r"(?:[-•*]|\d{1,2}[.)]|\(?[a-z]\)|\(\d{1,2}\))\s+\S")

#: The line of an Aanhangsel that names who answers: "Antwoord van minister Hekman (...)".
ANSWERED_BY = re.compile(r"antwoord(?:en)? van (?:de )?(?:minister|staatssecretaris)\b")

#: The caption of a table laid out in text, and the activities a caption may name.
TABLE_CAPTION = re.compile(r"(?:Table|Tabel)\s+[\dA-Z][\d.]*\.?\s+(.+)", re.IGNORECASE)
TABLE_ACTIVITIES = (
    (r"\b(?:mine |mijn)?(?:production|productie|output|winning|mining|mijnbouw)\b", "produces"),
    (r"\b(?:refin|raffin|processing|verwerking|smelting)", "refines"),
)


TABLE_FIGURES = re.compile(r"[\d.,%()\s-]*")


def _amount_of(figure: str) -> float:
    try:
        return float(figure.replace(",", "").rstrip("."))
    except ValueError:
        return 0.0


#: The heading of a commodity summary's production table ("World Mine Production and
#: Reserves:", "Wereldmijnproductie:").
PRODUCTION_HEADING = re.compile(
    r"(?i)(?:world\s+mine\s+production|wereldmijnproductie)\b[^.\n:]{0,40}:"
)


#: The fields of a commodity summary that list shares after a country's name: its import
#: sources, and its net import reliance by material.
SUMMARY_FIELD = re.compile(r"(Import Sources|Net Import Reliance)\b[^:\n]{0,80}:")
#: A share after a name in such a field: "Brazil, 66%", "Niobium, 100%".
SHARE_AFTER = re.compile(r",\s*(\d[\d.,]*)\s*%")


#: Pronouns that make a unit its body's own: "its Joint Research Centre", "zijn JRC".
OWNERS = {"its", "zijn", "haar", "hun", "their"}


def _owned_unit(doc: Doc, unit: Found, body: Found) -> bool:
    """Whether the sentence names ``unit`` as ``body``'s own: "the Commission, with the
    support of its Joint Research Centre", "the Joint Research Centre (JRC), the European
    Commission's science and knowledge service"."""
    i = _index_before(doc, unit.start)
    if unit.start > body.start and i >= 0 and doc[i].lower_ in OWNERS:
        return True
    between = [t for t in doc[unit.end : body.start] if not t.ent_type_]
    return (
        body.start > unit.end
        and body.end < len(doc)
        and doc[body.end].lower_ in {"'s", "’s"}
        and len(between) <= 6
        and all(t.is_punct or t.is_space or t.lower_ in DETERMINERS for t in between)
    )


#: A legal act cited by its number: "Regulation (EU) 2024/1252", "Richtlijn 2008/98/EG".
LEGAL_ACT = re.compile(
    r"(?i)(?:regulation|directive|decision|verordening|richtlijn|besluit)\b.*\d{2,4}/\d+"
)
SIGNED_FOR = re.compile(r"(?i)(?:for|on behalf of|voor|namens)\s+(?:the|de|het)\s+\S")
BYLINE = re.compile(rf"(?:{byline_openers()})\s+\S")
#: Reporters credited at the end of a wire story, up to the editors: "(Reporting by A in
#: London and B; Editing by C)".
#: ("additional reporting by" credits a helper, not an author)
CREDITS = re.compile(r"(?<![Aa]dditional )\b(?:[Rr]eporting|[Ww]riting)\s+by\s+([^;()]+)")

#: A publisher's series named at the top of a report: "Clingendael Policy Brief", "HCSS
#: Report", "Bruegel Working Paper".
SERIES = re.compile(
    r"^[A-Z][\w&'. -]{1,60}?\s(?:[-–|]\s)?(?i:Policy Brief|Policy Paper|Working Paper|Report|"
    r"Briefing|Commentary|Analysis|Insight|Discussion Paper|Research Paper|Press release|"
    r"Press Room|Newsroom|Persbericht|Questions and answers|Questions & answers|Q&A|Factsheet|"
    r"Fact sheet|Statement|Vragen en antwoorden|Nieuwsbericht)\b",
)

#: A news masthead without a date: the publisher, then its sections ("Bloomberg | Markets |
#: Metals").
SECTIONS = re.compile(r"^[^\n|]{2,60}?\s+\|\s+[^\n|]{2,40}(?:\s+\|\s+[^\n|]{2,40})*(?:\n|$)")

#: A news masthead: the publisher, then section or date parts separated by "|", "-" or ",".
MASTHEAD = re.compile(
    # ("U.S. Geological Survey, Mineral Commodity Summaries, January 2025": a publisher, its
    # series and the month)
    r"^[^\n|·•,]{2,60}\s*[|·•–,-]\s*.{0,60}?\b"
    r"(?:\d{1,2}\s+\w+\s+\d{4}|\d{4}-\d{2}-\d{2}|[A-Z][a-z]+\s+\d{4}(?=\s*$))"
    # a time of publication may follow ("NOS Nieuws • Economie • zaterdag 18 oktober 2025, 07:12")
    r"(?:,?\s*\d{1,2}[:.]\d{2})?(?:\s|$)"
)

#: Roles in a committee ("De voorzitter van de commissie, Meulenbroek"): "de commissie" is the
#: committee the document names.
COMMITTEE_ROLES = {"voorzitter", "griffier", "adjunct-griffier"}


def _possessor_of(doc: Doc, body: Found, candidates: list[Found]) -> Found | None:
    """ "the Commission's Directorate-General ...": the body owned by ``body``, if any."""
    if body.end >= len(doc) or doc[body.end].lower_ not in {"'s", "’s"}:
        if not body.text.lower().endswith(("'s", "’s")):
            return None
        start = body.end
    else:
        start = body.end + 1
    return next((c for c in candidates if c.start == start and c.key != body.key), None)


def _role_before(doc: Doc, person: Found) -> tuple[str, str, bool] | None:
    """ "De minister van Economische Zaken,(newline) Dirk Beljaarts": the ministry, the role as
    written, and whether a line break separates them (a signature). Looks back across the
    paragraph break of a signature block, never past the end of a sentence."""
    start = person.start
    table = tokens_of(doc)
    texts = table.text
    while start > 0 and person.start - start < 30 and texts[start - 1] not in {".", "?", "!", ";"}:
        start -= 1
    window = doc[start : person.start]
    match = ROLE.search(span_text(window))
    if match is None:
        return None
    role_start = window.start_char + match.start()
    ents = final_ents(doc)
    ministries = [
        e
        for e in ents
        if e.label_ == "Organization"
        and role_start <= e.start_char
        and e.end_char <= person.start_char
    ]
    if not ministries and match.group(1).lower() in COMMITTEE_ROLES:
        ministries = [e for e in ents if e.kb_id_.startswith("organization/committee-")][:1]
        if not ministries:
            return None
        role_text = re.sub(r"\s+", " ", match.group(0)).strip(" ,")
        return ministries[0].kb_id_, role_text, _signature(doc, role_start, person)
    if not ministries:
        return None
    gap = doc_text(doc)[ministries[-1].end_char : person.start_char]
    if gap.strip(" ,\t\n\xa0"):
        return None
    role_text = re.sub(r"\s+", " ", doc_text(doc)[role_start : ministries[-1].end_char])
    return ministries[-1].kb_id_, role_text, "\n" in gap or _signature(doc, role_start, person)


def _signature(doc: Doc, role_start: int, person: Found) -> bool:
    """A signature: the role and the name make up a paragraph of their own ("De minister van
    Economische Zaken, M.C. van den Akker"), as the cleaner joins the lines of a block."""
    text = doc_text(doc)
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


PREPOSITIONS = {
    "van",
    "of",
    "op",
    "on",
    "met",
    "with",
    "voor",
    "for",
    "in",
    "uit",
    "naar",
    "bij",
    "tot",
    "from",
    "to",
    "at",
    "door",
    "by",
    "over",
    "en",
    "and",
    "or",
    "dat",
    "die",
    "that",
    "which",
    "is",
    "zijn",
    "are",
    "was",
}


def _cited_source(doc: Doc, item: Found) -> bool:
    """Whether ``item`` is named as the source of the statement ("according to the USGS",
    "volgens het NMO", "aldus de Commissie")."""
    before = [
        t.lower_ for t in doc[max(item.start - 3, 0) : item.start] if t.lower_ not in DETERMINERS
    ]
    return before[-1:] in (["volgens"], ["aldus"]) or before[-2:] == ["according", "to"]


#: The kinds of party a country adjective may only describe ("the Russian producer X").
BODIES = frozenset({"Organization"})
SECTORS = frozenset({"Sector"})


#: Words after a country's adjective and a hyphen that make it the owner of what follows
#: ("the Chinese-owned miner", "Chinees-gefinancierde smelters").
OWNED = rule_words("owner_participles")


def _owned_by(doc: Doc, country: Found) -> bool:
    return (
        country.end + 1 < len(doc)
        and doc[country.end].text == "-"
        and doc[country.end + 1].lower_ in OWNED
    )


def _without_modifiers(
    doc: Doc, candidates: list[Found], heads: frozenset[str] | None = None
) -> list[Found]:
    """Drop a country named by an adjective right before another candidate ("het Australische
    Syrah Resources", "de Nederlandse chipsector"): it qualifies that candidate. With ``heads``,
    only before a candidate of those kinds ("the Russian producer VSMPO-AVISMA", but "Chinese
    tungsten" keeps its origin)."""
    starts = {c.start for c in candidates if heads is None or c.kind in heads}
    out = []
    for c in candidates:
        named_adjective = c.text in doc.user_data.get("country_adjectives", ())
        adjective = (
            c.kind == "Country"
            and c.text[:1].isupper()
            # "Australische", "the Russian producer", "U.S.-based Cove Kaz Capital Group"
            and (c.text.lower().endswith(("e", "-based")) or named_adjective)
        )
        # "het Australische onderzoeksinstituut CSIRO": one or two common nouns between
        nouns = 0
        while (
            c.end + nouns < len(doc)
            and nouns < 2
            and doc[c.end + nouns].is_lower
            and doc[c.end + nouns].is_alpha
            and doc[c.end + nouns].lower_ not in PREPOSITIONS
        ):
            nouns += 1
        if adjective and (
            c.end in starts or (nouns and named_adjective and c.end + nouns in starts)
        ):
            continue
        if adjective and _owned_by(doc, c):
            continue  # "the Chinese-owned miner": who owns the miner, not who mines
        out.append(c)
    return out or candidates


#: "Mozambique is na China de grootste producent": the party after "na", "after", "behind",
#: "than" is compared with, not the subject.
COMPARED = {"na", "after", "behind", "achter", "dan", "than", "naast", "besides"}


#: Words that name the next in a ranking: "China ..., followed by Russia and South Africa".
RANKED_NEXT = (("followed", "by"), ("gevolgd", "door"))
RANKS = {"tweede", "derde", "second", "third"}
#: "..., Mexico volgt op afstand", "Russia and Japan follow": the next in a ranking as subject
#: (with a verb of FOLLOWS, but "Nederland volgt de lijn van de EU" follows something).
RANKED_NEXT_AFTER = rule_words("ranked_next_after")


def _follows_in_ranking(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is a verb of following that ends the clause or takes a margin."""
    if i >= len(doc) or doc[i].lower_ not in FOLLOWS:
        return False
    return i + 1 == len(doc) or doc[i + 1].lower_ in RANKED_NEXT_AFTER


def _ranked_after(doc: Doc, anchor: Found, candidates: list[Found]) -> list[Found]:
    """The parties ranked after ``anchor`` ("China is the largest producer, followed by
    Tajikistan"; "gevolgd door Rusland en Zuid-Afrika"): they do what it does."""
    for c in sorted(candidates, key=lambda c: c.start):
        if c.start <= anchor.start:
            continue
        i = _index_before(doc, c.start, floor=anchor.start)
        if i - 1 > anchor.start and (doc[i - 1].lower_, doc[i].lower_) in RANKED_NEXT:
            return _enumeration(doc, c, candidates)
        # "Rusland is de grootste producent, met Zuid-Afrika op de tweede plaats"
        after = {t.lower_ for t in doc[c.end : min(c.end + 5, len(doc))]}
        if i > anchor.start and doc[i].lower_ in {"met", "with"} and after & RANKS:
            return _enumeration(doc, c, candidates)
        ranked = _enumeration(doc, c, candidates)
        last = max(r.end for r in ranked)
        if _follows_in_ranking(doc, last):
            return ranked
    return []


def _own_verb_phrase(sentence: SpacySpan, objects: list[Found], trigger_char: int) -> list[Found]:
    """The objects of the trigger's own verb phrase when "and"/"en" joins a second one
    ("Terrafame mines nickel and zinc in Finland and refines cobalt"): the first verb keeps
    what it names before "and", the second what it names after itself. A verb at a Dutch
    clause end ("dat X nikkel wint en kobalt raffineert") is left to `_clause_verb_span`."""
    trigger = _trigger_token(sentence, trigger_char)
    if trigger is None or not objects:
        return objects
    doc = sentence.doc
    end = sentence.end
    for i in range(trigger.i + 1, end - 1):
        if doc[i].text in {";", ".", ":", "?"}:
            break
        if (
            doc[i].lower_ in {"and", "en"}
            and doc[i + 1].lower_ in SECOND_VERBS
            and any(trigger.i < o.start < i for o in objects)
        ):
            return [o for o in objects if o.start < i]  # the first verb's phrase ends here
    opener = trigger.i - 1
    if opener > sentence.start and doc[opener].lower_ in SECOND_VERBS:
        opener -= 1  # "and will refine"
    if opener >= sentence.start and doc[opener].lower_ in {"and", "en"}:
        own = [o for o in objects if o.start > trigger.i]
        if own and any(o.start < opener for o in objects):
            return own  # the second verb's phrase starts at it
    return objects


def _byproduct_sources(sentence: SpacySpan, objects: list[Found], trigger_char: int) -> list[Found]:
    """The objects named after "as a by-product of" that follows the trigger: their own
    compound ("lithium mining") says what is done with them, not the verb before."""
    text = span_text(sentence).lower()
    offset = sentence.start_char
    out = []
    for o in objects:
        before = text[max(trigger_char - offset, 0) : o.start_char - offset]
        words = before.split()
        for phrase in BYPRODUCT_OF:
            size = len(phrase.split())
            for skip in (0, 1):  # "by-product of the lithium"
                tail = words[len(words) - size - skip :]
                if (
                    len(words) >= size + skip
                    and " ".join(tail[:size]) == phrase
                    and all(w in DETERMINERS for w in tail[size:])
                ):
                    out.append(o)
    return out


def _without_compared(doc: Doc, candidates: list[Found]) -> list[Found]:
    kept = [c for c in candidates if not (c.start > 0 and doc[c.start - 1].lower_ in COMPARED)]
    return kept or candidates


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


PARTNERSHIP_NAME = re.compile(
    r"partner|\bmou|memorand|samenwerking|cooperation|agreement|akkoord|overeenkomst|alliance|"
    r"allianti",
    re.IGNORECASE,
)

#: "magneten met zeldzame aardmetalen", "chips op basis van gallium", "batteries containing cobalt"
COMPOSED_WORDS = {
    "met",
    "with",
    "containing",
    "op",
    "basis",
    "van",
    "based",
    "on",
    "de",
    "het",
    "the",
    "bevattende",
    "vol",
}
COMPOSED_CUES = {"met", "with", "containing", "basis", "based", "bevattende"}
#: Heads of a compound that makes materials critical for a sector ("defensiekritieke",
#: "defence-critical"), and the words that open the list of those materials.
CRITICAL_HEADS = ("kritieke", "kritische", "critical")
LISTING = {"waaronder", "zoals", "including", "such", "namelijk", "namely"}

#: Words of a quantity phrase in a clause whose verb is left out ("Rusland circa 40 procent van
#: het palladium", "Russia about 40% of the palladium").
GAP_WORDS = {
    "van",
    "het",
    "de",
    "of",
    "the",
    "procent",
    "percent",
    "per",
    "cent",
    "circa",
    "ruim",
    "bijna",
    "ongeveer",
    "zo'n",
    "around",
    "about",
    "nearly",
    "almost",
    "some",
    "over",
    "meer",
    "dan",
    "than",
    "more",
    "less",
    "minder",
    "a",
    "an",
    "een",
    "deel",
    "share",
    "part",
    "quarter",
    "third",
    "half",
    "helft",
    "kwart",
    "derde",
    "tot",
    "to",
    "up",
    "wereldwijde",
    "global",
    "world",
    "world's",
    "mondiale",
    "productie",
    "production",
    "output",
    "ton",
    "tonnes",
    "tons",
    "miljoen",
    "million",
    "kiloton",
    "kt",
    "mt",
    "in",
    "voor",
    "for",
    "bij",
    "als",
    "as",
    "en",
    "and",
    "vooral",
    "mainly",
    "mostly",
}


#: Prepositions that open a gapped clause of use ("..., platinum in catalysts for cars").
GAP_PREPOSITIONS = rule_words("gap_prepositions")


def _gapped(
    doc: Doc,
    sentence: SpacySpan,
    subjects: list[Found],
    objects: list[Found],
    chosen: list[Found],
) -> dict[str, list[Found]] | None:
    """Parallel clauses with the verb left out ("Zuid-Afrika levert 70 procent van het platina,
    Rusland 40 procent van het palladium"): each subject with the objects of its own clause.
    None when the sentence has no such clauses."""
    if not chosen or not objects:
        return None
    chosen_keys = {c.key for c in chosen}
    first_object = min(o.start for o in objects)
    heads = []
    for candidate in sorted(subjects, key=lambda c: c.start):
        if candidate.key in chosen_keys or candidate.start < first_object:
            continue
        i = candidate.start - 1
        while i > sentence.start and doc[i].lower_ in DETERMINERS | {"terwijl", "while"}:
            i -= 1
        if doc[i].lower_ in {"en", "and"} and i > sentence.start:
            i -= 1  # "..., Rusland 40 procent van het palladium en Zimbabwe 8 procent"
            if doc[i].text not in {",", ";"} and doc[i].ent_type_:
                continue  # "China en Japan": an enumeration of subjects
            heads.append(candidate)
        elif doc[i].text in {",", ";"}:
            heads.append(candidate)
    if not heads:
        return None
    bounds = [*(h.start for h in heads), sentence.end]
    if all(
        not [o for o in objects if h.end <= o.start]
        and (
            not AMOUNT_OF_GOODS.search(doc[h.end : sentence.end].text)
            or any(t.is_alpha and t.lower_ not in GAP_WORDS for t in doc[h.end : sentence.end])
        )
        for h in heads
    ):
        return None  # no object, nor only a quantity, after any of them: not parallel clauses
    out: dict[str, list[Found]] = {}
    opening = [o for o in objects if o.start < bounds[0]]
    if not opening:
        return None
    for c in chosen:
        out[c.key] = opening
    for head, end in zip(heads, bounds[1:], strict=True):
        own = [o for o in objects if head.end <= o.start < end]
        segment = doc[head.end : end]
        if (
            not own
            and AMOUNT_OF_GOODS.search(segment.text)
            and all(not t.is_alpha or t.lower_ in GAP_WORDS for t in segment)
        ):  # "Chili levert 25 procent van het lithium, Australië 45 procent"
            own = opening
        if not own:  # "tungsten in cutting tools": a clause of its own with no object we know
            out[head.key] = []
            continue
        # a gapped clause has no verb: only a quantity stands between subject and object, or
        # the preposition the verb took and a short phrase ("platinum in catalysts for diesel
        # cars": "used" left out)
        gap = doc[head.end : own[0].start] if own[0].start > head.end else segment
        prepositional = len(gap) <= 6 and len(gap) > 0 and gap[0].lower_ in GAP_PREPOSITIONS
        if not prepositional and any(t.is_alpha and t.lower_ not in GAP_WORDS for t in gap):
            return None
        out[head.key] = own
    return out


def _planned(sentence: SpacySpan, trigger_char: int, words: list[str] | None) -> bool:
    """A trigger that names the field of a plan, project or investment ("projecten in de
    winning en verwerking van ...", "plannen voor grafietmijnen", "investments in refining")
    states no activity of anyone."""
    if not words:
        return False
    wanted = {w.lower() for w in words}
    before = [t for t in sentence if t.idx < trigger_char and not t.is_space]
    window = before[-4:]
    # "projecten in de winning en verwerking van": the second of two coordinated fields
    if len(before) >= 2 and before[-1].lower_ in {"en", "and", "of", "or", ","}:
        window = before[-6:]
    return any(t.lower_ in wanted for t in window)


def _behind_barrier(sentence: SpacySpan, trigger_char: int) -> bool:
    """Whether a word of a trade barrier stands just before the trigger ("a ban on imports",
    "an anti-dumping investigation into imports", "tariffs on imports")."""
    before = [t for t in sentence if t.idx < trigger_char and not t.is_space][-5:]
    return any(BARRIERS.match(t.lower_) for t in before)


def _own_segment(
    sentence: SpacySpan, objects: list[Found], trigger_char: int, competing: re.Pattern[str]
) -> list[Found]:
    """The objects of the trigger's own stretch when another relation's trigger shares the
    sentence ("80 procent van de winning van natuurlijk grafiet en 90 procent van de raffinage
    van grafiet"): after the trigger and before the next competitor; before the trigger only
    when no competitor precedes it."""
    base = sentence.start_char
    others = [base + m.start() for m in competing.finditer(span_text(sentence).lower())]
    others = [o for o in others if abs(o - trigger_char) > 3]
    if not others:
        return objects
    later = [o for o in others if o > trigger_char]
    earlier = [o for o in others if o < trigger_char]
    hi = later[0] if later else sentence.end_char
    lo = trigger_char if earlier else sentence.start_char
    return [o for o in objects if lo <= o.start_char < hi]


#: Words that may follow a verb that ends its clause ("... kobalt wint en ...", "raffineert,").
CLAUSE_ENDERS = {",", ".", "?", ";", ":", "en", "and", ")", "–", "—"}


def _clause_verb_span(sentence: SpacySpan, trigger_char: int) -> int | None:
    """Where the objects of a verb at the end of a Dutch subordinate clause start: after the
    subordinator, or after an earlier verb of the clause that "en" joins to it ("dat ... koper
    wint en in Kristiansand nikkel raffineert"); None when the trigger ends no such clause."""
    doc = sentence.doc
    token = _trigger_token(sentence, trigger_char)
    if token is None or token.i + 1 >= sentence.end or not token.is_alpha:
        return None
    if doc[token.i + 1].lower_ not in CLAUSE_ENDERS:
        return None
    for t in reversed(doc[sentence.start : token.i]):
        if t.text in CLAUSE_BREAKS:
            return None
        if t.lower_ in SUBORDINATORS:
            return t.idx
        after = doc[t.i + 1] if t.i + 1 < token.i else None
        if (
            after is not None
            and after.lower_ == "en"
            and t.is_alpha
            and t.is_lower
            and not t.ent_type_
            and t.lower_ not in DETERMINERS
        ):
            return after.idx  # "... wint en ...": the verb before closes its own part
    return None


#: Words that open a Dutch subordinate clause, whose verb stands at its end.
SUBORDINATORS = {"dat", "die", "waar", "omdat", "terwijl", "nadat", "waarin", "waarmee", "doordat"}


def _fronted(
    sentence: SpacySpan, found: list[Found], kinds: frozenset[str], words: list[str]
) -> list[Found]:
    """ "Voor platinagroepmetalen is de EU vrijwel volledig afhankelijk van import": the
    entity of a fronted "voor"/"for" phrase, with its enumeration."""
    doc = sentence.doc
    first = next((t for t in sentence if not t.is_space), None)
    if first is None or first.lower_ not in {w.lower() for w in words}:
        return []
    candidates = [f for f in found if f.kind in kinds]
    opening = [c for c in candidates if c.start - first.i <= 3 and c.start > first.i]
    if not opening:
        return []
    return _enumeration(doc, opening[0], candidates)


def _places_after(
    sentence: SpacySpan, anchor: Found, subjects: list[Found], trigger_char: int
) -> list[Found]:
    """The countries after "in" in the trigger's clause when a company acts before it
    ("Elkem produces silicon metal in Norway", "Umicore recycles cobalt in Belgium")."""
    if anchor.kind != "Organization":
        return []
    doc = sentence.doc
    first, end = _clause_range(sentence, trigger_char)
    places = [
        s
        for s in _after_words(doc, subjects, ["in"])
        if s.kind == "Country" and s.start_char > trigger_char and first <= s.start < end
    ]
    # "Heraeus refines them in Hanau, Germany": the country after the town
    places += [
        s
        for s in subjects
        if s.kind == "Country"
        and s.start_char > trigger_char
        and first <= _town_before(doc, s) < end
    ]
    return _unique([m for p in places[:1] for m in _enumeration(doc, p, subjects)])


#: Nouns for what a country's mines or plants turn out ("South Africa's PGM output").
OUTPUT_NOUNS = rule_words("output_nouns")


def _output_owner(doc: Doc, candidates: list[Found], trigger_char: int) -> list[Found]:
    """The country whose output the trigger's clause names after the trigger, by a possessive
    ("produce most of South Africa's PGM output")."""
    out = []
    for c in candidates:
        if c.kind != "Country" or c.start_char <= trigger_char or c.end + 1 >= len(doc):
            continue
        if doc[c.end].lower_ not in {"'s", "’s"}:
            continue
        following = [t.lower_ for t in doc[c.end + 1 : c.end + 4]]
        if any(w in OUTPUT_NOUNS for w in following):
            out.append(c)
    return out[:1]


def _there_after_verb(
    sentence: SpacySpan, index: DocIndex, history: list[list[Found]], trigger_char: int
) -> list[Found]:
    """The country "er" right after a verb of the trigger's clause points back to: the one named
    last before the trigger's clause in the sentence, else the only one of the sentence
    before ("In de DRC wordt kobalt gedolven. Glencore en CMOC winnen er kobalt.")."""
    doc = sentence.doc
    lo, hi = _clause_chars(sentence, trigger_char)
    pointer = next(
        (
            t
            for t in sentence
            if t.lower_ == "er"
            and lo <= t.idx < hi
            and t.i > sentence.start
            and doc[t.i - 1].is_lower
            and doc[t.i - 1].is_alpha
            and doc[t.i - 1].lower_ not in DETERMINERS
        ),
        None,
    )
    if pointer is None:
        return []
    here = [
        f
        for f in index.sentence_found(sentence)
        if f.kind == "Country"
        and f.end_char <= lo
        and not (f.start > 0 and doc[f.start - 1].lower_ in {"na", "after", "dan", "than"})
    ]  # "Vietnam is na China de grootste producent: Masan wint er wolfraam"
    if here:
        return here[-1:]
    before = {f.key: f for f in (history[-1] if history else []) if f.kind == "Country"}
    return list(before.values()) if len(before) == 1 else []


def _pointed_place(
    sentence: SpacySpan, index: DocIndex, segment_start: int, trigger_char: int
) -> list[Found]:
    """The country that "er"/"daar"/"there" before the trigger points back to: the last one
    named in an earlier part of the sentence."""
    if not any(
        t.lower_ in {"er", "daar", "there"} and segment_start <= t.idx < trigger_char
        for t in sentence
    ):
        return []
    places = [
        f
        for f in index.sentence_found(sentence)
        if f.kind == "Country" and f.end_char <= segment_start
    ]
    return places[-1:]


def _series_heading(doc: Doc, sentence: SpacySpan, heading: str) -> bool:
    """Whether the heading names a body's series, on its first line or with the line after it
    ("European Parliament" then "Press Room"; "JRC TECHNICAL REPORT")."""
    if SERIES.match(heading.split("\n", 1)[0]):
        return True
    following = doc_text(doc)[sentence.end_char : sentence.end_char + 80].strip().split("\n")[0]
    return len(heading.split()) <= 4 and bool(SERIES.match(f"{heading} {following}"))


def _via_places(doc: Doc, candidates: list[Found], words: list[str]) -> list[Found]:
    """The countries after "via/through <a noun or two> in" ("via handelaren in België",
    "through traders in Belgium")."""
    out = []
    for c in candidates:
        if c.kind != "Country" or c.start < 3 or doc[c.start - 1].lower_ not in {"in", "uit"}:
            continue
        i = c.start - 2
        nouns = 0
        while i >= 0 and nouns < 2 and doc[i].is_alpha and doc[i].is_lower:
            if doc[i].lower_ in words:
                break
            i -= 1
            nouns += 1
        if nouns and i >= 0 and doc[i].lower_ in words:
            out.append(c)
    return out


def _gapped_suppliers(doc: Doc, candidates: list[Found], receiver: Found) -> list[Found]:
    """The parties of gapped conjuncts after the receiver, each with its own share ("..., Türkiye
    98 % of its boron and South Africa 71 % of its platinum"): they supply it too."""
    out = []
    for c in candidates:
        if c.start <= receiver.end or c.key == receiver.key:
            continue
        before = doc[c.start - 1].lower_ if c.start > 0 else ""
        following = doc_text(doc)[c.end_char : c.end_char + 30]
        if before in {",", "and", "en"} and AMOUNT_OF_GOODS.match(following.lstrip()):
            out.append(c)
    return out


def _possesses_trigger(doc: Doc, found: Found, trigger_char: int) -> bool:
    """Whether ``found`` is the possessor of the noun phrase the trigger heads ("Europe's main
    supplier")."""
    return (
        found.end < len(doc)
        and doc[found.end].lower_ in {"'s", "’s"}
        and found.end_char < trigger_char
        and len(doc.char_span(found.end_char, trigger_char, alignment_mode="expand") or ()) <= 4
    )


def _supplied_party(
    doc: Doc,
    sentence: SpacySpan,
    candidates: list[Found],
    trigger_char: int,
    options: dict[str, Any],
) -> Found | None:
    """The party a supplier supplies when the trigger names it by a possessive or "van"/"of"
    ("the EU's largest supplier", "de grootste leverancier van Nederland"); None otherwise."""
    if _trigger_word(sentence, trigger_char) not in options["object_is_trigger_subject"]:
        return None
    trigger = next((t for t in sentence if t.idx == trigger_char), None)
    if trigger is None:
        return None
    for c in candidates:
        if c.kind == "Material" or c.text in doc.user_data.get("country_adjectives", ()):
            continue
        owner = c.end < len(doc) and doc[c.end].lower_ in {"'s", "’s"}
        if owner and 0 < trigger.i - c.end <= 3:
            return c
        after_van = c.start > trigger.i and _index_before(doc, c.start) == trigger.i + 1
        if after_van and doc[trigger.i + 1].lower_ in {"van", "of"}:
            return c
    return None


#: Adverbs between "and" and a second verb of the same subject ("and now processes").
CONJOINED_ADVERBS = rule_words("conjoined_adverbs")


def _conjoined_subject(sentence: SpacySpan, candidates: list[Found], lo: int) -> list[Found]:
    """The subject that opens the sentence, for a clause that opens with "and"/"en" and a verb
    of its own and names no party ("China is the largest producer, ..., and refines most of
    the world's antimony"); none otherwise."""
    doc = sentence.doc
    i = next((t.i for t in sentence if t.idx >= lo and not t.is_space), None)
    if i is None or doc[i].lower_ not in {"and", "en"}:
        return []
    i += 1
    while i < sentence.end and doc[i].lower_ in CONJOINED_ADVERBS:
        i += 1
    if i >= sentence.end or not doc[i].is_lower or doc[i].lower_ in DETERMINERS:
        return []
    first = _first_word(sentence)
    opening = [c for c in candidates if c.start <= first + 1 and c.kind != "Material"]
    return opening[:1]


def _first_word(sentence: SpacySpan) -> int:
    """The index of the sentence's first token that is not whitespace."""
    return next((t.i for t in sentence if not t.is_space), sentence.start)


def _text_start(sentence: SpacySpan) -> int:
    """The character where the sentence's text starts, leading whitespace skipped."""
    text = span_text(sentence)
    return sentence.start_char + len(text) - len(text.lstrip())


def _site_owners(
    doc: Doc, sentence: SpacySpan, candidates: list[Found], trigger_char: int
) -> list[Found]:
    """The companies after "van"/"of" behind a word for a site ("fabriek", "mine", "smelter"),
    after the trigger in its part of the sentence ("in de Amur-gasfabriek van Gazprom")."""
    lo, hi = _segment_range(sentence, trigger_char)
    owners = []
    for c in candidates:
        if c.kind != "Organization" or not trigger_char < c.start_char < hi or c.start_char < lo:
            continue
        i = _index_before(doc, c.start)
        site = doc[i - 1].lower_ if i >= 1 else ""
        if doc[i].lower_ in {"van", "of"} and site.endswith(SITES):
            owners.append(c)
    return owners[:1]


#: Words that end the job before a speaker's name ("inkoopdirecteur", "CEO", "woordvoerder").
JOB_WORDS = tuple(ROLE_WORDS | {"ceo", "cfo", "topman", "topvrouw", "eigenaar", "owner"})

#: Verbs by which a party holds partnerships ("De EU heeft ... partnerschappen").
HOLDING_VERBS = rule_words("holding_verbs")

#: Verbs of concluding an agreement (see `_agreement_parties`).
CONCLUDING_VERBS = rule_words("concluding_verbs")

#: Verbs by which a party ranks after the one named before ("Indonesië volgt op afstand").
FOLLOWS = rule_words("follows")

#: First-person words of a speaker's own body ("Wij kopen ...", "We buy ...").
FIRST_PERSON = rule_words("first_person")


def _first_person_before(sentence: SpacySpan, trigger_char: int) -> bool:
    """Whether a first-person word stands before the trigger in its part of the sentence."""
    lo, _ = _segment_range(sentence, trigger_char)
    return any(t.lower_ in FIRST_PERSON and lo <= t.idx < trigger_char for t in sentence)


def _visited_body(sentence: SpacySpan, index: DocIndex) -> list[Found]:
    """The body a news text visits in the sentence before a quote ("Bij TKF in Haaksbergen
    zijn de zorgen groter.", "At Umicore, ..."): whom the quote's "wij" speaks for."""
    doc = sentence.doc
    if sentence.start == 0:
        return []
    previous = doc[sentence.start - 1].sent
    words = [t for t in previous if not t.is_space and not t.is_punct]
    if not words or words[0].lower_ not in {"bij", "at"}:
        return []
    bodies = [f for f in index.sentence_found(previous) if f.kind == "Organization"]
    return [b for b in bodies if b.start == words[1].i][:1] if len(words) > 1 else []


def _bodies_after_words(doc: Doc, candidates: list[Found], words: list[str]) -> list[Found]:
    """The bodies after one of ``words`` and a phrase saying what they are ("from the Russian
    producer VSMPO-AVISMA", "bij industriële gasbedrijven als Linde")."""
    wanted = {w.lower() for w in words}
    out = []
    for c in candidates:
        if c.kind != "Organization":
            continue
        i = c.start - 1
        if i >= 0 and doc[i].lower_ in {"als", "zoals", "like", "such as"}:
            i -= 1  # "gasbedrijven als Linde"
        described = 0
        while (
            i >= 0
            and described < 4
            and (
                doc[i].lower_ in DESCRIPTORS
                or doc[i].lower_.endswith(DESCRIPTOR_HEADS)
                or doc[i].text in doc.user_data.get("country_adjectives", ())
                or (doc[i].is_lower and doc[i].is_alpha and doc[i].lower_ not in wanted)
            )
        ):
            i, described = i - 1, described + 1
        while i >= 0 and doc[i].lower_ in DETERMINERS:
            i -= 1
        if described and i >= 0 and doc[i].lower_ in wanted:
            out.append(c)
    return out


def _right_after_verb(doc: Doc, verb: int, party: Found) -> bool:
    """Whether ``party`` comes right after the verb at ``verb``, or after a determiner and a
    word for its kind ("delft het staatsbedrijf OCP", "mines the state company X")."""
    i = verb + 1
    if i < party.start and doc[i].lower_ in DETERMINERS:
        i += 1
    while i < party.start and (
        doc[i].lower_ in DESCRIPTORS or doc[i].lower_.endswith(DESCRIPTOR_HEADS)
    ):
        i += 1
    return i == party.start


def _located(doc: Doc, place: Found, candidates: list[Found]) -> bool:
    """Whether ``place`` is a country after "in" right behind another candidate of another
    kind ("de medische beeldvorming in Nederland", "companies in Japan"): it says where that
    party is, and is no party itself."""
    i = _index_before(doc, place.start)
    return (
        place.kind == "Country"
        and i >= 0
        and doc[i].lower_ == "in"
        and any(c.end == i and c.kind != "Country" for c in candidates)
    )


def _town_adjective(doc: Doc, country: Found) -> bool:
    """Whether ``country`` is the adjective of a town after "in"/"at" ("in het Belgische Olen",
    "at the Irish Aughinish"): the country is the place, as "in Olen, Belgium" would say."""
    i = _index_before(doc, country.start)
    return (
        i >= 0
        and doc[i].lower_ in {"in", "at"}
        and country.end < len(doc)
        and doc[country.end].text[:1].isupper()
        and not doc[country.end].ent_type_
    )


def _in_apposition(doc: Doc, found: Found, candidates: list[Found]) -> bool:
    """Whether ``found`` is an adjective inside an apposition to the candidate before it
    ("Umicore, the Belgian materials group, refines"): it describes that party."""
    i = _index_before(doc, found.start)
    return (
        found.kind == "Country"
        and found.text[:1].isupper()
        and i >= 1
        and i < found.start - 1  # a determiner stood between: "the Belgian"
        and doc[i].text == ","
        and any(c.end == i for c in candidates)
        and found.end < len(doc)
        and doc[found.end].is_lower
    )


def _town_before(doc: Doc, country: Found) -> int:
    """The token of "in"/"at" before a town that ``country`` follows after a comma ("in Hanau,
    Germany"), or -1: the country is the place of what happens in the town's clause."""
    i = country.start
    if (
        i >= 3
        and doc[i - 1].text == ","
        and doc[i - 2].text[:1].isupper()
        and not doc[i - 2].ent_type_
        and doc[i - 3].lower_ in {"in", "at"}
    ):
        return i - 3
    return -1


#: Pronouns that open a relative clause about the name before their comma.
RELATIVE_OPENERS = {"dat", "die", "which", "who"}


def _relative_antecedent(sentence: SpacySpan, candidates: list[Found], lo: int) -> list[Found]:
    """The candidate that a relative clause opening at character ``lo`` is about ("Umicore,
    dat ...", "Glencore, which ..."): the name right before its comma."""
    doc = sentence.doc
    i = next((t.i for t in sentence if t.idx >= lo and not t.is_space), None)
    if i is not None and doc[i].lower_ not in RELATIVE_OPENERS:
        # "Harjavalta, dat er kobalt, nikkel en lithium uit terugwint": the commas of an
        # enumeration inside the relative clause open no clause of their own
        i = next(
            (
                t.i
                for t in reversed(doc[max(sentence.start, i - 12) : i])
                if t.lower_ in RELATIVE_OPENERS and t.i > 0 and doc[t.i - 1].text == ","
            ),
            None,
        )
    if i is None or doc[i].lower_ not in RELATIVE_OPENERS:
        return []
    comma = _index_before(doc, i, spaces=True)
    if comma < 0 or doc[comma].text != ",":
        return []
    end = comma
    if doc[comma - 1].text == ")":
        # "Eurasian Resources Group (ERG), which produces": the name before the brackets
        opening = next(
            (t.i for t in reversed(doc[max(0, comma - 6) : comma]) if t.text == "("), None
        )
        end = opening if opening is not None else comma
    named = [c for c in candidates if c.end == end and c.kind == "Organization"][:1]
    if named:
        return named
    # "naar Fortum in het Finse Harjavalta, dat er kobalt uit terugwint": the body in the town
    for country in candidates:
        if country.kind != "Country" or not _town_adjective(doc, country):
            continue
        if not all(t.text[:1].isupper() for t in doc[country.end : comma]):
            continue
        at = _index_before(doc, country.start)
        body = [c for c in candidates if c.kind == "Organization" and c.end == at]
        if body and comma > country.end:
            return [body[0], country]
    return []


def _relative_head(sentence: SpacySpan, anchor: Found, trigger_char: int) -> bool:
    """Whether the trigger stands in a relative clause ", dat/die/which ..." that opens right
    after ``anchor``: the clause is about that party alone, not its enumeration."""
    doc = sentence.doc
    first, _ = _clause_range(sentence, trigger_char)
    i = first
    while i < sentence.end and doc[i].is_space:
        i += 1
    if i >= sentence.end or doc[i].lower_ not in RELATIVE_OPENERS | {"that"}:
        return False
    j = first - 1
    while j >= sentence.start and doc[j].is_space:
        j -= 1
    if j < sentence.start or doc[j].text != "," or anchor.end != j:
        return False
    # "gallium en germanium, die essentieel zijn voor ...": a plural verb takes them all
    _, end = _clause_range(sentence, trigger_char)
    return not any(doc[k].lower_ in PLURAL_VERBS for k in range(i + 1, end))


#: Plural finite verbs: a relative clause with one is about a whole enumeration.
PLURAL_VERBS = {
    "zijn",
    "hebben",
    "worden",
    "kunnen",
    "zullen",
    "moeten",
    "waren",
    "hadden",
    "werden",
    "are",
    "have",
    "were",
}


def _relative_actor(sentence: SpacySpan, parties: list[Found], trigger_char: int) -> int | None:
    """ "het partnerschap dat de EU (en Chili) ... aangegaan": when the trigger noun is followed
    by a relative "dat"/"die"/"that" and then a party (not one marked by "met"/"with"), the
    character just after that party's enumeration, to stand for the trigger; else None."""
    doc = sentence.doc
    token = _trigger_token(sentence, trigger_char)
    if token is None or token.i + 1 >= sentence.end:
        return None
    # the relative pronoun after the trigger phrase ("het memorandum van overeenstemming dat")
    i = token.i + 1
    while (
        i < min(sentence.end, token.i + 5)
        and doc[i].lower_ not in {"dat", "die", "that", "which"}
        and (doc[i].is_space or (doc[i].is_alpha and not doc[i].ent_type_))
    ):
        i += 1
    if i >= sentence.end or doc[i].lower_ not in {"dat", "die", "that", "which"}:
        return None
    i += 1
    while i < sentence.end and (doc[i].is_space or doc[i].lower_ in DETERMINERS):
        i += 1
    first = next((p for p in parties if p.start == i), None)
    if first is None or _marked_partner(doc, first):
        return None
    group = _enumeration(doc, first, [p for p in parties if p.start >= first.start])
    return max(p.end_char for p in group)


#: Words between "voor" and the material it is for ("voor geraffineerd koper").
PURPOSE_FILLERS = DETERMINERS | {"geraffineerd", "geraffineerde", "refined", "primair", "primary"}
#: Words of a share between "voor"/"for" and its material ("voor ongeveer de helft van haar
#: koper", "for almost all of its cobalt"); numbers count too.
SHARE_WORDS = rule_words("share_words")


def _purpose_objects(
    sentence: SpacySpan,
    found: list[Found],
    kinds: frozenset[str],
    trigger_char: int,
    words: list[str],
) -> list[Found]:
    """ "voor helium is de chipsector aangewezen op import", "is voor geraffineerd koper op
    import aangewezen": the material of a "voor"/"for" phrase before the trigger, in its part of
    the sentence, with its enumeration."""
    doc = sentence.doc
    lo = _segment_range(sentence, trigger_char)[0]
    wanted = {w.lower() for w in words}
    candidates = [f for f in found if f.kind in kinds]
    for c in candidates:
        if not lo <= c.start_char < trigger_char:
            continue
        i = c.start - 1
        floor = max(sentence.start, c.start - 10)
        while i >= floor and (
            doc[i].is_space or doc[i].lower_ in PURPOSE_FILLERS | SHARE_WORDS or doc[i].like_num
        ):
            i -= 1
        if i >= floor and doc[i].lower_ in wanted:
            return _enumeration(doc, c, candidates)
    return []


def _of_kind_after(
    sentence: SpacySpan, found: list[Found], trigger_char: int, kinds: list[str]
) -> bool:
    """Whether, in the trigger's clause, "van"/"of" after the trigger is followed by an entity
    of ``kinds`` ("beperkt de uitvoer van kunstmest", "export restrictions on fertiliser")."""
    doc = sentence.doc
    _, end = _clause_range(sentence, trigger_char)
    following = sorted(
        (f for f in found if f.start_char > trigger_char and f.start < end), key=lambda f: f.start
    )
    if not following or following[0].kind not in kinds:
        return False  # "de export van gallium naar de chipsector": the material comes first
    starts = {f.start for f in found if f.kind in kinds}
    for i in range(sentence.start, end):
        if doc[i].idx <= trigger_char or doc[i].lower_ not in {"van", "of", "op", "on"}:
            continue
        j = i + 1
        while j < end and (doc[j].is_space or doc[j].lower_ in DETERMINERS):
            j += 1
        if j in starts:
            return True
    return False


#: What opens a conjunct with a party of its own: "en Rusland is de tweede producent",
#: "Umicore recovers PGMs at Hoboken, Heraeus refines them in Hanau".
OPENERS = {"en", "and", "terwijl", "while", ",", ":"}


def _with_new_subjects(
    sentence: SpacySpan, found: list[Found], rule: Rule, positions: list[int]
) -> tuple[list[int], list[int]]:
    """The first trigger of each part of the sentence, and each later trigger that follows a
    party of its own after "en"/"and" ("China neemt 70 procent van de wereldproductie voor zijn
    rekening en Rusland is de tweede producent"); with the characters where such a party's
    conjunct opens (empty when there is none)."""
    out = _first_per_segment(sentence, positions)
    doc = sentence.doc
    last = out[0] if out else None
    cuts: list[int] = []
    for position in positions:
        if last is None or position <= last or position in out:
            continue
        between = [
            f
            for f in found
            if f.kind in rule.subject and last < f.start_char and f.end_char <= position
        ]
        if between:
            # the party nearest the trigger, with its enumeration ("in Belgium, and Heraeus
            # refines": Heraeus, not the place before it)
            nearest = max(between, key=lambda f: f.start)
            first = min(_enumeration(doc, nearest, between), key=lambda f: f.start)
            if first.start <= sentence.start or doc[first.start - 1].lower_ not in OPENERS:
                first = nearest
            opener = doc[first.start - 1] if first.start > sentence.start else None
            if opener is None or opener.lower_ not in OPENERS:
                # "..., en Glencore, dat in Congo kobalt wint": the party the clause is about
                clause = doc[_clause_range(sentence, position)[0]].idx
                antecedent = _relative_antecedent(sentence, between, clause)
                opener = doc[antecedent[0].start - 1] if antecedent else None
            if opener is not None and opener.lower_ in OPENERS:
                out.append(position)
                cuts.append(opener.idx)
                last = position
        else:
            conjunction = _conjoined_verb(sentence, position)
            if conjunction is not None:
                # "China refines 90 % of the rare earths, and processes nearly all graphite":
                # a second verb of the same subject, with objects of its own
                out.append(position)
                cuts.append(conjunction)
                last = position
    return sorted(out), cuts


def _conjoined_verb(sentence: SpacySpan, trigger_char: int) -> int | None:
    """Where ", and"/", en" opens the conjunct of a verb trigger that follows it with only
    adverbs between (", and now processes"); None when the trigger opens no such conjunct."""
    doc = sentence.doc
    token = _trigger_token(sentence, trigger_char)
    if token is None or not token.is_lower:
        return None
    i = token.i - 1
    while i > sentence.start and doc[i].lower_ in CONJOINED_ADVERBS:
        i -= 1
    if i - 1 < sentence.start or doc[i].lower_ not in {"and", "en"} or doc[i - 1].text != ",":
        return None
    return int(doc[i].idx)


def _in_part(found: list[Found], rule: Rule, trigger_char: int, cuts: list[int]) -> list[Found]:
    """The entities of the conjunct holding the trigger (between the ``cuts``); a later
    conjunct that names no object of its own ("en Rusland is de tweede producent") shares
    those of the conjunct before it."""
    bounds = [-1, *sorted(cuts), 1 << 62]
    k = bisect_right(bounds, trigger_char) - 1
    lo, hi = bounds[k], bounds[k + 1]
    inside = [f for f in found if lo <= f.start_char < hi]
    if k > 0 and not any(f.kind in rule.object for f in inside):
        before = [f for f in found if bounds[k - 1] <= f.start_char < lo]
        inside += [f for f in before if f.kind in rule.object]
    if k > 0 and not any(f.kind in rule.subject for f in inside) and not rule.subject & rule.object:
        # ", and processes nearly all graphite": a conjoined verb keeps the subject before
        inside = [f for f in found if f.start_char < lo and f.kind in rule.subject] + inside
    return inside


#: Words that follow a pronoun subject in a comparison ("zoals het eerder ... heeft gedaan").
PRONOUN_FOLLOWERS = {
    "al",
    "eerder",
    "ook",
    "reeds",
    "nu",
    "met",
    "heeft",
    "doet",
    "deed",
    "already",
    "earlier",
    "did",
    "does",
    "has",
    "had",
    "with",
}

#: Verbs that stand for the verb of the main clause in a comparison ("zoals Japan al doet").
PRO_VERBS = {"doet", "deed", "deden", "doen", "gedaan", "does", "did", "done"}


def _comparison_clause(sentence: SpacySpan) -> tuple[int, int] | None:
    """The tokens (doc indices, end exclusive) of a clause "zoals X (al) ... doet/heeft
    gedaan" in the sentence, or None."""
    doc = sentence.doc
    for token in sentence:
        if token.lower_ not in {"zoals", "as", "like"}:
            continue
        end = token.i + 1
        while end < sentence.end and doc[end].text not in {",", "?", ".", ";", ")", "!"}:
            end += 1
        if end - token.i <= 12 and any(doc[k].lower_ in PRO_VERBS for k in range(token.i + 1, end)):
            return token.i, end
    return None


def _part_spans(sentence: SpacySpan, lowered: str) -> list[tuple[str, int]]:
    """The parts of the sentence (see :func:`_segment_range`): their lowercased text and their
    offset in the sentence."""
    out = []
    char = sentence.start_char
    while char < sentence.end_char:
        lo, hi = _segment_range(sentence, char)
        out.append(
            (lowered[lo - sentence.start_char : hi - sentence.start_char], lo - sentence.start_char)
        )
        if hi <= char:
            break
        char = hi
    return out


def _first_per_segment(sentence: SpacySpan, positions: list[int]) -> list[int]:
    """The first trigger of each part of the sentence (see :func:`_segment_range`)."""
    out: list[int] = []
    seen: set[int] = set()
    for position in positions:
        lo = _segment_range(sentence, position)[0]
        if lo not in seen:
            seen.add(lo)
            out.append(position)
    return out


def _particle_after(sentence: SpacySpan, trigger_char: int, particles: list[str] | None) -> bool:
    """Whether a separable particle in the trigger's clause changes the verb ("Umicore wint
    ... goud en koper terug": recovers, does not mine)."""
    if not particles:
        return False
    table = tokens_of(sentence.doc)
    wanted = {p.lower() for p in particles}
    for i in range(sentence.start, sentence.end):
        if table.idx[i] <= trigger_char:
            continue
        if table.text[i] in {";", ":", "."}:
            return False
        if table.lower[i] in wanted:
            return True
    return False


#: Words that open a clause of their own: never a noun in apposition inside an enumeration.
CLAUSE_OPENERS = {"waar", "where", "waarin", "wherein", "waarvan", "whose", "waarop", "waaruit"}

#: Words that open a relative clause of place ("Marokko, waar OCP fosfaaterts delft").
PLACE_RELATIVES = {"waar", "where", "waarin", "wherein"}


def _place_antecedents(sentence: SpacySpan, found: list[Found], trigger_char: int) -> list[Found]:
    """The countries a clause of place "..., waar ..." holding the trigger is about: those
    that end just before its comma (a verb may stand between: "naar België en Zweden
    uitgevoerd, waar ..."), with their enumeration."""
    doc = sentence.doc
    first, _ = _clause_range(sentence, trigger_char)
    table = tokens_of(doc)
    i = first
    while i < sentence.end and table.is_space[i]:
        i += 1
    if i >= sentence.end or table.lower[i] not in PLACE_RELATIVES:
        return []
    j = first - 1
    while j >= sentence.start and table.is_space[j]:
        j -= 1
    if j < sentence.start or table.text[j] != ",":
        return []
    countries = [f for f in found if f.kind == "Country" and f.end <= j]
    if not countries:
        return []
    last = max(countries, key=lambda c: c.end)
    between = [t for t in doc[last.end : j] if not t.is_space]
    if len(between) > 2 or any(not (t.is_alpha and t.is_lower) for t in between):
        return []
    if last.text in doc.user_data.get("country_adjectives", ()):
        return []  # "de Congolese mijnen, waar ...": a nationality, not the place
    return _enumeration(doc, last, countries)


def _triggers_before_sources(
    sentence: SpacySpan, positions: list[int], words: list[str]
) -> list[int]:
    """Of the triggers, the one in the clause of each source marker ("uit", "from"; Dutch puts
    the verb last: "die het uit Qatar betrekken"), else the nearest before it; the first
    trigger when no marker has one."""
    markers = [t.idx for t in sentence if t.lower_ in {w.lower() for w in words}]
    # "uit"/"from" name a source for sure; "bij" ("kopen bij Linde") only when no other does
    sure = [m for m in markers if doc_text(sentence.doc)[m : m + 4].lower() != "bij "]
    markers = sure or markers
    chosen: set[int] = set()
    for marker in markers:
        lo, hi = _clause_chars(sentence, marker)
        same = [p for p in positions if lo <= p < hi]
        earlier = [p for p in positions if p < marker]
        if same or earlier:
            chosen.add(same[0] if same else earlier[-1])
    return sorted(chosen) or positions[:1]


def _named_word(sentence: SpacySpan, trigger_char: int) -> str:
    """The trigger's word after a determiner or demonstrative ("de controles": "controles")."""
    word = _trigger_word(sentence, trigger_char)
    if word in DETERMINERS | {"deze", "die", "these"}:
        return _trigger_word(sentence, trigger_char + len(word) + 1)
    return word


#: Words that may stand between a light verb and the material it makes ("makes 98 % of the
#: world's primary gallium"): amounts and a few adjectives, nothing that is a party or a verb.
MADE_AMOUNT_WORDS = rule_words("made_amount_words")


def _material_next(sentence: SpacySpan, trigger_char: int, materials: list[Found]) -> bool:
    """Whether a material follows the trigger with only amounts and adjectives of amount
    between ("makes primary magnesium", "maakt 60 % van het gallium"), so that a light verb
    with another object ("makes it harder", "maakt magneten") states nothing."""
    doc = sentence.doc
    token = next((t for t in sentence if t.idx >= trigger_char), None)
    if token is None:
        return False
    starts = {m.start_char for m in materials}
    for t in doc[token.i + 1 : sentence.end]:
        if t.idx in starts:
            return True
        if not (t.like_num or t.lower_ in MADE_AMOUNT_WORDS):
            return False
    return False


#: Adverbs of degree inside a trigger phrase ("depends almost entirely on").
TRIGGER_ADVERBS = rule_words("trigger_adverbs")


def _material_chain(doc: Doc, materials: list[Found], start: int, floor: int) -> list[Found]:
    """The materials right before token ``start``, and those hyphens join to them
    ("neodymium-iron-boron magnets"), not before token ``floor``."""
    chain: list[Found] = []
    before = [m for m in materials if m.end == start]
    while before:
        chain += before
        joint = before[0].start - 1
        before = [
            m for m in materials if joint > floor and doc[joint].text == "-" and m.end == joint
        ]
    return chain


def _product_parts(doc: Doc, found: list[Found]) -> list[Found]:
    """The materials that name what a product right after them is made of ("rare-earth
    magnets", "neodymium-iron-boron magnets", "lithium batteries")."""
    materials = [f for f in found if f.kind == "Material"]
    products = {f.start for f in found if f.kind == "Sector"}
    return _unique([m for p in products for m in _material_chain(doc, materials, p, -1)])


#: Words for a body owned by another ("a Lynas subsidiary", "een Umicore-dochter").
SUBSIDIARY_WORDS = rule_words("subsidiary_words")
FINANCING_VERBS = rule_words("financing_verbs")
EVENT_FRAMES = rule_words("event_frames")
BUDGET_HOLDERS = tuple(sorted(rule_words("financing_not_by")))
BUYER_WORDS = _alternation(sorted(rule_words("buyer_words")))
#: Words of a barrier to trade: imports banned, taxed or cut are no imports.
BARRIERS = _alternation(sorted(rule_words("trade_barriers")))

#: Auxiliaries of the passive before a participle ("has been produced", "is mined").
PASSIVE_AUXILIARIES = {"is", "are", "was", "were", "be", "been", "being"}


def _passive(sentence: SpacySpan, trigger_char: int, participles: list[str]) -> bool:
    """Whether the trigger is one of ``participles`` after an auxiliary of the passive (adverbs
    of degree between: "is produced mainly", "was mostly mined")."""
    token = _trigger_token(sentence, trigger_char)
    if token is None or token.lower_ not in participles:
        return False
    if token.i + 1 < sentence.end and sentence.doc[token.i + 1].lower_ == "by":
        return False  # "is mined by Nornickel": the agent is named
    before = token.i - 1
    while before > sentence.start and sentence.doc[before].lower_ in TRIGGER_ADVERBS:
        before -= 1
    return before >= sentence.start and sentence.doc[before].lower_ in PASSIVE_AUXILIARIES


def _infinitive(sentence: SpacySpan, trigger_char: int) -> bool:
    """Whether the trigger is a Dutch infinitive after "te" ("om lithium te winnen")."""
    token = _trigger_token(sentence, trigger_char)
    return token is not None and token.i > 0 and sentence.doc[token.i - 1].lower_ == "te"


def _trigger_word(sentence: SpacySpan, trigger_char: int) -> str:
    """The (lowercased) word the trigger at ``trigger_char`` starts."""
    token = _trigger_token(sentence, trigger_char)
    return token.lower_ if token is not None else ""


def _holder_after_noun(
    sentence: SpacySpan, found: list[Found], trigger_char: int, options: dict[str, Any]
) -> Found | None:
    """The party right after a noun of ``holder_nouns`` when a second "van"/"on" follows it
    ("de afhankelijkheid van de staalindustrie van vanadium", "the dependence of the EU on
    China"): the party that depends. A country's adjective before a sector gives the sector."""
    nouns = options.get("holder_nouns")
    if not nouns:
        return None
    lowered = span_text(sentence).lower()
    at = trigger_char - sentence.start_char
    phrase = next((n for n in nouns if lowered.startswith(n, at)), None)
    if phrase is None:
        return None
    doc = sentence.doc
    end = trigger_char + len(phrase)
    parties = sorted(
        (
            f
            for f in found
            if f.kind in ("Country", "Organization", "Sector") and f.start_char >= end
        ),
        key=lambda f: f.start,
    )
    if not parties:
        return None
    holder = parties[0]
    if any(t.lower_ not in DETERMINERS for t in doc[_token_at_or_after(doc, end) : holder.start]):
        return None
    if len(parties) > 1 and parties[1].kind == "Sector" and parties[1].start == holder.end:
        holder = parties[1]  # "de Nederlandse halfgeleiderindustrie"
    following = doc[holder.end : min(holder.end + 3, sentence.end)]
    return holder if any(t.lower_ in {"van", "on", "upon"} for t in following) else None


def _token_at_or_after(doc: Doc, char: int) -> int:
    """The index of the first token that starts at or after ``char``."""
    return next((t.i for t in doc if t.idx >= char), len(doc))


def _modifying_materials(
    sentence: SpacySpan, found: list[Found], trigger_char: int, options: dict[str, Any]
) -> list[Found]:
    """The materials, with their enumeration, right before a trigger noun of
    ``modifier_object_nouns`` ("magnesium and silicon dependence on China")."""
    nouns = options.get("modifier_object_nouns")
    token = _trigger_token(sentence, trigger_char)
    if not nouns or token is None or token.lower_ not in nouns:
        return []
    materials = [f for f in found if f.kind == "Material"]
    last = next((m for m in materials if m.end == token.i), None)
    return _enumeration(sentence.doc, last, materials) if last is not None else []


def _trigger_token(sentence: SpacySpan, trigger_char: int) -> Any:
    """The token whose text holds the trigger's first character (None in whitespace)."""
    return next((t for t in sentence if t.idx <= trigger_char < t.idx + len(t.text)), None)


def _within(found: list[Found], lo: int, hi: int) -> list[Found]:
    """The candidates inside [lo, hi); if none, the sentence's only candidate, if it has one."""
    inside = [f for f in found if lo <= f.start_char < hi]
    if inside:
        return inside
    return found if len({f.key for f in found}) == 1 else []


def _topic(doc: Doc, carried: list[Found]) -> list[Found]:
    """Of the entities carried over from a sentence, the one that opens it, with its
    enumeration, when one does ("Silicon metal is used in ... aluminium alloys. Within the
    Union it is produced in France": "it" is the silicon metal); else all of them."""
    if len(carried) < 2:
        return carried
    first = min(carried, key=lambda c: c.start)
    if first.start < 0 or first.start >= len(doc):
        return carried
    sentence = doc[first.start].sent
    lead = [  # "(4) Vanadium is used ...": a recital's or item's number is no word
        t
        for t in doc[sentence.start : first.start]
        if not t.is_space and not t.is_punct and not t.like_num
    ]
    if len(lead) > 1 or (lead and lead[0].lower_ not in DETERMINERS):
        return carried
    return _enumeration(doc, first, carried)


def _planned_at(sentence: SpacySpan, token_index: int, words: list[str]) -> bool:
    doc = sentence.doc
    wanted = {w.lower() for w in words}
    window = doc[max(sentence.start, token_index - 3) : token_index]
    return any(t.lower_ in wanted for t in window)


def _carried(history: list[list[Found]], kinds: frozenset[str]) -> list[Found]:
    """The entities of ``kinds`` named most recently in the five sentences before
    (for "die metalen", "deze grondstoffen")."""
    for found in reversed(history[-5:]):
        matching = [f for f in found if f.kind in kinds]
        if matching:
            return _unique(matching)
    return []


#: Words before a pointer that make it point into a list of the same sentence ("among them
#: those with Australia"), not back to what was named before.
PARTITIVE_OPENERS = rule_words("partitive_openers")


def _points_back(token: Token, pointers: list[str]) -> bool:
    """Whether ``token`` is one of ``pointers`` that points back to an earlier sentence."""
    if token.lower_ not in pointers:
        return False
    return token.i == 0 or token.doc[token.i - 1].lower_ not in PARTITIVE_OPENERS


def _carried_parties(
    doc: Doc, history: list[list[Found]], kinds: list[str], options: dict[str, Any]
) -> list[Found]:
    """The parties carried over from the sentences before, without those named there as a
    source ("98 procent kwam uit China. Het restant komt uit Rusland": China receives nothing)
    or cited as one ("volgens de USGS")."""
    carried = _carried(history, frozenset(kinds))
    sources = _after_words(doc, carried, options.get("object_after_words", []))
    return [c for c in carried if c not in sources and not _cited_source(doc, c)]


#: "beide metalen", "both metals": a pointer back to two things.
BOTH = re.compile(r"\b(?:beide|both)\b", re.IGNORECASE)


def _carried_pair(history: list[list[Found]], kinds: frozenset[str]) -> list[Found]:
    """The last two distinct entities of ``kinds`` named in the three sentences before, or
    nothing when there are not two."""
    out: list[Found] = []
    for found in reversed(history[-3:]):
        for f in reversed(found):
            if f.kind in kinds and f.key not in {o.key for o in out}:
                out.append(f)
            if len(out) == 2:
                return out[::-1]
    return []


def _in_phrase_of(doc: Doc, heads: list[Found], candidates: list[Found]) -> list[Found]:
    """The candidates in the same noun phrase right after one of ``heads``, with at most two
    lowercase words between ("nickel pig iron": iron in the phrase of nickel)."""
    out = []
    for head in heads:
        for c in candidates:
            between = doc[head.end : c.start]
            if 0 < len(between) <= 2 and all(t.is_alpha and t.is_lower for t in between):
                out.append(c)
    return out


def _after_words(doc: Doc, candidates: list[Found], words: list[str]) -> list[Found]:
    if not words:
        return []
    wanted = {w.lower() for w in words}
    out = []
    for c in candidates:
        i = _index_before(doc, c.start)  # "uit de DRC", "from the DRC"
        if i >= 0 and doc[i].lower_ in wanted:
            out.append(c)
    return out


#: Words that may stand between "naar"/"to" and the receiving party ("naar landen als Japan",
#: "naar smelterijen in België", "to refiners in China").
DESTINATION_FILLERS = DETERMINERS | {
    "landen",
    "countries",
    "als",
    "zoals",
    "such",
    "as",
    "in",
    "like",
    "onder",
    "andere",
    "meer",
    "among",
    "others",
    ",",
}


def _destinations(doc: Doc, candidates: list[Found], words: set[str]) -> list[Found]:
    """The parties a shipment goes to: named after "naar"/"to" with at most a few words between
    ("naar smelterijen in België en Duitsland"), with the rest of their enumeration."""
    ordered = sorted(candidates, key=lambda c: c.start)
    for c in ordered:
        i, steps = c.start - 1, 0
        while i >= 0 and steps < 4 and doc[i].lower_ not in words:
            if doc[i].is_punct and doc[i].text != ",":
                break
            if doc[i].lower_ not in DESTINATION_FILLERS and not (
                (doc[i].is_alpha and doc[i].is_lower) or doc[i].is_space
            ):
                break
            i -= 1
            steps += 1
        if i >= 0 and doc[i].lower_ in words:
            return _enumeration(doc, c, ordered)
    return []


def _enumeration(doc: Doc, anchor: Found, candidates: list[Found]) -> list[Found]:
    """``anchor`` and the candidates joined to it by commas and conjunctions only."""
    # "Valterra Platinum (Anglo American Platinum until 2025), Impala Platinum": a name in
    # brackets is an aside of the item before it, not an item
    ordered = sorted(
        (c for c in candidates if c is anchor or c.start == 0 or doc[c.start - 1].text != "("),
        key=lambda c: c.start,
    )
    group = [anchor]
    index = ordered.index(anchor) if anchor in ordered else -1
    for step in (-1, 1):
        current = anchor
        position = index + step
        while 0 <= position < len(ordered):
            other = ordered[position]
            lo, hi = (other.end, current.start) if step < 0 else (current.end, other.start)
            if _opens_item(doc, current) and _opens_item(doc, other):
                group.append(other)  # "- China, with 77% of mine output;\n- Madagascar"
                current = other
                position += step
                continue
            between = doc[lo:hi]
            words = _without_brackets([t for t in between if not t.is_space])
            # "het Chinese CMOC": a nationality adjective of the next item is no separator
            words = [t for t in words if t.ent_type_ != "Country" or t.lower_ in JOINERS]
            # "Umicore in Hoboken en Boliden in Skellefteå": a place (no entity) after an item
            if (
                len(words) >= 3
                and words[0].lower_ in {"in", "uit", "at"}
                and words[1].text[:1].isupper()
                and not words[1].ent_type_
            ):
                words = words[2:]
            # "covered by the Dodd-Frank Act and by the EU Conflict Minerals Regulation": the
            # preposition repeated after the conjunction
            if (
                len(words) >= 2
                and words[0].lower_ in {"and", "en", "or", "of"}
                and words[1].lower_ in REPEATED_PREPOSITIONS
            ):
                words = [words[0], *words[2:]]
            # "TNO en het Australische onderzoeksinstituut CSIRO", "JOGMEC and the trading
            # house Sojitz": a common noun (of up to two words) in apposition right before the
            # next item does not break the enumeration
            for _ in range(2):
                if (
                    len(words) >= 2
                    and words[-1].is_lower
                    and words[-1].is_alpha
                    and words[-1].lower_ not in JOINERS
                    and words[-1].lower_ not in RELATIVE | SUBORDINATE | CLAUSE_OPENERS
                    and words[-1].i == hi - 1
                    and any(t.lower_ in {"en", "and", ","} for t in words[:-1])
                ):
                    hi = words[-1].i
                    words = words[:-1]
            # "needs manganese for its cathode and graphite for its anode": a short phrase of
            # purpose after each item of a parallel list
            if (
                2 <= len(words) <= 5
                and words[0].lower_ in {"for", "voor"}
                and words[-1].lower_ in {"and", "en", ","}
                and all(t.is_lower and t.is_alpha for t in words[1:-1])
            ):
                words = words[-1:]
            if not words or len(words) > 3 or any(t.lower_ not in JOINERS for t in words):
                break
            group.append(other)
            current = other
            position += step
    return _unique(group)


#: Prepositions an enumeration may repeat after its conjunction ("by X and by Y").
REPEATED_PREPOSITIONS = {"by", "door", "from", "uit"}


def _opens_item(doc: Doc, found: Found) -> bool:
    """Whether ``found`` opens an item of a short list ("- de DRC", "2. China"): the items'
    first entities form an enumeration whatever else an item says."""
    markers = list_markers(doc)
    if not markers:
        return False
    return _index_before(doc, found.start, spaces=True) in markers


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
            if inside > 6:
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
    unique = sorted(_unique(_without_modifiers(doc, parties)), key=lambda p: p.start)
    before = [p for p in unique if p.end_char <= trigger_char]
    after = [p for p in unique if p.start_char > trigger_char]
    if len(before) >= 2 and not after:
        # Dutch verb-final order: "(of) Nederland met Australië zou moeten samenwerken": the
        # party before "met" acts, those after it are its partners
        fronted = [p for p in _after_words(doc, before, ["met", "with"]) if p != before[0]]
        if fronted:
            partners = _enumeration(doc, fronted[0], before)
            actors = [p for p in before if p.end <= fronted[0].start and p not in partners]
            if actors and not _subordinate_between(doc, actors[-1].end, fronted[0].start_char):
                for actor in _enumeration(doc, actors[-1], actors):
                    for partner in partners:
                        if partner.key != actor.key:
                            yield actor, partner, confidence
                return
        group = _enumeration(doc, before[-1], before)
        for i, first in enumerate(group):
            for second in group[i + 1 :]:
                yield first, second, confidence
        return
    partners = [p for p in after if _marked_partner(doc, p)]
    if not before or not partners:
        return
    actor = before[-1]
    if actor.end > actor.start and _subordinate_between(doc, actor.end, trigger_char):
        return  # "X heeft aangemoedigd, waarmee derde landen ... partnerschap aan te gaan met"
    for partner in _enumeration(doc, partners[0], after):
        if partner.key != actor.key:
            yield actor, partner, confidence


def _names_origin(doc: Doc, country: Found, after_char: int, adjectives: set[str]) -> bool:
    """Whether ``country`` right after a noun of buying names an origin: an adjective or a
    possessive before what is bought ("of Congo's hydroxide", "van Guinees bauxiet")."""
    i = country.start - 1
    while i >= 0 and doc[i].idx >= after_char:
        if not doc[i].is_space and doc[i].lower_ not in DETERMINERS:
            return False
        i -= 1
    if country.end >= len(doc):
        return False
    return country.text in adjectives or doc[country.end].text in {"'s", "’s"}


def _relative_clause_after(sentence: SpacySpan, item: Found) -> tuple[int, int] | None:
    """The tokens (start, end) of a relative clause right after ``item`` ("het akkoord (CEPA)
    dat de EU en Indonesië hebben afgerond", "de regeling, die door RVO wordt uitgevoerd") or
    of a participle with its agent ("the Alliance, run by EIT InnoEnergy"), after the pronoun
    and up to the next comma or full stop; None when none follows."""
    doc = sentence.doc
    i = item.end
    if i < sentence.end and doc[i].text == "(":  # the acronym in brackets
        i = next((j + 1 for j in range(i, min(i + 6, sentence.end)) if doc[j].text == ")"), i)
    if i < sentence.end and doc[i].text == ",":
        i += 1
    if i >= sentence.end:
        return None
    # "the European Battery Alliance, run by EIT InnoEnergy": a participle with its agent
    participle = i + 1 < sentence.end and doc[i].is_alpha and doc[i + 1].lower_ in {"by", "door"}
    if doc[i].lower_ not in RELATIVE and not participle:
        return None
    end = next(
        (j for j in range(i + 1, sentence.end) if doc[j].text in {",", ".", ";", ")", "?"}),
        sentence.end,
    )
    return (i, end) if participle else (i + 1, end)


def _object_right_after(doc: Doc, verb: int, bodies: list[Found]) -> Found | None:
    """The body a verb takes right after it ("financed Australia's Lynas Rare Earths"): only a
    determiner or a country's possessive may stand between."""
    for body in bodies:
        if body.kind != "Organization" or body.start <= verb:
            continue
        between = doc[verb + 1 : body.start]
        if all(
            t.lower_ in DETERMINERS or t.text in {"'s", "’s"} or t.ent_type_ == "Country"
            for t in between
        ):
            return body
    return None


def _acting_bodies(doc: Doc, verb: int, bodies: list[Found], first: int) -> list[Found]:
    """The bodies named as the subject of a verb: the enumeration nearest before it, or, when
    that follows "of"/"van" in an apposition ("JARE, the joint venture of Sojitz and JOGMEC,
    has financed"), the name before the apposition."""
    before = [b for b in bodies if b.end <= verb]
    if not before:
        return []
    if any(t.text in {".", ";", ":"} for t in doc[before[-1].end : verb]):
        return []
    group = _enumeration(doc, before[-1], before)
    opener = min(g.start for g in group) - 1
    if opener >= first and doc[opener].lower_ in {"of", "van"}:
        comma = next((i for i in range(opener, first - 1, -1) if doc[i].text == ","), None)
        named = [b for b in before if comma is not None and b.end <= comma]
        return _enumeration(doc, named[-1], named) if named else []
    return group


SUBORDINATE = {
    "waarmee",
    "waarbij",
    "waarin",
    "waardoor",
    "waarvan",
    "whereby",
    "wherein",
    "which",
    "die",
    "dat",
    "who",
    "om",
}


def _subordinate_between(doc: Doc, start: int, trigger_char: int) -> bool:
    """Whether a clause of its own ("..., waarmee derde landen ...") opens between the token
    ``start`` and the trigger: a party before it is not the trigger's actor."""
    i = start
    while i < len(doc) - 1 and doc[i].idx < trigger_char:
        if (
            doc[i].text == ","
            and doc[i + 1].lower_ in SUBORDINATE
            and doc[i + 1].idx < trigger_char
        ):
            return True
        i += 1
    return False


#: Words between "met"/"with" and the first partner ("with, among others, Canada", "met onder
#: meer Chili", "with inter alia Norway").
#: Words that say what kind of body a name is ("cell maker Voltacell", "mijnbouwer Glencore"),
#: and the heads of Dutch compounds that do ("staatsbedrijf", "metaalproducent").
DESCRIPTORS = frozenset(patterns()["names"]["organization_descriptors"])
DESCRIPTOR_HEADS = tuple(patterns()["names"]["organization_descriptor_heads"])
#: Words for the sites where material is won or made ("mijn", "gasfabriek", "smelter").
SITES = tuple(patterns()["names"]["organization_sites"])

PARTNER_FILLERS = {
    ",",
    "among",
    "others",
    "other",
    "onder",
    "meer",
    "andere",
    "anderen",
    "inter",
    "alia",
    "o.a.",
    "namely",
    "name",
    "de",
    "het",
    "the",
    "a",
    "an",
    "een",
    "ook",
    "also",
    "both",
    "zowel",
    ":",
}


def _marked_partner(doc: Doc, party: Found, lenient: bool = False) -> bool:
    """Whether a partner marker ("met", "with", "zoals") opens the phrase naming ``party``;
    ``lenient`` lets a short common-noun phrase stand between ("samen met de andere ministeries
    (Economische Zaken, ...)")."""
    i = party.start - 1
    steps = 0
    while i >= 0 and steps < 5:
        word = doc[i].lower_
        if word in PARTNER_MARKERS:
            return True
        if i == party.start - 1 and (
            doc[i].text in doc.user_data.get("country_adjectives", ())
            or doc[i].lower_.endswith("-based")
        ):
            i -= 1  # "with U.S.-based Cove Kaz Capital Group": where the partner sits
            continue
        if i == party.start - 1 and word in DESCRIPTORS:
            # "with Polish cell maker Voltacell": what the partner is, and where it sits
            i -= 1
            while i >= 0 and steps < 3 and doc[i].is_lower and doc[i].is_alpha:
                if doc[i].lower_ in PARTNER_MARKERS:
                    return True
                i, steps = i - 1, steps + 1
            if i >= 0 and doc[i].text in doc.user_data.get("country_adjectives", ()):
                i -= 1
            continue
        common = lenient and (word == "(" or (doc[i].is_alpha and doc[i].is_lower))
        if word not in PARTNER_FILLERS and not doc[i].is_space and not common:
            return False
        i -= 1
        steps += 1
    return False


STATE_WORDS = re.compile(
    r"\b(?:ministerie|ministry|minister|regering|government|douane|customs|staatsraad|"
    r"state council|overheid|autoriteiten|authorities)\b",
    re.IGNORECASE,
)


def _state_words(text: str) -> bool:
    return STATE_WORDS.search(text) is not None


def _state_bodies(lexicon: Lexicon) -> dict[str, str]:
    """Organizations of the vocabulary that are organs of one state: a ministry or government
    whose name carries the state's adjective or name ("Chinese ministerie van Handel")."""
    adjectives: dict[str, set[str]] = {}
    for entry in lexicon.entries.values():
        if entry.kind == "Country":
            for text in entry.forms("adjective", "pref"):
                adjectives.setdefault(text.lower(), set()).add(entry.key)
    out: dict[str, str] = {}
    for entry in lexicon.entries.values():
        if entry.kind != "Organization":
            continue
        names = entry.forms("pref", "alt")
        states: set[str] = set()
        for name in names:
            if not _state_words(name):
                continue
            for word in re.findall(r"[\w'-]+", name):
                states |= adjectives.get(word.lower().removesuffix("'s"), set())
        if len(states) == 1:
            out[entry.key] = states.pop()
    return out


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
    text = span_text(sentence)
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


def _coordinator_not_participant(relations: list[RelationRecord]) -> list[RelationRecord]:
    """A body that coordinates a policy in a sentence does not also take part in it there
    ("X coördineert het programma en werkt daarin samen met ...")."""
    leads = {
        (r.subject, r.object, r.evidence.start) for r in relations if r.predicate == "coordinates"
    }
    return [
        r
        for r in relations
        if not (
            r.predicate == "participatesIn" and (r.subject, r.object, r.evidence.start) in leads
        )
    ]


def _deduplicate(relations: list[RelationRecord]) -> list[RelationRecord]:
    """One record per fact and sentence; the most confident rule's."""
    best: dict[tuple[str, str, str, int], RelationRecord] = {}
    for relation in relations:
        key = (*relation.triple, relation.evidence.start)
        if key not in best or relation.confidence > best[key].confidence:
            best[key] = relation
    return list(best.values())
