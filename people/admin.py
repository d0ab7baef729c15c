from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from core.personal_data import personal_data_download, personal_data_export
from people import services
from people.models import Call, Chair, Company, Decision, Delegation, Department, Hospital, Position, Team, User
from people.roles import PROTECTED_GROUPS, may_change_credentials, may_reset_second_factor
from people.services import identity


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "last_name", "first_name", "institution", "team", "department", "company", "is_active"]
    list_filter = ["institution", "is_active", "groups", "team", "department__hospital"]
    list_select_related = ["team", "department__hospital", "company"]
    search_fields = ["username", "first_name", "last_name", "email"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Identity"), {"fields": ["first_name", "last_name", "email", "institution"]}),
        (_("Unit"), {"fields": ["team", "department", "company"]}),
        (_("Preferences"), {"fields": ["language", "digest"]}),
        (_("Roles"), {"fields": ["is_active", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "username",
                    "email",
                    "institution",
                    "team",
                    "department",
                    "company",
                    "usable_password",
                    "password1",
                    "password2",
                ],
            },
        )
    ]
    filter_horizontal = ["groups"]
    actions = ["export_personal_data", "reset_second_factor"]

    @admin.action(description=_("Export the personal data of the selected person (JSON)"))
    def export_personal_data(self, request: HttpRequest, queryset: QuerySet[User]) -> HttpResponse | None:
        # One person per file: an export is a reply to one person's request.
        if queryset.count() != 1:
            self.message_user(request, _("Select exactly one person to export their data."), messages.WARNING)
            return None
        person = queryset.get()
        export = personal_data_export(user=person, by=request.user)
        return personal_data_download(export, user=person)

    @admin.action(description=_("Reset the second factor of the selected people"), permissions=["change"])
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        """Remove their authenticator apps, security keys and recovery codes (a
        lost phone): each sets one up again at their next sign-in and is told by
        email. Never direction's or operations' accounts unless a superuser asks."""
        reset, refused = 0, []
        for user in queryset.order_by("username"):
            if not may_reset_second_factor(request.user, user):
                refused.append(user.username)
                continue
            identity.mfa_reset(user=user, by=request.user, request=request)
            reset += 1
        if reset:
            self.message_user(request, _("Second factor reset for %(count)d people.") % {"count": reset})
        if refused:
            self.message_user(
                request,
                _("Only a superuser resets the second factor of these accounts: %(names)s.")
                % {"names": ", ".join(refused)},
                messages.WARNING,
            )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        """The email address and roles of direction and operations accounts are a superuser's."""
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and not may_change_credentials(request.user, obj):
            readonly += ["email", "groups"]
        return readonly

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        # Only a superuser makes someone direction or operations.
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.exclude(name__in=PROTECTED_GROUPS)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        user = self.get_object(request, unquote(id))
        if user is not None and not may_change_credentials(request.user, user):
            raise PermissionDenied("password")
        response = super().user_change_password(request, id, form_url)
        # Success redirects to the person's page; a refused form stays on this one.
        if request.method == "POST" and response.status_code == 302 and response["Location"] != request.get_full_path():
            user = User.objects.get(pk=unquote(id))
            services.user_password_changed(user=user, request=request, by=request.user)
        return response

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        # A change is saved with its roles, by the service, in save_related.
        if not change:
            services.user_account_create(user=obj, by=request.user)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        if not change:
            super().save_related(request, form, formsets, change)
            return
        fields = {name: form.cleaned_data[name] for name in form.changed_data if name in services.ACCOUNT_FIELDS}
        groups = form.cleaned_data["groups"] if "groups" in form.changed_data else None
        services.user_account_update(
            user=User.objects.get(pk=form.instance.pk), by=request.user, fields=fields, groups=groups
        )


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["acronym", "name", "leader"]
    list_select_related = ["leader"]
    search_fields = ["acronym", "name"]
    autocomplete_fields = ["leader"]

    def save_model(self, request: HttpRequest, obj: Team, form: Any, change: bool) -> None:
        # Through the service: audited, and the requests' grants follow a new leader.
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        services.team_save(team=Team.objects.get(pk=obj.pk) if change else obj, by=request.user, **fields)


@admin.register(Hospital)
class HospitalAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name"]
    search_fields = ["short_name", "name"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "hospital", "head"]
    list_select_related = ["hospital", "head"]
    list_filter = ["hospital"]
    search_fields = ["name"]
    autocomplete_fields = ["head"]

    def save_model(self, request: HttpRequest, obj: Department, form: Any, change: bool) -> None:
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        services.department_save(
            department=Department.objects.get(pk=obj.pk) if change else obj, by=request.user, **fields
        )


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "opens_on", "closes_on"]
    search_fields = ["title"]
    date_hierarchy = "opens_on"


@admin.register(Chair)
class ChairAdmin(admin.ModelAdmin):
    list_display = ["title", "start_date", "end_date"]
    search_fields = ["title"]
    filter_horizontal = ["holders"]


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0
    can_delete = False
    fields = ["step", "outcome", "decided_by", "on_behalf_of", "decided_at", "comment"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    """Read-only: requests change through their workflow, on the site or the API."""

    list_display = ["id", "kind", "applicant", "team", "department", "time_share", "start_date", "end_date", "status"]
    list_filter = ["kind", "status", "team", "department__hospital"]
    list_select_related = ["applicant", "team", "department__hospital"]
    search_fields = ["applicant__username", "applicant__last_name", "topic"]
    inlines = [DecisionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = ["delegator", "delegate", "starts_on", "ends_on"]
    list_select_related = ["delegator", "delegate"]
    search_fields = ["delegator__username", "delegate__username"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# Single sign-on and the second factor (django-allauth): the providers come from
# OIDC_PROVIDERS alone, never from the database (SocialApp); no token is kept
# (SocialToken); factors' secrets are never shown (Authenticator: reset them from
# the person's page); labsite keeps no address book of allauth's (EmailAddress).
# The links between accounts and their providers' subjects are shown, read-only.
def _identity_admin() -> None:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken

    for model in (EmailAddress, Authenticator, SocialApp, SocialToken, SocialAccount):
        if admin.site.is_registered(model):
            admin.site.unregister(model)

    @admin.register(SocialAccount)
    class SocialAccountAdmin(admin.ModelAdmin):
        list_display = ["user", "provider", "uid", "date_joined", "last_login"]
        list_filter = ["provider"]
        list_select_related = ["user"]
        search_fields = ["user__username", "user__last_name", "uid"]
        fields = ["user", "provider", "uid", "date_joined", "last_login"]
        readonly_fields = fields

        def has_add_permission(self, request: HttpRequest) -> bool:
            return False

        def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
            return False

        def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
            return bool(request.user.is_superuser)


_identity_admin()
