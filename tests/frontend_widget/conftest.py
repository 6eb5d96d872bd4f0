import pytest

from frontend_widget import delivery
from rapport_blocks.rules import presentation
from tests.frontend_widget import outbox_support


@pytest.fixture
def recording(settings):
    """The tests' own channel, registered after the e-mail as a site would register its own."""
    settings.LAGESBILD_CHANNELS = [outbox_support.EMAIL, outbox_support.PATH]
    outbox_support.RecordingChannel.reset()
    yield outbox_support.RecordingChannel
    outbox_support.RecordingChannel.reset()


WEBHOOK = "frontend_widget.webhooks.channel.WebhookChannel"


@pytest.fixture
def webhooks(settings):
    """The webhook channel alone, allowed to reach the tests' receiver on 127.0.0.1."""
    settings.LAGESBILD_CHANNELS = [WEBHOOK]
    settings.LAGESBILD_WEBHOOK_ALLOW_HOSTS = ["127.0.0.1"]
    return settings


@pytest.fixture
def receiver():
    from tests.frontend_widget.webhook_support import Receiver

    running = Receiver().start()
    yield running
    running.stop()


@pytest.fixture
def present_calls(monkeypatch):
    """Every call to `present`, whoever makes it (the page itself or the delivery's cache)."""
    calls = []
    real = presentation.present

    def spy(page, **kwargs):
        calls.append(page.pk)
        return real(page, **kwargs)

    monkeypatch.setattr(presentation, "present", spy)
    monkeypatch.setattr(delivery, "present", spy)
    return calls
