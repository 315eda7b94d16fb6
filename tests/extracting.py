"""Extraction of a text written in a test: cleaned as a reader cleans it, run through one
extractor shared by the whole test run (building one takes a second)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from kg.cleaning import clean
from kg.document import Document
from kg.extract import Extractor
from kg.model import Extraction
from kg.settings import Settings


@lru_cache(maxsize=1)
def shared_extractor() -> Extractor:
    return Extractor(Settings().ontology_dir)


def extract_text(text: str, *, language: str = "nl", kind: str = "news") -> Extraction:
    """The extraction of ``text`` as a document ``synthetic`` of ``kind`` in ``language``."""
    clean_text, offsets = clean(text)
    document = Document(
        "synthetic",
        Path("synthetic.txt"),
        None,
        None,
        kind,
        {},
        language,
        clean_text,
        text,
        offsets,
    )
    return shared_extractor().extract(document)
