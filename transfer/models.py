"""Technology transfer: innovations moving through a pipeline, the agreements
signed with partner companies, and deployments in the hospital's information
systems. The partner company itself is ``people.Company``: partner accounts
belong to one, and ``people/`` sits below ``transfer/``."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    SOFTWARE = "software", _("Software")
    PATENT = "patent", _("Patent")
    DATASET = "dataset", _("Dataset")
    DEVICE = "device", _("Device")
    METHOD = "method", _("Method")


class Stage(models.TextChoices):
    IDENTIFIED = "identified", _("identified")
    EVALUATING = "evaluating", _("evaluating")
    PROTECTING = "protecting", _("protecting")
    TRANSFERRING = "transferring", _("transferring")
    TRANSFERRED = "transferred", _("transferred")
    ABANDONED = "abandoned", _("abandoned")


# The pipeline, in order; ``abandoned`` stands outside it.
PIPELINE = (Stage.IDENTIFIED, Stage.EVALUATING, Stage.PROTECTING, Stage.TRANSFERRING, Stage.TRANSFERRED)
FINAL_STAGES = (Stage.TRANSFERRED, Stage.ABANDONED)


class Route(models.TextChoices):
    LICENCE = "licence", _("Licence to a company")
    STARTUP = "startup", _("Start-up creation")
    HOSPITAL = "hospital", _("Deployment in the hospital")


class Innovation(models.Model):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SOFTWARE)
    readiness_level = models.PositiveSmallIntegerField(
        _("technology readiness level"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
        help_text=_("From 1 (basic principles observed) to 9 (proven in operation)."),
    )
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.IDENTIFIED)
    route = models.CharField(_("transfer route"), max_length=10, choices=Route.choices, default=Route.LICENCE)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="innovations",
    )
    confidential = models.BooleanField(_("confidential"), default=True)
    owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("owners"), blank=True, related_name="owned_innovations"
    )
    stage_changed_at = models.DateTimeField(_("stage changed"), auto_now_add=True)
    transferred_on = models.DateField(_("transferred on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # What ``core.search`` searches: title, description. Computed by a PostgreSQL
    # trigger on every write (transfer/migrations/0002), whatever Django writes.
    search_document = SearchVectorField(editable=False, null=True)

    class Meta:
        verbose_name = _("innovation")
        verbose_name_plural = _("innovations")
        ordering = ["title", "id"]
        indexes = [
            GinIndex(fields=["search_document"], name="innovation_search_document"),
            models.Index(fields=["title", "id"], name="innovation_title_idx"),
            # The board's columns: each stage's latest moves (transfer.views.innovations).
            models.Index(fields=["stage", "-stage_changed_at", "-id"], name="innovation_board_idx"),
        ]
        constraints = [
            models.CheckConstraint(name="innovation_readiness_1_to_9", condition=Q(readiness_level__range=(1, 9))),
            models.CheckConstraint(
                name="innovation_transferred_has_date",
                condition=~Q(stage="transferred") | Q(transferred_on__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("transfer:innovation-detail", args=[self.pk])


class Agreement(models.Model):
    class Kind(models.TextChoices):
        NDA = "nda", _("Non-disclosure agreement")
        COLLABORATION = "collaboration", _("Collaboration agreement")
        LICENCE = "licence", _("Licence")

    kind = models.CharField(_("kind"), max_length=13, choices=Kind.choices)
    partner = models.ForeignKey(
        "people.Company", verbose_name=_("partner"), on_delete=models.PROTECT, related_name="agreements"
    )
    innovation = models.ForeignKey(
        Innovation, verbose_name=_("innovation"), on_delete=models.PROTECT, related_name="agreements"
    )
    signed_on = models.DateField(_("signed on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    reference = models.CharField(_("reference"), max_length=100)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # What ``core.search`` searches: the reference and the innovation's title, the
    # partner's name. Computed by PostgreSQL's triggers (transfer/migrations/0005),
    # whatever Django writes, and again when the innovation or the partner is renamed.
    search_document = SearchVectorField(editable=False, null=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-signed_on", "-id"]
        indexes = [
            GinIndex(fields=["search_document"], name="agreement_search_document"),
            models.Index(fields=["-signed_on", "-id"], name="agreement_signed_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="agreement_expires_after_signature",
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=F("signed_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.get_kind_display()})"

    def get_absolute_url(self) -> str:
        return reverse("transfer:agreement-detail", args=[self.pk])


class Deployment(models.Model):
    """An innovation running in one of the hospital's information systems."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        PILOT = "pilot", _("pilot")
        LIVE = "live", _("live")
        RETIRED = "retired", _("retired")

    innovation = models.ForeignKey(
        Innovation, verbose_name=_("innovation"), on_delete=models.CASCADE, related_name="deployments"
    )
    hospital = models.ForeignKey(
        "people.Hospital", verbose_name=_("hospital"), on_delete=models.PROTECT, related_name="deployments"
    )
    department = models.ForeignKey(
        "people.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deployments",
    )
    system_name = models.CharField(_("information system"), max_length=120)
    go_live_on = models.DateField(_("go-live date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PLANNED)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("deployment")
        verbose_name_plural = _("deployments")
        ordering = ["hospital__short_name", "system_name", "id"]

    def __str__(self) -> str:
        return f"{self.innovation} — {self.system_name} ({self.hospital})"
