from django.urls import path

from cases.views import actions, board, case

urlpatterns = [
    path("", board.board, name="board"),
    path("cases/<int:pk>/", case.case_detail, name="case_detail"),
    path("cases/<int:pk>/do/<slug:action>/", actions.case_action, name="case_action"),
    path("cases/<int:pk>/edit/", case.case_edit, name="case_edit"),
    path("cases/<int:pk>/attach/", case.case_attach, name="case_attach"),
    path("attachments/<int:pk>/<path:name>", case.attachment_download, name="attachment"),
]
