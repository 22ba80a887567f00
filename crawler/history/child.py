"""An audit in a child process with a wall-clock limit; past it, its whole process tree is stopped."""
from __future__ import annotations

import subprocess
from dataclasses import dataclass

import psutil

GRACE_SECONDS = 15  # after SIGTERM, for the audit to write its report of the pages done


@dataclass
class ChildOutcome:
    exit_code: int
    timed_out: bool
    last_error: str | None  # the child's last line on stderr


def run_child(command: list[str], limit_seconds: float) -> ChildOutcome:
    # its own session: a Ctrl-C at the terminal reaches the parent, which stops the child's tree itself
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          start_new_session=True) as child:
        timed_out = False
        try:
            _, stderr = child.communicate(timeout=limit_seconds)
        except subprocess.TimeoutExpired:
            timed_out = True
            stop_tree(child.pid)
            _, stderr = child.communicate()
        except BaseException:
            stop_tree(child.pid)
            raise
    lines = (stderr or "").strip().splitlines()
    return ChildOutcome(child.returncode, timed_out, lines[-1] if lines else None)


def stop_tree(pid: int) -> None:
    """SIGTERM to the audit (it writes what it has), then SIGKILL to whatever of its tree is left.

    The tree is taken before anything is signalled: Chromium runs in a process group of its own,
    and an orphan would otherwise escape."""
    try:
        root = psutil.Process(pid)
        tree = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return
    try:
        root.terminate()
        root.wait(GRACE_SECONDS)
    except (psutil.NoSuchProcess, psutil.TimeoutExpired):
        pass
    for process in tree:
        try:
            process.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(tree, timeout=5)
