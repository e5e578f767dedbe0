from django.urls import path

from cases.views import board, case

urlpatterns = [
    path("", board.board, name="board"),
    path("cases/<int:pk>/", case.case_detail, name="case_detail"),
]
