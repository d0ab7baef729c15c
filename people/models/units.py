"""People and the units they belong to: Inria project-teams, AP-HP hospital
departments, and partner companies."""

from django.contrib.auth.models import AbstractUser
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Institution(models.TextChoices):
    INRIA = "inria", "Inria"
    APHP = "aphp", "AP-HP"
    ACADEMIC = "academic", _("Academic partner")
    PARTNER = "partner", _("Partner company")


STAFF_INSTITUTIONS = (Institution.INRIA, Institution.APHP, Institution.ACADEMIC)


class Language(models.TextChoices):
    FR = "fr", "Français"
    EN = "en", "English"


class DigestFrequency(models.TextChoices):
    OFF = "off", _("Never")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


class Team(models.Model):
    """An Inria project-team."""

    acronym = models.CharField(_("acronym"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    leader = models.ForeignKey(
        "people.User",
        verbose_name=_("leader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_teams",
    )

    class Meta:
        verbose_name = _("project-team")
        verbose_name_plural = _("project-teams")
        ordering = ["acronym"]

    def __str__(self) -> str:
        return self.acronym


class Hospital(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=20, unique=True)

    class Meta:
        verbose_name = _("hospital")
        verbose_name_plural = _("hospitals")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name


class Department(models.Model):
    """An AP-HP hospital department."""

    name = models.CharField(_("name"), max_length=200)
    hospital = models.ForeignKey(
        Hospital, verbose_name=_("hospital"), on_delete=models.PROTECT, related_name="departments"
    )
    head = models.ForeignKey(
        "people.User",
        verbose_name=_("head"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_departments",
    )

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["hospital__short_name", "name"]
        constraints = [models.UniqueConstraint(fields=["hospital", "name"], name="department_unique_per_hospital")]

    def __str__(self) -> str:
        return f"{self.name} ({self.hospital})"


class Company(models.Model):
    """A partner company; partner accounts belong to one. The transfer office
    manages them (``/api/partners/``)."""

    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("partner company")
        verbose_name_plural = _("partner companies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    _labsite_groups: frozenset[str]  # people.roles.group_names caches the group names here

    institution = models.CharField(
        _("institution"), max_length=10, choices=Institution.choices, default=Institution.INRIA
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("project-team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    company = models.ForeignKey(
        Company,
        verbose_name=_("company"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    # The person's number in their institution's HR files: with the institution, the
    # key of the directory import (people.services.directory). Empty for accounts
    # made by hand or by the demo.
    employee_id = models.CharField(_("employee id"), max_length=40, blank=True, default="")
    # Made by a first single sign-on and waiting for operations to activate it and
    # give its unit (people.services.identity); null once activated.
    pending_since = models.DateTimeField(_("awaiting activation since"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.FR)
    digest = models.CharField(
        _("email digest"),
        max_length=6,
        choices=DigestFrequency.choices,
        default=DigestFrequency.WEEKLY,
    )
    # What ``core.search`` searches: names and username, email and unit names.
    # Computed by PostgreSQL's triggers (people/migrations/0013), whatever Django
    # writes, and again when a unit is renamed.
    search_document = SearchVectorField(editable=False, null=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name", "username"]
        indexes = [
            GinIndex(fields=["search_document"], name="user_search_document"),
            models.Index(fields=["last_name", "first_name", "username"], name="user_name_order_idx"),
            # The access review's unused accounts, oldest sign-in first (notifications.review).
            models.Index(fields=["last_login", "id"], name="user_last_login_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="user_one_unit_at_most",
                condition=(
                    Q(team__isnull=True, department__isnull=True)
                    | Q(team__isnull=True, company__isnull=True)
                    | Q(department__isnull=True, company__isnull=True)
                ),
            ),
            models.CheckConstraint(
                name="user_company_only_for_partners",
                condition=Q(company__isnull=True) | Q(institution=Institution.PARTNER),
            ),
            models.UniqueConstraint(
                fields=["institution", "employee_id"],
                condition=~Q(employee_id=""),
                name="user_employee_id_unique_per_institution",
            ),
            models.CheckConstraint(
                name="user_partner_has_no_lab_unit",
                condition=~Q(institution=Institution.PARTNER) | Q(team__isnull=True, department__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_absolute_url(self) -> str:
        return reverse("people:person-detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def unit(self) -> Team | Department | Company | None:
        return self.team or self.department or self.company

    @property
    def is_lab_staff(self) -> bool:
        return self.institution in STAFF_INSTITUTIONS
