"""The import commands read at most their limit from any file, and any nesting is a FILE:LINE (issue 25).

`stat()` says nothing of a device or a pipe: `import_faq /dev/zero` once read until it was killed.
500 nested bullets once ended in a RecursionError traceback. Both commands share the file reading
(`rapport_blocks/management/import_files.py`), so each case runs against both.
"""

import os
import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision

from rapport_blocks.management.import_files import MAX_BYTES
from rapport_blocks.models import RapportPage
from tests.site.test_import_command import GOOD

pytestmark = [pytest.mark.django_db]

COMMANDS = ["import_rapport", "import_faq"]


def run(command, file):
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as raised:
        call_command(command, file, stdout=out, stderr=err)
    return str(raised.value), err.getvalue()


def counts():
    return Page.objects.count(), Revision.objects.count()


@pytest.mark.parametrize("command", COMMANDS)
def test_an_endless_device_is_refused_at_the_limit(command, series):
    before = counts()
    message, _ = run(command, "/dev/zero")
    assert message.startswith("/dev/zero är större än 5 MB")
    assert counts() == before


@pytest.mark.parametrize("command", COMMANDS)
def test_a_fifo_fed_without_end_is_refused_at_the_limit(command, series, tmp_path):
    fifo = tmp_path / "rapport.txt"
    os.mkfifo(fifo)
    written = []

    def feed():
        chunk = b"- punkt\n" * 8192
        try:
            with open(fifo, "wb") as pipe:
                while sum(written) < 4 * MAX_BYTES:
                    pipe.write(chunk)
                    written.append(len(chunk))
        except BrokenPipeError:
            pass  # the command stopped reading, as it should

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    before = counts()
    message, _ = run(command, str(fifo))
    writer.join(timeout=30)
    assert message.startswith(f"{fifo} är större än 5 MB")
    assert sum(written) < 2 * MAX_BYTES  # it stopped reading at the limit, not at the end
    assert counts() == before


def test_a_report_through_a_pipe_is_imported(series, tmp_path):
    fifo = tmp_path / "rapport.txt"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_text(GOOD, encoding="utf-8"), daemon=True)
    writer.start()
    out = StringIO()
    call_command("import_rapport", str(fifo), stdout=out, stderr=StringIO())
    writer.join(timeout=30)
    assert RapportPage.objects.get().title == "Lägesbild Testregionen"


@pytest.mark.parametrize("command", COMMANDS)
def test_a_folder_is_a_clear_error(command, series, tmp_path):
    message, _ = run(command, str(tmp_path))
    assert message.startswith(f"{tmp_path} går inte att läsa")


@pytest.mark.parametrize("levels", [5, 200, 500, 2000])
def test_any_depth_of_bullets_is_a_file_line_error(series, tmp_path, levels):
    bullets = "".join(" " * level + f"- punkt {level}\n" for level in range(levels))
    path = tmp_path / "djup.txt"
    path.write_text(GOOD.replace("Läget just nu\n", "Läget just nu\n" + bullets), encoding="utf-8")
    before = counts()
    message, errors = run("import_rapport", str(path))
    assert message == "Ingenting importerades."
    first = GOOD.splitlines().index("Läget just nu") + 1 + 5  # the heading's line, then the fifth bullet
    lines = errors.strip().splitlines()
    assert lines[0] == f"{path}:{first}: Punkter kan ha högst 4 nivåer."
    assert len(lines) == levels - 4
    assert counts() == before
