"""Generate many reports for development: `manage.py generate_reports 5000`.

For measuring what thousands of reports cost (docs/performance.md) and for trying the admin and the
series pages with a realistic archive. The content is recombined from the demo reports
(fixtures/demo/, loaded by load_demo when missing): every generated report takes its sections from
them, in varied order, with a title and a compiled date of its own, one a week going back in time,
spread over several series. Pages are written live without revisions, in batches, which is fast
enough for thousands; an editor who opens one in the admin gets a revision on first save.

Refuses when DEBUG is off (a production database is no place for generated reports) unless --force.
"""

import datetime as dt
import random

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from cms.management.commands.load_demo import SERIES_SLUG as DEMO_SERIES
from cms.models import HomePage
from rapport_blocks.models import RapportIndexPage, RapportPage

SERIES = [
    ("lagesbild-it", "Lägesbild IT (genererad)"),
    ("lagesbild-vard", "Lägesbild vård (genererad)"),
    ("lagesbild-beredskap", "Lägesbild beredskap (genererad)"),
    ("lagesbild-kommunikation", "Lägesbild kommunikation (genererad)"),
]
BATCH = 200
TITLE = "Genererad rapport "


class Command(BaseCommand):
    help = "Generate N reports across several series from the demo content (development only)."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="how many reports to generate")
        parser.add_argument("--series", type=int, default=3, help=f"over how many series (1-{len(SERIES)})")
        parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same reports")
        parser.add_argument("--force", action="store_true", help="run even with DEBUG off")

    def handle(self, *args, count, series, seed, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "generate_reports is for development: DEBUG is off. Use --force if this database "
                "really is a test database."
            )
        if count < 1 or not 1 <= series <= len(SERIES):
            raise CommandError(f"count must be at least 1 and --series from 1 to {len(SERIES)}.")
        sections = self.demo_sections()
        home = HomePage.objects.first() or Site.objects.get(is_default_site=True).root_page.specific
        chosen = [self.series(home, slug, title) for slug, title in SERIES[:series]]
        rng = random.Random(seed)
        start = timezone.now().replace(hour=8, minute=30, second=0, microsecond=0)
        # A second run adds to the first: numbers and dates go on where it stopped.
        offset = RapportPage.objects.filter(title__startswith=TITLE).count()
        made = 0
        while made < count:
            with transaction.atomic():
                for _ in range(min(BATCH, count - made)):
                    number = offset + made
                    parent = chosen[number % len(chosen)]
                    week = number // len(chosen) + 1
                    self.report(parent, rng, sections, start - dt.timedelta(weeks=week), number + 1)
                    made += 1
            self.stdout.write(f"{made}/{count}")
        self.stdout.write(self.style.SUCCESS(f"Skapade {count} rapporter i {len(chosen)} serier."))

    def demo_sections(self) -> list:
        """The sections of the demo series' reports (load_demo's), loading the demo first if needed."""
        demo_series = RapportIndexPage.objects.filter(slug=DEMO_SERIES).first()
        if demo_series is None:
            call_command("load_demo", stdout=self.stdout)
            demo_series = RapportIndexPage.objects.get(slug=DEMO_SERIES)
        demo = RapportPage.objects.child_of(demo_series)
        sections = [block for report in demo for block in report.body.raw_data]
        if not sections:
            raise CommandError("The demo reports have no sections to recombine.")
        return sections

    def series(self, home, slug: str, title: str) -> RapportIndexPage:
        found = RapportIndexPage.objects.child_of(home).filter(slug=slug).first()
        if found is not None:
            return found
        series = home.add_child(
            instance=RapportIndexPage(title=title, slug=slug, intro="<p>Genererade rapporter.</p>")
        )
        series.save_revision().publish()
        return series

    def report(self, parent, rng: random.Random, sections: list, compiled_at, number: int) -> None:
        picked = rng.sample(sections, k=min(len(sections), rng.randint(2, 5)))
        body = [{"type": block["type"], "value": block["value"]} for block in picked]
        report = RapportPage(
            title=f"{TITLE}{number}",
            compiled_at=compiled_at,
            next_expected_at=compiled_at + dt.timedelta(weeks=1),
            body=body,
            live=True,
            first_published_at=compiled_at,
            last_published_at=compiled_at,
        )
        report.slug = f"{compiled_at:%Y-%m-%d}-{number}"
        parent.add_child(instance=report)
        # add_child reads the parent's numchild; the parent object is reused for the next report.
        parent.refresh_from_db(fields=["numchild"])
