"""Writes of the annual assessment: open a round, propose and decide grades, enter scores, close, recall.

Who proposes and who decides comes from the county's policy (``teams.rules.assessment``); whether a
grade is allowed, whether a cadre may be 优秀 and whether the Sichuan cap holds come from the policy's
checks. Every decision takes the round's row lock first, so two clerks (or a double click) racing for
the last 优秀 slot are served one after the other and the second sees the first's grade.

One module per sub-domain (rounds and result filings, entries, recalls, end-of-term reviews, targets),
re-exported here.
"""

from .entries import entry_decide, entry_propose, entry_score
from .recalls import recall_record
from .rounds import filing_receive, round_close, round_open
from .targets import target_record
from .term_reviews import term_review_record

__all__ = [
    "round_open",
    "round_close",
    "filing_receive",
    "entry_propose",
    "entry_decide",
    "entry_score",
    "recall_record",
    "term_review_record",
    "target_record",
]
