"""The forms of the transfer pages. They parse and check what was typed; the
rules (who may, which stage may follow which) are the services'
(transfer.services)."""

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.forms import CleanTextMixin, DateInput, DateRangeMixin, ServiceErrorsMixin
from core.suggest import SuggestField, SuggestMultipleField
from core.widgets import OnePassSelect
from people.forms import person_exact, person_with_unit
from people.models import STAFF_INSTITUTIONS, Company, Department, Hospital, User
from people.selectors import person_list
from projects.forms import Confidentiality, project_exact, project_label
from projects.models import Project
from projects.selectors import project_choices
from transfer.models import PIPELINE, Agreement, Deployment, Innovation, Kind, Route, Stage

SEARCH_MAX_LENGTH = 100


def _any(label: str, choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", label), *choices]


def partner_exact(text: str) -> Q:
    return Q(name__iexact=text)


def partner_prefix(text: str) -> Q:
    return Q(name__istartswith=text)


def partner_contains(text: str) -> Q:
    found = Q()
    for word in text.split():
        found &= Q(name__icontains=word)
    return found


def project_field(**kwargs: Any) -> SuggestField:
    return SuggestField(
        label=_("Project"),
        url_name="projects:project-suggest",
        exact=project_exact,
        label_from_instance=project_label,
        **kwargs,
    )


def partner_field(**kwargs: Any) -> SuggestField:
    return SuggestField(label=_("Partner"), url_name="transfer:partner-suggest", exact=partner_exact, **kwargs)


class FilterForm(CleanTextMixin, forms.Form):
    """Search and filters: an invalid filter is ignored (and shown as such)."""

    def search(self) -> tuple[str, dict[str, Any]]:
        self.is_valid()
        data = dict(self.cleaned_data)
        return data.pop("q", "") or "", data

    @property
    def filtered(self) -> bool:
        return any(self.data.get(name) for name in self.fields)


class BoardFilterForm(FilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=SEARCH_MAX_LENGTH)
    kind = forms.ChoiceField(label=_("Kind"), choices=_any(_("Any kind"), Kind.choices), required=False)
    route = forms.ChoiceField(label=_("Transfer route"), choices=_any(_("Any route"), Route.choices), required=False)
    project = project_field(required=False, placeholder=_("Any project"))

    def __init__(self, *args: Any, projects: QuerySet[Project], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects


class InnovationFilterForm(BoardFilterForm):
    """The list's search and filters, and its export's."""

    stage = forms.ChoiceField(label=_("Stage"), choices=_any(_("Any stage"), Stage.choices), required=False)
    confidential = Confidentiality(label=_("Confidentiality"), required=False)
    partner = partner_field(required=False, placeholder=_("Any partner"))

    field_order = ("q", "stage", "kind", "route", "confidential", "partner", "project")

    def __init__(self, *args: Any, partners: QuerySet[Company], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners


class AgreementFilterForm(FilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=SEARCH_MAX_LENGTH)
    kind = forms.ChoiceField(label=_("Kind"), choices=_any(_("Any kind"), Agreement.Kind.choices), required=False)
    partner = partner_field(required=False, placeholder=_("Any partner"))
    expiring = forms.BooleanField(label=_("Expiring within 90 days"), required=False)

    def __init__(self, *args: Any, partners: QuerySet[Company], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners


class PartnerSearchForm(FilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=SEARCH_MAX_LENGTH)


# Moving a card ---------------------------------------------------------------------


class MoveForm(CleanTextMixin, ServiceErrorsMixin, forms.Form):
    """One innovation to another stage: ``expected`` is the stage the mover saw,
    so that two people moving the same card do not both win."""

    to = forms.ChoiceField(label=_("Move to"), choices=Stage.choices)
    expected = forms.ChoiceField(choices=Stage.choices, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=1000,
        help_text=_("Needed to go back in the pipeline or to abandon."),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput, max_length=2000)

    def __init__(self, *args: Any, innovation: Innovation, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"move{innovation.pk}-%s")
        kwargs["initial"] = {
            "expected": innovation.stage,
            "to": next_stage(innovation.stage),
            **kwargs.get("initial", {}),
        }
        super().__init__(*args, **kwargs)
        # The current stage is not offered, but still accepted: a card someone
        # else moved there meanwhile answers a conflict, not a form error.
        self.fields["to"].widget.choices = [
            (value, label) for value, label in Stage.choices if value != innovation.stage
        ]


def next_stage(stage: str) -> str | None:
    """The stage after ``stage`` along the pipeline, if any."""
    if stage not in PIPELINE or stage == PIPELINE[-1]:
        return None
    return PIPELINE[PIPELINE.index(Stage(stage)) + 1]


# Innovations, agreements, deployments, partners ---------------------------------


class InnovationForm(CleanTextMixin, ServiceErrorsMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    readiness_level = forms.IntegerField(
        label=_("Technology readiness level"),
        min_value=1,
        max_value=9,
        help_text=_("From 1 (basic principles observed) to 9 (proven in operation)."),
    )
    stage = forms.ChoiceField(
        label=_("Stage"),
        choices=Stage.choices,
        help_text=_("An innovation recorded late may start further along the pipeline."),
    )
    route = forms.ChoiceField(label=_("Transfer route"), choices=Route.choices)
    project = project_field(required=False, placeholder=_("No project"))
    owners = SuggestMultipleField(
        label=_("Owners"),
        url_name="people:person-suggest",
        params="staff=1",
        exact=person_exact,
        label_from_instance=person_with_unit,
        required=False,
    )
    confidential = forms.BooleanField(
        label=_("Confidential"),
        required=False,
        initial=True,
        help_text=_(
            "Only the transfer office, the direction, operations and the leads of its project will see it. "
            "Otherwise, also the members of its project and the partners party to one of its agreements."
        ),
    )

    def __init__(
        self, *args: Any, creating: bool, user: User, current_project: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # The stage moves through the board, with its history, once the innovation exists.
        if not creating:
            del self.fields["stage"]
        # The projects the officer sees (a confidential one only if they are in it), and
        # the innovation's own, kept but not named if they do not see it.
        seen = project_choices(user=user)
        self.fields["project"].queryset = seen
        if current_project is not None and not seen.filter(pk=current_project).exists():
            kept = Q(pk__in=seen.values("pk")) | Q(pk=current_project)
            self.fields["project"].queryset = Project.objects.filter(kept)
            self.fields["project"].label_from_instance = lambda project: (
                _("A confidential project you are not in") if project.pk == current_project else project_label(project)
            )
        self.fields["owners"].queryset = person_list(user=user).filter(institution__in=STAFF_INSTITUTIONS)

    @staticmethod
    def initial_of(innovation: Innovation) -> dict[str, Any]:
        return {
            "title": innovation.title,
            "description": innovation.description,
            "kind": innovation.kind,
            "readiness_level": innovation.readiness_level,
            "route": innovation.route,
            "project": innovation.project_id,
            "owners": list(innovation.owners.all()),
            "confidential": innovation.confidential,
        }


class AgreementForm(CleanTextMixin, ServiceErrorsMixin, DateRangeMixin, forms.Form):
    date_range = ("signed_on", "expires_on")
    date_range_error = _("An agreement expires after it is signed.")

    kind = forms.ChoiceField(label=_("Kind"), choices=Agreement.Kind.choices)
    partner = partner_field()
    reference = forms.CharField(label=_("Reference"), max_length=100)
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput())
    expires_on = forms.DateField(
        label=_("Expires on"), required=False, widget=DateInput(), help_text=_("Leave empty if it does not expire.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Company.objects.order_by("name")

    @staticmethod
    def initial_of(agreement: Agreement) -> dict[str, Any]:
        return {
            "kind": agreement.kind,
            "partner": agreement.partner_id,
            "reference": agreement.reference,
            "signed_on": agreement.signed_on,
            "expires_on": agreement.expires_on,
        }


class DeploymentForm(CleanTextMixin, ServiceErrorsMixin, forms.Form):
    hospital = forms.ModelChoiceField(
        label=_("Hospital"),
        queryset=Hospital.objects.none(),
        required=False,
        help_text=_("Or choose one of its departments below."),
    )
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False, widget=OnePassSelect
    )
    system_name = forms.CharField(label=_("Information system"), max_length=120)
    go_live_on = forms.DateField(label=_("Go-live date"), required=False, widget=DateInput())
    status = forms.ChoiceField(label=_("Status"), choices=Deployment.Status.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hospital"].queryset = Hospital.objects.order_by("name")
        self.fields["hospital"].label_from_instance = lambda hospital: f"{hospital.short_name} — {hospital.name}"
        self.fields["department"].queryset = Department.objects.select_related("hospital")

    @staticmethod
    def initial_of(deployment: Deployment) -> dict[str, Any]:
        return {
            "hospital": deployment.hospital_id,
            "department": deployment.department_id,
            "system_name": deployment.system_name,
            "go_live_on": deployment.go_live_on,
            "status": deployment.status,
        }


class PartnerForm(CleanTextMixin, ServiceErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
