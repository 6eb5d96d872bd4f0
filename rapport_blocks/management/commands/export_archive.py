"""`manage.py export_archive SERIES DIR`: a series' archived PDFs and their metadata, for the e-archive.

Writes into DIR (made if missing; files already there are never overwritten):
- one PDF per archived copy, named `<series>-<compiled date>-nr-<number>-r<revision>-<audience>[-<n>].pdf`;
- `metadata.json` and `metadata.csv`: one record per file, the fields a registry system takes in
  (docs/pdf.md, "Handing the PDFs to the e-archive");
- `SHA256SUMS`, for `sha256sum -c`.
Every file's checksum is compared with the one recorded when it was made; a mismatch stops the export.
"""

import csv
import hashlib
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from rapport_blocks.pdf_archive import ArchivedPdf

FIELDS = [
    "file",
    "sha256",
    "size",
    "title",
    "series",
    "series_slug",
    "number",
    "compiled_at",
    "published_at",
    "revision",
    "audience",
    "reason",
    "url",
    "created_at",
    "format",
    "media_type",
]


def _iso(moment) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else ""


def file_name(copy: ArchivedPdf, taken: set[str]) -> str:
    date = timezone.localtime(copy.compiled_at).strftime("%Y-%m-%d")
    series = copy.series_slug or "lagesbild"
    stem = f"{series}-{date}-nr-{copy.number or 0}-r{copy.revision_number}-{copy.audience}"
    name, n = f"{stem}.pdf", 1
    while name in taken:
        n += 1
        name = f"{stem}-{n}.pdf"
    taken.add(name)
    return name


def record(copy: ArchivedPdf, name: str) -> dict:
    return {
        "file": name,
        "sha256": copy.sha256,
        "size": copy.size,
        "title": copy.title,
        "series": copy.series_title,
        "series_slug": copy.series_slug,
        "number": copy.number,
        "compiled_at": _iso(copy.compiled_at),
        "published_at": _iso(copy.published_at),
        "revision": copy.revision_number,
        "audience": copy.audience,
        "reason": copy.reason,
        "url": copy.url,
        "created_at": _iso(copy.created_at),
        "format": "PDF/A-2b",
        "media_type": "application/pdf",
    }


class Command(BaseCommand):
    help = "Write a series' archived PDFs with metadata.json, metadata.csv and SHA256SUMS into DIR."

    def add_arguments(self, parser):
        parser.add_argument("series", help="the series' slug (as in its address and the API's ?series=)")
        parser.add_argument("directory", help="the folder to write into")
        parser.add_argument(
            "--publications-only",
            action="store_true",
            help="only the copies made at publication, not those made after a change the report shows",
        )

    def handle(self, *args, series, directory, publications_only, **options):
        copies = ArchivedPdf.objects.filter(series_slug=series).order_by("compiled_at", "created_at", "pk")
        if publications_only:
            copies = copies.filter(reason=ArchivedPdf.PUBLISHED)
        if not copies.exists():
            raise CommandError(_("The series “%(series)s” has no archived PDFs.") % {"series": series})
        target = Path(directory)
        target.mkdir(parents=True, exist_ok=True)
        taken = {path.name for path in target.iterdir()}
        records = []
        for copy in copies:
            with copy.file.open("rb") as handle:
                data = handle.read()
            if hashlib.sha256(data).hexdigest() != copy.sha256:
                message = _(
                    "The stored file of “%(title)s” (revision %(revision)s) does not match its checksum."
                )
                raise CommandError(message % {"title": copy.title, "revision": copy.revision_number})
            name = file_name(copy, taken)
            (target / name).write_bytes(data)
            records.append(record(copy, name))
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        names = {kind: _free(target, f"metadata-{stamp}.{kind}") for kind in ("json", "csv")}
        (target / names["json"]).write_text(
            json.dumps(
                {"series": series, "exported_at": _iso(timezone.now()), "files": records},
                indent=2,
                ensure_ascii=False,
            )
            + "\n",
            encoding="utf-8",
        )
        with open(target / names["csv"], "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=FIELDS)
            writer.writeheader()
            writer.writerows(records)
        sums = _free(target, f"SHA256SUMS-{stamp}")
        (target / sums).write_text(
            "".join(f"{r['sha256']}  {r['file']}\n" for r in records), encoding="utf-8"
        )
        self.stdout.write(
            _("%(count)s PDFs written to %(directory)s, with %(json)s, %(csv)s and %(sums)s.")
            % {
                "count": len(records),
                "directory": target,
                "json": names["json"],
                "csv": names["csv"],
                "sums": sums,
            }
        )


def _free(target: Path, name: str) -> str:
    if not (target / name).exists():
        return name
    stem, dot, ext = name.partition(".")
    n = 2
    while (target / f"{stem}-{n}{dot}{ext}").exists():
        n += 1
    return f"{stem}-{n}{dot}{ext}"
