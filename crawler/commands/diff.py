"""`mobicrawl diff RUN_A RUN_B`: what got worse and what got better between two run folders."""
from __future__ import annotations

import json

from ..errors import ConfigError
from ..history.diff import diff_reports
from ..history.diff_text import format_diff
from ..i18n import LANGUAGES, report_language
from ..runfiles import read_report

NAME = "diff"


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(NAME, help="what got worse and better between two run folders")
    parser.add_argument("run_a", metavar="RUN_A", help="the older run folder")
    parser.add_argument("run_b", metavar="RUN_B", help="the newer run folder")
    parser.add_argument("--json", action="store_true", help="print the diff as JSON")
    parser.add_argument("--lang", choices=LANGUAGES, help="the language of the printed lines (default: RUN_B's)")
    parser.set_defaults(run=run)


def run(args) -> int:
    from pathlib import Path

    reports = []
    for folder in (args.run_a, args.run_b):
        report = read_report(Path(folder))
        if report is None:
            raise ConfigError(f"{folder}: no readable report.json")
        reports.append(report)
    since = diff_reports(reports[0], reports[1], args.run_a)
    lang = args.lang or report_language(reports[1])
    print(json.dumps(since, ensure_ascii=False, indent=2) if args.json else format_diff(since, lang))
    return 0
