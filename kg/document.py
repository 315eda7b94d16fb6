"""The one Document model every reader produces and every later step consumes.

Why one model: extraction, RDF mapping and evidence all need the same four things, whatever the
file type was: the clean text to analyse, the raw text as read (so evidence can be shown in the
source), the map between them, and the little metadata a policy analyst filters on (date, kind,
Kamerstuk number).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from kg.cleaning import OffsetMap

#: The kinds of document, as ``Document.kind`` and ``crm:documentKind`` spell them.
KINDS: tuple[str, ...] = (
    "kamervragen",  # written questions by members of parliament (schriftelijke vragen)
    "antwoorden",  # a minister's answers to written questions
    "kamerbrief",  # a letter from the government to parliament, often a numbered Kamerstuk
    "verslag",  # a committee report, e.g. verslag van een schriftelijk overleg
    "motie",  # a motion
    "news",  # a news article or interview
    "eu-text",  # a text of the EU institutions: regulation, communication, policy brief
    "other",
)

#: The languages the extractor has pipelines for.
LANGUAGES: tuple[str, ...] = ("nl", "en")


@dataclass(frozen=True)
class Document:
    """A read document: its clean text with an exact map back to the raw text, and metadata.

    ``raw_text`` is the text as read from the file: the file's own text for .txt and .md, the
    extracted text layer for .pdf, .html and .docx. All offsets in the graph are offsets in
    ``text``; :meth:`source_span` turns them into offsets in ``raw_text``.
    """

    id: str
    source: Path
    title: str | None
    date: datetime.date | None
    kind: str | None
    identifiers: dict[str, str]
    language: str
    text: str
    raw_text: str
    offsets: OffsetMap

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The ``[start, end)`` span of ``raw_text`` that clean span ``[start, end)`` came from."""
        return self.offsets.raw_span(start, end)

    def source_text(self, start: int, end: int) -> str:
        """The raw text behind clean span ``[start, end)``, as it stands in the source."""
        raw_start, raw_end = self.source_span(start, end)
        return self.raw_text[raw_start:raw_end]
