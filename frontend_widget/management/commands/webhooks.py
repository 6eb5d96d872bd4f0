"""`manage.py webhooks add|list|disable|remove|rotate`: a series' webhook endpoints from the command line.

    manage.py webhooks add https://hooks.example.se/lagesbild --series lagesbild [--format teams]

`add` checks the address as the admin does (https, public after DNS resolution), stores nothing
when it is refused, and prints the new endpoint's signing secret (whsec_…) on its last line, so
a script can take it with `tail -n 1`. `rotate` prints a new secret on its last line and keeps
the old one valid until `rotate --end`.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from frontend_widget.webhooks import addresses, endpoints
from rapport_blocks.models import RapportIndexPage, WebhookEndpoint


class Command(BaseCommand):
    help = "Add, list, disable, remove or rotate the secret of webhook endpoints."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        add = actions.add_parser("add", help="add an endpoint; prints its signing secret last")
        add.add_argument("url")
        add.add_argument("--series", required=True, help="the series' slug (or page id)")
        add.add_argument("--format", default=WebhookEndpoint.STANDARD, help="standard (default) or teams")
        add.add_argument("--description", default="")
        actions.add_parser("list", help="every endpoint, with its state")
        for name, text in (("disable", "stop sending to an endpoint"), ("remove", "delete an endpoint")):
            action = actions.add_parser(name, help=text)
            action.add_argument("id", type=int)
            if name == "disable":
                action.add_argument("--reason", default="")
        rotate = actions.add_parser("rotate", help="a new secret; the old one stays valid until --end")
        rotate.add_argument("id", type=int)
        rotate.add_argument("--end", action="store_true", help="end the rotation: the old secret stops")

    def handle(self, *args, action, **options):
        getattr(self, f"handle_{action}")(**options)

    def _series(self, slug: str):
        found = RapportIndexPage.objects.filter(slug=slug)
        if slug.isdigit():
            found = RapportIndexPage.objects.filter(pk=int(slug)) or found
        found = list(found[:2])
        if not found:
            raise CommandError(_("There is no series “%(slug)s”.") % {"slug": slug}, returncode=1)
        if len(found) > 1:
            raise CommandError(
                _("Several series are called “%(slug)s”: give the series' page id.") % {"slug": slug},
                returncode=1,
            )
        return found[0]

    def _endpoint(self, pk: int) -> WebhookEndpoint:
        endpoint = WebhookEndpoint.objects.filter(pk=pk).first()
        if endpoint is None:
            raise CommandError(_("There is no webhook with the id %(id)s.") % {"id": pk}, returncode=1)
        return endpoint

    def handle_add(self, url, series, format, description, **options):
        page = self._series(series)
        try:
            endpoint = endpoints.add(page, url, format, description)
        except addresses.BadAddress as error:
            raise CommandError(str(error), returncode=1) from error
        self.stdout.write(
            _("Webhook %(id)s added for %(series)s (%(format)s). Its signing secret:")
            % {"id": endpoint.pk, "series": page.title, "format": endpoint.format}
        )
        self.stdout.write(endpoint.secret)

    def handle_list(self, **options):
        rows = WebhookEndpoint.objects.select_related("series").order_by("pk")
        if not rows:
            self.stdout.write(_("No webhooks."))
        for endpoint in rows:
            state = (
                _("active")
                if endpoint.active
                else _("disabled: %(reason)s") % {"reason": endpoint.disabled_reason or "—"}
            )
            if endpoint.previous_secret:
                state += " " + _("(secret being rotated)")
            self.stdout.write(
                f"{endpoint.pk}\t{endpoint.series.slug}\t{endpoint.format}\t{endpoint.url}\t{state}"
            )

    def handle_disable(self, id, reason, **options):
        endpoint = self._endpoint(id)
        endpoint.disable(reason or _("Disabled from the command line."))
        self.stdout.write(_("Webhook %(id)s is disabled.") % {"id": id})

    def handle_remove(self, id, **options):
        self._endpoint(id).delete()
        self.stdout.write(_("Webhook %(id)s is removed.") % {"id": id})

    def handle_rotate(self, id, end, **options):
        endpoint = self._endpoint(id)
        if end:
            endpoint.end_rotation()
            self.stdout.write(_("Only the newest secret of webhook %(id)s is valid now.") % {"id": id})
            return
        secret = endpoint.rotate()
        self.stdout.write(
            _("Webhook %(id)s is signed with both secrets until `rotate %(id)s --end`. The new secret:")
            % {"id": id}
        )
        self.stdout.write(secret)
