"""A front cache backend for tests: records what it was asked to purge."""

import threading

from wagtail.contrib.frontend_cache.backends import BaseBackend

purged: list[str] = []
lock = threading.Lock()


class RecordingBackend(BaseBackend):
    def purge(self, url) -> None:
        with lock:
            purged.append(url)
