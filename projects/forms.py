"""The forms of the project pages. They parse and check what was typed; the
rules (who may, which state) are the services' (projects.services)."""

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.forms import CleanTextMixin, DateInput, DateRangeMixin, ServiceErrorsMixin
from core.suggest import SuggestField
from core.widgets import OnePassSelect, OnePassSelectMultiple
from people.forms import person_exact, person_with_unit
from people.models import Department, Team, User
from projects.models import (
    ClinicalDomain,
    DataAccessRequest,
    DataCategory,
    Membership,
    Method,
    Project,
    ProjectStatus,
    acronym_key,
)


class Confidentiality(forms.TypedChoiceField):
    """Any / confidential / not confidential, as ``None`` / ``True`` / ``False``."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            choices=[("", _("Any")), ("yes", _("Confidential")), ("no", _("Not confidential"))],
            coerce=lambda value: value == "yes",
            empty_value=None,
            **kwargs,
        )


class ProjectFilterForm(CleanTextMixin, forms.Form):
    """The search and filters of the project list, and of its export."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    clinical_domain = forms.ChoiceField(
        label=_("Clinical domain"), choices=[("", _("Any domain")), *ClinicalDomain.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status")), *ProjectStatus.choices], required=False
    )
    team = forms.ModelChoiceField(
        label=_("Project-team"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=_("Any project-team"),
        widget=OnePassSelect,
    )
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.none(),
        required=False,
        empty_label=_("Any department"),
        widget=OnePassSelect,
    )
    confidential = Confidentiality(label=_("Confidentiality"), required=False)
    mine = forms.BooleanField(label=_("Only my projects"), required=False)

    def __init__(self, *args: Any, teams: QuerySet[Team], departments: QuerySet[Department], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["department"].queryset = departments

    def search(self) -> tuple[str, dict[str, Any]]:
        """The words searched and the valid filters (an invalid one is ignored, and shown as such)."""
        self.is_valid()
        data = dict(self.cleaned_data)
        return data.pop("q", "") or "", data

    @property
    def filtered(self) -> bool:
        return any(self.data.get(name) for name in self.fields)


class MethodsField(forms.CharField):
    """Digital methods as comma-separated tags: ``machine learning, simulation``."""

    def to_python(self, value: Any) -> list[str]:
        text = super().to_python(value)
        return sorted({name.strip() for name in text.split(",") if name.strip()}, key=str.casefold)

    def validate(self, value: Any) -> None:
        super().validate(value)
        # Each name is a ``Method``: at most as long as its column (Django's own, translated, message).
        check = MaxLengthValidator(Method._meta.get_field("name").max_length)
        for name in value:
            check(name)

    def prepare_value(self, value: Any) -> Any:
        return ", ".join(value) if isinstance(value, list | tuple) else value


class ProjectForm(CleanTextMixin, ServiceErrorsMixin, DateRangeMixin, forms.Form):
    acronym = forms.CharField(label=_("Acronym"), max_length=30)
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    clinical_domain = forms.ChoiceField(label=_("Clinical domain"), choices=ClinicalDomain.choices)
    methods = MethodsField(
        label=_("Digital methods"),
        required=False,
        max_length=500,
        help_text=_("Separated by commas, e.g. machine learning, simulation."),
    )
    teams = forms.ModelMultipleChoiceField(
        label=_("Project-teams"), queryset=Team.objects.none(), required=False, widget=OnePassSelectMultiple
    )
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments"), queryset=Department.objects.none(), required=False, widget=OnePassSelectMultiple
    )
    status = forms.ChoiceField(label=_("Status"), choices=ProjectStatus.choices)
    confidential = forms.BooleanField(
        label=_("Confidential"),
        required=False,
        help_text=_("Only its members, the direction and operations will see it."),
    )
    start_date = forms.DateField(label=_("Start"), required=False, widget=DateInput())
    end_date = forms.DateField(label=_("End"), required=False, widget=DateInput())

    def __init__(self, *args: Any, teams: QuerySet[Team], departments: QuerySet[Department], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teams"].queryset = teams
        self.fields["departments"].queryset = departments

    @staticmethod
    def initial_of(project: Project) -> dict[str, Any]:
        return {
            "acronym": project.acronym,
            "title": project.title,
            "summary": project.summary,
            "clinical_domain": project.clinical_domain,
            "methods": [method.name for method in project.methods.all()],
            "teams": list(project.teams.all()),
            "departments": list(project.departments.all()),
            "status": project.status,
            "confidential": project.confidential,
            "start_date": project.start_date,
            "end_date": project.end_date,
        }


def project_label(project: Project) -> str:
    """A project in a choice, in the field as in its suggestions."""
    return f"{project.acronym} — {project.title}"


def project_exact(text: str) -> Q:
    """The projects a whole typed acronym means (``project_label``'s text is matched by id)."""
    return Q(acronym_key=acronym_key(text))


def project_prefix(text: str) -> Q:
    # ``acronym_key LIKE 'x%'``: a range of its index, in its order.
    return Q(acronym_key__startswith=acronym_key(text))


def project_contains(text: str) -> Q:
    # ``UPPER(title) LIKE``, as the trigram index of projects/0008 holds it.
    return Q(acronym_key__contains=acronym_key(text)) | Q(title__icontains=text)


class MemberAddForm(CleanTextMixin, ServiceErrorsMixin, forms.Form):
    user = SuggestField(
        label=_("Person"), url_name="people:person-suggest", exact=person_exact, label_from_instance=person_with_unit
    )
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER)

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people


class MemberForm(CleanTextMixin, ServiceErrorsMixin, forms.Form):
    """One member of the project, to remove or (with ``role``) to give another role."""

    user = forms.ModelChoiceField(label=_("Member"), queryset=User.objects.none(), widget=forms.HiddenInput)
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices, required=False)

    def __init__(self, *args: Any, members: QuerySet[User], role_required: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = members
        self.fields["role"].required = role_required


class MilestoneForm(CleanTextMixin, ServiceErrorsMixin, forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_date = forms.DateField(label=_("Due"), widget=DateInput())
    evidence_url = forms.URLField(
        label=_("Evidence link"),
        required=False,
        assume_scheme="https",
        help_text=_("A deliverable, a report or a publication (optional)."),
    )


class DataRequestForm(CleanTextMixin, ServiceErrorsMixin, forms.Form):
    route = forms.ChoiceField(label=_("Route"), choices=DataAccessRequest.Route.choices, widget=forms.RadioSelect)
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.none(),
        required=False,
        widget=OnePassSelect,
        help_text=_("For an internal study: the department the data stays within."),
    )
    perimeter = forms.CharField(
        label=_("Perimeter"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The patients and the period concerned."),
    )
    categories = forms.MultipleChoiceField(
        label=_("Data categories"), choices=DataCategory.choices, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, departments: QuerySet[Department], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments


class DataDecisionForm(CleanTextMixin, ServiceErrorsMixin, forms.Form):
    """Approve (with the committee's reference and an expiry date) or reject (with a reason)."""

    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))], widget=forms.HiddenInput)
    committee_reference = forms.CharField(label=_("Committee reference"), required=False, max_length=100)
    expires_on = forms.DateField(label=_("Approval expires on"), required=False, widget=DateInput())
    reason = forms.CharField(
        label=_("Reason for a rejection"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
