"""The commit step: observations matched to leads, previewed, then logged as one undoable batch.

Nothing else in capture touches the book. A lead is matched by every address it has (see
:mod:`leadtemp.capture.addresses`); an inquiry from an address no lead has proposes a new lead,
and every other observation of that address in the same run goes to it, so one person is never
two leads. A fact whose source key was captured before is a duplicate and logs nothing.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from leadtemp import clock
from leadtemp.book_kinds import BookKind, Words, words_for
from leadtemp.capture.addresses import clean_address, match_key
from leadtemp.capture.events import Observation, Skipped, SkipReason
from leadtemp.errors import ValidationError
from leadtemp.scoring.catalogue import Catalogue
from leadtemp.store import captures
from leadtemp.store.captures import CaptureBatch
from leadtemp.store.store import Store
from leadtemp.text import fold
from leadtemp.validation import clean_text, clean_texts

_K = TypeVar("_K")
#: Longest note a captured interaction keeps (the log's own limit is higher).
MAX_NOTE = 2000
#: Where a lead proposed by a capture says it came from.
CAPTURED_SOURCE = "captured from {source}"

_SALES_WORDS = words_for(BookKind.SALES)


@dataclass(frozen=True, slots=True)
class ProposedLead:
    """A new lead a capture would create: nobody in the book has its address."""

    key: str
    name: str
    address: str
    company: str = ""


@dataclass(frozen=True, slots=True)
class CaptureLine:
    """One observation as it would be logged: to a lead of the book or to a proposed one."""

    index: int
    observation: Observation
    contact_id: int | None
    lead_name: str
    proposed: ProposedLead | None = None
    #: Captured before (or twice in this run): logs nothing.
    duplicate: bool = False

    @property
    def kind(self) -> str:
        return self.observation.kind

    @property
    def occurred_at(self) -> datetime:
        return self.observation.occurred_at

    @property
    def note(self) -> str:
        return self.observation.note

    @property
    def evidence(self) -> str:
        return self.observation.evidence


@dataclass(frozen=True)
class CapturePreview:
    """What a capture would log, nothing written yet; ``label`` names what was read."""

    label: str
    lines: tuple[CaptureLine, ...]
    skipped: tuple[Skipped, ...]

    @property
    def proposed(self) -> tuple[ProposedLead, ...]:
        found = {
            line.proposed.key: line.proposed for line in self.lines if line.proposed and not line.duplicate
        }
        return tuple(found.values())

    def skipped_counts(self) -> dict[str, int]:
        """Skipped per reason, duplicates among the lines included."""
        counts = Counter(item.reason.value for item in self.skipped)
        counts.update(SkipReason.DUPLICATE.value for line in self.lines if line.duplicate)
        return dict(sorted(counts.items()))

    def kind_counts(self) -> dict[str, int]:
        return dict(sorted(Counter(line.kind for line in self.lines if not line.duplicate).items()))


@dataclass(frozen=True)
class CaptureReport:
    """What a commit logged: per kind, the leads it created, what it skipped and why."""

    batch_id: int | None
    label: str
    logged: dict[str, int]
    created: tuple[tuple[int, str], ...]
    skipped: dict[str, int]
    #: Leads whose temperature the capture moved, as sentences ("Dana Lee: warm -> hot, ...").
    moved: tuple[str, ...] = ()

    @property
    def logged_total(self) -> int:
        return sum(self.logged.values())

    def describe(self, words: Words = _SALES_WORDS) -> str:
        return describe_counts(self.logged, len(self.created), self.skipped, created=True, words=words) + (
            f" (capture #{self.batch_id})" if self.batch_id is not None else ""
        )


@dataclass(frozen=True)
class CaptureUndo:
    batch_id: int
    label: str
    removed_interactions: int
    removed_leads: int

    def describe(self, words: Words = _SALES_WORDS) -> str:
        removed = _plural(self.removed_interactions, "interaction")
        leads = words.count(self.removed_leads)
        return f"undid capture #{self.batch_id} ({self.label}): removed {removed} and {leads} it created"


def describe_counts(
    logged: dict[str, int], leads: int, skipped: dict[str, int], *, created: bool, words: Words = _SALES_WORDS
) -> str:
    """``logged 3 (email_reply 2, pricing_request 1), 1 new lead created, skipped 4 (automated 4)``;
    a recruiting book's ``words`` make it "1 new candidate"."""
    total = sum(logged.values())
    text = f"logged {total}"
    if logged:
        text += " (" + ", ".join(f"{kind} {count}" for kind, count in logged.items()) + ")"
    text += (
        f", {leads} new {words.lead if leads == 1 else words.leads} {'created' if created else 'proposed'}"
    )
    skipped_total = sum(skipped.values())
    text += f", skipped {skipped_total}"
    if skipped:
        text += " (" + ", ".join(f"{reason} {count}" for reason, count in skipped.items()) + ")"
    return text


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


@dataclass
class _AddressBook:
    """Every lead's addresses by match key, the open lead first where two share one. Then by name:
    mail from "Dana Lee" at acme.example finds the Dana Lee who has another acme.example address,
    and the one Dana Lee with no address at all (added from a business card), rather than
    proposing her again."""

    by_key: dict[str, int] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)
    #: (folded name, company domain) -> the one lead of that name there (None when several).
    by_name_at: dict[tuple[str, str], int | None] = field(default_factory=dict)
    #: Folded name -> the one lead of that name with no address (None when several share it).
    unaddressed: dict[str, int | None] = field(default_factory=dict)
    #: How many times a lead found by name took on addresses (:meth:`lead_of` finds more after).
    learned: int = 0

    @classmethod
    def read(cls, store: Store) -> _AddressBook:
        contacts = captures.contact_names(store)
        book = cls(names={contact_id: name for contact_id, (name, _) in contacts.items()})
        for contact_id, address in captures.addresses(store):
            key = match_key(address)
            if not key:
                continue
            held = book.by_key.get(key)
            if held is None or (contacts[held][1] and not contacts[contact_id][1]):
                book.by_key[key] = contact_id
            domain = key.rpartition("@")[2]
            if domain not in FREEMAIL:
                _add_unique(book.by_name_at, (_folded_name(contacts[contact_id][0]), domain), contact_id)
        addressed = set(book.by_key.values())
        for contact_id, (name, _) in contacts.items():
            if contact_id not in addressed:
                _add_unique(book.unaddressed, _folded_name(name), contact_id)
        return book

    def lead_of(self, observation: Observation, keys: Sequence[str]) -> int | None:
        """The lead with one of the observation's addresses (``keys``: their match keys), else the
        one lead of the sender's name at the same company domain or without any address (who then
        has those addresses, for the rest of the run)."""
        by_key = self.by_key
        for key in keys:
            found = by_key.get(key)
            if found is not None:
                return found
        if not observation.name.strip():
            return None
        keys = [key for key in keys if key]
        name = _folded_name(observation.name)
        named = next(
            (
                found
                for key in keys
                if (found := self.by_name_at.get((name, key.rpartition("@")[2]))) is not None
            ),
            self.unaddressed.get(name),
        )
        if named is not None:
            self.by_key.update(dict.fromkeys(keys, named))
            self.learned += 1
        return named


#: Domains where anyone gets an address: sharing one says nothing about being the same person.
FREEMAIL = frozenset(
    {
        "gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "live.com", "icloud.com", "me.com",
        "aol.com", "gmx.de", "gmx.net", "web.de", "proton.me", "protonmail.com", "mail.com", "yandex.ru",
    }
)  # fmt: skip


def _add_unique(index: dict[_K, int | None], key: _K, contact_id: int) -> None:
    """Index one lead under ``key``; a key two leads share names neither."""
    if key not in index:
        index[key] = contact_id
    elif index[key] != contact_id:
        index[key] = None


def _display_name(name: str) -> str:
    """A sender's name as a lead's: ``"Lee, Dana"`` is ``Dana Lee``."""
    name = " ".join(clean_text(name).split())
    if name.count(",") == 1:
        last, first = (part.strip() for part in name.split(","))
        name = f"{first} {last}".strip()
    return name


@functools.lru_cache(maxsize=4096)
def _folded_name(name: str) -> str:
    """A person's name as compared, case and accents aside (a sender's name comes with each of
    their messages and signals: worked out once)."""
    return fold(_display_name(name))


def preview(
    store: Store,
    catalogue: Catalogue,
    items: Iterable[Observation | Skipped],
    *,
    label: str,
    me: Iterable[str] = (),
) -> CapturePreview:
    """Match every observation to a lead, or propose one; nothing is written."""
    observations: list[Observation] = []
    skipped: list[Skipped] = []
    for item in items:
        if isinstance(item, Observation):
            observations.append(item)
        else:
            skipped.append(item)
    book = _AddressBook.read(store)
    ignored = {match_key(address) for address in captures.ignored_senders(store)}
    mine = {match_key(address) for address in me} - {""}
    not_proposed = ignored | mine
    proposals: dict[str, ProposedLead] = {}
    keys_of = [[match_key(address) for address in observation.addresses] for observation in observations]
    leads = [book.lead_of(observation, keys) for observation, keys in zip(observations, keys_of, strict=True)]
    for observation, contact_id in zip(observations, leads, strict=True):
        if contact_id is None and observation.may_propose_lead:
            proposal = _proposal(observation)
            if proposal is not None and proposal.key not in not_proposed:
                proposals.setdefault(proposal.key, proposal)
    # A lead found by name has more addresses from then on, so the first look may have missed
    # them for observations before it: look again. Otherwise the book is as the first look found
    # it, and so is each observation's lead.
    again = book.learned > 0
    seen: set[tuple[str, str]] = set()
    known = _known_keys(store, observations)
    lines: list[CaptureLine] = []
    for observation, keys, first_lead in zip(observations, keys_of, leads, strict=True):
        reason = _refusal(observation, catalogue, keys, ignored, mine)
        if reason is not None:
            skipped.append(reason)
            continue
        contact_id = book.lead_of(observation, keys) if again else first_lead
        proposal = (
            None if contact_id is not None else next((proposals[k] for k in keys if k in proposals), None)
        )
        if contact_id is not None:
            lead_name = book.names[contact_id]
        elif proposal is not None:
            lead_name = proposal.name
        else:
            outreach = catalogue.get(observation.kind).is_outreach
            skipped.append(
                Skipped(
                    observation.source,
                    observation.source_key,
                    SkipReason.NOT_A_LEAD if outreach else SkipReason.UNKNOWN_SENDER,
                    ", ".join(observation.addresses),
                )
            )
            continue
        identity = (observation.source, observation.source_key)
        lines.append(
            CaptureLine(
                index=len(lines),
                observation=observation,
                contact_id=contact_id,
                lead_name=lead_name,
                proposed=proposal,
                duplicate=identity in seen or identity in known,
            )
        )
        seen.add(identity)
    return CapturePreview(label, tuple(lines), tuple(skipped))


def _refusal(
    observation: Observation, catalogue: Catalogue, keys: Sequence[str], ignored: set[str], mine: set[str]
) -> Skipped | None:
    def skip(reason: SkipReason, detail: str) -> Skipped:
        return Skipped(observation.source, observation.source_key, reason, detail)

    if observation.kind not in catalogue:
        return skip(SkipReason.UNREADABLE, f"unknown interaction kind {observation.kind!r}")
    if not any(keys):
        return skip(SkipReason.NOT_A_LEAD, "no address to match")
    if not mine.isdisjoint(keys):
        return skip(SkipReason.OWN, "one of your own addresses")
    if ignored and not ignored.isdisjoint(keys):
        return skip(SkipReason.IGNORED_SENDER, ", ".join(observation.addresses))
    return None


def _proposal(observation: Observation) -> ProposedLead | None:
    for address in observation.addresses:
        cleaned = clean_address(address)
        if cleaned:
            name = _display_name(observation.name) or _name_from_address(cleaned)
            return ProposedLead(
                match_key(cleaned), name[:200], cleaned, clean_text(observation.company)[:200]
            )
    return None


def _name_from_address(address: str) -> str:
    """``dana.lee@example.com`` -> ``Dana Lee``: a name to start with until the user edits it."""
    local = address.split("@", 1)[0].split("+", 1)[0]
    words = [word for word in local.replace("_", ".").replace("-", ".").split(".") if word]
    return " ".join(word.capitalize() for word in words) or address


def _known_keys(store: Store, observations: Sequence[Observation]) -> set[tuple[str, str]]:
    by_source: dict[str, list[str]] = {}
    for observation in observations:
        by_source.setdefault(observation.source, []).append(observation.source_key)
    return {
        (source, key)
        for source, keys in by_source.items()
        for key in captures.known_keys(store, source, keys)
    }


def write(
    store: Store,
    capture: CapturePreview,
    accepted: Iterable[int] | None,
    *,
    at: datetime,
) -> tuple[CaptureReport, list[int]]:
    """Log the accepted lines (default: every one not a duplicate) as one batch; the caller holds
    the transaction (inside ``day_ranks.adding``, so the log's day ranks are worked out once for
    the whole batch) and rescores the contacts returned."""
    chosen = set(range(len(capture.lines))) if accepted is None else set(accepted)
    unknown = sorted(index for index in chosen if not 0 <= index < len(capture.lines))
    if unknown:
        raise ValidationError(f"no capture line {unknown[0]}; the preview has {len(capture.lines)}")
    now = clock.to_timestamp(at)
    lines = [line for line in capture.lines if line.index in chosen and not line.duplicate]
    known = _known_keys(store, [line.observation for line in lines])
    duplicates = sum(1 for line in lines if (line.observation.source, line.observation.source_key) in known)
    lines = [line for line in lines if (line.observation.source, line.observation.source_key) not in known]
    skipped = Counter(capture.skipped_counts())
    if duplicates:
        skipped[SkipReason.DUPLICATE.value] += duplicates
    if not lines:
        return CaptureReport(None, capture.label, {}, (), dict(sorted(skipped.items()))), []
    batch_id = captures.insert_batch(store, capture.label, now)
    proposals: dict[str, tuple[ProposedLead, str]] = {}
    for line in lines:  # the new leads first: their ids go into the rows below
        if line.contact_id is None and line.proposed is not None:
            proposals.setdefault(line.proposed.key, (line.proposed, line.observation.source))
    created = _create_leads(store, list(proposals.values()), batch_id, now)
    touched: dict[int, None] = {}
    logged: Counter[str] = Counter()
    rows: list[tuple[int, int, str, float, str, float]] = []
    keys: list[tuple[str, str, int, int]] = []
    #: (contact, address) once each, in the order first met (a contact keeps an address it had).
    addresses: dict[tuple[int, str], None] = {}
    interaction_id = store.next_interaction_id()
    notes = clean_texts([line.observation.note for line in lines])  # one look at the whole column
    for line, cleaned_note in zip(lines, notes, strict=True):
        observation = line.observation
        contact_id = line.contact_id
        if contact_id is None:
            assert line.proposed is not None
            contact_id = created[line.proposed.key]
        when = min(clock.to_timestamp(observation.occurred_at), now)
        rows.append((interaction_id, contact_id, observation.kind, when, cleaned_note[:MAX_NOTE], now))
        keys.append((observation.source, observation.source_key, batch_id, interaction_id))
        for address in observation.addresses:
            cleaned = clean_address(address)
            if cleaned:
                addresses[(contact_id, cleaned)] = None
        interaction_id += 1
        touched[contact_id] = None
        logged[observation.kind] += 1
    # One statement per table (the caller ranks each day once: see ``day_ranks.adding``).
    store.insert_interactions(rows)
    captures.record_keys(store, keys)
    captures.add_addresses(store, [(contact_id, address, batch_id) for contact_id, address in addresses])
    names = {proposal.key: proposal.name for proposal in capture.proposed}
    report = CaptureReport(
        batch_id,
        capture.label,
        dict(sorted(logged.items())),
        tuple((contact_id, names[key]) for key, contact_id in created.items()),
        dict(sorted(skipped.items())),
    )
    captures.set_summary(
        store,
        batch_id,
        {"logged": report.logged, "leads_created": len(report.created), "skipped": report.skipped},
    )
    return report, list(touched)


def _create_leads(
    store: Store, proposals: Sequence[tuple[ProposedLead, str]], batch_id: int, at: float
) -> dict[str, int]:
    """The proposed leads (each with the source that proposed it) as contacts of the batch, with
    their addresses: proposal key -> contact id."""
    if not proposals:
        return {}
    ids = store.insert_contacts(
        [
            {
                "name": proposal.name,
                "email": proposal.address,
                "company": proposal.company,
                "source": CAPTURED_SOURCE.format(source=source),
            }
            for proposal, source in proposals
        ],
        at,
    )
    captures.record_created_contacts(store, batch_id, ids)
    pairs = list(zip(ids, (proposal for proposal, _ in proposals), strict=True))
    captures.add_addresses(store, [(contact_id, lead.address, batch_id) for contact_id, lead in pairs])
    return {proposal.key: contact_id for contact_id, proposal in pairs}


def undo(store: Store, batch_id: int, *, at: datetime) -> tuple[CaptureUndo, list[int]]:
    """Take a whole batch back; returns what it removed and the contacts left to rescore."""
    batch = captures.get_batch(store, batch_id)
    if batch.undone_at is not None:
        raise ValidationError(
            f"capture #{batch_id} ({batch.label}) was already undone on {clock.format_iso(batch.undone_at)}"
        )
    logged = captures.logged_interactions(store, batch_id)
    created = captures.created_contacts(store, batch_id)
    captures.forget_batch(store, batch_id)
    captures.mark_undone(store, batch_id, clock.to_timestamp(at))
    gone = set(created)
    remaining = sorted({contact_id for _, contact_id in logged} - gone)
    return CaptureUndo(batch_id, batch.label, len(logged), len(created)), remaining


def batches(store: Store) -> list[CaptureBatch]:
    return captures.list_batches(store)
