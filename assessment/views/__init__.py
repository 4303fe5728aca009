"""Pages of the annual assessment: the rounds, a round with its entries (inputs, reasons, the cap box,
propose/decide forms, close), the 考核登记表 per cadre and the result list as xlsx. Every object is
fetched through ``for_user()`` (404 outside).

One module per page group (rounds, entries, end-of-term reviews, targets), re-exported here for
assessment/urls.py.
"""

from .entries import entry_decide, entry_detail, entry_export, entry_propose, entry_recall, entry_score
from .rounds import (
    ENTRY_ORDER,
    PAGE_SIZE,
    filing_receive,
    round_close,
    round_detail,
    round_export,
    round_list,
)
from .shared import ROLE_NAMES
from .targets import target_list
from .term_reviews import term_review_create, term_review_list

__all__ = [
    "ROLE_NAMES",
    "PAGE_SIZE",
    "ENTRY_ORDER",
    "round_list",
    "round_detail",
    "filing_receive",
    "round_close",
    "round_export",
    "entry_propose",
    "entry_decide",
    "entry_score",
    "entry_detail",
    "entry_export",
    "entry_recall",
    "term_review_list",
    "term_review_create",
    "target_list",
]
