"""One POST to a checked destination: short time-outs, no redirects, no retries of its own.

It connects to the addresses `addresses.check` passed, never resolving the host name again, and
sends the name as the Host header and the TLS server name (the certificate is checked against
it). A connection that fails before anything was sent tries the next address, and when none is
left it is `Unreachable`; a time-out after the request went out is `SentUnanswered`: it may have
arrived. Their messages are the admin's ("Utskick"), so in Swedish, the technical cause last.
"""

from __future__ import annotations

import urllib3
from django.utils.translation import gettext as _
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError, ReadTimeoutError

from .addresses import Destination

TIMEOUT = urllib3.Timeout(connect=3.0, total=10.0)
BODY_LIMIT = 2048  # bytes of the answer kept for the error message


class Unreachable(Exception):
    """Nothing was sent: no connection (refused, timed out, no route) or no secure one (TLS)."""


class SentUnanswered(Exception):
    """The request went out and no answer came back (a time-out, a dropped connection)."""


def _where(address: str, port: int) -> str:
    return f"[{address}]:{port}" if ":" in address else f"{address}:{port}"


def _not_connected(failure: Exception, where: str) -> Unreachable:
    # urllib3 2 makes NewConnectionError a kind of ConnectTimeoutError: the time-out is the other one.
    if not isinstance(failure, NewConnectionError):
        message = _("No connection to %(where)s within %(seconds)s seconds.")
        return Unreachable(message % {"where": where, "seconds": f"{TIMEOUT.connect_timeout:g}"})
    cause = failure.__cause__ or failure
    if isinstance(cause, ConnectionRefusedError):
        return Unreachable(_("%(where)s refused the connection: is the receiver running?") % {"where": where})
    reason = getattr(cause, "strerror", None) or str(cause)
    return Unreachable(_("Could not connect to %(where)s (%(reason)s).") % {"where": where, "reason": reason})


def _unanswered(failure: Exception) -> SentUnanswered:
    if isinstance(failure, ReadTimeoutError):
        message = _("Sent, but no answer came within %(seconds)s seconds.")
        return SentUnanswered(message % {"seconds": f"{TIMEOUT.total:g}"})
    reason = f"{type(failure).__name__}: {failure}"
    return SentUnanswered(
        _("Sent, but the connection closed before an answer (%(reason)s).") % {"reason": reason}
    )


def _host_header(destination: Destination) -> str:
    host = f"[{destination.host}]" if ":" in destination.host else destination.host
    default = 443 if destination.scheme == "https" else 80
    return host if destination.port == default else f"{host}:{destination.port}"


def post(destination: Destination, body: bytes, headers: dict) -> tuple[int, dict, bytes]:
    """The answer's status, headers and the first bytes of its body."""
    headers = {**headers, "Host": _host_header(destination)}
    error: Unreachable | None = None
    for address in destination.addresses:
        options = {"port": destination.port, "timeout": TIMEOUT, "retries": False, "maxsize": 1}
        if destination.scheme == "https":
            pool = urllib3.HTTPSConnectionPool(
                address,
                server_hostname=destination.host,
                assert_hostname=destination.host,
                cert_reqs="CERT_REQUIRED",
                **options,
            )
        else:
            pool = urllib3.HTTPConnectionPool(address, **options)
        with pool:
            try:
                response = pool.urlopen(
                    "POST",
                    destination.target,
                    body=body,
                    headers=headers,
                    redirect=False,
                    retries=False,
                    assert_same_host=False,
                    preload_content=False,
                )
            except (NewConnectionError, ConnectTimeoutError) as failure:
                error = _not_connected(failure, _where(address, destination.port))
                continue  # nothing was sent: the next address
            except urllib3.exceptions.SSLError as failure:
                message = _("No secure connection (TLS) to %(host)s: %(reason)s")
                raise Unreachable(message % {"host": destination.host, "reason": failure}) from failure
            except urllib3.exceptions.HTTPError as failure:
                raise _unanswered(failure) from failure
            try:
                content = response.read(BODY_LIMIT)
            except urllib3.exceptions.HTTPError:
                content = b""
            finally:
                response.release_conn()
            return response.status, dict(response.headers), content
    raise error or Unreachable(_("The host name gave no address to connect to."))
