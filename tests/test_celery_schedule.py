"""The beat schedule is code: the scan every interval (expiring before the next), the digest on working days."""

from datetime import timedelta

from casedesk.celery import app, beat_schedule, scan_expiry_seconds


def test_scan_runs_every_interval_and_expires_before_the_next(settings):
    settings.CASEDESK_SCAN_INTERVAL_MINUTES = 5
    entry = beat_schedule()["scan-response-windows"]
    assert entry["task"] == "cases.tasks.scan_cases"
    assert entry["schedule"] == timedelta(minutes=5)
    assert 0 < entry["options"]["expires"] < 5 * 60
    assert scan_expiry_seconds() < 5 * 60


def test_digest_runs_at_work_start_on_working_days(settings):
    from datetime import time

    settings.CASEDESK_WORKING_DAYS = (0, 1, 2, 3, 4)
    settings.CASEDESK_WORKING_HOURS = (time(8, 30), time(17, 0))
    schedule = beat_schedule()["morning-digest"]["schedule"]
    assert schedule.hour == {8} and schedule.minute == {30}
    assert schedule.day_of_week == {1, 2, 3, 4, 5}  # crontab counts Sunday as 0


def test_app_uses_team_time_zone_and_ignores_results(settings):
    assert app.main == "casedesk"
    assert app.conf.timezone == settings.TIME_ZONE
    assert app.conf.task_ignore_result is True
    assert "scan-response-windows" in app.conf.beat_schedule


def test_tasks_are_registered_with_acks_late():
    from cases import tasks

    assert tasks.scan_cases.name in app.tasks
    assert tasks.scan_cases.acks_late and tasks.send_morning_digest.acks_late
