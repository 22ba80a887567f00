"""Where a run is written: a new or empty folder, or a previous run that --force replaces once the new one is done."""
from __future__ import annotations

import json
import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import ConfigError
from .store import RUN_FILE, RunStore

PRIVATE_UMASK, SHARED_UMASK = 0o077, 0o022  # folders 0700 / files 0600, or 0755 / 0644 with --share


def set_file_modes(share: bool) -> None:
    """Everything this process creates from now on (run folders, reports, history) is private unless shared."""
    os.umask(SHARED_UMASK if share else PRIVATE_UMASK)


def is_shared(folder: Path) -> bool:
    return bool(folder.stat().st_mode & 0o077)


def close_if_abandoned(run_dir: Path) -> bool:
    """A run killed hard becomes `interrupted` (see RunStore.close_if_abandoned); its files keep their privacy."""
    if not (run_dir / RUN_FILE).is_file():
        return False
    set_file_modes(is_shared(run_dir))
    return RunStore(run_dir).close_if_abandoned()


def holds_a_run(folder: Path) -> bool:
    try:
        return json.loads((folder / RUN_FILE).read_text(encoding="utf-8"))["tool"]["name"] == "mobicrawl"
    except (OSError, ValueError, KeyError, TypeError):
        return False


def replaces_a_run(out: Path, force: bool) -> bool:
    """Whether `out` holds a previous run that --force replaces; a file, a user's files, or a run
    without --force are refused (exit 2)."""
    if out.exists() and not out.is_dir():
        raise ConfigError(f"--out {out}: is a file, not a folder")
    if not out.exists() or not any(out.iterdir()):
        return False
    if not holds_a_run(out):
        raise ConfigError(f"--out {out}: holds files that are not a mobicrawl run; give a new or empty folder")
    if not force:
        raise ConfigError(f"--out {out}: holds a previous run; add --force to replace it")
    return True


@contextmanager
def run_folder(out: Path, force: bool) -> Iterator[Path]:
    """Yields the folder to write the run into. Old pages are never merged into a new report, and a
    user's own files are never overwritten: a previous run is replaced only by a run that got written."""
    if not replaces_a_run(out, force):
        out.mkdir(parents=True, exist_ok=True)
        yield out
        return
    work = out.with_name(f".{out.name}.{os.getpid()}.new")
    shutil.rmtree(work, ignore_errors=True)  # left by an earlier process of the same id, killed hard
    work.mkdir()
    try:
        yield work
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    old = work.with_suffix(".old")
    out.rename(old)
    work.rename(out)
    shutil.rmtree(old, ignore_errors=True)
