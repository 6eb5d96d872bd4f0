"""`manage.py export_rapport PAGE_ID`: a report in the text layout, on stdout, ready to import."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from rapport_blocks.exporting import export_report
from rapport_blocks.models import RapportPage


class Command(BaseCommand):
    help = "Write a report in the report text layout to stdout (see docs/import-format.md)."

    def add_arguments(self, parser):
        parser.add_argument("page_id", help="the id of the report page")
        parser.add_argument(
            "--latest", action="store_true", help="the newest draft instead of the published content"
        )
        parser.add_argument("--revision", metavar="REVISION_ID", type=int, help="this revision of the page")

    def handle(self, *args, page_id, latest, revision, **options):
        page = RapportPage.objects.filter(pk=int(page_id)).first() if page_id.isdigit() else None
        if page is None:
            raise CommandError(_("There is no report with the id %(id)s.") % {"id": page_id}, returncode=1)
        chosen = None
        if revision is not None:
            chosen = page.revisions.filter(pk=revision).first()
            if chosen is None:
                message = _("The report %(id)s has no revision %(revision)s.")
                raise CommandError(message % {"id": page_id, "revision": revision}, returncode=1)
        result = export_report(page, revision=chosen, latest=latest)
        for warning in result.warnings:
            self.stderr.write(_("warning: %(message)s") % {"message": warning})
        out = getattr(self.stdout._out, "buffer", None)
        if out is not None:
            # Bytes, so the file is UTF-8 whatever the terminal's locale.
            self.stdout.flush()
            out.write(result.text.encode("utf-8"))
            out.flush()
        else:
            self.stdout.write(result.text, ending="")
