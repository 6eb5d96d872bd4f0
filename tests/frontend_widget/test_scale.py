"""Costs that do not grow with the archive: the same queries with many reports as with one.

`generate_reports` writes the archive (recombined demo content over several series). The list
endpoint, the latest endpoint, the series page (with its pagination) and the home page are
each asked cold (no cached answer anywhere) and must make as many queries with a long archive as
with a short one. Short, not a single report: the first report of a series has no previous one to
compare with (the change markers), a fixed saving that the second report already gives up. Timing
belongs in bench/, not here.
"""

import io

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from frontend_widget import delivery
from rapport_blocks.models import RapportIndexPage, RapportPage

pytestmark = pytest.mark.django_db

FEW = 4  # two reports a series: each latest report has a previous one
MANY = 45  # more than two pages of the list (20) and of the series page (20)


def generate(count, settings):
    settings.DEBUG = True
    call_command("generate_reports", count, "--series", "2", stdout=io.StringIO())
    settings.DEBUG = False


def cold_queries(client, url) -> int:
    delivery.forget_local()
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def addresses() -> list[str]:
    series = RapportIndexPage.objects.get(slug="lagesbild-it")
    return [
        "/api/lagesbild/latest/",
        "/api/lagesbild/latest/?series=lagesbild-it",
        "/api/lagesbild/",
        "/api/lagesbild/?series=lagesbild-it",
        series.url,
        "/",
    ]


def test_the_command_refuses_without_debug(settings, db):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("generate_reports", 3)
    assert not RapportPage.objects.filter(title__startswith="Genererad").exists()


def test_the_command_spreads_varied_reports_over_series(settings):
    generate(7, settings)
    generated = RapportPage.objects.filter(title__startswith="Genererad").live()
    assert generated.count() == 7
    assert {report.get_parent().slug for report in generated} == {"lagesbild-it", "lagesbild-vard"}
    assert len({report.compiled_at for report in generated}) >= 4
    assert len({tuple(block.block_type for block in report.body) for report in generated}) > 1


def test_queries_do_not_grow_with_the_archive(client, settings):
    generate(FEW, settings)
    one = {url: cold_queries(client, url) for url in addresses()}
    generate(MANY, settings)
    assert RapportPage.objects.filter(title__startswith="Genererad").count() == MANY + FEW
    many = {url: cold_queries(client, url) for url in addresses()}
    assert many == one
    # Later pages too.
    series = RapportIndexPage.objects.get(slug="lagesbild-it")
    assert cold_queries(client, "/api/lagesbild/?page=2") == one["/api/lagesbild/"]
    assert cold_queries(client, series.url + "?page=2") == one[series.url]
