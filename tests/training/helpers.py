"""Small builders for the training tests: the session world holds no training; a test makes its own."""

from __future__ import annotations

import datetime
from decimal import Decimal

from accounts.models import User
from teams.models import Cadre
from tests.builders import make_cadre, make_posting
from tests.clock import TODAY
from training import services
from training.models import TrainingEvent, TrainingKind, TrainingLevel, TrainingRecord

YEAR = TODAY.year
# The county office of each demo county (one per policy), its county and a village of it.
COUNTY_LOGIN = {"zhumadian": "county", "jinan": "county2", "qinghai": "county_qh", "sichuan": "county_sc"}
COUNTY_NAME = {"zhumadian": "西平县", "jinan": "平阴县", "qinghai": "乐都区", "sichuan": "苍溪县"}


def user(username: str) -> User:
    return User.objects.get(username=username)


def event(
    login: str = "county",
    *,
    level: str = TrainingLevel.COUNTY,
    days: str = "3",
    concentrated: bool = True,
    kind: str = TrainingKind.ROTATION,
    start: datetime.date | None = None,
    title: str = "测试培训班",
    township: object = None,
) -> TrainingEvent:
    begin = start or datetime.date(YEAR, 5, 10)
    span = int(Decimal(days).to_integral_value(rounding="ROUND_CEILING"))
    return services.event_create(
        user=user(login),
        level=level,
        title=title,
        start=begin,
        end=begin + datetime.timedelta(days=max(span, 1) - 1),
        days=days,
        concentrated=concentrated,
        kind=kind,
        township=township,  # type: ignore[arg-type]
    )


def attend(ev: TrainingEvent, cadre: Cadre, login: str = "county", days: str | None = None) -> TrainingRecord:
    return services.record_add(user=user(login), event=ev, cadre=cadre, days=days)


def cadre_of(county: str = "西平县") -> Cadre:
    return make_cadre(county)


def posted_cadre(village: str = "李楼村") -> Cadre:
    return make_posting(village).cadre
