"""A small HTTP server on 127.0.0.1, in a thread, whose answers each test writes as functions.

A route is a function given the request handler; it writes whatever the test needs (slow
headers, an endless body, a gzip bomb, redirects). Handlers stop on their own when the client
hangs up, and every endless route is bounded, so no thread outlives the test for long.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Route = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Served:
    base: str
    port: int
    routes: dict[str, Route]
    #: (path, headers) of every request received, in order.
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)


def send(
    handler: BaseHTTPRequestHandler,
    body: bytes,
    status: int = 200,
    content_type: str = "text/html; charset=utf-8",
    headers: dict[str, str] | None = None,
) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


def redirect(handler: BaseHTTPRequestHandler, location: str, status: int = 302) -> None:
    handler.send_response(status)
    handler.send_header("Location", location)
    handler.send_header("Content-Length", "0")
    handler.end_headers()


@contextmanager
def serve(routes: dict[str, Route]) -> Iterator[Served]:
    served: Served

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
            served.requests.append((self.path, dict(self.headers.items())))
            route = served.routes.get(self.path.split("?", 1)[0])
            try:
                if route is None:
                    send(self, b"<h1>not here</h1>", status=404)
                else:
                    route(self)
            except (BrokenPipeError, ConnectionResetError, OSError):
                pass

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    port = server.server_address[1]
    served = Served(f"http://127.0.0.1:{port}", port, routes)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield served
    finally:
        server.shutdown()
        server.server_close()
