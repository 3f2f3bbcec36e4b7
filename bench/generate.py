"""A realistic lead book for benchmarks: thousands of contacts and a two-year interaction log.

Rows go straight into the store's schema (executemany, one transaction) and are then scored by
``rescoring.rebuild_states``, so half a million interactions take seconds rather than the minutes a
``log_interaction`` per row would. The result is cached under ``bench/`` keyed by its parameters
(and the day, so the newest signals stay recent); every caller gets its own copy to write to.
"""

from __future__ import annotations

import csv
import os
import random
import shutil
from datetime import UTC, datetime
from pathlib import Path

from leadtemp.rescoring import rebuild_states
from leadtemp.scoring.checklists import DEFAULT_TEMPLATES
from leadtemp.scoring.rules import Rules
from leadtemp.service import LeadService
from leadtemp.store import LATEST_VERSION, Store, day_ranks

#: Bump when the generated data changes shape, so stale cached files are not reused.
GENERATOR_VERSION = 3
BENCH_DIR = Path(__file__).resolve().parent
SPAN_DAYS = 730
LONG_TERM_SHARE = 0.2
DAY = 86400.0

#: Relative frequency of each kind in a freelancer's log: mostly opens, visits and the user's own
#: emails; a buying signal is rare and a "not interested" rarer still.
KIND_WEIGHTS: dict[str, float] = {
    "website_visit": 20,
    "pricing_page_visit": 3,
    "content_download": 4,
    "case_study_download": 1,
    "newsletter_signup": 1,
    "social_follow": 1.5,
    "email_open": 22,
    "email_click": 8,
    "email_reply": 4,
    "social_engagement": 6,
    "webinar_attended": 1,
    "event_attended": 0.5,
    "referral": 0.3,
    "repeat_customer": 0.1,
    "inquiry": 0.5,
    "contact_form": 0.3,
    "pricing_request": 0.4,
    "demo_booked": 0.3,
    "proposal_request": 0.15,
    "implementation_question": 0.3,
    "budget_discussion": 0.15,
    "stakeholder_joined": 0.15,
    "competitor_comparison": 0.15,
    "urgency_expressed": 0.1,
    "unsubscribed": 0.3,
    "email_bounced": 0.4,
    "not_interested": 0.2,
    "email_sent": 12,
    "call_made": 3,
    "message_sent": 3,
    "meeting_held": 1,
}

_FIRST = ("Dana", "Ari", "Mina", "Jonas", "Priya", "Leo", "Sofia", "Kenji", "Amara", "Tom", "Eva", "Rafael")
_LAST = ("Lee", "Novak", "Okafor", "Schmidt", "Patel", "Rossi", "Tanaka", "Garcia", "Berg", "Costa")
_COMPANY = ("Acme", "Northwind", "Bluebird", "Lumen", "Fjord", "Cobalt", "Orchard", "Kite", "Summit", "Atlas")
_SUFFIX = ("Ltd", "GmbH", "Studio", "Labs", "& Co", "Group", "")
_INDUSTRY = ("software", "retail", "healthcare", "finance", "education", "hospitality", "manufacturing", "")
_ROLE = ("CEO", "Founder", "Marketing Manager", "CTO", "Head of Sales", "Office Manager", "Designer", "")
_SOURCE = ("website", "referral", "trade show", "social media", "networking event", "directory", "")
_NOTES = ("", "", "", "", "", "", "", "", "asked about timelines", "follow up next week", "met at the expo")

_CONTACT_COLUMNS = (
    "id, name, email, phone, company, role, industry, company_size, source, fit, notes, outcome, "
    "archived, created_at, updated_at"
)


def generate_database(
    path: Path | str,
    contacts: int = 10_000,
    interactions: int = 500_000,
    seed: int = 1,
    *,
    end: datetime | None = None,
) -> Path:
    """Put a fresh copy of the generated database at ``path`` (replacing any file there)."""
    source = cached_database(contacts, interactions, seed, end=end)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, target)
    os.chmod(target, 0o600)
    return target


def cached_database(contacts: int, interactions: int, seed: int, *, end: datetime | None = None) -> Path:
    """The cached file for these parameters, generated on first use; treat it as read-only."""
    end_at = _end_of_log(end)
    version = f"v{GENERATOR_VERSION}-schema{LATEST_VERSION}-rules{Rules().fingerprint()[:8]}"
    prefix = f"generated-{version}-c{contacts}-i{interactions}-seed{seed}"
    target = BENCH_DIR / f"{prefix}-{end_at:%Y%m%dT%H%M}.db"
    if target.exists():
        return target
    for old in BENCH_DIR.glob(f"generated-*-c{contacts}-i{interactions}-seed{seed}-*.db"):
        old.unlink(missing_ok=True)
    partial = Path(f"{target}-partial")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    build(partial, contacts, interactions, seed, end_at)
    os.replace(partial, target)
    return target


def _end_of_log(end: datetime | None) -> datetime:
    """The newest interaction's time: the start of today (UTC) unless given, never in the future."""
    if end is not None:
        return end.astimezone(UTC).replace(second=0, microsecond=0)
    return datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def build(path: Path, contacts: int, interactions: int, seed: int, end: datetime) -> None:
    """Write the whole database at ``path`` (which must not exist yet)."""
    rng = random.Random(seed)
    end_ts = end.timestamp()
    start_ts = end_ts - SPAN_DAYS * DAY
    contact_rows, first_seen, weights = _contacts(rng, contacts, start_ts, end_ts)
    log_rows = _interactions(rng, interactions, first_seen, weights, end_ts)
    store = Store(path)
    try:
        with store.transaction() as conn:
            conn.executemany(
                f"INSERT INTO contacts ({_CONTACT_COLUMNS}) VALUES ({', '.join('?' * 15)})",
                contact_rows,
            )
            with day_ranks.paused(conn):
                conn.executemany(
                    "INSERT INTO interactions (contact_id, kind, occurred_at, note, created_at) "
                    "VALUES (?, ?, ?, ?, ?)",
                    log_rows,
                )
            conn.executemany(
                "INSERT INTO pins (contact_id, temperature, since, expires_at) VALUES (?, ?, ?, ?)",
                _pins(rng, contacts, end_ts),
            )
            conn.executemany(
                "INSERT OR IGNORE INTO checklist_progress (contact_id, temperature, item_id, done_at) "
                "VALUES (?, ?, ?, ?)",
                _ticks(rng, contacts, end_ts),
            )
            store.date_undated_outcomes()
        with store.transaction():
            rebuild_states(store, Rules())
        service = LeadService(store, now=lambda: end)
        service.refresh(end)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()


def _contacts(
    rng: random.Random, count: int, start_ts: float, end_ts: float
) -> tuple[list[tuple[object, ...]], list[float], list[float]]:
    rows: list[tuple[object, ...]] = []
    first_seen: list[float] = []
    weights: list[float] = []
    for contact_id in range(1, count + 1):
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        company = f"{rng.choice(_COMPANY)} {rng.choice(_SUFFIX)}".strip()
        created = start_ts + rng.random() * (end_ts - start_ts - DAY)
        outcome = rng.choices(("open", "won", "lost"), (95, 3, 2))[0]
        rows.append(
            (
                contact_id,
                f"{first} {last}",
                f"{first.lower()}.{last.lower()}{contact_id}@example.com" if rng.random() < 0.9 else "",
                f"+44 20 7946 {contact_id % 10000:04d}" if rng.random() < 0.5 else "",
                company,
                rng.choice(_ROLE),
                rng.choice(_INDUSTRY),
                rng.choice((None, 1, 5, 12, 40, 150, 800)),
                rng.choice(_SOURCE),
                rng.randint(0, 10) if rng.random() < 0.3 else None,
                rng.choice(_NOTES),
                outcome,
                1 if rng.random() < 0.02 else 0,
                created,
                created,
            )
        )
        first_seen.append(created)
        # A few very active leads and a long tail of quiet ones.
        weights.append(min(rng.paretovariate(1.3), 60.0))
    return rows, first_seen, weights


def _interactions(
    rng: random.Random,
    count: int,
    first_seen: list[float],
    weights: list[float],
    end_ts: float,
) -> list[tuple[int, str, float, str, float]]:
    kinds = list(KIND_WEIGHTS)
    kind_weights = list(KIND_WEIGHTS.values())
    # Most leads engage for a few months after they appear and then go quiet; a fifth (clients,
    # newsletter readers) keep engaging until today.
    spans = [
        end_ts - seen
        if rng.random() < LONG_TERM_SHARE
        else min(end_ts - seen, rng.expovariate(1 / 120) * DAY)
        for seen in first_seen
    ]
    owners = rng.choices(range(len(first_seen)), weights=weights, k=count)
    picked = rng.choices(kinds, weights=kind_weights, k=count)
    rows: list[tuple[int, str, float, str, float]] = []
    for index, kind in zip(owners, picked, strict=True):
        seen = first_seen[index]
        at = float(int(seen + rng.random() * spans[index]))
        note = rng.choice(_NOTES) if kind in ("email_reply", "call_made", "meeting_held") else ""
        rows.append((index + 1, kind, at, note, at + 60.0))
    rows.sort(key=lambda row: row[2])
    return rows


def _pins(rng: random.Random, contacts: int, end_ts: float) -> list[tuple[int, str, float, float | None]]:
    rows: list[tuple[int, str, float, float | None]] = []
    for contact_id in rng.sample(range(1, contacts + 1), max(1, contacts // 100)):
        since = end_ts - rng.uniform(1, 60) * DAY
        expires = None if rng.random() < 0.5 else since + rng.uniform(7, 90) * DAY
        rows.append((contact_id, rng.choice(("cold", "warm", "hot")), since, expires))
    return rows


def _ticks(rng: random.Random, contacts: int, end_ts: float) -> list[tuple[int, str, str, float]]:
    rows: list[tuple[int, str, str, float]] = []
    for contact_id in rng.sample(range(1, contacts + 1), max(1, contacts // 20)):
        temperature = rng.choice(list(DEFAULT_TEMPLATES))
        items = DEFAULT_TEMPLATES[temperature]
        for item in items[: rng.randint(1, 3)]:
            rows.append((contact_id, temperature.value, item.id, end_ts - rng.uniform(0, 90) * DAY))
    return rows


#: The columns of a purchased B2B list (and of the import benchmark's file).
PURCHASED_HEADER = ("First Name", "Last Name", "Email", "Phone", "Company", "Job Title", "Notes")
_LIST_FIRST = (
    *_FIRST,
    *("Ada", "Alan", "Ana", "Ben", "Carla", "Chen", "Diego", "Elena", "Emma", "Farah", "Felix", "Grace"),
    *("Hana", "Ivan", "Jana", "Kai", "Lars", "Lea", "Liam", "Maya", "Nils", "Noah", "Olga", "Omar"),
    *("Paula", "Rosa", "Sam", "Sara", "Tariq", "Uma", "Vera", "Wei", "Yara", "Yusuf", "Zoë", "Sören"),
    *("Björn", "Inés", "José", "Anaïs", "伟", "美咲", "민준"),
)
_LIST_LAST = (
    *_LAST,
    *("Ortiz", "Silva", "Smith", "Müller", "Kim", "Nguyen", "Cohen", "Dubois", "Jensen", "Moreau"),
    *("Weber", "Fischer", "Wagner", "Becker", "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Krüger"),
    *("Lange", "Köhler", "Mayer", "Huber", "Kaiser", "Fuchs", "Möller", "Weiß", "Vogel", "李", "佐藤"),
)
_LIST_WORDS = ("Labs", "Group", "Media", "Systems", "Partners", "Logistics", "Foods", "Clinic")
_LIST_SUFFIX = ("GmbH", "Ltd", "Inc.", "SA", "", "", "")
#: How often a row lists again someone listed before (the same address, written differently).
RELISTED_SHARE = 0.03


def generate_purchased_list(path: Path, rows: int = 100_000, seed: int = 7) -> int:
    """A purchased contact list as data vendors sell it: everyone at a company listed with the
    company's main line (a direct line for some), a mailbox each, and a few people listed twice
    (the same address in other letter case, the number written another way). Returns how many
    distinct people it lists: what an import must keep."""
    rng = random.Random(seed)
    companies = [
        (
            f"{rng.choice(_LIST_LAST)} {rng.choice(_LIST_WORDS)} {rng.choice(_LIST_SUFFIX)}".strip(),
            f"+1 {rng.randrange(201, 989)} 555 {number % 10_000:04d}",
            f"company-{number}",
        )
        for number in range(max(1, rows // 25))
    ]
    listed: list[tuple[str, ...]] = []
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(PURCHASED_HEADER)
        for number in range(rows):
            if listed and rng.random() < RELISTED_SHARE:
                first, last, email, phone, company, role, _ = rng.choice(listed)
                writer.writerow((first, last, email.upper(), phone.replace(" ", "-"), company, role, ""))
                continue
            first, last = rng.choice(_LIST_FIRST), rng.choice(_LIST_LAST)
            company, main_line, domain = rng.choice(companies)
            direct = f"+1 {201 + number // 10_000} 556 {number % 10_000:04d}"
            phone = main_line if rng.random() < 0.7 else direct
            person = (
                first,
                last,
                f"{first.lower()}.{last.lower()}.{number}@{domain}.example",
                phone,
                company,
                rng.choice(_ROLE),
                "Met at the trade fair; wants a call back" if rng.random() < 0.2 else "",
            )
            listed.append(person)
            writer.writerow(person)
    return len(listed)


def main() -> None:
    path = cached_database(10_000, 500_000, 1)
    print(path)


if __name__ == "__main__":
    main()
