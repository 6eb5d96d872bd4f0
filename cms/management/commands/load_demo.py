"""Load the demo site: a home page, the demo FAQ, a published series and the demo reports from fixtures/demo/.

Idempotent, so `make demo` can run it every time: what exists is left as it is.

The demo report links to questions of the demo FAQ by their address on the default demo site
(DEMO_ORIGIN, as an export from `make demo` writes them); on a site with another address those
links are read as that site's, so they stay internal links to the questions.
"""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Page, Site

from cms.models import HomePage
from rapport_blocks import importing
from rapport_blocks.faq.importing import import_faq
from rapport_blocks.models import RapportIndexPage

DEMO_DIR = Path(settings.BASE_DIR) / "fixtures" / "demo"
DEMO_FAQ_DIR = DEMO_DIR / "faq"
DEMO_ORIGIN = "http://127.0.0.1:8000"
SERIES_SLUG = "lagesbild"
SERIES_TITLE = "Lägesbild journalsystem (demo)"
WAGTAIL_WELCOME_TITLE = "Welcome to your new Wagtail site!"
DEMO_TEAM = [("redaktor", "Editors"), ("granskare", "Moderators")]


class Command(BaseCommand):
    help = "Load the demo content (home page, series, reports from fixtures/demo/, an admin user)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("DEMO_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("DEMO_PORT", "8000")))

    def handle(self, *args, host, port, **options):
        with transaction.atomic():
            home = self.home_page(host, port)
            for path in sorted(DEMO_FAQ_DIR.glob("*.txt")):
                self.faq(home, path)
            series = self.series(home)
            site = Site.objects.get(is_default_site=True)
            for path in sorted(DEMO_DIR.glob("*.txt")):
                self.report(series, path, site.root_url)
        self.users()

    def home_page(self, host: str, port: int) -> HomePage:
        site = Site.objects.filter(is_default_site=True).first()
        home = HomePage.objects.first()
        if home is None:
            root = Page.get_first_root_node()
            home = root.add_child(
                instance=HomePage(
                    title="Lägesbild",
                    slug="start",
                    intro="<p>Demowebbplats för Lägesbild: veckans lägesbild och tidigare rapporter.</p>",
                )
            )
            home.save_revision().publish()
            self.stdout.write("Skapade startsidan.")
        if site is None:
            site = Site(is_default_site=True, site_name=settings.WAGTAIL_SITE_NAME)
        site.hostname, site.port, site.root_page = host, port, home
        site.save()
        # Wagtail's placeholder page from its first migration is no use to anyone.
        Page.objects.filter(depth=2, title=WAGTAIL_WELCOME_TITLE, content_type__model="page").delete()
        return home

    def series(self, home: HomePage) -> RapportIndexPage:
        series = RapportIndexPage.objects.child_of(home).filter(slug=SERIES_SLUG).first()
        if series is None:
            series = home.add_child(
                instance=RapportIndexPage(
                    title=SERIES_TITLE,
                    slug=SERIES_SLUG,
                    intro="<p>Veckovisa lägesbilder från samordningsgruppen. Demoinnehåll.</p>",
                )
            )
            series.save_revision().publish()
            self.stdout.write(f"Skapade serien ”{SERIES_TITLE}”.")
        return series

    def faq(self, home: HomePage, path: Path) -> None:
        try:
            result = import_faq(
                path.read_bytes(), filename=str(path), parent_slug=home.slug, publish=True, skip_existing=True
            )
        except importing.ImportFailed as failure:
            raise CommandError("\n".join(failure.lines())) from failure
        if result.created:
            self.stdout.write(f"Publicerade {result.page.title} ({result.page.slug}).")

    def report(self, series: RapportIndexPage, path: Path, root_url: str) -> None:
        text = path.read_text(encoding="utf-8").replace(DEMO_ORIGIN + "/", root_url.rstrip("/") + "/")
        try:
            result = importing.import_report(
                text, filename=str(path), series_slug=series.slug, publish=True, skip_existing=True
            )
        except importing.ImportFailed as failure:
            raise CommandError("\n".join(failure.lines())) from failure
        if result.created:
            self.stdout.write(f"Publicerade {result.page.title} ({result.page.slug}).")

    def users(self) -> None:
        """An administrator, plus an editor and an approver to try the two-person publishing flow.

        Each missing user is created; the ones that exist are left as they are.
        """
        User = get_user_model()
        admin = os.environ.get("DEMO_ADMIN_USER", "admin")
        # Wagtail's own groups: Editors submit, Moderators approve (its default workflow).
        wanted = [(admin, None), *DEMO_TEAM]
        existing = set(
            User.objects.filter(username__in=[name for name, _ in wanted]).values_list("username", flat=True)
        )
        for name in sorted(existing):
            self.stdout.write(
                f"”{name}” finns redan (nytt lösenord: python manage.py changepassword {name})."
            )
        missing = [(name, group) for name, group in wanted if name not in existing]
        if not missing:
            return
        password = os.environ.get("DEMO_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        for name, group in missing:
            if group is None:
                User.objects.create_superuser(username=name, email="", password=password)
            else:
                User.objects.create_user(username=name, password=password).groups.add(
                    Group.objects.get(name=group)
                )
        shown = "från DEMO_ADMIN_PASSWORD" if os.environ.get("DEMO_ADMIN_PASSWORD") else password
        names = ", ".join(f"”{name}”" for name, _group in missing)
        self.stdout.write(f"Skapade {names}, lösenord: {shown}")
