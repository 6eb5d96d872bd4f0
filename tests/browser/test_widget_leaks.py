"""The leak matrix in Chromium: `<lagesbild-widget>` and `<faq-widget>` never show a hidden page.

The world of tests/site/test_visibility_matrix.py (tests/site/leak_world.py: every state's report B and
FAQ page F, each with its own secret, linked from a public report and a public FAQ page). One host
page on another origin carries a widget for every series' latest report, every state's report and
linking report, the public FAQ page and every state's FAQ page, all sections, fully expanded.
The page is read while the pages are public (so the CMS caches its answers), then every state
hides its pages, and a new visitor loads the page: once every widget has its answer, neither its
DOM nor the widgets' localStorage holds any secret.

Not checked here: the visitor who saw a page while it was public (the server's clock moves an hour
on in this test while the browser's does not, and the `page` fixture's routing turns Chromium's HTTP
cache off). tests/browser/test_widget_returning_visitor.py checks that visitor, HTTP cache and
localStorage kept.
"""

import contextlib
import time

from tests.browser.conftest import host_page
from tests.conftest import use_mail_backend
from tests.site import leak_world
from tests.site.figures import record
from tests.site.leak_world import STATES, World

SETTLED = """() => [...document.querySelectorAll('lagesbild-widget, faq-widget')]
  .every((widget) => widget.state && widget.state !== 'loading')"""
READ = """() => ({
  widgets: [...document.querySelectorAll('lagesbild-widget, faq-widget')].map((widget) => ({
    src: widget.getAttribute('src') + ' ' + (widget.getAttribute('series') || ''),
    kind: widget.localName,
    state: widget.state,
    html: (widget.shadowRoot ? widget.shadowRoot.innerHTML : '') + widget.innerHTML,
  })),
  storage: JSON.stringify({...localStorage}),
})"""


def widgets(cms, world: World) -> str:
    api = f"{cms.url}/api/lagesbild"
    tags = [f'<lagesbild-widget src="{api}/latest/" sections="all" detail="full"></lagesbild-widget>']
    tags += [
        f'<lagesbild-widget src="{api}/latest/" series="{series.slug}" sections="all" detail="full">'
        "</lagesbild-widget>"
        for series in world.all_series
    ]
    for case in world.cases.values():
        for report in (case.report, case.linking):
            tags.append(
                f'<lagesbild-widget src="{api}/{report.pk}/" sections="all" detail="full"></lagesbild-widget>'
            )
    faqs = [world.public_faq] + [case.faq for case in world.cases.values() if case.faq is not None]
    tags += [f'<faq-widget src="{cms.url}/api/faq/{faq.pk}/"></faq-widget>' for faq in faqs]
    return "".join(tags)


def read(page, url) -> dict:
    """The widgets once each has had the API's answer to its own request (not only a stored copy)."""
    answered = set()
    page.on(
        "response",
        lambda response: (
            response.request.method == "GET" and "/api/" in response.url and answered.add(response.url)
        ),
    )
    page.goto(url)
    count = page.evaluate("() => document.querySelectorAll('lagesbild-widget, faq-widget').length")
    deadline = time.monotonic() + 60
    while len(answered) < count and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert len(answered) == count, f"{len(answered)} of {count} widgets got an answer"
    page.wait_for_function(SETTLED, timeout=30_000)
    page.wait_for_timeout(200)  # the last answers rendered
    # Open every FAQ answer, so that the answers' links are in the DOM as a reader would see them.
    page.evaluate(
        """() => document.querySelectorAll('faq-widget').forEach((widget) => widget.shadowRoot
             ?.querySelectorAll('[aria-expanded="false"]').forEach((button) => button.click()))"""
    )
    return page.evaluate(READ)


def test_no_widget_shows_a_hidden_page(browser, page, cms, intranet, settings, mailbox):
    settings.ALLOWED_HOSTS = ["localhost", "testserver", leak_world.OTHER_HOST]
    use_mail_backend(settings, "tests.site.leak_world.RefusingBackend")
    with leak_world.Clock().installed() as clock:
        world = World(contextlib.nullcontext, clock)
        world.build(STATES)
        url = intranet.add("/", host_page(cms.script() + widgets(cms, world)))
        primed = read(page, url)
        world.hide()
        new_context = browser.new_context(locale="sv-SE")
        try:
            new_visitor = read(new_context.new_page(), url)
        finally:
            new_context.close()

    assert len(new_visitor["widgets"]) == len(primed["widgets"]) > 30
    figures, leaks = {}, []
    for name, case in world.cases.items():
        secret = case.secret
        seen = [w["src"] for w in primed["widgets"] if secret in w["html"].lower()]
        if case.shows_while_public:
            # Public first: the widgets did show the secret, so the check below can see a leak.
            assert seen, f"{name}: no widget showed the page while it was public"
        if name == "mailing-only":
            assert not seen, f"{name}: a widget shows the e-mail-only section: {seen}"
        for visitor, after in (("new visitor", new_visitor),):
            leaks += [
                (name, visitor, w["kind"], w["src"], w["state"])
                for w in after["widgets"]
                if secret in w["html"].lower()
            ]
            if secret in after["storage"].lower():
                leaks.append((name, visitor, "localStorage"))
        figures[name] = {
            "widgets checked": 2 * len(primed["widgets"]),
            "secret seen while public": bool(seen),
        }
    assert leaks == [], leaks
    record(
        "leak-figures",
        "widgets in Chromium",
        {
            "states": len(world.cases),
            "outputs": ["<lagesbild-widget> DOM", "<faq-widget> DOM", "the widgets' localStorage"],
            "states x outputs checked": len(world.cases) * 3,
            "widgets on the host page": len(primed["widgets"]),
            "visitors after hiding": ["a new visitor"],
            "by state": figures,
        },
    )
