"""`manage.py import_faq FILE [--publish] [--parent PAGE_SLUG]`: one FAQ page from the FAQ text layout."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils.translation import gettext as _

from rapport_blocks.faq.importing import import_faq
from rapport_blocks.importing import ImportFailed

MAX_BYTES = 5 * 1024 * 1024


class Command(BaseCommand):
    help = "Import an FAQ written in the FAQ text layout (see docs/import-format.md)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the FAQ as a UTF-8 text file")
        parser.add_argument("--publish", action="store_true", help="publish it (default: a draft)")
        parser.add_argument(
            "--parent", metavar="PAGE_SLUG", help="the slug of the parent page (default: home)"
        )
        parser.add_argument(
            "--check", action="store_true", help="only check the file: report problems, create nothing"
        )

    def handle(self, *args, file, publish, parent, check, **options):
        path = Path(file)
        try:
            if path.stat().st_size > MAX_BYTES:
                raise CommandError(
                    _("%(file)s is larger than %(size)d MB: not an FAQ.") % {"file": file, "size": 5},
                    returncode=1,
                )
            data = path.read_bytes()
        except FileNotFoundError:
            raise CommandError(_("There is no file %(file)s.") % {"file": file}, returncode=1) from None
        except OSError as error:
            raise CommandError(
                _("%(file)s cannot be read: %(reason)s") % {"file": file, "reason": error.strerror},
                returncode=1,
            ) from None

        try:
            result = import_faq(data, filename=file, parent_slug=parent, publish=publish, check_only=check)
        except ImportFailed as failure:
            for line in failure.lines():
                self.stderr.write(line)
            raise CommandError(_("Nothing was imported."), returncode=1) from None

        for line, message in result.warnings:
            self.stderr.write(
                _("%(file)s:%(line)d: warning: %(message)s")
                % {"file": file, "line": line, "message": message}
            )
        page = result.page
        questions = sum(len(category.value["questions"]) for category in page.body)
        if check:
            self.stdout.write(
                _("%(file)s can be imported: “%(title)s”, %(questions)d questions. Nothing was created.")
                % {"file": file, "title": page.title, "questions": questions}
            )
            return
        state = _("published") if page.live else _("draft")
        self.stdout.write(
            _("Created FAQ page %(id)d (%(state)s, %(questions)d questions): %(url)s")
            % {"id": page.pk, "state": state, "questions": questions, "url": page.full_url or "–"}
        )
        if not page.live:
            edit_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
                "wagtailadmin_pages:edit", args=[page.pk]
            )
            self.stdout.write(_("Edit and publish it in the admin: %(url)s") % {"url": edit_url})
