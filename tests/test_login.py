"""Sites behind a login form: mobicrawl logs in (or reuses a saved session) and audits the real pages;
the password is written nowhere."""
from __future__ import annotations

import json
import os
import stat

import pytest

from cli_run import load_report, mobicrawl, one_line_error
from login_site import PASSWORD, USER, login_site

pytestmark = pytest.mark.browser


def site_config(folder, url, login=True, state=None):
    config = folder / "staging.toml"
    text = (f'[site]\nstart_urls = ["{url}/"]\ndevices = ["Pixel 7"]\ntimeout = 5\nuse_sitemaps = false\n'
            "[auth]\n" + (f'storage_state = "{state}"\n' if state else ""))
    if login:
        text += (f'[auth.login]\nurl = "{url}/login"\nuser_selector = "#email"\npassword_selector = "#password"\n'
                 f'submit_selector = "button[type=submit]"\nsuccess_selector = ".signed-in"\nuser = "{USER}"\n'
                 'password_env = "STAGING_LOGIN_PASSWORD"\n')
    config.write_text(text, encoding="utf-8")
    return config


def with_password(password=PASSWORD):
    return {**os.environ, "STAGING_LOGIN_PASSWORD": password}


def no_password_in(folder, *outputs):
    for path in folder.rglob("*"):
        if path.is_file():
            assert PASSWORD.encode() not in path.read_bytes(), path
    for output in outputs:
        assert PASSWORD not in output


def titles(run_dir):
    return sorted(page["title"] for page in load_report(run_dir)["pages"])


def test_an_audit_logs_in_through_the_form_and_audits_the_pages_behind_it(tmp_path):
    with login_site() as url:
        config = site_config(tmp_path, url)
        result = mobicrawl("audit", "--config", str(config), "--out", str(tmp_path / "run"), "--settle", "0",
                           "--fail-on", "never", env=with_password())
    assert result.returncode == 0, result.stderr
    assert titles(tmp_path / "run") == ["Account home", "Your orders", "Your wishlist"]
    run = json.loads((tmp_path / "run" / "run.json").read_text())
    assert run["config"]["auth"]["login"]["user"] == USER
    no_password_in(tmp_path, result.stdout, result.stderr)


def test_login_saves_a_private_session_that_an_audit_reuses(tmp_path):
    state = tmp_path / "state.json"
    with login_site() as url:
        saved = mobicrawl("login", "--config", str(site_config(tmp_path, url)), "--save", str(state),
                          env=with_password())
        assert saved.returncode == 0, saved.stderr
        assert "Saved the session" in saved.stderr and "1 cookie(s) for 127.0.0.1" in saved.stderr
        (tmp_path / "reuse").mkdir()
        config = site_config(tmp_path / "reuse", url, login=False, state=state)
        audited = mobicrawl("audit", "--config", str(config), "--out", str(tmp_path / "run"), "--settle", "0",
                            "--fail-on", "never")
    assert stat.S_IMODE(state.stat().st_mode) == 0o600
    assert {cookie["name"] for cookie in json.loads(state.read_text())["cookies"]} == {"session"}
    assert audited.returncode == 0, audited.stderr
    assert titles(tmp_path / "run") == ["Account home", "Your orders", "Your wishlist"]
    no_password_in(tmp_path, saved.stdout, saved.stderr)


def test_a_wrong_password_is_one_line_naming_the_step_and_never_the_password(tmp_path):
    wrong = "not-the-Passw0rd"
    with login_site() as url:
        config = site_config(tmp_path, url)
        result = mobicrawl("login", "--config", str(config), "--save", str(tmp_path / "state.json"),
                           env=with_password(wrong))
        audit = mobicrawl("audit", "--config", str(config), "--out", str(tmp_path / "run"), env=with_password(wrong))
    line = one_line_error(result)
    assert result.returncode == 3 and audit.returncode == 3
    assert f"could not log in at {url}/login as {USER}: could not see .signed-in" in line
    assert wrong not in result.stderr + audit.stderr and not (tmp_path / "state.json").exists()
