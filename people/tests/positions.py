"""Helpers of the host-position and secondment tests: requests made through
the services, with the demo personas.

The demo units: CARDIOSIM (led by teamlead; researcher), NEUROLEARN (teamlead2),
PULSAR (no leader; director, ops, transfer); Cardiologie (headed by depthead;
clinician), Neuroradiologie (depthead2; clinician2), Réanimation médicale (no head).
"""

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from people.models import Department, Position, PositionKind, Team, User
from people.services import position_create, position_decide, position_submit


def today() -> date:
    return timezone.localdate()


def team(acronym: str) -> Team:
    return Team.objects.get(acronym=acronym)


def department(name: str) -> Department:
    return Department.objects.get(name=name)


def host(
    applicant: User,
    host_team: str = "NEUROLEARN",
    *,
    share: int = 50,
    start: date | None = None,
    days: int = 365,
    **fields: Any,
) -> Position:
    """A draft host position of ``applicant`` (AP-HP) into ``host_team``."""
    start = start or today() + timedelta(days=30)
    return position_create(
        kind=PositionKind.HOST,
        applicant=applicant,
        team=team(host_team),
        time_share=share,
        start_date=start,
        end_date=start + timedelta(days=days),
        topic=fields.pop("topic", "Deep learning for echocardiography"),
        **fields,
    )


def secondment(
    applicant: User,
    host_department: str = "Neuroradiologie",
    *,
    share: int = 50,
    start: date | None = None,
    days: int = 365,
    **fields: Any,
) -> Position:
    """A draft secondment of ``applicant`` (Inria or academic staff) into ``host_department``."""
    start = start or today() + timedelta(days=30)
    return position_create(
        kind=PositionKind.SECONDMENT,
        applicant=applicant,
        department=department(host_department),
        time_share=share,
        start_date=start,
        end_date=start + timedelta(days=days),
        topic=fields.pop("topic", "Brain MRI segmentation"),
        **fields,
    )


def submit(position: Position, **kwargs: Any) -> Position:
    return position_submit(position=position, by=position.applicant, **kwargs)


def approve(position: Position, *approvers: User, **kwargs: Any) -> Position:
    for approver in approvers:
        position = position_decide(position=position, by=approver, approve=True, **kwargs)
    return position


def reject(position: Position, by: User, reason: str = "Not this year.", **kwargs: Any) -> Position:
    return position_decide(position=position, by=by, approve=False, comment=reason, **kwargs)


def reloaded(position: Position) -> Position:
    return Position.objects.get(pk=position.pk)
