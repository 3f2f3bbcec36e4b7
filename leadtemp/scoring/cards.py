"""Board cards computed from the running score state, for one as-of time.

One :class:`CardMaker` per read holds what all cards share (the rules as plain numbers, pins,
checklist ticks, the as-of time and the trend start), so a card costs a few float operations and
no query. The whole board and a single contact's card go through the same code and so always
agree; when a state cannot answer exactly, the caller folds the log instead (:meth:`from_states`).
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import MISSING, fields, replace
from datetime import UTC, datetime, timedelta
from typing import Any, cast

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
)
from leadtemp.scoring.order import SortKey, sort_key
from leadtemp.scoring.state import StateRow, row_sums
from leadtemp.scoring.temperature import trend_of_rates

_OUTCOMES = {outcome.value: outcome for outcome in Outcome}
_HOT = Temperature.HOT


def _recency(card: Card) -> float:
    """The second part of :func:`sort_key` of a card made elsewhere."""
    return -card.last_touch_at.timestamp() if card.last_touch_at else 0.0


class Placing:
    """Cards as they are made, each column's kept beside the first two parts of their
    :func:`sort_key` (score, latest touch), so that putting a column in order compares plain
    numbers and only cards that tie on both need their names."""

    __slots__ = ("cards", "scores", "touches")

    def __init__(self) -> None:
        self.cards: dict[Temperature, list[Card]] = {t: [] for t in Temperature}
        #: Per column, each card's negated score and negated latest touch (0.0: never touched).
        self.scores: dict[Temperature, list[int]] = {t: [] for t in Temperature}
        self.touches: dict[Temperature, list[float]] = {t: [] for t in Temperature}

    def __len__(self) -> int:
        return sum(map(len, self.cards.values()))

    def add(self, card: Card) -> None:
        """A card computed elsewhere."""
        self.cards[card.temperature].append(card)
        self.scores[card.temperature].append(-card.score)
        self.touches[card.temperature].append(_recency(card))

    def all_cards(self) -> list[Card]:
        return [card for column in self.cards.values() for card in column]

    def mark_archived(self, archived: set[int]) -> None:
        for column in self.cards.values():
            column[:] = [
                replace(card, archived=True) if card.contact_id in archived else card for card in column
            ]

    def column(self, temperature: Temperature) -> list[Card]:
        """The column's cards in :func:`sort_key` order."""
        return _in_order(self.cards[temperature], self.scores[temperature], self.touches[temperature])


class CardMaker:
    """Cards as of ``moment`` from board rows: who each contact is (id, name, company, email,
    fit), whether its state answers (1/0), its latest touch, buying signal and outreach, then its
    :data:`~leadtemp.scoring.temperature.Sums` from ``sums_start`` up to ``row_width``; a row may
    go on with its outcome, industry, role and company size (one that does not is an open lead's).
    Each column's first cards are picked from narrower rows whose sums start at
    ``lead_sums_start``. The store names these positions, see ``leadtemp.store.rows``; a
    contact's state row (the scorer's :data:`~leadtemp.scoring.state.StateRow`) comes with the
    few cards folded from the log (:meth:`from_state`)."""

    def __init__(
        self,
        scorer: Scorer,
        templates: Templates,
        pins: dict[int, Pin],
        ticks: dict[int, dict[str, set[str]]],
        moment: datetime,
        *,
        sums_start: int,
        row_width: int,
        lead_sums_start: int,
    ) -> None:
        self.sums_start = sums_start
        self.row_width = row_width
        self.lead_sums_start = lead_sums_start
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
        #: The trend compares the signals after ``then_ts`` with those of the window before it,
        #: which starts here.
        self.rate_start_ts = self.then_ts - (self.now_ts - self.then_ts)
        #: Buying signals before this no longer wait for an answer.
        self.awaited_after_ts = self.now_ts - response_window(self.rules).total_seconds()
        self._first_step = {t: next_open_step(templates.get(t, ()), set()) for t in Temperature}
        negative = len(scorer.scales) - 1
        #: What each kind's signal counts for in the trend: its points; negative signals and kinds
        #: without points are no activity (and left out).
        self.rate_weights = {
            name: points
            for name, (category, points) in scorer.kinds.items()
            if 0 <= category < negative and points
        }

    # Cards -------------------------------------------------------------------------------

    def cards(
        self, rows: Iterable[Sequence[Any]], recent: dict[int, tuple[float, float]]
    ) -> tuple[Placing, list[int]]:
        """The cards, placed in their columns, and the contacts whose state cannot answer exactly (built
        with other rules, or holding signals newer than the as-of time).

        This loop is the board's hot spot, so everything it needs is bound to a local first and
        each step is spelled out inline.
        """
        made = Placing()
        redo: list[int] = []
        put_back = redo.append
        add_card = {t: column.append for t, column in made.cards.items()}
        add_score = {t: column.append for t, column in made.scores.items()}
        add_touch = {t: column.append for t, column in made.touches.items()}
        scorer, fromtimestamp, utc, new_card = self.scorer, datetime.fromtimestamp, UTC, _new_card
        verdict = scorer.judge.verdict
        trend_points = self.rules.trend_points
        now, moment = self.now_ts, self.moment
        pins, ticks, first_step = self.pins, self.ticks, self._first_step
        step_of = self._next_step
        rules = self.rules
        default_fit = rules.default_fit if not rules.profile_configured else None
        #: The trend of a lead with no signal in either window.
        quiet = trend_of_rates(0.0, 0.0, trend_points)
        waiting_since, awaited_after = response_waiting_since, self.awaited_after_ts
        start, width = self.sums_start, self.row_width
        clamp, effective, open_lead = clamp_fit, effective_temperature, Outcome.OPEN
        outcomes = _OUTCOMES
        for row in rows:
            contact_id, name, company, email, fit, answers, touch, buying, outreach = row[:start]
            if not answers:
                put_back(contact_id)
                continue
            if len(row) > width:
                outcome, industry, role, size = row[width : width + 4]
                outcome = outcomes[outcome]
            else:
                outcome, industry, role, size = open_lead, None, None, None
            if fit is not None:
                fit = clamp(fit)
            elif default_fit is not None:
                fit = default_fit
            else:
                fit = self._fit(contact_id, name, None, industry, role, size)
            score, _, computed, _ = verdict(fit, now, row[start:width])  # type: ignore[arg-type]
            rates = recent.get(contact_id)
            if rates is None:
                trend, delta = quiet, 0
            else:
                recent_rate, rate_before = rates
                trend, delta = (
                    trend_of_rates(recent_rate, rate_before, trend_points),
                    round(recent_rate - rate_before),
                )
            pin = pins.get(contact_id)
            if pin is None:
                temperature, pinned = computed, False
            else:
                temperature, pinned = effective(computed, pin, moment)
            # As clock.from_timestamp, days_between and sort_key have them, without the calls.
            if touch is None:
                last_touch = days = None
                recency = 0.0
            else:
                last_touch = fromtimestamp(touch, utc)
                days = (moment - last_touch).days
                if days < 0:
                    days = 0
                recency = -touch
            waiting = None
            if temperature is _HOT and buying is not None:
                since = waiting_since(buying, outreach, awaited_after)
                waiting = fromtimestamp(since, utc) if since is not None else None
            step = first_step[temperature] if contact_id not in ticks else step_of(contact_id, temperature)
            add_card[temperature](
                new_card(
                    contact_id,
                    name,
                    company,
                    email,
                    score,
                    temperature,
                    computed,
                    pinned,
                    trend,
                    delta,
                    last_touch,
                    days,
                    step,
                    waiting,
                    outcome,
                )
            )
            add_score[temperature](-score)
            add_touch[temperature](recency)
        if self.archived:
            made.mark_archived(self.archived)
        return made, redo

    def leading_rows(
        self, rows: Iterable[Sequence[Any]], top: int
    ) -> tuple[list[int], tuple[int, int, int]] | None:
        """The contacts of each column's first ``top`` cards, and each column's size (cold, warm,
        hot), from rows of :data:`~leadtemp.store.rows.LEAD_ROW_FIELDS`.

        Only the current score, the column and the sort key are worked out here, the way
        :meth:`cards` does, so the chosen contacts make exactly the cards the whole board starts
        with. None when a row's state cannot answer (:meth:`cards` then takes the slow path anyway).
        """
        verdict = self.scorer.judge.verdict
        now, moment, pins = self.now_ts, self.moment, self.pins
        rules = self.rules
        default_fit = rules.default_fit if not rules.profile_configured else None
        clamp, effective, key_of = clamp_fit, effective_temperature, sort_key
        start = self.lead_sums_start
        keyed: dict[Temperature, list[SortKey]] = {t: [] for t in Temperature}
        add = {temperature: keys.append for temperature, keys in keyed.items()}
        for row in rows:
            contact_id, name, fit, industry, role, size, answers, touch = row[:start]
            if not answers:
                return None
            if fit is not None:
                fit = clamp(fit)
            elif default_fit is not None:
                fit = default_fit
            else:
                fit = self._fit(contact_id, name, None, industry, role, size)
            score, _, computed, _ = verdict(fit, now, row[start:])  # type: ignore[arg-type]
            pin = pins.get(contact_id)
            temperature = computed if pin is None else effective(computed, pin, moment)[0]
            add[temperature](key_of(score, touch, name, contact_id))
        chosen = [key[-1] for keys in keyed.values() for key in heapq.nsmallest(top, keys)]
        return chosen, (
            len(keyed[Temperature.COLD]),
            len(keyed[Temperature.WARM]),
            len(keyed[Temperature.HOT]),
        )

    def card(self, row: Sequence[Any], recent: tuple[float, float] | None) -> Card | None:
        """One card of a board row (see :meth:`cards`), or None when its state cannot answer
        exactly."""
        made, _ = self.cards([row], {} if recent is None else {row[0]: recent})
        cards = made.all_cards()
        return cards[0] if cards else None

    def from_state(self, row: Sequence[Any], now_state: StateRow, rates: Sequence[float] | None) -> Card:
        """The card from a state folded straight from the log up to the as-of time; always exact."""
        contact_id, name, company, email, fit_value, industry, role, size, outcome = row[:9]
        fit = self._fit(contact_id, name, fit_value, industry, role, size)
        score, _, computed, _ = self.scorer.judge.verdict(fit, self.now_ts, row_sums(now_state))  # type: ignore[arg-type]
        touch, buying, outreach = now_state[8:11]
        return self._finish(
            contact_id,
            name,
            company,
            email,
            outcome,
            score,
            computed,
            rates or (0.0, 0.0),
            touch,
            buying,
            outreach,
        )

    def temperature_at(self, row: Sequence[Any], state: StateRow) -> Callable[[float], Temperature]:
        """The temperature the row's lead would have at a later time (epoch seconds) if nothing
        happened meanwhile: the judge's verdict on its sums then, under its pin while that lasts.
        ``state`` is the row's own state, or one folded from the log where that cannot answer."""
        contact_id, name, _, _, fit_value, industry, role, size = row[:8]
        fit = self._fit(contact_id, name, fit_value, industry, role, size)
        sums = row_sums(state)
        verdict, pin = self.scorer.judge.verdict, self.pins.get(contact_id)

        def at(when: float) -> Temperature:
            computed = verdict(fit, when, sums)[2]  # type: ignore[arg-type]
            return computed if pin is None else effective_temperature(computed, pin, from_timestamp(when))[0]

        return at

    def board(self, made: Placing, totals: tuple[int, int, int] | None = None) -> Board:
        """Three columns, each sorted by score (then latest touch, then name); ``totals`` for a
        board of each column's first cards only (see :meth:`leading_rows`)."""
        return Board(
            made.column(Temperature.COLD),
            made.column(Temperature.WARM),
            made.column(Temperature.HOT),
            totals,
        )

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
        if not rules.profile_configured:
            return rules.default_fit
        contact = Contact(contact_id, name, industry=industry or "", role=role or "", company_size=size)
        return compute_fit(contact, rules)

    def _next_step(self, contact_id: int, temperature: Temperature) -> str | None:
        """The first step of the checklist at ``temperature`` the contact has not ticked."""
        ticked = self.ticks.get(contact_id)
        if ticked is None:
            return self._first_step[temperature]
        return next_open_step(self.templates.get(temperature, ()), ticked.get(temperature.value, set()))

    def _finish(
        self,
        contact_id: int,
        name: str,
        company: str,
        email: str,
        outcome: str,
        score: int,
        computed: Temperature,
        rates: Sequence[float],
        touch: float | None,
        buying: float | None,
        outreach: float | None,
    ) -> Card:
        moment = self.moment
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
            trend_of_rates(rates[0], rates[1], self.rules.trend_points),
            round(rates[0] - rates[1]),
            last_touch,
            days_between(last_touch, moment),
            self._next_step(contact_id, temperature),
            waiting,
            _OUTCOMES[outcome],
            contact_id in self.archived,
        )


def _in_order(cards: list[Card], scores: list[int], touches: list[float]) -> list[Card]:
    """The cards in the order of their sort keys, from the first two parts of those (negated
    score and latest touch, see :class:`Placing`).

    Two stable sorts of plain numbers, touch then score, order them by both. Name and id only
    matter where both tie, which takes a touch some other card shares (in practice: leads never
    touched); those cards go into the sorts in name order, which the sorts keep among equals.
    """
    count = len(cards)
    start: list[int] | range = range(count)
    if len(set(touches)) < count:
        shared = {touch for touch, times in Counter(touches).items() if times > 1}
        alone: list[int] = []
        tied: list[int] = []
        for position, touch in enumerate(touches):
            (tied if touch in shared else alone).append(position)
        tied.sort(key=lambda position: _name_order(cards[position]))
        start = alone + tied
    order = sorted(start, key=touches.__getitem__)
    order.sort(key=scores.__getitem__)
    return [cards[position] for position in order]


def _name_order(card: Card) -> tuple[str, int]:
    """The last two parts of :func:`sort_key`."""
    return card.name.casefold(), card.contact_id


def _card_factory() -> Callable[..., Card]:
    """``Card(...)`` for the board's loop, taking the same 15 positional values.

    A frozen dataclass sets its fields one ``object.__setattr__`` call at a time, two thirds of
    what a whole card costs. This fills the same slots on a draft of the same layout without the
    frozen ``__setattr__`` and then makes it a ``Card``: an equal, equally frozen card at a
    quarter of the cost. Should ``Card`` gain a field, a post-init step, a field without a plain
    default or a layout a draft cannot share, the real constructor is used.
    """
    names = tuple(f.name for f in fields(Card))
    extra = fields(Card)[len(_CARD_ARGS) :]
    if (
        names != (*_CARD_ARGS, *_CARD_DEFAULTED)
        or hasattr(Card, "__post_init__")
        or getattr(Card, "__slots__", None) != names
        or any(f.default is MISSING for f in extra)
    ):
        return Card
    draft: type = type("CardDraft", (), {"__slots__": names})
    archived, stage, lacks = (f.default for f in extra)
    try:
        draft().__class__ = Card
    except TypeError:
        return Card

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
        card = draft()
        card.contact_id = contact_id
        card.name = name
        card.company = company
        card.email = email
        card.score = score
        card.temperature = temperature
        card.computed_temperature = computed_temperature
        card.pinned = pinned
        card.trend = trend
        card.trend_delta = trend_delta
        card.last_touch_at = last_touch_at
        card.days_since_touch = days_since_touch
        card.next_step = next_step
        card.waiting_since = waiting_since
        card.outcome = outcome
        card.archived = archived
        card.stage = stage
        card.lacks = lacks
        card.__class__ = Card
        return cast(Card, card)

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
#: The fields after them, which the board's cards leave at their defaults.
_CARD_DEFAULTED = ("archived", "stage", "lacks")
_new_card = _card_factory()
