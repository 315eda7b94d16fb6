"""Accepting a document from the network: its type decided by content, never its path by name."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from kg.iri import document_id

TEXT_SUFFIXES = {".txt", ".md"}
HTML_START = re.compile(
    rb"\s*(<!doctype html|<html|<head|<body|<\?xml[^>]*>\s*<html|<p[\s>]|<div[\s>]|<article[\s>])",
    re.IGNORECASE,
)


class UploadRejected(Exception):
    """An upload that is not a document we can read; ``status`` is the HTTP status to give."""

    def __init__(self, message: str, status: int = 415) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def sniff_suffix(path: Path, declared_name: str | None) -> str:
    """The reader to use, from the file's first bytes; the declared name must not contradict it."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    declared = Path(declared_name or "").suffix.lower()
    if not head.strip():
        raise UploadRejected("The file is empty.", status=422)
    if head.startswith(b"%PDF-"):
        actual = ".pdf"
    elif head.startswith(b"PK\x03\x04"):
        actual = _office_suffix(path)
    elif b"\x00" in head:
        raise UploadRejected("The file is binary and not a PDF or DOCX document.")
    elif HTML_START.match(head):
        actual = ".html"
    else:
        actual = declared if declared in TEXT_SUFFIXES else ".txt"
    both_text = declared in TEXT_SUFFIXES and actual in TEXT_SUFFIXES
    if declared and declared != actual and {declared, actual} - {".htm", ".html"} and not both_text:
        raise UploadRejected(
            f"The file is named {declared} but its content is {actual.lstrip('.')}."
        )
    return actual


def _office_suffix(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile as error:
        raise UploadRejected(f"The file looks like a ZIP archive but is broken: {error}") from error
    if "word/document.xml" not in names:
        raise UploadRejected("The file is a ZIP archive, not a DOCX document.")
    return ".docx"


def upload_id(declared_name: str | None, requested: str | None, digest: str) -> str:
    """The document id: the requested one, else the file name's stem, else the content hash."""
    for candidate in (requested, Path(declared_name or "").stem):
        if candidate and document_id(candidate):
            return document_id(candidate)
    return f"upload-{digest[:12]}"
