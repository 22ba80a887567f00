"""`mobicrawl demo`: serve the bundled demo shop on 127.0.0.1 and audit it, offline."""
from __future__ import annotations

import tempfile
from importlib import resources
from pathlib import Path

from ..demo.server import SiteServer
from .audit import add_audit_options, config_from_args, run_audit

NAME = "demo"


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(NAME, help="serve the bundled demo shop on 127.0.0.1 and audit it (offline)")
    add_audit_options(parser, fail_on="never")  # the demo shop is broken on purpose
    parser.set_defaults(run=run, url=None)


def run(args) -> int:
    demo = resources.files("crawler.demo")
    with SiteServer(Path(str(demo.joinpath("site")))) as server:
        print(f"Demo shop served at {server.url}/")
        with tempfile.TemporaryDirectory() as tmp:
            config_file = Path(tmp) / "demo.toml"
            config_file.write_text(demo.joinpath("demo.toml").read_text(encoding="utf-8")
                                   .replace("{{BASE}}", server.url), encoding="utf-8")
            args.config = args.config or str(config_file)
            config = config_from_args(args)
        config.name = config.name or "demo-shop"
        config.stub_vendor_scripts = True  # no internet: vendor scripts come from local stubs
        return run_audit(config, args)
