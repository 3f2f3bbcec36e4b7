"""Board cards computed from the running score state, for one as-of time.

One :class:`CardMaker` per read holds what all cards share (the rules as plain numbers, pins,
checklist ticks, the as-of time and the trend start), so a card costs a few float operations and
no query. The whole board and a single contact's card go through the same code and so always
agree; when a state cannot answer exactly, the caller folds the log instead (:meth:`from_states`).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import MISSING, fields, replace
from datetime import datetime, timedelta
from typing import Any

from leadtemp.clock import from_timestamp, to_timestamp
from leadtemp.model import Board, Card, Contact, Outcome, Pin, Temperature
from leadtemp.scoring.checklists import Templates, next_open_step
from leadtemp.scoring.decay import (
    Scorer,
    clamp_fit,
    compute_fit,
    days_between,
    effective_temperature,
    response_waiting_since,
    response_window,
    trend_of,
)
from leadtemp.scoring.state import StateRow

#: Taking recent signals back out of a sum grown by more than 2**this loses precision (and would
#: overflow long before it mattered); such cards are computed from the log instead.
_SAFE_LIFT = 8.0
#: Leftovers of that subtraction below this are float noise, not points.
_NOISE = 1e-6
_OUTCOMES = {outcome.value: outcome for outcome in Outcome}
_HOT = Temperature.HOT

#: The board's order: highest score first, then the most recently touched, then the name (and the
#: id, so no two cards tie); plain numbers first so sorting compares them cheaply.
SortKey = tuple[int, float, str, int]
#: A card behind its sort key.
Placed = tuple[SortKey, Card]


def sort_key(score: int, touch: float | None, name: str, contact_id: int) -> SortKey:
    """Where a card stands in its column; ``touch`` is its latest interaction (epoch seconds)."""
    return (-score, -touch if touch else 0.0, name.casefold(), contact_id)


def card_sort_key(card: Card) -> SortKey:
    """:func:`sort_key` of a card made elsewhere."""
    touch = card.last_touch_at.timestamp() if card.last_touch_at else None
    return sort_key(card.score, touch, card.name, card.contact_id)


class CardMaker:
    """Cards as of ``moment`` from rows of who each contact is (id, name, company, email, fit,
    industry, role, company size, outcome), whether its state is fresh, then its
    :data:`~leadtemp.scoring.state.StateRow` from ``state_start`` to ``row_width``; a row may go on
    past that (the store names these positions, see ``leadtemp.store.rows``)."""

    def __init__(
        self,
        scorer: Scorer,
        templates: Templates,
        pins: dict[int, Pin],
        ticks: dict[int, dict[str, set[str]]],
        moment: datetime,
        *,
        row_width: int,
        state_start: int,
    ) -> None:
        self.row_width = row_width
        self.state_start = state_start
        self.scorer = scorer
        self.rules = scorer.rules
        self.templates = templates
        self.pins = pins
        self.ticks = ticks
        self.moment = moment
        #: Contacts whose cards are marked archived (a board that shows them).
        self.archived: set[int] = set()
        self.then = moment - timedelta(days=self.rules.trend_window_days)
        self.now_ts = to_timestamp(moment)
        self.then_ts = to_timestamp(self.then)
        #: Buying signals before this no longer wait for an answer.
        self.awaited_after_ts = self.now_ts - response_window(self.rules).total_seconds()
        self._first_step = {t: next_open_step(templates.get(t, ()), set()) for t in Temperature}
        signals = [(name, info) for name, info in scorer.kinds.items() if info[0] >= 0]
        self._signal_kinds = [name for name, _ in signals]
        self._signal_weights = [
            (category, points, scorer.scales[category]) for _, (category, points) in signals
        ]
        # How much a sum grows going back from now to the trend start, per category; None when
        # that is too much to take recent signals out again exactly (very short half-lives).
        lifts = [(self.now_ts - self.then_ts) / scale for scale in scorer.scales]
        self._growth = tuple(math.exp2(lift) for lift in lifts) if max(lifts) <= _SAFE_LIFT else None

    # Recent signals ----------------------------------------------------------------------

    @property
    def signal_kinds(self) -> list[str]:
        """The kinds that carry points; recent rows name theirs by position in this list."""
        return self._signal_kinds

    def recent_sums(self, events: Iterable[tuple[int, int, float]]) -> dict[int, list[float]]:
        """Per contact and signal category, what the signals after the trend start add to a sum
        as it stood at the trend start (what the running sums must give back).

        ``events`` are (contact_id, kind position in :attr:`signal_kinds`, occurred_at) rows
        with occurred_at after the trend start, as ``Store.signals_between`` reads them.
        """
        weights, then, exp2 = self._signal_weights, self.then_ts, math.exp2
        result: dict[int, list[float]] = {}
        for contact_id, code, at in events:
            category, points, scale = weights[code]
            sums = result.get(contact_id)
            if sums is None:
                sums = result[contact_id] = [0.0, 0.0, 0.0, 0.0]
            sums[category] += points * exp2((at - then) / scale)
        return result

    # Cards -------------------------------------------------------------------------------

    def cards(
        self, rows: Iterable[Sequence[Any]], recent: dict[int, list[float]]
    ) -> tuple[list[Placed], list[Sequence[Any]]]:
        """Cards with their sort keys, and the rows whose state cannot answer exactly: built with
        other rules, holding signals newer than the as-of time, or a trend that would need an
        imprecise subtraction.

        This loop is the board's hot spot, so everything it needs is bound to a local first and
        each step is spelled out inline.
        """
        made: list[Placed] = []
        redo: list[Sequence[Any]] = []
        scorer, exp2, from_ts, new_card = self.scorer, math.exp2, from_timestamp, _new_card
        score_of, temperature_of = scorer.score, scorer.temperature
        sb, se, sx, sn = scorer.scales
        now, moment = self.now_ts, self.moment
        pins = self.pins
        trend, days_since, step_of = trend_of, days_between, self._next_step
        rules = self.rules
        default_fit = rules.default_fit if not rules.icp.is_configured else None
        no_recent = (0.0, 0.0, 0.0, 0.0)
        growth = self._growth
        gb, ge, gx, gn = growth if growth is not None else no_recent
        waiting_since, awaited_after = response_waiting_since, self.awaited_after_ts
        width = self.row_width
        clamp, effective, key_of = clamp_fit, effective_temperature, sort_key
        for row in rows:
            (
                contact_id,
                name,
                company,
                email,
                fit,
                industry,
                role,
                size,
                outcome,
                fresh,
                b,
                b_ref,
                e,
                e_ref,
                x,
                x_ref,
                n,
                n_ref,
                touch,
                buying,
                outreach,
                newest,
            ) = row if len(row) == width else row[:width]
            if not fresh or (newest is not None and newest > now):
                redo.append(row)
                continue
            if fit is not None:
                fit = clamp(fit)
            elif default_fit is not None:
                fit = default_fit
            else:
                fit = self._fit(contact_id, name, None, industry, role, size)
            # Each category as of now, then as of the trend start: the sum grown back over the
            # window with the recent signals taken out again.
            b_now = b * exp2((b_ref - now) / sb) if b_ref is not None else 0.0
            e_now = e * exp2((e_ref - now) / se) if e_ref is not None else 0.0
            x_now = x * exp2((x_ref - now) / sx) if x_ref is not None else 0.0
            n_now = n * exp2((n_ref - now) / sn) if n_ref is not None else 0.0
            rb, re, rx, rn = recent.get(contact_id, no_recent)
            if growth is not None:
                b_then = b_now * gb - rb
                e_then = e_now * ge - re
                x_then = x_now * gx - rx
                n_then = n_now * gn - rn
            else:
                lifted = self._lifted(row, (rb, re, rx, rn))
                if lifted is None:
                    redo.append(row)
                    continue
                b_then, e_then, x_then, n_then = lifted
            score = score_of(fit, b_now, e_now, x_now, n_now)
            delta = score - score_of(
                fit,
                b_then if b_then > _NOISE else 0.0,
                e_then if e_then > _NOISE else 0.0,
                x_then if x_then > _NOISE else 0.0,
                n_then if n_then > _NOISE else 0.0,
            )
            computed = temperature_of(score)
            temperature, pinned = effective(computed, pins.get(contact_id), moment)
            last_touch = None if touch is None else from_ts(touch)
            waiting = None
            if temperature is _HOT and buying is not None:
                since = waiting_since(buying, outreach, awaited_after)
                waiting = from_ts(since) if since is not None else None
            card = new_card(
                contact_id,
                name,
                company,
                email,
                score,
                temperature,
                computed,
                pinned,
                trend(score, score - delta),
                delta,
                last_touch,
                days_since(last_touch, moment),
                step_of(contact_id, temperature),
                waiting,
                _OUTCOMES[outcome],
            )
            made.append((key_of(score, touch, name, contact_id), card))
        if self.archived:
            archived = self.archived
            made = [
                (key, replace(card, archived=True)) if card.contact_id in archived else (key, card)
                for key, card in made
            ]
        return made, redo

    def leading_rows(
        self, rows: Sequence[Sequence[Any]], top: int
    ) -> tuple[list[Sequence[Any]], tuple[int, int, int]] | None:
        """The rows of each column's first ``top`` cards, and each column's size (cold, warm, hot).

        Only the current score, the column and the sort key are worked out here, the way
        :meth:`cards` does, so the chosen rows make exactly the cards the whole board starts with.
        None when a row's state cannot answer (:meth:`cards` then takes the slow path anyway).
        """
        scorer, exp2 = self.scorer, math.exp2
        score_of, temperature_of = scorer.score, scorer.temperature
        sb, se, sx, sn = scorer.scales
        now, moment, pins = self.now_ts, self.moment, self.pins
        fit_of = self._fit
        start, width = self.state_start, self.row_width
        keyed: dict[Temperature, list[tuple[SortKey, int]]] = {t: [] for t in Temperature}
        add = {temperature: keys.append for temperature, keys in keyed.items()}
        for position, row in enumerate(rows):
            contact_id, name, _, _, fit, industry, role, size, _, fresh = row[:start]
            b, b_ref, e, e_ref, x, x_ref, n, n_ref, touch, _, _, newest = row[start:width]
            if not fresh or (newest is not None and newest > now):
                return None
            score = score_of(
                fit_of(contact_id, name, fit, industry, role, size),
                b * exp2((b_ref - now) / sb) if b_ref is not None else 0.0,
                e * exp2((e_ref - now) / se) if e_ref is not None else 0.0,
                x * exp2((x_ref - now) / sx) if x_ref is not None else 0.0,
                n * exp2((n_ref - now) / sn) if n_ref is not None else 0.0,
            )
            temperature, _ = effective_temperature(temperature_of(score), pins.get(contact_id), moment)
            add[temperature]((sort_key(score, touch, name, contact_id), position))
        chosen = [rows[key[1]] for keys in keyed.values() for key in heapq.nsmallest(top, keys)]
        return chosen, (
            len(keyed[Temperature.COLD]),
            len(keyed[Temperature.WARM]),
            len(keyed[Temperature.HOT]),
        )

    def card(self, row: Sequence[Any], recent: list[float] | None) -> Card | None:
        """One card (see :meth:`cards`), or None when its state cannot answer exactly."""
        made, _ = self.cards([row], {} if recent is None else {row[0]: recent})
        return made[0][1] if made else None

    def from_states(self, row: Sequence[Any], now_state: StateRow, then_state: StateRow) -> Card:
        """The card from states folded straight from the log up to the as-of time and up to the
        trend start; always exact."""
        contact_id, name, company, email, fit_value, industry, role, size, outcome = row[:9]
        fit = self._fit(contact_id, name, fit_value, industry, role, size)
        score = self.scorer.score(fit, *self._sums_at(now_state, self.now_ts))
        before = self.scorer.score(fit, *self._sums_at(then_state, self.then_ts))
        touch, buying, outreach = now_state[8:11]
        return self._finish(contact_id, name, company, email, outcome, score, before, touch, buying, outreach)

    def board(self, made: list[Placed], totals: tuple[int, int, int] | None = None) -> Board:
        """Three columns, each sorted by score (then latest touch, then name); ``totals`` for a
        board of each column's first cards only (see :meth:`leading_rows`)."""
        made.sort()
        cold: list[Card] = []
        warm: list[Card] = []
        hot: list[Card] = []
        columns = {Temperature.COLD: cold.append, Temperature.WARM: warm.append, Temperature.HOT: hot.append}
        for _, card in made:
            columns[card.temperature](card)
        return Board(cold, warm, hot, totals)

    @staticmethod
    def place(card: Card) -> Placed:
        """A card computed elsewhere, behind its sort key."""
        return (card_sort_key(card), card)

    # Internals ---------------------------------------------------------------------------

    def _fit(
        self,
        contact_id: int,
        name: str,
        fit_value: int | None,
        industry: str | None,
        role: str | None,
        size: int | None,
    ) -> int:
        if fit_value is not None:
            return clamp_fit(fit_value)
        rules = self.rules
        if not rules.icp.is_configured:
            return rules.default_fit
        contact = Contact(contact_id, name, industry=industry or "", role=role or "", company_size=size)
        return compute_fit(contact, rules)

    def _next_step(self, contact_id: int, temperature: Temperature) -> str | None:
        """The first step of the checklist at ``temperature`` the contact has not ticked."""
        ticked = self.ticks.get(contact_id)
        if ticked is None:
            return self._first_step[temperature]
        return next_open_step(self.templates.get(temperature, ()), ticked.get(temperature.value, set()))

    def _lifted(self, row: Sequence[Any], recent: Sequence[float]) -> list[float] | None:
        """Sums at the trend start for a row, when the whole window is too long to grow back
        over: fine unless a category's newest signal itself is too far after the trend start."""
        sums: list[float] = []
        for category, scale in enumerate(self.scorer.scales):
            value, ref = row[self.state_start + 2 * category], row[self.state_start + 2 * category + 1]
            if ref is None:
                sums.append(0.0)
                continue
            lift = (ref - self.then_ts) / scale
            if lift > _SAFE_LIFT:
                return None
            sums.append(value * math.exp2(lift) - recent[category])
        return sums

    def _sums_at(self, state: StateRow, as_of: float) -> list[float]:
        sums: list[float] = []
        for category, scale in enumerate(self.scorer.scales):
            value, ref = state[2 * category], state[2 * category + 1]
            sums.append(0.0 if ref is None else value * math.exp2((ref - as_of) / scale))
        return sums

    def _finish(
        self,
        contact_id: int,
        name: str,
        company: str,
        email: str,
        outcome: str,
        score: int,
        before: int,
        touch: float | None,
        buying: float | None,
        outreach: float | None,
    ) -> Card:
        moment = self.moment
        computed = self.scorer.temperature(score)
        temperature, pinned = effective_temperature(computed, self.pins.get(contact_id), moment)
        last_touch = from_timestamp(touch) if touch is not None else None
        waiting = None
        if temperature is _HOT:
            since = response_waiting_since(buying, outreach, self.awaited_after_ts)
            waiting = from_timestamp(since) if since is not None else None
        return Card(
            contact_id,
            name,
            company,
            email,
            score,
            temperature,
            computed,
            pinned,
            trend_of(score, before),
            score - before,
            last_touch,
            days_between(last_touch, moment),
            self._next_step(contact_id, temperature),
            waiting,
            _OUTCOMES[outcome],
            contact_id in self.archived,
        )


def _card_factory() -> Callable[..., Card]:
    """``Card(...)`` for the board's loop, taking the same 15 positional values.

    A frozen dataclass sets its fields one ``object.__setattr__`` call at a time, a third of what
    a whole card costs; this gives the new card the same attributes in one go. Should ``Card``
    gain a post-init step or a field without a plain default, the real constructor is used.
    """
    names = [f.name for f in fields(Card)]
    extra = fields(Card)[len(_CARD_ARGS) :]
    if (
        names[: len(_CARD_ARGS)] != list(_CARD_ARGS)
        or hasattr(Card, "__post_init__")
        or hasattr(Card, "__slots__")
        or any(f.default is MISSING for f in extra)
    ):
        return Card
    defaults = {f.name: f.default for f in extra}
    new, set_attribute = object.__new__, object.__setattr__

    def make(
        contact_id: int,
        name: str,
        company: str,
        email: str,
        score: int,
        temperature: Temperature,
        computed_temperature: Temperature,
        pinned: bool,
        trend: int,
        trend_delta: int,
        last_touch_at: datetime | None,
        days_since_touch: int | None,
        next_step: str | None,
        waiting_since: datetime | None,
        outcome: Outcome,
    ) -> Card:
        card = new(Card)
        set_attribute(
            card,
            "__dict__",
            {
                **defaults,
                "contact_id": contact_id,
                "name": name,
                "company": company,
                "email": email,
                "score": score,
                "temperature": temperature,
                "computed_temperature": computed_temperature,
                "pinned": pinned,
                "trend": trend,
                "trend_delta": trend_delta,
                "last_touch_at": last_touch_at,
                "days_since_touch": days_since_touch,
                "next_step": next_step,
                "waiting_since": waiting_since,
                "outcome": outcome,
            },
        )
        return card

    return make


_CARD_ARGS = (
    "contact_id",
    "name",
    "company",
    "email",
    "score",
    "temperature",
    "computed_temperature",
    "pinned",
    "trend",
    "trend_delta",
    "last_touch_at",
    "days_since_touch",
    "next_step",
    "waiting_since",
    "outcome",
)
_new_card = _card_factory()
