"""plugins: no Flash, Java or Silverlight content, which phones cannot play."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from .base import CheckContext, CheckMeta, CheckResult, failed, passed

from .registry import register
from .text import Sentences

META = CheckMeta(
    id="plugins",
    title="No browser plugins needed",
    failure_title="Uses plugin content that phones cannot play",
    description="Flash, Java applets and Silverlight do not run on phones (nor in current desktop browsers); "
                "the content shows as an empty box.",
    applies_to="all",
    requires=("layout",),
    fix="Replace Flash, Java and Silverlight content with HTML: a <video> element, images or a canvas.",
)

SAY = Sentences(
    "plugins",
    found="{count} element(s) need a plugin ({kinds}) that phones cannot run.",
    none="No plugin content.",
)

_PLUGIN_TYPES = {
    "application/x-shockwave-flash": "Flash", "application/futuresplash": "Flash",
    "application/x-java-applet": "Java", "application/x-java-bean": "Java", "application/x-java-vm": "Java",
    "application/x-silverlight": "Silverlight", "application/x-silverlight-2": "Silverlight",
}
_CLASSIDS = {
    "clsid:d27cdb6e-ae6d-11cf-96b8-444553540000": "Flash",
    "clsid:8ad9c840-044e-11d1-b3e9-00805f499d93": "Java",
}
_EXTENSIONS = {"swf": "Flash", "flv": "Flash", "class": "Java", "jar": "Java", "xap": "Silverlight"}
_SOURCE_PARAMS = {"movie", "src", "source", "code", "data", "url", "filename", "archive"}


def _by_url(url: str) -> str | None:
    path = urlsplit(url.strip()).path.lower()
    match = re.search(r"\.([a-z0-9]+)$", path)
    return _EXTENSIONS.get(match[1]) if match else None



def plugin_kind(element: dict) -> str | None:
    """"Flash", "Java" or "Silverlight" when the element needs that plugin, else None."""
    if element["tag"] == "applet":
        return "Java"
    mime = element["type"].split(";")[0].strip().lower()
    if kind := _PLUGIN_TYPES.get(mime) or _CLASSIDS.get(element["classid"].strip().lower()):
        return kind
    if element["classid"].lower().startswith("java:"):
        return "Java"
    urls = [element["src"]] + [p["value"] for p in element["params"] if p["name"].lower() in _SOURCE_PARAMS]
    return next((kind for url in urls if url and (kind := _by_url(url))), None)


@register(META)
def audit(artifacts: dict, context: CheckContext) -> CheckResult:
    items = []
    for element in artifacts["layout"]["plugins"]:
        if kind := plugin_kind(element):
            items.append({"selector": element["selector"], "plugin": kind, "url": element["src"][:120],
                          "size": f"{element['box']['w']}x{element['box']['h']}", "text": element["text"],
                          "box": element["box"]})
    if items:
        kinds = ", ".join(sorted({i["plugin"] for i in items}))
        return failed(SAY.found(count=len(items), kinds=kinds), items)
    return passed(SAY.none())
