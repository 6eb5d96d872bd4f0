"""Every public output × every way a report can be hidden: the hidden report's words never appear.

The outputs: the home page, the report page, the series page with its paging, archive search and
filters, the RSS and Atom feeds, the API (latest, list, detail, `?series=`), the iframe page, oEmbed,
and links inside another report.

Each state hides a report B that carries a secret word of its own (in its title, body and, where B
has its own address, its slug). A public report L links to B three ways (a rich-text link, an
action, a link section). Every output is asked first, which primes the caches while B is still
public where the state allows it, then B is hidden, then every output is asked again.
"""

import datetime as dt
import time

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from rapport_blocks.models import RapportIndexPage
from tests.factories import bullets, make_report, make_series, stockholm

pytestmark = pytest.mark.django_db


def page_target(page) -> dict:
    return {"page": page.pk, "document": None, "url": ""}


def linking_body(target) -> list:
    return [
        bullets(html=f'<ul><li>Se <a linktype="page" id="{target.pk}">den andra rapporten</a></li></ul>'),
        {
            "type": "actions",
            "value": {
                "heading": "Åtgärder",
                "items": [{"date": "2025-05-20", "title": "Läs rapporten", "target": page_target(target)}],
            },
        },
        {
            "type": "links",
            "value": {
                "heading": "Länkar",
                "collection": None,
                "links": [{"title": "Rapporten", "target": page_target(target)}],
            },
        },
    ]


class World:
    """The site, its public reports, and the report B that each state hides."""

    def __init__(self, home, series, secret):
        self.home, self.series, self.secret = home, series, secret
        self.public = make_report(series=series, title="Publik rapport", compiled_at=stockholm(2025, 5, 1))
        self.hidden = None
        self.hidden_series = None
        self.linking = None
        self.before_priming = lambda: None

    def report(self, series=None, *, secret_in_slug=True, **fields):
        series = series or self.series
        fields.setdefault("title", f"Rapport {self.secret}")
        fields.setdefault("body", [bullets(html=f"<ul><li>Punkt om {self.secret}</li></ul>")])
        if secret_in_slug:
            fields["slug"] = f"rapport-{self.secret}"
        report = make_report(series=series, compiled_at=stockholm(2025, 5, 27), **fields)
        self.hidden = report
        return report

    def link_to_hidden(self):
        self.linking = make_report(
            series=self.series,
            title="Länkande rapport",
            compiled_at=stockholm(2025, 5, 20),
            body=linking_body(self.hidden),
        )
        # Addresses recorded now, while B may still be public.
        self.hidden_path = self.hidden.url_path[len(self.home.url_path) - 1 :]
        self.series_paths = [self.series.url]
        if self.hidden_series is not None:
            self.series_paths.append(self.hidden_series.url_path[len(self.home.url_path) - 1 :])


# The states: (build B, publicly first?), then hide it.


def draft(world, commit):
    world.report(publish=False)


def newer_draft(world, commit):
    report = world.report(title="Publicerad version", body=[bullets()], secret_in_slug=False)
    yield
    report.title = f"Utkast {world.secret}"
    report.body = [bullets(html=f"<ul><li>Utkastets {world.secret}</li></ul>")]
    report.save_revision()


def scheduled(world, commit):
    report = world.report(publish=False, go_live_at=timezone.now() + dt.timedelta(days=1))
    report.get_latest_revision().publish()


def expired(world, commit):
    report = world.report(expire_at=timezone.now() + dt.timedelta(days=1))
    window = {}

    def expire_soon():
        # Long enough to ask every output once while B is public; nothing is cached before this.
        window["expire_at"] = timezone.now() + dt.timedelta(seconds=8)
        Page.objects.filter(pk=report.pk).update(expire_at=window["expire_at"])

    world.before_priming = expire_soon
    yield
    time.sleep(max(0.0, (window["expire_at"] - timezone.now()).total_seconds()) + 0.1)


def unpublished(world, commit):
    report = world.report()
    yield
    with commit():
        report.unpublish()


def restricted(kind):
    def state(world, commit):
        report = world.report()
        yield
        with commit():
            restriction = PageViewRestriction.objects.create(
                page=report, restriction_type=kind, password="x1"
            )
            if kind == "groups":
                restriction.groups.add(Group.objects.create(name="Samordnare"))

    return state


def under_unpublished_series(world, commit):
    world.hidden_series = make_series(world.home, title="Andra serien", slug="andra")
    world.report(series=world.hidden_series)
    yield
    with commit():
        world.hidden_series.unpublish()


def under_password_series(world, commit):
    world.hidden_series = make_series(world.home, title="Andra serien", slug="andra")
    world.report(series=world.hidden_series)
    yield
    with commit():
        PageViewRestriction.objects.create(
            page=world.hidden_series, restriction_type="password", password="x"
        )


def deleted(world, commit):
    report = world.report()
    yield
    with commit():
        Page.objects.get(pk=report.pk).delete()


def another_site(world, commit, settings):
    settings.ALLOWED_HOSTS = ["testserver", "annan.example"]
    root = Page.get_first_root_node().add_child(instance=Page(title="Annan webbplats", slug="annan"))
    Site.objects.create(hostname="annan.example", port=80, root_page=root)
    # Public on its own site, so a link to its address may stand; its content never.
    world.report(series=make_series(root, title="Annan serie", slug="annan-serie"), secret_in_slug=False)


STATES = {
    "draft": (draft, False),
    "newer-draft": (newer_draft, True),
    "scheduled": (scheduled, False),
    "expired": (expired, True),
    "unpublished": (unpublished, True),
    "password": (restricted("password"), True),
    "login": (restricted("login"), True),
    "groups": (restricted("groups"), True),
    "unpublished-series": (under_unpublished_series, True),
    "password-series": (under_password_series, True),
    "deleted": (deleted, True),
    "another-site": (another_site, False),
}


# The outputs


def public_outputs(client, world) -> list[tuple[str, str, str]]:
    """(output, address, body) for every public output that could show B or its address."""
    hidden, linking = world.hidden, world.linking
    series_slugs = ["", world.series.slug] + ([world.hidden_series.slug] if world.hidden_series else [])
    addresses = [("home page", "/"), ("report page", world.hidden_path), ("linking report page", linking.url)]
    for path in world.series_paths:
        addresses += [("series page", f"{path}?page={number}") for number in (1, 2, 3)]
        # The archive's search, for words of B's own body.
        addresses += [("archive search", f"{path}?q=Punkt"), ("archive search", f"{path}?q=Utkastets")]
        addresses.append(("archive filter", f"{path}?year=2025&month=5"))
    for slug in series_slugs[1:]:
        addresses += [("RSS feed", f"/flode/{slug}/rss/"), ("Atom feed", f"/flode/{slug}/atom/")]
    for slug in series_slugs:
        query = f"?series={slug}" if slug else "?"
        addresses += [
            ("API latest", f"/api/lagesbild/latest/{query}"),
            ("API list", f"/api/lagesbild/{query}"),
            ("API list page 2", f"/api/lagesbild/{query}&page=2"),
            ("iframe latest", f"/embed/lagesbild/latest/{query}&sections=all"),
        ]
    for report in (hidden, linking):
        addresses += [
            ("API detail", f"/api/lagesbild/{report.pk}/"),
            ("iframe page", f"/embed/lagesbild/{report.pk}/?sections=all"),
        ]
    for path in [world.hidden_path, *world.series_paths]:
        addresses.append(("oEmbed", f"/api/oembed/?url=http://testserver{path}"))
    answers = []
    for output, address in addresses:
        response = client.get(address)
        body = response.content.decode() if not response.streaming else ""
        # A page that echoes the address the client itself asked for (a password form's return
        # URL) tells it nothing new.
        answers.append((output, address, body.replace(address, "").replace(address.split("?")[0], "")))
    return answers


@pytest.mark.parametrize("state", list(STATES))
def test_a_hidden_report_reaches_no_public_output(client, home, series, state, commit, settings, monkeypatch):
    monkeypatch.setattr(RapportIndexPage, "reports_per_page", 1)  # the series page's paging too
    build, public_first = STATES[state]
    secret = "hemlis" + state.replace("-", "")
    world = World(home, series, secret)
    steps = build(world, commit, settings) if build is another_site else build(world, commit)
    hide = iter(steps) if steps is not None else iter(())
    next(hide, None)  # build B
    world.link_to_hidden()
    world.before_priming()

    primed = public_outputs(client, world)
    if public_first and state != "newer-draft":
        # While B is public its words do show: the check below can see a leak.
        assert any(secret in body.lower() for _output, _address, body in primed)

    next(hide, None)  # hide B
    for _round in ("after the change", "warm"):
        for output, address, body in public_outputs(client, world):
            assert secret not in body.lower(), f"{state}: {output} ({address}) shows the hidden report"


def test_the_linking_report_keeps_its_text_where_the_link_goes(client, home, series, commit):
    world = World(home, series, "hemlislink")
    report = world.report()
    world.link_to_hidden()
    with commit():
        report.unpublish()
    data = client.get(f"/api/lagesbild/{world.linking.pk}/").json()
    assert data["sections"][0]["items"][0]["html"] == "Se den andra rapporten"
    action, link = data["sections"][1]["items"][0], data["sections"][2]["items"][0]
    assert (action["date"], action["title"], action["url"]) == ("2025-05-20", "Läs rapporten", "")
    assert (link["title"], link["url"]) == ("Rapporten", "")
