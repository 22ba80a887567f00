"""Run the mobicrawl command line in a child process, as a user or a CI job would (or, for the refusals
that happen before any work starts, in this process: a child costs half a second of imports)."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path


def mobicrawl(*args: str, timeout: float = 240, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "crawler.cli", *args], capture_output=True, text=True,
                          timeout=timeout, **kwargs)


REPORT_SCHEMA = json.loads((Path(__file__).parent.parent / "docs" / "report.schema.json").read_text(encoding="utf-8"))


def check_report_schema(report: dict) -> None:
    """report.json against the schema users' scripts rely on (docs/report.schema.json)."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(REPORT_SCHEMA, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(report), key=lambda error: list(error.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def refused(*args: str) -> subprocess.CompletedProcess:
    """`mobicrawl ARGS` run in this process, for a command line refused before its work starts."""
    from crawler.cli import main

    out, err, umask = io.StringIO(), io.StringIO(), os.umask(0o022)
    os.umask(umask)  # main() sets the run's umask: keep this process's
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exit:  # argparse's own refusals
                code = exit.code if isinstance(exit.code, int) else 2
    finally:
        os.umask(umask)
    return subprocess.CompletedProcess(["mobicrawl", *args], code, out.getvalue(), err.getvalue())


def load_report(run_dir: Path) -> dict:
    return json.loads((Path(run_dir) / "report.json").read_text(encoding="utf-8"))


def pages_by_path(report: dict) -> dict[str, dict]:
    from urllib.parse import urlsplit

    return {urlsplit(page["url"]).path: page for page in report["pages"]}


def one_line_error(result) -> str:
    """The one line a failed command printed: no traceback, nothing else."""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]
