"""The leak matrix's world: every way a report or an FAQ page can be non-public, on one site at once.

Each state hides a report B and an FAQ page F that carry a secret word of the state's own (in their
titles, bodies, FAQ questions and, where they have their own address, their slugs and anchors). A
public report L per state links to B and to F's question three ways (a rich-text link, an action, a
link section); a public FAQ page links to every B and F from its answers. All series of the site
share the distribution list "Ledningen", so every published report is e-mailed, as in real use.

The steps, for the Django matrix (tests/site/test_visibility_matrix.py) and the browser one
(tests/browser/test_widget_leaks.py) alike: `build` (every state's B and F, public where the state
starts public), ask every output (which primes the caches), `hide`, ask again.
Every change runs in `commit()`, a committed transaction as in the admin, so the cache
invalidation and the e-mail dispatch run exactly as they do on a real site.
"""

from __future__ import annotations

import datetime as dt
import smtplib
import time
from contextlib import contextmanager
from dataclasses import dataclass
from unittest import mock

from django.contrib.auth.models import Group
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from tests import factories
from tests.factories import bullets, stockholm

LEADERSHIP = ("chef@example.se", "senare@example.se")  # the main series' list
LATE = "senare@example.se"  # refused while the states are built: its e-mail is retried after hiding
OTHER_SERIES_ADDRESS = "annan@example.se"  # the other series' own list
SUBSCRIBER = "prenumerant@example.se"  # subscribes herself to the main site's series: the public version
OTHER_SERIES_SECRET = "hemlisannanseriex"
OTHER_HOST = "annan.example"
EXPIRES_IN = dt.timedelta(hours=1)  # the expiring state's pages, from when they are built


class Clock:
    """The test's time: real time plus `offset` seconds, for `time.time` and Django's `timezone.now`.

    Every expiry check (the visibility rule, the delivery's cached entries, the file cache) reads
    one of the two, so moving the clock past an expiry time is the time passing, without sleeping.
    """

    def __init__(self):
        self.offset = 0.0

    @contextmanager
    def installed(self):
        real_time, real_now = time.time, timezone.now
        with (
            mock.patch("time.time", lambda: real_time() + self.offset),
            mock.patch("django.utils.timezone.now", lambda: real_now() + dt.timedelta(seconds=self.offset)),
        ):
            yield self


class RefusingBackend(EmailBackend):
    """The locmem backend (django.core.mail.outbox), refusing `refused` as an SMTP server would."""

    refused: set[str] = set()

    def send_messages(self, messages):
        for message in messages:
            refused = {
                address: (550, b"Mailbox unavailable") for address in message.to if address in self.refused
            }
            if refused:
                raise smtplib.SMTPRecipientsRefused(refused)
        return super().send_messages(messages)


def page_target(page, anchor="") -> dict:
    target = {"page": page.pk, "document": None, "url": ""}
    if anchor:
        target["anchor"] = anchor
    return target


def first_anchor(faq) -> str:
    return faq.body[0].value["questions"][0]["anchor"]


@dataclass
class Case:
    """One state: its secret, the pages it hides, and what the e-mail may show."""

    name: str
    secret: str
    keyword: str  # another word of B's and F's text, to search for: a search box echoes its query
    shows_while_public: bool  # some output shows the secret before it is hidden
    hidden_from_start: bool  # never public: no e-mail may ever carry the secret
    republish_while_hidden: bool = False  # an editor may publish B again, hidden, with "Skicka uppdatering"
    report: Page | None = None
    faq: Page | None = None
    series: Page | None = None  # a series of its own, where the state hides a whole series
    linking: Page | None = None
    report_path: str = ""
    faq_path: str = ""
    steps: object = None


class World:
    def __init__(self, commit, clock: Clock):
        self.commit = commit
        self.clock = clock
        self.cases: dict[str, Case] = {}
        self.settings_changes: dict = {}

    # Building

    def build(self, states: dict):
        RefusingBackend.refused = {LATE}
        with self.commit():
            self.home = factories.home_page()
            # The leadership's list takes the PDF too: the e-mail's attachment is checked as the e-mail is.
            self.leadership = factories.make_distribution_list(addresses=LEADERSHIP, attach_pdf=True)
            self.series = self.make_series("Lägesbild vårdinformationssystem", "lagesbild")
            self.other_list = factories.make_distribution_list(
                name="Annan serie", addresses=[OTHER_SERIES_ADDRESS]
            )
            self.other_series = self.make_series(
                "Annan lägesbild", "annan-lagesbild", lists=[self.other_list]
            )
        with self.commit():
            self.other_report = factories.make_report(
                series=self.other_series,
                title="Annan seriens rapport",
                compiled_at=stockholm(2025, 5, 26),
                body=[bullets(html=f"<ul><li>Punkt om {OTHER_SERIES_SECRET}</li></ul>")],
            )
        with self.commit():
            self.public = factories.make_report(
                series=self.series, title="Publik rapport", compiled_at=stockholm(2025, 5, 1)
            )
        for name, (state, public_first, shows, republish) in states.items():
            secret = "hemlis" + name.replace("-", "") + "x"
            case = Case(name, secret, "nyckel" + name.replace("-", ""), shows, not public_first, republish)
            self.cases[name] = case
            case.steps = iter(state(self, case) or ())
            next(case.steps, None)  # build B and F
            self.link_to_hidden(case)
        with self.commit():
            self.public_faq = factories.make_faq(
                parent=self.home,
                title="Vanliga frågor",
                slug="vanliga-fragor",
                body=[
                    factories.faq_category(
                        "Länkar",
                        [
                            factories.faq_question(f"Var finns {case.name}?", self.links_html(case))
                            for case in self.cases.values()
                        ],
                    )
                ],
            )

    def make_series(self, title, slug, parent=None, lists=None):
        series = factories.make_series(parent or self.home, title=title, slug=slug)
        series.distribution_lists.set(lists if lists is not None else [self.leadership])
        series.save_revision().publish()
        if series.path.startswith(self.home.path):  # the main site's series (another site's is public there)
            factories.make_subscriber(series, SUBSCRIBER)
        return series

    def links_html(self, case) -> str:
        links = [f'<a linktype="page" id="{case.report.pk}">rapporten</a>']
        if case.faq is not None:
            links.append(f'<a linktype="page" id="{case.faq.pk}">frågorna</a>')
        return f"<p>Se {' och '.join(links)}.</p>"

    def report(self, case, series=None, *, secret_in_slug=True, publish=True, **fields):
        fields.setdefault("title", f"Rapport {case.secret}")
        fields.setdefault(
            "body", [bullets(html=f"<ul><li>Punkt om {case.secret} och {case.keyword}</li></ul>")]
        )
        if secret_in_slug:
            fields["slug"] = f"rapport-{case.secret}"
        with self.commit():
            case.report = factories.make_report(
                series=series or self.series, compiled_at=stockholm(2025, 5, 27), publish=publish, **fields
            )
        return case.report

    def faq(self, case, parent=None, *, secret_in_slug=True, publish=True, question=None, **fields):
        question = question or f"Vad gäller {case.secret}?"
        fields.setdefault("title", f"Frågor {case.secret}")
        fields.setdefault(
            "body",
            [
                factories.faq_category(
                    "Om saken",
                    [factories.faq_question(question, f"<p>Svaret om {case.secret} och {case.keyword}.</p>")],
                )
            ],
        )
        with self.commit():
            case.faq = factories.make_faq(
                parent=parent or self.home,
                slug=f"fragor-{case.secret}" if secret_in_slug else f"fragor-{case.name}",
                publish=publish,
                **fields,
            )
        return case.faq

    def link_to_hidden(self, case):
        targets = [case.report] + ([case.faq] if case.faq else [])
        body = [
            bullets(
                html="<ul><li>Se "
                + " och ".join(f'<a linktype="page" id="{t.pk}">den andra sidan</a>' for t in targets)
                + "</li></ul>"
            ),
            {
                "type": "actions",
                "value": {
                    "heading": "Åtgärder",
                    "items": [
                        {"date": "2025-05-20", "title": "Läs rapporten", "target": page_target(case.report)}
                    ],
                },
            },
            {
                "type": "links",
                "value": {
                    "heading": "Länkar",
                    "collection": None,
                    "links": [{"title": "Rapporten", "target": page_target(case.report)}]
                    + (
                        [{"title": "Frågan", "target": page_target(case.faq, first_anchor(case.faq))}]
                        if case.faq
                        else []
                    ),
                },
            },
        ]
        with self.commit():
            case.linking = factories.make_report(
                series=self.series,
                title=f"Länkande rapport {case.name}",
                compiled_at=stockholm(2025, 5, 20),
                body=body,
                slug=f"lankande-{case.name}",
            )
        # Addresses recorded now, while B and F may still be public.
        case.report_path = self.site_path(case.report)
        case.faq_path = self.site_path(case.faq) if case.faq else ""

    def site_path(self, page) -> str:
        page.refresh_from_db()
        return page.url_path[len(self.home.url_path) - 1 :]

    @property
    def all_series(self):
        return [self.series, self.other_series] + [
            c.series for c in self.cases.values() if c.series is not None
        ]

    # Hiding

    def hide(self):
        """Every state hides its pages; then the clock passes the expiring pages' expiry time."""
        for case in self.cases.values():
            next(case.steps, None)
        self.clock.offset += EXPIRES_IN.total_seconds() + 60

    # The e-mail's later events: updates published while hidden, and the retry of the refused address

    def later_mail(self):
        from django.core.management import call_command

        from frontend_widget.outbox import sending
        from rapport_blocks.models import OutboxEvent

        RefusingBackend.refused = set()
        for case in self.cases.values():
            pages = [case.linking] + ([case.report] if case.republish_while_hidden else [])
            for page in pages:
                latest = page.get_latest_revision_as_object()
                latest.send_update = True
                with self.commit():
                    latest.save_revision().publish()
        for item in OutboxEvent.objects.all():
            sending.retry_failed(item)
        with self.commit():
            call_command("send_due_emails", stdout=open("/dev/null", "w"))


# The states: each builds B and F (public or not), yields, then hides them.


def draft(world, case):
    world.report(case, publish=False)
    world.faq(case, publish=False)


def newer_draft(world, case):
    report = world.report(case, title="Publicerad version", body=[bullets()], secret_in_slug=False)
    faq = world.faq(
        case,
        title="Publicerade frågor",
        secret_in_slug=False,
        body=[factories.faq_category("Om saken", [factories.faq_question("Vad gäller nu?")])],
    )
    yield
    report = report.get_latest_revision_as_object()
    report.title = f"Utkast {case.secret}"
    report.body = [bullets(html=f"<ul><li>Utkastets {case.secret} och {case.keyword}</li></ul>")]
    faq = faq.get_latest_revision_as_object()
    faq.body[0].value["questions"][0]["question"] = f"Utkastets {case.secret}?"
    with world.commit():
        report.save_revision()
        faq.save_revision()


def scheduled(world, case):
    tomorrow = timezone.now() + dt.timedelta(days=1)
    for page in (
        world.report(case, publish=False, go_live_at=tomorrow),
        world.faq(case, publish=False, go_live_at=tomorrow),
    ):
        with world.commit():
            page.get_latest_revision().publish()


def expired(world, case):
    soon = timezone.now() + EXPIRES_IN
    world.report(case, expire_at=soon)
    world.faq(case, expire_at=soon)
    yield  # World.hide moves the clock past the expiry time


def unpublished(world, case):
    pages = [world.report(case), world.faq(case)]
    yield
    for page in pages:
        with world.commit():
            page.unpublish()


def restricted(kind):
    def state(world, case):
        pages = [world.report(case), world.faq(case)]
        yield
        with world.commit():
            for page in pages:
                restriction = PageViewRestriction.objects.create(
                    page=page, restriction_type=kind, password="x1"
                )
                if kind == "groups":
                    restriction.groups.add(Group.objects.get_or_create(name="Samordnare")[0])

    return state


def under_unpublished_series(world, case):
    with world.commit():
        case.series = world.make_series("Andra serien", f"andra-{case.name}")
    world.report(case, series=case.series)
    world.faq(case, parent=case.series)
    yield
    with world.commit():
        case.series.unpublish()


def under_password_series(world, case):
    with world.commit():
        case.series = world.make_series("Andra serien", f"andra-{case.name}")
    world.report(case, series=case.series)
    world.faq(case, parent=case.series)
    yield
    with world.commit():
        PageViewRestriction.objects.create(page=case.series, restriction_type="password", password="x")


def deleted(world, case):
    pages = [world.report(case), world.faq(case)]
    yield
    for page in pages:
        with world.commit():
            Page.objects.get(pk=page.pk).delete()


def another_site(world, case):
    with world.commit():
        root = Page.get_first_root_node().add_child(instance=Page(title="Annan webbplats", slug="annan"))
        Site.objects.create(hostname=OTHER_HOST, port=80, root_page=root)
        other_list = factories.make_distribution_list(
            name="Annan webbplats", addresses=["webb@annan.example"]
        )
        series = world.make_series("Annan serie", "annan-serie", parent=root, lists=[other_list])
    # Public on its own site, so a link to its address may stand; its content never.
    world.report(case, series=series, secret_in_slug=False)
    # The question's anchor is part of the address, so the question does not carry the secret either.
    world.faq(case, parent=root, secret_in_slug=False, question="Vad gäller på den andra webbplatsen?")


def mailing_only(world, case):
    secret = bullets(
        heading="Till ledningen", html=f"<ul><li>Punkt om {case.secret} och {case.keyword}</li></ul>"
    )
    secret["value"]["audience"] = "mailing"
    world.report(
        case,
        title="Rapport med utskicksavsnitt",
        body=[bullets(heading="Läget", html="<ul><li>Allt är lugnt</li></ul>"), secret],
        secret_in_slug=False,
    )
    # An FAQ has no sections for the e-mail only; the state's FAQ page is public and holds no secret.
    world.faq(
        case,
        title="Frågor om utskicket",
        question="Vad står i utskicket?",
        secret_in_slug=False,
        body=[factories.faq_category("Om utskicket", [factories.faq_question("Vad står i utskicket?")])],
    )


# name: (build and hide, public first, shows its secret while public, published again while hidden)
STATES = {
    "draft": (draft, False, False, False),
    "newer-draft": (newer_draft, True, False, False),
    "scheduled": (scheduled, False, False, False),
    "expired": (expired, True, True, False),
    "unpublished": (unpublished, True, True, False),
    "password": (restricted("password"), True, True, True),
    "login": (restricted("login"), True, True, True),
    "groups": (restricted("groups"), True, True, True),
    "unpublished-series": (under_unpublished_series, True, True, True),
    "password-series": (under_password_series, True, True, True),
    "deleted": (deleted, True, True, False),
    "another-site": (another_site, False, False, False),
    "mailing-only": (mailing_only, False, False, True),
}
