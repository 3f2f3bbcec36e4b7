"""Qualification in the book: a lead's answers read and written through the store, and the
stage they give each card (from the answers and the lead's demographic fit, scored as the board
scores it). The service calls these inside its own transactions."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date, datetime

from leadtemp import clock
from leadtemp.errors import ValidationError
from leadtemp.model import Board, Card, Contact, Stage, Temperature
from leadtemp.qualification.answers import (
    CRITERIA,
    MAX_ANSWER_NOTE,
    UNKNOWN,
    Answer,
    Qualification,
    read_answer,
)
from leadtemp.qualification.stage import is_qualified, lacks, stage_of
from leadtemp.scoring.decay import compute_fit
from leadtemp.scoring.rules import Rules
from leadtemp.store.qualifications import AnswerRow, QualificationStore
from leadtemp.validation import clean_text

_COLUMNS = (Temperature.COLD, Temperature.WARM, Temperature.HOT)
#: A card's stage and the criteria it lacks, by lead.
Stages = dict[int, tuple[Stage, tuple[str, ...]]]


def qualification_of(rows: Iterable[AnswerRow]) -> Qualification:
    return Qualification.of(
        [Answer(criterion, answer, note, clock.from_timestamp(at)) for criterion, answer, note, at in rows]
    )


def read(conn: sqlite3.Connection, contact_id: int) -> Qualification:
    return qualification_of(QualificationStore(conn).answers(contact_id))


def planned(
    current: Qualification,
    values: Mapping[str, str],
    notes: Mapping[str, str],
    *,
    today: date,
    learned_at: datetime,
) -> Qualification:
    """The qualification once ``values`` (as typed: "yes", "Q3"...) and ``notes`` are set, each
    criterion that changes learned at ``learned_at``; refused whole on the first bad entry."""
    for name in (*values, *notes):
        if name not in CRITERIA:
            raise ValidationError(f"unknown criterion {name!r}: use {', '.join(CRITERIA)}")
    result = current
    for criterion in CRITERIA:
        if criterion not in values and criterion not in notes:
            continue
        before = current.answer(criterion)
        value = read_answer(criterion, values[criterion], today) if criterion in values else before.value
        note = _clean_note(criterion, notes[criterion]) if criterion in notes else before.note
        if (value, note) == (before.value, before.note):
            continue
        learned = None if value == UNKNOWN and not note else learned_at
        result = result.with_answer(Answer(criterion, value, note, learned))
    return result


def write(conn: sqlite3.Connection, contact_id: int, qualification: Qualification) -> None:
    """Make the lead's rows ``qualification``: an unknown criterion without a note has none."""
    rows = QualificationStore(conn)
    for answer in qualification.answers:
        if answer.value == UNKNOWN and not answer.note:
            rows.delete_answer(contact_id, answer.criterion)
        else:
            at = answer.learned_at if answer.learned_at is not None else clock.now()
            rows.set_answer(contact_id, (answer.criterion, answer.value, answer.note, clock.to_timestamp(at)))


def merge_into(conn: sqlite3.Connection, other_id: int, keep_id: int) -> None:
    """A merge keeps the kept lead's answers and takes the other's where it knew nothing."""
    QualificationStore(conn).move_missing(other_id, keep_id)


def describe_changes(before: Qualification, after: Qualification) -> str:
    """``budget yes, timeline 2026-Q3`` (or ``nothing changed``)."""
    parts = []
    for old, new in zip(before.answers, after.answers, strict=True):
        if old.value != new.value:
            parts.append(f"{new.criterion} {new.value}")
        elif old.note != new.note:
            parts.append(f"{new.criterion} note")
    return ", ".join(parts) or "nothing changed"


def stages(conn: sqlite3.Connection, rules: Rules, contact_ids: Iterable[int] | None = None) -> Stages:
    """The stage of every lead with an answer (or of ``contact_ids``); the others are plain leads."""
    rows = QualificationStore(conn)
    answers = rows.every_answer(contact_ids)
    if not answers:
        return {}
    found: Stages = {}
    for contact_id, fit, industry, role, size in rows.fit_rows(answers):
        who = Contact(contact_id, "", fit=fit, industry=industry, role=role, company_size=size)
        qualification = qualification_of(answers[contact_id])
        found[contact_id] = (stage_of(qualification, compute_fit(who, rules)), lacks(qualification))
    return found


def qualified_by(conn: sqlite3.Connection, rules: Rules, moment: float) -> frozenset[int]:
    """The leads qualified by ``moment`` (epoch seconds) by what had been learned by then."""
    rows = QualificationStore(conn)
    learned = {
        contact_id: [row for row in answers if row[3] <= moment]
        for contact_id, answers in rows.every_answer().items()
    }
    return frozenset(
        contact_id for contact_id, answers in learned.items() if is_qualified(qualification_of(answers))
    )


def staged_card(card: Card, found: Stages) -> Card:
    stage = found.get(card.contact_id)
    return card if stage is None else replace(card, stage=stage[0], lacks=stage[1])


def staged_board(board: Board, found: Stages) -> Board:
    """The board with each card's stage (the same board when no lead has an answer)."""
    if not found:
        return board
    cold, warm, hot = ([staged_card(card, found) for card in board.column(t)] for t in _COLUMNS)
    return Board(cold, warm, hot, board.totals)


def _clean_note(criterion: str, text: str) -> str:
    note = clean_text(text)
    if len(note) > MAX_ANSWER_NOTE:
        raise ValidationError(f"the {criterion} note is at most {MAX_ANSWER_NOTE} characters")
    return note
