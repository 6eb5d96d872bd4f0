"""XSS through the import files (report and FAQ text layouts) and the FAQ's admin form.


The files are written the way editors write them, with every vector in every place the layout
has (headings, bullets, bold, link texts and link addresses, actions, spokespersons, paragraphs,
FAQ categories, questions and answers). The import either takes a line or refuses it with
FILE:LINE; refused lines are dropped and the file imported again, so the rest is published and
read back on every output (page, API, iframe page, feeds, e-mail; FAQ page, FAQ API, FAQ embed).
"""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from rapport_blocks.models import FaqPage, RapportPage
from tests import factories
from tests.site import xss_forms as xf
from tests.site import xss_outputs as out
from tests.site.xss_checks import Figures, all_vectors, batches

pytestmark = pytest.mark.django_db

BATCH = 80
STRUCTURE = re.compile(r"^\s*(##\s*|[FS]\s*:\s*|-\s+)?")
RECIPIENT = "mottagare@example.se"


def vector_batches():
    from tests.conftest import XSS_VECTORS_PATH

    if not XSS_VECTORS_PATH.exists():
        return [pytest.param(None, id="no-shared-corpus")]
    return [pytest.param(batch, id=f"batch{n}") for n, batch in enumerate(batches(all_vectors(), BATCH))]


def report_layout(vectors) -> list[str]:
    lines = ["Regional rapport", "", "Sammanställd: 2025-05-27 klockan 08:30", ""]
    for number, vector in enumerate(vectors):
        lines += [
            f"Läget {number} {vector}",
            f"- {vector}",
            f" - **{vector}** och *{vector}* och [{vector}](https://intranat.example.se/{number})",
            f"- [länk]({vector})",
            "",
            f"Åtgärder {number}",
            f"- 26/5: [{vector}](https://intranat.example.se/a{number})",
            f"- 25/5: [Artikel]({vector})",
            f"- 24/5: {vector}",
            "",
            f"Samlad information {number}",
            f"- [{vector}](https://intranat.example.se/l{number})",
            f"- [Länk]({vector})",
            "",
            "Talespersoner",
            f"- Person {number} {vector}, {vector}",
            "",
            f"Om rapporten {number}",
            f"{vector} och [{vector}](https://intranat.example.se/t{number}) och [länk]({vector}).",
            "",
        ]
    return lines


def faq_layout(vectors) -> list[str]:
    """The FAQ's layout. Its reader names an answer's first line for any problem in the answer, so
    each answer is one line (and a link's address has an answer of its own)."""
    lines = ["Frågor och svar", "", "Inledning med [länk](https://intranat.example.se/).", ""]
    for number, vector in enumerate(vectors):
        lines += [
            f"## Kategori {number} {vector}",
            f"F: Fråga {number} {vector}",
            f"S: {vector} och **{vector}** och [{vector}](https://intranat.example.se/{number})",
            f"- {vector}",
            f"F: Var finns mer {number}?",
            f"S: Se [länk]({vector}).",
            "",
        ]
    return lines


def import_dropping_refused_lines(tmp_path, command, lines, *args, keep_structure=False):
    """(lines tried, lines in the imported file, lines refused on the way)."""
    """Import `lines`; drop each line the import names (FILE:LINE) and import again. (kept, refused)."""
    path = tmp_path / f"{command}.txt"
    # A NUL makes the whole file binary (refused at its first NUL's line, one at a time): those lines
    # are left out up front; test_import_command proves the refusal.
    # Numbered as the reader numbers them: str.splitlines() also breaks at \r, \x0b, \x85, \u2028...
    lines = "\n".join(lines).splitlines()
    tried = len(lines)
    refused = sum("\x00" in line for line in lines)
    lines = [line for line in lines if "\x00" not in line]
    for _attempt in range(200):
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        err = StringIO()
        try:
            call_command(command, str(path), "--publish", *args, stdout=StringIO(), stderr=err)
            return tried, len(lines), refused
        except CommandError as error:
            assert error.returncode == 1
        named = {
            int(n) for n in re.findall(rf"^{re.escape(str(path))}:(\d+): ", err.getvalue(), re.MULTILINE)
        }
        assert named, f"{command} refused the file without naming a line: {err.getvalue()[:500]}"
        refused += len(named)
        if keep_structure:  # FAQ: a refused line becomes harmless text; if that is refused too, its
            # whole category goes (categories are independent, lines within one are not)
            starts = [n for n, line in enumerate(lines, 1) if line.startswith("##")]
            dropped = set()
            for number in named:
                line = lines[number - 1]
                marker = STRUCTURE.match(line).group(0)
                if marker.strip() and not line.endswith("Ersatt text."):
                    lines[number - 1] = marker + "Ersatt text."
                    continue
                first = max([start for start in starts if start <= number], default=number)
                last = min([start for start in starts if start > number], default=len(lines) + 1)
                dropped.update(range(first, last))
            lines = [line for number, line in enumerate(lines, 1) if number not in dropped]
        else:
            lines = [line for number, line in enumerate(lines, 1) if number not in named]
    pytest.fail(f"{command}: still refused after 200 rounds: {err.getvalue()[:1500]}")


def report_baselines(client, series, figures) -> out.Baselines:
    """The outputs of a report without vectors, and the series' e-mail to RECIPIENT."""
    baselines = out.Baselines(figures)
    clean = factories.make_report(series=series, compiled_at=factories.stockholm(2025, 5, 20))
    out.take_baselines(client, baselines, report=clean)
    series.distribution_lists.set([factories.make_distribution_list(addresses=[RECIPIENT])])
    series.save()
    return baselines


def assert_imported_report_is_safe(client, figures, baselines, mailbox) -> None:
    """The report compiled 2025-05-27, published and e-mailed: nothing in any output may execute."""
    report = RapportPage.objects.live().get(compiled_at__date="2025-05-27")
    found = out.report_outputs(client, figures, baselines, report)
    assert mailbox, "the published report was e-mailed"
    found += out.email(figures, mailbox[0], RECIPIENT, links=out.email_links(report))
    figures.write()
    assert not found, "\n".join(found[:40])


@pytest.mark.parametrize("vectors", vector_batches())
def test_the_report_import_file(
    vectors, client, series, mailbox, commit, tmp_path, xss_vectors_path, request
):
    figures = Figures(f"import_rapport [{request.node.callspec.id}]")
    baselines = report_baselines(client, series, figures)

    lines = report_layout(vectors)
    with commit():
        tried, kept, _refused = import_dropping_refused_lines(
            tmp_path, "import_rapport", lines, "--index", series.slug
        )
    figures.vectors.update(vectors)
    figures.path("import_rapport (lines)", tried=tried, stored=kept, refused=tried - kept)
    assert_imported_report_is_safe(client, figures, baselines, mailbox)


@pytest.fixture
def faq_baseline(client, home):
    return factories.make_faq(slug="ren-faq")


@pytest.mark.parametrize("vectors", vector_batches())
def test_the_faq_import_file(vectors, client, home, faq_baseline, tmp_path, xss_vectors_path, request):
    figures = Figures(f"import_faq [{request.node.callspec.id}]")
    baselines = out.Baselines(figures)
    out.take_baselines(client, baselines, faq=faq_baseline)

    lines = faq_layout(vectors)
    tried, kept, refused = import_dropping_refused_lines(tmp_path, "import_faq", lines, keep_structure=True)
    figures.vectors.update(vectors)
    figures.path("import_faq (lines)", tried=tried, stored=tried - refused, refused=refused)
    faq = FaqPage.objects.live().exclude(pk=faq_baseline.pk).get()
    assert len(faq.body) > len(vectors) // 2  # most categories came through

    found = out.faq_outputs(client, figures, baselines, faq)
    figures.write()
    assert not found, "\n".join(found[:40])


@pytest.mark.parametrize("vectors", vector_batches())
def test_every_faq_field_through_the_admin(
    vectors, client, home, faq_baseline, settings, xss_vectors_path, request
):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000
    user = get_user_model().objects.create_superuser("admin", "admin@example.se", "lösenord-123")
    client.force_login(user)
    figures = Figures(f"admin forms: FAQ [{request.node.callspec.id}]")
    baselines = out.Baselines(figures)
    out.take_baselines(client, baselines, faq=faq_baseline)

    form_class = FaqPage.get_edit_handler().get_form_class()
    data = {}
    for name, field in form_class.base_fields.items():
        if type(field).__name__ != "BlockField":
            value = xf.field_value(name, field, vectors[0])
            if value is not None:
                data[name] = value
    data["slug"] = ("fragor-xss", "fragor-xss")
    data["action-publish"] = ("action-publish", "action-publish")
    body_block = form_class.base_fields["body"].block
    tree = {"body": []}
    fields = 0
    for vector in vectors:
        builder = xf.Builder(vector, {})
        tree["body"] += builder.value(body_block)
        fields = builder.fields
    url = reverse("wagtailadmin_pages:add", args=("rapport_blocks", "faqpage", home.pk))
    from tests.site.test_xss_admin_forms import post_until_valid

    post_until_valid(client, url, lambda: (data, tree), {"body": body_block}, figures, "admin: FAQ", fields)
    figures.vectors.update(vectors)
    faq = FaqPage.objects.live().get(slug="fragor-xss")

    found = out.faq_outputs(client, figures, baselines, faq)
    figures.write()
    assert not found, "\n".join(found[:40])
