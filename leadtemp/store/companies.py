"""The SQL of companies: linking each contact to its company, the companies and their people,
seniority a user set, and the record of who joined a company's conversation.

A contact with a company domain (see :func:`leadtemp.companies.domains.company_domain`) belongs to
the company of that domain, created when new (or adopting a company known only by the same name);
one without, to the company of its company name. Two domains are never one company. Callers hold
the transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from leadtemp.companies.domains import company_domain, name_from_domain, name_key
from leadtemp.companies.records import CompanyRecord
from leadtemp.companies.seniority import Seniority
from leadtemp.companies.stakeholders import Engagement, StakeholderJoin

_IDS_PER_QUERY = 500
#: The contact fields a company is linked by or takes its own fields from.
LINKING_FIELDS = frozenset({"email", "company", "industry", "company_size"})


_COMPANY_COLUMNS = (
    "co.id, co.name, coalesce(co.domain, ''), co.industry, co.size, "
    "(SELECT count(*) FROM company_people p WHERE p.company_id = co.id)"
)


def _record(row: Sequence[Any]) -> CompanyRecord:
    return CompanyRecord(int(row[0]), str(row[1]), str(row[2]), str(row[3]), row[4], int(row[5]))


def link_contacts(conn: sqlite3.Connection, contact_ids: Iterable[int] | None, at: float) -> None:
    """Link each contact (every one for None) to the company its address and company name say,
    or to none; a company takes an industry and size it lacks from its people."""
    if contact_ids is None:
        everyone = "SELECT id, email, company, industry, company_size FROM contacts ORDER BY id"
        _link_rows(conn, conn.execute(everyone).fetchall(), at)
        return
    ids = list(contact_ids)
    for start in range(0, len(ids), _IDS_PER_QUERY):
        chunk = ids[start : start + _IDS_PER_QUERY]
        some = (
            "SELECT id, email, company, industry, company_size FROM contacts "
            f"WHERE id IN ({', '.join('?' * len(chunk))}) ORDER BY id"
        )
        _link_rows(conn, conn.execute(some, chunk).fetchall(), at)


#: Above this many contacts in one run, every company is read at once instead of as needed.
_READ_ALL_ABOVE = 200


def _link_rows(conn: sqlite3.Connection, rows: list[Any], at: float) -> None:
    directory = _Directory(conn, read_all=len(rows) > _READ_ALL_ABOVE)
    directory.read_for(rows)
    linked: list[tuple[int, int]] = []
    #: Each company's first industry and size among these people, for a company without them.
    fills: dict[int, tuple[str, int | None]] = {}
    unlinked: list[tuple[int]] = []
    for contact_id, email, company, industry, size in rows:
        company_id = directory.company_for(email or "", company or "", at)
        if company_id is None:
            unlinked.append((contact_id,))
            continue
        linked.append((contact_id, company_id))
        first_industry, first_size = fills.get(company_id, ("", None))
        fills[company_id] = (
            first_industry or (industry or "").strip(),
            size if first_size is None else first_size,
        )
    conn.executemany("DELETE FROM company_people WHERE contact_id = ?", unlinked)
    conn.executemany(
        "INSERT INTO company_people (contact_id, company_id) VALUES (?, ?) "
        "ON CONFLICT (contact_id) DO UPDATE SET company_id = excluded.company_id",
        linked,
    )
    conn.executemany(
        "UPDATE companies SET industry = CASE WHEN industry = '' THEN ? ELSE industry END, "
        "size = coalesce(size, ?) WHERE id = ?",
        [(industry, size, company_id) for company_id, (industry, size) in fills.items()],
    )


class _Directory:
    """The book's companies by domain and by name, read as a run of contacts needs them (or all
    at once for a long run) and kept in step with the companies the run creates or gives a domain."""

    def __init__(self, conn: sqlite3.Connection, *, read_all: bool) -> None:
        self._conn = conn
        self._complete = read_all
        self._by_domain: dict[str, int | None] = {}
        #: (id, domain or None) of the companies of each name key, oldest first.
        self._by_name: dict[str, list[tuple[int, str | None]]] = {}
        if read_all:
            for company_id, key, domain in conn.execute(
                "SELECT id, name_key, domain FROM companies ORDER BY id"
            ):
                self._remember(int(company_id), key, domain)

    def read_for(self, rows: Sequence[Any]) -> None:
        """Read at once the companies a run of (id, email, company, ...) rows may meet: by their
        domains and by the name keys they name or would create (one query each, not one per row)."""
        if self._complete:
            return
        domains: dict[str, None] = {}
        keys: dict[str, None] = {}
        for _contact_id, email, company, *_ in rows:
            domain = company_domain(email or "")
            name = " ".join((company or "").split())
            if domain:
                domains[domain] = None
                keys[name_key(name or name_from_domain(domain) or domain)] = None
            keys[name_key(name)] = None
        wanted_domains = [domain for domain in domains if domain not in self._by_domain]
        for chunk in _chunks(wanted_domains):
            self._by_domain.update(dict.fromkeys(chunk))
            marks = ", ".join("?" * len(chunk))
            for company_id, domain in self._conn.execute(
                f"SELECT id, domain FROM companies WHERE domain IN ({marks})", chunk
            ):
                self._by_domain[domain] = int(company_id)
        wanted_keys = [key for key in keys if key and key not in self._by_name]
        for chunk in _chunks(wanted_keys):
            for key in chunk:
                self._by_name[key] = []
            marks = ", ".join("?" * len(chunk))
            for company_id, key, domain in self._conn.execute(
                f"SELECT id, name_key, domain FROM companies WHERE name_key IN ({marks}) ORDER BY id", chunk
            ):
                self._by_name[key].append((int(company_id), domain))

    def company_for(self, email: str, company: str, at: float) -> int | None:
        """The company of a contact with this address and company name, created when missing."""
        domain = company_domain(email)
        name = " ".join(company.split())
        key = name_key(name)
        if domain:
            found = self._with_domain(domain)
            if found is not None:
                return found
            unnamed = [company_id for company_id, known in self._named(key) if known is None] if key else []
            if unnamed:
                self._conn.execute("UPDATE companies SET domain = ? WHERE id = ?", (domain, unnamed[0]))
                self._by_name[key] = [
                    (company_id, domain if company_id == unnamed[0] else known)
                    for company_id, known in self._by_name[key]
                ]
                self._by_domain[domain] = unnamed[0]
                return unnamed[0]
            return self._insert(name or name_from_domain(domain) or domain, domain, at)
        if not key:
            return None
        named = self._named(key)
        unnamed = [company_id for company_id, known in named if known is None]
        if unnamed:
            return unnamed[0]
        if len(named) == 1:
            return named[0][0]
        return self._insert(name, None, at)

    def _with_domain(self, domain: str) -> int | None:
        if domain not in self._by_domain and not self._complete:
            row = self._conn.execute("SELECT id FROM companies WHERE domain = ?", (domain,)).fetchone()
            self._by_domain[domain] = None if row is None else int(row[0])
        return self._by_domain.get(domain)

    def _named(self, key: str) -> list[tuple[int, str | None]]:
        if key not in self._by_name and not self._complete:
            self._by_name[key] = [
                (int(company_id), domain)
                for company_id, domain in self._conn.execute(
                    "SELECT id, domain FROM companies WHERE name_key = ? ORDER BY id", (key,)
                )
            ]
        return self._by_name.get(key, [])

    def _insert(self, name: str, domain: str | None, at: float) -> int:
        key = name_key(name)
        self._named(key)
        cursor = self._conn.execute(
            "INSERT INTO companies (name, name_key, domain, created_at) VALUES (?, ?, ?, ?)",
            (name, key, domain, at),
        )
        company_id = int(cursor.lastrowid or 0)
        self._remember(company_id, key, domain)
        return company_id

    def _remember(self, company_id: int, key: str, domain: str | None) -> None:
        self._by_name.setdefault(key, []).append((company_id, domain))
        if domain is not None:
            self._by_domain[domain] = company_id


def _chunks(items: Sequence[Any]) -> list[Sequence[Any]]:
    return [items[start : start + _IDS_PER_QUERY] for start in range(0, len(items), _IDS_PER_QUERY)]


def companies(conn: sqlite3.Connection) -> list[CompanyRecord]:
    """Every company with people, by name."""
    rows = conn.execute(
        f"SELECT {_COMPANY_COLUMNS} FROM companies co "
        "WHERE EXISTS (SELECT 1 FROM company_people p WHERE p.company_id = co.id) ORDER BY co.name_key, co.id"
    ).fetchall()
    return [_record(row) for row in rows]


def company(conn: sqlite3.Connection, company_id: int) -> CompanyRecord | None:
    row = conn.execute(
        f"SELECT {_COMPANY_COLUMNS} FROM companies co WHERE co.id = ?", (company_id,)
    ).fetchone()
    return None if row is None else _record(row)


def update_company(
    conn: sqlite3.Connection, company_id: int, *, name: str | None, industry: str | None, size: int | None
) -> None:
    """Change what is given (``size`` -1 clears it)."""
    if name is not None:
        conn.execute(
            "UPDATE companies SET name = ?, name_key = ? WHERE id = ?", (name, name_key(name), company_id)
        )
    if industry is not None:
        conn.execute("UPDATE companies SET industry = ? WHERE id = ?", (industry, company_id))
    if size is not None:
        conn.execute("UPDATE companies SET size = ? WHERE id = ?", (None if size < 0 else size, company_id))


def company_of(conn: sqlite3.Connection, contact_id: int) -> int | None:
    row = conn.execute("SELECT company_id FROM company_people WHERE contact_id = ?", (contact_id,)).fetchone()
    return None if row is None else int(row[0])


def companies_of(conn: sqlite3.Connection, contact_ids: Iterable[int]) -> dict[int, int]:
    """The company of each of these contacts that has one."""
    found: dict[int, int] = {}
    for chunk in _chunks(list(dict.fromkeys(contact_ids))):
        marks = ", ".join("?" * len(chunk))
        for contact_id, company_id in conn.execute(
            f"SELECT contact_id, company_id FROM company_people WHERE contact_id IN ({marks})", chunk
        ):
            found[int(contact_id)] = int(company_id)
    return found


def memberships(conn: sqlite3.Connection) -> dict[int, int]:
    """Every linked contact's company."""
    return {
        int(row[0]): int(row[1]) for row in conn.execute("SELECT contact_id, company_id FROM company_people")
    }


def joins(conn: sqlite3.Connection, company_id: int) -> list[tuple[int, int, float, int | None]]:
    """(newcomer, earlier, when, interaction id) of every join recorded for the company, oldest first."""
    return [
        (int(row[0]), int(row[1]), float(row[2]), row[3])
        for row in conn.execute(
            "SELECT newcomer_id, earlier_id, joined_at, interaction_id FROM stakeholder_joins "
            "WHERE company_id = ? ORDER BY joined_at, newcomer_id",
            (company_id,),
        )
    ]


def people_of(conn: sqlite3.Connection, company_id: int) -> list[int]:
    """The company's contacts, oldest first."""
    return [
        int(row[0])
        for row in conn.execute(
            "SELECT contact_id FROM company_people WHERE company_id = ? ORDER BY contact_id", (company_id,)
        )
    ]


def seniority_set(conn: sqlite3.Connection, contact_ids: Collection[int]) -> dict[int, Seniority]:
    """The seniority a user chose for each of these contacts that has one."""
    chosen: dict[int, Seniority] = {}
    ids = list(contact_ids)
    for start in range(0, len(ids), _IDS_PER_QUERY):
        chunk = ids[start : start + _IDS_PER_QUERY]
        marks = ", ".join("?" * len(chunk))
        for contact_id, value in conn.execute(
            f"SELECT contact_id, seniority FROM contact_seniority WHERE contact_id IN ({marks})", chunk
        ):
            chosen[int(contact_id)] = Seniority(value)
    return chosen


def set_seniority(conn: sqlite3.Connection, contact_id: int, seniority: Seniority | None) -> None:
    """Keep the user's choice, or (None) go back to the one the title says."""
    if seniority is None:
        conn.execute("DELETE FROM contact_seniority WHERE contact_id = ?", (contact_id,))
        return
    conn.execute(
        "INSERT INTO contact_seniority (contact_id, seniority) VALUES (?, ?) "
        "ON CONFLICT (contact_id) DO UPDATE SET seniority = excluded.seniority",
        (contact_id, seniority.value),
    )


def engagements(conn: sqlite3.Connection, company_id: int, kinds: Collection[str]) -> list[Engagement]:
    """Every interaction of the company's people of these kinds, oldest first."""
    if not kinds:
        return []
    rows = conn.execute(
        "SELECT i.id, i.contact_id, i.kind, i.occurred_at FROM interactions i "
        "JOIN company_people p ON p.contact_id = i.contact_id "
        f"WHERE p.company_id = ? AND i.kind IN ({', '.join('?' * len(kinds))}) ORDER BY i.occurred_at, i.id",
        (company_id, *kinds),
    ).fetchall()
    return [Engagement(int(row[0]), int(row[1]), str(row[2]), float(row[3])) for row in rows]


def engagements_of(
    conn: sqlite3.Connection, company_ids: Sequence[int], kinds: Collection[str]
) -> dict[int, list[Engagement]]:
    """:func:`engagements` of many companies at once (each company's oldest first)."""
    found: dict[int, list[Engagement]] = {company_id: [] for company_id in company_ids}
    if not kinds:
        return found
    kind_marks = ", ".join("?" * len(kinds))
    for chunk in _chunks(list(company_ids)):
        rows = conn.execute(
            "SELECT p.company_id, i.id, i.contact_id, i.kind, i.occurred_at FROM interactions i "
            "JOIN company_people p ON p.contact_id = i.contact_id "
            f"WHERE p.company_id IN ({', '.join('?' * len(chunk))}) AND i.kind IN ({kind_marks}) "
            "ORDER BY p.company_id, i.occurred_at, i.id",
            (*chunk, *kinds),
        ).fetchall()
        for company_id, *row in rows:
            found[int(company_id)].append(Engagement(int(row[0]), int(row[1]), str(row[2]), float(row[3])))
    return found


def in_conversations(conn: sqlite3.Connection, company_ids: Sequence[int]) -> dict[int, set[int]]:
    """:func:`in_conversation` of many companies at once."""
    found: dict[int, set[int]] = {company_id: set() for company_id in company_ids}
    for chunk in _chunks(list(company_ids)):
        marks = ", ".join("?" * len(chunk))
        rows = conn.execute(
            "SELECT company_id, newcomer_id, earlier_id FROM stakeholder_joins "
            f"WHERE company_id IN ({marks})",
            chunk,
        )
        for company_id, newcomer, earlier in rows:
            found[int(company_id)].update((int(newcomer), int(earlier)))
    return found


def in_conversation(conn: sqlite3.Connection, company_id: int) -> set[int]:
    """The people who joined the company's conversation or were joined, as recorded."""
    people: set[int] = set()
    for newcomer, earlier in conn.execute(
        "SELECT newcomer_id, earlier_id FROM stakeholder_joins WHERE company_id = ?", (company_id,)
    ):
        people.update((int(newcomer), int(earlier)))
    return people


def record_join(
    conn: sqlite3.Connection, company_id: int, join: StakeholderJoin, interaction_id: int
) -> None:
    """A join and the signal logged for it; the record goes when the newcomer's engagement does."""
    record_joins(conn, [(company_id, join, interaction_id)])


def record_joins(conn: sqlite3.Connection, joins: Iterable[tuple[int, StakeholderJoin, int]]) -> None:
    """:func:`record_join` of many: (company id, join, signal interaction id) each."""
    conn.executemany(
        "INSERT INTO stakeholder_joins (company_id, newcomer_id, earlier_id, joined_at, "
        "newcomer_interaction_id, interaction_id) VALUES (?, ?, ?, ?, ?, ?)",
        [
            (
                company_id,
                join.newcomer.contact_id,
                join.earlier.contact_id,
                join.newcomer.at,
                join.newcomer.interaction_id,
                interaction_id,
            )
            for company_id, join, interaction_id in joins
        ],
    )


def signal_of(conn: sqlite3.Connection, engagement_id: int) -> tuple[int, int] | None:
    """(signal interaction id, its lead) of the join an engagement made, if it made one."""
    row = conn.execute(
        "SELECT j.interaction_id, j.earlier_id FROM stakeholder_joins j "
        "JOIN interactions i ON i.id = j.interaction_id WHERE j.newcomer_interaction_id = ?",
        (engagement_id,),
    ).fetchone()
    return None if row is None else (int(row[0]), int(row[1]))


def timeline(conn: sqlite3.Connection, company_id: int) -> list[tuple[int, int, str, float, str]]:
    """Everyone's interactions, newest first: (interaction id, contact id, kind, when, note)."""
    return [
        (int(row[0]), int(row[1]), str(row[2]), float(row[3]), str(row[4]))
        for row in conn.execute(
            "SELECT i.id, i.contact_id, i.kind, i.occurred_at, i.note FROM interactions i "
            "JOIN company_people p ON p.contact_id = i.contact_id WHERE p.company_id = ? "
            "ORDER BY i.occurred_at DESC, i.id DESC",
            (company_id,),
        )
    ]


def engaged_people(
    conn: sqlite3.Connection,
    kinds: Collection[str],
    since: float,
    until: float,
    contact_ids: Sequence[int] | None = None,
) -> dict[int, tuple[int, str, int]]:
    """For each contact of a company where two or more people engaged from ``since`` to ``until``:
    (company id, company name, how many people); of the given contacts only, when given (their
    companies' people alone are looked at: a window's first cards need no scan of the week)."""
    if not kinds or contact_ids == []:
        return {}
    marks = ", ".join("?" * len(kinds))
    people = (
        "SELECT p.contact_id, e.company_id, co.name, e.people FROM engaged e "
        "JOIN company_people p ON p.company_id = e.company_id JOIN companies co ON co.id = e.company_id"
    )
    if contact_ids is None:
        rows = conn.execute(
            "WITH engaged AS ("
            "  SELECT p.company_id, count(DISTINCT i.contact_id) AS people FROM interactions i "
            "  JOIN company_people p ON p.contact_id = i.contact_id "
            f"  WHERE i.occurred_at BETWEEN ? AND ? AND i.kind IN ({marks}) "
            f"  GROUP BY p.company_id HAVING count(DISTINCT i.contact_id) > 1) {people}",
            (since, until, *kinds),
        ).fetchall()
    else:
        asked = ", ".join("?" * len(contact_ids))
        rows = conn.execute(
            "WITH engaged AS ("
            # CROSS JOIN keeps the asked companies' people the outer loop: each is one index seek
            # into its week of the log.
            "  SELECT p.company_id, count(DISTINCT i.contact_id) AS people FROM company_people p "
            "  CROSS JOIN interactions i "
            f"  WHERE p.company_id IN (SELECT company_id FROM company_people WHERE contact_id IN ({asked})) "
            f"  AND i.contact_id = p.contact_id AND i.occurred_at BETWEEN ? AND ? AND i.kind IN ({marks}) "
            f"  GROUP BY p.company_id HAVING count(DISTINCT i.contact_id) > 1) {people} "
            f"WHERE p.contact_id IN ({asked})",
            (*contact_ids, since, until, *kinds, *contact_ids),
        ).fetchall()
    return {int(row[0]): (int(row[1]), str(row[2]), int(row[3])) for row in rows}
