"""A shop behind a login form on 127.0.0.1: every page redirects to /login until the session cookie is set."""
from __future__ import annotations

import secrets
import tempfile
from contextlib import contextmanager
from urllib.parse import parse_qs

from crawler.demo.server import SiteServer

USER, PASSWORD = "audit@shop.vn", "s3cret-Passw0rd!"
SESSION = secrets.token_hex(8)
PAGE = ('<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, '
        'initial-scale=1"><title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>')
LOGIN_FORM = PAGE.format(title="Sign in", body='<form method="post" action="/login"><input id="email" name="email">'
                         '<input id="password" name="password" type="password"><button type="submit">Sign in</button>'
                         '</form>')
PAGES = {"/": ("Account home", '<a href="/orders.html">Orders</a> <a href="/wishlist.html">Wishlist</a>'),
         "/orders.html": ("Your orders", '<p class="orders">No orders yet.</p>'),
         "/wishlist.html": ("Your wishlist", '<p>Empty.</p>')}


def signed_in_page(path: str):
    def answer(handler) -> None:
        if f"session={SESSION}" not in handler.headers.get("Cookie", ""):
            return handler.send_text("", status=302, headers={"Location": "/login"})
        title, body = PAGES[path]
        handler.send_text(PAGE.format(title=title, body=body + '<p class="signed-in">Signed in</p>'))
    return answer


def login(handler) -> None:
    if handler.command == "GET":
        return handler.send_text(LOGIN_FORM)
    form = parse_qs(handler.rfile.read(int(handler.headers.get("Content-Length", 0))).decode())
    if form.get("email") == [USER] and form.get("password") == [PASSWORD]:
        return handler.send_text("", status=303, headers={"Location": "/", "Set-Cookie": f"session={SESSION}; Path=/; HttpOnly"})
    handler.send_text(LOGIN_FORM.replace("<form", "<p class=error>Wrong password</p><form"))


@contextmanager
def login_site():
    with tempfile.TemporaryDirectory() as empty, \
            SiteServer(empty, routes={"/login": login, **{path: signed_in_page(path) for path in PAGES}}) as server:
        yield server.url
