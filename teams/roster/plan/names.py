"""Names: near-duplicates of existing townships, villages and units, and a new unit's level, kind and region
guessed from its name."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from teams.choices import UnitKind, UnitLevel
from teams.models import Region
from teams.roster import cells

from .results import Match, NewUnit

_VILLAGE_SUFFIXES = ("村民委员会", "社区居民委员会", "村委会", "居委会", "行政村", "社区", "村")
_TOWNSHIP_SUFFIXES = ("街道办事处", "人民政府", "办事处", "街道", "镇", "乡")


def _core(name: str, suffixes: Sequence[str]) -> str:
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


class _Similar:
    """Near-duplicate names: the same after dropping 村/镇/街道-style suffixes, or one inside the other."""

    def __init__(self, names: Iterable[str], suffixes: Sequence[str], drop: str = "") -> None:
        self.suffixes = suffixes
        self.drop = str.maketrans("", "", drop)  # 西平教育局 vs 西平县教育局
        self.by_first: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for name in names:
            self.add(name)

    def add(self, name: str) -> None:
        core = _core(name, self.suffixes).removeprefix("中共").translate(self.drop)
        if core:
            self.by_first[core[0]].append((core, name))

    def find(self, name: str) -> list[str]:
        core = _core(name, self.suffixes).removeprefix("中共").translate(self.drop)
        if not core:
            return []
        found = []
        for other_core, other in self.by_first.get(core[0], ()):
            if other == name:
                continue
            if other_core == core or (
                min(len(core), len(other_core)) >= 2 and (core in other_core or other_core in core)
            ):
                found.append(other)
        return found


def _matches(similar: list[str], existing: dict[str, int]) -> list[Match]:
    """The similar names that are existing records (not other new names of the same file)."""
    return [(existing[cells.text(name)], name) for name in similar if cells.text(name) in existing]


class _UnitGuess:
    """Level, kind and region of a unit the file names but the registry lacks, from its name."""

    _ENTERPRISE = ("公司", "银行", "集团", "有限", "股份", "厂", "信用社")
    _INSTITUTION = (
        "医院",
        "学校",
        "学院",
        "大学",
        "中学",
        "小学",
        "幼儿园",
        "中心",
        "研究",
        "站",
        "所",
        "馆",
        "院",
        "电视台",
        "报社",
    )

    def __init__(self, county: Region) -> None:
        self.county = county
        self.city = county.parent
        self.province = self.city.parent if self.city else None
        self.townships = {
            name: pk for pk, name in Region.objects.filter(parent=county).values_list("id", "name")
        }

    @staticmethod
    def _prefixes(region: Region | None) -> tuple[str, ...]:
        if region is None:
            return ()
        short = region.name[:-1] if len(region.name) > 2 else region.name
        return (region.name, short)

    def guess(self, name: str) -> NewUnit:
        kind = (
            UnitKind.ENTERPRISE
            if any(w in name for w in self._ENTERPRISE)
            else UnitKind.INSTITUTION
            if any(w in name for w in self._INSTITUTION)
            else UnitKind.ORGAN
        )
        stripped = name.removeprefix("中共").removeprefix("国网")
        township = next((pk for t, pk in self.townships.items() if stripped.startswith(t)), None)
        if township is not None:
            level, region = UnitLevel.TOWNSHIP, township
        elif stripped.startswith(self._prefixes(self.county)):
            level, region = UnitLevel.COUNTY, self.county.pk
        elif self.city and stripped.startswith(self._prefixes(self.city)):
            level, region = UnitLevel.CITY, self.city.pk
        elif self.province and stripped.startswith(self._prefixes(self.province)):
            level, region = UnitLevel.PROVINCE, self.province.pk
        elif stripped.startswith(("中央", "国家", "中国", "全国")):
            level, region = UnitLevel.CENTRAL, None
        else:
            level, region = UnitLevel.COUNTY, self.county.pk
        return NewUnit(name=name, level=str(level), kind=str(kind), region_id=region)
