from django.urls import path

from projects import views

app_name = "projects"

urlpatterns = [
    path("projects/", views.project_list_view, name="project-list"),
    path("projects/suggest/", views.project_suggest, name="project-suggest"),
    path("projects/export/", views.project_export, name="project-export"),
    path("projects/new/", views.project_create_view, name="project-create"),
    path("projects/<int:pk>/", views.project_detail, name="project-detail"),
    path("projects/<int:pk>/edit/", views.project_update_view, name="project-update"),
    path("projects/<int:pk>/access/", views.project_access, name="project-access"),
    path("projects/<int:pk>/members/", views.project_members, name="project-members"),
    path("projects/<int:pk>/members/add/", views.member_add_view, name="project-member-add"),
    path("projects/<int:pk>/members/remove/", views.member_remove_view, name="project-member-remove"),
    path("projects/<int:pk>/members/role/", views.member_role_view, name="project-member-role"),
    path("projects/<int:pk>/milestones/new/", views.milestone_create_view, name="milestone-create"),
    path("projects/milestones/<int:pk>/calendar.ics", views.milestone_ics, name="milestone-ics"),
    path("projects/milestones/<int:pk>/done/", views.milestone_done_view, {"done": True}, name="milestone-done"),
    path("projects/milestones/<int:pk>/undone/", views.milestone_done_view, {"done": False}, name="milestone-undone"),
    path("projects/<int:pk>/data-requests/new/", views.data_request_create_view, name="datarequest-create"),
    path("projects/data-requests/<int:pk>/submit/", views.data_request_submit_view, name="datarequest-submit"),
    path("projects/data-requests/<int:pk>/decide/", views.data_request_decide_view, name="datarequest-decide"),
    path("projects/data-requests/<int:pk>/attachments/", views.data_request_attach_view, name="datarequest-attach"),
    path(
        "projects/data-requests/<int:pk>/attachments/<int:attachment_id>/remove/",
        views.data_request_detach_view,
        name="datarequest-detach",
    ),
    path(
        "projects/data-requests/attachments/<int:pk>/",
        views.data_request_attachment,
        name="datarequest-attachment",
    ),
]
