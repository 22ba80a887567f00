"""Compose every module under init/ into the one script that runs before any of a page's own scripts."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

# The in-page state the init modules share, under a symbol the page's own scripts do not enumerate.
STATE = 'window[Symbol.for("mobicrawl")]'


@lru_cache(maxsize=1)
def init_script() -> str:
    """Each module is `(M) => {...}`: it instruments the page and hangs its readers on M."""
    folder = resources.files("crawler.gather").joinpath("init")
    modules = sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(".js"))
    calls = "\n".join(f"  try {{ ({folder.joinpath(name).read_text(encoding='utf-8').strip()})(M); }} catch (e) {{}}"
                      for name in modules)
    return (
        "(() => {\n"
        "  const key = Symbol.for('mobicrawl');\n"
        "  if (window[key]) return;\n"
        "  const M = {};\n"
        "  Object.defineProperty(window, key, {value: M, enumerable: false});\n"
        f"{calls}\n"
        "})();"
    )
