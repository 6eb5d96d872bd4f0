"""Django's SMTP backend, telling a message the server refused from one whose fate is unknown.

A refusal (a 4xx or 5xx reply, a server that cannot be reached, a connection lost before the
message was handed over) means the message was not delivered: the dispatch retries it later.
A connection lost after the message's data went out (a timeout waiting for the server's last
reply, a server that dies at that moment) may have been delivered: retrying it could send it
twice, so the backend raises `DeliveryUnknown` and the dispatch leaves the address for an editor
to decide, as it does for a worker that died mid-send. `EMAIL_URL=smtp://...` selects it.
"""

import smtplib

from django.core.mail.backends import smtp


class DeliveryUnknown(Exception):
    """The connection failed after the message's data was sent: the server may have taken it."""


class _TrackingData:
    data_sent = False

    def data(self, msg):
        self.data_sent = True  # from here on, a lost connection leaves the outcome unknown
        return super().data(msg)


class _SMTP(_TrackingData, smtplib.SMTP):
    pass


class _SMTP_SSL(_TrackingData, smtplib.SMTP_SSL):
    pass


class EmailBackend(smtp.EmailBackend):
    @property
    def connection_class(self):
        return _SMTP_SSL if self.use_ssl else _SMTP

    def _send(self, email_message):
        if self.connection is not None:
            self.connection.data_sent = False
        try:
            return super()._send(email_message)
        except (smtplib.SMTPServerDisconnected, OSError) as error:
            if getattr(self.connection, "data_sent", False):
                raise DeliveryUnknown(f"{type(error).__name__}: {error}") from error
            raise
