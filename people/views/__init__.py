"""The people app's pages: accounts and the directory, host positions and
secondments, delegations, calls and chairs."""

from people.views.access import person_access, position_access
from people.views.accounts import (
    PasswordChangeView,
    PasswordResetConfirmView,
    PasswordResetView,
    me,
    me_personal_data,
    me_personal_data_download,
    person_detail,
    person_list_view,
    person_suggest,
    set_language,
)
from people.views.attachments import position_attach_view, position_attachment, position_detach_view
from people.views.calls import call_detail, call_list_view, chair_detail, chair_list_view
from people.views.delegations import delegation_end_view, delegation_list_view
from people.views.directory import directory_import_apply_view, directory_import_view
from people.views.mfa import person_mfa_reset
from people.views.positions import (
    position_bulk_approve_view,
    position_create_view,
    position_decide_view,
    position_detail,
    position_export,
    position_list_view,
    position_next_view,
    position_request_changes_view,
    position_submit_view,
    position_update_view,
    position_withdraw_view,
)

__all__ = [
    "PasswordChangeView",
    "PasswordResetConfirmView",
    "PasswordResetView",
    "call_detail",
    "call_list_view",
    "chair_detail",
    "chair_list_view",
    "delegation_end_view",
    "delegation_list_view",
    "directory_import_apply_view",
    "directory_import_view",
    "me",
    "me_personal_data",
    "me_personal_data_download",
    "person_access",
    "person_detail",
    "person_list_view",
    "person_mfa_reset",
    "person_suggest",
    "position_access",
    "position_attach_view",
    "position_attachment",
    "position_bulk_approve_view",
    "position_create_view",
    "position_decide_view",
    "position_detach_view",
    "position_detail",
    "position_export",
    "position_list_view",
    "position_next_view",
    "position_request_changes_view",
    "position_submit_view",
    "position_update_view",
    "position_withdraw_view",
    "set_language",
]
