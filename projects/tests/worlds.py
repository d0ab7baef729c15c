"""The projects the projects/ tests share (a helper module, not a test module).

``build_projects``:
- ``open``: not confidential; ``teamlead`` leads it, ``partner`` is a member;
- ``secret``: confidential; ``researcher`` leads it, ``clinician`` is a member;
- ``other``: not confidential; ``teamlead2`` leads it.
Each has a milestone, a draft and a submitted data-access request.
"""

from datetime import timedelta

from django.utils import timezone

from people.models import User
from projects import services
from projects.models import Project


def build_projects(users: dict[str, User]) -> dict[str, Project]:
    today = timezone.localdate()
    leads = {"open": "teamlead", "secret": "researcher", "other": "teamlead2"}
    members = {"open": "partner", "secret": "clinician"}
    projects = {}
    for key, lead in leads.items():
        project = services.project_create(
            by=users[lead],
            acronym=key.upper(),
            title=f"Heart failure {key} prediction",
            summary="Predicting decompensation from wearable signals.",
            clinical_domain="cardiology",
            status="active",
            confidential=key == "secret",
            methods=["machine learning"],
        )
        if key in members:
            services.member_add(project=project, by=users[lead], user=users[members[key]])
        services.milestone_create(project=project, by=users[lead], title="Cohort", due_date=today + timedelta(days=7))
        for _n in range(2):
            services.data_request_create(
                project=project,
                by=users[lead],
                route="committee",
                perimeter="Adults, 2020-2024",
                categories=["biology"],
            )
        services.data_request_submit(request=project.data_requests.order_by("pk").last(), by=users[lead])
        projects[key] = project
    return projects
