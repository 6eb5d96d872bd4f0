"""Every output a report or an FAQ reaches, fetched as its reader gets it and put to the XSS oracle.

One function per output; each returns the oracle's findings (empty: nothing could run). The
template's own script/form elements are allowed through a baseline taken from the same output of
content without vectors (`Baselines`).
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from email import parser as email_parser
from email import policy as email_policy

from tests.rapport_blocks.test_sanitize import walk
from tests.site.xss_checks import Figures

ABSOLUTE = re.compile(r"(https?://[^/\s]+|mailto:)\S*$")  # the API's contract: a url is absolute or ""
HEADER_LINE_BREAK = re.compile(r"[\r\n]")


class Baselines:
    """The template's own forbidden elements per output, from content without vectors."""

    def __init__(self, figures: Figures):
        self.figures = figures
        self.by_output: dict[str, Counter] = {}

    def take(self, output: str, markup: str) -> None:
        self.by_output[output] = self.figures.oracle.forbidden_elements(markup)

    def __getitem__(self, output: str) -> Counter:
        return self.by_output.get(output, Counter())


def _get(client, url: str, expect=200):
    response = client.get(url)
    assert response.status_code == expect, f"{url}: {response.status_code}"
    return response


def html_document(client, figures, baselines, output: str, url: str) -> list[str]:
    markup = _get(client, url).content.decode()
    return [f"{output} {url}: {p}" for p in figures.check(output, markup, baseline=baselines[output])]


def api_answer(client, figures, output: str, url: str) -> tuple[dict, list[str]]:
    """The html fields as fragments and every url field (absolute or "") of a JSON answer."""
    data = json.loads(_get(client, url).content)
    found = []
    for where, key, value in walk(data):
        if key == "html" or key.endswith("_html"):
            found += [f"{output} {where}: {p}" for p in figures.check(output, value, fragment=True)]
        elif key == "url" or key.endswith("_url"):
            found += [f"{output} {where}: {p}" for p in figures.check_url(output, value)]
            if value and not ABSOLUTE.match(value):
                found.append(f"{output} {where}: not an absolute address: {value!r:.80}")
    return data, found


def feed(client, figures, output: str, url: str) -> list[str]:
    """RSS or Atom as a reader shows it: each item's html, and every link."""
    root = ET.fromstring(_get(client, url).content)
    found = []
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag in ("description", "content", "summary") and element.text:
            found += [f"{output} <{tag}>: {p}" for p in figures.check(output, element.text, fragment=True)]
        elif tag == "link":
            for value in filter(None, (element.text, element.get("href"))):
                found += [f"{output} <link>: {p}" for p in figures.check_url(output, value.strip())]
        elif tag in ("guid", "id") and element.text:
            found += [f"{output} <{tag}>: {p}" for p in figures.check_url(output, element.text.strip())]
    return found


EMAIL_HEADERS = {
    "content-type", "mime-version", "subject", "from", "to", "reply-to", "date", "message-id",
    "list-unsubscribe", "auto-submitted", "content-transfer-encoding",
}  # fmt: skip


def email(figures, message, recipient: str, *, parts=True, links=None) -> list[str]:
    """The headers of one sent message as a mail server reads them, and (`parts`) both its parts."""
    found = []
    if parts:
        html_part = next(body for body, kind in message.alternatives if kind == "text/html")
        found += [f"e-mail html: {p}" for p in figures.check("e-mail html", html_part)]
        # The text part is plain text: a vector's words appear there as words, which no mail client
        # runs. What it links are the addresses the renderer writes, "title <url>", from the
        # presented report (the e-mail's own, with its mailing-only sections): those are checked.
        for url in links or ():
            found += [f"e-mail text: {p}" for p in figures.check_url("e-mail text", url)]
    parsed = email_parser.BytesParser(policy=email_policy.default).parsebytes(message.message().as_bytes())
    figures.outputs["e-mail headers"] += 1
    for name, value in parsed.items():
        figures.oracle.checks += 1
        if name.lower() not in EMAIL_HEADERS:
            found.append(f"e-mail header {name}: {value!r:.80} is not one the e-mail sets")
        if HEADER_LINE_BREAK.search(str(value)):
            found.append(f"e-mail header {name} holds a line break: {value!r:.80}")
    if [a.addr_spec for a in parsed["To"].addresses] != [recipient] or message.recipients() != [recipient]:
        found.append(f"e-mail to {parsed['To']} / {message.recipients()}, not {recipient}")
    return found


def email_links(report) -> list[str]:
    """Every address the e-mail of `report` links (its url fields, mailing-only sections included)."""
    from frontend_widget.mailing.message import presented

    return [value for _where, key, value in walk(presented(report)) if key == "url" and value]


def report_outputs(client, figures, baselines, report, *, feeds=True) -> list[str]:
    """The published report on its page, the API, the iframe page and the feeds."""
    found = html_document(client, figures, baselines, "page", report.url)
    found += html_document(client, figures, baselines, "embed", f"/embed/lagesbild/{report.pk}/")
    for url in (f"/api/lagesbild/{report.pk}/", "/api/lagesbild/latest/"):
        data, problems = api_answer(client, figures, "API", url)
        assert data["id"] == report.pk
        found += problems
    if feeds:
        slug = report.get_parent().slug
        found += feed(client, figures, "RSS", f"/flode/{slug}/rss/")
        found += feed(client, figures, "Atom", f"/flode/{slug}/atom/")
    return found


def faq_outputs(client, figures, baselines, faq) -> list[str]:
    found = html_document(client, figures, baselines, "FAQ page", faq.url)
    found += html_document(client, figures, baselines, "FAQ embed", f"/embed/faq/{faq.pk}/")
    data, problems = api_answer(client, figures, "FAQ API", f"/api/faq/{faq.pk}/")
    assert data["id"] == faq.pk
    return found + problems


def take_baselines(client, baselines, report=None, faq=None) -> None:
    if report is not None:
        baselines.take("page", _get(client, report.url).content.decode())
        baselines.take("embed", _get(client, f"/embed/lagesbild/{report.pk}/").content.decode())
    if faq is not None:
        baselines.take("FAQ page", _get(client, faq.url).content.decode())
        baselines.take("FAQ embed", _get(client, f"/embed/faq/{faq.pk}/").content.decode())
