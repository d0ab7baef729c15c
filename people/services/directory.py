"""The directory loaded from HR files (issue 13): a plan of what a file would
create, update and deactivate, computed from a few bulk reads, and its
application in one transaction through the account and unit services (which
audit each change, end a deactivated person's sessions, and move approval
rights and grants with a unit's new head).

People are keyed on (institution, employee id). A person of the file who has
no account under that key but whose address is that of exactly one account of
their institution without an employee id is that account (made by hand before
the first import): it gets the employee id. A unit's head or leader changes
only when the file names one for it. With ``deactivate_missing``, the active
accounts of the file's institutions that have an employee id and are not in
the file are deactivated; accounts without an employee id (made by hand),
direction, operations and superusers never are.
"""

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.db.models import Model, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from core.audit import audit_log, audit_value
from people.directory import FileKind, Function, Row, UnitKind
from people.models import STAFF_INSTITUTIONS, Department, Hospital, Team, User
from people.roles import PROTECTED_GROUPS
from people.services.accounts import (
    department_save,
    team_save,
    user_account_create,
    user_account_update,
    user_deactivate,
)

__all__ = ["DirectoryPlan", "directory_apply", "directory_plan"]

# Two imports never interleave (PostgreSQL; SQLite writes one at a time anyway).
_LOCK_KEY = 0x1AB_D1EC


class Action:
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    ERROR = "error"


@dataclass
class RowPlan:
    line: int
    key: str
    action: str
    changes: dict[str, list[Any]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    target: Any = None


@dataclass
class HeadChange:
    unit: Team | Department
    old: User | None
    new_key: str
    new: User | None = None


@dataclass
class DirectoryPlan:
    kind: FileKind
    rows: list[RowPlan]
    deactivate: list[User] = field(default_factory=list)
    heads: list[HeadChange] = field(default_factory=list)

    @property
    def errors(self) -> list[RowPlan]:
        return [row for row in self.rows if row.errors]

    @property
    def created(self) -> list[RowPlan]:
        return [row for row in self.rows if row.action == Action.CREATE]

    @property
    def updated(self) -> list[RowPlan]:
        return [row for row in self.rows if row.action == Action.UPDATE]

    @property
    def unchanged(self) -> list[RowPlan]:
        return [row for row in self.rows if row.action == Action.UNCHANGED]

    @property
    def nothing_to_change(self) -> bool:
        return not (self.errors or self.created or self.updated or self.deactivate or self.heads)

    def counts(self) -> dict[str, int]:
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "deactivated": len(self.deactivate),
            "heads": len(self.heads),
            "errors": len(self.errors),
        }

    def fingerprint(self) -> str:
        """What the plan changes, as a digest: an apply refuses a plan that
        differs from the one previewed (the directory changed meanwhile)."""
        summary = {
            "rows": [(row.key, row.action, row.changes) for row in self.rows],
            "deactivate": sorted(user.pk for user in self.deactivate),
            "heads": [(str(head.unit), head.new_key) for head in self.heads],
        }
        return hashlib.sha256(json.dumps(summary, sort_keys=True, default=str).encode()).hexdigest()


def _max_length(model: type[Model], name: str) -> int:
    return int(getattr(model._meta.get_field(name), "max_length", 0) or 0)


def _person_key(institution: str, employee_id: str) -> str:
    return f"{institution}:{employee_id}"


def _unit_label(unit: Team | Department | None) -> str:
    """A unit as the API shows it (``people.api.serializers.unit_of``)."""
    if isinstance(unit, Team):
        return unit.acronym
    return str(unit) if unit is not None else ""


class _Units:
    """Every team and department, read once (two queries)."""

    def __init__(self) -> None:
        self.teams = {team.acronym.casefold(): team for team in Team.objects.select_related("leader")}
        self.departments = {
            str(department).casefold(): department
            for department in Department.objects.select_related("hospital", "head")
        }

    def find(self, label: str) -> Team | Department | None:
        return self.teams.get(label.casefold()) or self.departments.get(label.casefold())


def _people_row_errors(cells: dict[str, str], unit: Team | Department | None) -> list[str]:
    errors = []
    if cells["institution"] not in STAFF_INSTITUTIONS:
        errors.append(_("institution: unknown (%(values)s).") % {"values": ", ".join(STAFF_INSTITUTIONS)})
    for column in ("employee_id", "email", "first_name", "last_name", "unit"):
        if not cells[column]:
            errors.append(_("%(column)s: required.") % {"column": column})
    if len(cells["employee_id"]) > _max_length(User, "employee_id"):
        errors.append(_("employee_id: too long."))
    for column in ("first_name", "last_name"):
        if len(cells[column]) > _max_length(User, column):
            errors.append(_("%(column)s: too long.") % {"column": column})
    if cells["email"]:
        try:
            validate_email(cells["email"])
        except ValidationError:
            errors.append(_("email: not a valid address."))
    if cells["unit"] and unit is None:
        errors.append(_("unit: no project-team nor department of that name."))
    if cells["function"] not in Function.__members__.values():
        errors.append(_("function: unknown (%(values)s).") % {"values": ", ".join(Function)})
    elif cells["function"] == Function.TEAM_LEADER and unit is not None and not isinstance(unit, Team):
        errors.append(_("function: a team leader leads a project-team."))
    elif cells["function"] == Function.DEPARTMENT_HEAD and unit is not None and not isinstance(unit, Department):
        errors.append(_("function: a department head heads a department."))
    return errors


def _people_existing(rows: list[Row]) -> tuple[dict[str, User], dict[tuple[str, str], list[User]], set[str]]:
    """The accounts the file names, by key; the accounts without an employee id
    by (institution, address); the usernames already taken (three queries)."""
    cells = [row.cells for row in rows]
    keys = Q(pk__in=[])
    for cell in cells:
        keys |= Q(institution=cell["institution"], employee_id=cell["employee_id"])
    people = User.objects.select_related("team", "department__hospital")
    by_key = {
        _person_key(user.institution, user.employee_id): user for user in people.filter(keys).exclude(employee_id="")
    }
    emails = {cell["email"].casefold() for cell in cells}
    by_email: dict[tuple[str, str], list[User]] = {}
    for user in people.annotate(email_key=Lower("email")).filter(email_key__in=emails, employee_id=""):
        by_email.setdefault((user.institution, user.email.casefold()), []).append(user)
    wanted = {cell["email"].casefold() for cell in cells} | {
        _person_key(cell["institution"], cell["employee_id"]).replace(":", "-") for cell in cells
    }
    taken = set(User.objects.annotate(name=Lower("username")).filter(name__in=wanted).values_list("name", flat=True))
    return by_key, by_email, taken


def _protected_ids(users: list[User]) -> set[int]:
    """Direction, operations and superusers among ``users`` (one query)."""
    ids = {user.pk for user in users if user.is_superuser}
    protected = Group.objects.filter(name__in=PROTECTED_GROUPS, user__in=[user.pk for user in users])
    return ids | set(protected.values_list("user", flat=True))


def _person_values(cells: dict[str, str], unit: Team | Department | None) -> dict[str, Any]:
    return {
        "first_name": cells["first_name"],
        "last_name": cells["last_name"],
        "email": cells["email"],
        "team": unit if isinstance(unit, Team) else None,
        "department": unit if isinstance(unit, Department) else None,
        "is_active": True,
        "pending_since": None,
    }


def _person_changes(user: User, values: dict[str, Any]) -> dict[str, list[Any]]:
    changes = {}
    for name, new in values.items():
        old = getattr(user, name)
        if old != new:
            changes[name] = [audit_value(old), audit_value(new)]
    return changes


def _plan_people(rows: list[Row], *, deactivate_missing: bool) -> DirectoryPlan:
    units = _Units()
    by_key, by_email, taken = _people_existing(rows)
    protected = _protected_ids([*by_key.values(), *(user for users in by_email.values() for user in users)])
    plan = DirectoryPlan(kind=FileKind.PEOPLE, rows=[])
    seen = Counter(_person_key(row.cells["institution"], row.cells["employee_id"]) for row in rows)
    heads: dict[Team | Department, list[RowPlan]] = {}
    for row in rows:
        cells = row.cells
        key = _person_key(cells["institution"], cells["employee_id"])
        unit = units.find(cells["unit"]) if cells["unit"] else None
        item = RowPlan(line=row.line, key=key, action=Action.ERROR, errors=[*row.errors])
        if not row.errors:
            item.errors += _people_row_errors(cells, unit)
        if seen[key] > 1:
            item.errors.append(_("employee_id: appears more than once in the file."))
        plan.rows.append(item)
        if item.errors:
            continue
        item.values = _person_values(cells, unit)
        user = by_key.get(key)
        if user is None:
            matches = by_email.get((cells["institution"], cells["email"].casefold()), [])
            user = matches[0] if len(matches) == 1 else None
            if user is not None:
                item.values["employee_id"] = cells["employee_id"]
        if user is None:
            item.action = Action.CREATE
            item.values["username"] = _new_username(cells, taken)
            if not item.values["username"]:
                item.errors.append(_("email: its address is already another account's username."))
                item.action = Action.ERROR
            item.changes = {name: [None, audit_value(value)] for name, value in item.values.items() if value}
        else:
            item.target = user
            item.changes = _person_changes(user, item.values)
            if "email" in item.changes and user.pk in protected:
                item.errors.append(_("email: only a superuser changes a direction or operations account's address."))
            item.action = Action.ERROR if item.errors else Action.UPDATE if item.changes else Action.UNCHANGED
        if cells["function"] != Function.STAFF and unit is not None:
            heads.setdefault(unit, []).append(item)
    plan.heads = _head_changes(heads)
    if deactivate_missing:
        plan.deactivate = _missing(rows, set(seen))
    return plan


def _new_username(cells: dict[str, str], taken: set[str]) -> str:
    for candidate in (cells["email"].casefold(), f"{cells['institution']}-{cells['employee_id']}".casefold()):
        if candidate not in taken and len(candidate) <= _max_length(User, "username"):
            taken.add(candidate)
            return candidate
    return ""


def _head_changes(heads: dict[Team | Department, list[RowPlan]]) -> list[HeadChange]:
    changes = []
    for unit, items in heads.items():
        if len(items) > 1:
            for item in items:
                item.errors.append(_("function: the file names more than one head for %(unit)s.") % {"unit": unit})
                item.action = Action.ERROR
            continue
        item = items[0]
        current = unit.leader if isinstance(unit, Team) else unit.head
        if item.errors or (item.target is not None and current == item.target):
            continue
        changes.append(HeadChange(unit=unit, old=current, new_key=item.key, new=item.target))
    return changes


def _missing(rows: list[Row], keys: set[str]) -> list[User]:
    institutions = {row.cells["institution"] for row in rows}
    candidates = list(
        User.objects.filter(institution__in=institutions, is_active=True, is_superuser=False)
        .exclude(employee_id="")
        .exclude(groups__name__in=PROTECTED_GROUPS)
        .order_by("last_name", "first_name", "pk")
    )
    return [user for user in candidates if _person_key(user.institution, user.employee_id) not in keys]


def _plan_units(rows: list[Row]) -> DirectoryPlan:
    teams = {team.acronym.casefold(): team for team in Team.objects.all()}
    hospitals = {hospital.short_name.casefold(): hospital for hospital in Hospital.objects.all()}
    departments = {
        (department.hospital_id, department.name.casefold()): department for department in Department.objects.all()
    }
    plan = DirectoryPlan(kind=FileKind.UNITS, rows=[])
    keys = []
    for row in rows:
        cells = row.cells
        item = RowPlan(line=row.line, key="", action=Action.ERROR, errors=[*row.errors])
        plan.rows.append(item)
        if cells["kind"] == UnitKind.TEAM:
            item.key = f"team:{cells['acronym'].casefold()}"
            _plan_team(item, cells, teams)
        elif cells["kind"] == UnitKind.DEPARTMENT:
            hospital = hospitals.get(cells["hospital"].casefold())
            item.key = f"department:{cells['hospital'].casefold()}:{cells['name'].casefold()}"
            _plan_department(item, cells, hospital, departments)
        else:
            item.errors.append(_("kind: unknown (team, department)."))
        keys.append(item.key)
        if not item.errors:
            item.action = Action.UPDATE if item.target and item.changes else Action.CREATE
            item.action = Action.UNCHANGED if item.target and not item.changes else item.action
    repeated = {key for key, count in Counter(keys).items() if count > 1 and key}
    for item in plan.rows:
        if item.key in repeated:
            item.errors.append(_("This unit appears more than once in the file."))
            item.action = Action.ERROR
    return plan


def _plan_team(item: RowPlan, cells: dict[str, str], teams: dict[str, Team]) -> None:
    if not cells["acronym"] or not cells["name"]:
        item.errors.append(_("A project-team needs an acronym and a name."))
    if cells["hospital"]:
        item.errors.append(_("hospital: a project-team belongs to no hospital."))
    if len(cells["acronym"]) > _max_length(Team, "acronym"):
        item.errors.append(_("acronym: too long."))
    if len(cells["name"]) > _max_length(Team, "name"):
        item.errors.append(_("%(column)s: too long.") % {"column": "name"})
    if item.errors:
        return
    item.values = {"acronym": cells["acronym"], "name": cells["name"]}
    item.target = teams.get(cells["acronym"].casefold())
    if item.target is not None:
        item.changes = _person_changes(item.target, item.values)
    else:
        item.changes = {name: [None, value] for name, value in item.values.items()}


def _plan_department(
    item: RowPlan, cells: dict[str, str], hospital: Hospital | None, departments: dict[tuple[int, str], Department]
) -> None:
    if not cells["name"] or not cells["hospital"]:
        item.errors.append(_("A department needs a name and a hospital."))
    elif hospital is None:
        item.errors.append(_("hospital: no hospital of that short name."))
    if cells["acronym"]:
        item.errors.append(_("acronym: a department has none."))
    if len(cells["name"]) > _max_length(Department, "name"):
        item.errors.append(_("%(column)s: too long.") % {"column": "name"})
    if item.errors or hospital is None:
        return
    item.values = {"name": cells["name"], "hospital": hospital}
    item.target = departments.get((hospital.pk, cells["name"].casefold()))
    if item.target is not None:
        item.changes = _person_changes(item.target, {"name": cells["name"]})
    else:
        item.changes = {"name": [None, cells["name"]], "hospital": [None, str(hospital)]}


def directory_plan(*, kind: FileKind, rows: list[Row], deactivate_missing: bool = False) -> DirectoryPlan:
    """What applying the file's ``rows`` would change, written nowhere."""
    if kind == FileKind.PEOPLE:
        return _plan_people(rows, deactivate_missing=deactivate_missing)
    return _plan_units(rows)


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])


def _apply_people(plan: DirectoryPlan, *, by: User) -> None:
    made: dict[str, User] = {}
    for item in plan.rows:
        if item.action == Action.CREATE:
            user = User(**item.values, employee_id=item.key.partition(":")[2], institution=item.key.partition(":")[0])
            # Signs in by single sign-on: no password that works.
            user.set_unusable_password()
            made[item.key] = user_account_create(user=user, by=by)
        elif item.action == Action.UPDATE:
            fields = {name: item.values[name] for name in item.changes}
            user_account_update(user=item.target, by=by, fields=fields)
            made[item.key] = item.target
        elif item.target is not None:
            made[item.key] = item.target
    for head in plan.heads:
        new = head.new or made[head.new_key]
        if isinstance(head.unit, Team):
            team_save(team=Team.objects.select_for_update().get(pk=head.unit.pk), by=by, leader=new)
        else:
            department = Department.objects.select_for_update().get(pk=head.unit.pk)
            department_save(department=department, by=by, head=new)
    for user in plan.deactivate:
        user_deactivate(user=user, by=by)


def _apply_units(plan: DirectoryPlan, *, by: User) -> None:
    for item in plan.rows:
        if item.action == Action.CREATE and "acronym" in item.values:
            team_save(team=Team(), by=by, **item.values)
        elif item.action == Action.CREATE:
            department_save(department=Department(), by=by, **item.values)
        elif item.action == Action.UPDATE and isinstance(item.target, Team):
            team_save(team=Team.objects.select_for_update().get(pk=item.target.pk), by=by, name=item.values["name"])
        elif item.action == Action.UPDATE:
            department = Department.objects.select_for_update().get(pk=item.target.pk)
            department_save(department=department, by=by, name=item.values["name"])


@transaction.atomic
def directory_apply(
    *,
    kind: FileKind,
    rows: list[Row],
    by: User,
    deactivate_missing: bool = False,
    expected: str | None = None,
    source: str = "",
) -> DirectoryPlan:
    """Apply the file's ``rows``, all or nothing: refused (ValidationError)
    while a row has an error, or when ``expected`` (the previewed plan's
    fingerprint) is no longer what the file would change. The plan is made
    again under a lock, so that two imports never interleave and the second
    of the same file changes nothing. One audit event per person or unit
    changed (by the services), and one for the import, on the account of whoever ran it."""
    _lock()
    plan = directory_plan(kind=kind, rows=rows, deactivate_missing=deactivate_missing)
    if plan.errors:
        raise ValidationError(_("The file has errors: nothing was changed."), code="errors")
    if expected is not None and plan.fingerprint() != expected:
        raise ValidationError(
            _("The directory changed since the preview: nothing was changed. Upload the file again."),
            code="stale",
        )
    if plan.nothing_to_change:
        return plan
    if kind == FileKind.PEOPLE:
        _apply_people(plan, by=by)
    else:
        _apply_units(plan, by=by)
    audit_log(actor=by, obj=by, action="directory_imported", changes={"counts": plan.counts()}, comment=source[:200])
    return plan
