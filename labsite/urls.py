from allauth.account import views as allauth_views
from allauth.mfa.base import views as mfa_views
from allauth.mfa.recovery_codes import views as recovery_code_views
from allauth.mfa.totp import views as totp_views
from allauth.mfa.webauthn import views as webauthn_views
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core import health, metrics
from labsite import api as labsite_api
from labsite import search_views, views
from people import views as people_views
from people.views import mfa, signin
from transfer import urls as transfer_urls

# The second factor (allauth.mfa): the code asked between the password and the
# session, behind the lockout (people.views.mfa); allauth's pages that set it up,
# each behind Django's login_required, so that an anonymous visitor is sent to
# the sign-in page like everywhere else (allauth's own check would ask them to
# re-enter a password first). MFA_PASSKEY_LOGIN_ENABLED and MFA_TRUST_ENABLED
# are off: no passkey sign-in, no trusted browser.
second_factor = [
    path("", login_required(mfa_views.index), name="mfa_index"),
    path("authenticate/", mfa.mfa_authenticate, name="mfa_authenticate"),
    path("reauthenticate/", login_required(mfa_views.reauthenticate), name="mfa_reauthenticate"),
    path("totp/activate/", login_required(totp_views.activate_totp), name="mfa_activate_totp"),
    path("totp/deactivate/", login_required(totp_views.deactivate_totp), name="mfa_deactivate_totp"),
    path("recovery-codes/", login_required(recovery_code_views.view_recovery_codes), name="mfa_view_recovery_codes"),
    path(
        "recovery-codes/generate/",
        login_required(recovery_code_views.generate_recovery_codes),
        name="mfa_generate_recovery_codes",
    ),
    path(
        "recovery-codes/download/",
        login_required(recovery_code_views.download_recovery_codes),
        name="mfa_download_recovery_codes",
    ),
    path("webauthn/", login_required(webauthn_views.list_webauthn), name="mfa_list_webauthn"),
    path("webauthn/add/", login_required(webauthn_views.add_webauthn), name="mfa_add_webauthn"),
    path(
        "webauthn/reauthenticate/",
        login_required(webauthn_views.reauthenticate_webauthn),
        name="mfa_reauthenticate_webauthn",
    ),
    path("webauthn/keys/<int:pk>/remove/", login_required(webauthn_views.remove_webauthn), name="mfa_remove_webauthn"),
    path("webauthn/keys/<int:pk>/edit/", login_required(webauthn_views.edit_webauthn), name="mfa_edit_webauthn"),
]

# The names allauth's views and templates reverse, given to labsite's own pages.
allauth_names = [
    path("login/", signin.SignInView.as_view(), name="account_login"),
    path("logout/", signin.sign_out, name="account_logout"),
]

accounts = [
    path("login/", signin.SignInView.as_view(), name="login"),
    path("logout/", signin.sign_out, name="logout"),
    path("inactive/", signin.account_inactive, name="account_inactive"),
    # Single sign-on: the button posts to the login URL; the provider sends the
    # person back to SITE_URL + /accounts/oidc/<id>/callback/ (people.identity).
    path("oidc/<slug:provider_id>/login/", signin.sign_on_start, name="openid_connect_login"),
    path("oidc/<slug:provider_id>/callback/", signin.sign_on_callback, name="openid_connect_callback"),
    # The second factor: authenticate, set up, recovery codes, security keys.
    path("2fa/", include(second_factor)),
    path("reauthenticate/", allauth_views.reauthenticate, name="account_reauthenticate"),
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
    path("search/", labsite_api.search, name="search"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]

# Under /api/, a 404 is JSON even where no route matched.
handler404 = "core.api.exceptions.page_not_found"
handler403 = "core.access.permission_denied"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", search_views.search, name="search"),
    path("search/suggest/", search_views.search_suggest, name="search-suggest"),
    path("", include("people.urls")),
    path("", include("projects.urls")),
    path("", include((transfer, transfer_urls.app_name))),
    path("", include("notifications.urls")),
    path("accounts/", include(accounts)),
    path("accounts/", include(allauth_names)),
    path("language/", people_views.set_language, name="set-language"),
    path("api/", include((api, "api"), namespace="api")),
    path("admin/", admin.site.urls),
    # For operators' probes and Prometheus: no sign-in (core/health.py, core/metrics.py).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
]
