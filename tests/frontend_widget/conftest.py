import pytest

from tests.frontend_widget import outbox_support


@pytest.fixture
def recording(settings):
    """The tests' own channel, registered after the e-mail as a site would register its own."""
    settings.LAGESBILD_CHANNELS = [outbox_support.EMAIL, outbox_support.PATH]
    outbox_support.RecordingChannel.reset()
    yield outbox_support.RecordingChannel
    outbox_support.RecordingChannel.reset()
