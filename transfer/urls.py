from django.urls import path

from transfer import views
from transfer.views.calendar import agreement_ics

app_name = "transfer"

urlpatterns = [
    path("transfer/", views.board, name="board"),
    path("transfer/innovations/", views.innovation_list_view, name="innovation-list"),
    path("transfer/innovations/export/", views.innovation_export, name="innovation-export"),
    path("transfer/innovations/new/", views.innovation_create_view, name="innovation-create"),
    path("transfer/innovations/<int:pk>/", views.innovation_detail, name="innovation-detail"),
    path("transfer/innovations/<int:pk>/access/", views.innovation_access, name="innovation-access"),
    path("transfer/innovations/<int:pk>/edit/", views.innovation_update_view, name="innovation-update"),
    path("transfer/innovations/<int:pk>/move/", views.innovation_move_view, name="innovation-move"),
    path("transfer/innovations/<int:pk>/agreements/new/", views.agreement_create_view, name="agreement-create"),
    path("transfer/innovations/<int:pk>/deployments/new/", views.deployment_create_view, name="deployment-create"),
    path("transfer/deployments/<int:pk>/edit/", views.deployment_update_view, name="deployment-update"),
    path("transfer/agreements/", views.agreement_list_view, name="agreement-list"),
    path("transfer/agreements/<int:pk>/", views.agreement_detail, name="agreement-detail"),
    path("transfer/agreements/<int:pk>/calendar.ics", agreement_ics, name="agreement-ics"),
    path("transfer/agreements/<int:pk>/access/", views.agreement_access, name="agreement-access"),
    path("transfer/agreements/<int:pk>/edit/", views.agreement_update_view, name="agreement-update"),
    path("transfer/partners/", views.partner_list_view, name="partner-list"),
    path("transfer/partners/suggest/", views.partner_suggest, name="partner-suggest"),
    path("transfer/partners/new/", views.partner_create_view, name="partner-create"),
    path("transfer/partners/<int:pk>/", views.partner_detail, name="partner-detail"),
    path("transfer/partners/<int:pk>/edit/", views.partner_update_view, name="partner-update"),
]
