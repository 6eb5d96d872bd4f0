"""A host page that allows scripts and styles only from itself and the CMS, and enforces Trusted Types."""

from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import host_page, wait_for_state


def strict_policy(cms) -> str:
    return (
        f"default-src 'self'; script-src 'self' {cms.url}; style-src 'self' {cms.url}; "
        f"connect-src {cms.url}; require-trusted-types-for 'script'; trusted-types lagesbild"
    )


def test_the_widget_works_under_a_strict_csp_with_trusted_types(page, cms, intranet, make_report):
    make_report(
        body=[
            factories.bullets(
                html='<ul><li>Med <b>fet</b> och <a href="https://example.se/">länk</a></li></ul>'
            ),
            factories.text(html="<p>Ett <i>stycke</i>.</p>"),
        ]
    )
    violations = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and violations.append(message.text),
    )
    url = intranet.add(
        "/strict",
        host_page(cms.script() + cms.widget(sections="all")),
        Content_Security_Policy=strict_policy(cms),
    )
    page.goto(url)
    wait_for_state(page, "report")
    widget = page.locator("lagesbild-widget")
    # The sanitised html went through the inert parser: its allowed markup is there.
    expect(widget.locator("[part=section] li b")).to_have_text("fet")
    expect(widget.locator("[part=section] li a")).to_have_attribute("href", "https://example.se/")
    expect(widget.locator("[part=section] p i")).to_have_text("stycke")
    # The constructable stylesheet applies where an inline <style> would be refused.
    expect(widget.locator("[part=region]")).to_have_css("border-top-left-radius", "6px")
    assert violations == []
    assert page.console_errors == []


def test_an_inline_script_is_really_refused_on_that_host(page, cms, intranet, make_report):
    """The policy above is really enforced: the passing test is not a browser that ignores it."""
    make_report()
    url = intranet.add(
        "/strict",
        host_page('<script>window.inline = 1</script><div id="d"></div>'),
        Content_Security_Policy=strict_policy(cms),
    )
    page.goto(url)
    assert page.evaluate("window.inline") is None
    insert = (
        "() => { try { document.getElementById('d').innerHTML = '<b>x</b>' } catch (e) { return e.name } }"
    )
    assert page.evaluate(insert) == "TypeError"
