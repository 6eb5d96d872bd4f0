"""Generate many reports for development: `manage.py generate_reports 5000 --faq-questions 200`.

For measuring what thousands of reports cost (tests/frontend_widget/test_scale.py, `make bench`,
docs/performance.md) and for trying the admin and the series pages with a realistic archive. The
content is recombined from the demo reports (fixtures/demo/, loaded by load_demo when missing):
every generated report takes its sections from them, in varied order, with a title and a compiled
date of its own, one a week going back in time, spread over several series. The reports are written
in bulk (`cms.bulk_pages`): live, with one published revision each and in the search index, in
seconds for thousands. A second run adds to the first, further back in time.

`--faq-questions N` writes an FAQ page, "Genererade frågor", with N questions recombined from the
demo FAQ (through the FAQ importer's own builder, and published as an editor would); a second run
replaces its questions in a new revision.

Refuses when DEBUG is off (a production database is no place for generated reports) unless --force.
"""

import dataclasses
import datetime as dt
import random

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.utils import timezone
from wagtail.models import Site

from cms.bulk_pages import add_published_children
from cms.management.commands.load_demo import DEMO_FAQ_DIR
from cms.management.commands.load_demo import SERIES_SLUG as DEMO_SERIES
from cms.models import HomePage
from frontend_widget import invalidation
from rapport_blocks.faq import layout as faq_layout
from rapport_blocks.faq.importing import FaqBuilder
from rapport_blocks.models import FaqPage, RapportIndexPage, RapportPage

SERIES = [
    ("lagesbild-it", "Lägesbild IT (genererad)"),
    ("lagesbild-vard", "Lägesbild vård (genererad)"),
    ("lagesbild-beredskap", "Lägesbild beredskap (genererad)"),
    ("lagesbild-kommunikation", "Lägesbild kommunikation (genererad)"),
]
BATCH = 1000
TITLE = "Genererad rapport "
FAQ_TITLE = "Genererade frågor"
FAQ_CATEGORY_SIZE = 20


class Command(BaseCommand):
    help = "Generate N reports across several series from the demo content (development only)."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="how many reports to generate (0: only the FAQ)")
        parser.add_argument("--series", type=int, default=3, help=f"over how many series (1-{len(SERIES)})")
        parser.add_argument(
            "--faq-questions", type=int, default=0, help="also write an FAQ page with this many questions"
        )
        parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same reports")
        parser.add_argument("--force", action="store_true", help="run even with DEBUG off")

    def handle(self, *args, count, series, faq_questions, seed, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "generate_reports is for development: DEBUG is off. Use --force if this database "
                "really is a test database."
            )
        if count < 0 or faq_questions < 0 or not 1 <= series <= len(SERIES):
            raise CommandError(
                f"count and --faq-questions must be at least 0 and --series from 1 to {len(SERIES)}."
            )
        sections = self.demo_sections()
        home = HomePage.objects.first() or Site.objects.get(is_default_site=True).root_page.specific
        chosen = [self.series(home, slug, title) for slug, title in SERIES[:series]]
        rng = random.Random(seed)
        start = timezone.now().replace(hour=8, minute=30, second=0, microsecond=0)
        # A second run adds to the first: numbers and dates go on where it stopped.
        offset = RapportPage.objects.filter(title__startswith=TITLE).count()
        made = 0
        while made < count:
            size = min(BATCH, count - made)
            with transaction.atomic():
                by_series = {parent.pk: [] for parent in chosen}
                for number in range(offset + made, offset + made + size):
                    parent = chosen[number % len(chosen)]
                    week = number // len(chosen) + 1
                    by_series[parent.pk].append(
                        self.report(rng, sections, start - dt.timedelta(weeks=week), number + 1)
                    )
                for parent in chosen:
                    self.add_reports(parent, by_series[parent.pk])
            made += size
            self.stdout.write(f"{made}/{count}")
        if faq_questions:
            self.faq(home, faq_questions)
        # The bulk path sends no save or publish signal: start a new cache generation (and purge a
        # front cache) as a publish would.
        for parent in chosen:
            invalidation.stale(parent)
        self.stdout.write(self.style.SUCCESS(f"Skapade {count} rapporter i {len(chosen)} serier."))

    def demo_sections(self) -> list:
        """The sections of the demo series' reports (load_demo's), loading the demo first if needed."""
        demo_series = RapportIndexPage.objects.filter(slug=DEMO_SERIES).first()
        if demo_series is None:
            call_command("load_demo", stdout=self.stdout)
            demo_series = RapportIndexPage.objects.get(slug=DEMO_SERIES)
        demo = RapportPage.objects.child_of(demo_series)
        # Python values, not raw JSON: writing and indexing thousands of reports then converts
        # nothing back from the database (a person chooser's value would be one query per report).
        sections = [(block.block_type, block.value) for report in demo for block in report.body]
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

    def report(self, rng: random.Random, sections: list, compiled_at, number: int) -> RapportPage:
        picked = rng.sample(sections, k=min(len(sections), rng.randint(2, 5)))
        return RapportPage(
            title=f"{TITLE}{number}",
            slug=f"{compiled_at:%Y-%m-%d}-{number}",
            compiled_at=compiled_at,
            next_expected_at=compiled_at + dt.timedelta(weeks=1),
            body=picked,
            first_published_at=compiled_at,
            last_published_at=compiled_at,
        )

    def add_reports(self, parent: RapportIndexPage, reports: list[RapportPage]) -> None:
        """Numbered on from the series' highest number, as publishing numbers them (RapportPage.save)."""
        highest = RapportPage.objects.child_of(parent).aggregate(models.Max("number"))["number__max"] or 0
        for step, report in enumerate(reports, start=1):
            report.number = highest + step
        add_published_children(parent, reports)

    def faq(self, home, count: int) -> FaqPage:
        """An FAQ page with `count` questions: the demo FAQ's questions again and again, numbered."""
        demo = faq_layout.parse(sorted(DEMO_FAQ_DIR.glob("*.txt"))[0].read_bytes())
        questions = [question for category in demo.categories for question in category.questions]
        categories = []
        for number in range(count):
            if number % FAQ_CATEGORY_SIZE == 0:
                source_category = demo.categories[len(categories) % len(demo.categories)]
                heading = f"{source_category.heading} ({len(categories) + 1})"
                categories.append(faq_layout.Category(heading=heading, line=0))
            source = questions[number % len(questions)]
            question = f"{source.question.rstrip('?')} (fråga {number + 1})?"
            categories[-1].questions.append(dataclasses.replace(source, question=question))
        parsed = dataclasses.replace(demo, title=FAQ_TITLE, categories=categories)
        builder = FaqBuilder(parsed)
        page = FaqPage.objects.child_of(home).filter(title=FAQ_TITLE).first()
        if page is None:
            page = builder.create_page(home, publish=True)
        else:
            page.body = builder.clean_body()
            page.save_revision().publish()
        self.stdout.write(f"{FAQ_TITLE}: {count} frågor.")
        return page
