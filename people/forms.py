from datetime import time
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.dates import WEEKDAYS
from django.utils.formats import time_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.forms import CleanTextMixin, DateInput, DateRangeMixin, ServiceErrorsMixin
from core.suggest import SuggestField
from core.widgets import OnePassSelect
from people import services
from people.models import Call, Department, PositionKind, PositionStatus, Team, User
from people.models.positions import TIME_SHARES


class ProfileForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "language", "digest"]
        widgets = {"language": forms.RadioSelect, "digest": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["digest"].help_text = digest_schedule()


def digest_schedule() -> str:
    """When digests arrive, as beat sends them (DIGESTS_AT, WEEKLY_DIGEST_WEEKDAY)."""
    at = time_format(time(*settings.DIGESTS_AT), "TIME_FORMAT")
    return gettext(
        "A summary by email of what waits for you and what changed. "
        "Daily digest: at %(time)s every day. Weekly digest: at %(time)s every %(weekday)s."
    ) % {"time": at, "weekday": WEEKDAYS[settings.WEEKLY_DIGEST_WEEKDAY]}


class SearchForm(CleanTextMixin, forms.Form):
    """A list's search words alone (the calls', the chairs'): ``core.search``."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def search(self) -> str:
        """The words searched: none while they are invalid (shown as such)."""
        return self.cleaned_data["q"] if self.is_valid() else ""


class DirectorySearchForm(SearchForm):
    """The directory's search: names, username, email and unit."""


class PasswordResetForm(CleanTextMixin, DjangoPasswordResetForm):
    """Django's form, with the email going through the outbox like every other
    (``services.password_reset_request``: limited, and the same whoever asks)."""

    def save(self, *args: Any, request: Any = None, **kwargs: Any) -> None:
        email = self.cleaned_data["email"]
        services.password_reset_request(email=email, users=list(self.get_users(email)), request=request)


# Host positions and secondments -------------------------------------------------


class PositionView(models.TextChoices):
    """The tabs of the request lists."""

    MINE = "mine", _("Mine")
    AWAITING = "awaiting", _("Awaiting my decision")
    ALL = "all", _("All I can see")


class PositionFilterForm(CleanTextMixin, forms.Form):
    """The filters of a request list, and of its export: on top of what the user sees."""

    view = forms.ChoiceField(choices=PositionView.choices, required=False)
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status")), *PositionStatus.choices], required=False
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
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_("Running during that year."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args: Any, teams: QuerySet[Team], departments: QuerySet[Department], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["department"].queryset = departments

    def search(self) -> tuple[str, dict[str, Any]]:
        """The valid search words and filters (an invalid one is ignored, and
        shown as such), as ``people.selectors.position_list`` takes them: ``q``
        searched by ``core.search`` after the filters; the tab (``view``) is the
        list's own."""
        self.is_valid()
        data = self.cleaned_data  # the valid fields only
        filters = {name: data[name] for name in ("status", "team", "department", "year") if data.get(name)}
        return data.get("q") or "", filters


class PositionForm(CleanTextMixin, ServiceErrorsMixin, DateRangeMixin, forms.Form):
    """A request as its applicant writes it: the host unit (a project-team for a
    host position, a department for a secondment), the time share, the dates,
    the topic and why, and the call it answers if any."""

    team = forms.ModelChoiceField(label=_("Host project-team"), queryset=Team.objects.none(), widget=OnePassSelect)
    department = forms.ModelChoiceField(
        label=_("Host department"), queryset=Department.objects.none(), widget=OnePassSelect
    )
    time_share = forms.TypedChoiceField(
        label=_("Time share"),
        coerce=int,
        choices=[("", "—"), *((share, f"{share} %") for share in TIME_SHARES)],
        help_text=_("The part of your working time spent in the host unit."),
    )
    start_date = forms.DateField(label=_("Start"), widget=DateInput())
    end_date = forms.DateField(
        label=_("End"), widget=DateInput(), help_text=_("After the start, and at most 3 years later.")
    )
    topic = forms.CharField(label=_("Research topic"), max_length=300)
    justification = forms.CharField(
        label=_("Justification"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the stay brings to the research, and to the host and home units."),
    )
    call = forms.ModelChoiceField(
        label=_("Call for applications"),
        queryset=Call.objects.none(),
        required=False,
        empty_label=_("None (outside any call)"),
        help_text=_("Only the calls open today are listed."),
    )

    def __init__(
        self,
        *args: Any,
        kind: str,
        teams: QuerySet[Team],
        departments: QuerySet[Department],
        calls: QuerySet[Call],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # The applicant's own unit is theirs: only the host unit is chosen.
        del self.fields["department" if kind == PositionKind.HOST else "team"]
        if kind == PositionKind.HOST:
            self.fields["team"].queryset = teams
        else:
            self.fields["department"].queryset = departments
        self.fields["call"].queryset = calls


class DecisionForm(CleanTextMixin, ServiceErrorsMixin, forms.Form):
    """A decision on a request's page: one comment, then approve, reject or send
    back (three buttons, three addresses). The comment is optional to approve;
    the service requires it to reject or send back, in its own words and order
    (after checking who may decide)."""

    comment = forms.CharField(
        label=_("Comment (needed to reject or send back)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class IdsField(forms.Field):
    """Several ids under one name (``?positions=3&positions=5``), as ints."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"invalid": _("Choose requests from the list.")}

    def to_python(self, value: Any) -> list[int]:
        values = value if isinstance(value, list | tuple) else ([value] if value else [])
        try:
            return list(dict.fromkeys(int(item) for item in values))
        except (TypeError, ValueError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class BulkApproveForm(CleanTextMixin, forms.Form):
    """Approving several awaited requests at once, from the awaiting list, with
    one comment. Whether the person may approve each is its own service call's
    business (one they cannot see is "not found" for that row alone): the form
    only bounds the batch."""

    positions = IdsField(error_messages={"required": _("Tick the requests to approve.")})
    comment = forms.CharField(label=_("Comment (optional)"), required=False, max_length=2000)

    def __init__(self, *args: Any, limit: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit = limit

    def clean_positions(self) -> list[int]:
        ids: list[int] = self.cleaned_data["positions"]
        if len(ids) > self.limit:
            raise forms.ValidationError(
                ngettext(
                    "Approve at most %(limit)d request at once.",
                    "Approve at most %(limit)d requests at once.",
                    self.limit,
                )
                % {"limit": self.limit}
            )
        return ids


def person_with_unit(person: User) -> str:
    """A person in a choice: their name and unit (the people of ``person_list``, whose units are joined)."""
    unit = person.team or person.department or person.company
    return f"{person.full_name} ({unit})" if unit else person.full_name


def person_exact(text: str) -> Q:
    """The person a whole typed name means: a username or an email address."""
    return Q(username__iexact=text) | Q(email__iexact=text)


def person_prefix(text: str) -> Q:
    return Q(last_name__istartswith=text) | Q(first_name__istartswith=text) | Q(username__istartswith=text)


def person_contains(text: str) -> Q:
    """Every word in one of the names (``marie cur`` finds Marie Curie)."""
    found = Q()
    for word in text.split():
        found &= Q(last_name__icontains=word) | Q(first_name__icontains=word) | Q(username__icontains=word)
    return found


class DelegationForm(CleanTextMixin, ServiceErrorsMixin, forms.Form):
    delegate = SuggestField(
        label=_("Delegate"),
        url_name="people:person-suggest",
        params="staff=1",
        exact=person_exact,
        label_from_instance=person_with_unit,
        help_text=_("An active staff member."),
    )
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(label=_("Until"), widget=DateInput(), help_text=_("Both days included."))
    delegator = SuggestField(
        label=_("On behalf of"),
        url_name="people:person-suggest",
        params="staff=1",
        exact=person_exact,
        label_from_instance=person_with_unit,
        required=False,
        help_text=_("The approver who is away (a team leader, a head of department, direction). Empty: yourself."),
    )

    def __init__(
        self, *args: Any, people: QuerySet[User], delegators: QuerySet[User] | None = None, **kwargs: Any
    ) -> None:
        """``delegators``: whom the signed-in person may delegate for (operations,
        for any approver); without it, only for themselves."""
        super().__init__(*args, **kwargs)
        self.fields["delegate"].queryset = people
        if delegators is None:
            del self.fields["delegator"]
        else:
            self.fields["delegator"].queryset = delegators


class DirectoryImportForm(CleanTextMixin, forms.Form):
    """An HR file of people or of units (docs/operations.md)."""

    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (UTF-8) or XLSX, at most 5 MB and 10,000 rows: people or units, as the guide describes."),
    )
    deactivate_missing = forms.BooleanField(
        label=_("Deactivate people missing from this file"),
        required=False,
        help_text=_(
            "Only people of the institutions in the file who have an employee id; never direction or operations."
        ),
    )
