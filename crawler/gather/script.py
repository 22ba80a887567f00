"""Compose every in-page module under js/ into the one script evaluated per render."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

from scrapy.utils.misc import load_object

# Python-side option builders for modules that need the audit config: module name -> function path.
OPTION_BUILDERS = {
    "offers": "crawler.gather.offers_options.offers_options",
}


def _js(name: str) -> str:
    return resources.files("crawler.gather").joinpath("js", name).read_text(encoding="utf-8").strip()


@lru_cache(maxsize=1)
def page_script() -> str:
    """`(opts) => JSON text of {page: ..., layout: ..., ...}`, each module isolated so one failing keeps the rest."""
    modules = sorted(
        entry.name[:-3]
        for entry in resources.files("crawler.gather").joinpath("js").iterdir()
        if entry.name.endswith(".js") and entry.name != "common.js"
    )
    calls = "\n".join(f"  run({name!r}, {_js(name + '.js')});" for name in modules)
    return (
        "(opts) => {\n"
        f"  const H = ({_js('common.js')})();\n"
        "  const out = {};\n"
        "  const run = (name, fn) => {\n"
        "    try { out[name] = fn(opts[name] || {}, H); }\n"
        "    catch (e) { out[name] = {__error: String((e && e.stack) || e).slice(0, 2000)}; }\n"
        "  };\n"
        f"{calls}\n"
        # One JSON string crosses to Python: Playwright's own encoding of a big object, value by value,
        # costs far more on both sides. undefined becomes null, as Playwright would give it. A page that
        # replaced JSON.stringify or gave built-in prototypes a toJSON (old Prototype.js) gets the object.
        "  const native = (f) => typeof f === 'function' && /\\[native code\\]/.test(Function.prototype.toString.call(f));\n"
        "  const plain = native(JSON.stringify) && ![Object, Array, String, Number, Boolean].some((C) => 'toJSON' in C.prototype);\n"
        "  return plain ? JSON.stringify(out, (key, value) => value === undefined ? null : value) : out;\n"
        "}"
    )


def module_script(name: str) -> str:
    """`(opts) => result` of one in-page module alone, for tests that evaluate it on their own pages."""
    return f"(opts) => {{ const H = ({_js('common.js')})(); return ({_js(name + '.js')})(opts || {{}}, H); }}"


def script_options(config: Any | None) -> dict[str, Any]:
    """The `opts` object handed to the page script, built once per audit."""
    return {name: load_object(path)(config) for name, path in OPTION_BUILDERS.items()}
