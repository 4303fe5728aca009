"""Facts the policy checks read that had no home (issue 10, corrections 2, 8, 9).

- Village.is_key_village (JN-TEAM-ORIGIN's scope) and Village.has_untapped_resources (JN-MATCH);
- DispatchingUnit.staff_total, 干部职工人数 (SC-QUOTA's base; headcount stays the 在编人数);
- Cadre.is_bilingual (QH-BILINGUAL) and Cadre.is_on_staff (SC-STAFF), empty when not recorded;
- Team.withdrawn_on (ALL-NO-WITHDRAW).

On SQLite a NOT NULL column (the village flags) rebuilds its table, and a rebuilt teams_team or
teams_membership would lose the overlap triggers of 0002_overlap_guards. Whatever Django decides to
rebuild, the triggers of both tables are dropped (if present) and created again after the new columns,
and again after the rollback; tests/teams/test_migration_guards.py checks they are all there.
PostgreSQL adds the columns in place and keeps its exclusion constraints.
"""

import importlib

from django.db import migrations, models

from teams.db_guards import per_vendor_sql

_guards = importlib.import_module("teams.migrations.0002_overlap_guards")
_RECREATE = [*_guards.SQLITE_DOWN, *_guards.SQLITE_UP]
_recreate_triggers = {"postgresql": [], "sqlite": _RECREATE}
_nothing: dict[str, list[str]] = {"postgresql": [], "sqlite": []}


class Migration(migrations.Migration):
    dependencies = [("teams", "0004_membership_end_reason_importbatch_aliases")]

    operations = [
        per_vendor_sql(_nothing, _recreate_triggers),
        migrations.AddField(
            model_name="cadre",
            name="is_bilingual",
            field=models.BooleanField(
                blank=True,
                help_text="懂民族语言和国家通用语言（QH-BILINGUAL）；未登记的留空",
                null=True,
                verbose_name="懂“双语”",
            ),
        ),
        migrations.AddField(
            model_name="cadre",
            name="is_on_staff",
            field=models.BooleanField(
                blank=True,
                help_text="是否为在编在岗干部职工（SC-STAFF）；未登记的留空",
                null=True,
                verbose_name="在编在岗",
            ),
        ),
        migrations.AddField(
            model_name="dispatchingunit",
            name="staff_total",
            field=models.PositiveIntegerField(
                blank=True,
                help_text="全部干部职工人数（不限于在编人数）；四川省直等单位按此确定应选派人数（SC-QUOTA），未填则不作判断",
                null=True,
                verbose_name="干部职工人数",
            ),
        ),
        migrations.AddField(
            model_name="team",
            name="withdrawn_on",
            field=models.DateField(
                blank=True,
                help_text="工作队撤离派驻村的日期；未撤离的留空",
                null=True,
                verbose_name="撤离日期",
            ),
        ),
        migrations.AddField(
            model_name="village",
            name="has_untapped_resources",
            field=models.BooleanField(
                default=False,
                help_text="有特色资源、但挖掘利用不够的村，应选派懂经营善管理的干部（JN-MATCH）",
                verbose_name="特色资源挖掘利用不够",
            ),
        ),
        migrations.AddField(
            model_name="village",
            name="is_key_village",
            field=models.BooleanField(
                default=False,
                help_text="济南：派驻这些村的工作队队员均应为县级以上机关、企事业单位选派（JN-TEAM-ORIGIN）；其他贫困村可从乡镇（街道）年轻干部中选拔队员",
                verbose_name="省扶贫工作重点村（含脱贫难度较大的村）",
            ),
        ),
        migrations.AlterField(
            model_name="dispatchingunit",
            name="headcount",
            field=models.PositiveIntegerField(
                blank=True, help_text="编制内在编人员数，仅作记录", null=True, verbose_name="在编人数"
            ),
        ),
        per_vendor_sql(_recreate_triggers, _nothing),
    ]
