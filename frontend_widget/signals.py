"""Signals of the delivery app (a module of its own, so senders need not import the delivery)."""

from django.dispatch import Signal

# The shared cache answers again after an outage; sender: its location, without credentials.
shared_cache_recovered = Signal()
