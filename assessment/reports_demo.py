"""Demo team reports for the four demo counties, built after the worklog demo so that each draft reads the
period's log: for every team and every report period of the year (and the last year) that has ended, one
of three outcomes in turn — submitted on time (and acknowledged), submitted late, or missing — and, in the
Zhumadian county (no periodic report), one incident report (重大问题报告). The drafting user is the team's
leader's login where the demo has one, else the receiving office's (the demo has few cadre logins)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Office, User
from teams.choices import RegionLevel
from teams.county_policy import county_policy
from teams.models import Region, Team
from teams.rules import duties as rule_duties

from . import reports
from .models import ReportKind, ReportStatus, TeamReport

ON_TIME, LATE, MISSING = 0, 1, 2


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@transaction.atomic
def build_reports_demo(today: datetime.date) -> dict[str, int]:
    made = {"工作队报告": 0}
    rows: list[TeamReport] = []
    for county in Region.objects.filter(level=RegionLevel.COUNTY).order_by("code"):
        policy = county_policy(county, today)
        offices = {
            (u.office, u.region_id): u
            for u in User.objects.filter(
                Q(region=county) | Q(region__parent=county),
                office__in=(Office.COUNTY_ORG_DEPT, Office.TOWNSHIP_COMMITTEE),
                is_active=True,
            ).order_by("-pk")
        }
        teams = list(
            Team.objects.filter(village__township__parent=county, term_start__lte=today)
            .filter(Q(term_end__isnull=True) | Q(term_end__gte=today - datetime.timedelta(days=365)))
            .select_related("village__township__parent")
            .order_by("pk")
        )
        for index, team in enumerate(teams):
            leader = (
                User.objects.filter(
                    cadre__memberships__team=team,
                    cadre__memberships__role="first_secretary",
                    office=Office.CADRE,
                )
                .order_by("pk")
                .first()
            )
            periods: list[tuple[str, int, int | None, datetime.date, datetime.date]] = []
            for year in (today.year - 1, today.year):
                for kind in (
                    ReportKind.COMMITMENT.value,
                    ReportKind.QUARTERLY.value,
                    ReportKind.HALF_YEAR.value,
                ):
                    provision = rule_duties.report_provision(policy, kind)
                    if provision is None:
                        continue
                    for period in rule_duties.report_periods(kind) or (None,):
                        start, end = rule_duties.report_bounds(kind, year, period)
                        due = end
                        if kind == ReportKind.COMMITMENT:
                            due = rule_duties.month_end(year, policy.provision(provision).values["due_month"])
                        if due < today and due >= team.term_start:
                            periods.append((kind, year, period, start, due))
            for n, (kind, year, period, _start, due) in enumerate(periods):
                outcome = (index + n) % 3
                if outcome == MISSING:
                    continue
                office = rule_duties.report_receiver(policy, kind) or Office.COUNTY_ORG_DEPT
                region = reports.receiving_region(team, office)
                office_region = offices.get((office, region.pk))
                author = leader or office_region
                if author is None:
                    continue
                submitted = due if outcome == ON_TIME else min(due + datetime.timedelta(days=12), today)
                acknowledged = outcome == ON_TIME and office_region is not None
                rows.append(
                    TeamReport(
                        team=team,
                        kind=kind,
                        year=year,
                        period=period,
                        provision=rule_duties.report_provision(policy, kind) or "",
                        title=reports.report_title(team, kind, year, period),
                        body=reports.report_draft(team, kind, year, period),
                        status=ReportStatus.ACKNOWLEDGED if acknowledged else ReportStatus.SUBMITTED,
                        receiving_office=office,
                        receiving_region=region,
                        created_by=author,
                        submitted_at=_at(submitted),
                        submitted_by=author,
                        decided_at=_at(min(submitted + datetime.timedelta(days=3), today), 15)
                        if acknowledged
                        else None,
                        decided_by=office_region if acknowledged else None,
                        comment="已阅，按期报送" if acknowledged else "",
                    )
                )
        if (
            policy.in_force("JN-REPORT") is None
            and rule_duties.report_provision(policy, ReportKind.QUARTERLY) is None
            and teams
        ):
            # No periodic report under this policy: one incident report, at any time.
            team = teams[0]
            office = rule_duties.INCIDENT_RECEIVER
            region = reports.receiving_region(team, office)
            author = User.objects.filter(cadre__memberships__team=team, office=Office.CADRE).order_by(
                "pk"
            ).first() or offices.get((office, region.pk))
            if author is not None:
                day = today - datetime.timedelta(days=20)
                rows.append(
                    TeamReport(
                        team=team,
                        kind=ReportKind.INCIDENT,
                        year=day.year,
                        period=None,
                        provision="",
                        title=f"{team.village.name}驻村工作队关于村内道路塌方的重大问题报告",
                        body="村内主干道因连日降雨发生局部塌方，工作队已会同村两委设置警示、疏导群众，"
                        "请县里协调交通部门尽快抢修。",
                        status=ReportStatus.SUBMITTED,
                        receiving_office=office,
                        receiving_region=region,
                        created_by=author,
                        submitted_at=_at(day),
                        submitted_by=author,
                    )
                )
    TeamReport.objects.bulk_create(rows, batch_size=500)
    made["工作队报告"] = len(rows)
    return made
