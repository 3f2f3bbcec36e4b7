"""Check a mailbox: the new mail of every folder read into one capture preview, and committed as
one batch together with the folders' new marks.

One batch per check, committed at the end, rather than one per chunk: a check is one thing the user
did (listed, reviewed and undone whole), the window shows all of it on its review page before
anything is kept, and a check that breaks off (the connection drops, the app is killed) leaves the
book and the marks as they were, so the next check fetches the same mail again. Memory stays small
all the same: messages stream through the classifier and only their observations are kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from imapclient import IMAPClient  # type: ignore[import-untyped]

from leadtemp.capture.commit import CapturePreview, CaptureReport
from leadtemp.capture.events import Observation, Skipped
from leadtemp.capture.imap.address import MailboxAddress
from leadtemp.capture.imap.fetch import CHUNK, FetchedMail, FolderMark, FolderPlan, fetch_chunks, plan_folder
from leadtemp.capture.imap.read_ahead import read_ahead
from leadtemp.capture.imap.session import DEFAULT_TIMEOUT, folders_to_read, open_session
from leadtemp.capture.mail.classify import observe_mail
from leadtemp.capture.mail.signals import load_rules
from leadtemp.capture.options import CaptureOptions
from leadtemp.service import LeadService

#: Called with (messages read, messages to read) as a check goes.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class MailCheck:
    """What a check found: the preview to review and the marks its folders get once it is kept."""

    address: MailboxAddress
    preview: CapturePreview
    marks: tuple[FolderMark, ...]
    #: New messages per folder, in the order they were read.
    fetched: tuple[tuple[str, int], ...]

    @property
    def fetched_total(self) -> int:
        return sum(count for _folder, count in self.fetched)


def check_mailbox(
    service: LeadService,
    address: MailboxAddress,
    password: str,
    options: CaptureOptions,
    *,
    ca_file: Path | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    progress: Progress | None = None,
    chunk: int = CHUNK,
) -> MailCheck:
    """Read the mail new since the last kept check; nothing is written."""
    known = service.mailbox_marks(address.account)
    with open_session(address, password, ca_file=ca_file, timeout=timeout) as client:
        # Planned last to first, so the folder read first is the one still selected.
        plans = [
            plan_folder(client, folder, _mark(folder, known.get(folder)), options.since)
            for folder in reversed(folders_to_read(client, address))
        ][::-1]
        total = sum(len(plan.uids) for plan in plans)
        observations = _observe(client, plans, options, progress, total, chunk)
        preview = service.preview_capture(observations, label=f"mailbox {address.account}")
    return MailCheck(
        address,
        preview,
        tuple(plan.mark for plan in plans),
        tuple((plan.folder, len(plan.uids)) for plan in plans),
    )


def commit_mail_check(
    service: LeadService, check: MailCheck, accepted: Iterable[int] | None = None
) -> CaptureReport:
    """Keep the accepted lines (default: all) and advance the folders' marks, in one transaction;
    a rejected line is not offered again by the next check."""
    with service.transaction():
        report = service.commit_capture(check.preview, accepted)
        service.save_mailbox_marks(
            check.address.account, [(mark.folder, mark.uidvalidity, mark.last_uid) for mark in check.marks]
        )
    return report


def _mark(folder: str, stored: tuple[int, int] | None) -> FolderMark | None:
    return None if stored is None else FolderMark(folder, *stored)


def _observe(
    client: IMAPClient,
    plans: list[FolderPlan],
    options: CaptureOptions,
    progress: Progress | None,
    total: int,
    chunk: int,
) -> Iterator[Observation | Skipped]:
    rules = load_rules()  # once per check, not once per message
    done = 0
    if progress is not None:
        progress(done, total)
    for messages in read_ahead(_chunks(client, plans, chunk)):
        for message in messages:
            yield from observe_mail(message.headers, message.text, options, rules=rules)
            done += 1
            if progress is not None:
                progress(done, total)


def _chunks(client: IMAPClient, plans: list[FolderPlan], chunk: int) -> Iterator[list[FetchedMail]]:
    """Every folder's new mail, a chunk at a time, the folders in the plans' order (the first
    is selected already: it was planned last)."""
    for number, plan in enumerate(plans):
        if plan.uids:
            if number:
                client.select_folder(plan.folder, readonly=True)
            yield from fetch_chunks(client, plan.uids, chunk)
