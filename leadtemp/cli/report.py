"""``leadtemp report``: how the book's leads converted per temperature, against the seeds."""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from typing import Any

from leadtemp import clock
from leadtemp.errors import ValidationError
from leadtemp.exporting.targets import check_export_target
from leadtemp.fileio import atomic_write_text
from leadtemp.reports.report_html import report_html
from leadtemp.reports.report_json import report_json
from leadtemp.service import LeadService

REPORT_COMMAND = "report"


def _when(text: str) -> datetime:
    try:
        return clock.parse_datetime(text)
    except ValidationError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def add_report_command(commands: Any) -> None:
    report = commands.add_parser(
        REPORT_COMMAND, help="conversion, time to close, response and sources per temperature"
    )
    report.add_argument("--since", type=_when, default=None, help="leave out leads closed before DATE")
    report.add_argument("--as-of", type=_when, default=None, help="the report as it stood at DATE")
    report.add_argument("--json", action="store_true")
    report.add_argument("--html", metavar="FILE", help="also write the report as one self-contained page")
    report.add_argument("--force", action="store_true", help="let --html replace an existing file")


def run_report(args: argparse.Namespace, service: LeadService) -> int:
    target = None
    if args.html:
        target = check_export_target(service.path, args.html, overwrite=args.force)
    report = service.report(since=args.since, as_of=args.as_of)
    if target is not None:
        atomic_write_text(target, report_html(report, service.path.stem))
    if args.json:
        print(json.dumps(report_json(report), indent=2))
    else:
        print("\n".join(report.lines()))
    return 0
