"""The PDF as an outbox channel: each publication's copies rendered and archived once, in its task.

One delivery per publication (target "": once), so the render is claimed, retried with the
outbox's backoff (a full disk, a storage that is away, a machine without Pango) and shown in the
admin's "Utskick" page like an e-mail. It runs before the e-mail (LAGESBILD_CHANNELS), whose
attachment then finds the copy stored; `publishing.render_publication` does the work.

Its rule is the lists' (`channels.not_live`), not the public's: a live report behind a login is
rendered too, since its readers and its e-mail need it; the PDF view still asks the public's rule
for every request. A revision no longer live when the run comes is left to its successor's event.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..outbox import channels
from . import engine, publishing


class PdfChannel(channels.Channel):
    name = "pdf"
    label = gettext_lazy("PDF")
    target_heading = gettext_lazy("Document")
    retry_label = gettext_lazy("Render the PDF again")
    # Rendering twice stores nothing twice (one copy per content): an interrupted run simply runs again.
    resend_unknown = True

    def targets(self, event, page) -> list[str]:
        return [""] if event.carries_content else []

    def refusal(self, page) -> str | None:
        return channels.not_live(page)

    def send(self, delivery, prepared) -> channels.Outcome:
        reason = engine.unavailable()
        if reason:
            message = _("The reports' PDFs cannot be made on this server: %(reason)s") % {"reason": reason}
            return channels.retry(message)
        publishing.render_publication(delivery.event.page_id, delivery.event.revision_id)
        return channels.delivered()

    def unknown_outcome(self) -> str:
        return _("Interrupted while rendering: the PDF is rendered again.")

    def describe(self, delivery, user) -> str:
        return _("The report's PDF (archived)")
