"""Which lines of a capture's review suggest qualification answers, and which: read from the
capture rules of the lines' kinds (see :mod:`leadtemp.qualification.suggestions`)."""

from __future__ import annotations

from leadtemp.capture.commit import CapturePreview
from leadtemp.capture.mail.signals import SignalRules
from leadtemp.clock import local_date
from leadtemp.qualification.suggestions import resolved


def suggested_answers(preview: CapturePreview, rules: SignalRules) -> dict[int, dict[str, str]]:
    """By line index, the answers a line to a lead already in the book suggests (a new lead's
    answers are set on its panel once it exists); duplicates suggest nothing."""
    by_kind = {rule.kind: rule.suggests for rule in rules.rules if rule.suggests}
    return {
        line.index: resolved(by_kind[line.kind], local_date(line.occurred_at))
        for line in preview.lines
        if line.kind in by_kind and line.contact_id is not None and not line.duplicate
    }
