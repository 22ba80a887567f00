"""Exit codes and messages of the command line, and Ctrl-C keeping what was gathered."""
from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time

import pytest

from cli_run import load_report, mobicrawl, one_line_error, refused
from crawl_site import crawl_server


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("url", ["not a url", "ftp://example.com/", "http://"])
def test_bad_url_is_a_usage_error(url):
    result = refused("audit", url)
    assert result.returncode == 2
    assert "bad URL" in one_line_error(result)


@pytest.mark.parametrize("toml, names", [
    ('[site]\nstart_urls = ["http://127.0.0.1/"]\nmax_pagez = 3\n', "site.max_pagez"),
    ('[site]\nstart_urls = ["http://127.0.0.1/"]\nmax_pages = "many"\n', "site.max_pages"),
    ('[site]\nstart_urls = ["http://127.0.0.1/"]\n[[offers]]\nname = "x"\ntext = "(unclosed"\n', "offers[0].text"),
    ('[site]\nstart_urls = ["http://127.0.0.1/"]\n[[offers]]\nname = "x"\nselector = "div[[["\n', "offers[0].selector"),
    ('[site]\nstart_urls = ["http://127.0.0.1/"]\ndevices = ["Nokia 3310 Ultra"]\n', "site.devices[0]"),
    ('[site]\nstart_urls = ["http://127.0.0.1/"]\ntimeout = 0\n', "site.timeout: must be more than 0"),
    ('[site]\nstart_urls = ["http://127.0.0.1/"]\nmax_page_mb = -1\n', "site.max_page_mb: must be more than 0"),
    ('[site\n', "not valid TOML"),
])
def test_bad_config_names_the_key_and_the_file(tmp_path, toml, names):
    config = tmp_path / "site.toml"
    config.write_text(toml, encoding="utf-8")
    result = refused("audit", "--config", str(config))
    assert result.returncode == 2
    line = one_line_error(result)
    assert str(config) in line and names in line


def test_unknown_device_on_the_command_line():
    result = mobicrawl("audit", "http://127.0.0.1:1/", "--device", "Blackberry Bold 9000 Pro")
    assert result.returncode == 2 and "unknown device" in one_line_error(result)


@pytest.mark.browser
def test_unreachable_start_url_cannot_run(tmp_path):
    result = mobicrawl("audit", f"http://127.0.0.1:{closed_port()}/", "--out", str(tmp_path / "run"), "--quiet")
    assert result.returncode == 3
    assert "could not audit" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.browser
def test_no_browser_that_starts(tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(0o755)
    result = mobicrawl("audit", "http://127.0.0.1:1/", "--browser", str(fake))
    assert result.returncode == 3 and "does not start" in one_line_error(result)
    result = mobicrawl("doctor", "--browser", str(tmp_path / "nothing-here"))
    assert result.returncode == 3 and "apt-get install chromium" in one_line_error(result)


@pytest.mark.browser
def test_doctor_names_the_browser_and_renders_a_page():
    result = mobicrawl("doctor")
    assert result.returncode == 0, result.stderr
    assert "browser:" in result.stdout and "version:" in result.stdout and "renders:  yes" in result.stdout


@pytest.mark.browser
def test_ctrl_c_stops_cleanly_and_keeps_the_pages_done(tmp_path):
    out = tmp_path / "run"
    with crawl_server() as server:
        child = subprocess.Popen(
            [sys.executable, "-m", "crawler.cli", "audit", server.url + "/", "--out", str(out), "--quiet",
             "--concurrency", "1", "--settle", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while not list((out / "pages").glob("*.json")) and time.monotonic() < deadline:
            time.sleep(0.2)
        child.send_signal(signal.SIGINT)
        child.communicate(timeout=60)
    report = load_report(out)
    assert report["run"]["status"] == "interrupted"
    assert report["pages"] and report["pages"][0]["url"] == server.url + "/"


@pytest.mark.browser
def test_progress_line_on_a_terminal_only(tmp_path):
    import os
    import pty

    with crawl_server() as server:
        master, slave = pty.openpty()
        child = subprocess.Popen(
            [sys.executable, "-m", "crawler.cli", "audit", server.url + "/about.html", "--out", str(tmp_path / "run"),
             "--settle", "0", "--no-sitemaps", "--max-pages", "2", "--fail-on", "never"],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave)
        os.close(slave)
        seen = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        child.wait(timeout=60)
        os.close(master)
        piped = mobicrawl("audit", server.url + "/about.html", "--out", str(tmp_path / "run2"), "--settle", "0",
                          "--no-sitemaps", "--max-pages", "1", "--fail-on", "never")
    assert b"pages done" in seen and b"queued" in seen
    assert piped.returncode == 0 and "pages done" not in piped.stderr  # not a terminal: no progress line
