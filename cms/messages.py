"""Django's messages, with the storage made when a view first uses it.

Django's MessageMiddleware makes the storage for every request (an import by dotted path, a cookie
and a session storage), and only the admin's views and the forms ever add or show a message.
Every widget's poll of the API paid it (docs/performance.md, "What each piece costs"). Here the
storage is made on first use; a request that never touched it has nothing to save.
"""

from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.messages.storage import default_storage
from django.utils.functional import SimpleLazyObject, empty


class LazyMessageMiddleware(MessageMiddleware):
    def process_request(self, request):
        request._messages = SimpleLazyObject(lambda: default_storage(request))

    def process_response(self, request, response):
        messages = getattr(request, "_messages", None)
        if isinstance(messages, SimpleLazyObject) and messages._wrapped is empty:
            return response  # never read, never added to: nothing to store
        return super().process_response(request, response)
