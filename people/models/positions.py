"""Host positions and secondments: one workflow for both.

A host position brings an AP-HP professional (from their department) into an
Inria project-team; a secondment sends Inria staff (from their team) into an
AP-HP department. Either way one team and one department are involved, and
their leader and head endorse, in either order, before direction decides.
"""

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Exists, ExpressionWrapper, F, Q, Value
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from people.models.units import Department, Team

TIME_SHARES = list(range(10, 101, 10))


class PositionKind(models.TextChoices):
    HOST = "host", _("host position")
    SECONDMENT = "secondment", _("secondment")


class PositionStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    ENDORSED = "endorsed", _("endorsed")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")
    # Sent back by an approver: the applicant edits it and submits it again.
    CHANGES_REQUESTED = "changes_requested", _("changes requested")


PENDING_STATUSES = (PositionStatus.SUBMITTED, PositionStatus.ENDORSED)
PENDING = Q(status__in=PENDING_STATUSES)
FINAL_STATUSES = (PositionStatus.APPROVED, PositionStatus.REJECTED, PositionStatus.WITHDRAWN)
# What counts toward a person's time shares: approved, or on its way.
COMMITTED_STATUSES = (PositionStatus.SUBMITTED, PositionStatus.ENDORSED, PositionStatus.APPROVED)
# What its applicant may still edit and submit.
EDITABLE_STATUSES = (PositionStatus.DRAFT, PositionStatus.CHANGES_REQUESTED)


class Step(models.TextChoices):
    TEAM = "team", _("team leader")
    DEPARTMENT = "department", _("department head")
    FINAL = "final", _("direction")


# The column of ``Position`` telling whether each endorsement is decided.
DECIDED_FIELDS = {Step.TEAM: "team_decided", Step.DEPARTMENT: "department_decided"}
# And whether it goes to direction (``Position.team_routed``): what decides it.
ROUTED_FIELDS = {Step.TEAM: "team_routed", Step.DEPARTMENT: "department_routed"}
# What the routing (and ``awaits_direction``) of a request follow from, on its row.
ROUTING_INPUTS = frozenset(
    {"status", "team", "team_id", "department", "department_id", "applicant", "applicant_id", *DECIDED_FIELDS.values()}
)

# What waits on direction's decision (``Approvers.principals`` in SQL): an
# endorsed request, or a submitted one with an endorsement routed to direction
# and not yet given. Operations take those steps only when direction is the
# applicant alone (``people.workflow.awaiting``). Kept in ``awaits_direction``,
# which a constraint holds to it.
AWAITS_DIRECTION = Q(status=PositionStatus.ENDORSED) | Q(status=PositionStatus.SUBMITTED) & (
    Q(team_routed=True, team_decided=False) | Q(department_routed=True, department_decided=False)
)
DIRECTION = Q(awaits_direction=True)


def routed(step: Step, *, applicant_id: Any, team_id: Any = None, department_id: Any = None) -> ExpressionWrapper:
    """Whether ``step`` goes to direction, as SQL: its unit has no active head
    other than the applicant (``Approvers.principals``). The ids are values
    (one request being written) or ``OuterRef``s (``positions_reroute``)."""
    if step == Step.TEAM:
        heads = Team.objects.filter(pk=team_id, leader__is_active=True).exclude(leader_id=applicant_id)
    else:
        heads = Department.objects.filter(pk=department_id, head__is_active=True).exclude(head_id=applicant_id)
    return ExpressionWrapper(~Exists(heads), output_field=models.BooleanField())


def awaiting_direction(routing: dict[str, Any], **decided: Any) -> ExpressionWrapper:
    """``AWAITS_DIRECTION`` of a submitted request whose routing is being
    written (``routing``: the expressions of ``routed`` by field), with
    ``decided`` its endorsements given (values, or ``F`` of its own columns)."""
    steps = []
    for step, field in ROUTED_FIELDS.items():
        given = decided[DECIDED_FIELDS[step]]
        if given is not True:
            steps.append(
                Q(routing[field]) if given is False else Q(routing[field]) & Q(**{DECIDED_FIELDS[step]: False})
            )
    condition = Q(*steps, _connector=Q.OR) if steps else Q(Value(False))
    return ExpressionWrapper(condition, output_field=models.BooleanField())


class Call(models.Model):
    """A campaign for host positions or secondments, open between two dates."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    # What ``core.search`` searches: title, description. Computed by a PostgreSQL
    # trigger on every write (people/migrations/0015), whatever Django writes.
    search_document = SearchVectorField(editable=False, null=True)

    class Meta:
        verbose_name = _("call for applications")
        verbose_name_plural = _("calls for applications")
        ordering = ["-opens_on", "title"]
        indexes = [GinIndex(fields=["search_document"], name="call_search_document")]
        constraints = [
            models.CheckConstraint(name="call_closes_after_opening", condition=Q(closes_on__gte=F("opens_on")))
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, today: date) -> bool:
        return self.opens_on <= today <= self.closes_on


class Chair(models.Model):
    """A joint research chair."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    holders = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("holders"), related_name="chairs")
    co_funders = models.JSONField(_("co-funding institutions"), default=list, blank=True)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    # What ``core.search`` searches: title, description. Computed by a PostgreSQL
    # trigger on every write (people/migrations/0016), whatever Django writes.
    search_document = SearchVectorField(editable=False, null=True)

    class Meta:
        verbose_name = _("research chair")
        verbose_name_plural = _("research chairs")
        ordering = ["-start_date", "title"]
        indexes = [GinIndex(fields=["search_document"], name="chair_search_document")]
        constraints = [models.CheckConstraint(name="chair_ends_after_start", condition=Q(end_date__gt=F("start_date")))]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("people:chair-detail", args=[self.pk])


class Position(models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=PositionKind.choices)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("applicant"), on_delete=models.PROTECT, related_name="positions"
    )
    team = models.ForeignKey(
        "people.Team", verbose_name=_("project-team"), on_delete=models.PROTECT, related_name="positions"
    )
    department = models.ForeignKey(
        "people.Department", verbose_name=_("department"), on_delete=models.PROTECT, related_name="positions"
    )
    time_share = models.PositiveSmallIntegerField(_("time share (%)"), choices=[(s, f"{s} %") for s in TIME_SHARES])
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    topic = models.CharField(_("research topic"), max_length=300)
    justification = models.TextField(_("justification"), blank=True)
    call = models.ForeignKey(
        Call, verbose_name=_("call"), null=True, blank=True, on_delete=models.PROTECT, related_name="positions"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PositionStatus.choices, default=PositionStatus.DRAFT, db_index=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # When the request started waiting on its current step(s): the age shown to approvers.
    waiting_since = models.DateTimeField(_("waiting since"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Whether each endorsement has its decision, set by ``position_decide`` with the
    # decision itself: the lists of requests awaiting someone read them on the row
    # instead of looking for a decision of each step of each request.
    team_decided = models.BooleanField(_("team step decided"), default=False, db_default=False, editable=False)
    department_decided = models.BooleanField(
        _("department step decided"), default=False, db_default=False, editable=False
    )
    # Which round of endorsements is under way: sending a request back for
    # changes starts the next one (its decisions stay, under their round).
    round = models.PositiveSmallIntegerField(_("round"), default=1, db_default=1, editable=False)
    # Whether each endorsement goes to direction rather than to its unit's head
    # (the unit has no active head, or the applicant heads it: SPEC §4), kept on
    # the row by ``save``, and by ``positions_reroute`` when a unit's head changes
    # or a head's account is (de)activated (the services; nightly, whatever
    # changed behind them). ``awaits_direction`` follows from
    # them and from the status: what direction has to decide, read from one
    # small index instead of testing every open request against its units.
    team_routed = models.BooleanField(
        _("team step routed to direction"), default=False, db_default=False, editable=False
    )
    department_routed = models.BooleanField(
        _("department step routed to direction"), default=False, db_default=False, editable=False
    )
    awaits_direction = models.BooleanField(_("awaits direction"), default=False, db_default=False, editable=False)
    # What ``core.search`` searches: the applicant's names and username, the topic,
    # the team's acronym and name, the department's name; never the justification.
    # Computed by PostgreSQL's triggers (people/migrations/0014), whatever Django
    # writes, and again when the applicant or a unit is renamed.
    search_document = SearchVectorField(editable=False, null=True)

    class Meta:
        verbose_name = _("host position or secondment")
        verbose_name_plural = _("host positions and secondments")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(name="position_share_in_tens", condition=Q(time_share__in=TIME_SHARES)),
            models.CheckConstraint(name="position_ends_after_start", condition=Q(end_date__gt=F("start_date"))),
            # A draft, or a request sent back for changes, has no endorsement (of its
            # round) yet; an endorsed or approved request has both.
            models.CheckConstraint(
                name="position_endorsements_follow_status",
                condition=(
                    ~Q(status__in=[PositionStatus.DRAFT, PositionStatus.CHANGES_REQUESTED])
                    | Q(team_decided=False, department_decided=False)
                )
                & (
                    ~Q(status__in=[PositionStatus.ENDORSED, PositionStatus.APPROVED])
                    | Q(team_decided=True, department_decided=True)
                ),
            ),
            # What awaits direction, kept on the row for its indexes, is what the
            # row says (whether its units route it is ``positions_misrouted``'s).
            models.CheckConstraint(
                name="position_awaits_direction_follows_its_row",
                condition=Q(awaits_direction=True) & AWAITS_DIRECTION | Q(awaits_direction=False) & ~AWAITS_DIRECTION,
            ),
        ]
        indexes = [
            GinIndex(fields=["search_document"], name="position_search_document"),
            models.Index(fields=["applicant", "status"]),
            models.Index(fields=["kind", "status"]),
            # The lists' orders (the model's, and the awaiting tab's and dashboard's,
            # oldest first), with and without the kind each list is of: a page reads
            # its rows in order from the index and stops, instead of sorting the table.
            models.Index(fields=["-created_at", "-id"], name="position_created_idx"),
            models.Index(fields=["kind", "-created_at", "-id"], name="position_kind_created_idx"),
            models.Index(fields=["waiting_since", "id"], name="position_waiting_idx"),
            models.Index(fields=["kind", "waiting_since", "id"], name="position_kind_waiting_idx"),
            # The same orders over the requests waiting on a decision only: the
            # awaiting tab, the dashboard and the digests (oldest first), the API's
            # ``awaiting_me`` (newest first), and their counts.
            models.Index(fields=["waiting_since", "id"], name="position_pending_waiting_idx", condition=PENDING),
            models.Index(fields=["kind", "waiting_since", "id"], name="position_pending_kind_idx", condition=PENDING),
            models.Index(fields=["kind", "-created_at", "-id"], name="position_pending_created_idx", condition=PENDING),
            # And over what awaits direction: direction's awaiting lists, and their
            # counts read from the index alone (the applicant ends each key: nobody
            # decides their own request).
            models.Index(
                fields=["waiting_since", "id", "applicant"], name="position_direction_waiting_idx", condition=DIRECTION
            ),
            models.Index(
                fields=["kind", "waiting_since", "id", "applicant"],
                name="position_direction_kind_idx",
                condition=DIRECTION,
            ),
            models.Index(
                fields=["kind", "-created_at", "-id", "applicant"],
                name="position_direction_created_idx",
                condition=DIRECTION,
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()} — {self.applicant}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Routes the endorsements as the request is written (in the same
        statement, its values returned with it)."""
        update_fields = kwargs.get("update_fields")
        if update_fields is None or ROUTING_INPUTS.intersection(update_fields):
            routing = {
                "team_routed": routed(Step.TEAM, team_id=self.team_id, applicant_id=self.applicant_id),
                "department_routed": routed(
                    Step.DEPARTMENT, department_id=self.department_id, applicant_id=self.applicant_id
                ),
            }
            self.team_routed, self.department_routed = routing["team_routed"], routing["department_routed"]
            if self.status == PositionStatus.ENDORSED:
                self.awaits_direction = True
            elif self.status == PositionStatus.SUBMITTED:
                decided = {field: bool(getattr(self, field)) for field in DECIDED_FIELDS.values()}
                self.awaits_direction = awaiting_direction(routing, **decided)
            else:
                self.awaits_direction = False
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, *routing, "awaits_direction"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        name = "hostposition-detail" if self.kind == PositionKind.HOST else "secondment-detail"
        return reverse(f"people:{name}", args=[self.pk])

    @property
    def host_unit(self) -> object:
        return self.team if self.kind == PositionKind.HOST else self.department

    @property
    def home_unit(self) -> object:
        return self.department if self.kind == PositionKind.HOST else self.team

    def phase(self, today: date) -> str:
        """For an approved position: upcoming, active or ended, from its dates."""
        if self.status != PositionStatus.APPROVED:
            return ""
        if today < self.start_date:
            return "upcoming"
        return "active" if today <= self.end_date else "ended"


class Decision(models.Model):
    """One decided step of a request, in a round of endorsements. At most one per
    step and round: the constraint is the last guard against two approvers
    clicking at once. A request sent back for changes starts a new round; the
    decisions of the earlier ones stay, as its history."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        CHANGES_REQUESTED = "changes_requested", _("changes requested")

    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="decisions")
    step = models.CharField(_("step"), max_length=10, choices=Step.choices)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    round = models.PositiveSmallIntegerField(_("round"), default=1, db_default=1)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT, related_name="+"
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("on behalf of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["decided_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["position", "round", "step"], name="decision_one_per_step_and_round")
        ]

    def __str__(self) -> str:
        return f"{self.position_id} {self.step} {self.outcome}"


class Delegation(models.Model):
    """An approver hands their approvals to another staff member for a date range
    (both days included)."""

    delegator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("delegator"),
        on_delete=models.CASCADE,
        related_name="delegations_given",
    )
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("delegate"),
        on_delete=models.CASCADE,
        related_name="delegations_received",
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(name="delegation_ends_after_start", condition=Q(ends_on__gte=F("starts_on"))),
            models.CheckConstraint(name="delegation_to_someone_else", condition=~Q(delegate=F("delegator"))),
        ]

    def __str__(self) -> str:
        return f"{self.delegator} → {self.delegate} ({self.starts_on} – {self.ends_on})"

    def is_active(self, today: date) -> bool:
        return self.starts_on <= today <= self.ends_on


class PositionUserObjectPermission(UserObjectPermissionBase):
    """django-guardian's per-object grants on requests, with a real foreign key."""

    content_object = models.ForeignKey(Position, on_delete=models.CASCADE)


class PositionGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Position, on_delete=models.CASCADE)
