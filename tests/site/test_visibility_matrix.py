"""Every public output × every way a report or FAQ page can be non-public: the hidden words never appear.

The outputs: the home page, the report pages, the series pages with their paging, archive search and
filters, the RSS and Atom feeds, the API (latest, list and its pages, detail, `?series=`: also the
JSON `<lagesbild-widget>` renders), the iframe pages, oEmbed, the /widget/ page, the FAQ pages, the
FAQ API (list, detail: the JSON `<faq-widget>` renders), FAQ search (a page's search box, the API's
`?q=`, and the site-wide `visible_questions`), the FAQ iframe page, the sitemap address, and the
e-mail (the real dispatch: `page_published` → the task → the locmem backend, with its PDF), the
reports' PDFs. The widgets' DOM in
Chromium is tests/browser/test_widget_leaks.py.

The states (tests/site/leak_world.py) are built once for the module on one site: each hides its own
report B and FAQ page F carrying a secret word of its own, linked from a public report and a public
FAQ page. Every output is asked while B and F are still public where the state allows it (which
primes every cache), then every state hides its pages, then every output is asked twice more. An
"Endast utskick" section is one more state: in no public output, and in the e-mail, where it must be.

E-mail: the main series' list has an address that the mail server refuses while the states are built,
so every report's dispatch has a failed row when the pages are hidden; afterwards each state's linking
report, and B where it stays hidden when published, are published with "Skicka uppdatering", and the
failed rows are retried. No e-mail after a state's hiding (or ever, for a page never public) carries
its secret, nor the PDF attached to it, and no address gets another series' report; except that a
live report under a view restriction goes to its lists (a site behind a login: the lists are an
audience chosen by name), and then only that report's own e-mails carry its words.

A subscriber (who subscribed herself to every series of the main site) is the public: her e-mail
never carries a page the public may not see, not even a live report behind a login that the lists
do get, nor an "Endast utskick" section.

The report's PDF (`<report>pdf/`, read back with pypdf) is one more output: hidden, it answers as
its page does, and a public report's PDF that linked to a hidden page no longer holds its address.

The tally (states × outputs checked) is written to test-results/leak-figures.json.
"""

import re
import time
from collections import defaultdict
from unittest import mock

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client, TestCase, override_settings

from rapport_blocks.core import compat
from rapport_blocks.models import FaqPage, RapportIndexPage
from tests import factories, pdf_checks
from tests.site import leak_world
from tests.site.figures import record
from tests.site.leak_world import (
    LEADERSHIP,
    OTHER_SERIES_ADDRESS,
    OTHER_SERIES_SECRET,
    STATES,
    SUBSCRIBER,
    World,
)

# Also makes pytest-django create the test database when only matrix tests are selected.
pytestmark = pytest.mark.django_db

OUTPUTS = [
    "home page",
    "report page",
    "series page",
    "archive search",
    "archive filter",
    "RSS feed",
    "Atom feed",
    "API latest (widget JSON)",
    "API list",
    "API detail",
    "iframe page",
    "oEmbed",
    "widget page",
    "FAQ page",
    "FAQ API list",
    "FAQ API detail (faq-widget JSON)",
    "FAQ search",
    "FAQ iframe page",
    "sitemap",
    "report PDF",
]
EMAIL = "e-mail"
SUBSCRIBER_EMAIL = "subscribers' e-mail"
# Live reports under a view restriction: the lists get them (LAGESBILD_EMAIL_RESTRICTED_REPORTS),
# the public does not. Every other hidden state is never e-mailed.
MAILED_WHILE_RESTRICTED = {"password", "login", "groups", "password-series"}
ROUNDS = ("primed while public", "after the change", "warm", "after the e-mail")


def addresses(world: World) -> list[tuple[str, str]]:
    """(output, address) of every public output that could show a hidden page or its address."""
    cases = list(world.cases.values())
    found = [("home page", "/"), ("widget page", "/widget/"), ("sitemap", "/sitemap.xml")]
    report_paths = [path for case in cases for path in (case.report_path, case.linking.url)] + [
        world.public.url
    ]
    found += [("report page", path) for path in report_paths]
    found += [("report PDF", f"{path}pdf/") for path in report_paths]
    series_paths = [
        world.site_path(series) for series in world.all_series if series.path.startswith(world.home.path)
    ]
    main = world.site_path(world.series)
    # The main series holds most reports: every page of its archive; the others have one or two.
    main_pages = 2 + len(cases) * 2 // RapportIndexPage.reports_per_page
    for path in series_paths:
        numbers = range(1, (main_pages if path == main else 2) + 1)
        found += [("series page", f"{path}?page={number}") for number in numbers]
        found += [("archive search", f"{path}?q={word}") for word in ("Punkt", "Utkastets", "hemlis")]
        found.append(("archive filter", f"{path}?year=2025&month=5"))
    for case in cases:
        paths = {main, world.site_path(case.series) if case.series else main}
        found += [("archive search", f"{path}?q={case.keyword}") for path in sorted(paths)]
    slugs = [""] + [series.slug for series in world.all_series]
    for slug in slugs[1:]:
        found += [("RSS feed", f"/flode/{slug}/rss/"), ("Atom feed", f"/flode/{slug}/atom/")]
    for slug in slugs:
        query = f"?series={slug}" if slug else "?"
        found.append(("API latest (widget JSON)", f"/api/lagesbild/latest/{query}"))
        numbers = (1, 2) if slug in ("", world.series.slug) else (1,)
        found += [("API list", f"/api/lagesbild/{query}&page={number}") for number in numbers]
        found.append(("iframe page", f"/embed/lagesbild/latest/{query}&sections=all"))
    for report in [world.public, *(page for case in cases for page in (case.report, case.linking))]:
        found += [
            ("API detail", f"/api/lagesbild/{report.pk}/"),
            ("iframe page", f"/embed/lagesbild/{report.pk}/?sections=all"),
        ]
    pages_with_oembed = [case.report_path for case in cases] + series_paths
    pages_with_oembed += [case.faq_path for case in cases if case.faq_path] + [world.public_faq.url]
    found += [("oEmbed", f"/api/oembed/?url=http://testserver{path}") for path in pages_with_oembed]
    faqs = [world.public_faq] + [case.faq for case in cases if case.faq is not None]
    found += [
        ("FAQ page", path) for path in [world.public_faq.url] + [c.faq_path for c in cases if c.faq_path]
    ]
    found += [("FAQ API list", f"/api/faq/?page={number}") for number in (1, 2)]
    for faq in faqs:
        found += [
            ("FAQ API detail (faq-widget JSON)", f"/api/faq/{faq.pk}/"),
            ("FAQ iframe page", f"/embed/faq/{faq.pk}/"),
        ]
    found.append(("FAQ search", f"/api/faq/{world.public_faq.pk}/?q=svaret"))
    for case in cases:
        found += [
            ("FAQ search", f"{world.public_faq.url}?q={case.keyword}"),
            ("FAQ search", f"/api/faq/{world.public_faq.pk}/?q={case.keyword}"),
        ]
        if case.faq is not None:
            found += [
                ("FAQ search", f"{case.faq_path}?q={case.keyword}"),
                ("FAQ search", f"/api/faq/{case.faq.pk}/?q={case.keyword}"),
            ]
    return found


def ask(client: Client, world: World) -> dict[str, list[tuple[str, str]]]:
    """Every output's answers as (address, text), lower-cased."""
    answers = defaultdict(list)
    for output, address in addresses(world):
        response = client.get(address)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        pdf = response.get("Content-Type") == "application/pdf"
        text = pdf_checks.text_of(body) if pdf else body.decode()
        # A page that echoes the address the client itself asked for (a password form's return
        # URL) tells it nothing new.
        text = text.replace(address, "").replace(address.split("?")[0], "")
        answers[output].append((address, text.lower()))
    # The site-wide FAQ search, as the search module offers it to every public search.
    for case in world.cases.values():
        for query in (case.keyword,):
            hits = FaqPage.visible_questions(query, world.home.path)
            text = " ".join(
                f"{hit.question} {getattr(hit, 'answer', '')} {hit.anchor} {hit.page.url_path}"
                for hit in hits
            )
            answers["FAQ search"].append((f"visible_questions({query!r})", text.lower()))
    return answers


def mail_text(message) -> str:
    parts = [message.subject, message.body, *(body for body, _kind in message.alternatives)]
    parts += [
        pdf_checks.text_of(content)
        for _name, content, kind in message.attachments
        if kind == "application/pdf"
    ]
    parts += [f"{name}: {value}" for name, value in message.extra_headers.items()]
    return "\n".join(parts).lower()


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world built, primed, hidden and asked again; every answer and every e-mail kept."""
    settings = override_settings(
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": str(tmp_path_factory.mktemp("leak-cache")),
            }
        },
        ALLOWED_HOSTS=["testserver", leak_world.OTHER_HOST],
        **compat.mail_settings("tests.site.leak_world.RefusingBackend"),
        DEFAULT_FROM_EMAIL="Lägesbild <lagesbild@example.se>",
        LAGESBILD_EMAIL_REPLY_TO=["kommunikation@example.se"],
        LAGESBILD_EMAIL_UNSUBSCRIBE="utskick@example.se",
    )
    commit = lambda: TestCase.captureOnCommitCallbacks(execute=True)  # noqa: E731
    with (
        django_db_blocker.unblock(),
        settings,
        mock.patch.object(RapportIndexPage, "reports_per_page", 4),
        leak_world.Clock().installed() as clock,
    ):
        from django.db import transaction

        with transaction.atomic():
            mail.outbox = []
            world = World(commit, clock)
            world.build(STATES)
            cache.clear()
            client = Client()
            started = time.monotonic()
            rounds = {ROUNDS[0]: ask(client, world)}
            seconds_per_round = time.monotonic() - started
            mails_before_hiding = len(mail.outbox)
            world.hide()
            rounds[ROUNDS[1]] = ask(client, world)
            rounds[ROUNDS[2]] = ask(client, world)
            world.later_mail()
            rounds[ROUNDS[3]] = ask(client, world)
            mails = list(mail.outbox)
            transaction.set_rollback(True)
    yield {
        "world": world,
        "rounds": rounds,
        "mails": mails,
        "hidden_at": mails_before_hiding,
        "seconds per round": seconds_per_round,
    }


TALLY = defaultdict(dict)
MATRIX_TIMING: dict = {}


def tally(state, output, checked: int, seen_while_public: bool):
    TALLY[state][output] = {"answers checked": checked, "secret seen while public": seen_while_public}
    pairs = sum(len(outputs) for outputs in TALLY.values())
    record(
        "leak-figures",
        "visibility matrix",
        {
            "states": len(STATES),
            "seconds per round of every output": round(MATRIX_TIMING.get("round", 0), 1),
            "outputs": len(OUTPUTS) + 2,
            "states x outputs checked": pairs,
            "answers checked": sum(v["answers checked"] for o in TALLY.values() for v in o.values()),
            "pairs where the secret showed while public": sum(
                v["secret seen while public"] for o in TALLY.values() for v in o.values()
            ),
            "by state": dict(TALLY),
        },
    )


def contains(secret: str, text: str) -> bool:
    return re.search(rf"\b{re.escape(secret)}\b", text) is not None


@pytest.mark.parametrize("output", OUTPUTS)
@pytest.mark.parametrize("state", list(STATES))
def test_a_hidden_page_reaches_no_public_output(matrix, state, output):
    case = matrix["world"].cases[state]
    rounds = matrix["rounds"]
    MATRIX_TIMING["round"] = matrix["seconds per round"]
    seen = [address for address, text in rounds[ROUNDS[0]][output] if contains(case.secret, text)]
    if case.name == "mailing-only":
        assert seen == [], f"{state}: {output} shows the e-mail-only section ({seen})"
    leaks = [
        f"{name}: {address}"
        for name in ROUNDS[1:]
        for address, text in rounds[name][output]
        if contains(case.secret, text)
    ]
    assert leaks == [], f"{state}: {output} shows the hidden page: {leaks}"
    tally(state, output, sum(len(rounds[name][output]) for name in ROUNDS), bool(seen))


@pytest.mark.parametrize("state", [name for name, spec in STATES.items() if spec[2]])
def test_the_check_can_see_a_leak_while_the_pages_are_public(matrix, state):
    """While B and F are public their words do show: a leak would be seen by the matrix."""
    case = matrix["world"].cases[state]
    primed = matrix["rounds"][ROUNDS[0]]
    showing = {output for output in OUTPUTS for _a, text in primed[output] if contains(case.secret, text)}
    expected = {
        "report page",
        "report PDF",
        "API detail",
        "iframe page",
        "FAQ page",
        "FAQ API detail (faq-widget JSON)",
    }
    assert expected <= showing, expected - showing


def leadership_mails(matrix, after_hiding: bool):
    mails = matrix["mails"][matrix["hidden_at"] :] if after_hiding else matrix["mails"]
    return [m for m in mails if set(m.to) <= set(LEADERSHIP)]


@pytest.mark.parametrize("state", list(STATES))
def test_no_e_mail_carries_a_page_that_is_not_public(matrix, state):
    case = matrix["world"].cases[state]
    if case.name == "mailing-only":
        # The "Endast utskick" section is for the e-mail: its report's mails carry it, to every address.
        carrying = [m for m in leadership_mails(matrix, False) if contains(case.secret, mail_text(m))]
        assert {m.to[0] for m in carrying} == set(LEADERSHIP)
        # The first publication (to chef@, and to senare@ on the retry) and the update to both.
        assert len(carrying) == 4
        tally(state, EMAIL, len(leadership_mails(matrix, False)), True)
        return
    mails = leadership_mails(matrix, after_hiding=not case.hidden_from_start)
    leaks = [(m.to, m.subject) for m in mails if contains(case.secret, mail_text(m))]
    if case.name in MAILED_WHILE_RESTRICTED:
        # Live behind a view restriction: the lists get the report itself (its update published
        # while restricted, and the refused address's retry), and nothing else carries its words.
        assert {to[0] for to, _subject in leaks} == set(LEADERSHIP), f"{state}: not e-mailed to its lists"
        assert all(case.secret in subject.lower() for _to, subject in leaks), leaks
        tally(state, EMAIL, len(mails), True)
        return
    assert leaks == [], f"{state}: e-mailed while not live: {leaks}"
    if case.shows_while_public:
        # The first publication, while public, was e-mailed with the secret: the check can see it.
        assert any(contains(case.secret, mail_text(m)) for m in matrix["mails"][: matrix["hidden_at"]])
    tally(state, EMAIL, len(mails), case.shows_while_public)


def subscriber_mails(matrix, after_hiding: bool):
    mails = matrix["mails"][matrix["hidden_at"] :] if after_hiding else matrix["mails"]
    return [m for m in mails if m.to == [SUBSCRIBER]]


@pytest.mark.parametrize("state", list(STATES))
def test_no_subscriber_e_mail_carries_what_the_public_may_not_see(matrix, state):
    case = matrix["world"].cases[state]
    hidden_from_start = case.hidden_from_start or case.name == "mailing-only"
    mails = subscriber_mails(matrix, after_hiding=not hidden_from_start)
    leaks = [m.subject for m in mails if contains(case.secret, mail_text(m))]
    assert leaks == [], f"{state}: e-mailed to a subscriber while not public: {leaks}"
    if case.shows_while_public:
        # The first publication, while public, reached her with the secret: the check can see it.
        before = [m for m in matrix["mails"][: matrix["hidden_at"]] if m.to == [SUBSCRIBER]]
        assert any(contains(case.secret, mail_text(m)) for m in before), state
    tally(state, SUBSCRIBER_EMAIL, len(mails), case.shows_while_public)


def test_the_hidden_states_did_send_e_mail_afterwards(matrix):
    """After hiding, the linking reports' updates and the retries were sent: the e-mail check saw mail."""
    after = leadership_mails(matrix, after_hiding=True)
    linking = {f"länkande rapport {name}" for name in STATES}
    assert {m.subject.lower().split(" – ")[0].removeprefix("uppdaterad: ") for m in after} >= linking
    assert any(m.to == [leak_world.LATE] for m in after)  # the retried address


def test_no_address_gets_another_series_report(matrix):
    leadership = [m for m in matrix["mails"] if set(m.to) <= set(LEADERSHIP)]
    other = [m for m in matrix["mails"] if m.to == [OTHER_SERIES_ADDRESS]]
    assert leadership and other
    assert not [m.subject for m in leadership if contains(OTHER_SERIES_SECRET, mail_text(m))]
    assert [m.subject for m in other] == ["Annan seriens rapport – 26 maj 2025"] * len(other)
    secrets = [case.secret for case in matrix["world"].cases.values()]
    assert not [m.subject for m in other for secret in secrets if contains(secret, mail_text(m))]
    record(
        "leak-figures",
        "e-mail",
        {"e-mails sent": len(matrix["mails"]), "after hiding": len(matrix["mails"]) - matrix["hidden_at"]},
    )


def test_there_is_no_sitemap_to_leak_from(matrix):
    """No sitemap is mounted (wagtail.contrib.sitemaps is not installed): if one is, the matrix checks it."""
    from django.conf import settings

    sitemap_answers = matrix["rounds"][ROUNDS[1]]["sitemap"]
    assert "wagtail.contrib.sitemaps" not in settings.INSTALLED_APPS
    assert all("<urlset" not in text for _address, text in sitemap_answers)


def test_the_linking_report_keeps_its_text_where_the_link_goes(client, home, series, commit):
    hidden = factories.make_report(series=series, title="Rapport hemlislink", slug="rapport-hemlislink")
    linking = factories.make_report(
        series=series,
        title="Länkande rapport",
        compiled_at=factories.stockholm(2025, 5, 20),
        body=[
            factories.bullets(
                html=f'<ul><li>Se <a linktype="page" id="{hidden.pk}">den andra rapporten</a></li></ul>'
            ),
            {
                "type": "actions",
                "value": {
                    "heading": "Åtgärder",
                    "items": [
                        {
                            "date": "2025-05-20",
                            "title": "Läs rapporten",
                            "target": leak_world.page_target(hidden),
                        }
                    ],
                },
            },
            {
                "type": "links",
                "value": {
                    "heading": "Länkar",
                    "collection": None,
                    "links": [{"title": "Rapporten", "target": leak_world.page_target(hidden)}],
                },
            },
        ],
    )
    with commit():
        hidden.unpublish()
    data = client.get(f"/api/lagesbild/{linking.pk}/").json()
    assert data["sections"][0]["items"][0]["html"] == "Se den andra rapporten"
    action, link = data["sections"][1]["items"][0], data["sections"][2]["items"][0]
    assert (action["date"], action["title"], action["url"]) == ("2025-05-20", "Läs rapporten", "")
    assert (link["title"], link["url"]) == ("Rapporten", "")
