"""A guard against XML entity expansion ("billion laughs") in RDF/XML input.

pyoxigraph's RDF/XML parser never resolves external entities, but it does expand internal ones:
eight nested levels of ten references turn a 1 KB file into a 100 MB literal in under a second,
ten levels into 10 GB. Internal entities are common and harmless in RDF/XML (OWL files declare
``<!ENTITY rdf "http://...">`` to shorten IRIs), so they are not refused; what is refused is a
declaration whose full expansion would exceed a bound. The DTD is read before the parser runs.
"""

from __future__ import annotations

import re
from functools import cache

#: No sane entity in an RDF file expands to more than this many characters.
MAX_EXPANSION = 1_000_000

_DECLARATION = re.compile(rb"<!ENTITY\s+(%\s+)?([^\s\"'>]+)\s+(\"[^\"]*\"|'[^']*')", re.S)
_REFERENCE = re.compile(rb"[&%]([^\s;&%<>\"']+);")


class EntityExpansionError(ValueError):
    """The document declares an entity that expands beyond the bound."""


def check_entity_expansion(data: bytes, limit: int = MAX_EXPANSION) -> None:
    """Raise EntityExpansionError when an internal entity of ``data`` expands past ``limit``
    characters (or refers to itself)."""
    if b"<!ENTITY" not in data:
        return
    values = {name: quoted[1:-1] for _, name, quoted in _DECLARATION.findall(data)}

    @cache
    def expanded_length(name: bytes, depth: int = 0) -> int:
        if depth > len(values):
            raise EntityExpansionError(f"The XML entity {_text(name)!r} refers to itself.")
        value = values.get(name, b"")
        total = len(_REFERENCE.sub(b"", value))
        for reference in _REFERENCE.findall(value):
            if reference in values:
                total += expanded_length(reference, depth + 1)
            if total > limit:
                break
        return total

    for name in values:
        if expanded_length(name) > limit:
            raise EntityExpansionError(
                f"The XML entity {_text(name)!r} expands to more than {limit} "
                "characters (an entity expansion attack?); the file is refused."
            )


def _text(name: bytes) -> str:
    return name.decode(errors="replace")
