"""Attendance days (考勤): the township's month grid and its certification, the county's work calendar,
the cadre's check-in, spot checks (查岗) and absence explanations (情况说明), the cadre × month summary and
compliance with the county's minimum. Models are in ``attendance.models.days`` and ``.spot_checks``;
writes in ``services``, reads in ``selectors``, judging in ``compliance``, pages in ``views``, the phone API in ``api``."""
