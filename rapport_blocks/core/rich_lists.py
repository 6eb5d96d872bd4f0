"""Rich-text bullet lists as trees.

Editors type nested lists in Draftail; Wagtail stores them as nested <ul>/<li>. Every channel wants
items with children, so this is the one place that walks that markup.
"""

from dataclasses import dataclass, field

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.exceptions import ParserRejectedMarkup
from django.utils.translation import gettext_lazy as _

LIST_TAGS = ("ul", "ol")


@dataclass
class Bullet:
    html: str
    children: list["Bullet"] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"html": self.html, "children": [child.as_dict() for child in self.children]}


UNREADABLE = _("The text holds markup that can't be read. Paste it again as plain text.")


class UnreadableMarkup(ValueError):
    """Markup Python's HTML parser gives up on (for example `<![>`); Draftail never stores it."""


def _soup(html: str) -> BeautifulSoup:
    try:
        return BeautifulSoup(html or "", "html.parser")
    except ParserRejectedMarkup as error:
        raise UnreadableMarkup(str(error)) from error


def _is_blank(node) -> bool:
    if isinstance(node, NavigableString):
        return not node.strip()
    return isinstance(node, Tag) and node.name == "br"


def _markup(node) -> str:
    # str() of a text node is the decoded text: "&lt;b&gt;" would come back as a <b> tag.
    return node.output_ready(formatter="minimal") if isinstance(node, NavigableString) else node.decode()


def _lift_lists(node: Tag, children: list[Bullet]) -> None:
    """Lists inside an item's own markup (`<b><ul>…</ul></b>`) become children; stray `<li>`, text.

    Draftail never stores such markup, but old data, a shell or another importer can, and an item's
    html must hold no list in any channel.
    """
    while (nested := node.find(LIST_TAGS)) is not None:
        children.extend(_items_of(nested.extract()))
    for stray in node.find_all("li"):
        stray.unwrap()


def _items_of(list_tag: Tag) -> list[Bullet]:
    bullets: list[Bullet] = []
    for li in list_tag.find_all("li", recursive=False):
        own, children = [], []
        for node in list(li.children):
            if isinstance(node, Tag) and node.name in LIST_TAGS:
                children.extend(_items_of(node))
            else:
                if isinstance(node, Tag):
                    _lift_lists(node, children)
                own.append(node)
        html = "".join(_markup(node) for node in own).strip()
        if not html and children and bullets:
            # A list nested without a parent text (Draftail can store one) belongs to the bullet above.
            bullets[-1].children.extend(children)
            continue
        bullets.append(Bullet(html=html, children=children))
    return bullets


def parse_bullets(html: str) -> list[Bullet]:
    """The top-level bullets of `html`, each with its nested bullets, in document order."""
    bullets: list[Bullet] = []
    for node in _soup(html).children:
        if isinstance(node, Tag) and node.name in LIST_TAGS:
            bullets.extend(_items_of(node))
    return bullets


def text_problem(html: str) -> str | None:
    """Why `html` is not a usable text, or None."""
    try:
        soup = _soup(html)
    except UnreadableMarkup:
        return UNREADABLE
    return None if soup.get_text().strip() else _("Write some text.")


def bullets_problem(html: str) -> str | None:
    """Why `html` is not a usable bullet list, or None.

    Text outside the list would be dropped by channels that show items, so it is refused rather
    than lost.
    """
    try:
        soup = _soup(html)
    except UnreadableMarkup:
        return UNREADABLE
    for node in soup.children:
        if _is_blank(node):
            continue
        if isinstance(node, Tag) and node.name in LIST_TAGS:
            continue
        if isinstance(node, Tag) and not node.get_text().strip():
            continue
        return _("Write every line as a bullet: type “- ” at the start of the line to make it a list item.")
    bullets = parse_bullets(html)
    if not bullets:
        return _("Add at least one bullet.")

    def empty(items: list[Bullet]) -> bool:
        return any(not _soup(b.html).get_text().strip() or empty(b.children) for b in items)

    if empty(bullets):
        return _("Remove empty bullets: every bullet needs some text.")
    return None
