"""Read and write the report text layout: the plain-text form staff have always written reports in.

Pure: text in, a `ParsedReport` out (and back), no database and no models, so every rule here is
tested without Wagtail. `importing` turns a ParsedReport into a page, `exporting` a page into one.
The layout and its rules are described for users in docs/import-format.md; in short:

    Title line
    Sammanställd: 2025-05-27 klockan 08:30
    Nästa lägesbild: 2025-06-03 klockan 08:30      (optional)

    Heading
    - bullet, with **bold**, *italic* and [links](https://example.se/)
     - a child bullet (one more leading space)

    Heading of dated actions
    - 27/5: [Title](https://example.se/)

    Heading of a text section
    A paragraph; consecutive lines join into one.

The file is text, never HTML: "<", ">" and "&" are characters like any other.
"""

from .inline import normalize, parse_inline, plain_text, write_inline
from .reader import parse
from .structure import (
    ACTIONS,
    AUDIENCE_ALL,
    AUDIENCE_MAILING,
    BULLETS,
    LINKS,
    PEOPLE,
    STOCKHOLM,
    TEXT,
    Action,
    Bullet,
    Inline,
    InvalidLayout,
    LayoutWarning,
    Link,
    Paragraph,
    ParsedReport,
    Person,
    Section,
    Span,
    place,
)
from .writer import write

__all__ = [
    "AUDIENCE_ALL",
    "AUDIENCE_MAILING",
    "ACTIONS",
    "BULLETS",
    "LINKS",
    "PEOPLE",
    "STOCKHOLM",
    "TEXT",
    "Action",
    "Bullet",
    "Inline",
    "InvalidLayout",
    "LayoutWarning",
    "Link",
    "Paragraph",
    "ParsedReport",
    "Person",
    "Section",
    "Span",
    "normalize",
    "parse",
    "parse_inline",
    "place",
    "plain_text",
    "write",
    "write_inline",
]
