"""Joint research projects: members, milestones, and requests for access to
the clinical data warehouse."""

import unicodedata
from typing import Any

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.attachments import AttachmentBase
from core.querysets import CountedByParts


class ClinicalDomain(models.TextChoices):
    CARDIOLOGY = "cardiology", _("Cardiology")
    PULMONOLOGY = "pulmonology", _("Pulmonology")
    NEUROLOGY = "neurology", _("Neurology")
    RADIOLOGY = "radiology", _("Radiology")
    HEPATOBILIARY_SURGERY = "hepatobiliary_surgery", _("Hepatobiliary surgery")
    ANAESTHESIA = "anaesthesia", _("Anaesthesia")
    INTENSIVE_CARE = "intensive_care", _("Intensive care")
    ONCOLOGY = "oncology", _("Oncology")
    OTHER = "other", _("Other")


class ProjectStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    ACTIVE = "active", _("active")
    COMPLETED = "completed", _("completed")
    STOPPED = "stopped", _("stopped")


class Method(models.Model):
    """A digital method, used as a tag on projects (machine learning, simulation, …)."""

    name = models.CharField(_("name"), max_length=80, unique=True)

    class Meta:
        verbose_name = _("digital method")
        verbose_name_plural = _("digital methods")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def acronym_key(acronym: str) -> str:
    """What two acronyms compare by: without case or accents (``Cœur`` and
    ``COEUR`` are one), so that look-alikes cannot pass for two projects."""
    decomposed = unicodedata.normalize("NFKD", acronym.strip())
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


class AcronymKeyField(models.CharField):
    """``acronym_key`` of the row's ``acronym``, set on every save, and by
    ``bulk_create`` too (both ask each field its value with ``pre_save``)."""

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        key = acronym_key(model_instance.acronym)  # type: ignore[attr-defined]
        setattr(model_instance, self.attname, key)
        return key


class Project(models.Model):
    """Identified by its id (every URL); its acronym is the name people use.

    Acronyms are unique among the projects a person sees (SPEC §3: no uniqueness
    check may hint at a project the caller cannot see). The database holds the
    part of that rule every creator sees, the non-confidential projects
    (``project_acronym_unique_when_open``); ``projects.services`` checks the rest
    among what the caller sees, so a confidential project's acronym answers as a
    free one to whoever may not see it, and may be given again."""

    acronym = models.CharField(_("acronym"), max_length=30)
    # What the uniqueness rule compares.
    acronym_key = AcronymKeyField(max_length=120, editable=False, db_index=True)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    clinical_domain = models.CharField(
        _("clinical domain"), max_length=24, choices=ClinicalDomain.choices, default=ClinicalDomain.OTHER
    )
    methods = models.ManyToManyField(Method, verbose_name=_("digital methods"), blank=True, related_name="projects")
    teams = models.ManyToManyField("people.Team", verbose_name=_("project-teams"), blank=True, related_name="projects")
    departments = models.ManyToManyField(
        "people.Department", verbose_name=_("departments"), blank=True, related_name="projects"
    )
    status = models.CharField(_("status"), max_length=10, choices=ProjectStatus.choices, default=ProjectStatus.PROPOSED)
    confidential = models.BooleanField(_("confidential"), default=False)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # What ``core.search`` searches: acronym and title, summary, method names.
    # Computed by PostgreSQL's triggers (projects/migrations/0005), whatever Django writes.
    search_document = SearchVectorField(editable=False, null=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        # The id settles ties between equal acronyms (confidential ones may repeat),
        # so that pages never overlap; ``project_acronym_idx`` serves the order.
        ordering = ["acronym", "id"]
        indexes = [
            GinIndex(fields=["search_document"], name="project_search_document"),
            models.Index(fields=["acronym", "id"], name="project_acronym_idx"),
            # A staff member's count (not confidential, or a member) read from this
            # small index alone (index-only), not from the whole table.
            models.Index(fields=["confidential", "id"], name="project_confidential_idx"),
        ]
        # Also, out of Meta (an expression index with pg_trgm operator classes, in raw SQL):
        # ``project_suggest_trgm``, a pg_trgm GIN index on ``UPPER(title)`` and ``acronym_key``
        # for a project field's suggestions (projects.forms: ``project_prefix``,
        # ``project_contains``), built by projects/0008.
        constraints = [
            models.CheckConstraint(
                name="project_ends_after_start",
                condition=Q(start_date__isnull=True) | Q(end_date__isnull=True) | Q(end_date__gt=F("start_date")),
            ),
            models.UniqueConstraint(
                fields=["acronym_key"],
                condition=Q(confidential=False),
                name="project_acronym_unique_when_open",
                violation_error_message=_("A project with this acronym already exists."),
            ),
        ]

    def __str__(self) -> str:
        return self.acronym

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "acronym" in update_fields:
            kwargs["update_fields"] = {*update_fields, "acronym_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("projects:project-detail", args=[self.pk])

    def clean(self) -> None:
        # ``full_clean`` validates the constraints after ``clean``: the key must be current by then.
        self.acronym_key = acronym_key(self.acronym)


class Membership(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("lead")
        MEMBER = "member", _("member")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_memberships")
    role = models.CharField(_("role"), max_length=6, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("project member")
        verbose_name_plural = _("project members")
        ordering = ["role", "user__last_name", "user__username"]  # leads first
        constraints = [models.UniqueConstraint(fields=["project", "user"], name="membership_unique_per_project")]
        indexes = [
            # A user's projects, and their role in each, read from the index alone:
            # what every visibility rule that follows membership starts from.
            models.Index(fields=["user", "project", "role"], name="membership_user_project_idx"),
            # Who joined lately: the access review's "gained in the last 90 days" (notifications.review).
            models.Index(fields=["joined_at"], name="membership_joined_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.project} ({self.role})"


class Milestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    due_date = models.DateField(_("due"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    evidence_url = models.URLField(_("evidence"), blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["due_date", "id"], name="milestone_due_idx")]

    def __str__(self) -> str:
        return self.title


class DataCategory(models.TextChoices):
    DEMOGRAPHICS = "demographics", _("Demographics")
    DIAGNOSES = "diagnoses", _("Diagnoses and procedures")
    BIOLOGY = "biology", _("Laboratory results")
    IMAGING = "imaging", _("Imaging")
    SIGNALS = "signals", _("Physiological signals")
    NOTES = "notes", _("Clinical notes")
    MEDICATION = "medication", _("Medication")


class DataAccessRequest(models.Model):
    """A request to the clinical data warehouse for a project's study."""

    class Route(models.TextChoices):
        INTERNAL = "internal", _("Internal study within one department")
        COMMITTEE = "committee", _("Scientific and ethics committee review")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="data_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    route = models.CharField(_("route"), max_length=10, choices=Route.choices)
    department = models.ForeignKey(
        "people.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    perimeter = models.TextField(_("perimeter"))
    categories = models.JSONField(_("data categories"), default=list)
    committee_reference = models.CharField(_("committee reference"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    expires_on = models.DateField(_("approval expires on"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # The project's confidentiality, copied so that a list of requests is
    # filtered on its own rows (projects.selectors.data_request_list): set when
    # the request is saved first, kept in step by projects.services.project_update.
    project_confidential = models.BooleanField(_("in a confidential project"), default=False, editable=False)

    objects = CountedByParts.as_manager()

    class Meta:
        verbose_name = _("data-access request")
        verbose_name_plural = _("data-access requests")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="datarequest_created_idx"),
            # The requests of projects that are not confidential, which staff see: their
            # count is an index-only scan of it (projects.selectors.data_request_list).
            models.Index(fields=["id"], condition=Q(project_confidential=False), name="datarequest_open_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="data_request_approval_has_reference_and_expiry",
                condition=~Q(status="approved") | (Q(expires_on__isnull=False) & ~Q(committee_reference="")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} — {self.get_route_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._state.adding:
            self.project_confidential = self.project.confidential
        super().save(*args, **kwargs)


class DataAccessAttachment(AttachmentBase):
    """A file attached to a data-access request (a protocol, the committee's opinion)."""

    request = models.ForeignKey(
        DataAccessRequest, verbose_name=_("data-access request"), on_delete=models.CASCADE, related_name="attachments"
    )

    class Meta(AttachmentBase.Meta):
        verbose_name = _("data-access request attachment")
        verbose_name_plural = _("data-access request attachments")
