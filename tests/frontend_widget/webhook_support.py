"""A real webhook receiver on 127.0.0.1 for the tests: it verifies every delivery with `standardwebhooks`.

Each path is an endpoint of its own, with the secret to verify it with (`expect`). The receiver
answers each request with the next scripted answer for its path (status and headers), then 204;
it keeps every request (`requests`) and, like a real receiver, handles each webhook-id once
(`handled`). With `hold` set, a request is held that many seconds before it is answered.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook, WebhookVerificationError


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes
    verified: bool
    payload: dict | None = None

    @property
    def id(self) -> str:
        return self.headers.get("webhook-id", "")


@dataclass
class Receiver:
    port: int = 0
    secrets: dict = field(default_factory=dict)  # path -> secret
    script: dict = field(default_factory=dict)  # path -> [(status, headers)]
    requests: list = field(default_factory=list)
    handled: dict = field(default_factory=dict)  # webhook-id -> Received, the first verified copy
    hold: float = 0.0
    host: str = "127.0.0.1"  # "::1" listens on IPv6

    def expect(self, path: str, secret: str) -> str:
        self.secrets[path] = secret
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}{path}"

    def start(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                headers = {name.lower(): value for name, value in self.headers.items()}
                payload, verified = None, False
                secret = receiver.secrets.get(self.path)
                if secret:
                    try:
                        payload = Webhook(secret).verify(body, headers)
                        verified = True
                    except WebhookVerificationError:
                        pass
                received = Received(self.path, headers, body, verified, payload)
                receiver.requests.append(received)
                if receiver.hold:
                    time.sleep(receiver.hold)
                answers = receiver.script.get(self.path)
                status, answer_headers = answers.pop(0) if answers else (204, {})
                if not verified:
                    status = 401
                if 200 <= status < 300 and received.id not in receiver.handled:
                    receiver.handled[received.id] = received
                self.send_response(status)
                for name, value in answer_headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        server_class = ThreadingHTTPServer
        if ":" in self.host:
            server_class = type("Server6", (ThreadingHTTPServer,), {"address_family": socket.AF_INET6})
        self.server = server_class((self.host, self.port), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def to(self, path: str) -> list[Received]:
        return [request for request in self.requests if request.path == path]

    def handled_at(self, path: str) -> list[Received]:
        return [received for received in self.handled.values() if received.path == path]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def body(received: Received) -> dict:
    return json.loads(received.body)


def endpoint_at(receiver: Receiver, series, path: str, **fields):
    """An endpoint of `series` that posts to `path` of the receiver, which verifies with its secret."""
    from rapport_blocks.models import WebhookEndpoint

    endpoint = WebhookEndpoint(series=series, url="", **fields)
    endpoint.url = receiver.expect(path, endpoint.secret)
    endpoint.save()
    return endpoint
