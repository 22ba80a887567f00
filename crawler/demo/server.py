"""A threaded static file server on 127.0.0.1 with a free port; {{BASE}} in robots/sitemaps becomes its URL."""
from __future__ import annotations

import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable

TEMPLATED = (".xml", ".txt", ".toml")
Route = Callable[[SimpleHTTPRequestHandler], None]


class SiteHandler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".html": "text/html; charset=utf-8",
                      ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}

    def __init__(self, *args, routes: dict[str, Route], served: list[str], **kwargs):
        self.routes = routes
        self.served = served
        super().__init__(*args, **kwargs)

    def log_message(self, format, *args):  # keep test and demo output clean
        pass

    def do_GET(self):
        self.served.append(self.path)
        route = self.routes.get(self.path.split("?", 1)[0])
        if route:
            return route(self)
        path = Path(self.translate_path(self.path))
        if path.is_file() and path.suffix in TEMPLATED:
            base = f"http://{self.headers.get('Host', '127.0.0.1')}"
            return self.send_text(path.read_text(encoding="utf-8").replace("{{BASE}}", base),
                                  "application/xml" if path.suffix == ".xml" else "text/plain; charset=utf-8")
        return super().do_GET()

    def do_POST(self):
        route = self.routes.get(self.path.split("?", 1)[0])
        if route:
            return route(self)
        self.send_error(405)

    def send_text(self, text: str, content_type: str = "text/html; charset=utf-8", status: int = 200,
                  headers: dict[str, str] | None = None) -> None:
        body = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        """A browser that hangs up early (page closed mid-request) is normal here, not an error."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class SiteServer:
    """`with SiteServer(folder) as server: server.url` -> "http://127.0.0.1:PORT"."""

    def __init__(self, root: Path | str, routes: dict[str, Route] | None = None, host: str = "127.0.0.1"):
        self.served: list[str] = []  # every path asked for, in order: what the site was sent
        handler = partial(SiteHandler, directory=str(root), routes=routes or {}, served=self.served)
        self.httpd = _QuietServer((host, 0), handler)
        self.url = f"http://{host}:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "SiteServer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
