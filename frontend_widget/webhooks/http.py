"""One POST to a checked destination: short time-outs, no redirects, no retries of its own.

It connects to the addresses `addresses.check` passed, never resolving the host name again, and
sends the name as the Host header and the TLS server name (the certificate is checked against
it). A connection that fails before anything was sent tries the next address; a time-out after
the request went out is `SentUnanswered`: it may have arrived.
"""

from __future__ import annotations

import urllib3
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

from .addresses import Destination

TIMEOUT = urllib3.Timeout(connect=3.0, total=10.0)
BODY_LIMIT = 2048  # bytes of the answer kept for the error message


class SentUnanswered(Exception):
    """The request went out and no answer came back (a time-out, a dropped connection)."""


def _host_header(destination: Destination) -> str:
    host = f"[{destination.host}]" if ":" in destination.host else destination.host
    default = 443 if destination.scheme == "https" else 80
    return host if destination.port == default else f"{host}:{destination.port}"


def post(destination: Destination, body: bytes, headers: dict) -> tuple[int, dict, bytes]:
    """The answer's status, headers and the first bytes of its body."""
    headers = {**headers, "Host": _host_header(destination)}
    error: Exception | None = None
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
                error = failure  # nothing was sent: the next address
                continue
            except urllib3.exceptions.HTTPError as failure:
                if isinstance(failure, urllib3.exceptions.SSLError):
                    raise
                raise SentUnanswered(f"{type(failure).__name__}: {failure}") from failure
            try:
                content = response.read(BODY_LIMIT)
            except urllib3.exceptions.HTTPError:
                content = b""
            finally:
                response.release_conn()
            return response.status, dict(response.headers), content
    raise error or ConnectionError("no address to connect to")
