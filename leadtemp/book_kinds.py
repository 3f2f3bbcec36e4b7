"""What a book is for, chosen when it is created, and the words the window and the CLI use for it.

A sales book holds leads and their deals; a recruiting book holds candidates for a role. The
scoring, the JSON and the commands are the same; only the kinds, checklists, the fit and these
words differ. Every front end takes its words from :func:`words_for`, the one home for them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from leadtemp.errors import ValidationError
from leadtemp.vocabulary import Stage


class BookKind(enum.StrEnum):
    SALES = "sales"
    RECRUITING = "recruiting"

    @property
    def label(self) -> str:
        return self.value.capitalize()


def book_kind(text: str) -> BookKind:
    """The kind named by ``text``, or a one-line message listing the kinds there are."""
    try:
        return BookKind(text.strip().casefold())
    except ValueError:
        known = ", ".join(kind.value for kind in BookKind)
        raise ValidationError(f"unknown book kind {text!r}: use one of {known}") from None


@dataclass(frozen=True)
class Words:
    """The nouns of one kind of book, lower case; :meth:`title` capitalises one."""

    lead: str
    leads: str
    deal: str
    contact: str

    @staticmethod
    def title(word: str) -> str:
        return word[:1].upper() + word[1:]

    def count(self, number: int) -> str:
        """``3 leads``, ``1 candidate``."""
        return f"{number} {self.lead if number == 1 else self.leads}"

    def stage(self, stage: Stage) -> str:
        """A stage's name in this book: the first one is what the book holds ("candidate")."""
        return self.lead if stage is Stage.LEAD else stage.value


_WORDS = {
    BookKind.SALES: Words(lead="lead", leads="leads", deal="deal", contact="contact"),
    BookKind.RECRUITING: Words(lead="candidate", leads="candidates", deal="role", contact="candidate"),
}


def words_for(kind: BookKind) -> Words:
    return _WORDS[kind]


def shows_qualification(kind: BookKind, stage: Stage, answered: bool) -> bool:
    """Whether the stage and the four answers are worth showing. Budget, authority, need and
    timeline are how a sale is qualified, so a sales book always shows them; a recruiting book
    shows them only once the user has set an answer (``answered``) or the answers moved the
    stage, and otherwise keeps its candidates' cards, Today and ``show`` free of a sales idea."""
    return kind is BookKind.SALES or answered or stage is not Stage.LEAD
