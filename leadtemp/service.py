"""The service API: the one facade over the store and the scorer that the GUI and the CLI share.

Every write is one transaction and returns a :class:`Change` describing what it did to the
contact's score and temperature; the same change is sent to every subscriber, which is how the
board learns to move a card. Reads are computed "as of" a time (default now).
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from leadtemp import clock, qualifying
from leadtemp.actors import ACTOR_SETTING, clean_actor, resolve_actor
from leadtemp.agenda.cooling import cools_at
from leadtemp.agenda.entries import AgendaEntry, NextStep, Snooze
from leadtemp.agenda.listing import LIST_SORTS, sorted_cards
from leadtemp.agenda.today import AgendaBook, agenda, buying_kinds, snooze_holds, touch_kinds
from leadtemp.book_kinds import BookKind, Words, words_for
from leadtemp.bulk import collection_paused
from leadtemp.bulk_edits import BulkEdit, LeadSnapshot, distinct_ids
from leadtemp.changes import BoardReset as BoardReset
from leadtemp.changes import Change as Change
from leadtemp.companies.records import (
    CompanyPerson,
    CompanyRecord,
    CompanySummary,
    CompanyView,
    JoinEntry,
    TimelineEntry,
    engaged_badge,
)
from leadtemp.companies.seniority import Seniority, seniority_from_title
from leadtemp.companies.stakeholders import (
    SIGNAL_KIND,
    StakeholderJoin,
    conversation_kinds,
    join_note,
    stakeholder_joins,
)
from leadtemp.companies.temperature import CompanyTemperature, Person, company_temperature
from leadtemp.conflicts import (
    ARCHIVED,
    LOG,
    MERGE,
    OUTCOME,
    PIN,
    PIN_DEPENDS_ON,
    TEMPERATURE,
    ConflictError,
    LeadChange,
    colliding,
    field_aspect,
    refusal,
    tick_aspect,
)
from leadtemp.elsewhere import logged_elsewhere
from leadtemp.errors import DatabaseError, NotFoundError, ValidationError
from leadtemp.model import (
    CONTACT_FIELDS,
    UNDO_ACTION,
    Board,
    Card,
    ChecklistEntry,
    Contact,
    ContactMerge,
    Interaction,
    Outcome,
    OutcomeChange,
    Pin,
    RulesChange,
    ScoreResult,
    Temperature,
)
from leadtemp.qualification.answers import Qualification
from leadtemp.rescoring import compute_states, rebuild_states
from leadtemp.scoring.cards import CardMaker
from leadtemp.scoring.catalogue import Catalogue, InteractionKind, custom_kind
from leadtemp.scoring.checklists import (
    Templates,
    default_templates,
    templates_from_json,
    templates_to_json,
)
from leadtemp.scoring.daily import counts
from leadtemp.scoring.decay import (
    Scorer,
    compute_fit,
    pin_active,
    score_interactions,
    trend_start,
)
from leadtemp.scoring.rules import Rules, role_profile
from leadtemp.scoring.state import (
    ScoreState,
    apply_interaction,
    state_from_log,
    state_from_values,
    state_values,
)
from leadtemp.scoring.temperature import MODEL_CHANGED, MODEL_SETTING, MODEL_VERSION
from leadtemp.scoring.tuning import RuleKey, rule_keys
from leadtemp.store import Store, captures, day_ranks, mailbox_marks
from leadtemp.store import companies as company_rows
from leadtemp.store.agenda import AgendaStore
from leadtemp.store.captures import CaptureBatch
from leadtemp.store.facets import LeadFacets, lead_facets
from leadtemp.store.faults import translated
from leadtemp.store.rows import (
    BOARD_ROW_WIDTH,
    BOARD_SUMS_START,
    CARD_ROW_WIDTH,
    CARD_STATE_START,
    DETAIL_ARCHIVED,
    DETAIL_FRESH,
    DETAIL_LAST_TEMPERATURE,
    DETAIL_NAME,
    DETAIL_PIN,
    LEAD_SUMS_START,
    board_row,
)
from leadtemp.text import fold, haystack, with_article
from leadtemp.validation import MAX_NOTES, clean_contact_fields, clean_text

if TYPE_CHECKING:
    # Capture and reports load when first used: a window's start needs neither.
    from leadtemp.capture.commit import CapturePreview, CaptureReport, CaptureUndo
    from leadtemp.capture.events import Observation, Skipped
    from leadtemp.reports.report import Report
    from leadtemp.store.server.listening import ChangeListener

SALES_WORDS = words_for(BookKind.SALES)
MAX_INTERACTION_NOTE = 10_000
#: The longest next step a lead may have (a line to act on, not a note).
MAX_STEP_TEXT = 500


@dataclass(frozen=True)
class TemperatureMove:
    """A lead that other rules would put at another temperature (a preview of a rules change)."""

    contact_id: int
    name: str
    old_temperature: Temperature
    new_temperature: Temperature
    old_score: int
    new_score: int

    def describe(self) -> str:
        return f"{self.name} {self.old_temperature.value} -> {self.new_temperature.value}"


def describe_moves(
    moves: Sequence[TemperatureMove],
    *,
    applied: bool = False,
    limit: int | None = None,
    words: Words = SALES_WORDS,
) -> str:
    """``3 leads would change: Dana Lee warm -> hot, ...`` (``changed`` once applied), naming at
    most ``limit`` of them; ``candidates`` in a recruiting book's ``words``."""
    verb = "changed" if applied else "would change"
    if not moves:
        return f"no {words.lead} {verb} temperature"
    shown = list(moves if limit is None else moves[:limit])
    names = ", ".join(move.describe() for move in shown)
    if len(shown) < len(moves):
        names += f" and {len(moves) - len(shown)} more"
    return f"{words.count(len(moves))} {verb}: {names}"


@dataclass(frozen=True)
class ContactDetail:
    contact: Contact
    card: Card
    result: ScoreResult
    fit: int
    interactions: list[Interaction]
    checklist: list[ChecklistEntry]
    pin: Pin | None
    trend_score: int
    #: Every outcome change, oldest first.
    outcome_history: tuple[OutcomeChange, ...] = ()
    #: The contacts merged into this one, oldest first.
    merges: tuple[ContactMerge, ...] = ()
    #: What the user means to do next about the lead, and when.
    next_step: NextStep | None = None
    #: Until when the lead is kept off the Today list.
    snooze: Snooze | None = None
    #: The lead's row version as read (see :meth:`LeadService.lead_version`).
    version: int = 0
    #: What people did to the lead, oldest first (who, what, when).
    changes: tuple[LeadChange, ...] = ()
    #: The day (the user's) a hot or warm lead drops a temperature if nothing happens.
    cools_on: date | None = None
    #: Where each captured interaction came from (see :meth:`LeadService.captured_sources`).
    captured: dict[int, tuple[str, str]] = field(default_factory=dict)
    #: The company the contact belongs to, if any.
    company: CompanyRecord | None = None
    #: What is known of the lead's budget, authority, need and timeline.
    qualification: Qualification = field(default_factory=Qualification)

    @property
    def outcome_at(self) -> datetime | None:
        """When the lead got its current outcome (None if it never changed)."""
        return self.outcome_history[-1].changed_at if self.outcome_history else None


@dataclass(frozen=True)
class ClosedLead:
    """A lead off the board: won, lost or archived, and when it got its outcome (None if never)."""

    contact: Contact
    outcome_at: datetime | None


@dataclass(frozen=True)
class MergeUndo:
    """What undoing a merge puts back: both contacts' own rows as they were, and which
    interactions were the other's."""

    keep_id: int
    other_id: int
    kept_rows: dict[str, list[dict[str, Any]]]
    other_rows: dict[str, list[dict[str, Any]]]
    other_interactions: tuple[int, ...]


@dataclass(frozen=True)
class Merge:
    change: Change
    undo: MergeUndo


Listener = Callable[[Change | BoardReset], None]


#: How far ahead of the clock an interaction may be dated (clocks of two machines disagree a little).
FUTURE_SLACK = timedelta(minutes=5)


def user_error(path: Path, error: Exception) -> Exception:
    """What to show for a failed action: a one-line message for a full disk, a lost drive or a
    lock held too long; the error itself for anything else (a bug must not pass for a full disk)."""
    return translated(path, error) if isinstance(error, sqlite3.Error) else error


class LeadService:
    """Facade over one database; use one instance per thread."""

    def __init__(
        self, store: Store, now: Callable[[], datetime] = clock.now, *, actor: str | None = None
    ) -> None:
        self.store = store
        self._now = now
        self._given_actor = actor
        self._resolve_actor()
        self._listeners: list[Listener] = []
        self._rules: Rules | None = None
        self._templates: Templates | None = None
        self._scorer: Scorer | None = None
        self._refresh_stale_states()

    @classmethod
    def open(
        cls,
        path: Path | str,
        now: Callable[[], datetime] = clock.now,
        *,
        create: bool = True,
        read_only: bool = False,
        actor: str | None = None,
    ) -> LeadService:
        """The service on ``path``; ``create=False`` refuses a missing book, ``read_only`` opens
        one that is only read (cached scores that are out of date are then recomputed per read)."""
        store = Store(path, create=create, read_only=read_only)
        try:
            return cls(store, now, actor=actor)
        except sqlite3.Error as error:
            store.close()
            raise translated(path, error) from error
        except BaseException:
            store.close()
            raise

    @property
    def path(self) -> Path:
        return self.store.path

    def close(self) -> None:
        self.store.close()

    def backup_before(self, reason: str) -> Path | None:
        """A verified backup before a destructive change (None for an in-memory database).

        Raises :class:`DatabaseError` when the backup cannot be made, so the change is not made
        without one.
        """
        if str(self.path) == ":memory:" or self.store.on_server:
            # A server's administrator backs it up (pg_dump); `leadtemp backup` exports it.
            return None
        from leadtemp.store import backup  # with integrity, not needed until a destructive change

        try:
            return backup.create_backup(self.path, reason)
        except DatabaseError as error:
            raise DatabaseError(f"no backup before {reason}, so nothing was changed: {error}") from error

    def now(self) -> datetime:
        return self._now()

    # A shared book ----------------------------------------------------------------------

    def grant(self, role: str, *, read_only: bool) -> None:
        """Let a server role read the book, or (not ``read_only``) work on it too."""
        self.store.grant(role, read_only=read_only)

    # Working together: who did it, row versions, conflicts -------------------------------

    @property
    def actor(self) -> str:
        """The name this service's writes are recorded under (see :mod:`leadtemp.actors`)."""
        return self.store.actor

    def set_actor_name(self, name: str | None) -> str:
        """Record this book's writes under ``name`` from now on (None: the computer's login name);
        a name given for the run (``--as``) still wins. Returns the name now in use."""
        with self.store.transaction():
            if name is None:
                self.store.clear_setting(ACTOR_SETTING)
            else:
                self.store.set_setting(ACTOR_SETTING, clean_actor(name))
        self._resolve_actor()
        return self.store.actor

    def act_as(self, name: str) -> None:
        """Record this service's writes under ``name`` (a name given for the run, ``--as``)."""
        self._given_actor = clean_actor(name)
        self._resolve_actor()

    def _resolve_actor(self) -> None:
        self.store.actor = resolve_actor(
            self._given_actor, self.store.current_actor(), self.store.get_setting(ACTOR_SETTING)
        )

    @staticmethod
    def writable_at(path: Path | str) -> bool:
        """Whether the book at ``path`` can be written just now (a read-only file cannot)."""
        return Store.writable_at(path)

    @staticmethod
    def server_answers(path: Path | str) -> bool:
        """Whether the server of the server book at ``path`` answers now (waits a few seconds at
        most: ask off the UI thread)."""
        from leadtemp.server_address import ServerAddress
        from leadtemp.store.server.database import server_answers

        return server_answers(ServerAddress.parse(str(path)))

    @staticmethod
    def try_server_book(path: Path | str, password: str | None) -> None:
        """Open the server book at ``path`` with ``password`` (none: the keychain's) and close it
        again; the one-line :class:`DatabaseError` says why it does not open. On success a given
        password is kept in the keychain (never in a file)."""
        from leadtemp.server_address import ServerAddress
        from leadtemp.store.server.database import try_book
        from leadtemp.store.server.keychain import keep_password

        address = ServerAddress.parse(str(path))
        try_book(address, password)
        if password:
            keep_password(address, password)

    @property
    def read_only(self) -> bool:
        """Opened only to read: every write fails."""
        return self.store.read_only

    def lead_version(self, contact_id: int) -> int:
        """The lead's row version: it moves with every change a person makes to the lead."""
        return self.store.lead_changes.version_of(contact_id)

    def lead_versions(self, contact_ids: Sequence[int] | None = None) -> dict[int, int]:
        """Each changed lead's row version (a lead missing from it is at 0)."""
        return self.store.lead_changes.versions(contact_ids)

    def book_version(self) -> int:
        """The newest row version of any lead: :meth:`changes_after` it is what happens next."""
        return self.store.lead_changes.latest()

    def changes_after(self, version: int, limit: int = 200) -> list[LeadChange]:
        """What people did to the book's leads after ``version``, oldest first."""
        return self.store.lead_changes.after(version, limit)

    def _guard(
        self,
        contact_id: int,
        seen: int | None,
        depends_on: Iterable[str] | None,
        what: str,
        step: str | None,
    ) -> None:
        """Refuse the write when someone else changed what it depends on after version ``seen``
        (None: the caller read and writes at once, nothing to check). ``step`` names an undo or
        redo of the caller's own step, which depends only on what that step touched."""
        if seen is None:
            return
        self.store.lock_lead(contact_id)
        change = colliding(self.store.lead_changes.since(contact_id, seen), self.actor, depends_on)
        if change is not None:
            tail = f"your {what} was not applied" if step is None else f"your {step} would overwrite it"
            raise ConflictError(refusal(change, tail, self.now()), change)

    def _journal(self, change: Change, aspects: Iterable[str], doing: str) -> Change:
        """Record who made ``change`` and what it touched; the change with the lead's new version.
        ``doing`` says it with ``{name}`` for the lead (``pinned {name} as hot``)."""
        touched = set(aspects)
        summary = doing.replace("{name}", change.name)
        if change.temperature_changed and change.new_temperature is not None:
            touched.add(TEMPERATURE)
            if PIN not in touched:
                summary += f" and moved it to {change.new_temperature.value}"
        version = self.store.lead_changes.record(
            change.contact_id, self.actor, change.action, touched, summary, clock.to_timestamp(self.now())
        )
        return replace(change, version=version)

    # Events -----------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def _emit(self, event: Change | BoardReset) -> None:
        for listener in list(self._listeners):
            listener(event)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Several service calls as one user action: every one of them is saved, or none."""
        with self.store.transaction():
            yield

    def data_version(self) -> int | None:
        """A counter that moves whenever another connection commits to the book; None while the
        file cannot be read (the caller asks again later)."""
        try:
            return self.store.data_version()
        except sqlite3.Error:
            return None

    def change_listener(self) -> ChangeListener | None:
        """A connection of its own that hears every commit to a server book, for one thread to
        wait on (None on a file, whose commits :meth:`data_version` follows)."""
        from leadtemp.server_address import is_server_address

        if not is_server_address(self.path):
            return None  # and the PostgreSQL driver is not loaded for it (a window asks at start)
        from leadtemp.store.server.listening import listener_for

        return listener_for(self.store.database)

    def reload(self, reason: str) -> BoardReset:
        """Many rows changed underneath this service (an import, a restore): drop cached settings
        and tell every listener to reload the board."""
        self._rules = None
        self._templates = None
        self._resolve_actor()
        reset = BoardReset(reason)
        self._emit(reset)
        return reset

    # Rules, kinds and templates ---------------------------------------------------------

    @property
    def rules(self) -> Rules:
        if self._rules is None:
            stored = self.store.get_setting("rules")
            self._rules = Rules.from_json(stored) if stored else Rules()
        return self._rules

    @property
    def scorer(self) -> Scorer:
        """The current rules as plain numbers, rebuilt whenever the rules object changes."""
        rules = self.rules
        if self._scorer is None or self._scorer.rules is not rules:
            self._scorer = Scorer(rules)
        return self._scorer

    @property
    def catalogue(self) -> Catalogue:
        return self.rules.catalogue

    def kinds(self) -> list[InteractionKind]:
        return list(self.catalogue)

    @property
    def templates(self) -> Templates:
        if self._templates is None:
            stored = self.store.get_setting("checklists")
            self._templates = templates_from_json(stored) if stored else default_templates(self.rules.book)
        return self._templates

    def update_settings(
        self,
        rules: Rules | None = None,
        templates: Templates | dict[str, Any] | None = None,
        progress: Callable[[int, int], None] | None = None,
        *,
        action: str = "settings",
        undoes: int | None = None,
    ) -> BoardReset:
        """Store new rules/templates and re-score everything in one transaction; a change of the
        rules is recorded in the rules history as ``action`` (``undoes`` names the change an
        undo takes back)."""
        new_rules = rules or self.rules
        new_templates = (
            templates_from_json(templates)
            if isinstance(templates, dict)
            and templates
            and not isinstance(next(iter(templates)), Temperature)
            else templates
        )
        as_of = self.now()
        before = {card.contact_id: card for card in self.board(as_of).all_cards()}
        old_json, new_json = self.rules.to_json(), new_rules.to_json()
        rules_changed = old_json != new_json
        if rules_changed:
            self._refuse_dropping_used_kinds(new_rules)
            self.backup_before("settings")
        try:
            with self.store.transaction():
                if rules_changed:
                    self._refuse_dropping_used_kinds(new_rules)
                    at = clock.to_timestamp(as_of)
                    self.store.record_rules_change(at, action, old_json, new_json)
                    if undoes is not None:
                        self.store.mark_rules_change_undone(undoes, at)
                self.store.set_setting("rules", new_json)
                if new_templates is not None:
                    self.store.set_setting("checklists", templates_to_json(new_templates))  # type: ignore[arg-type]
                if new_rules.fingerprint() != self.rules.fingerprint():
                    rebuild_states(self.store, new_rules, progress=progress)
                self._rules = new_rules
                self._templates = new_templates if new_templates is not None else self._templates  # type: ignore[assignment]
                changes = self._sync_temperatures(as_of, before, cause="settings changed")
        except BaseException:
            self._rules = self._templates = None
            raise
        reset = BoardReset("settings changed", tuple(changes))
        self._emit(reset)
        return reset

    def _refuse_dropping_used_kinds(self, rules: Rules) -> None:
        """A kind the log uses stays: its interactions would lose their meaning."""
        for kind in self.rules.custom_kinds:
            if kind.name not in rules.catalogue and (used := self.store.kind_use_count(kind.name)):
                raise ValidationError(
                    f"the kind {kind.name} is used by {used} logged interaction{'s' if used != 1 else ''}, "
                    "so it cannot be removed; nothing was changed"
                )

    def rule_keys(self) -> list[RuleKey]:
        """Every tunable key with its value and allowed range."""
        return rule_keys(self.rules)

    def preview_rules(self, rules: Rules, as_of: datetime | None = None) -> list[TemperatureMove]:
        """The open leads ``rules`` would put at another temperature, hottest first; nothing is
        written."""
        moment = clock.ensure_aware(as_of) if as_of else self.now()
        before = {card.contact_id: card for card in self.board(moment).all_cards()}
        moves = [
            TemperatureMove(
                card.contact_id,
                card.name,
                before[card.contact_id].temperature,
                card.temperature,
                before[card.contact_id].score,
                card.score,
            )
            for card in self.board(moment, rules=rules).all_cards()
            if card.contact_id in before and before[card.contact_id].temperature is not card.temperature
        ]
        return moves

    def reset_rules(self, progress: Callable[[int, int], None] | None = None) -> BoardReset:
        """Every key back to its default; the ideal-client profile and the user's own kinds stay."""
        return self.update_settings(self.default_rules(), progress=progress, action="reset")

    def default_rules(self) -> Rules:
        return self.rules.defaults()

    @property
    def words(self) -> Words:
        """What this book calls a lead and a deal (a candidate and a role in a recruiting book)."""
        return words_for(self.rules.book)

    def begin_as(self, book: BookKind) -> None:
        """Make a new, empty book a book of this kind (one transaction); its kind is chosen once,
        so a book that holds anything already is refused."""
        with self.store.transaction():
            if self.store.get_setting("rules") is not None or any(self.store.counts().values()):
                raise ValidationError(
                    f"{self.path} is not a new book: its kind was chosen when it was created"
                )
            self.store.set_setting("rules", Rules(book=book).to_json())
        self._rules = self._templates = None

    def set_role_profile(self, title: str, skills: Sequence[str]) -> BoardReset:
        """The role a recruiting book hires for; each candidate's fit becomes their match with it."""
        if self.rules.book is not BookKind.RECRUITING:
            raise ValidationError(
                "a role profile belongs to a recruiting book; a sales book has an ideal-client profile"
            )
        return self.update_settings(
            self.rules.with_changes(role_profile=role_profile(title, skills)), action="role profile"
        )

    def undo_rules(self, progress: Callable[[int, int], None] | None = None) -> BoardReset:
        """Put back the rules as they were before the latest change not yet undone."""
        last = self.last_rules_change()
        return self.update_settings(
            Rules.from_json(last.before), progress=progress, action=UNDO_ACTION, undoes=last.id
        )

    def last_rules_change(self) -> RulesChange:
        """The latest change of the rules not yet undone: what :meth:`undo_rules` takes back."""
        last = self.store.last_undoable_rules_change()
        if last is None:
            raise ValidationError("there is no change of the rules to undo")
        return last

    def rules_history(self) -> list[RulesChange]:
        """Every change of the rules, oldest first."""
        return self.store.rules_history()

    # Mailboxes (IMAP) -------------------------------------------------------------------

    def mailbox_marks(self, account: str) -> dict[str, tuple[int, int]]:
        """How far each folder of ``account`` was read: folder -> (UIDVALIDITY, last UID)."""
        return mailbox_marks.read_marks(self.store.conn, account)

    def save_mailbox_marks(self, account: str, marks: Iterable[tuple[str, int, int]]) -> None:
        """Advance the folders' marks; inside the capture's transaction, so both are kept or neither."""
        with self.store.transaction() as conn:
            mailbox_marks.write_marks(conn, account, marks, clock.to_timestamp(self.now()))

    def connected_mailbox(self) -> dict[str, Any] | None:
        """The mailbox the window checks (``url``, ``every_minutes``, ``ca_file``), or None."""
        return mailbox_marks.mailbox_setting(self.store.conn)

    def connect_mailbox(
        self,
        url: str,
        *,
        every_minutes: int | None = None,
        ca_file: str | None = None,
        since: date | None = None,
    ) -> None:
        """The window's mailbox: its address (never a password), how often to check, a private CA,
        and the first day of mail its checks read (the user's calendar day)."""
        with self.store.transaction():
            self.store.set_setting(
                mailbox_marks.MAILBOX_SETTING,
                {
                    "url": url,
                    "every_minutes": every_minutes,
                    "ca_file": ca_file,
                    "since": since.isoformat() if since else None,
                },
            )

    def disconnect_mailbox(self, account: str) -> None:
        """Forget the window's mailbox and how far it was read (the next connection reads it anew)."""
        with self.store.transaction() as conn:
            mailbox_marks.forget_mailbox(conn, account)

    def add_kind(self, name: str, category: str, points: float, label: str = "") -> InteractionKind:
        """Add the user's own interaction kind (one undoable rules change)."""
        kind = custom_kind(name, category, points, label)
        if kind.name in self.catalogue:
            raise ValidationError(f"there is already a kind named {kind.name}")
        rules = self.rules.with_changes(custom_kinds=(*self.rules.custom_kinds, kind))
        self.update_settings(rules, action=f"added kind {kind.name}")
        return kind

    def remove_kind(self, name: str) -> None:
        """Remove one of the user's own kinds that no logged interaction uses."""
        rules = self.rules
        if name not in {kind.name for kind in rules.custom_kinds}:
            if name in self.catalogue:
                raise ValidationError(f"{name} is one of LeadTemp's own kinds and cannot be removed")
            raise ValidationError(f"there is no kind of your own named {name!r} (see `leadtemp kinds`)")
        remaining = tuple(kind for kind in rules.custom_kinds if kind.name != name)
        points = {kind: value for kind, value in rules.points.items() if kind != name}
        self.update_settings(
            rules.with_changes(custom_kinds=remaining, points=points), action=f"removed kind {name}"
        )

    def _refresh_stale_states(self) -> None:
        if self.store.read_only:
            return
        stale = self.store.stale_state_ids(self.rules.fingerprint())
        if stale:
            with self.store.transaction():
                rebuild_states(self.store, self.rules, stale if len(stale) < 1000 else None)

    # Contacts ---------------------------------------------------------------------------

    def contact(self, contact_id: int) -> Contact:
        return self.store.get_contact(contact_id)

    def name_of(self, contact_id: int) -> str:
        """The contact's name for a message or an undo step; "contact N" once it is gone."""
        try:
            return self.contact(contact_id).name
        except NotFoundError:
            return f"contact {contact_id}"

    def contacts(self, *, include_archived: bool = False) -> list[Contact]:
        return self.store.contacts(include_archived=include_archived)

    def closed_leads(self) -> list[ClosedLead]:
        """Won, lost and archived leads, most recently closed first."""
        return [
            ClosedLead(contact, None if at is None else clock.from_timestamp(at))
            for contact, at in self.store.closed_contacts()
        ]

    def add_contact(self, name: str, **fields: Any) -> Change:
        values = clean_contact_fields({"name": name, **fields})
        at = clock.to_timestamp(self.now())
        with self.store.transaction():
            contact_id = self.store.insert_contact(values, at)
            self.store.put_state_values(
                contact_id, state_values(ScoreState(fingerprint=self.rules.fingerprint()))
            )
            if self.store.get_setting(MODEL_SETTING) is None and self.store.contact_ids(
                include_archived=True
            ) == [contact_id]:
                # A book's first lead is scored by this model from the start.
                self.store.set_setting(MODEL_SETTING, MODEL_VERSION)
            change = self._change(contact_id, "added", cause="added", previous=None)
        self._emit(change)
        return change

    def edit_contact(
        self, contact_id: int, *, seen: int | None = None, step: str | None = None, **fields: Any
    ) -> Change:
        """Change the contact's fields. ``seen``: the lead's version the caller showed; a field
        someone else changed since is not overwritten (the edit is refused), while an edit of
        other fields merges. ``step``: this is an ``"undo"`` or ``"redo"`` of the caller's own."""
        values = clean_contact_fields(fields, require_name="name" in fields)
        with self.store.transaction():
            previous = self._before_write(contact_id)
            current = self.store.get_contact(contact_id)
            changing = sorted(name for name, value in values.items() if getattr(current, name) != value)
            aspects = [field_aspect(name) for name in changing]
            self._guard(contact_id, seen, aspects, "edit", step)
            if values:
                self.store.update_contact(contact_id, values, clock.to_timestamp(self.now()))
            change = self._change(contact_id, "edited", cause="profile edited", previous=previous)
            if changing:
                fields_said = ", ".join(name.replace("_", " ") for name in changing)
                change = self._journal(change, aspects, f"changed {{name}}'s {fields_said}")
            else:
                change = replace(change, version=self.lead_version(contact_id))
        self._emit(change)
        return change

    def archive_contact(self, contact_id: int, *, seen: int | None = None, step: str | None = None) -> Change:
        return self._set_flag(contact_id, {"archived": 1}, "archived", seen, step)

    def restore_contact(self, contact_id: int, *, seen: int | None = None, step: str | None = None) -> Change:
        return self._set_flag(contact_id, {"archived": 0}, "restored", seen, step)

    def set_outcome(
        self,
        contact_id: int,
        outcome: Outcome | str,
        *,
        on: datetime | None = None,
        seen: int | None = None,
        step: str | None = None,
    ) -> Change:
        """``on``: when the deal was won or lost, if not now (never ahead of the clock, never before
        the lead's last outcome change, so its outcome history stays in order). ``seen``/``step``:
        as for :meth:`edit_contact`; an outcome someone else set since is not overwritten."""
        try:
            value = Outcome(outcome)
        except ValueError:
            raise ValidationError(f"unknown outcome {outcome!r}: use open, won or lost") from None
        with self.store.transaction():
            previous = self._before_write(contact_id)
            self._guard(contact_id, seen, [OUTCOME], "change of outcome", step)
            at = clock.to_timestamp(self.now())
            if on is not None:
                at = self._outcome_date(contact_id, on, at)
            if self.store.get_contact(contact_id).outcome is not value:
                self.store.update_contact(contact_id, {"outcome": value.value}, at)
                self.store.record_outcome(contact_id, value, at)
            action = f"outcome {value.value}"
            change = self._change(contact_id, action, cause=action, previous=previous)
            marked = "reopened {name}" if value is Outcome.OPEN else f"marked {{name}} as {value.value}"
            change = self._journal(change, [OUTCOME], marked)
        self._emit(change)
        return change

    def _outcome_date(self, contact_id: int, on: datetime, now: float) -> float:
        at = clock.to_timestamp(on)
        if at > now + FUTURE_SLACK.total_seconds():
            when = clock.format_iso(on)
            raise ValidationError(f"{when} is in the future; mark an outcome once it has happened")
        history = self.store.outcome_history(contact_id)
        if history and at < clock.to_timestamp(history[-1].changed_at):
            last = clock.format_iso(history[-1].changed_at)
            raise ValidationError(f"the lead's outcome last changed on {last}; date the new one after that")
        return at

    def reopen(self, contact_id: int) -> Change:
        """Back on the board: the outcome open again and out of the archive, in one step."""
        return self.set_status(contact_id, Outcome.OPEN, archived=False, action="reopened")

    def set_status(
        self,
        contact_id: int,
        outcome: Outcome,
        *,
        archived: bool,
        action: str = "status set",
        seen: int | None = None,
        step: str | None = None,
    ) -> Change:
        """Set outcome and archive flag together (a reopen, and its undo)."""
        with self.store.transaction():
            previous = self._before_write(contact_id)
            self._guard(contact_id, seen, [OUTCOME, ARCHIVED], "change of status", step)
            contact = self.store.get_contact(contact_id)
            at = clock.to_timestamp(self.now())
            if contact.outcome is not outcome or contact.archived != archived:
                self.store.update_contact(
                    contact_id, {"outcome": outcome.value, "archived": int(archived)}, at
                )
            if contact.outcome is not outcome:
                self.store.record_outcome(contact_id, outcome, at)
            change = self._change(contact_id, action, cause=action, previous=previous)
            change = self._journal(change, [OUTCOME, ARCHIVED], f"{action} {{name}}")
        self._emit(change)
        return change

    def _set_flag(
        self, contact_id: int, values: dict[str, Any], action: str, seen: int | None, step: str | None
    ) -> Change:
        with self.store.transaction():
            previous = self._before_write(contact_id)
            self._guard(contact_id, seen, [ARCHIVED], "change", step)
            self.store.update_contact(contact_id, values, clock.to_timestamp(self.now()))
            change = self._change(contact_id, action, cause=action, previous=previous)
            change = self._journal(change, [ARCHIVED], f"{action} {{name}}")
        self._emit(change)
        return change

    def purge_contact(self, contact_id: int) -> Change:
        """Delete an archived contact for good (with its log, pin and checklist)."""
        contact = self.store.get_contact(contact_id)
        if not contact.archived:
            raise ValidationError(f"{contact.name} is not archived; archive before purging")
        self.backup_before("purge")
        with self.store.transaction():
            self.store.purge_contact(contact_id)
        change = Change(contact_id, "purged", contact.name, None, cause="purged")
        self._emit(change)
        return change

    # Many leads at once ---------------------------------------------------------------------

    def pin_many(self, contact_ids: Iterable[int], temperature: Temperature | str) -> BulkEdit:
        """Pin every lead given at one temperature, in one transaction."""
        try:
            wanted = Temperature(temperature)
        except ValueError:
            raise ValidationError(f"unknown temperature {temperature!r}: use cold, warm or hot") from None
        now = self.now()

        def write(contact: Contact) -> None:
            self.store.set_pin(Pin(contact.id, wanted, now, None))

        return self._edit_many(contact_ids, "pinned", f"pinned {wanted.value}", write)

    def archive_many(self, contact_ids: Iterable[int]) -> BulkEdit:
        """Take every lead given off the board (kept in the archive), in one transaction."""
        at = clock.to_timestamp(self.now())

        def write(contact: Contact) -> None:
            self.store.update_contact(contact.id, {"archived": 1}, at)

        return self._edit_many(contact_ids, "archived", "archived", write)

    def set_source_many(self, contact_ids: Iterable[int], source: str) -> BulkEdit:
        """Give every lead given the same source ("trade show", "purchased list"...), in one
        transaction."""
        values = clean_contact_fields({"source": source}, require_name=False)
        at = clock.to_timestamp(self.now())
        label = values.get("source") or "none"

        def write(contact: Contact) -> None:
            self.store.update_contact(contact.id, values, at)

        return self._edit_many(contact_ids, "source set", f"source set to {label}", write)

    def set_outcome_many(self, contact_ids: Iterable[int], outcome: Outcome | str) -> BulkEdit:
        """Mark every lead given won, lost or open again (each change dated), in one transaction."""
        try:
            value = Outcome(outcome)
        except ValueError:
            raise ValidationError(f"unknown outcome {outcome!r}: use open, won or lost") from None
        at = clock.to_timestamp(self.now())

        def write(contact: Contact) -> None:
            if contact.outcome is not value:
                self.store.update_contact(contact.id, {"outcome": value.value}, at)
                self.store.record_outcome(contact.id, value, at)

        action = f"outcome {value.value}"
        return self._edit_many(contact_ids, action, action, write)

    def reopen_many(self, contact_ids: Iterable[int]) -> BulkEdit:
        """Put every lead given back on the board (outcome open, out of the archive), in one
        transaction."""
        at = clock.to_timestamp(self.now())

        def write(contact: Contact) -> None:
            if contact.archived or contact.outcome is not Outcome.OPEN:
                self.store.update_contact(contact.id, {"outcome": Outcome.OPEN.value, "archived": 0}, at)
            if contact.outcome is not Outcome.OPEN:
                self.store.record_outcome(contact.id, Outcome.OPEN, at)

        return self._edit_many(contact_ids, "reopened", "reopened", write)

    def restore_many(
        self, snapshots: Iterable[LeadSnapshot], *, seen: dict[int, int] | None = None
    ) -> BulkEdit:
        """Undo a bulk edit: every lead's pin, archive flag, outcome and source as the snapshot
        says, in one transaction (a pin that has expired since is not put back). ``seen``: each
        lead's version after the edit; when someone else changed one of them since, nothing is
        undone (the undo would overwrite theirs)."""
        wanted = {snapshot.contact_id: snapshot for snapshot in snapshots}
        now = self.now()
        at = clock.to_timestamp(now)

        def write(contact: Contact) -> None:
            was = wanted[contact.id]
            if was.pin is not None and pin_active(was.pin, now):
                self.store.set_pin(was.pin)
            else:
                self.store.delete_pin(contact.id)
            values: dict[str, Any] = {}
            if contact.archived != was.archived:
                values["archived"] = int(was.archived)
            if contact.source != was.source:
                values["source"] = was.source
            if contact.outcome is not was.outcome:
                values["outcome"] = was.outcome.value
                self.store.record_outcome(contact.id, was.outcome, at)
            if values:
                self.store.update_contact(contact.id, values, at)

        def guard(contact_id: int) -> None:
            if seen is not None and contact_id in seen:
                self._guard(contact_id, seen[contact_id], _BULK_ASPECTS["restored"], "", "undo")

        return self._edit_many(list(wanted), "restored", "bulk edit undone", write, guard)

    def facets(self, contact_ids: list[int] | None = None) -> dict[int, LeadFacets]:
        """Each lead's source and import batch, for the board's filters (every contact, or the ids given)."""
        return lead_facets(self.store, contact_ids)

    def _edit_many(
        self,
        contact_ids: Iterable[int],
        action: str,
        cause: str,
        write: Callable[[Contact], None],
        guard: Callable[[int], None] | None = None,
    ) -> BulkEdit:
        """Apply ``write`` to each lead inside one transaction (an unknown id writes nothing),
        then tell the listeners about each lead; ``guard`` may refuse the whole edit first."""
        ids = distinct_ids(contact_ids)
        changes: list[Change] = []
        snapshots: list[LeadSnapshot] = []
        with self.store.transaction():
            if guard is not None:
                for contact_id in ids:
                    guard(contact_id)
            for contact_id in ids:
                contact = self.store.get_contact(contact_id)
                previous = self._before_write(contact_id)
                snapshots.append(LeadSnapshot.of(contact, self.store.get_pin(contact_id)))
                write(contact)
                change = self._change(contact_id, action, cause=cause, previous=previous)
                aspects = _BULK_ASPECTS.get(action, [OUTCOME])
                changes.append(self._journal(change, aspects, f"{cause} for {{name}}"))
        for change in changes:
            self._emit(change)
        return BulkEdit(tuple(changes), tuple(snapshots))

    # Merging ----------------------------------------------------------------------------

    def merge_contacts(self, keep_id: int, other_id: int, *, backup_first: bool = False) -> Merge:
        """Fold a duplicate into the contact kept, in one transaction: the other's interactions,
        its pin (when the kept one has none), its ticks and every detail the kept one lacks;
        details where both differ go into the notes, so nothing is lost. The other contact is
        deleted; :meth:`unmerge` with the returned undo brings it back with its own id (a front
        end without an undo asks for a backup first)."""
        if keep_id == other_id:
            raise ValidationError("cannot merge a contact with itself")
        self.store.get_contact(keep_id)
        self.store.get_contact(other_id)
        if backup_first:
            self.backup_before("merge")
        at = clock.to_timestamp(self.now())
        with self.store.transaction():
            kept, other = self.store.get_contact(keep_id), self.store.get_contact(other_id)
            previous = self._before_write(keep_id)
            self._before_write(other_id)
            undo = MergeUndo(
                keep_id,
                other_id,
                self.store.own_rows(keep_id),
                self.store.own_rows(other_id),
                tuple(self.store.interaction_ids(other_id)),
            )
            other_pin, other_ticks = self.store.get_pin(other_id), self.store.stay_ticks(other_id)
            fields = merged_fields(kept, other, self.now())
            if undo.kept_rows["contacts"][0]["batch_id"] != undo.other_rows["contacts"][0]["batch_id"]:
                # Holding more than one import made (or none), it is no longer an import's to undo.
                fields["batch_id"] = None
            self.store.move_interactions(undo.other_interactions, keep_id)
            self.store.move_merges(other_id, keep_id)
            dropped = self._merge_steps(keep_id, other_id)
            if dropped is not None:
                fields["notes"] = _noting_step(fields.get("notes", kept.notes), dropped, other)
            self.store.move_addresses(other_id, keep_id)
            qualifying.merge_into(self.store.conn, other_id, keep_id)
            self.store.purge_contact(other_id)
            if fields:
                self.store.update_contact(keep_id, fields, at)
            if other_pin is not None and self.store.get_pin(keep_id) is None:
                self.store.set_pin(replace(other_pin, contact_id=keep_id))
            self.store.record_merge(keep_id, other, at)
            rebuild_states(self.store, self.rules, [keep_id])
            self._before_write(keep_id)
            self.store.copy_ticks(other_ticks, keep_id)
            cause = f"merged with #{other.id} {other.name}"
            gone = Change(other_id, "merged", other.name, None, cause=cause)
            change = self._change(keep_id, "merged", cause=cause, previous=previous)
            change = self._journal(change, [MERGE], f"merged #{other.id} {other.name} into {{name}}")
        self._emit(gone)
        self._emit(change)
        return Merge(change, undo)

    def unmerge(self, undo: MergeUndo, *, seen: int | None = None, step: str | None = None) -> Change:
        """Undo :meth:`merge_contacts`: the other contact back with its id, interactions, pin,
        ticks and history, and the kept one as it was. ``seen``: the kept lead's version after
        the merge; the kept one is put back whole, so anything someone else did to it since
        refuses the undo."""
        with self.store.transaction():
            self.store.get_contact(undo.keep_id)
            self._guard(undo.keep_id, seen, None, "undo", step or "undo")
            try:
                self.store.get_contact(undo.other_id)
            except NotFoundError:
                pass
            else:
                raise ValidationError(f"contact #{undo.other_id} exists again, so the merge cannot be undone")
            previous = self._before_write(undo.keep_id)
            self.store.put_back(undo.kept_rows, exists=True)
            self.store.put_back(undo.other_rows, exists=False)
            self.store.move_interactions(undo.other_interactions, undo.other_id)
            rebuild_states(self.store, self.rules, [undo.keep_id, undo.other_id])
            back = self._change(undo.other_id, "unmerged", cause="merge undone", previous=None)
            change = self._change(undo.keep_id, "unmerged", cause="merge undone", previous=previous)
            change = self._journal(change, [MERGE], "undid a merge into {name}")
        self._emit(back)
        self._emit(change)
        return change

    # Interactions -----------------------------------------------------------------------

    def log_interaction(
        self,
        contact_id: int,
        kind: str,
        occurred_at: datetime | None = None,
        note: str = "",
        *,
        interaction_id: int | None = None,
    ) -> Change:
        """Log what happened and re-score only that contact.

        A time more than :data:`FUTURE_SLACK` ahead is refused (log a meeting when it happens), and
        so is an exact copy of an interaction already logged (same kind, second and note): a second
        click is not a second signal. Putting a deleted interaction back (``interaction_id``) is
        neither.
        """
        if kind not in self.catalogue:
            raise ValidationError(f"unknown interaction kind {kind!r} (see `leadtemp kinds`)")
        note = clean_text(note or "")
        if len(note) > MAX_INTERACTION_NOTE:
            raise ValidationError(f"note is longer than {MAX_INTERACTION_NOTE} characters")
        now = self.now()
        when = clock.ensure_aware(occurred_at) if occurred_at is not None else now
        if interaction_id is None and when > now + FUTURE_SLACK:
            raise ValidationError(
                f"{clock.format_iso(when)} is in the future; log an interaction when it has happened"
            )
        at = clock.to_timestamp(when)
        rules = self.rules
        with self.store.transaction():
            previous, row = self._card_before_write(contact_id)
            if interaction_id is None and self.store.has_interaction(contact_id, kind, math.floor(at), note):
                raise ValidationError(
                    f"#{contact_id} already has this {kind} at {clock.format_iso(when)}"
                    + (" with the same note" if note else "")
                    + "; nothing was logged"
                )
            new_id = self.store.insert_interaction(
                contact_id,
                kind,
                at,
                note,
                clock.to_timestamp(self.now()),
                interaction_id,
            )
            rank, that_day = self.store.day_standing(contact_id, new_id)
            limit = rules.daily_limit_of(self.catalogue.get(kind).category)
            # Logged before the day's last counted one, it makes that one a repeat; logged before
            # the newest interaction, it may move where a sum was last worth warm: fold the log.
            displaces = counts(rank, limit) and 0 < limit < that_day
            current = _state_of(row, rules)
            backdated = current.newest is not None and at < current.newest
            if row[DETAIL_FRESH] and not displaces and not backdated:
                state = apply_interaction(
                    current, kind, at, rules, self.catalogue, counted=counts(rank, limit)
                )
            else:
                state = state_from_log(self.store.log_for(contact_id), rules, row[DETAIL_LAST_TEMPERATURE])
            self.store.put_state_values(contact_id, state_values(state))
            joined = self._log_stakeholder_joins(contact_id, kind)
            change = self._change(
                contact_id,
                "logged",
                cause=kind,
                previous=previous,
                interaction_id=new_id,
            )
            change = self._journal(
                change, [LOG], f"logged {with_article(self.catalogue.get(kind).label)} for {{name}}"
            )
        self._emit(change)
        for other in joined:
            self._emit(other)
        return change

    def delete_interaction(self, interaction_id: int) -> Change:
        with self.store.transaction():
            interaction = self.store.get_interaction(interaction_id)
            previous = self._before_write(interaction.contact_id)
            joined = self._drop_stakeholder_signal(interaction_id)
            self.store.delete_interaction(interaction_id)
            self._rebuild_state(interaction.contact_id)
            change = self._change(
                interaction.contact_id,
                "deleted interaction",
                cause=f"{interaction.kind} removed",
                previous=previous,
                interaction_id=interaction_id,
                removed=interaction,
            )
            kind = interaction.kind
            label = self.catalogue.get(kind).label if kind in self.catalogue else kind
            change = self._journal(change, [LOG], f"deleted {with_article(label)} of {{name}}")
        self._emit(change)
        for other in joined:
            self._emit(other)
        return change

    def restore_interaction(self, interaction: Interaction) -> Change:
        """Put a deleted interaction back with its original id (undo of a delete)."""
        return self.log_interaction(
            interaction.contact_id,
            interaction.kind,
            interaction.occurred_at,
            interaction.note,
            interaction_id=interaction.id,
        )

    def interactions(self, contact_id: int) -> list[Interaction]:
        self.store.get_contact(contact_id)
        return self.store.interactions_for(contact_id)

    def _rebuild_state(self, contact_id: int) -> None:
        old = self.store.state_values(contact_id)
        last_temperature = None if old is None else state_from_values(old).last_temperature
        state = state_from_log(self.store.log_for(contact_id), self.rules, last_temperature)
        self.store.put_state_values(contact_id, state_values(state))

    # Pins -------------------------------------------------------------------------------

    def pin(
        self,
        contact_id: int,
        temperature: Temperature | str,
        expires_at: datetime | None = None,
        *,
        seen: int | None = None,
        step: str | None = None,
    ) -> Change:
        """Hold the lead at ``temperature``. ``seen``: the lead's version the caller showed; a pin
        on a lead someone else pinned, moved or closed since is refused. ``step``: an undo or redo
        of the caller's own step, refused only when someone else pinned it since."""
        try:
            wanted = Temperature(temperature)
        except ValueError:
            raise ValidationError(f"unknown temperature {temperature!r}: use cold, warm or hot") from None
        now = self.now()
        if expires_at is not None and clock.ensure_aware(expires_at) <= now:
            raise ValidationError("a pin's expiry must be in the future")
        with self.store.transaction():
            previous = self._before_write(contact_id)
            self.store.get_contact(contact_id)
            self._guard(contact_id, seen, [PIN] if step else PIN_DEPENDS_ON, "pin", step)
            self.store.set_pin(
                Pin(
                    contact_id,
                    wanted,
                    now,
                    clock.ensure_aware(expires_at) if expires_at else None,
                )
            )
            change = self._change(contact_id, "pinned", cause=f"pinned {wanted.value}", previous=previous)
            change = self._journal(change, [PIN], f"pinned {{name}} as {wanted.value}")
        self._emit(change)
        return change

    def unpin(self, contact_id: int, *, seen: int | None = None, step: str | None = None) -> Change:
        """Let the score decide again; ``seen``/``step`` as for :meth:`pin`."""
        with self.store.transaction():
            previous = self._before_write(contact_id)
            self.store.get_contact(contact_id)
            self._guard(contact_id, seen, [PIN] if step else PIN_DEPENDS_ON, "unpin", step)
            self.store.delete_pin(contact_id)
            change = self._change(contact_id, "unpinned", cause="unpinned", previous=previous)
            change = self._journal(change, [PIN], "unpinned {name}")
        self._emit(change)
        return change

    def get_pin(self, contact_id: int) -> Pin | None:
        return self.store.get_pin(contact_id)

    # Checklists -------------------------------------------------------------------------

    def checklist(self, contact_id: int, as_of: datetime | None = None) -> list[ChecklistEntry]:
        card = self.card(contact_id, as_of)
        return self._checklist_for(contact_id, card.temperature)

    def _checklist_for(self, contact_id: int, temperature: Temperature) -> list[ChecklistEntry]:
        done = self.store.progress_for(contact_id, temperature)
        return [
            ChecklistEntry(
                item,
                item.id in done,
                clock.from_timestamp(done[item.id]) if item.id in done else None,
            )
            for item in self.templates.get(temperature, ())
        ]

    def tick(
        self,
        contact_id: int,
        item_id: str,
        done: bool = True,
        *,
        seen: int | None = None,
        step: str | None = None,
    ) -> Change:
        """Tick (or untick) a step of the checklist for the contact's current temperature.
        ``seen``: the lead's version the caller showed; refused when someone else ticked that step
        or moved the lead (its checklist) since. ``step``: an undo or redo of the caller's own."""
        with self.store.transaction():
            previous = self._card_before_write(contact_id)[0]
            items = {item.id: item for item in self.templates.get(previous.temperature, ())}
            if item_id not in items:
                by_position = _item_by_position(item_id, list(items))
                if by_position is None:
                    raise ValidationError(
                        f"no step {item_id!r} in the {previous.temperature.value} checklist "
                        f"(steps: {', '.join(items) or 'none'})"
                    )
                item_id = by_position
            aspect = tick_aspect(previous.temperature.value, item_id)
            self._guard(contact_id, seen, [aspect] if step else [aspect, TEMPERATURE], "tick", step)
            at = clock.to_timestamp(self.now()) if done else None
            self.store.set_progress(contact_id, previous.temperature, item_id, at)
            change = self._change(
                contact_id,
                "ticked",
                cause=f"{'ticked' if done else 'unticked'} {item_id}",
                previous=previous,
            )
            verb = "ticked" if done else "unticked"
            change = self._journal(change, [aspect], f"{verb} \u201c{items[item_id].text}\u201d for {{name}}")
        self._emit(change)
        return change

    # Agenda: next steps, snoozes and the Today list ------------------------------------

    @property
    def _agenda(self) -> AgendaStore:
        return AgendaStore(self.store.conn)

    def today(self, as_of: datetime | None = None) -> list[AgendaEntry]:
        """What to do now, in the seeds' priority order (see :mod:`leadtemp.agenda.today`): hot
        leads waiting for an answer, steps due, follow-ups whose cadence ran out, nurture steps."""
        moment = clock.ensure_aware(as_of) if as_of else self.now()
        until = clock.to_timestamp(moment)
        rules, rows = self.rules, self._agenda
        with collection_paused():
            cards = self.board(moment).all_cards()
            book = AgendaBook(
                touches=rows.latest_of_kinds(touch_kinds(rules.catalogue), until),
                arrivals=rows.arrivals(),
                steps={key: _step(key, row) for key, row in rows.next_steps().items()},
                snoozes={key: _snooze(key, row) for key, row in rows.snoozes().items()},
                snoozed_buying=rows.snoozed_logged(buying_kinds(rules.catalogue), until),
            )
            cadence = {temperature: rules.cadence_days(temperature) for temperature in Temperature}
            return agenda(cards, book, moment, clock.local_date(moment), cadence)

    def cools_on(self, contact_id: int, as_of: datetime | None = None) -> date | None:
        """The day (the user's) a hot or warm lead will drop a temperature if nothing happens
        ("goes warm on Dec 9"); None for a cold lead or one pinned for good."""
        moment = clock.ensure_aware(as_of) if as_of else self.now()
        row = self.store.card_row(contact_id, self.rules.fingerprint())
        pins = {} if (pin := self.store.get_pin(contact_id)) is None else {contact_id: pin}
        maker = self._card_maker(pins, {}, moment)
        now_state = None
        if maker.card(board_row(row, maker.now_ts), None) is None:
            now_state = compute_states(self.store, self.rules, [contact_id], until=maker.now_ts)[contact_id]
        state = now_state if now_state is not None else list(row[CARD_STATE_START:CARD_ROW_WIDTH])
        cooling = cools_at(maker.temperature_at(row, state), maker.now_ts)
        return None if cooling is None else clock.local_date(clock.from_timestamp(cooling))

    def scheduled_steps(self) -> list[tuple[NextStep, Contact]]:
        """The open leads' next steps with their leads, earliest due first (the calendar's)."""
        steps = [_step(key, row) for key, row in self._agenda.next_steps().items()]
        steps.sort(key=lambda step: (step.due, step.contact_id))
        return [(step, self.store.get_contact(step.contact_id)) for step in steps]

    def lead_list(
        self,
        *,
        closed: bool = False,
        sort: str = "score",
        source: str | None = None,
        as_of: datetime | None = None,
    ) -> list[tuple[Card, str]]:
        """The open leads (with ``closed``, the won, lost and archived ones instead) in the order
        ``sort`` names (see :data:`~leadtemp.agenda.listing.LIST_SORTS`), each with its source;
        with ``source``, only the leads from it (whatever its case)."""
        if sort not in LIST_SORTS:
            raise ValidationError(f"unknown sort {sort!r}: use {', '.join(LIST_SORTS)}")
        board = self.board(as_of, include_closed=closed, include_archived=closed)
        sources = self._agenda.sources()
        wanted = None if source is None else fold(source.strip())
        cards = [
            card
            for card in board.all_cards()
            if card.closed == closed and (wanted is None or fold(sources.get(card.contact_id, "")) == wanted)
        ]
        return [(card, sources.get(card.contact_id, "")) for card in sorted_cards(cards, sort)]

    def next_step(self, contact_id: int) -> NextStep | None:
        """The lead's next step (None without one)."""
        self.store.get_contact(contact_id)
        return self._step_of(contact_id)

    def snoozed(self, contact_id: int, as_of: datetime | None = None) -> Snooze | None:
        """The snooze that keeps the lead off Today (None when there is none, its day has come or a
        buying signal was logged after it)."""
        self.store.get_contact(contact_id)
        return self._holding_snooze(contact_id, clock.ensure_aware(as_of) if as_of else self.now())

    def set_next_step(self, contact_id: int, text: str, due: date) -> Change:
        """Give the lead its next step, due on the user's day ``due`` (replacing any other): the
        follow-up cadence waits for it, and Today lists it from that day."""
        cleaned = clean_text(text) if isinstance(text, str) else ""
        if not cleaned:
            raise ValidationError('a next step needs a text, e.g. "call about the proposal"')
        if len(cleaned) > MAX_STEP_TEXT:
            raise ValidationError(f"a next step is at most {MAX_STEP_TEXT} characters")
        if isinstance(due, datetime) or not isinstance(due, date):
            raise ValidationError("a next step's due date must be a day, such as 2026-12-03")
        with self.store.transaction():
            previous = self._card_before_write(contact_id)[0]
            self._agenda.set_next_step(contact_id, cleaned, due.isoformat(), clock.to_timestamp(self.now()))
            change = self._change(
                contact_id, "next step set", cause=f"next step due {due.isoformat()}", previous=previous
            )
        self._emit(change)
        return change

    def complete_next_step(self, contact_id: int) -> Change:
        """The lead's next step is done: it leaves the lead, and the cadence counts again."""
        return self._drop_step(contact_id, "next step done")

    def clear_next_step(self, contact_id: int) -> Change:
        """Take the lead's next step away without doing it (the undo of :meth:`set_next_step`)."""
        return self._drop_step(contact_id, "next step cleared")

    def _drop_step(self, contact_id: int, action: str) -> Change:
        with self.store.transaction():
            previous = self._card_before_write(contact_id)[0]
            if self._agenda.next_step(contact_id) is None:
                raise ValidationError(f"#{contact_id} {previous.name} has no next step; nothing was changed")
            self._agenda.delete_next_step(contact_id)
            change = self._change(contact_id, action, cause=action, previous=previous)
        self._emit(change)
        return change

    def snooze(self, contact_id: int, until: date) -> Change:
        """Keep the lead off Today until the user's day ``until`` (a new buying signal brings it
        back at once); the day must be after today."""
        if isinstance(until, datetime) or not isinstance(until, date):
            raise ValidationError("snooze until a day, such as 2026-12-03")
        today = clock.local_date(self.now())
        if until <= today:
            raise ValidationError(
                f"snooze until a day after today ({today.isoformat()}), not {until.isoformat()}"
            )
        with self.store.transaction():
            previous = self._card_before_write(contact_id)[0]
            self._agenda.set_snooze(contact_id, until.isoformat(), clock.to_timestamp(self.now()))
            change = self._change(
                contact_id, "snoozed", cause=f"snoozed until {until.isoformat()}", previous=previous
            )
        self._emit(change)
        return change

    def unsnooze(self, contact_id: int) -> Change:
        """Back on Today at once (the undo of :meth:`snooze`)."""
        with self.store.transaction():
            previous = self._card_before_write(contact_id)[0]
            if self._agenda.snooze(contact_id) is None:
                raise ValidationError(f"#{contact_id} {previous.name} is not snoozed; nothing was changed")
            self._agenda.delete_snooze(contact_id)
            change = self._change(contact_id, "unsnoozed", cause="unsnoozed", previous=previous)
        self._emit(change)
        return change

    def _step_of(self, contact_id: int) -> NextStep | None:
        row = self._agenda.next_step(contact_id)
        return None if row is None else _step(contact_id, row)

    def _holding_snooze(self, contact_id: int, moment: datetime) -> Snooze | None:
        row = self._agenda.snooze(contact_id)
        if row is None:
            return None
        snooze = _snooze(contact_id, row)
        logged = self._agenda.snoozed_logged(
            buying_kinds(self.catalogue), clock.to_timestamp(moment), contact_id
        ).get(contact_id)
        return snooze if snooze_holds(snooze, clock.local_date(moment), logged) else None

    def _merge_steps(self, keep_id: int, other_id: int) -> NextStep | None:
        """Of two merged leads' next steps, the kept lead gets the one due first (its own on a
        tie); the other one is returned, to go into the notes."""
        kept, other = self._step_of(keep_id), self._step_of(other_id)
        if other is None:
            return None
        if kept is None or other.due < kept.due:
            self._agenda.move_next_step(other_id, keep_id)
            return kept
        return other

    # Qualification: budget, authority, need and timeline -------------------------------

    def qualification(self, contact_id: int) -> Qualification:
        self.store.get_contact(contact_id)
        return qualifying.read(self.store.conn, contact_id)

    def qualify(
        self,
        contact_id: int,
        values: dict[str, str] | None = None,
        notes: dict[str, str] | None = None,
        *,
        learned_on: date | None = None,
    ) -> Change:
        """Set what is known of the lead's budget, authority, need and timeline (answers as typed:
        "yes", "no", "unknown", "2026-09-30", "2026-Q3", "Q3") and their notes, in one
        transaction; a criterion that changes is learned now, or on the user's day ``learned_on``."""
        now = self.now()
        learned_at = now
        if learned_on is not None:
            if learned_on > clock.local_date(now):
                raise ValidationError(
                    f"learned on {learned_on.isoformat()} is after today; nothing was changed"
                )
            learned_at = clock.day_start(learned_on)
        with self.store.transaction():
            previous = self._card_before_write(contact_id)[0]
            before = qualifying.read(self.store.conn, contact_id)
            after = qualifying.planned(
                before, values or {}, notes or {}, today=clock.local_date(now), learned_at=learned_at
            )
            qualifying.write(self.store.conn, contact_id, after)
            cause = qualifying.describe_changes(before, after)
            change = self._change(contact_id, "qualified", cause=cause, previous=previous)
        self._emit(change)
        return change

    def restore_qualification(self, contact_id: int, qualification: Qualification) -> Change:
        """Put the lead's answers back as they were (the undo of :meth:`qualify`)."""
        with self.store.transaction():
            previous = self._card_before_write(contact_id)[0]
            qualifying.write(self.store.conn, contact_id, qualification)
            change = self._change(
                contact_id, "qualification restored", cause="qualification restored", previous=previous
            )
        self._emit(change)
        return change

    # Capture ----------------------------------------------------------------------------

    def preview_capture(self, observations: Iterable[Observation | Skipped], *, label: str) -> CapturePreview:
        """What capturing ``observations`` would log, and to which lead; nothing is written.

        The cycle collector is paused meanwhile: reading a source makes many small objects and
        keeps its observations to the end (a collection would walk them again and again), and it
        leaves no cycles behind."""
        from leadtemp.capture import commit as capture_commit

        with collection_paused():
            return capture_commit.preview(
                self.store, self.catalogue, observations, label=label, me=self.my_addresses()
            )

    def commit_capture(self, preview: CapturePreview, accepted: Iterable[int] | None = None) -> CaptureReport:
        """Log the accepted lines of a preview (default: all) as one batch in one transaction."""
        with collection_paused():  # many rows and cards made at once, as a preview's
            return self._commit_capture(preview, accepted)

    def _commit_capture(self, preview: CapturePreview, accepted: Iterable[int] | None) -> CaptureReport:
        from leadtemp.capture import commit as capture_commit

        moment = self.now()
        before = {card.contact_id: card for card in self.board(moment).all_cards()}
        with self.store.transaction():
            # The capture's rows and the joins they make ranked by day once, not a trigger per row.
            with day_ranks.adding(self.store.conn):
                report, touched = capture_commit.write(self.store, preview, accepted, at=moment)
                joined = self._record_joins(touched)
            if report.batch_id is not None:
                # Undoing the capture takes the signal back with the mail that made it.
                captures.record_keys(
                    self.store,
                    [(SIGNAL_KIND, str(made_by), report.batch_id, signal) for _, signal, made_by in joined],
                )
            touched = [*touched, *(earlier_id for earlier_id, _, _ in joined)]
            if touched:
                rebuild_states(self.store, self.rules, touched)
            changes = self._sync_temperatures(moment, before, cause=f"captured from {preview.label}")
        if report.batch_id is None:
            return report
        self._emit(BoardReset(f"captured {preview.label}", tuple(changes)))
        return replace(report, moved=tuple(change.describe() for change in changes))

    def captures(self) -> list[CaptureBatch]:
        """Every capture run, oldest first."""
        from leadtemp.capture import commit as capture_commit

        return capture_commit.batches(self.store)

    def undo_capture(self, batch_id: int) -> CaptureUndo:
        """Take a capture back whole: what it logged, the leads it created, the addresses it added."""
        from leadtemp.capture import commit as capture_commit

        moment = self.now()
        with self.store.transaction():
            undone, touched = capture_commit.undo(self.store, batch_id, at=moment)
            if touched:
                rebuild_states(self.store, self.rules, touched)
            changes = self._sync_temperatures(moment, None, cause=f"capture #{batch_id} undone")
        self._emit(BoardReset(f"undid capture #{batch_id}", tuple(changes)))
        return undone

    def captured_interactions(self, contact_id: int) -> dict[int, int]:
        """Which of a lead's interactions a capture logged: interaction id -> capture id."""
        self.store.get_contact(contact_id)
        return {i: batch for i, (batch, _, _) in captures.captured_of(self.store, contact_id).items()}

    def contact_addresses(self, contact_id: int) -> list[str]:
        """Every address a lead is known by, its e-mail field first."""
        from leadtemp.capture.addresses import clean_address

        email = clean_address(self.store.get_contact(contact_id).email)
        return list(
            dict.fromkeys([*([email] if email else []), *captures.addresses_of(self.store, contact_id)])
        )

    def captured_sources(self, contact_id: int) -> dict[int, tuple[str, str]]:
        """Where each of a lead's captured interactions came from: (what was read, its source),
        such as ``("google-calendar.ics", "calendar")``."""
        captured = captures.captured_of(self.store, contact_id)
        return {i: (label, source) for i, (_, source, label) in captured.items()}

    def ignored_senders(self) -> list[str]:
        return captures.ignored_senders(self.store)

    def ignore_sender(self, address: str) -> bool:
        """Capture always skips mail from ``address``; False when it was ignored already."""
        cleaned = _capture_address(address)
        with self.store.transaction():
            return captures.ignore_sender(self.store, cleaned, clock.to_timestamp(self.now()))

    def unignore_sender(self, address: str) -> bool:
        with self.store.transaction():
            return captures.unignore_sender(self.store, _capture_address(address))

    def my_addresses(self) -> list[str]:
        """The user's own addresses: they decide whether mail was sent or received."""
        stored = self.store.get_setting(MY_ADDRESSES_SETTING)
        return [str(address) for address in stored] if isinstance(stored, list) else []

    def set_my_addresses(self, addresses: Iterable[str]) -> list[str]:
        cleaned = list(dict.fromkeys(_capture_address(address) for address in addresses))
        with self.store.transaction():
            self.store.set_setting(MY_ADDRESSES_SETTING, cleaned)
        return cleaned

    def capture_subjects_only(self) -> bool:
        """Captured mail keeps only its subject in the note, not the first lines of the lead's words."""
        return self.store.get_setting(SUBJECTS_ONLY_SETTING) is True

    def set_capture_subjects_only(self, subjects_only: bool) -> None:
        with self.store.transaction():
            self.store.set_setting(SUBJECTS_ONLY_SETTING, bool(subjects_only))

    # Reads ------------------------------------------------------------------------------

    def card(self, contact_id: int, as_of: datetime | None = None) -> Card:
        return self._card(contact_id, clock.ensure_aware(as_of) if as_of else self.now())

    def detail(self, contact_id: int, as_of: datetime | None = None) -> ContactDetail:
        """Everything the contact panel and ``leadtemp show`` need, from the log itself."""
        moment = clock.ensure_aware(as_of) if as_of else self.now()
        contact = self.store.get_contact(contact_id)
        rules = self.rules
        interactions = self.store.interactions_for(contact_id)
        fit = compute_fit(contact, rules)
        result = score_interactions(interactions, fit, rules, moment)
        before = score_interactions(interactions, fit, rules, trend_start(moment, rules))
        card = self._card(contact_id, moment)
        return ContactDetail(
            contact=contact,
            card=card,
            result=result,
            fit=fit,
            interactions=interactions,
            checklist=self._checklist_for(contact_id, card.temperature),
            pin=self.store.get_pin(contact_id),
            trend_score=before.score,
            outcome_history=tuple(self.store.outcome_history(contact_id)),
            merges=tuple(self.store.merges_for(contact_id)),
            next_step=self._step_of(contact_id),
            snooze=self._holding_snooze(contact_id, moment),
            cools_on=self.cools_on(contact_id, moment),
            captured=self.captured_sources(contact_id),
            version=self.store.lead_changes.version_of(contact_id),
            changes=tuple(self.store.lead_changes.since(contact_id, 0)),
            company=self._company_of_contact(contact_id),
            qualification=qualifying.read(self.store.conn, contact_id),
        )

    def score(self, contact_id: int, as_of: datetime | None = None) -> ScoreResult:
        moment = clock.ensure_aware(as_of) if as_of else self.now()
        contact = self.store.get_contact(contact_id)
        return score_interactions(
            self.store.interactions_for(contact_id),
            compute_fit(contact, self.rules),
            self.rules,
            moment,
        )

    def board(
        self,
        as_of: datetime | None = None,
        *,
        include_closed: bool = False,
        include_archived: bool = False,
        top: int | None = None,
        rules: Rules | None = None,
    ) -> Board:
        """The board of :meth:`_scored_board`, each card with its qualification stage."""
        board = self._scored_board(
            as_of, include_closed=include_closed, include_archived=include_archived, top=top, rules=rules
        )
        return qualifying.staged_board(board, qualifying.stages(self.store.conn, rules or self.rules))

    def first_screen(self, top: int) -> Board | None:
        """Each open column's first ``top`` cards, scored now from the leads the book last showed
        first and those written since (see :mod:`leadtemp.first_screen`); None when the book has
        no usable memory of them (:meth:`board` with ``top`` picks them from every lead)."""
        from leadtemp import first_screen

        moment = self.now()
        return first_screen.first_cards(
            self.store,
            self.rules,
            lambda: self._card_maker({}, {}, moment),
            self._recent_rates,
            top,
        )

    def opening_board(self, top: int) -> Board:
        """What a window opening the book shows first: each open column's first ``top`` cards,
        from the book's memory (:meth:`first_screen`), else picked from every lead. A pick from
        every lead is remembered at once, unless another process is writing the book (waiting
        would hold up the first cards), so the next window starts the quick way even when this
        one is closed before the whole board has arrived."""
        from leadtemp import first_screen

        board = self.first_screen(top)
        if board is not None:
            return board
        marks = first_screen.marks(self.store, self.now())
        picked = self.board(top=max(top, first_screen.REMEMBERED))
        if not self.read_only:
            first_screen.remember(self.store, picked, self.rules, marks, wait=False)
        return picked.first(top)

    def remembering_board(self) -> Board:
        """The whole open board, its columns' first leads kept in the book for the next
        window's :meth:`first_screen` (a cache: not kept on a read-only book, nor when the
        book is busy)."""
        from leadtemp import first_screen

        marks = first_screen.marks(self.store, self.now())
        board = self.board()
        if not self.read_only:
            first_screen.remember(self.store, board, self.rules, marks)
        return board

    def _scored_board(
        self,
        as_of: datetime | None = None,
        *,
        include_closed: bool = False,
        include_archived: bool = False,
        top: int | None = None,
        rules: Rules | None = None,
    ) -> Board:
        """All open leads in three columns, each sorted by score, highest first; with
        ``include_closed`` the won and lost ones too, with ``include_archived`` the archived ones
        (marked as such).

        Scored from the running sums in one query; the log is read only for the trend window
        (and folded for the few contacts whose state cannot answer as of ``as_of``).

        With ``top``, each column holds only its first ``top`` cards (and the board says how many
        there are in all): a window's first screen, at a fraction of the whole board's cost, since
        they are picked from narrow rows (score, column and place only) and only theirs are read
        whole.
        With ``rules``, the board those rules would make (a preview: nothing is stored).
        """
        moment = clock.ensure_aware(as_of) if as_of else self.now()
        rules = rules or self.rules
        with collection_paused():
            maker = self._card_maker(self.store.pins(), {}, moment, rules)
            fingerprint, profile = rules.fingerprint(), rules.profile_configured
            read = partial(
                self.store.board_rows,
                fingerprint,
                maker.now_ts,
                include_closed=include_closed,
                include_archived=include_archived,
                with_profile=profile,
            )
            if include_archived:
                maker.archived = set(self.store.archived_ids())
            leading = None
            if top is not None:
                lead_rows = self.store.board_leading_rows(
                    fingerprint,
                    maker.now_ts,
                    include_closed=include_closed,
                    include_archived=include_archived,
                    with_profile=profile,
                )
                leading = maker.leading_rows(lead_rows, top)
            if leading is not None:
                chosen, totals = leading
                maker.ticks = self.store.ticks(chosen)
                made, redo = maker.cards(read(contact_ids=chosen), self._recent_rates(maker, chosen))
                if not redo:
                    return maker.board(made, totals)
            maker.ticks = self.store.ticks()
            made, redo = maker.cards(read(), self._recent_rates(maker))
            if redo:
                rows = self.store.board_state_rows(
                    fingerprint,
                    include_closed=include_closed,
                    include_archived=include_archived,
                    with_profile=profile,
                    contact_ids=redo,
                )
                for card in self._cards_from_log(maker, rows, rules):
                    made.add(card)
            board = maker.board(made)
            return board if top is None else board.first(top)

    def search(self, text: str, as_of: datetime | None = None) -> list[Card]:
        """Open leads whose name, company or email holds ``text``, ignoring case and accents."""
        needle = fold(text.strip())
        return [
            card
            for card in self.board(as_of).all_cards()
            if needle in haystack(card.name, card.company, card.email)
        ]

    def refresh(self, as_of: datetime | None = None) -> list[Change]:
        """Find leads whose temperature moved by itself (signals faded, pin expired) and say so;
        the first refresh under a new scoring model says that the model moved them."""
        moment = clock.ensure_aware(as_of) if as_of else self.now()
        with self.store.transaction():
            upgraded = self.store.get_setting(MODEL_SETTING) != MODEL_VERSION
            changes = self._sync_temperatures(
                moment, None, cause=MODEL_CHANGED if upgraded else "signals faded"
            )
            if upgraded:
                self.store.set_setting(MODEL_SETTING, MODEL_VERSION)
        for change in changes:
            self._emit(change)
        return changes

    def _sync_temperatures(
        self, moment: datetime, before: dict[int, Card] | None, cause: str
    ) -> list[Change]:
        changes: list[Change] = []
        last = self.store.last_temperatures()
        pins = self.store.pins()
        for card in self.board(moment).all_cards():
            old_value = last.get(card.contact_id)
            if old_value == card.temperature.value:
                continue
            self._observe(card.contact_id, old_value, card.temperature)
            if old_value is None:
                continue
            old_card = before.get(card.contact_id) if before else None
            changes.append(
                Change(
                    card.contact_id,
                    "rescored",
                    card.name,
                    card,
                    score=card.score,
                    old_score=old_card.score if old_card else None,
                    old_temperature=Temperature(old_value),
                    new_temperature=card.temperature,
                    cause=self._unwritten_cause(cause, card, old_value, pins.get(card.contact_id), moment),
                )
            )
        return changes

    # Internals --------------------------------------------------------------------------

    def _unwritten_cause(
        self, cause: str, card: Card, old_value: str, pin: Pin | None, moment: datetime
    ) -> str:
        """Name why a card moved without a write through this service: a pin that ran out, decay
        (which cools leads), or, since time cannot warm a lead, what another window or command
        logged (its newest interaction)."""
        if cause != "signals faded":
            return cause
        if (
            pin is not None
            and not card.pinned
            and not pin_active(pin, moment)
            and pin.temperature.value == old_value
        ):
            return "pin expired"
        if card.temperature.rank <= Temperature(old_value).rank:
            return cause
        return logged_elsewhere(self.store.interactions_for(card.contact_id))

    def _before_write(self, contact_id: int) -> Card | None:
        """The card as a write finds it (None for no such contact), its temperature observed."""
        try:
            return self._card_before_write(contact_id)[0]
        except NotFoundError:
            return None

    def _card_before_write(self, contact_id: int) -> tuple[Card, tuple[Any, ...]]:
        """The card and its row, with the row's last temperature brought up to the card's: time
        may have moved the lead since anything last looked (see :meth:`_observe`)."""
        card, row = self._card_and_row(contact_id, self.now())
        if row[DETAIL_LAST_TEMPERATURE] != card.temperature.value:
            self._observe(contact_id, row[DETAIL_LAST_TEMPERATURE], card.temperature)
            row = (
                *row[:DETAIL_LAST_TEMPERATURE],
                card.temperature.value,
                *row[DETAIL_LAST_TEMPERATURE + 1 :],
            )
        return card, row

    def _observe(self, contact_id: int, last: str | None, temperature: Temperature) -> None:
        """The lead is seen at ``temperature`` after ``last``: a new stay there starts, so the
        ticks of an earlier stay at that temperature no longer count."""
        if last is None:
            self.store.set_last_temperature(contact_id, temperature.value)
        elif last != temperature.value:
            self.store.enter_temperature(contact_id, temperature)

    def _card(self, contact_id: int, moment: datetime) -> Card:
        return self._card_and_row(contact_id, moment)[0]

    def _card_and_row(self, contact_id: int, moment: datetime) -> tuple[Card, tuple[Any, ...]]:
        """One contact's card, and the row it came from (contact, state, archived, pin)."""
        row = self.store.card_row(contact_id, self.rules.fingerprint())
        pins = {}
        if row[DETAIL_PIN] is not None:
            pins[contact_id] = Pin(
                contact_id,
                Temperature(row[DETAIL_PIN]),
                clock.from_timestamp(row[DETAIL_PIN + 1]),
                None if row[DETAIL_PIN + 2] is None else clock.from_timestamp(row[DETAIL_PIN + 2]),
            )
        ticks = {contact_id: self.store.progress_of(contact_id)}
        maker = self._card_maker(pins, ticks, moment)
        recent = self._recent_rates(maker, [contact_id])
        card = maker.card(board_row(row, maker.now_ts), recent.get(contact_id))
        if card is None:
            card = self._cards_from_log(maker, [row])[0]
        card = qualifying.staged_card(card, qualifying.stages(self.store.conn, self.rules, [contact_id]))
        return (replace(card, archived=True) if row[DETAIL_ARCHIVED] else card), row

    def _card_maker(
        self,
        pins: dict[int, Pin],
        ticks: dict[int, dict[str, set[str]]],
        moment: datetime,
        rules: Rules | None = None,
    ) -> CardMaker:
        """Cards of the store's rows (see :mod:`leadtemp.store.rows`) as of ``moment``, under the
        current rules or the given ones."""
        return CardMaker(
            self.scorer if rules is None or rules is self.rules else Scorer(rules),
            self.templates,
            pins,
            ticks,
            moment,
            sums_start=BOARD_SUMS_START,
            row_width=BOARD_ROW_WIDTH,
            lead_sums_start=LEAD_SUMS_START,
        )

    def _recent_rates(
        self, maker: CardMaker, contact_ids: Sequence[int] | None = None
    ) -> dict[int, tuple[float, float]]:
        """The points of each contact's signals in the maker's trend window and the one before."""
        return self.store.signal_rates(
            maker.rate_start_ts, maker.then_ts, maker.now_ts, maker.rate_weights, contact_ids
        )

    def _cards_from_log(
        self, maker: CardMaker, rows: Sequence[Sequence[Any]], rules: Rules | None = None
    ) -> list[Card]:
        """Cards folded straight from the log, for states that cannot answer as of the read."""
        ids = [row[0] for row in rows]
        rules = rules or self.rules
        now_states = compute_states(self.store, rules, ids, until=maker.now_ts)
        rates = self._recent_rates(maker, ids)
        return [maker.from_state(row, now_states[row[0]], rates.get(row[0])) for row in rows]

    def _change(
        self,
        contact_id: int,
        action: str,
        *,
        cause: str | None,
        previous: Card | None,
        interaction_id: int | None = None,
        removed: Interaction | None = None,
    ) -> Change:
        card, row = self._card_and_row(contact_id, self.now())
        self._observe(contact_id, row[DETAIL_LAST_TEMPERATURE], card.temperature)
        return Change(
            contact_id,
            action,
            row[DETAIL_NAME],
            None if card.closed else card,
            score=card.score,
            old_score=previous.score if previous else None,
            old_temperature=previous.temperature if previous else None,
            new_temperature=card.temperature,
            cause=cause,
            interaction_id=interaction_id,
            removed_interaction=removed,
            closed_card=card if card.closed else None,
        )

    # Companies --------------------------------------------------------------------------

    def companies(self, as_of: datetime | None = None) -> list[CompanySummary]:
        """Every company with people, by name, with its temperature from its open leads."""
        moment = clock.ensure_aware(as_of) if as_of else self.now()
        cards = {card.contact_id: card for card in self.board(moment).all_cards()}
        members: dict[int, list[Card]] = {}
        for contact_id, company_id in company_rows.memberships(self.store.conn).items():
            if contact_id in cards:
                members.setdefault(company_id, []).append(cards[contact_id])
        summaries = []
        for record in company_rows.companies(self.store.conn):
            people = sorted(members.get(record.id, []), key=lambda card: card.contact_id)
            summaries.append(CompanySummary(record, self._company_temperature(record, people, moment)))
        return summaries

    def company(self, company_id: int, as_of: datetime | None = None) -> CompanyView:
        """A company's people (with temperatures and seniority), its temperature, the joins
        of its conversation and everyone's interactions."""
        moment = clock.ensure_aware(as_of) if as_of else self.now()
        record = self._company_record(company_id)
        ids = company_rows.people_of(self.store.conn, company_id)
        contacts = {contact_id: self.store.get_contact(contact_id) for contact_id in ids}
        cards = {contact_id: self._card(contact_id, moment) for contact_id in ids}
        chosen = company_rows.seniority_set(self.store.conn, ids)
        people = [
            CompanyPerson(
                contact_id,
                contacts[contact_id].name,
                contacts[contact_id].role,
                chosen.get(contact_id) or seniority_from_title(contacts[contact_id].role),
                contact_id in chosen,
                cards[contact_id].temperature,
                cards[contact_id].score,
                cards[contact_id].closed_label,
            )
            for contact_id in ids
        ]
        people.sort(
            key=lambda person: (
                person.closed is not None,
                -person.temperature.rank,
                -person.score,
                person.name,
            )
        )
        open_cards = [card for card in cards.values() if not card.closed]
        until = clock.to_timestamp(moment)
        names = {contact_id: contact.name for contact_id, contact in contacts.items()}
        joins = tuple(
            JoinEntry(
                newcomer,
                names.get(newcomer, self.name_of(newcomer)),
                earlier,
                names.get(earlier, self.name_of(earlier)),
                clock.from_timestamp(at),
                interaction_id,
            )
            for newcomer, earlier, at, interaction_id in company_rows.joins(self.store.conn, company_id)
            if at <= until
        )
        catalogue = self.catalogue
        timeline = tuple(
            TimelineEntry(
                interaction_id,
                contact_id,
                names[contact_id],
                kind,
                catalogue.get(kind).label if kind in catalogue else kind,
                clock.from_timestamp(at),
                note,
            )
            for interaction_id, contact_id, kind, at, note in company_rows.timeline(
                self.store.conn, company_id
            )
            if at <= until
        )
        temperature = self._company_temperature(record, open_cards, moment)
        return CompanyView(record, temperature, tuple(people), joins, timeline)

    def company_of(self, contact_id: int) -> int | None:
        """The company a contact belongs to, if any."""
        self.store.get_contact(contact_id)
        return company_rows.company_of(self.store.conn, contact_id)

    def edit_company(
        self,
        company_id: int,
        *,
        name: str | None = None,
        industry: str | None = None,
        size: int | None = None,
    ) -> CompanyRecord:
        """Rename a company or set its industry or size (``size`` -1 clears it), in one transaction."""
        if name is not None:
            name = clean_text(name)
            if not name:
                raise ValidationError("a company needs a name")
        if industry is not None:
            industry = clean_text(industry)
        if size is not None and size < -1:
            raise ValidationError("company size must be a number of people, 0 or more")
        with self.store.transaction():
            self._company_record(company_id)
            company_rows.update_company(self.store.conn, company_id, name=name, industry=industry, size=size)
        return self._company_record(company_id)

    def seniority(self, contact_id: int) -> tuple[Seniority | None, bool]:
        """A contact's seniority and whether the user chose it (else its title says it)."""
        contact = self.store.get_contact(contact_id)
        chosen = company_rows.seniority_set(self.store.conn, [contact_id]).get(contact_id)
        return (chosen, True) if chosen else (seniority_from_title(contact.role), False)

    def set_seniority(self, contact_id: int, seniority: Seniority | None) -> None:
        """Keep the user's reading of how senior a contact is; None goes back to the title's."""
        with self.store.transaction():
            self.store.get_contact(contact_id)
            company_rows.set_seniority(self.store.conn, contact_id, seniority)

    def company_badges(
        self, as_of: datetime | None = None, contact_ids: Sequence[int] | None = None
    ) -> dict[int, str]:
        """For each lead (of ``contact_ids``, when given) of a company where several people
        engaged in the last seven days, the card's line saying so ("3 people from Acme engaged
        this week")."""
        moment = clock.to_timestamp(clock.ensure_aware(as_of) if as_of else self.now())
        engaged = company_rows.engaged_people(
            self.store.conn, self._conversation_kinds(), moment - 7 * 86_400.0, moment, contact_ids
        )
        return {contact_id: engaged_badge(people, name) for contact_id, (_, name, people) in engaged.items()}

    def _company_of_contact(self, contact_id: int) -> CompanyRecord | None:
        company_id = company_rows.company_of(self.store.conn, contact_id)
        return None if company_id is None else company_rows.company(self.store.conn, company_id)

    def _company_record(self, company_id: int) -> CompanyRecord:
        record = company_rows.company(self.store.conn, company_id)
        if record is None:
            raise NotFoundError(f"no company with id {company_id}")
        return record

    def _company_temperature(
        self, record: CompanyRecord, cards: Sequence[Card], moment: datetime
    ) -> CompanyTemperature:
        since = clock.to_timestamp(moment - timedelta(days=self.rules.hot_window_days))
        until = clock.to_timestamp(moment)
        recent = [
            self.name_of(newcomer)
            for newcomer, _, at, _ in company_rows.joins(self.store.conn, record.id)
            if since <= at <= until
        ]
        people = [Person(card.contact_id, card.name, card.temperature) for card in cards]
        return company_temperature(people, recent, record.name)

    def _conversation_kinds(self) -> frozenset[str]:
        return conversation_kinds(buying_kinds(self.catalogue))

    def _log_stakeholder_joins(self, contact_id: int, kind: str) -> list[Change]:
        """After ``kind`` was logged for the contact: each second person who thereby joined their
        company's conversation logs the seeds' signal on the lead they joined, once, with who in
        the note; the changes of the leads other than this contact (whose state is rebuilt)."""
        if kind not in self._conversation_kinds():
            return []
        changes = []
        for earlier_id, _, _ in self._record_joins([contact_id]):
            if earlier_id == contact_id:
                self._rebuild_state(contact_id)
                continue
            previous = self._before_write(earlier_id)
            self._rebuild_state(earlier_id)
            changes.append(self._change(earlier_id, "logged", cause=SIGNAL_KIND, previous=previous))
        return changes

    def _drop_stakeholder_signal(self, engagement_id: int) -> list[Change]:
        """Before an engagement goes: the signal it made goes with it (its join is forgotten, so
        putting the engagement back logs it again); the change of the lead that had it."""
        signal = company_rows.signal_of(self.store.conn, engagement_id)
        if signal is None:
            return []
        signal_id, earlier_id = signal
        previous = self._before_write(earlier_id)
        self.store.delete_interaction(signal_id)
        self._rebuild_state(earlier_id)
        return [
            self._change(earlier_id, "deleted interaction", cause=f"{SIGNAL_KIND} removed", previous=previous)
        ]

    def _record_joins(self, contact_ids: Iterable[int]) -> list[tuple[int, int, int]]:
        """Log each join not yet logged in the companies of ``contact_ids``: (the lead joined,
        the signal logged on it, the newcomer's engagement that made it) of each. A book without
        the signal's kind (a recruiting book: two candidates at one employer are no buying
        committee) logs none."""
        if SIGNAL_KIND not in self.catalogue:
            return []
        conn = self.store.conn
        company_ids = sorted(set(company_rows.companies_of(conn, contact_ids).values()))
        engagements = company_rows.engagements_of(conn, company_ids, self._conversation_kinds())
        in_conversation = company_rows.in_conversations(conn, company_ids)
        found = [
            (company_id, join)
            for company_id in company_ids
            for join in stakeholder_joins(engagements[company_id], in_conversation[company_id])
        ]
        if not found:
            return []
        people = self.store.names_and_roles(
            person for _, join in found for person in (join.newcomer.contact_id, join.earlier.contact_id)
        )
        created = clock.to_timestamp(self.now())
        interaction_id = self.store.next_interaction_id()
        rows: list[tuple[int, int, str, float, str, float]] = []
        joined: list[tuple[int, int, int]] = []
        recorded: list[tuple[int, StakeholderJoin, int]] = []
        for company_id, join in found:
            newcomer_name, newcomer_role = people[join.newcomer.contact_id]
            earlier_id = join.earlier.contact_id
            days = int((join.newcomer.at - join.earlier.at) // 86_400)
            note = join_note(
                newcomer_name,
                newcomer_role,
                self._kind_label(join.newcomer.kind),
                people[earlier_id][0],
                self._kind_label(join.earlier.kind),
                days,
            )
            rows.append((interaction_id, earlier_id, SIGNAL_KIND, join.newcomer.at, note, created))
            recorded.append((company_id, join, interaction_id))
            joined.append((earlier_id, interaction_id, join.newcomer.interaction_id))
            interaction_id += 1
        self.store.insert_interactions(rows, by_actor=True)
        company_rows.record_joins(conn, recorded)
        return joined

    def _kind_label(self, kind: str) -> str:
        return self.catalogue.get(kind).label if kind in self.catalogue else kind

    # Reports ----------------------------------------------------------------------------

    def report(self, *, since: datetime | None = None, as_of: datetime | None = None) -> Report:
        """Conversion, time to close, response and sources of the book's leads, replayed from
        the log as of ``as_of`` (default now) under today's rules."""
        from leadtemp.reporting import book_report

        moment = clock.to_timestamp(as_of if as_of is not None else self.now())
        start = clock.to_timestamp(since) if since is not None else None
        if start is not None and start > moment:
            raise ValidationError("the report's start is after its end: nothing to report")
        qualified = qualifying.qualified_by(self.store.conn, self.rules, moment)
        return book_report(self.store, self.scorer, since=start, as_of=moment, qualified=qualified)


MY_ADDRESSES_SETTING = "capture.my_addresses"
SUBJECTS_ONLY_SETTING = "capture.subjects_only"


#: What each bulk edit touches of a lead (an outcome's is its own), for the journal.
_BULK_ASPECTS: dict[str, list[str]] = {
    "pinned": [PIN],
    "archived": [ARCHIVED],
    "source set": [field_aspect("source")],
    "reopened": [OUTCOME, ARCHIVED],
    "restored": [PIN, ARCHIVED, OUTCOME, field_aspect("source")],
}


def _capture_address(address: str) -> str:
    from leadtemp.capture.addresses import clean_address

    cleaned = clean_address(address)
    if not cleaned:
        raise ValidationError(f"{address.strip()!r} is not an e-mail address")
    return cleaned


def _state_of(row: Sequence[Any], rules: Rules) -> ScoreState:
    """The running state held in a fresh card row (see ``Store.card_row``)."""
    return state_from_values(
        (rules.fingerprint(), *row[CARD_STATE_START:CARD_ROW_WIDTH], row[DETAIL_LAST_TEMPERATURE])
    )


def merged_fields(kept: Contact, other: Contact, when: datetime) -> dict[str, Any]:
    """The kept contact's changes when ``other`` is merged into it: each detail it lacks taken
    from the other, and the other's differing details and notes added to its notes."""
    fields: dict[str, Any] = {}
    differing: list[str] = []
    for name in CONTACT_FIELDS:
        if name in ("name", "notes"):
            continue
        mine, theirs = getattr(kept, name), getattr(other, name)
        if theirs in (None, "") or _same_detail(name, mine, theirs):
            continue
        if mine in (None, ""):
            fields[name] = theirs
        else:
            label = "LinkedIn" if name == "linkedin" else name.replace("_", " ").capitalize()
            differing.append(f"{label}: {theirs}")
    if other.notes.strip() and other.notes.strip() not in kept.notes:
        differing.append(other.notes.strip())
    if differing or other.name.casefold().strip() != kept.name.casefold().strip():
        header = f"From #{other.id} {other.name}, merged {clock.format_iso(when)}:"
        notes = "\n".join(part for part in (kept.notes.rstrip(), header, *differing) if part)
        if len(notes) > MAX_NOTES:
            raise ValidationError(
                f"the merged notes would be longer than {MAX_NOTES} characters; "
                "shorten either contact's notes"
            )
        fields["notes"] = notes
    return fields


def _same_detail(name: str, mine: Any, theirs: Any) -> bool:
    """The same email whatever its case, the same phone number however it is written."""
    if name == "email":
        return str(mine).casefold() == str(theirs).casefold()
    if name == "phone":
        return [c for c in str(mine) if c.isdigit()] == [c for c in str(theirs) if c.isdigit()]
    return bool(mine == theirs)


def _item_by_position(text: str, ids: Iterable[str]) -> str | None:
    """Allow ``--tick 2`` for the second step."""
    ordered = list(ids)
    if text.isdigit() and 1 <= int(text) <= len(ordered):
        return ordered[int(text) - 1]
    return None


def _step(contact_id: int, row: tuple[str, str, float]) -> NextStep:
    return NextStep(contact_id, row[0], date.fromisoformat(row[1]), clock.from_timestamp(row[2]))


def _snooze(contact_id: int, row: tuple[str, float]) -> Snooze:
    return Snooze(contact_id, date.fromisoformat(row[0]), clock.from_timestamp(row[1]))


def _noting_step(notes: str, step: NextStep, other: Contact) -> str:
    """The notes of a merged lead with the next step the merge did not keep, so it is not lost."""
    line = f"Next step not kept in the merge with #{other.id} {other.name}: {step.text} (due {step.due})"
    return "\n".join(part for part in (notes.rstrip(), line) if part)
