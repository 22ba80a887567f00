"""The Dockerfile's run, on this machine: Debian's Python 3.11, the `mobicrawl` entry point, a user that is not
root, Debian's Chromium through MOBICRAWL_BROWSER. (Docker itself does not run here.)"""
from __future__ import annotations

import json
import shutil
import site
import subprocess
import tempfile
import tomllib
from pathlib import Path

import pytest

from crawl_site import crawl_server

pytestmark = pytest.mark.browser  # the suite runs as root (CI, the set-up): runuser switches to USER
ROOT = Path(__file__).resolve().parent.parent
SYSTEM_PYTHON = "/usr/bin/python3"  # the image's python:3.11-slim is Debian's Python 3.11 too
USER = "nobody"


def entry_point() -> tuple[str, str]:
    """pyproject.toml's `mobicrawl = "module:function"`, as pip would install it."""
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    module, function = scripts["mobicrawl"].split(":")
    return module, function


@pytest.fixture
def image_like(tmp_path_factory):
    """A venv of the system Python outside /root with mobicrawl's code and dependencies, and a home for USER."""
    root = Path(tempfile.mkdtemp(prefix="mobicrawl-non-root-", dir="/tmp"))
    try:
        subprocess.run([SYSTEM_PYTHON, "-m", "venv", "--without-pip", str(root / "venv")], check=True, timeout=120)
        packages = next(Path(root / "venv" / "lib").glob("python3*/site-packages"))
        # the code as COPY puts it, the dependencies as pip installed them for this checkout
        (packages / "mobicrawl.pth").write_text(f"{ROOT}\n{site.getsitepackages()[0]}\n", encoding="utf-8")
        module, function = entry_point()
        script = root / "venv" / "bin" / "mobicrawl"
        script.write_text(f"#!{root / 'venv' / 'bin' / 'python3'}\nimport sys\nfrom {module} import {function}\n"
                          f"sys.exit({function}())\n", encoding="utf-8")
        script.chmod(0o755)
        home = root / "home"
        home.mkdir()
        shutil.chown(home, USER)
        root.chmod(0o755)
        yield script, home
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_the_entry_point_audits_a_page_as_a_user_that_is_not_root(image_like):
    script, home = image_like
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "MOBICRAWL_BROWSER": "/usr/bin/chromium", "LANG": "C.UTF-8"}
    with crawl_server() as server:
        result = subprocess.run(
            [shutil.which("runuser") or "/usr/sbin/runuser", "-u", USER, "--", str(script), "audit", server.url + "/about.html", "--out", str(home / "run"),
             "--max-pages", "1", "--device", "Pixel 7", "--settle", "0", "--no-sitemaps", "--quiet",
             "--fail-on", "never"],
            env=env, capture_output=True, text=True, timeout=240, cwd=home)
    assert result.returncode == 0, result.stderr
    report = json.loads((home / "run" / "report.json").read_text(encoding="utf-8"))
    assert report["summary"]["pages"] == 1 and report["run"]["browser"]["path"] == "/usr/bin/chromium"
    assert (home / "run" / "report.json").stat().st_uid != 0  # written by the user, not by root
