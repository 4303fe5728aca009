"""The five source documents (seeds 000–004) and the four policies built from them."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from types import MappingProxyType

from .model import Source

JINAN = "jinan"
QINGHAI = "qinghai"
SICHUAN = "sichuan"
ZHUMADIAN = "zhumadian"

POLICY_CODES: tuple[str, ...] = (JINAN, QINGHAI, SICHUAN, ZHUMADIAN)
POLICY_NAMES: Mapping[str, str] = MappingProxyType(
    {JINAN: "济南市", QINGHAI: "青海省", SICHUAN: "四川省", ZHUMADIAN: "驻马店市"}
)

JINAN_2018 = Source(
    code="jinan-2018",
    issuer="中共济南市委办公厅 济南市人民政府办公厅",
    title="关于加强贫困村驻村工作队选派管理工作的实施意见",
    number="",
    date=datetime.date(2018, 4, 3),
    in_force_from=datetime.date(2018, 4, 3),
)

QINGHAI_2018 = Source(
    code="qinghai-2018",
    issuer="中共青海省委办公厅 青海省人民政府办公厅",
    title="关于加强第一书记和驻村工作队选派管理工作的实施意见",
    number="青办字〔2018〕23号",
    date=datetime.date(2018, 4, 16),
    in_force_from=datetime.date(2018, 4, 16),
)

QINGHAI_TEN_MEASURES = Source(
    code="qinghai-ten-measures",
    issuer="中共青海省委组织部 青海省财政厅",
    title="关于进一步加强第一书记和驻村工作队帮扶力量的十项措施",
    number="青组字〔2018〕231号",
    date=datetime.date(2018, 10, 23),
    in_force_from=datetime.date(2018, 10, 23),
    date_note="原件未载明省级印发日期；采用海东市委组织部转发（东组字〔2018〕131号）的印发日期2018年10月23日",
)

SICHUAN_2018 = Source(
    code="sichuan-2018",
    issuer="中共四川省委办公厅 四川省人民政府办公厅",
    title="关于加强贫困村驻村工作队选派管理工作的实施意见",
    number="川委办〔2018〕19号",
    date=datetime.date(2018, 6, 1),
    in_force_from=datetime.date(2018, 6, 1),
)

ZHUMADIAN_2022 = Source(
    code="zhumadian-2022",
    issuer="驻马店市巩固拓展脱贫攻坚成果与乡村振兴有效衔接工作领导小组办公室",
    title="驻马店市驻村工作队管理办法",
    number="驻巩固衔接办〔2022〕16号",
    date=datetime.date(2022, 1, 1),
    in_force_from=datetime.date(2022, 1, 1),
    date_note="原件只载明年份2022年；按2022年1月1日起施行处理",
)

SOURCES: tuple[Source, ...] = (JINAN_2018, QINGHAI_2018, QINGHAI_TEN_MEASURES, SICHUAN_2018, ZHUMADIAN_2022)
