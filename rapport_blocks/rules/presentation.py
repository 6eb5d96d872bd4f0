"""A report as plain data: the one shape every channel renders (the JSON contract, docs/api.md).

`present(page, base_url=...)` turns a RapportPage (the live row, i.e. the published content, or a
draft instance in preview) into dicts and lists: sections with their kind and heading, sanitised
html and absolute URLs. The link resolution and the sanitiser are called here and nowhere else,
so no channel can forget them. A link to anything the public may not see (`visibility`: a draft,
a page under a view restriction or an unpublished branch, an expired, deleted or missing page or
document) becomes plain text, and every link left is absolute.
"""

from urllib.parse import urljoin

from django.conf import settings
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.module_loading import import_string
from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction, Page, Site
from wagtail.rich_text.rewriters import LinkRewriter

from ..blocks import AUDIENCE_MAILING, ReportBodyBlock
from ..conf import rapport_settings
from ..core import rich_lists
from ..core.links import url_problem
from ..core.sanitize import clean_html, safe_url
from ..faq import links as faq_links
from . import anchors, changes, visibility

# Base URLs


def report_base_url(page=None, request=None) -> str:
    """The origin that internal links are made absolute against ("https://host[:port]").

    With a request: the origin the visitor used, for pages rendered per request. Without: the
    configured root URL of the page's Wagtail site, which no Host header can change; use that
    for anything cached or sent elsewhere (API, e-mail, feeds).
    """
    if request is not None:
        return f"{request.scheme}://{request.get_host()}"
    site = page.get_site() if page is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return site.root_url
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


# Link resolution


class Links:
    """Resolves a report's internal links to absolute public URLs, or to "" when not public."""

    def __init__(self, base_url: str, site_id=None):
        self.base_url = base_url.rstrip("/") + "/"
        self.site_id = site_id
        self.rewriter = LinkRewriter(bulk_rules={"page": self._page_tags, "document": self._document_tags})

    def absolute(self, url) -> str:
        return safe_url(urljoin(self.base_url, url)) if url else ""

    def page_url(self, page, *, require_public=True) -> str:
        if page is None:
            return ""
        if require_public and not self._public_tree.shows(page):
            return ""
        parts = page.get_url_parts()
        if not parts or parts[2] is None:
            return ""
        site_id, root_url, path = parts
        # Another Wagtail site's page keeps that site's own root URL.
        if self.site_id is not None and site_id != self.site_id and root_url:
            return safe_url(root_url + path)
        return self.absolute(path)

    def document_url(self, document) -> str:
        if document is None or _under(document.collection.path, self._restricted_collections):
            return ""
        return self.absolute(document.url)

    def target_url(self, target) -> str:
        """The URL of a link target block ({page, anchor, document, url}); "" for none or a placeholder."""
        if not target:
            return ""
        if target.get("page"):
            # A question of an FAQ page: the page's URL plus the anchor, while the question exists.
            return faq_links.question_url(self.page_url(target["page"]), target["page"], target.get("anchor"))
        if target.get("document"):
            return self.document_url(target["document"])
        url = (target.get("url") or "").strip()
        if not url or url.startswith("#") or url_problem(url):  # only what an editor may enter: absolute
            return ""
        return safe_url(url)

    def html(self, source: str) -> str:
        """Wagtail's stored rich text with internal links made absolute (or unwrapped), not yet sanitised."""
        return self.rewriter(source or "")

    @cached_property
    def _public_tree(self) -> visibility.PublicTree:
        return visibility.PublicTree()

    @cached_property
    def _restricted_collections(self) -> tuple[str, ...]:
        return tuple(CollectionViewRestriction.objects.values_list("collection__path", flat=True))

    def _page_tags(self, attrs_list: list[dict]) -> list[str]:
        ids = [attrs.get("id") for attrs in attrs_list]
        pages = Page.objects.filter(id__in=[i for i in ids if str(i).isdigit()]).specific()
        by_id = {str(page.pk): page for page in pages}
        return [_a(self.page_url(by_id.get(str(i)))) for i in ids]

    def _document_tags(self, attrs_list: list[dict]) -> list[str]:
        ids = [attrs.get("id") for attrs in attrs_list]
        documents = get_document_model().objects.filter(id__in=[i for i in ids if str(i).isdigit()])
        by_id = {str(doc.pk): doc for doc in documents.select_related("collection")}
        return [_a(self.document_url(by_id.get(str(i)))) for i in ids]


def _a(url: str) -> str:
    # An <a> without href is unwrapped to its text by the sanitiser.
    return f'<a href="{escape(url)}">' if url else "<a>"


def _under(path: str, restricted_paths: tuple[str, ...]) -> bool:
    """Whether a tree path is at or below one of the restricted ones (treebeard paths nest by prefix)."""
    return path.startswith(restricted_paths) if restricted_paths else False


def rich_text_html(source: str, *, base_url: str) -> str:
    """Any other stored rich text (a series' or the home page's intro), sanitised like a report's."""
    links = Links(base_url)
    return clean_html(links.html(source), base_url=links.base_url)


# Sections


def _bullet(bullet: rich_lists.Bullet, base_url: str) -> dict:
    return {
        "anchor": None,  # set by `present_content`: see `anchors`
        "html": clean_html(bullet.html, base_url=base_url),
        "change": None,  # set by `present`: see `changes`
        "children": [_bullet(child, base_url) for child in bullet.children],
    }


def _bullets(value, links: Links) -> dict:
    # Resolve links in the whole list (one query) and clean it, so the splitter reads well-formed
    # markup the way a browser would; then sanitise each item on its own.
    tree = rich_lists.parse_bullets(clean_html(links.html(value["bullets"].source), base_url=links.base_url))
    return {"items": [_bullet(bullet, links.base_url) for bullet in tree]}


def _actions(value, links: Links) -> dict:
    return {
        "items": [
            {
                "anchor": None,
                "date": action["date"],
                "title": action["title"],
                "url": links.target_url(action.get("target")),
                "change": None,
            }
            for action in value["items"]
        ]
    }


def _links(value, links: Links) -> dict:
    collection = value.get("collection")
    if collection is not None:
        chosen = [block.value for block in collection.links]
    else:
        chosen = value.get("links") or []
    return {
        "items": [
            {"anchor": None, "title": link["title"], "url": links.target_url(link["target"]), "change": None}
            for link in chosen
        ]
    }


def _people(value, links: Links) -> dict:
    return {
        "items": [
            {
                "name": person.name,
                "role": person.role or "",
                "email": person.email or "",
                "phone": person.phone or "",
            }
            for person in value["people"]
            if person is not None  # a deleted snippet
        ]
    }


def _text(value, links: Links) -> dict:
    return {"html": clean_html(links.html(value["text"].source), base_url=links.base_url)}


SECTION_PRESENTERS = {
    "bullets": _bullets,
    "actions": _actions,
    "links": _links,
    "people": _people,
    "text": _text,
}


def section_kind(block) -> str:
    """The contract `type` of a section block, also for a block previewed on its own."""
    if getattr(block, "name", "") in SECTION_PRESENTERS:
        return block.name
    for name, child in ReportBodyBlock().child_blocks.items():
        if type(child) is type(block):
            return name
    raise ValueError(f"{block!r} is not a report section block")


def present_section(kind: str, value, *, links: Links | None = None, base_url: str = "") -> dict:
    """One section: {"type", "heading", "anchor", ...kind's own fields} (anchors: `present_content`'s)."""
    links = links or Links(base_url or report_base_url())
    return {
        "type": kind,
        "heading": value["heading"],
        "anchor": None,
        **SECTION_PRESENTERS[kind](value, links),
    }


# The report


def _local(moment):
    return timezone.localtime(moment, timezone.get_default_timezone()) if moment else None


def _series(page, links: Links, parent=None) -> dict | None:
    if parent is None and page.depth:
        parent = page.get_parent()
        parent = parent.specific if parent is not None else None
    if parent is None:
        return None
    return {"slug": parent.slug, "title": parent.title, "url": links.page_url(parent)}


def present_list(reports, *, base_url: str, site_id=None) -> list[dict]:
    """Reports as the items of a list (id, title, series, compiled_at, url), in the given order.

    The same fields as `present` gives them, shaped here and nowhere else; the reports' series
    are read in one query, not one per report.
    """
    links = Links(base_url, site_id=site_id)
    parent_paths = {report.path[: -Page.steplen] for report in reports}
    parents = {parent.path: parent for parent in Page.objects.filter(path__in=parent_paths).specific()}
    return [
        {
            "id": report.pk,
            "title": report.title,
            "series": _series(report, links, parents.get(report.path[: -Page.steplen])),
            "compiled_at": _local(report.compiled_at),
            "url": links.page_url(report, require_public=False),
        }
        for report in reports
    ]


def is_mailing_only(value) -> bool:
    """Whether a section's block value is for the e-mail only ("Endast utskick")."""
    return value.get("audience") == AUDIENCE_MAILING


def _sections(page, links: Links, include_mailing: bool) -> list[dict]:
    sections = []
    for block in page.body:
        mailing_only = is_mailing_only(block.value)
        if mailing_only and not include_mailing:
            continue
        section = present_section(block.block_type, block.value, links=links)
        if include_mailing:
            section["mailing_only"] = mailing_only
        sections.append(section)
    return sections


def pdf_url(url: str) -> str:
    """The PDF beside the report page (`<url>pdf/`) where the site serves PDFs (RAPPORT_BLOCKS_PDF_VIEW)."""
    if not url or not rapport_settings.PDF_VIEW:
        return ""
    return url + ("pdf/" if url.endswith("/") else "/pdf/")


def present_content(page, *, base_url: str, include_mailing: bool = False) -> dict:
    """The report's own content in the contract's shape, without the comparison with the previous one.

    "Endast utskick" sections are left out unless `include_mailing` is set: only the e-mail and
    the admin's previews ask for them, so no public channel can show them by forgetting a filter.
    With it, every section carries `mailing_only` (never part of the public contract). Every
    section, bullet, action and link carries its `anchor` on the report page (`anchors`).
    """
    parts = page.get_url_parts() if page.depth else None
    links = Links(base_url, site_id=parts[0] if parts else None)
    url = links.page_url(page, require_public=False)
    report = {
        "id": page.pk,
        "title": page.title,
        "series": _series(page, links),
        "number": page.number,
        "compiled_at": _local(page.compiled_at),
        "next_expected_at": _local(page.next_expected_at),
        "last_published_at": _local(page.last_published_at),
        "url": url,
        "pdf_url": pdf_url(url),
        "changes": None,
        "sections": _sections(page, links, include_mailing),
    }
    anchors.assign(report)
    return report


def present(page, *, base_url: str, include_mailing: bool = False) -> dict:
    """The report in the JSON contract's shape (datetimes and dates as Python objects).

    Each bullet, action and link carries `change` ("new", "changed" or None) and the report
    `changes` ({new, changed, removed, compared_with}): the report compared with the previous
    published report of its series, presented the same way (`changes`), for the same audience
    (with `include_mailing`, "Endast utskick" sections compare with the previous ones). That
    report's own comparison is not needed, so the series is never walked further back.
    """
    report = present_content(page, base_url=base_url, include_mailing=include_mailing)
    previous = changes.previous_report(page)
    previous_data = (
        present_content(previous, base_url=base_url, include_mailing=include_mailing)
        if previous is not None
        else None
    )
    report["changes"] = changes.mark(report, previous_data)
    return report


# The report page


def present_for_page(page, request) -> dict:
    """What the report page renders: the configured presenter's copy when it has one, else `present`.

    A site may set RAPPORT_BLOCKS_PRESENTER, a dotted path to `presenter(page, request)`, to serve
    published reports from a cache it keeps (the host project uses the delivery's), so the page is
    not sanitised on every view; the plugin itself needs no such setting. The presenter returns
    None for whatever it does not hold (a restricted page), and the page is then presented here,
    as it is without the setting. A preview is always presented here, with the mailing-only sections.
    """
    if getattr(request, "is_preview", False):
        # The admin's preview: the editor sees the "Endast utskick" sections, marked as such.
        return present(page, base_url=report_base_url(page, request=request), include_mailing=True)
    path = rapport_settings.PRESENTER
    if path:
        presented = import_string(path)(page, request)
        if presented is not None:
            return presented
    return present(page, base_url=report_base_url(page, request=request))
