"""`mobicrawl recheck RUN_DIR` re-runs the checks on a saved run; `mobicrawl report RUN_DIR` rewrites its reports."""
from __future__ import annotations

from ..errors import ConfigError
from ..i18n import LANGUAGES
from ..page_record import page_record
from ..run_folder import close_if_abandoned, is_shared, set_file_modes
from ..report import FORMATS, parse_formats
from ..store import RunStore

NAME = "recheck"


def add_parser(subparsers) -> None:
    for name, help_text, handler in (
        ("recheck", "re-run the checks on a saved run and rewrite its reports (no crawl)", run_recheck),
        ("report", "rewrite a saved run's reports", run_report),
    ):
        parser = subparsers.add_parser(name, help=help_text)
        parser.add_argument("run_dir", metavar="RUN_DIR")
        parser.add_argument("--format", default=",".join(FORMATS), help=f"comma list of {','.join(FORMATS)}")
        parser.add_argument("--lang", choices=LANGUAGES, help="the HTML report's language (default: the run's)")
        parser.set_defaults(run=handler)


def open_run(path: str) -> RunStore:
    store = RunStore(path)
    if not (store.dir / "run.json").is_file():
        raise ConfigError(f"{path}: not a mobicrawl run folder (no run.json)")
    close_if_abandoned(store.dir)
    set_file_modes(is_shared(store.dir))  # rewritten files keep the folder's privacy
    return store


def recheck(store: RunStore) -> None:
    check_config = store.load_run()["check_config"]
    for saved in store.iter_artifacts():
        record = page_record(saved["page"], saved["renders"], check_config)
        store.save_page(saved["page"], saved["renders"], record)


def rewrite(store: RunStore, formats_text: str, lang: str | None) -> int:
    from ..report import write_reports

    formats = parse_formats(formats_text)
    store.write_report()
    written = write_reports(store.dir, formats - {"json"}, lang)
    for path in [store.dir / "report.json", *written.values()]:
        print(path)
    return 0


def run_recheck(args) -> int:
    store = open_run(args.run_dir)
    recheck(store)
    return rewrite(store, args.format, args.lang)


def run_report(args) -> int:
    return rewrite(open_run(args.run_dir), args.format, args.lang)
