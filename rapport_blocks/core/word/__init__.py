"""Reading a report written in Word (.docx): pure, bytes in, the text layout's `ParsedReport` out.

`package` opens the file safely (or refuses it, saying why), `styles` and `lists` resolve what
Word's styles and numbering say, `runs` reads a paragraph's text, and `reader` turns the
paragraphs into the document structure the text layout's reader yields too (docs/import-format.md).
"""

from .package import looks_like_office
from .reader import parse, read

__all__ = ["looks_like_office", "parse", "read"]
