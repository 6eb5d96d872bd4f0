"""What `import_rapport` and `import_faq` share: reading the file, and answering as compilers do.

Both read a size-limited file, run an import that raises `ImportFailed`, print every problem as
`FILE:LINE: message` on stderr and exit 1 with nothing created, and point to the admin for a draft.
"""

import errno
import os
import stat
from collections.abc import Callable

from django.conf import settings
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils.translation import gettext as _

from rapport_blocks.importing import ImportFailed

MAX_BYTES = 5 * 1024 * 1024
HEAD_BYTES = 8  # enough for any format's signature


def too_large_error(file: str, too_large: str, max_bytes: int) -> CommandError:
    return CommandError(too_large % {"file": file, "size": max_bytes // (1024 * 1024)}, returncode=1)


def read_file(file: str, too_large: str, max_bytes: int | Callable[[bytes], int] = MAX_BYTES) -> bytes:
    """The file's bytes; `too_large` is the message (with %(file)s and %(size)d) for an oversized file.

    At most the limit + 1 bytes are ever read, whatever the file is: `stat()` tells nothing of a
    device (/dev/zero never ends) or a pipe (`import_rapport <(…)`, which works as with any tool).
    A limit that depends on what the file is (a Word document may be larger than a text) is a
    function of the file's first HEAD_BYTES.
    """
    try:
        descriptor = os.open(file, os.O_RDONLY)
    except FileNotFoundError:
        raise CommandError(_("There is no file %(file)s.") % {"file": file}, returncode=1) from None
    except OSError as error:
        raise _unreadable(file, error) from None
    try:
        if stat.S_ISDIR(os.fstat(descriptor).st_mode):
            raise CommandError(
                _("%(file)s cannot be read: %(reason)s")
                % {"file": file, "reason": os.strerror(errno.EISDIR)},
                returncode=1,
            )
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            data = stream.read(HEAD_BYTES)
            if callable(max_bytes):
                max_bytes = max_bytes(data)
            data += stream.read(max(max_bytes + 1 - len(data), 0))
    except OSError as error:
        raise _unreadable(file, error) from None
    finally:
        os.close(descriptor)
    if len(data) > max_bytes:
        raise too_large_error(file, too_large, max_bytes)
    return data


def _unreadable(file: str, error: OSError) -> CommandError:
    return CommandError(
        _("%(file)s cannot be read: %(reason)s") % {"file": file, "reason": error.strerror},
        returncode=1,
    )


def run_import(command, file: str, do_import):
    """`do_import()`'s result, with its warnings on stderr; its errors on stderr and exit 1."""
    try:
        result = do_import()
    except ImportFailed as failure:
        for line in failure.lines():
            command.stderr.write(line)
        raise CommandError(_("Nothing was imported."), returncode=1) from None
    for line, message in result.warnings:
        command.stderr.write(
            _("%(place)s: warning: %(message)s") % {"place": result.place(line), "message": message}
        )
    return result


def write_edit_link(command, page) -> None:
    """Where a draft is edited and published."""
    if not page.live:
        edit_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
            "wagtailadmin_pages:edit", args=[page.pk]
        )
        command.stdout.write(_("Edit and publish it in the admin: %(url)s") % {"url": edit_url})
