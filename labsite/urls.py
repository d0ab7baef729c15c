from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core import health, metrics
from labsite import views
from people import views as people_views
from transfer import urls as transfer_urls

accounts = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", people_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password/reset/", people_views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        people_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

# The key figures draw on transfer's selectors and are the shell's page, at
# transfer's address and under its URL names.
transfer = [
    *transfer_urls.urlpatterns,
    path("transfer/figures/", views.figures, name="figures"),
    path("transfer/figures/export/", views.figures_export, name="figures-export"),
]

api = [
    path("", include("people.api.urls")),
    path("", include("projects.api.urls")),
    path("", include("transfer.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]

# Under /api/, a 404 is JSON even where no route matched.
handler404 = "core.api.exceptions.page_not_found"

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("people.urls")),
    path("", include("projects.urls")),
    path("", include((transfer, transfer_urls.app_name))),
    path("", include("notifications.urls")),
    path("accounts/", include(accounts)),
    path("language/", people_views.set_language, name="set-language"),
    path("api/", include((api, "api"), namespace="api")),
    path("admin/", admin.site.urls),
    # For operators' probes and Prometheus: no sign-in (core/health.py, core/metrics.py).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
]
