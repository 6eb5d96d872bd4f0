"""`manage.py import_rapport FILE [--publish] [--index SLUG]`: one report from the text layout or Word."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from rapport_blocks import importing
from rapport_blocks.conf import rapport_settings
from rapport_blocks.core import readers
from rapport_blocks.management.import_files import (
    MAX_BYTES,
    read_file,
    run_import,
    write_edit_link,
)


class Command(BaseCommand):
    help = (
        "Import a report written in the report text layout or in Word (.docx), told apart by the "
        "file's content (see docs/import-format.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the report: a UTF-8 text file or a Word document (.docx)")
        parser.add_argument("--publish", action="store_true", help="publish it (default: a draft)")
        parser.add_argument("--index", metavar="SLUG", help="the slug of the series (default: the first)")
        parser.add_argument(
            "--check", action="store_true", help="only check the file: report problems, create nothing"
        )

    @staticmethod
    def limit(head: bytes, file: str) -> int:
        """A Word document may be larger than a text: the limit follows what the file is."""
        return rapport_settings.WORD_MAX_BYTES if readers.is_word(head, file) else MAX_BYTES

    def handle(self, *args, file, publish, index, check, **options):
        too_large = _("%(file)s is larger than %(size)d MB: not a report.")
        # A Word document may be larger than a text: the limit follows what the file is.
        data = read_file(
            file,
            too_large,
            lambda head: rapport_settings.WORD_MAX_BYTES if readers.is_word(head, file) else MAX_BYTES,
        )
        result = run_import(
            command=self,
            file=file,
            do_import=lambda: importing.import_report(
                data, filename=file, series_slug=index, publish=publish, check_only=check
            ),
        )
        page = result.page
        if check:
            sections = len(page.body)
            self.stdout.write(
                _("%(file)s can be imported: “%(title)s”, %(sections)d sections. Nothing was created.")
                % {"file": file, "title": page.title, "sections": sections}
            )
            return
        state = _("published") if page.live else _("draft")
        self.stdout.write(
            _("Created report %(id)d (%(state)s): %(url)s")
            % {"id": page.pk, "state": state, "url": page.full_url or "–"}
        )
        write_edit_link(self, page)
