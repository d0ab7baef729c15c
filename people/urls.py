from django.urls import path

from people import views
from people.models import PositionKind
from people.views import pending
from people.views.calendar import call_ics, chair_ics, delegation_ics, position_ics

app_name = "people"


def _position_urls(prefix: str, name: str, kind: str) -> list:
    """The same pages for host positions and secondments, under their own addresses and names."""
    k = {"kind": kind}
    return [
        path(f"{prefix}/", views.position_list_view, k, name=f"{name}-list"),
        path(f"{prefix}/new/", views.position_create_view, k, name=f"{name}-create"),
        path(f"{prefix}/export/", views.position_export, k, name=f"{name}-export"),
        path(f"{prefix}/next/", views.position_next_view, k, name=f"{name}-next"),
        path(f"{prefix}/approve/", views.position_bulk_approve_view, k, name=f"{name}-bulk-approve"),
        path(f"{prefix}/<int:pk>/", views.position_detail, k, name=f"{name}-detail"),
        path(f"{prefix}/<int:pk>/edit/", views.position_update_view, k, name=f"{name}-update"),
        path(f"{prefix}/<int:pk>/calendar.ics", position_ics, k, name=f"{name}-ics"),
        path(f"{prefix}/<int:pk>/access/", views.position_access, k, name=f"{name}-access"),
        path(f"{prefix}/<int:pk>/submit/", views.position_submit_view, k, name=f"{name}-submit"),
        path(f"{prefix}/<int:pk>/approve/", views.position_decide_view, {**k, "approve": True}, name=f"{name}-approve"),
        path(f"{prefix}/<int:pk>/reject/", views.position_decide_view, {**k, "approve": False}, name=f"{name}-reject"),
        path(
            f"{prefix}/<int:pk>/request-changes/",
            views.position_request_changes_view,
            k,
            name=f"{name}-request-changes",
        ),
        path(f"{prefix}/<int:pk>/withdraw/", views.position_withdraw_view, k, name=f"{name}-withdraw"),
        path(f"{prefix}/<int:pk>/attachments/", views.position_attach_view, k, name=f"{name}-attach"),
        path(
            f"{prefix}/<int:pk>/attachments/<int:attachment_id>/remove/",
            views.position_detach_view,
            k,
            name=f"{name}-detach",
        ),
    ]


urlpatterns = [
    path("people/", views.person_list_view, name="person-list"),
    path("people/suggest/", views.person_suggest, name="person-suggest"),
    path("people/<int:pk>/", views.person_detail, name="person-detail"),
    path("people/<int:pk>/access/", views.person_access, name="person-access"),
    path("people/directory/import/", views.directory_import_view, name="directory-import"),
    path("people/directory/import/apply/", views.directory_import_apply_view, name="directory-import-apply"),
    path("people/<int:pk>/second-factor/reset/", views.person_mfa_reset, name="person-mfa-reset"),
    path("people/pending/", pending.pending_list, name="pending-list"),
    path("people/pending/<int:pk>/activate/", pending.pending_activate, name="pending-activate"),
    path("people/pending/<int:pk>/refuse/", pending.pending_refuse, name="pending-refuse"),
    path("me/", views.me, name="me"),
    path("me/personal-data/", views.me_personal_data, name="me-personal-data"),
    path("me/personal-data/download/", views.me_personal_data_download, name="me-personal-data-download"),
    *_position_urls("host-positions", "hostposition", PositionKind.HOST),
    *_position_urls("secondments", "secondment", PositionKind.SECONDMENT),
    path("attachments/<int:pk>/", views.position_attachment, name="position-attachment"),
    path("delegations/", views.delegation_list_view, name="delegation-list"),
    path("delegations/<int:pk>/end/", views.delegation_end_view, name="delegation-end"),
    path("delegations/<int:pk>/calendar.ics", delegation_ics, name="delegation-ics"),
    path("calls/", views.call_list_view, name="call-list"),
    path("calls/<int:pk>/", views.call_detail, name="call-detail"),
    path("calls/<int:pk>/calendar.ics", call_ics, name="call-ics"),
    path("chairs/", views.chair_list_view, name="chair-list"),
    path("chairs/<int:pk>/", views.chair_detail, name="chair-detail"),
    path("chairs/<int:pk>/calendar.ics", chair_ics, name="chair-ics"),
]
