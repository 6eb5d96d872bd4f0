"""The demo host's base template around a report page: what the plugin leaves to the site."""

import pytest
from bs4 import BeautifulSoup

from tests.factories import bullets

pytestmark = pytest.mark.django_db


def test_a_report_page_has_the_sites_skip_link_and_main_landmark(client, make_report):
    report = make_report(title="Regional rapport", body=[bullets(heading="Sammanfattning")])
    response = client.get(report.url)
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert page.find("a", class_="skip-link")["href"] == "#innehall"
    assert page.find(id="innehall").name == "main"
    # The plugin's stylesheets once, through the base template's extra_css block.
    links = [link["href"] for link in page.find_all("link", rel="stylesheet")]
    assert sum(href.endswith("rapport_blocks/css/rapport.css") for href in links) == 1


def test_a_site_names_its_own_base_template(client, make_report, settings, tmp_path):
    (tmp_path / "intranet_base.html").write_text(
        "<!DOCTYPE html><html><head>{% block extra_css %}{% endblock %}</head>"
        '<body><div id="intranat">{% block content %}{% endblock %}</div></body></html>'
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]},
    ]
    settings.RAPPORT_BLOCKS_BASE_TEMPLATE = "intranet_base.html"
    report = make_report(title="Regional rapport", body=[bullets(heading="Sammanfattning")])
    page = BeautifulSoup(client.get(report.url).content, "html.parser")
    assert page.find(id="intranat").find("h2", string="Sammanfattning")
    assert page.find("a", class_="skip-link") is None  # not the demo host's base
    assert page.head.find("link", href=lambda href: href.endswith("rapport_blocks/css/rapport.css"))
