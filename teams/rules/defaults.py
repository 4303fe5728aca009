"""The product's own defaults and fixed facts that are no provision of any seed.

Like the provisions, every number lives here and nowhere else (a test greps the rest of the code for
them). Each names what it serves; none of them is shown or cited as a provision of a document.
"""

from __future__ import annotations

# 凉山彝族自治州 (GB/T 2260 prefecture code): the scope of SC-LIANGSHAN (seed 003: 针对凉山州脱贫攻坚的特殊困难).
LIANGSHAN_PREFECTURE_CODE = "513400"

# A check-in farther than this from the village (or positioned less precisely than this) is flagged for
# the township to review. An operational tolerance of phone positioning, the product's own default.
CHECKIN_RADIUS_M = 3000

# A check-in from this hour (local time) on also records the night in the village: ZMD-WEEK counts
# "五天四夜" and the seed does not say when a night starts. The product's own default.
NIGHT_FROM_HOUR = 19

# ZMD-ABSENT: explanations for a collection due on the `summary_day` (the 25th, seed 004) are reminded
# daily from this many days before it (so from the 20th). The lead time is the product's own default.
EXPLANATION_REMINDER_LEAD_DAYS = 5

# The duties calendar (teams.rules.duties): whom a duty concerns is reminded this many days before its due
# date (and once more when it turns overdue). The lead time is the product's own default.
DUTY_REMINDER_LEAD_DAYS = 7
