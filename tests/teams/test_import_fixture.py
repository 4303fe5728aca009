"""fixtures/roster_example.xlsx — the file a new user tries the importer on — explains its one bad row."""

from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "fixtures" / "roster_example.xlsx"

pytestmark = pytest.mark.django_db


def test_the_example_roster_dry_run_finds_exactly_the_bad_check_digit(capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("import_roster", str(EXAMPLE), "--county", "411721", "--dry-run")
    out = capsys.readouterr().out
    assert "第6行 身份证号码：身份证号校验位错误" in out
    assert "张庄村" in out  # 张庄 is flagged as close to the existing 张庄村
    assert out.strip().splitlines()[-1] == "created=3 updated=0 unchanged=0 invalid=1"
