"""Training (培训): a cadre's training in a year, and the share each level trains."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from decimal import Decimal

from ..facts import TRAINING_LEVELS, TrainingFacts
from ..model import Finding
from ..wording import LEVEL_NAMES
from .base import ChecksBase, num


class TrainingChecks(ChecksBase):
    """Days and levels of training."""

    def check_training_year(
        self, days: Decimal | None = None, trainings: Sequence[TrainingFacts] = ()
    ) -> list[Finding]:
        """JN-TRAIN, QH-TRAIN, SC-TRAIN, ZMD-TRAIN: a cadre's training in one year.

        `days` is the year's total; when None it is summed from `trainings`. Jinan counts concentrated
        training only; Zhumadian needs one training organised at county level or above of ≥ 3 days.
        """
        total = Decimal(days) if days is not None else sum((t.days for t in trainings), Decimal(0))
        found = []
        p = self.in_force("JN-TRAIN")
        if p is not None:
            concentrated = (
                sum((t.days for t in trainings if t.concentrated), Decimal(0)) if trainings else total
            )
            if concentrated < p.values["min_days"]:
                found.append(
                    self._finding(
                        p, f"全年集中培训{num(concentrated)}天，一般不少于{num(p.values['min_days'])}天"
                    )
                )
        for provision_id in ("QH-TRAIN", "SC-TRAIN"):
            p = self.in_force(provision_id)
            if p is not None and total < p.values["min_days"]:
                found.append(self._finding(p, f"全年培训{num(total)}天，少于{num(p.values['min_days'])}天"))
        p = self.in_force("ZMD-TRAIN")
        if p is not None:
            lowest = TRAINING_LEVELS.index(p.values["min_level"])
            qualifying = [
                t
                for t in trainings
                if TRAINING_LEVELS.index(t.level) <= lowest and t.days >= p.values["min_days"]
            ]
            if len(qualifying) < p.values["min_trainings"]:
                found.append(
                    self._finding(p, f"全年未参加县级以上组织的不少于{num(p.values['min_days'])}天的培训")
                )
        return found

    def check_training_split(
        self, cadres: int, trained_by_level: Mapping[str, int], trained_total: int
    ) -> list[Finding]:
        """QH10-TRAIN-SPLIT: province/prefecture/county each train their share of all cadres; all trained."""
        p = self.in_force("QH10-TRAIN-SPLIT")
        if p is None:
            return []
        found = []
        for level, percent in p.values["shares_percent"].items():
            required = math.ceil(cadres * percent / 100)
            got = trained_by_level.get(level, 0)
            if got < required:
                found.append(
                    self._finding(
                        p,
                        f"{LEVEL_NAMES[level]}培训{got}人，少于驻村干部{cadres}人的{percent}%（{required}人）",
                    )
                )
        if trained_total < cadres:
            found.append(self._finding(p, f"培训未全覆盖：驻村干部{cadres}人，参训{trained_total}人"))
        return found
