from django.urls import path

from cases.views import actions, alerts, board, case

urlpatterns = [
    path("", board.board, name="board"),
    path("cases/<int:pk>/", case.case_detail, name="case_detail"),
    path("cases/<int:pk>/do/<slug:action>/", actions.case_action, name="case_action"),
    path("alerts/", alerts.alert_list, name="alerts"),
    path("alerts/read-all/", alerts.alert_mark_all_read, name="alerts_read_all"),
    path("alerts/<int:pk>/read/", alerts.alert_mark_read, name="alert_read"),
    path("cases/<int:pk>/edit/", case.case_edit, name="case_edit"),
    path("cases/<int:pk>/attach/", case.case_attach, name="case_attach"),
    path("attachments/<int:pk>/<path:name>", case.attachment_download, name="attachment"),
]
