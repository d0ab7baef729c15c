"""Who sees a transfer record, and why (SPEC §3): the rules of innovations,
agreements and deployments as named clauses (``core.explain``), as
``projects.access`` does for projects. ``transfer.selectors`` filters with
their ``OR``; "why can I see this?" evaluates them on one record for its
viewer; "who can see this?" lists the people each one lets in.

An agreement's and a deployment's clauses are their innovation's, read through
the relation (``innovation_id IN`` the innovations the clause lets one see, the
SQL the selectors always wrote), a partner account's narrowed to its own
company's agreements."""

from collections.abc import Callable
from typing import Any, cast

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.lookups import Exact
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.explain import Clause, Reason, Viewer, explain, in_name_order, reasons_of, viewers, visible_filter
from people.access import administrator, administrators, in_group
from people.models import Institution, User
from people.roles import Role, is_partner
from projects.models import Membership
from transfer.models import Agreement, Deployment, Innovation

type Record = Innovation | Agreement | Deployment


def _staff(user: User) -> bool:
    return bool(user.is_active and not is_partner(user))


def _through_project(user: User) -> Q | None:
    """Staff see an innovation through a membership of its project: a lead's if
    it is confidential. One semi-join on the user's memberships: as two OR'd
    subqueries (one per reason), PostgreSQL tested every innovation."""
    if not _staff(user):
        return None
    fitting = Q(role=Membership.Role.LEAD) | Exact(OuterRef("confidential"), False)
    return Q(Exists(Membership.objects.filter(fitting, project=OuterRef("project"), user_id=user.pk)))


def _project_people(innovation: Innovation) -> Q | None:
    if innovation.project_id is None:
        return None
    memberships = Q(project_memberships__project_id=innovation.project_id)
    if innovation.confidential:
        memberships &= Q(project_memberships__role=Membership.Role.LEAD)
    return Q(is_active=True) & ~Q(institution=Institution.PARTNER) & memberships


def _project_sentence(innovation: Innovation, read: dict[str, Any]) -> str | Promise:
    project = {"project": read.get("project_acronym") or ""}
    if read.get("my_role") == Membership.Role.LEAD:
        return _("You lead %(project)s, the innovation's project.") % project
    return _("You are a member of %(project)s, the innovation's project, and the innovation is not confidential.") % (
        project
    )


def _party(user: User) -> Q | None:
    """A partner account sees the non-confidential innovations its company has an agreement on."""
    if not (user.is_active and is_partner(user)):
        return None
    party = Agreement.objects.filter(partner_id=user.company_id).values("innovation_id")
    return Q(confidential=False, pk__in=party)


def _party_people(innovation: Innovation) -> Q | None:
    if innovation.confidential:
        return None
    return Q(is_active=True, institution=Institution.PARTNER, company__agreements__innovation=innovation)


DIRECTION = Clause[Innovation](
    "direction",
    *in_group(Role.DIRECTION),
    lambda record, read: _("Direction sees every transfer record, and you are in it."),
)
OPERATIONS = Clause[Innovation](
    "operations",
    *in_group(Role.OPERATIONS),
    lambda record, read: _("Operations see every transfer record, and you are in it."),
)
ADMINISTRATOR = Clause[Innovation](
    "administrator",
    administrator,
    administrators,
    lambda record, read: _("You administer labsite, which sees every transfer record."),
)
TRANSFER_OFFICER = Clause[Innovation](
    "transfer_officer",
    *in_group(Role.TRANSFER_OFFICER),
    lambda record, read: _("The transfer office sees every transfer record, and you are in it."),
)
PROJECT = Clause[Innovation]("project", _through_project, _project_people, _project_sentence)
PARTY = Clause[Innovation](
    "partner",
    _party,
    _party_people,
    lambda record, read: _(
        "Your company is party to an agreement on the innovation, and the innovation is not confidential."
    ),
)

# In the order the selectors always read them: the roles that see everything,
# then staff's memberships, then a partner's agreements (only one of the last two
# ever applies to a person).
INNOVATION_CLAUSES = (DIRECTION, OPERATIONS, ADMINISTRATOR, TRANSFER_OFFICER, PROJECT, PARTY)
EVERYTHING = ("direction", "operations", "administrator", "transfer_officer")


def _through_innovation[M: Agreement | Deployment](
    clause: Clause[Innovation],
    *,
    mine: Callable[[User], Q] | None = None,
    my_people: Callable[[M], Q] | None = None,
    sentence: Callable[[M, dict[str, Any]], str | Promise] | None = None,
) -> Clause[M]:
    """``clause`` for a record that follows its innovation: the records of the
    innovations it lets one see (``mine``: and only those of theirs, with
    ``my_people`` the same for who sees one)."""

    def objects(user: User) -> Q | None:
        found = clause.objects(user)
        if found is None or not found:
            return found
        seen = Q(innovation__in=Innovation.objects.filter(found).values("pk"))
        return seen & mine(user) if mine is not None else seen

    def people(record: M) -> Q | None:
        found = clause.people(record.innovation)
        if found is None or my_people is None:
            return found
        return found & my_people(record)

    def said(record: M, read: dict[str, Any]) -> str | Promise:
        # The innovation's sentences say only what ``explain`` read (``why_visible``,
        # through the relation): its row is not read again.
        return clause.sentence(cast(Innovation, record), read)

    return Clause[M](clause.code, objects, people, sentence or said)


def _own_company(user: User) -> Q:
    return Q(partner_id=user.company_id)


def _own_company_people(agreement: Agreement) -> Q:
    return Q(company_id=agreement.partner_id)


def _agreement(clause: Clause[Innovation], **narrowed: Any) -> Clause[Agreement]:
    return _through_innovation(clause, **narrowed)


def _deployment(clause: Clause[Innovation]) -> Clause[Deployment]:
    return _through_innovation(clause)


AGREEMENT_CLAUSES = (
    *(_agreement(clause) for clause in INNOVATION_CLAUSES[:-1]),
    _agreement(
        PARTY,
        mine=_own_company,
        my_people=_own_company_people,
        sentence=lambda record, read: _(
            "Your company is party to this agreement, and its innovation is not confidential."
        ),
    ),
)
DEPLOYMENT_CLAUSES = tuple(_deployment(clause) for clause in INNOVATION_CLAUSES)

# Why a person is listed in "who can see this?", as its readers (the transfer
# office, direction and operations) are told it; a member's role is said apart.
LISTED = {
    "direction": _("direction"),
    "operations": _("operations"),
    "administrator": _("administrator"),
    "transfer_officer": _("transfer office"),
    "project": _("member of the innovation's project"),
    "partner": _("partner company party to an agreement"),
}


def innovation_rule(user: User) -> Q:
    """What ``innovation_list`` filters with."""
    return visible_filter(INNOVATION_CLAUSES, user)


def agreement_rule(user: User) -> Q:
    """What ``agreement_list`` filters with."""
    return visible_filter(AGREEMENT_CLAUSES, user)


def deployment_rule(user: User) -> Q:
    """What ``deployment_list`` filters with."""
    return visible_filter(DEPLOYMENT_CLAUSES, user)


def _clauses_of(record: Record) -> tuple[Clause[Any], ...]:
    if isinstance(record, Agreement):
        return AGREEMENT_CLAUSES
    if isinstance(record, Deployment):
        return DEPLOYMENT_CLAUSES
    return INNOVATION_CLAUSES


def _innovation_path(record: Record) -> str:
    """From the record's table to its innovation's columns ("" for an innovation)."""
    return "" if isinstance(record, Innovation) else "innovation__"


def why_visible(user: User, record: Record) -> list[Reason]:
    """Each reason ``user`` sees ``record`` (empty: they do not), in one query."""
    path = _innovation_path(record)
    role = Membership.objects.filter(project=OuterRef(f"{path}project"), user_id=user.pk).values("role")[:1]
    return explain(
        _clauses_of(record),
        type(record)._default_manager.all(),
        record,
        user,
        my_role=Subquery(role),
        project_acronym=F(f"{path}project__acronym"),
    )


def _innovation_of(record: Record) -> Innovation:
    return record if isinstance(record, Innovation) else record.innovation


def who_sees(record: Record) -> QuerySet[User]:
    """The people who see ``record``, in name order, each with the flags that
    ``viewer`` reads: one query, whatever their number (an agreement or a
    deployment with its innovation already read: the selectors' rows are)."""
    project_id = _innovation_of(record).project_id
    role = Membership.objects.filter(Q(project_id=project_id), user=OuterRef("pk")).values("role")[:1]
    return in_name_order(viewers(_clauses_of(record), record).annotate(project_role=Subquery(role)))


def viewer(person: User) -> Viewer:
    """A person of ``who_sees``, with their reasons and what they may do: only
    the transfer office edits transfer records."""
    role = person.project_role or ""  # type: ignore[attr-defined]  # who_sees' annotation
    project = _("lead of the innovation's project") if role == Membership.Role.LEAD else LISTED["project"]
    reasons = reasons_of(INNOVATION_CLAUSES, person, {**LISTED, "project": project})
    return Viewer(
        person=person,
        reasons=reasons,
        role=role,
        may_edit=bool(person.is_active and getattr(person, "sees_transfer_officer", False)),
    )
