"""Sites behind HTTP basic auth and behind a login form: audited, and the password written nowhere."""
from __future__ import annotations

import base64
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from cli_run import load_report, mobicrawl

pytestmark = pytest.mark.browser

USER, PASSWORD = "staging", "pw-Zq81-secret"
PAGES = {
    "/": '<a href="/a">A</a> <a href="/b">B</a>',
    "/a": '<a href="/">home</a>',
    "/b": '<a href="/">home</a>',
}
HTML = ('<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width,initial-scale=1">'
        "<title>staging</title></head><body><p>Behind a login.</p>{}</body></html>")


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        expected = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        if self.headers.get("Authorization") != expected or self.headers.get("X-Preview-Token") != self.token:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="staging"')
            self.end_headers()
            return
        body = HTML.format(PAGES.get(self.path, "")).encode()
        self.send_response(200 if self.path in PAGES else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def basic_auth_site():
    servers = []

    def serve(token: str | None):
        handler = type("TokenHandler", (Handler,), {"token": token})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"127.0.0.1:{server.server_address[1]}"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


def assert_secret_nowhere(run_dir: Path, result, secret: str) -> None:
    assert secret not in result.stdout + result.stderr
    for path in run_dir.rglob("*"):
        if path.is_file():
            assert secret.encode() not in path.read_bytes(), f"{secret!r} written to {path}"


def audited_paths(run_dir: Path) -> set[str]:
    report = load_report(run_dir)
    return {page["url"].rsplit("/", 1)[1] for page in report["pages"] if page.get("audited")}


def test_credentials_in_the_start_url_are_used_and_redacted(basic_auth_site, tmp_path):
    host = basic_auth_site(None)
    out = tmp_path / "run"
    result = mobicrawl("audit", f"http://{USER}:{PASSWORD}@{host}/", "--out", str(out), "--device", "Pixel 7",
                       "--timeout", "15", "--settle", "0.5", "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    assert audited_paths(out) == {"", "a", "b"}
    report = load_report(out)
    assert report["run"]["start_urls"] == [f"http://{host}/"]
    assert all(page["http_status"] == 200 for page in report["pages"])
    assert_secret_nowhere(out, result, PASSWORD)


def test_auth_table_sends_basic_auth_and_headers_to_probe_and_render(basic_auth_site, tmp_path, monkeypatch):
    token = "tok-77-preview"
    host = basic_auth_site(token)
    config = tmp_path / "site.toml"
    config.write_text(f'[site]\nstart_urls = ["http://{host}/"]\n'
                      f'[auth]\nuser = "{USER}"\npassword_env = "STAGING_PASSWORD"\n'
                      f'headers = {{ "X-Preview-Token" = "{token}" }}\n', encoding="utf-8")
    out = tmp_path / "run"
    result = mobicrawl("audit", "--config", str(config), "--out", str(out), "--device", "Pixel 7",
                       "--timeout", "15", "--settle", "0.5", "--fail-on", "never",
                       env={**__import__("os").environ, "STAGING_PASSWORD": PASSWORD})
    assert result.returncode == 0, result.stderr
    assert audited_paths(out) == {"", "a", "b"}
    assert_secret_nowhere(out, result, PASSWORD)
    assert_secret_nowhere(out, result, token)


def test_missing_password_variable_is_one_line(tmp_path):
    config = tmp_path / "site.toml"
    config.write_text('[site]\nstart_urls = ["http://127.0.0.1:9/"]\n[auth]\nuser = "u"\n'
                      'password_env = "MOBICRAWL_TEST_UNSET_VARIABLE"\n', encoding="utf-8")
    result = mobicrawl("audit", "--config", str(config))
    assert result.returncode == 2
    assert result.stderr.strip() == (f"mobicrawl: {config}: auth.password_env: "
                                     "the variable MOBICRAWL_TEST_UNSET_VARIABLE is not set")
