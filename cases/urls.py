from django.urls import path

from cases import views

urlpatterns = [
    path("", views.board, name="board"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
]
