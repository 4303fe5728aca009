"""The data rows against PROVISIONS.md (the copy in teams/rules) and the seeds; import without Django."""

from __future__ import annotations

import datetime
import re
import subprocess
import sys
from pathlib import Path

import pytest

from teams import rules
from teams.rules import PROVISIONS, Strength, policy_for

RULES_DIR = Path(rules.__file__).parent
DIGEST = RULES_DIR / "PROVISIONS.md"
SEEDS = RULES_DIR / "seeds"  # verbatim copies of ../shared/seeds, so the repository is self-contained
ID = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")
# Strengths that follow the seed rather than the digest (teams/rules/NOTES.md).
SEED_STRENGTHS = {"SC-AID": "soft"}
# Digest strengths that are not one of hard/soft/config/info, and the strength the row carries.
# SC-LIANGSHAN "permission, ceiling 7": nothing is required below 7, more than 7 is an error.
DIGEST_READINGS = {"permission, ceiling 7": "hard"}


def digest_rows() -> dict[str, str]:
    """id -> strength, from every table row of the digest ("QH-LEAVE, SC-LEAVE" are two ids)."""
    rows = {}
    for line in DIGEST.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 4:
            continue
        ids = [i.strip() for i in cells[0].split(",")]
        if all(ID.match(i) for i in ids):
            for provision_id in ids:
                rows[provision_id] = re.sub(r" \(.*\)$", "", cells[2])  # "soft (原则上)" → soft
    return rows


def test_the_digest_copy_has_rows() -> None:
    assert len(digest_rows()) > 60


def test_module_ids_equal_the_digest_ids() -> None:
    module_ids = [p.id for p in PROVISIONS]
    assert len(module_ids) == len(set(module_ids)), "duplicate ids"
    assert set(module_ids) - set(digest_rows()) == set(), "invented"
    assert set(digest_rows()) - set(module_ids) == set(), "missing"


@pytest.mark.parametrize("provision", PROVISIONS, ids=lambda p: p.id)
def test_strength_matches_the_digest_or_the_seed(provision: rules.Provision) -> None:
    digest = digest_rows()[provision.id]
    expected = SEED_STRENGTHS.get(provision.id, DIGEST_READINGS.get(digest, digest))
    shown = " / ".join(s for s in provision.strength_label.split(" / ") if s != "config")
    assert (shown or "config") == expected


@pytest.mark.parametrize("provision", PROVISIONS, ids=lambda p: p.id)
def test_every_row_is_cited_and_dated(provision: rules.Provision) -> None:
    assert provision.policies and set(provision.policies) <= set(rules.POLICY_CODES)
    assert re.search(r"[\u4e00-\u9fff]", provision.title)
    assert re.search(r"[\u4e00-\u9fff]", provision.wording)
    assert provision.source in rules.SOURCES
    assert provision.in_force_from == provision.source.in_force_from
    for code in provision.policies:
        assert provision.for_policy(code).wording


def _normalise(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize(
    ("provision", "code"),
    [(p, c) for p in PROVISIONS for c in p.policies],
    ids=lambda v: v.id if isinstance(v, rules.Provision) else v,
)
def test_wording_is_quoted_from_the_seed(provision: rules.Provision, code: str) -> None:
    seed_for = {
        "jinan-2018": "000",
        "qinghai-2018": "001",
        "qinghai-ten-measures": "002",
        "sichuan-2018": "003",
        "zhumadian-2022": "004",
    }
    effective = provision.for_policy(code)
    seed = next(SEEDS.glob(seed_for[effective.source.code] + "_*.txt")).read_text(encoding="utf-8")
    for part in effective.wording.split("……"):
        assert _normalise(part) in _normalise(seed)


@pytest.mark.parametrize(
    ("provision_id", "codes"),
    [
        ("ALL-NO-WITHDRAW", ("jinan", "qinghai", "sichuan")),
        # not Sichuan: seed 003 has no 销假 clause, the return step is the county's own rule (SC-LEAVE)
        ("ALL-RETURN", ("jinan", "qinghai", "zhumadian")),
        ("QH-LEAVE", ("qinghai",)),
        ("SC-LEAVE", ("sichuan",)),
        ("JN-FUNDS", ("jinan",)),
        ("ZMD-ALLOWANCE", ("zhumadian",)),
        ("QH-MEET", ("qinghai",)),
        ("SC-MEET", ("sichuan",)),
    ],
)
def test_shared_rows_belong_to_their_policies(provision_id: str, codes: tuple[str, ...]) -> None:
    assert rules.BY_ID[provision_id].policies == codes


@pytest.mark.parametrize(
    ("code", "on", "present", "absent"),
    [
        ("qinghai", datetime.date(2018, 10, 22), "QH-FUNDS", "QH10-FUNDS"),
        ("qinghai", datetime.date(2018, 10, 23), "QH10-FUNDS", "QH-FUNDS"),
        ("qinghai", datetime.date(2018, 10, 23), "QH10-ALLOWANCE", "JN-MONTH"),
        ("zhumadian", datetime.date(2022, 1, 1), "ALL-RETURN", "ALL-NO-WITHDRAW"),
        ("jinan", datetime.date(2018, 4, 3), "ALL-NO-WITHDRAW", "QH-TEAM"),
    ],
)
def test_provisions_in_force_on_a_date(code: str, on: datetime.date, present: str, absent: str) -> None:
    policy = policy_for(code, on)
    assert policy.in_force(present) is not None
    assert policy.in_force(absent) is None


def test_nothing_is_in_force_before_the_document() -> None:
    assert policy_for("sichuan", datetime.date(2018, 5, 31)).provisions == ()


def test_shared_row_takes_the_policys_own_wording_and_date() -> None:
    provision = policy_for("zhumadian", datetime.date(2023, 1, 1)).provision("ALL-RETURN")
    assert provision.source.number == "驻巩固衔接办〔2022〕16号"
    assert provision.in_force_from == datetime.date(2022, 1, 1)
    assert "请销假" in provision.wording


def test_unknown_policy_is_a_lookup_error() -> None:
    with pytest.raises(rules.UnknownPolicy):
        policy_for("beijing", datetime.date(2023, 1, 1))
    assert issubclass(rules.UnknownPolicy, LookupError)


def test_unknown_provision_is_a_key_error() -> None:
    with pytest.raises(KeyError, match="QH-TEAM"):
        policy_for("jinan", datetime.date(2023, 1, 1)).provision("QH-TEAM")


def test_policy_names_are_chinese() -> None:
    assert rules.POLICY_CODES == ("jinan", "qinghai", "sichuan", "zhumadian")
    assert rules.POLICY_NAMES["jinan"] == "济南市"


def test_every_hard_or_soft_id_is_decided_or_explained() -> None:
    judged = {p.id for p in PROVISIONS if p.strengths & {Strength.HARD, Strength.SOFT}}
    assert set(rules.CHECKS) | set(rules.UNDECIDABLE) == judged
    assert not set(rules.CHECKS) & set(rules.UNDECIDABLE)


@pytest.mark.parametrize("name", sorted(set(rules.CHECKS.values())))
def test_every_registered_check_is_a_policy_method(name: str) -> None:
    assert callable(getattr(rules.Policy, name))


def test_import_needs_no_django() -> None:
    code = (
        "import os, sys; os.environ.pop('DJANGO_SETTINGS_MODULE', None); import teams.rules; "
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules), 'django imported'"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=RULES_DIR.parents[1], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_package_source_has_no_django_import() -> None:
    for path in RULES_DIR.rglob("*.py"):
        assert not re.search(r"^\s*(import|from)\s+django", path.read_text(encoding="utf-8"), re.M), path
