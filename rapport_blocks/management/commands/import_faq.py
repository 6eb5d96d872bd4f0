"""`manage.py import_faq FILE [--publish] [--parent PAGE_SLUG]`: one FAQ page from the FAQ text layout."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from rapport_blocks.faq.importing import import_faq
from rapport_blocks.management.import_files import read_file, run_import, write_edit_link


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
        data = read_file(file, _("%(file)s is larger than %(size)d MB: not an FAQ."))
        result = run_import(
            command=self,
            file=file,
            do_import=lambda: import_faq(
                data, filename=file, parent_slug=parent, publish=publish, check_only=check
            ),
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
        write_edit_link(self, page)
