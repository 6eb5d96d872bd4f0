"""Which reader reads an uploaded or named file: chosen by what the file is, not by its name.

A zip or an OLE compound file goes to the Word reader, which reads a .docx and refuses every other
such file (.doc, .odt, encrypted, macros) saying why; a file that only claims to be a Word
document by its name gets the Word reader's answer too. Everything else is the text layout.
"""

from __future__ import annotations

from pathlib import PurePath

from . import text_layout, word

WORD_SUFFIXES = {".docx", ".docm", ".doc", ".dotx", ".dot", ".odt", ".rtf"}


def is_word(data: bytes, filename: str = "") -> bool:
    return word.looks_like_office(data) or PurePath(filename).suffix.lower() in WORD_SUFFIXES


def read_report(
    data: bytes | str, filename: str = "", *, word_max_bytes: int, word_only: bool = False
) -> text_layout.ParsedReport:
    """The report in `data`; raises text_layout.InvalidLayout saying where each problem is. With
    `word_only` (an upload to "Importera från Word") anything but a .docx is refused as such."""
    if word_only and isinstance(data, bytes):
        return word.parse(data, max_bytes=word_max_bytes)
    if isinstance(data, bytes) and is_word(data, filename):
        return word.parse(data, max_bytes=word_max_bytes)
    return text_layout.parse(data)
