"""Reading .txt, .md, .pdf, .html and .docx files into one :class:`~kg.document.Document`.

Why here: everything after this step works on clean text and never looks at file formats again.
Reading is also where untrusted input meets the system, so every failure (too large, binary,
encrypted, broken, no text) is a :class:`ReadError` that names the file and the reason, never a
crash or a MemoryError, and a bad file costs only itself.

Metadata (title, date, kind, language, identifiers) is guessed from the text, because most
documents arrive without any; values given by the caller (a manifest, an upload form) win.
"""

from __future__ import annotations

import codecs
import datetime
import hashlib
import importlib.util
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.cleaning import clean
from kg.document import KINDS, LANGUAGES, Document
from kg.iri import document_id

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_PAGES",
    "SUPPORTED_SUFFIXES",
    "ReadError",
    "guess_language",
    "guess_metadata",
    "kamerstuk_references",
    "read_document",
    "read_manifest",
]

SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".txt", ".md", ".pdf", ".html", ".htm", ".docx"})
#: Bytes in one file; the same default as ``Settings.max_upload_bytes``.
DEFAULT_MAX_BYTES = 50_000_000
#: Pages in one PDF: more is a book, not a policy document, and would take minutes to extract.
DEFAULT_MAX_PAGES = 1000
#: A DOCX may unpack to at most this many times its size (a ZIP bomb unpacks to far more).
MAX_UNZIP_RATIO = 20
METADATA_KEYS = frozenset({"title", "date", "kind", "language", "identifiers"})
TITLE_LENGTH = 200


class ReadError(Exception):
    """A file that cannot be read into a document; the message names the file and the reason."""

    def __init__(self, path: Path | str, reason: str | None = None) -> None:
        message = str(path) if reason is None else f"{path}: {reason}"
        super().__init__(message)
        self.path = Path(path) if reason is not None else None
        self.reason = reason if reason is not None else str(path)


def read_document(
    path: Path,
    metadata: Mapping[str, Any] | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pages: int = DEFAULT_MAX_PAGES,
) -> Document:
    """Read ``path`` into a Document: text extracted by suffix, cleaned with an offset map, and
    metadata guessed from the text. A key present in ``metadata`` (title, date, kind, language,
    identifiers) replaces the guess, even when its value is None."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise ReadError(path, f"unsupported file type {suffix or '(none)'}; supported: {supported}")
    try:
        data = _read_bytes(path, max_bytes)
        extracted = _READERS[suffix](path, data, max_pages)
        body = extracted.raw[extracted.body_start :]
        text, offsets = clean(body, hard_wrapped=suffix not in (".html", ".htm", ".docx"))
        if extracted.body_start:
            offsets = offsets.shifted(extracted.body_start, len(extracted.raw))
    except MemoryError as error:
        raise ReadError(path, "not enough memory to read the file") from error
    if not text:
        raise ReadError(path, "no text in the file")
    guessed = guess_metadata(text, extracted.raw)
    if extracted.title and (title := _trim(" ".join(clean(extracted.title)[0].split()))):
        guessed["title"] = title
    for key in ("date", "language"):
        hint = getattr(extracted, key)
        if hint:
            guessed[key] = hint
    given = _checked_metadata(path, metadata or {})
    values = guessed | given
    return Document(
        id=document_id(path.stem) or f"document-{hashlib.sha256(data).hexdigest()[:12]}",
        source=path,
        title=values["title"],
        date=values["date"],
        kind=values["kind"],
        identifiers=dict(values["identifiers"] or {}),
        language=values["language"] or "nl",
        text=text,
        raw_text=extracted.raw,
        offsets=offsets,
    )


def read_manifest(path: Path) -> dict[str, dict[str, Any]]:
    """A folder's manifest: file name -> metadata (title, date as ISO text or null, kind,
    language, identifiers), as :func:`read_document` takes it."""
    try:
        content = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ReadError(path, f"cannot read the manifest: {error}") from error
    if not isinstance(content, dict):
        raise ReadError(path, "the manifest is not a JSON object keyed by file name")
    manifest: dict[str, dict[str, Any]] = {}
    for name, entry in content.items():
        if not isinstance(entry, dict):
            raise ReadError(path, f"the manifest entry for {name!r} is not an object")
        unknown = set(entry) - METADATA_KEYS
        if unknown:
            raise ReadError(path, f"the manifest entry for {name!r} has unknown keys {unknown}")
        _checked_metadata(Path(path).parent / name, entry)
        manifest[name] = entry
    return manifest


# --- bytes and text ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Extracted:
    """A file's text as read, and what the format itself says about the document."""

    raw: str
    title: str | None = None
    date: datetime.date | None = None
    language: str | None = None
    body_start: int = 0  # where the text to clean starts (after Markdown front matter)


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        if not path.is_file():
            raise ReadError(path, "no such file" if not path.exists() else "not a regular file")
        size = path.stat().st_size
        if size > max_bytes:
            raise ReadError(path, f"the file has {size} bytes, more than the limit of {max_bytes}")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise ReadError(path, f"cannot read the file: {error.strerror or error}") from error
    if len(data) > max_bytes:
        raise ReadError(path, f"the file has more than the limit of {max_bytes} bytes")
    if not data.strip():
        raise ReadError(path, "the file is empty")
    return data


def _decode(path: Path, data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, else cp1252; binary is refused."""
    if data.startswith(codecs.BOM_UTF8):
        encoding, data = "utf-8", data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif b"\x00" in data:
        raise ReadError(path, "binary content (NUL bytes), not a text file")
    else:
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        if encoding != "utf-8":
            raise ReadError(path, f"not valid {encoding} text") from None
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise ReadError(path, "neither UTF-8 nor cp1252 text") from None
    _refuse_binary(path, text)
    return text


_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _refuse_binary(path: Path, text: str) -> None:
    """Text with more than a few control characters is binary data in disguise."""
    if "\x00" in text:
        raise ReadError(path, "binary content (NUL characters), not a text file")
    controls = len(_CONTROLS.findall(text))
    if controls > max(8, len(text) // 100):
        raise ReadError(path, f"binary content ({controls} control characters), not text")


# --- the readers ---------------------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*(?:\n|\Z)", re.DOTALL)
_MD_TITLE = re.compile(r"^[ \t]{0,3}#[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


def _read_text(path: Path, data: bytes, max_pages: int) -> _Extracted:
    return _Extracted(_decode(path, data))


def _read_markdown(path: Path, data: bytes, max_pages: int) -> _Extracted:
    """Markdown is text; a YAML-style front matter block gives metadata and is not cleaned."""
    raw = _decode(path, data)
    fields: dict[str, str] = {}
    body_start = 0
    front = _FRONT_MATTER.match(raw)
    if front:
        body_start = front.end()
        for line in front.group(1).splitlines():
            key, sep, value = line.partition(":")
            if sep:
                fields[key.strip().lower()] = value.strip().strip("\"'")
    heading = _MD_TITLE.search(raw, body_start)
    title = fields.get("title") or (heading.group(1) if heading else None)
    return _Extracted(
        raw,
        title=title or None,
        date=_iso_date(fields.get("date", "")),
        language=_language_code(fields.get("language") or fields.get("lang")),
        body_start=body_start,
    )


def _read_pdf(path: Path, data: bytes, max_pages: int) -> _Extracted:
    """The PDF's text layer, page by page (pages joined by a blank line), via pypdf."""
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError

    if b"%PDF-" not in data[:1024]:
        raise ReadError(path, "not a PDF file (no %PDF- header)")
    if b"%%EOF" not in data[-4096:]:
        raise ReadError(path, "truncated PDF (no %%EOF marker at the end)")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                decrypted = reader.decrypt("")
            except DependencyError as error:
                raise ReadError(
                    path, f"encrypted PDF that cannot be decrypted here ({error})"
                ) from error
            if decrypted == PasswordType.NOT_DECRYPTED:
                raise ReadError(path, "encrypted PDF: it needs a password to open")
        count = len(reader.pages)
    except ReadError:
        raise
    except Exception as error:  # pypdf raises many kinds of error on malformed files
        raise ReadError(path, f"broken PDF: {type(error).__name__}: {error}") from error
    if count == 0:
        raise ReadError(path, "the PDF has no pages")
    if count > max_pages:
        raise ReadError(path, f"the PDF has {count} pages, more than the limit of {max_pages}")
    pages: list[str] = []
    for number, page in enumerate(reader.pages, start=1):
        try:
            pages.append((page.extract_text() or "").strip("\n"))
        except Exception as error:  # a broken content stream on one page
            raise ReadError(
                path, f"broken PDF: page {number}: {type(error).__name__}: {error}"
            ) from error
    raw = "\n\n".join(pages)
    if not raw.strip():
        raise ReadError(path, "the PDF has no text layer (a scan?); OCR is not supported")
    return _Extracted(raw, title=_pdf_title(reader.metadata))


def _pdf_title(info: Mapping[str, Any] | None) -> str | None:
    """The PDF's own title, unless it is a word processor's placeholder or a file name."""
    title = str(info.get("/Title") or "").strip() if info else ""
    placeholder = re.search(
        r"^(?:untitled|document\d*|microsoft word)|\.(?:docx?|pdf)$", title, re.I
    )
    return title if len(title.split()) >= 3 and not placeholder else None


def _words(words: str) -> frozenset[str]:
    return frozenset(words.split())


#: Elements that are never document text.
_HTML_DROP = (
    "script",
    "style",
    "nav",
    "noscript",
    "template",
    "svg",
    "iframe",
    "object",
    "embed",
    "canvas",
    "form",
    "button",
    "select",
)
_HTML_BLOCKS = _words(
    "address article aside blockquote body dd details div dl dt figcaption figure footer h1 h2"
    " h3 h4 h5 h6 header hr html li main ol p pre section summary table tbody thead tfoot tr"
    " ul"
)
_HTML_LINES = frozenset({"li", "tr", "dt", "dd"})
_HTML_DATE_META = (
    "date",
    "dcterms.date",
    "dcterms.issued",
    "dcterms.created",
    "dc.date",
    "article:published_time",
    "og:published_time",
    "publication_date",
)


def _read_html(path: Path, data: bytes, max_pages: int) -> _Extracted:
    """The visible text of a web page, paragraphs separated by a blank line; the title from
    <h1> (the article's own headline) or else <title>; language from <html lang>."""
    from bs4 import BeautifulSoup, Tag

    if b"\x00" in data:
        raise ReadError(path, "binary content (NUL bytes), not an HTML file")
    parser = "lxml" if importlib.util.find_spec("lxml") else "html.parser"
    soup = BeautifulSoup(data, parser)
    _refuse_binary(path, soup.get_text())
    page_title = soup.title.get_text(" ", strip=True) if soup.title else ""
    heading = next(
        (text for h1 in soup.find_all("h1") if (text := h1.get_text(" ", strip=True))), ""
    )
    html_tag = soup.find("html")
    language = (
        _language_code(str(html_tag.get("lang") or "")) if isinstance(html_tag, Tag) else None
    )
    date = _html_date(soup)
    for element in soup.find_all(list(_HTML_DROP)):
        element.decompose()
    for element in soup.select('[role="navigation"]'):
        element.decompose()
    for head in soup.find_all("head"):
        head.decompose()
    raw = _HtmlText().render(soup)
    if not raw.strip():
        raise ReadError(path, "no visible text in the HTML page")
    return _Extracted(raw, title=heading or page_title or None, date=date, language=language)


def _html_date(soup: Any) -> datetime.date | None:
    for meta in soup.find_all("meta"):
        name = str(meta.get("name") or meta.get("property") or "").lower()
        if name in _HTML_DATE_META and (found := _iso_date(str(meta.get("content") or ""))):
            return found
    time = soup.find("time", attrs={"datetime": True})
    return _iso_date(str(time.get("datetime"))) if time else None


class _HtmlText:
    """Renders an HTML tree as text: block elements become paragraphs, <br> and list items
    lines, table cells are joined by " | ", and footnote markers (<sup>1</sup>) are left out."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pending = 0  # line breaks owed before the next text

    def render(self, root: Any) -> str:
        self._walk(root, pre=False)
        text = "".join(self.parts)
        return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")

    def _break(self, count: int) -> None:
        if self.parts:
            self.pending = max(self.pending, count)

    def _emit(self, text: str) -> None:
        if self.pending:
            if not text.strip():
                return
            self.parts.append("\n" * self.pending)
            self.pending = 0
            text = text.lstrip(" ")
        elif not self.parts:
            text = text.lstrip()
        if text:
            self.parts.append(text)

    def _walk(self, node: Any, pre: bool) -> None:
        from bs4.element import CData, NavigableString, Tag

        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString or isinstance(child, CData):
                    self._emit(str(child) if pre else re.sub(r"\s+", " ", str(child)))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name.lower()
            if name == "br":
                self._break(1)
                continue
            if name == "sup" and _footnote_marker(child.get_text()):
                continue
            if name in ("td", "th") and child.find_previous_sibling(("td", "th")):
                self._emit(" | ")
            block = name in _HTML_BLOCKS
            if block:
                self._break(1 if name in _HTML_LINES else 2)
            if name == "li":
                self._emit("- ")
            self._walk(child, pre or name == "pre")
            if block:
                self._break(1 if name in _HTML_LINES else 2)


def _footnote_marker(text: str) -> bool:
    return re.fullmatch(r"\s*\[?\d{1,3}\]?\s*|\s*[*†‡]\s*", text) is not None


def _read_docx(path: Path, data: bytes, max_pages: int) -> _Extracted:
    """The paragraphs and tables of a Word document, in order, via python-docx."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as error:
        raise ReadError(path, f"broken DOCX (not a valid ZIP archive: {error})") from error
    if "word/document.xml" not in names:
        raise ReadError(path, "not a DOCX document (a ZIP archive without word/document.xml)")
    if unpacked > MAX_UNZIP_RATIO * len(data) + 10_000_000:
        raise ReadError(path, f"the DOCX unpacks to {unpacked} bytes: too much for its size")
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        blocks = list(_docx_blocks(document))
        properties = document.core_properties
        title = (properties.title or "").strip()
        language = _language_code(properties.language)
    except Exception as error:  # python-docx and lxml raise many kinds of error on bad XML
        raise ReadError(path, f"broken DOCX: {type(error).__name__}: {error}") from error
    parts: list[str] = []
    previous_item = False
    for text, is_item, is_heading in blocks:
        if parts:
            parts.append("\n" if is_item and previous_item else "\n\n")
        parts.append(f"- {text}" if is_item else text)
        previous_item = is_item
        if is_heading and not title:
            title = text
    raw = "".join(parts)
    if not raw.strip():
        raise ReadError(path, "no text in the DOCX document")
    return _Extracted(raw, title=title or None, language=language)


def _docx_blocks(document: Any) -> Iterator[tuple[str, bool, bool]]:
    """(text, is a list item, is a title or top heading) for each paragraph and table row."""
    from docx.table import Table

    for item in document.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = cell.text.strip()
                    if text and (not cells or cells[-1] != text):
                        cells.append(text)
                if cells:
                    yield " | ".join(cells), False, False
            continue
        text = item.text.strip()
        if not text:
            continue
        style = (item.style.name if item.style is not None else "") or ""
        numbered = item._p.pPr is not None and item._p.pPr.numPr is not None
        yield text, style.startswith("List") or numbered, style in ("Title", "Heading 1")


_READERS: dict[str, Callable[[Path, bytes, int], _Extracted]] = {
    ".txt": _read_text,
    ".md": _read_markdown,
    ".pdf": _read_pdf,
    ".html": _read_html,
    ".htm": _read_html,
    ".docx": _read_docx,
}


# --- metadata ------------------------------------------------------------------------------------


def _checked_metadata(path: Path, metadata: Mapping[str, Any]) -> dict[str, Any]:
    """Given metadata with its values checked and typed (dates parsed from ISO text)."""
    checked: dict[str, Any] = {}
    for key, value in metadata.items():
        if key not in METADATA_KEYS or value is None:
            if key in METADATA_KEYS:
                checked[key] = None
            continue
        if key == "date":
            if isinstance(value, datetime.datetime):
                value = value.date()
            elif not isinstance(value, datetime.date):
                parsed = _iso_date(str(value), strict=True)
                if parsed is None:
                    raise ReadError(path, f"metadata date {value!r} is not an ISO date")
                value = parsed
        elif key == "kind" and value not in KINDS:
            raise ReadError(path, f"metadata kind {value!r} is not one of {', '.join(KINDS)}")
        elif key == "language" and value not in LANGUAGES:
            raise ReadError(path, f"metadata language {value!r} is not one of {LANGUAGES}")
        elif key == "identifiers":
            if not isinstance(value, Mapping):
                raise ReadError(path, "metadata identifiers must be an object")
            value = {str(k): str(v) for k, v in value.items() if v is not None}
        elif key == "title":
            value = str(value).strip() or None
        checked[key] = value
    return checked


def guess_metadata(text: str, raw: str | None = None) -> dict[str, Any]:
    """Title, date, kind, language and identifiers guessed from a document's clean text (and
    its raw text, which still has the running headers that give a Kamerstuk number)."""
    kind = _guess_kind(text)
    identifiers: dict[str, str] = {}
    own = _own_kamerstuk(text, raw or "")
    if own:
        identifiers["kamerstuk"] = own
    if kind in ("kamervragen", "antwoorden") and (kenmerk := _kenmerk(text)):
        identifiers["kenmerk"] = kenmerk
    return {
        "title": _guess_title(text, kind),
        "date": _guess_date(text, kind),
        "kind": kind,
        "language": guess_language(text),
        "identifiers": identifiers,
    }


# dates

_MONTHS = {
    "januari": 1,
    "january": 1,
    "jan": 1,
    "februari": 2,
    "february": 2,
    "feb": 2,
    "maart": 3,
    "march": 3,
    "mrt": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "may": 5,
    "juni": 6,
    "june": 6,
    "jun": 6,
    "juli": 7,
    "july": 7,
    "jul": 7,
    "augustus": 8,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "oktober": 10,
    "october": 10,
    "okt": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE = re.compile(
    rf"\b(?P<d1>\d{{1,2}})(?:e|ste|de|st|nd|rd|th)?\s+(?P<m1>{_MONTH})\.?,?\s+(?P<y1>\d{{4}})\b"
    rf"|\b(?P<m2>{_MONTH})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})\b"
    r"|\b(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2})\b"
    r"|\b(?P<d4>\d{1,2})[-/.](?P<m4>\d{1,2})[-/.](?P<y4>\d{4})\b",
    re.IGNORECASE,
)
_SUBMITTED = re.compile(r"\bingezonden(?:\s+op)?\s+$", re.IGNORECASE)
_DATE_LABEL = re.compile(
    r"(?:\bDatum|\bDate|\bDated|\bDen Haag,|'s-Gravenhage,|\bBrussel,|\bBrussels,|"
    r"\bLuxembourg,|\bStrasbourg,|\bVastgesteld|\bGepubliceerd(?: op)?|\bPublished(?: on)?)"
    r"[:\s]+$",
    re.IGNORECASE,
)
#: How far from the top a date counts as the document's own date.
_TOP = 500


def _found_dates(text: str) -> Iterator[tuple[re.Match[str], datetime.date]]:
    for match in _DATE.finditer(text):
        found = _match_date(match)
        if found is not None:
            yield match, found


def _match_date(match: re.Match[str]) -> datetime.date | None:
    for n in "1234":
        if match.group(f"y{n}"):
            year, month, day = (match.group(f"{part}{n}") for part in "ymd")
            number = _MONTHS[month.lower()] if month.isalpha() else int(month)
            try:
                found = datetime.date(int(year), number, int(day))
            except ValueError:
                return None
            return found if 1900 <= found.year <= 2100 else None
    return None


def _guess_date(text: str, kind: str) -> datetime.date | None:
    """The submission date of Kamervragen, a labelled date ("Datum ...", "Den Haag, ..."), or
    the first date near the top; an answer's date is never the questions' submission date."""
    labelled: datetime.date | None = None
    first: datetime.date | None = None
    for match, found in _found_dates(text[:3000]):
        before = text[max(0, match.start() - 40) : match.start()]
        submitted = _SUBMITTED.search(before) is not None
        if submitted and kind == "antwoorden":
            continue
        if submitted and kind == "kamervragen":
            return found
        if labelled is None and _DATE_LABEL.search(before):
            labelled = found
        if first is None and match.start() < _TOP:
            first = found
    return labelled or first


def _iso_date(value: str, strict: bool = False) -> datetime.date | None:
    """A date from ISO text; unless ``strict``, from the start of a timestamp too."""
    match = re.fullmatch if strict else re.match
    found = match(r"\s*(\d{4})-(\d{2})-(\d{2})" + (r"\s*" if strict else ""), value)
    if not found:
        return None
    try:
        return datetime.date(*(int(part) for part in found.groups()))
    except ValueError:
        return None


# kinds

_ANSWERS = re.compile(
    r"^Antwoord(?:en)? (?:van (?:de )?(?:minister|staatssecretaris|bewindspersonen)"
    r"|op (?:de )?(?:schriftelijke )?(?:kamer)?vragen)"
    r"|\bde antwoorden (?:aan )?op (?:de )?(?:schriftelijke )?(?:kamer)?vragen\b"
    r"|^Answers? (?:of|to) (?:the )?(?:written )?questions\b",
    re.IGNORECASE | re.MULTILINE,
)
_QUESTIONS = re.compile(r"\bVragen van (?:de leden|het lid)\b|\(ingezonden\s", re.IGNORECASE)
_REPORT = re.compile(
    r"\bverslag van een (?:schriftelijk overleg|algemeen overleg|commissiedebat|notaoverleg)"
    r"|\bschriftelijk overleg\b|^I+\s+Vragen en opmerkingen\b|\bverslag van (?:de|het) "
    r"(?:commissie|overleg|debat)",
    re.IGNORECASE | re.MULTILINE,
)
_MOTION = re.compile(
    r"^(?:Nr\.\s*\d+\s+)?MOTIE VAN\b|\bgehoord de beraadslaging\b|"
    r"\ben gaat over tot de orde van de dag\b",
    re.IGNORECASE | re.MULTILINE,
)
_LETTER = re.compile(
    r"\bAan de [Vv]oorzitter van de Tweede Kamer\b|\bGeachte [Vv]oorzitter\b|"
    r"^Nr\.\s*\d+\s+Brief\b|\bKamerbrief\b|\bTweede Kamer der Staten-Generaal\b",
    re.MULTILINE,
)
_EU = re.compile(
    r"\b(?:European Commission|Europese Commissie|Council of the European Union|"
    r"European Parliament|Europees Parlement)\b"
    r"|\b(?:Regulation|Directive|Verordening|Richtlijn) \(EU\)|\bOfficial Journal\b|"
    r"\bPublicatieblad van de Europese Unie\b",
)
_BYLINE = re.compile(r"^(?:Door|By|Van onze verslaggever)\s+\S", re.MULTILINE)
_SPEECH = re.compile(r"\b(?:zegt|zei|aldus|vertelt|said|says|told)\b")


def _guess_kind(text: str) -> str:
    """The kind of document from the cues its first part gives (see :data:`kg.document.KINDS`)."""
    head = text[:3000]
    if _ANSWERS.search(head):
        return "antwoorden"
    if _QUESTIONS.search(head):
        return "kamervragen"
    if _REPORT.search(head):
        return "verslag"
    if _MOTION.search(text):
        return "motie"
    if _LETTER.search(head):
        return "kamerbrief"
    if _EU.search(text[:400]) or re.search(r"\b(?:Regulation|Verordening) \(EU\)", head):
        return "eu-text"
    if _BYLINE.search(text[:600]) or (_SPEECH.search(head) and '"' in head):
        return "news"
    return "other"


# identifiers

_KAMERSTUK = re.compile(
    r"\b(\d{2}\s?\d{3}(?:-[A-Z0-9]{1,6})?(?:\s+[IVXLC]{1,6}(?:-[A-Z])?)?)\s*,?\s+"
    r"(?:[Nn]r\.|[Nn]ummer|[Nn]o\.)\s*(\d{1,5})\b"
)
_KAMERSTUK_HEADER = re.compile(
    r"\A\s*(\d{2}\s?\d{3}(?:-[A-Z0-9]{1,6})?(?:\s+[IVXLC]{1,6})?)\s+\S[^\n]*\n\s*"
    r"Nr\.\s*(\d{1,5})\b"
)
_RUNNING_HEADER = re.compile(
    r"\bvergaderjaar \d{4}\s*[-–]\s*\d{4},\s*(\d{2}\s?\d{3}(?:-[A-Z0-9]{1,6})?"
    r"(?:\s+[IVXLC]{1,6})?),\s*nr\.\s*(\d{1,5})\b"
)
_KENMERK = re.compile(r"\b(\d{4}Z\d{5})\b")


def kamerstuk_references(text: str) -> list[str]:
    """Every Kamerstuk number in ``text``, normalised to "32 852 nr. 400", in order, once.

    Reads "32 852 nr. 400", "32852, nr. 400", "36 200 XII, nr. 56" and "21501-32, nr. 1582".
    """
    seen: dict[str, None] = {}
    for match in _KAMERSTUK.finditer(text):
        seen.setdefault(_kamerstuk(match.group(1), match.group(2)), None)
    return list(seen)


def _kamerstuk(dossier: str, number: str) -> str:
    """ "32852" -> "32 852 nr. N"; a suffix stays: "21 501-32 nr. N", "36 200 XII nr. N"."""
    found = re.fullmatch(r"(\d{2})\s?(\d{3})(-[A-Z0-9]+)?(?:\s+(\S+))?", dossier.strip())
    if found is None:
        return f"{dossier.strip()} nr. {int(number)}"
    head = f"{found.group(1)} {found.group(2)}{found.group(3) or ''}"
    if found.group(4):
        head += f" {found.group(4)}"
    return f"{head} nr. {int(number)}"


def _own_kamerstuk(text: str, raw: str) -> str | None:
    """The document's own Kamerstuk number: from its header ("32 852 ...\\n\\nNr. 400 Brief
    ...") or a running page header ("vergaderjaar 2025-2026, 32 852, nr. 400"), never from the
    Kamerstukken it cites."""
    match = _KAMERSTUK_HEADER.match(text) or _RUNNING_HEADER.search(raw[:20000])
    return _kamerstuk(match.group(1), match.group(2)) if match else None


def _kenmerk(text: str) -> str | None:
    """The questions' kenmerk (2025Z02999): the first near the word "kenmerk", else at the top."""
    labelled = re.search(r"\bkenmerk\s*:?\s*(\d{4}Z\d{5})\b", text[:5000], re.IGNORECASE)
    if labelled:
        return labelled.group(1)
    top = _KENMERK.search(text[:_TOP])
    return top.group(1) if top else None


# language

_DUTCH = _words(
    "de het een en van dat op te zijn voor met niet aan er om ook als bij door wordt worden naar"
    " maar deze die dan hoe wat heeft hebben kan zij wij nog tot uit over zich onze ons"
)
_ENGLISH = _words(
    "the a an and of to that for on with as by are be this it from at or which have has was"
    " were not will its their been would should these those there"
)


def guess_language(text: str) -> str:
    """ "nl" or "en", by which language's common words are more frequent; "nl" when unsure."""
    words = re.findall(r"[a-z]+", text[:20000].lower())
    dutch = sum(word in _DUTCH for word in words)
    english = sum(word in _ENGLISH for word in words)
    return "en" if english > 1.2 * dutch and english >= 3 else "nl"


def _language_code(value: str | None) -> str | None:
    code = (value or "").strip().lower()[:2]
    return code if code in LANGUAGES else None


# titles

_NOT_A_TITLE = re.compile(
    r"\(?ingezonden\b|Geachte\b|Aan de\b|Den Haag,|Datum\b|Date\b|Door\s|By\s|Page\s|Pagina\s"
    r"|\d{4}Z\d{5}\b|\d{2}\s?\d{3}\s+\S+$|[^\n]*\|",
    re.IGNORECASE,
)


def _guess_title(text: str, kind: str) -> str | None:
    """The first line that reads as a title: for Kamervragen "Vragen van ... over ...", for
    answers "Antwoorden op vragen van ...", for a Kamerstuk the line after "Nr. 400"; else the
    first substantial line or its first sentence, cut to about 200 characters."""
    lines = [line.strip() for line in text[:6000].split("\n") if line.strip()]
    for line in lines:
        if kind == "kamervragen" and line.startswith("Vragen van"):
            return _trim(re.sub(_ADDRESSEES, "", line))
        if kind == "antwoorden" and re.match(r"Antwoord(?:en)? (?:van|op)\b", line):
            return _trim(
                re.sub(r"^Antwoord(en)? van .*? op (?=vragen van)", r"Antwoord\1 op ", line)
            )
        numbered = re.match(r"Nr\.\s*\d+\s+(\S.*)", line)
        if numbered:
            return _trim(numbered.group(1))
    if kind in ("kamervragen", "antwoorden"):
        lines = [line for line in lines if not line.startswith(("Geachte", "Hierbij"))]
    for line in lines:
        if len(line) < 15 or len(line.split()) < 3 or _NOT_A_TITLE.match(line):
            continue
        if _found_date_only(line):
            continue
        return _trim(_first_sentence(line))
    return None


#: "aan de minister(s) van ... " in a Kamervragen title, up to "over".
_ADDRESSEES = re.compile(
    r"\s+aan de (?:minister|staatssecretaris|ministers|staatssecretarissen)\b.*?(?=\s+over\s)"
)


def _found_date_only(line: str) -> bool:
    rest = _DATE.sub("", line)
    return len(rest.split()) <= 2


def _first_sentence(line: str) -> str:
    match = re.search(r"(?<=[a-z)][.?!])\s+(?=[A-Z\"'])", line)
    return line[: match.start()] if match and match.start() >= 15 else line


def _trim(title: str) -> str:
    title = title.strip()
    if len(title) <= TITLE_LENGTH:
        return title
    cut = title.rfind(" ", 0, TITLE_LENGTH)
    return title[: cut if cut > TITLE_LENGTH // 2 else TITLE_LENGTH].rstrip(" ,;:") + "…"
