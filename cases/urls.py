from django.urls import path

from cases.views import actions, alerts, board, case, escalation, export, imports, me, open, reports

urlpatterns = [
    path("", board.board, name="board"),
    path("board.csv", board.board_csv, name="board_csv"),
    path("board/checked/", board.board_mark_checked, name="board_checked"),
    path("cases/<int:pk>/", case.case_detail, name="case_detail"),
    # The guided "Open a case" form: ?from=<pk>&reason=another_agent continues case <pk>.
    path("cases/new/", open.case_new, name="case_new"),
    path("cases/new/<int:pk>/discard/", open.draft_discard, name="draft_discard"),
    path("cases/new/<int:pk>/products/check/", open.products_check, name="draft_products_check"),
    path("cases/new/<int:pk>/message/check/", open.message_check, name="draft_message_check"),
    path("cases/new/<int:pk>/<slug:step>/", open.draft_step, name="draft_step"),
    path("cases/<int:pk>/do/<slug:action>/", actions.case_action, name="case_action"),
    path("cases/<int:pk>/escalate/", escalation.case_escalate, name="case_escalate"),
    path("cases/<int:pk>/escalate/check/", escalation.case_escalation_check, name="case_escalation_check"),
    path("cases/<int:pk>/follow-up/", escalation.case_follow_up, name="case_follow_up"),
    path("cases/<int:pk>/follow-up/check/", escalation.case_escalation_check, {"kind": "follow_up"},
         name="case_follow_up_check"),
    path("cases/<int:pk>/another-agent/", escalation.case_another_agent, name="case_another_agent"),
    path("alerts/", alerts.alert_list, name="alerts"),
    path("alerts/read-all/", alerts.alert_mark_all_read, name="alerts_read_all"),
    path("alerts/<int:pk>/read/", alerts.alert_mark_read, name="alert_read"),
    path("cases/<int:pk>/edit/", case.case_edit, name="case_edit"),
    path("cases/<int:pk>/attach/", case.case_attach, name="case_attach"),
    path("attachments/<int:pk>/<path:name>", case.attachment_download, name="attachment"),
    # Supervisors: reports, import, export (cases.permissions.supervisor_required).
    path("reports/", reports.reports_page, name="reports"),
    path("reports/<slug:slug>.csv", reports.report_csv, name="report_csv"),
    path("import/", imports.import_upload, name="import_upload"),
    path("import/<str:token>/", imports.import_preview, name="import_preview"),
    path("export/cases.csv", export.export_cases, name="export_cases"),
    path("export/timeline.csv", export.export_timeline, name="export_timeline"),
    # The person's own settings and calendar feed.
    path("me/", me.me, name="me"),
    path("me/calendar/", me.me_calendar, name="me_calendar"),
    path("calendar/<str:token>.ics", me.calendar_feed, name="calendar_feed"),
]
