"""Cleaning extracted text into prose a sentence splitter can read, with an exact way back.

Why: text taken out of PDFs and web pages carries layout, not language: words hyphenated at line
ends, hard-wrapped lines, page numbers, footnote markers, Markdown and HTML remnants, typographic
quotes and odd spaces. The extractor's sentence splitter treats every line break as a sentence end,
so the clean text keeps line breaks only between paragraphs, list items and headings.

Every step rewrites ``(text, offsets)`` together, where ``offsets[i]`` is the index in the *raw*
text of the character that clean character ``i`` came from. A character the cleaner puts in (the
space that replaces a line break, the paragraph break after a footnote) points at a raw character
it replaces, so evidence found in the clean text can always be shown in the source
(:meth:`OffsetMap.raw_span`). Offsets never decrease, and they only repeat where one raw character
becomes several clean ones (a ligature such as "fi").
"""

from __future__ import annotations

import html
import itertools
import re
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

__all__ = ["OffsetMap", "clean"]


@dataclass(frozen=True)
class OffsetMap:
    """Clean-text index -> raw-text index, one entry per clean character.

    ``raw_length`` is the length of the raw text: the raw position that the end of the clean text
    maps to when a span is empty and sits at the very end.
    """

    indices: array[int]
    raw_length: int

    def __len__(self) -> int:
        return len(self.indices)

    def raw_index(self, clean_index: int) -> int:
        """The raw index of clean character ``clean_index`` (``len(self)`` maps to the end)."""
        if clean_index == len(self.indices):
            return self.raw_length
        if not 0 <= clean_index < len(self.indices):
            raise IndexError(f"clean index {clean_index} outside 0..{len(self.indices)}")
        return self.indices[clean_index]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The raw span ``[raw_start, raw_end)`` that clean span ``[start, end)`` came from.

        The raw span runs from the first clean character's source to just past the last one's,
        so it also covers whatever the cleaner dropped in between (a hyphen and line break, a
        footnote marker).
        """
        if not 0 <= start <= end <= len(self.indices):
            raise IndexError(f"clean span {start}..{end} outside 0..{len(self.indices)}")
        if start == end:
            position = self.raw_index(start)
            return position, position
        return self.indices[start], self.indices[end - 1] + 1

    def shifted(self, delta: int, raw_length: int) -> OffsetMap:
        """The same map for a raw text in which this one's raw text starts at ``delta``."""
        return OffsetMap(array("i", (i + delta for i in self.indices)), raw_length)


def clean(raw: str, *, hard_wrapped: bool = True) -> tuple[str, OffsetMap]:
    """The clean text of ``raw`` and the map from clean to raw indices (see the module doc).

    ``hard_wrapped=False`` is for text whose line breaks are all meant (from HTML or DOCX): they
    are kept as they are instead of being read as wrapped lines and hyphenated words.
    """
    state = (raw, array("i", range(len(raw))))
    for step in _STEPS:
        if step is _join_lines and not hard_wrapped:
            continue
        state = step(*state)
    text, indices = state
    return text, OffsetMap(indices, len(raw))


# --- the rewriting machinery ---------------------------------------------------------------------

#: A piece of replacement text and the index (in the text being rewritten) it points back to.
Piece = tuple[str, int]
State = tuple[str, "array[int]"]
Edit = tuple[int, int, Sequence[Piece]]


def _rewrite(text: str, indices: array[int], edits: Iterable[Edit]) -> State:
    """Replace ``text[start:end]`` by its pieces for each edit (sorted, non-overlapping)."""
    parts: list[str] = []
    out = array("i")
    last = 0
    for start, end, pieces in edits:
        if start < last:
            continue
        parts.append(text[last:start])
        out.extend(indices[last:start])
        for piece, position in pieces:
            parts.append(piece)
            out.extend([indices[position]] * len(piece))
        last = end
    if last == 0 and not parts:
        return text, indices
    parts.append(text[last:])
    out.extend(indices[last:])
    return "".join(parts), out


def _matches(
    text: str, pattern: re.Pattern[str], replace: Callable[[re.Match[str]], Sequence[Piece] | None]
) -> Iterable[Edit]:
    """The edits ``replace`` makes of the matches of ``pattern``, lazily, so no list is built."""
    for match in pattern.finditer(text):
        pieces = replace(match)
        if pieces is not None:
            yield match.start(), match.end(), pieces


def _substitute(
    text: str,
    indices: array[int],
    pattern: re.Pattern[str],
    replace: Callable[[re.Match[str]], Sequence[Piece] | None],
) -> State:
    return _rewrite(text, indices, _matches(text, pattern, replace))


def _kept(text: str, start: int, end: int) -> list[Piece]:
    """Pieces that keep ``text[start:end]`` as it is."""
    return [(text[p], p) for p in range(start, end)]


def _group(match: re.Match[str], group: int | str) -> list[Piece]:
    return _kept(match.string, match.start(group), match.end(group))


def _drop(_: re.Match[str]) -> list[Piece]:
    return []


# --- step 1: line breaks and characters ----------------------------------------------------------

_NEWLINES = re.compile(r"\r\n|[\r\f\v\x85\u2028\u2029]")


def _normalise_newlines(text: str, indices: array[int]) -> State:
    """CRLF, CR, form feeds and Unicode separators become "\\n" (a CRLF maps to its LF)."""
    return _substitute(text, indices, _NEWLINES, lambda m: [("\n", m.end() - 1)])


_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,30});")


def _decode_entities(text: str, indices: array[int]) -> State:
    """HTML entities that slipped into text (``&amp;``, ``&#8217;``) become their characters."""

    def decode(match: re.Match[str]) -> list[Piece] | None:
        value = html.unescape(match.group())
        return None if value == match.group() else [(value, match.start())]

    return _substitute(text, indices, _ENTITY, decode)


_TRANSLATE = str.maketrans(
    {
        **dict.fromkeys("“”„‟«»″〝〞＂", '"'),
        **dict.fromkeys("‘’‚‛′´", "'"),
        **dict.fromkeys("\t\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007", " "),
        **dict.fromkeys("\u2008\u2009\u200a\u202f\u205f\u3000", " "),
        **dict.fromkeys("\u2010\u2011\u2012\u2212", "-"),
    }
)
_SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉", "0123456789", strict=True))
_LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
_ODD_CHARACTERS = re.compile(
    "\xad[ \t]*\n[ \t]*|[\xad\u200b\u200c\u200d\u2060\ufeff]|[\x00-\x08\x0e-\x1f\x7f-\x9f]"
    "|[" + "".join(_LIGATURES) + "".join(_SUBSCRIPTS) + "]"
)


def _normalise_characters(text: str, indices: array[int]) -> State:
    """Curly quotes and apostrophes become straight, odd spaces a space, hyphen look-alikes "-";
    soft hyphens (with the line break after them), zero-width and control characters go;
    ligatures and subscript digits ("CO₂") are spelled out."""

    def replace(match: re.Match[str]) -> list[Piece]:
        char = match.group()
        if char in _LIGATURES:
            return [(_LIGATURES[char], match.start())]
        if char in _SUBSCRIPTS:
            return [(_SUBSCRIPTS[char], match.start())]
        return []

    text, indices = _substitute(text, indices, _ODD_CHARACTERS, replace)
    translated = text.translate(_TRANSLATE)
    return translated, indices  # the table maps one character to one character


# --- step 2: HTML and Markdown remnants ---------------------------------------------------------

_HTML_HIDDEN = re.compile(r"<!--|<(script|style|noscript|template)\b[^<>]{0,500}>", re.IGNORECASE)
_HTML_BREAK = re.compile(
    r"<(?:br|hr)\s*/?>|</?(?:p|div|h[1-6]|ul|ol|tr|table|section|article|blockquote|header|footer)"
    r"\b[^<>]{0,500}>",
    re.IGNORECASE,
)
_HTML_ITEM = re.compile(r"<li\b[^<>]{0,500}>", re.IGNORECASE)
#: Any other tag but <sup> and <sub>, which the footnote step reads.
_HTML_TAG = re.compile(r"</?(?!su[pb]\b)[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]{0,500})?/?>")


def _strip_html(text: str, indices: array[int]) -> State:
    """Tags that slipped into text go; block tags leave a line break, list items a bullet."""
    if "<" not in text:
        return text, indices
    text, indices = _rewrite(text, indices, _hidden_html(text))
    text, indices = _substitute(text, indices, _HTML_ITEM, lambda m: [("\n- ", m.start())])
    text, indices = _substitute(text, indices, _HTML_BREAK, lambda m: [("\n", m.start())])
    return _substitute(text, indices, _HTML_TAG, _drop)


def _hidden_html(text: str) -> Iterable[Edit]:
    """Comments and script, style, noscript and template elements, with their content. Each
    closer is looked for once, so text full of unclosed openers still takes linear time."""
    position = 0
    unclosed: set[str] = set()
    while match := _HTML_HIDDEN.search(text, position):
        kind = (match.group(1) or "!--").lower()
        position = match.end()
        if kind in unclosed:
            continue
        if kind == "!--":
            close = text.find("-->", match.end())
            end = close + 3 if close >= 0 else -1
        else:
            closer = re.compile(rf"</{kind}\s*>", re.IGNORECASE).search(text, match.end())
            end = closer.end() if closer else -1
        if end < 0:
            unclosed.add(kind)
            continue
        yield match.start(), end, []
        position = end


_FENCE = re.compile(r"^[ \t]*(?:```|~~~)[^\n]*$", re.MULTILINE)
_INLINE_CODE = re.compile(r"`([^`\n]+)`")
_ESCAPE = re.compile(r"\\+([!-/:-@\[-`{-~])")
_IMAGE = re.compile(r"!\[([^\[\]\n]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"\n]*\")?\)")
_LINK = re.compile(
    r"\[([^\[\]\n]+)\]\(((?:[^()\s]|\([^()\s]*\))+)(?:\s+\"[^\"\n]*\")?\)|<((?:https?://|www\.)[^<>\s]+)>"
)
_REFERENCE_LINK = re.compile(r"\[([^\[\]\n]+)\]\[[^\[\]\n]*\]")
_RULE = re.compile(r"^[ \t]*([-*_=])(?:[ \t]*\1){2,}[ \t]*$", re.MULTILINE)
_HEADING = re.compile(r"^([ \t]{0,3}#{1,6}[ \t]+)(.*?)([ \t]+#+)?[ \t]*$", re.MULTILINE)
_STRONG = re.compile(r"\*{2,3}|(?<![\w_])__(?=\S)|(?<=\S)__(?![\w_])")
_EMPHASIS = re.compile(
    r"(?<![\w*])\*(?=[^\s*])([^*\n]*?[^\s*])\*(?![\w*])"
    r"|(?<![\w_])_(?=[^\s_])([^_\n]*?[^\s_])_(?![\w_])"
)
_BULLET = re.compile(r"^[ \t]*([-*+•·▪●◦‣])[ \t]+(?=\S)", re.MULTILINE)
_QUOTE_MARK = re.compile(r"^[ \t]*>[ \t]?(?=\S)", re.MULTILINE)
_TABLE_RULE = re.compile(
    r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)+\|?[ \t]*$", re.M
)
_TABLE_EDGE = re.compile(r"^[ \t]*\|[ \t]*(?=\S.*\|[ \t]*$)|(?<=\S)[ \t]*\|[ \t]*$", re.MULTILINE)


def _link(match: re.Match[str]) -> list[Piece]:
    """``[text](url)`` reads as "text (url)", or as the URL alone when the text is the URL."""
    if match.group(3) is not None:
        return _group(match, 3)
    label, url = match.group(1), match.group(2)
    web = re.match(r"(?:https?://|www\.|mailto:)", url) is not None
    if not web or _same_url(label, url):
        return _group(match, 1)
    bracket = match.end(1)  # the "]" becomes the space before "(url)"
    return [*_group(match, 1), (" ", bracket), *_kept(match.string, bracket + 1, match.end())]


def _same_url(label: str, url: str) -> bool:
    def bare(value: str) -> str:
        return re.sub(r"^(?:https?://)?(?:www\.)?", "", value.strip()).rstrip("/")

    return bare(label) == bare(url)


def _strip_markdown(text: str, indices: array[int]) -> State:
    """Markdown syntax goes and its text stays: headings, emphasis, escapes ("\\_" -> "_"),
    links ("[text](url)"), rules, tables; bullets become "- "."""
    steps: list[tuple[str, re.Pattern[str], Callable[[re.Match[str]], Sequence[Piece] | None]]] = [
        ("`~", _FENCE, _drop),
        ("`", _INLINE_CODE, lambda m: _group(m, 1)),
        ("\\", _ESCAPE, lambda m: _group(m, 1)),
        ("!", _IMAGE, lambda m: _group(m, 1)),
        ("[<", _LINK, _link),
        ("[", _REFERENCE_LINK, lambda m: _group(m, 1)),
        ("|", _TABLE_RULE, _drop),
        ("-*_=", _RULE, _drop),
        ("#", _HEADING, lambda m: _group(m, 2)),
        ("*_", _STRONG, _drop),
        ("*_", _EMPHASIS, lambda m: _group(m, 1 if m.group(1) is not None else 2)),
        ("-*+•·▪●◦‣", _BULLET, lambda m: [("-", m.start(1)), (" ", m.end(1))]),
        (">", _QUOTE_MARK, _drop),
        ("|", _TABLE_EDGE, _drop),
    ]
    for triggers, pattern, replace in steps:
        if any(trigger in text for trigger in triggers):
            text, indices = _substitute(text, indices, pattern, replace)
    return text, indices


# --- step 3: page furniture ----------------------------------------------------------------------

_PAGE_NUMBER = re.compile(
    r"[ \t]*(?:[-–—][ \t]*)?(\d{1,3})(?:[ \t]*[-–—])?[ \t]*"
    r"|[ \t]*(?:pagina|page|blz\.?|p\.)[ \t]*\d{1,4}(?:[ \t]*(?:van|of|/)[ \t]*\d{1,4})?[ \t]*"
    r"|[ \t]*\d{1,4}[ \t]*(?:/|van|of)[ \t]*\d{1,4}[ \t]*"
    r"|[ \t]*(?:Tweede|Eerste) Kamer, vergaderjaar \d{4}\s*[-–]\s*\d{4}, [^\n]{1,60}",
    re.IGNORECASE,
)


def _drop_page_furniture(text: str, indices: array[int]) -> State:
    """Lines that are only a page number ("4", "- 4 -", "Page 2 of 2") or a running Kamerstuk
    header go. A bare number right above a line starting with a capital, after a blank line, is
    kept: that is a question number ("1\\nBent u bekend ..."), not a page number."""
    lines = _line_spans(text)
    edits: list[Edit] = []
    for number, (start, end) in enumerate(lines):
        match = _PAGE_NUMBER.fullmatch(text, start, end)
        if match is None or start == end:
            continue
        if match.group(1) is not None and _question_number(text, lines, number):
            continue
        edits.append((start, end, []))
    return _rewrite(text, indices, edits)


def _question_number(text: str, lines: list[tuple[int, int]], number: int) -> bool:
    before_blank = number == 0 or not text[slice(*lines[number - 1])].strip()
    following = text[slice(*lines[number + 1])].strip() if number + 1 < len(lines) else ""
    return before_blank and following[:1].isupper()


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in re.finditer("\n", text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


# --- step 4: line breaks: hyphenation, wrapping, paragraphs --------------------------------------


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


#: A line that long is a paragraph of its own, not a hard-wrapped line.
LONG_LINE = 150

#: Words a sentence does not end on: a line ending on one goes on on the next line.
_FUNCTION_WORDS = _wordset(
    "de het een en of van in op te voor met aan door over naar bij uit om tot als dan dat die deze"
    " dit zijn haar hun ons onze uw zich zowel maar noch ter ten der des"
    " the a an and or to on for with by from at as that which its their our nor between into than"
)
#: Words that follow a hyphenated first half: "grond- en hulpstoffen", "pre- or post-".
_CONJUNCTIONS = frozenset({"en", "of", "tot", "and", "or", "to", "nor", "noch"})
#: Line-end prefixes whose hyphen is real before a vowel: "de-escalatie", "co-operatie".
_VOWEL_PREFIXES = frozenset({"de", "re", "co", "pre", "pro", "anti", "semi", "zee", "mee"})
#: Line-end prefixes whose hyphen is always real: "niet-bindend", "ex-minister".
_HYPHEN_PREFIXES = frozenset({"niet", "non", "ex", "oud", "vice", "self", "all", "half"})
_ABBREVIATION = re.compile(
    r"(?:[A-Za-z]\.){2,}|(?:nr|jl|blz|art|bijv|resp|ca|dhr|mevr|mr|dr|drs|ir|prof|vs|etc|e\.d|"
    r"o\.a|m\.b\.t|i\.v\.m|t\.a\.v|z\.s\.m|cf|no|vol|par|fig|lid|hfst|pag|pp|p)\.",
    re.IGNORECASE,
)
_LIST_ITEM = re.compile(r"(?:[-*•]\s+\S|\d{1,2}[.)]\s+\S|[a-z][.)]\s+\S|\((?:\d{1,2}|[a-z])\)\s)")
_DASH_ITEM = re.compile(r"[–—]\s+\S")
_HEADING_LINE = re.compile(
    r"(?:Vraag|Vragen|Antwoord|Antwoorden|Question|Questions|Answer|Answers|Reactie|Bijlage|"
    r"Annex|Appendix|Hoofdstuk|Chapter)(?:\s+\d{1,3}[a-z]?)?\s*:?",
    re.IGNORECASE,
)
#: A byline on a line of its own ("By: Thandeka Mokoena", "Door Sanne Oudshoorn"): the line
#: after it (the writer's job, a date) is no part of it.
_BYLINE_LINE = re.compile(
    r"(?:By|BY|Door|DOOR|Tekst|Written by|Edited by|EDITED BY|Authors?|Auteurs?):?[ \t]+"
    r"(?:[A-Z][\w.'’-]+(?:[ \t]*,|[ \t]+(?:and|en|&))?[ \t]*){1,8}"
)
_FOOTNOTE_BODY = re.compile(r"(?:\[\^?\d{1,3}\]|<sup>\s*\d{1,3}\s*</sup>)")
#: A footnote's body at the foot of a page: its number, then its text ("1 Kamerstuk 32 852,
#: nr. 398"); the extractor reads citations in it too.
NUMBERED_FOOTNOTE = re.compile(r"\d{1,3}\s+(?:[A-Z\"'(]|www\.|https?://)")
_URLISH = re.compile(r"://|www\.|\.(?:nl|com|eu|org|net|int|gov|be|de)/|/[^\s/]+/")
_TERMINAL = re.compile(r"[.?!][\"')\]]*$")
#: A header field on a line of its own: "Author: Marta Ilves", "Datum: 4 maart 2025".
_FIELD_LINE = re.compile(
    # "Séjourné said: ..." is a quote going on, not a field
    r"[A-Z][\w'’.-]*(?: (?!(?:said|says|told|added|adds|wrote|writes|zegt|zei|stelt|stelde|"
    r"schrijft|schreef)\b)[\w'’.-]+)?: \S"
)
#: A row of a table laid out with spaces: cells apart by two spaces or more, one a number
#: ("South Africa          120         70").
_TABLE_ROW = re.compile(r"^(?=.*\S[ \t]{2,}\S)(?=.*\d)")
_TABLE_HEADER = re.compile(r"^\S.*\S[ \t]{2,}\S")

# What happens to the whitespace (and maybe a hyphen) between two non-blank lines.
_JOIN, _KEEP_HYPHEN, _HYPHEN_SPACE, _GLUE, _SPACE, _NEWLINE, _PARAGRAPH = range(7)


@dataclass
class _Block:
    """Facts about a run of adjacent non-blank lines, for telling wraps from line breaks."""

    width: int
    wrapped: bool


@dataclass(frozen=True)
class _Break:
    """One line break (or run of them) between the non-blank lines ``a`` and ``b``."""

    a: str
    b: str
    paragraph: bool  # a blank line between them
    page_break: bool  # two blank lines or more: a page number stood between them
    indented: bool  # ``b`` starts with spaces: the first line of a page in PDF text
    starts_footnote: bool  # ``b`` is the first line of a footnote body
    in_footnote: bool  # ``a`` belongs to a footnote body
    url: bool  # ``a`` ends in a URL
    block: _Block


def _join_lines(text: str, indices: array[int]) -> State:
    """Decide every line break: join a word hyphenated across it ("kennisge-\\nnomen"), unwrap a
    hard-wrapped paragraph into spaces, keep "\\n" before list items, after headings and short
    lines and around footnote bodies, and keep "\\n\\n" between paragraphs (but rejoin a sentence
    that a page break cut, "randvoorwaarden\\n\\n4\\n\\nvoor wat")."""
    spans = [(s, e) for s, e in _line_spans(text)]
    content = [_content(text, s, e) for s, e in spans]
    filled = [i for i, (s, e) in enumerate(content) if e > s]
    if len(filled) < 2:
        return text, indices
    blocks = _blocks(text, content, filled)
    edits: list[Edit] = []
    in_footnote = _FOOTNOTE_BODY.match(text, *content[filled[0]]) is not None
    in_url = False  # the line before ended in a URL that goes on on this line
    for before, after in itertools.pairwise(filled):
        a_start, a_end = content[before]
        b_start, b_end = content[after]
        a, b = text[a_start:a_end], text[b_start:b_end]
        gap = text[a_end:b_start]
        paragraph = gap.count("\n") >= 2
        indented = spans[after][0] < b_start
        starts_footnote = _FOOTNOTE_BODY.match(b) is not None or (
            (paragraph or in_footnote) and NUMBERED_FOOTNOTE.match(b) is not None
        )
        url = (in_url and " " not in a) or _URLISH.search(a.rsplit(None, 1)[-1]) is not None
        action = _decide(
            _Break(
                a,
                b,
                paragraph,
                gap.count("\n") >= 3,
                indented,
                starts_footnote,
                in_footnote,
                url,
                blocks[before],
            )
        )
        edits.append(_edit(text, a_end, b_start, action))
        in_url = url and action in (_KEEP_HYPHEN, _GLUE)
        if action in (_NEWLINE, _PARAGRAPH):
            in_footnote = starts_footnote
    return _rewrite(text, indices, edits)


def _content(text: str, start: int, end: int) -> tuple[int, int]:
    """The line without its leading and trailing spaces."""
    line = text[start:end]
    stripped = line.strip(" ")
    if not stripped:
        return start, start
    left = start + (len(line) - len(line.lstrip(" ")))
    return left, left + len(stripped)


def _blocks(text: str, content: list[tuple[int, int]], filled: list[int]) -> dict[int, _Block]:
    """Each non-blank line's block. A block's width is its longest wrapped line; a block of one
    or two lines says little about the wrap width, so it takes the document's (the 90th
    percentile of its wrapped lines)."""
    lengths = {i: content[i][1] - content[i][0] for i in filled}
    wrapped_lengths = sorted(n for n in lengths.values() if n <= LONG_LINE)
    document_width = (
        wrapped_lengths[int(0.9 * (len(wrapped_lengths) - 1))] if wrapped_lengths else LONG_LINE
    )
    result: dict[int, _Block] = {}
    run: list[int] = []
    for number in [*filled, -2]:
        if run and number != run[-1] + 1:
            sizes = [lengths[i] for i in run]
            short = [n for n in sizes if n <= LONG_LINE]
            width = max(short, default=LONG_LINE) if len(run) >= 3 else document_width
            wrapped = sum(n > LONG_LINE for n in sizes) * 3 < len(sizes)
            result.update(dict.fromkeys(run, _Block(width, wrapped)))
            run = []
        run.append(number)
    return result


def _decide(brk: _Break) -> int:
    """What the break between line ``a`` and line ``b`` becomes (see :func:`_join_lines`)."""
    a, b, paragraph, block = brk.a, brk.b, brk.paragraph, brk.block
    page_break, indented, url = brk.page_break, brk.indented, brk.url
    starts_footnote, in_footnote = brk.starts_footnote, brk.in_footnote
    list_item = _LIST_ITEM.match(b) is not None or (
        _DASH_ITEM.match(b) is not None and a[-1:] in (":", ";", ".")
    )
    if in_footnote and indented and not paragraph:
        return _PARAGRAPH  # a page that starts after the footnotes at the foot of the last one
    if a.endswith("-") and not a.endswith("--") and (b[:1].isalnum() or b[:1] in "\"'("):
        hyphen = _KEEP_HYPHEN if url else _hyphen(a, b)
        if not paragraph or (hyphen == _JOIN and not list_item):
            return hyphen
    if paragraph:
        # A page break inside a sentence: the line before runs to the margin, or a page number
        # stood between them (it left two blank lines), and the next line goes on in lowercase.
        continues = a[-1:].islower() or a[-1:] == "," or _last_word(a) in _FUNCTION_WORDS
        full = len(a) >= 0.75 * block.width or (page_break and len(a) >= block.width // 2)
        if continues and full and b[:1].islower() and not list_item:
            return _SPACE
        return _PARAGRAPH
    if list_item or starts_footnote or _HEADING_LINE.fullmatch(b):
        return _NEWLINE
    if _TABLE_ROW.match(b) and (_TABLE_ROW.match(a) or _TABLE_HEADER.match(a)):
        return _NEWLINE  # the rows of a table, each a line of its own
    if a.endswith("/") and not indented and "/" not in b[:1]:
        return _GLUE  # "motie-Thijssen/\nKuiken", a URL broken after a slash
    if b.startswith("-") and b[1:2].isalpha() and a[-1:].isalnum():
        return _GLUE  # "IMVO\n-standaarden"
    if (
        _HEADING_LINE.fullmatch(a)
        or _BYLINE_LINE.fullmatch(a)
        or _shouting(a)
        or " | " in a
        or " | " in b
        or _FIELD_LINE.match(b)
        or _FOOTNOTE_BODY.fullmatch(a)
    ):
        return _NEWLINE
    if b[:1].islower() or a[-1:] in ",;:(&" or _last_word(a) in _FUNCTION_WORDS:
        return _SPACE
    if not block.wrapped or len(a) > LONG_LINE:
        return _NEWLINE
    if len(a) < 0.6 * block.width:
        return _NEWLINE
    if _TERMINAL.search(a) and not _abbreviation(a) and len(a) < 0.85 * block.width:
        return _NEWLINE
    return _SPACE


def _hyphen(a: str, b: str) -> int:
    """A line-end hyphen: joined between lowercase letters ("kennisge-\\nnomen"), kept otherwise
    ("EU-\\nVS", "GroenLinks-PvdA-\\nfractie", "e-\\nwaste", "niet-\\nbindend"), and kept
    with a space before a conjunction ("grond-\\nen hulpstoffen")."""
    token = a.rsplit(None, 1)[-1]
    stem = token[:-1].rsplit("-", 1)[-1].lower()
    first = re.match(r"[^\W\d_]+", b)
    if first and first.group().lower() in _CONJUNCTIONS and b[first.end() : first.end() + 1] == " ":
        return _HYPHEN_SPACE
    if not (len(a) >= 2 and a[-2].islower() and b[:1].islower()):
        return _KEEP_HYPHEN
    if len(stem) == 1 or stem in _HYPHEN_PREFIXES:
        return _KEEP_HYPHEN
    if stem in _VOWEL_PREFIXES and b[:1] in "aeiouy":
        return _KEEP_HYPHEN
    return _JOIN


def _shouting(line: str) -> bool:
    """A line in capitals is a heading ("VERSLAG VAN EEN SCHRIFTELIJK OVERLEG")."""
    if len(line) > LONG_LINE:
        return False
    letters = sum(map(str.isalpha, line))
    return letters >= 8 and sum(map(str.isupper, line)) >= 0.8 * letters


def _last_word(line: str) -> str:
    words = line.rsplit(None, 1)
    return words[-1] if words and words[-1].islower() else ""


def _abbreviation(line: str) -> bool:
    word = line.rsplit(None, 1)[-1]
    return _ABBREVIATION.fullmatch(word) is not None


def _edit(text: str, a_end: int, b_start: int, action: int) -> Edit:
    newlines = [a_end + i for i, char in enumerate(text[a_end:b_start]) if char == "\n"]
    if action == _JOIN:
        return a_end - 1, b_start, []
    if action in (_KEEP_HYPHEN, _GLUE):
        return a_end, b_start, []
    if action in (_SPACE, _HYPHEN_SPACE):
        return a_end, b_start, [(" ", newlines[0])]
    if action == _NEWLINE:
        return a_end, b_start, [("\n", newlines[0])]
    second = newlines[1] if len(newlines) > 1 else max(b_start - 1, newlines[0])
    return a_end, b_start, [("\n", newlines[0]), ("\n", second)]


# --- step 5: footnote markers --------------------------------------------------------------------

_BRACKET_MARKER = re.compile(r"[ \t]*\[\^?\d{1,3}(?:[,–-][ \t]?\d{1,3})*\]:?")
_SUP = re.compile(r"<(su[pb])>\s*([^<>]{0,40}?)\s*</\1>|</?su[pb]>", re.IGNORECASE)
_SUPERSCRIPT = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_GLUED_MARKER = re.compile(
    r"(?:(?<=[a-zß-öø-ÿ]{2})|(?<=[a-zß-öø-ÿ][.?!])|(?<=[)\"']))"
    r"(\d{1,3}(?:,\d{1,3})*)(?=[.,;:?!)\]\"']*(?:\s|$))"
)
#: Words a number may follow without a space without being a footnote marker ("km2", "mp3",
#: the miner "South32").
_NUMBERED_WORDS = frozenset(
    {"m", "km", "cm", "mm", "dm", "nm", "mp", "web", "scope", "fase", "top", "south"}
)
_UNITS = frozenset({"m", "km", "cm", "mm", "dm"})


def _after_unit(text: str, position: int) -> bool:
    """Whether ``text[:position]`` ends in a unit that takes an exponent ("m", "km")."""
    word = re.search(r"\w*$", text[max(0, position - 4) : position])
    return word is not None and word.group() in _UNITS


def _drop_footnote_markers(text: str, indices: array[int]) -> State:
    """Footnote markers go: "[1]", "<sup>1</sup>", "¹" and a number glued to a word or a
    sentence end ("Trouw1", "grondstoffen.3 ", "(NGS)2 en"); numbers that belong to the text
    ("2030", "nr. 259", "COVID-19", "CO2", "km2") and URLs stay."""
    text, indices = _substitute(text, indices, _BRACKET_MARKER, _drop)
    text, indices = _substitute(text, indices, _SUP, lambda m: _sup(m))
    text, indices = _substitute(
        text,
        indices,
        _SUPERSCRIPT,
        lambda m: None if _after_unit(m.string, m.start()) else [],
    )
    return _substitute(text, indices, _GLUED_MARKER, _glued_marker)


def _sup(match: re.Match[str]) -> list[Piece] | None:
    if match.group(1) is None:
        return []
    inner = match.group(2)
    marker = re.fullmatch(r"[\d,\s*†‡–-]+", inner) is not None
    unit = _after_unit(match.string, match.start())
    if match.group(1).lower() == "sup" and marker and not unit:
        return []
    return _group(match, 2)


def _glued_marker(match: re.Match[str]) -> list[Piece] | None:
    source = match.string
    token_start = max(source.rfind(" ", 0, match.start()), source.rfind("\n", 0, match.start()))
    token = source[token_start + 1 : match.end()]
    if "/" in token or "@" in token or "www." in token:
        return None
    word = re.search(r"([^\W\d_]+)[.?!]?$", source[token_start + 1 : match.start()])
    before = source[match.start() - 1]
    if before in ".?!":
        if word is None or len(word.group(1)) < 4 or _ABBREVIATION.search(token[:-1]):
            return None
        return []
    if before in "\"'":
        quote_start = match.start() - 1
        if quote_start == 0 or source[quote_start - 1].isspace():
            return None  # an opening quote: "'90"
        return []
    if before == ")":
        return []
    if word is None or word.group(1).lower() in _NUMBERED_WORDS:
        return None
    return []


# --- step 6: spaces ------------------------------------------------------------------------------

_SPACES = re.compile(r"[ ]*\n[ ]*(?:\n[ ]*)*|[ ]{2,}")


def _collapse_spaces(text: str, indices: array[int]) -> State:
    """Runs of spaces become one; a line break loses the spaces around it; three or more line
    breaks become a paragraph break; the text loses its leading and trailing whitespace."""

    def collapse(match: re.Match[str]) -> list[Piece]:
        newlines = [match.start() + i for i, c in enumerate(match.group()) if c == "\n"]
        if not newlines:
            return [(" ", match.start())]
        return [("\n", position) for position in newlines[:2]]

    text, indices = _substitute(text, indices, _SPACES, collapse)
    start = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    return text[start:end], indices[start:end]


_STEPS: tuple[Callable[[str, array[int]], State], ...] = (
    _normalise_newlines,
    _decode_entities,
    _normalise_characters,
    _strip_html,
    _strip_markdown,
    _drop_page_furniture,
    _join_lines,
    _drop_footnote_markers,
    _collapse_spaces,
)
