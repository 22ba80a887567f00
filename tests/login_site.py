"""A shop behind a login form on 127.0.0.1: every page redirects to /login until the session cookie is set."""
from __future__ import annotations

import secrets
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

USER, PASSWORD = "audit@shop.vn", "s3cret-Passw0rd!"
PAGE = ('<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, '
        'initial-scale=1"><title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>')
LOGIN_FORM = PAGE.format(title="Sign in", body='<form method="post" action="/login"><input id="email" name="email">'
                         '<input id="password" name="password" type="password"><button type="submit">Sign in</button>'
                         '</form>')
PAGES = {"/": ("Account home", '<a href="/orders.html">Orders</a> <a href="/wishlist.html">Wishlist</a>'),
         "/orders.html": ("Your orders", '<p class="orders">No orders yet.</p>'),
         "/wishlist.html": ("Your wishlist", '<p>Empty.</p>')}


class LoginSite(BaseHTTPRequestHandler):
    session = secrets.token_hex(8)
    logins: list[str] = []

    def log_message(self, format, *args):
        pass

    def _send(self, status: int, body: str = "", headers: dict[str, str] | None = None) -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/robots.txt":
            return self._send(404)
        if path == "/login":
            return self._send(200, LOGIN_FORM)
        if f"session={self.session}" not in self.headers.get("Cookie", ""):
            return self._send(302, headers={"Location": "/login"})
        if path not in PAGES:
            return self._send(404, PAGE.format(title="Not found", body=""))
        title, body = PAGES[path]
        return self._send(200, PAGE.format(title=title, body=body + '<p class="signed-in">Signed in</p>'))

    def do_POST(self):
        form = parse_qs(self.rfile.read(int(self.headers.get("Content-Length", 0))).decode())
        self.logins.append(form.get("email", [""])[0])
        if form.get("email") == [USER] and form.get("password") == [PASSWORD]:
            return self._send(303, headers={"Location": "/", "Set-Cookie": f"session={self.session}; Path=/; HttpOnly"})
        return self._send(200, LOGIN_FORM.replace("<form", "<p class=error>Wrong password</p><form"))


@contextmanager
def login_site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), LoginSite)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
