"""`manage.py webhooks add|list|disable|remove|rotate`, as an administrator uses them."""

import io

import pytest
from django.core.management import CommandError, call_command
from standardwebhooks import Webhook

from frontend_widget.webhooks.channel import signature
from rapport_blocks.models import WebhookEndpoint

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("webhooks", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def public_dns(monkeypatch):
    """hooks.example.se resolves to a public address (no DNS in the tests)."""
    import socket

    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host == "hooks.example.se":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def test_add_prints_the_secret_on_its_last_line_then_list_disable_remove(series, public_dns):
    output = run("add", "https://hooks.example.se/lagesbild", "--series", series.slug, "--format", "teams")
    secret = output.splitlines()[-1]
    endpoint = WebhookEndpoint.objects.get()
    assert secret.startswith("whsec_") and secret == endpoint.secret
    assert (endpoint.series, endpoint.format, endpoint.active) == (series.specific, "teams", True)

    assert run("list").split("\t")[:4] == [str(endpoint.pk), series.slug, "teams", endpoint.url]
    assert "aktiv" in run("list")
    run("disable", str(endpoint.pk), "--reason", "Mottagaren flyttar")
    assert "avstängd: Mottagaren flyttar" in run("list")
    run("remove", str(endpoint.pk))
    assert not WebhookEndpoint.objects.exists()


def test_an_unknown_format_series_or_id_is_a_swedish_error(series, public_dns):
    with pytest.raises(CommandError, match="Okänt format “slack”: välj ett av standard, teams."):
        run("add", "https://hooks.example.se/x", "--series", series.slug, "--format", "slack")
    with pytest.raises(CommandError, match="Det finns ingen serie “saknas”."):
        run("add", "https://hooks.example.se/x", "--series", "saknas")
    with pytest.raises(CommandError, match="Det finns ingen webhook med id 999."):
        run("disable", "999")
    assert not WebhookEndpoint.objects.exists()


def test_a_rotation_signs_with_both_secrets_until_it_ends(series, public_dns):
    run("add", "https://hooks.example.se/x", "--series", series.slug)
    endpoint = WebhookEndpoint.objects.get()
    old = endpoint.secret
    new = run("rotate", str(endpoint.pk)).splitlines()[-1]
    endpoint.refresh_from_db()
    assert endpoint.valid_secrets == [new, old]

    from django.utils import timezone

    now = timezone.now()
    headers = {"webhook-id": "msg_1", "webhook-timestamp": str(int(now.timestamp()))}
    headers["webhook-signature"] = signature(endpoint, "msg_1", now, b"{}")
    for secret in (old, new):  # a receiver on either secret verifies it
        assert Webhook(secret).verify(b"{}", headers) == {}

    run("rotate", str(endpoint.pk), "--end")
    endpoint.refresh_from_db()
    assert endpoint.valid_secrets == [new]
