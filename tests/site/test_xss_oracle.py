"""The XSS oracle itself catches what it must, so a passing corpus test means something."""

from collections import Counter

import pytest

from tests.site.xss_checks import Oracle


@pytest.mark.parametrize(
    "markup",
    [
        "<p onclick=alert(1)>x</p>",
        '<a href="java&#x09;script:alert(1)">x</a>',
        '<a href=" JaVaScRiPt:alert(1)">x</a>',
        '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
        '<form action="vbscript:x"></form>',
        "<svg><circle/></svg>",
        "<math><mi>x</mi></math>",
        "<iframe></iframe>",
        "<object></object>",
        "<noscript><p title='</noscript><script>alert(1)</script>'>",
        '<p style="background:url(javascript:alert(1))">x</p>',
        '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
        '<script type="application/ld+json">{"a": "</script><script>alert(1)</script>"}</script>',
    ],
)
def test_the_oracle_finds_what_could_run(markup):
    assert Oracle().problems(markup, fragment=True)


def test_the_oracle_passes_harmless_markup_and_the_templates_own_elements():
    oracle = Oracle()
    page = '<script src="/static/x.js"></script><p>3 &lt; 4 <a href="https://example.se/">x</a></p>'
    assert oracle.problems('<p>&lt;script&gt;alert(1)&lt;/script&gt; <a href="mailto:a@b.se">e</a></p>') == []
    assert oracle.problems(page, baseline=oracle.forbidden_elements(page)) == []
    assert oracle.problems(page + "<script>alert(1)</script>", baseline=oracle.forbidden_elements(page))
    assert oracle.checks > 0
    assert Counter() == oracle.forbidden_elements("<p>x</p>")
