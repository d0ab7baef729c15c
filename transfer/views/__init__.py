"""The transfer pages: the board of innovations by stage, the list with its
search and export, an innovation with its agreements, deployments and history,
partners, agreements, and the forms of the transfer office.

Every read goes through transfer.selectors and every change through
transfer.services. A record the user cannot see answers 404; one they see but
may not change (the transfer office does) answers 403.
"""

from transfer.views.access import agreement_access, innovation_access
from transfer.views.innovations import (
    board,
    innovation_create_view,
    innovation_detail,
    innovation_export,
    innovation_list_view,
    innovation_move_view,
    innovation_update_view,
)
from transfer.views.records import (
    agreement_create_view,
    agreement_detail,
    agreement_list_view,
    agreement_update_view,
    deployment_create_view,
    deployment_update_view,
    partner_create_view,
    partner_detail,
    partner_list_view,
    partner_suggest,
    partner_update_view,
)

__all__ = [
    "agreement_access",
    "agreement_create_view",
    "agreement_detail",
    "agreement_list_view",
    "agreement_update_view",
    "board",
    "deployment_create_view",
    "deployment_update_view",
    "innovation_access",
    "innovation_create_view",
    "innovation_detail",
    "innovation_export",
    "innovation_list_view",
    "innovation_move_view",
    "innovation_update_view",
    "partner_create_view",
    "partner_detail",
    "partner_list_view",
    "partner_suggest",
    "partner_update_view",
]
