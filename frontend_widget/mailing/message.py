"""One e-mail of a report, drawn from the same presented data as every other channel.

`present(..., include_mailing=True)` gives the sections with the "Endast utskick" ones; both
parts are rendered from that one dict: the HTML part with the e-mail template, the text part from
the same sanitised html, reduced to text. Nothing here reads stream blocks or sanitises.
"""

from email.utils import make_msgid, parseaddr

from bs4 import BeautifulSoup
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from rapport_blocks.core import dates
from rapport_blocks.rules.presentation import present, report_base_url

from ..conf import delivery_settings


def presented(page, include_mailing: bool = True) -> dict:
    """The report as the e-mail shows it: every section, also those for the e-mail only, unless
    `include_mailing` is False (the public version, which subscribers get)."""
    return present(page, base_url=report_base_url(page), include_mailing=include_mailing)


def subscribe_url(report: dict) -> str:
    """The series' "Prenumerera" form (frontend_widget.mailing.subscribe_views), beside its page."""
    series_url = (report.get("series") or {}).get("url") or ""
    return series_url + "prenumerera/" if series_url else ""


def subject(report: dict, update: bool = False) -> str:
    """“Regional rapport – 27 maj 2025”, “Uppdaterad: Regional rapport – 27 maj 2025”."""
    text = report["title"]
    if report.get("compiled_at"):
        text = f"{text} – {dates.long_date(report['compiled_at'])}"
    if update:
        text = _("Updated: %(subject)s") % {"subject": text}
    return " ".join(text.split())  # no line breaks in a header


def html_to_text(html: str) -> str:
    """Sanitised html (a bullet, a paragraph) as plain text; a link keeps its address in brackets."""
    soup = BeautifulSoup(html or "", "html.parser")
    for link in soup.find_all("a"):
        href = link.get("href", "")
        text = link.get_text()
        link.replace_with(f"{text} <{href}>" if href and href != text else text)
    for br in soup.find_all("br"):
        br.replace_with("\n")
    blocks = [" ".join(p.get_text().split()) for p in soup.find_all("p")]
    return "\n\n".join(b for b in blocks if b) if blocks else " ".join(soup.get_text().split())


def render_html(report: dict, on_list: bool = True, unsubscribe_url: str = "") -> str:
    context = {
        "report": report,
        "on_list": on_list,
        "unsubscribe_url": unsubscribe_url,
        "subscribe_url": subscribe_url(report),
    }
    return render_to_string("frontend_widget/email/report.html", context)


def render_text(report: dict, on_list: bool = True, unsubscribe_url: str = "") -> str:
    """The plain-text part: the same sections as the HTML part, as a reader of plain mail expects."""
    lines = []
    if report.get("series"):
        lines.append(report["series"]["title"])
    lines += [report["title"], "=" * min(len(report["title"]), 72)]
    if report.get("number"):
        lines.append(dates.number_label(report["number"]))
    lines.append(dates.compiled_label(report["compiled_at"]))
    if report.get("next_expected_at"):
        lines.append(dates.next_expected_label(report["next_expected_at"]))
    if report.get("url"):
        lines += ["", _("Read the report on the intranet: %(url)s") % {"url": report["url"]}]
    if report.get("pdf_url"):
        lines.append(_("The report as a PDF: %(url)s") % {"url": report["pdf_url"]})
    for section in report["sections"]:
        lines += ["", ""]
        if section.get("mailing_only"):
            lines.append("[" + _("Only in this e-mail: not published on the intranet") + "]")
        lines += [section["heading"], "-" * min(len(section["heading"]), 72)]
        lines += _section_text(section, report)
    lines += ["", "--"]
    if on_list:
        lines.append(
            _(
                "You receive this report because you are on one of its distribution lists. "
                "Reply to this e-mail to be removed."
            )
        )
    if unsubscribe_url:
        lines.append(_subscribed_because(report))
        lines.append(_("End subscription: %(url)s") % {"url": unsubscribe_url})
    elif subscribe_url(report):
        lines.append(_("Subscribe to the series: %(url)s") % {"url": subscribe_url(report)})
    return "\n".join(lines) + "\n"


def _subscribed_because(report: dict) -> str:
    series = (report.get("series") or {}).get("title") or report["title"]
    return _("You receive this report because you subscribe to %(series)s.") % {"series": series}


def _bullet_text(items, depth=0) -> list[str]:
    lines = []
    for item in items:
        lines.append("  " * depth + "- " + html_to_text(item["html"]))
        lines += _bullet_text(item["children"], depth + 1)
    return lines


def _link_text(title: str, url: str) -> str:
    return f"{title} <{url}>" if url else title


def _section_text(section: dict, report: dict) -> list[str]:
    kind = section["type"]
    if kind == "bullets":
        return _bullet_text(section["items"])
    if kind == "actions":
        compiled_at = report.get("compiled_at")
        return [
            f"- {dates.action_date(item['date'], compiled_at)}: {_link_text(item['title'], item['url'])}"
            for item in section["items"]
        ]
    if kind == "links":
        return [f"- {_link_text(item['title'], item['url'])}" for item in section["items"]]
    if kind == "people":
        lines = []
        for person in section["items"]:
            parts = [person["name"], person["role"], person["email"], person["phone"]]
            lines.append("- " + ", ".join(part for part in parts if part))
        return lines
    return [html_to_text(section["html"])]


def _contact() -> str:
    configured = delivery_settings.EMAIL_UNSUBSCRIBE
    reply_to = list(delivery_settings.EMAIL_REPLY_TO or [])
    return configured or (reply_to[0] if reply_to else settings.DEFAULT_FROM_EMAIL)


def headers() -> dict:
    """List-Unsubscribe names the list's contact: the lists are kept by people, not a robot."""
    address = parseaddr(_contact())[1]
    unsubscribe = _("Unsubscribe")
    return {
        "List-Unsubscribe": f"<mailto:{address}?subject={unsubscribe}>",
        "Auto-Submitted": "auto-generated",
    }


def pdf_attachment(page, revision, report: dict) -> tuple[str, bytes] | None:
    """(file name, bytes) of the e-mail's PDF, or None where PDFs cannot be made (the e-mail still
    links to it). The report as this e-mail shows it, "Endast utskick" sections included: the
    stored copy when there is one (the PDF channel ran first), else rendered now, in the e-mail's run."""
    from ..pdf import copies, engine, views

    if engine.unavailable():
        return None
    copy = copies.store(page, revision, copies.for_email(revision, report))
    return views.filename(copy), copies.read(copy)


# Stands for a subscriber's own unsubscribe link in a part rendered once for every subscriber.
UNSUBSCRIBE_MARK = "https://unsubscribe.invalid/lagesbild-mark/"


class Rendered:
    """A report's e-mail rendered once, then addressed to each recipient.

    `on_list`: the e-mail to the distribution lists (whose footer says so); False: to subscribers
    only. A subscriber's message carries its own unsubscribe link (RFC 8058's one-click POST in
    List-Unsubscribe, and visibly): the parts with it are rendered once, with a mark in its place.
    """

    attachment: tuple[str, bytes] | None = None  # the PDF, for the addresses whose list asks for it

    def __init__(self, report: dict, update: bool = False, on_list: bool = True):
        self.report = report
        self.on_list = on_list
        self._parts: dict[bool, tuple[str, str]] = {}
        with translation.override(settings.LANGUAGE_CODE):
            self.subject = subject(report, update)
            self.headers = headers()
        if on_list:
            self.html, self.text = self.parts(subscribed=False)

    def parts(self, subscribed: bool) -> tuple[str, str]:
        """(html, text), with the unsubscribe mark where `subscribed`."""
        if subscribed not in self._parts:
            mark = UNSUBSCRIBE_MARK if subscribed else ""
            with translation.override(settings.LANGUAGE_CODE):
                html = render_html(self.report, self.on_list, mark)
                text = render_text(self.report, self.on_list, mark)
            self._parts[subscribed] = html, text
        return self._parts[subscribed]

    def to(self, address: str, attach: bool = False, unsubscribe_url: str = "") -> EmailMultiAlternatives:
        html, text = self.parts(subscribed=bool(unsubscribe_url))
        extra = {}
        if unsubscribe_url:
            html = html.replace(UNSUBSCRIBE_MARK, escape(unsubscribe_url))
            text = text.replace(UNSUBSCRIBE_MARK, unsubscribe_url)
            # The https link first: the one a mail client's one-click button POSTs to (RFC 8058).
            contact = f", {self.headers['List-Unsubscribe']}" if self.on_list else ""
            extra = {
                "List-Unsubscribe": f"<{unsubscribe_url}>{contact}",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            }
        message = EmailMultiAlternatives(
            subject=self.subject,
            body=text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[address],
            reply_to=list(delivery_settings.EMAIL_REPLY_TO or []) or None,
            headers={**self.headers, **extra, "Message-ID": make_msgid(domain=_domain())},
        )
        message.attach_alternative(html, "text/html")
        if attach and self.attachment is not None:
            message.attach(self.attachment[0], self.attachment[1], "application/pdf")
        return message


def _domain() -> str:
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
