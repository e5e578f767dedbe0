from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from cases import views as case_views

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", case_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("cases.urls")),
]
