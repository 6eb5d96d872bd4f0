"""No way into the site's own network through a webhook: loopback addresses are refused when an
endpoint is added and again when it is sent to, unless LAGESBILD_WEBHOOK_ALLOW_HOSTS names them."""

import pytest
from django.core.management import CommandError, call_command

from frontend_widget.outbox import sending
from rapport_blocks.models import OutboxDelivery, WebhookEndpoint
from tests import factories
from tests.frontend_widget.webhook_support import Receiver, endpoint_at

pytestmark = pytest.mark.django_db

# (the address as written, what the receiver listens on, what LAGESBILD_WEBHOOK_ALLOW_HOSTS names)
LOOPBACK = [
    ("127.0.0.2", "127.0.0.2", "127.0.0.2"),
    ("[::1]", "::1", "::1"),
    ("localhost", "127.0.0.1", "localhost"),  # a name that resolves to loopback
]
REFUSED = "en adress i ett lokalt eller privat nätverk"


@pytest.mark.parametrize(("host", "_listen", "_allow"), LOOPBACK)
def test_adding_a_loopback_address_is_refused_and_nothing_is_stored(settings, series, host, _listen, _allow):
    settings.LAGESBILD_WEBHOOK_ALLOW_HOSTS = []
    with pytest.raises(CommandError, match=REFUSED):
        call_command("webhooks", "add", f"https://{host}/hook", "--series", series.slug)
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize(("host", "_listen", "allow"), LOOPBACK)
def test_adding_it_is_allowed_when_the_setting_names_it(settings, series, host, _listen, allow, capsys):
    settings.LAGESBILD_WEBHOOK_ALLOW_HOSTS = [allow]
    call_command("webhooks", "add", f"http://{host}:8080/hook", "--series", series.slug)
    assert WebhookEndpoint.objects.get().url == f"http://{host}:8080/hook"


def test_networks_can_be_allowed_and_the_environments_form_is_a_comma_separated_string(settings, series):
    settings.LAGESBILD_WEBHOOK_ALLOW_HOSTS = "10.0.0.0/8, 127.0.0.0/8"
    call_command("webhooks", "add", "https://127.0.0.9/hook", "--series", series.slug)
    settings.LAGESBILD_WEBHOOK_ALLOW_HOSTS = "10.0.0.0/8"
    with pytest.raises(CommandError, match=REFUSED):
        call_command("webhooks", "add", "https://127.0.0.9/hook", "--series", series.slug)


@pytest.mark.parametrize(("host", "listen", "allow"), LOOPBACK)
def test_sending_to_a_loopback_address_is_refused_unless_allowed(
    settings, series, commit, host, listen, allow
):
    settings.LAGESBILD_CHANNELS = ["frontend_widget.webhooks.channel.WebhookChannel"]
    settings.LAGESBILD_WEBHOOK_ALLOW_HOSTS = []  # allowed when it was added, no longer now
    receiver = Receiver(host=listen).start()
    try:
        endpoint = endpoint_at(receiver, series, "/hook")
        endpoint.url = endpoint.url.replace(f"//{receiver.host}:", f"//{host}:").replace("//::1:", "//[::1]:")
        endpoint.save()
        with commit():
            factories.make_report(series=series, title="Vecka 49")
        delivery = OutboxDelivery.objects.get()
        assert delivery.status == "failed" and REFUSED in delivery.last_error
        assert delivery.next_attempt_at is None  # not retried: an administrator decides
        assert receiver.requests == []

        settings.LAGESBILD_WEBHOOK_ALLOW_HOSTS = [allow]
        sending.retry_delivery(delivery)  # "Skicka igen"
        sending.run(delivery.event_id, "webhook")
        delivery.refresh_from_db()
        assert delivery.status == "sent"
        (received,) = receiver.requests
        assert received.verified
    finally:
        receiver.stop()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.se/hook", "Adressen måste börja med https://."),
        ("http://example.se/hook", "Adressen måste börja med https://."),
        ("https://", "Adressen saknar värdnamn."),
        ("https://exa mple.se/", "Adressen får inte innehålla mellanslag eller radbrytningar."),
        ("https://example.se:99999/", "Adressen är inte en giltig webbadress."),
        ("https://user:pw@example.se/", "Adressen får inte innehålla användarnamn eller lösenord."),
    ],
)
def test_a_bad_address_gets_a_swedish_message_and_nothing_is_stored(settings, series, url, message):
    settings.LAGESBILD_WEBHOOK_ALLOW_HOSTS = []
    with pytest.raises(CommandError) as raised:
        call_command("webhooks", "add", url, "--series", series.slug)
    assert str(raised.value) == message
    assert not WebhookEndpoint.objects.exists()
