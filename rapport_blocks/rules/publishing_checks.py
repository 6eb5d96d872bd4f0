"""Checks before publishing: what an editor and the approver should look at before a report goes out.

Plain functions of a report (a draft or the live page) and the previous published report of its
series. Each finding has a level (error, warning, info), a message in the user's language and the
place to fix it: a stream block's anchor in the edit form (`#block-<id>-section`, which Wagtail's
stream field gives every block) or a field's. Nothing here refuses a save: rules that must hold are
validation (`RapportPage.clean`, the blocks); these are the things worth a second look.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction, Page

from ..core import dates, rich_lists
from .visibility import PublicTree

ERROR, WARNING, INFO = "error", "warning", "info"
LEVEL_LABELS = {ERROR: gettext_lazy("error"), WARNING: gettext_lazy("warning"), INFO: gettext_lazy("info")}
ACTION_MAX_AGE = dt.timedelta(days=30)
RICH_LINK = re.compile(r"<a\b([^>]*)>", re.I)
ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass(frozen=True)
class Finding:
    level: str
    message: str
    anchor: str  # "#block-<id>-section" or "#id_<field>"

    @property
    def level_label(self) -> str:
        return str(LEVEL_LABELS[self.level])


def check_report(report, previous=None, now=None) -> list[Finding]:
    """Every finding for `report`, errors first, then in the order of the form."""
    now = now or timezone.now()
    context = _Context(PublicTree(now=now))
    findings = list(_dates(report))
    for block in report.body:
        anchor = f"#block-{block.id}-section"
        heading = block.value.get("heading") or block.block.label
        findings += _links(block, heading, anchor, context)
        findings += _empty(block, heading, anchor)
        findings += _action_dates(block, heading, anchor, report.compiled_at)
    if previous is not None:
        findings += _unchanged(report, previous)
    order = {ERROR: 0, WARNING: 1, INFO: 2}
    return sorted(findings, key=lambda finding: order[finding.level])


class _Context:
    def __init__(self, tree: PublicTree):
        self.tree = tree
        self._restricted = None

    def document_hidden(self, document) -> bool:
        if self._restricted is None:
            self._restricted = tuple(
                CollectionViewRestriction.objects.values_list("collection__path", flat=True)
            )
        return bool(self._restricted) and document.collection.path.startswith(self._restricted)


# Dates


def _dates(report):
    problem = dates.order_problem(report.compiled_at, report.next_expected_at)
    if problem:
        yield Finding(ERROR, problem, "#id_next_expected_at")


# Links


def _targets(block):
    """(title, target) of every link block in a section: action links and written links."""
    kind = block.block_type
    if kind == "actions":
        for item in block.value["items"]:
            yield item["title"], item["target"]
    elif kind == "links":
        for link in block.value["links"]:
            yield link["title"], link["target"]


def _rich_links(block):
    """(text, attributes) of every link in a section's rich text."""
    value = block.value.get("bullets") or block.value.get("text")
    if value is None:
        return
    source = value.source
    for match in RICH_LINK.finditer(source):
        end = source.find("</a>", match.end())
        text = re.sub(r"<[^>]+>", "", source[match.end() : end if end >= 0 else None]).strip()
        yield text, dict(ATTR.findall(match.group(1)))


def _links(block, heading, anchor, context):
    for title, target in _targets(block):
        if not target:
            continue
        yield from _target_findings(
            title, target.get("page"), target.get("document"), target.get("url"), heading, anchor, context
        )
    for text, attrs in _rich_links(block):
        page = document = None
        if attrs.get("linktype") == "page":
            page = Page.objects.filter(pk=attrs.get("id") if str(attrs.get("id")).isdigit() else 0).first()
            if page is None:
                yield _missing(text, heading, anchor)
                continue
        elif attrs.get("linktype") == "document":
            pk = attrs.get("id") if str(attrs.get("id")).isdigit() else 0
            document = get_document_model().objects.filter(pk=pk).first()
            if document is None:
                yield _missing(text, heading, anchor)
                continue
        yield from _target_findings(text, page, document, attrs.get("href"), heading, anchor, context)


def _missing(title, heading, anchor):
    return Finding(
        ERROR,
        _("“%(title)s” in “%(heading)s” links to a page or document that no longer exists.")
        % {"title": title, "heading": heading},
        anchor,
    )


def _target_findings(title, page, document, url, heading, anchor, context):
    names = {"title": title, "heading": heading}
    if url is not None and url.strip() == "#":
        yield Finding(
            ERROR,
            _("“%(title)s” in “%(heading)s” is a placeholder link (“#”): add the real address.") % names,
            anchor,
        )
    if page is not None and not context.tree.shows(page.specific if hasattr(page, "specific") else page):
        yield Finding(
            ERROR,
            _(
                "“%(title)s” in “%(heading)s” links to a page the public cannot see (“%(target)s”): "
                "readers get no link."
            )
            % {**names, "target": page.title},
            anchor,
        )
    if document is not None and context.document_hidden(document):
        yield Finding(
            ERROR,
            _(
                "“%(title)s” in “%(heading)s” links to a document the public cannot see (“%(target)s”): "
                "readers get no link."
            )
            % {**names, "target": document.title},
            anchor,
        )


# Empty sections


def _visible_text(html: str) -> str:
    return re.sub(r"<[^>]+>|&nbsp;|\s", "", html or "")


def _empty(block, heading, anchor):
    kind = block.block_type
    empty = False
    if kind == "bullets":
        source = block.value["bullets"].source
        try:
            empty = not any(_visible_text(bullet.html) for bullet in rich_lists.parse_bullets(source))
        except rich_lists.UnreadableMarkup:
            empty = False
    elif kind == "text":
        empty = not _visible_text(block.value["text"].source)
    elif kind == "actions":
        empty = len(block.value["items"]) == 0
    elif kind == "links":
        empty = not block.value["collection"] and len(block.value["links"]) == 0
    elif kind == "people":
        empty = len(block.value["people"]) == 0
    if empty:
        yield Finding(WARNING, _("The section “%(heading)s” is empty.") % {"heading": heading}, anchor)


# Actions


def _action_dates(block, heading, anchor, compiled_at):
    if block.block_type != "actions" or not compiled_at:
        return
    compiled_day = (
        timezone.localtime(compiled_at).date() if timezone.is_aware(compiled_at) else compiled_at.date()
    )
    for item in block.value["items"]:
        day = item["date"]
        if day is None:
            continue
        names = {"title": item["title"], "heading": heading, "date": dates.long_date(day)}
        if day > compiled_day:
            yield Finding(
                WARNING,
                _("The action “%(title)s” in “%(heading)s” is dated %(date)s, after the report was compiled.")
                % names,
                anchor,
            )
        elif compiled_day - day > ACTION_MAX_AGE:
            yield Finding(
                WARNING,
                _(
                    "The action “%(title)s” in “%(heading)s” is dated %(date)s, "
                    "more than 30 days before the report."
                )
                % names,
                anchor,
            )


# Unchanged sections


def _without_ids(value):
    """List items carry ids of their own; two reports with the same words have different ones."""
    if isinstance(value, dict):
        return {key: _without_ids(item) for key, item in value.items() if key != "id"}
    if isinstance(value, list):
        return [_without_ids(item) for item in value]
    return value


def _fingerprint(block) -> str:
    return repr((block.block_type, _without_ids(block.block.get_prep_value(block.value))))


def _unchanged(report, previous):
    before = {_fingerprint(block) for block in previous.body}
    for block in report.body:
        if _fingerprint(block) in before:
            heading = block.value.get("heading") or block.block.label
            yield Finding(
                INFO,
                _("The section “%(heading)s” is unchanged since %(previous)s.")
                % {"heading": heading, "previous": previous.get_admin_display_title()},
                f"#block-{block.id}-section",
            )
