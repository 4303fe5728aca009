"""The rules' words for a code are the labels of its Django choice (issue 11).

`teams.rules` keeps its own copies of the codes and their words so that it never imports Django; these
tests keep the copies equal to `teams/choices.py`, so a rule message names a rank, an expertise or a
unit level exactly as the form and the roster show it (they had drifted: 其他职级 for 其他, 化解矛盾 for
矛盾调解).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest
from django.db import models

from teams import choices
from teams.rules import facts, wording

# (Django choices, the rules' codes, the rules' words)
TIED: list[tuple[type[models.TextChoices], Sequence[str], Mapping[str, str]]] = [
    (choices.Role, facts.ROLES, wording.ROLE_NAMES),
    (choices.UnitLevel, facts.UNIT_LEVELS, wording.LEVEL_NAMES),
    (choices.UnitKind, facts.UNIT_KINDS, wording.KIND_NAMES),
    (choices.Rank, facts.RANKS, wording.RANK_NAMES),
    (choices.PartyStatus, facts.PARTY_STATUSES, wording.PARTY_NAMES),
    (choices.Expertise, facts.EXPERTISE, wording.EXPERTISE_NAMES),
]
IDS = [c.__name__ for c, _, _ in TIED]


@pytest.mark.parametrize(("django_choices", "codes", "words"), TIED, ids=IDS)
def test_the_words_are_the_labels_of_the_choices(
    django_choices: type[models.TextChoices], codes: Sequence[str], words: Mapping[str, str]
) -> None:
    assert dict(words) == dict(django_choices.choices)


@pytest.mark.parametrize(("django_choices", "codes", "words"), TIED, ids=IDS)
def test_the_codes_are_the_values_of_the_choices(
    django_choices: type[models.TextChoices], codes: Sequence[str], words: Mapping[str, str]
) -> None:
    # Expertise may also be empty: a cadre whose expertise is not recorded.
    assert set(codes) - {""} == set(django_choices.values)


def test_the_training_levels_are_the_unit_levels() -> None:
    assert facts.TRAINING_LEVELS == tuple(choices.UnitLevel.values)


@pytest.mark.parametrize(
    ("table", "codes"),
    [
        (wording.GRADE_NAMES, facts.GRADES),
        (wording.CARE_NAMES, facts.CARE_SITUATIONS),
        (wording.REVIEW_METHOD_NAMES, facts.REVIEW_METHODS),
    ],
    ids=["grades", "care situations", "review methods"],
)
def test_every_code_of_the_rules_own_has_its_word(table: Mapping[str, str], codes: Sequence[str]) -> None:
    assert tuple(table) == tuple(codes)


def test_a_rule_message_names_the_rank_as_the_form_does() -> None:
    """QH-FS-RANK names the first secretary's rank by the label the cadre form shows."""
    import datetime

    from teams import rules

    member = rules.MemberFacts(
        role="first_secretary",
        is_leader=True,
        birth_date=None,
        party_status="member",
        rank=str(choices.Rank.OTHER),
        is_reserve=False,
        unit_level="county",
        unit_kind="organ",
        from_township=False,
        expertise=str(choices.Expertise.MEDIATION),
        start=datetime.date(2019, 1, 1),
        end=None,
        name="甲",
    )
    team = rules.TeamFacts(term_start=datetime.date(2019, 1, 1), term_end=None, members=[member])
    policy = rules.policy_for("qinghai", datetime.date(2019, 6, 1))
    texts = [f.message for f in policy.check_team(team, today=datetime.date(2019, 6, 1))]
    said = f"{choices.UnitLevel.COUNTY.label}{choices.UnitKind.ORGAN.label}{choices.Rank.OTHER.label}干部"
    assert any(said in text for text in texts), texts
