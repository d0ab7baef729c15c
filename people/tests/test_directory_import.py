"""The directory loaded from HR files (issue 13): preview, apply, idempotence,
bad rows, the command, and who may."""

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from core.models import AuditEvent
from core.testing import race
from people.directory import FileKind, FileRefused, directory_file_read
from people.models import Department, PositionUserObjectPermission, Team, User
from people.services import directory_apply, directory_plan
from people.tests.positions import host, submit

HEADER = "institution,employee_id,email,first_name,last_name,unit,function\n"
IMPORT_URL = reverse("people:directory-import")


@pytest.fixture(autouse=True)
def _in_english():
    """The messages are compared in English (the site's default is French)."""
    with translation.override("en"):
        yield


APPLY_URL = reverse("people:directory-import-apply")


def people_csv(*lines: str) -> bytes:
    return (HEADER + "".join(f"{line}\n" for line in lines)).encode()


ALICE = "inria,E100,alice@inria.example,Alice,Martin,CARDIOSIM,staff"
BRUNO = "aphp,A200,bruno@aphp.example,Bruno,Petit,Cardiologie (HEGP),staff"


def plan_of(content: bytes, **kwargs: object):
    parsed = directory_file_read(content, "people.csv")
    return directory_plan(kind=parsed.kind, rows=parsed.rows, **kwargs)


def apply(content: bytes, by: User, **kwargs: object):
    parsed = directory_file_read(content, "people.csv")
    return directory_apply(kind=parsed.kind, rows=parsed.rows, by=by, **kwargs)


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


# Reading and planning ------------------------------------------------------------------


def test_preview_lists_what_would_be_created_and_writes_nothing(personas):
    plan = plan_of(people_csv(ALICE, BRUNO))
    assert [row.key for row in plan.created] == ["inria:E100", "aphp:A200"]
    assert plan.created[0].changes["team"] == [None, "CARDIOSIM"]
    assert not User.objects.filter(employee_id__in=["E100", "A200"]).exists()


def test_apply_creates_active_accounts_without_a_usable_password(personas):
    apply(people_csv(ALICE, BRUNO), personas["ops"])
    alice = User.objects.get(institution="inria", employee_id="E100")
    assert (alice.username, alice.email, alice.team.acronym, alice.is_active) == (
        "alice@inria.example",
        "alice@inria.example",
        "CARDIOSIM",
        True,
    )
    assert not alice.has_usable_password()
    assert User.objects.get(employee_id="A200").department.name == "Cardiologie"
    assert AuditEvent.objects.filter(object_id=str(alice.pk), action="created").count() == 1
    summary = AuditEvent.objects.get(action="directory_imported")
    assert summary.changes["counts"]["created"] == 2


def test_the_same_file_twice_changes_nothing(personas):
    apply(people_csv(ALICE, BRUNO), personas["ops"])
    events = AuditEvent.objects.count()
    plan = plan_of(people_csv(ALICE, BRUNO))
    assert plan.nothing_to_change
    apply(people_csv(ALICE, BRUNO), personas["ops"])
    assert AuditEvent.objects.count() == events


def test_an_update_shows_each_field_old_and_new(personas):
    apply(people_csv(ALICE), personas["ops"])
    moved = "inria,E100,alice.martin@inria.example,Alice,Martin,NEUROLEARN,staff"
    plan = plan_of(people_csv(moved))
    assert plan.updated[0].changes == {
        "email": ["alice@inria.example", "alice.martin@inria.example"],
        "team": ["CARDIOSIM", "NEUROLEARN"],
    }
    apply(people_csv(moved), personas["ops"])
    alice = User.objects.get(employee_id="E100")
    assert (alice.email, alice.team.acronym) == ("alice.martin@inria.example", "NEUROLEARN")
    assert AuditEvent.objects.filter(object_id=str(alice.pk), action="account_updated").count() == 1


def test_an_account_made_by_hand_is_matched_by_its_address_and_gets_the_employee_id(personas):
    researcher = personas["researcher"]
    line = f"inria,E300,{researcher.email},{researcher.first_name},{researcher.last_name},CARDIOSIM,staff"
    plan = plan_of(people_csv(line))
    assert plan.updated[0].changes == {"employee_id": ["", "E300"]}
    apply(people_csv(line), personas["ops"])
    researcher.refresh_from_db()
    assert researcher.employee_id == "E300"


def test_a_new_team_leader_moves_the_approval_rights_and_grants(personas):
    position = submit(host(personas["clinician"], "CARDIOSIM"))
    rights = PositionUserObjectPermission.objects.filter(content_object=position)
    assert set(rights.values_list("user__username", flat=True)) >= {"teamlead"}
    line = "inria,E400,nadia@inria.example,Nadia,Leroy,CARDIOSIM,team_leader"
    plan = plan_of(people_csv(line))
    assert [(str(head.unit), head.old) for head in plan.heads] == [("CARDIOSIM", personas["teamlead"])]
    apply(people_csv(line), personas["ops"])
    nadia = User.objects.get(employee_id="E400")
    assert Team.objects.get(acronym="CARDIOSIM").leader == nadia
    viewers = set(rights.values_list("user__username", flat=True))
    assert nadia.username in viewers
    assert "teamlead" not in viewers
    assert AuditEvent.objects.filter(action="updated", changes__leader__1=nadia.username).exists()
    assert plan_of(people_csv(line)).nothing_to_change


def test_a_new_department_head_goes_through_the_department_service(personas):
    line = "aphp,A500,helene@aphp.example,Hélène,Roux,Cardiologie (HEGP),department_head"
    apply(people_csv(line), personas["ops"])
    assert Department.objects.get(name="Cardiologie").head.employee_id == "A500"


def test_people_missing_are_deactivated_only_when_asked(personas):
    apply(people_csv(ALICE, BRUNO), personas["ops"])
    ops = personas["ops"]
    ops.employee_id = "OPS1"
    ops.save()
    assert plan_of(people_csv(ALICE)).deactivate == []
    plan = plan_of(people_csv(ALICE), deactivate_missing=True)
    # Only AP-HP is missing... but the file names Inria only: Bruno (AP-HP) stays; ops is never deactivated.
    assert plan.deactivate == []
    other = "inria,E101,zoe@inria.example,Zoé,Blanc,PULSAR,staff"
    apply(people_csv(ALICE, other), personas["ops"])
    plan = plan_of(people_csv(ALICE), deactivate_missing=True)
    assert [user.employee_id for user in plan.deactivate] == ["E101"]
    apply(people_csv(ALICE), personas["ops"], deactivate_missing=True)
    assert not User.objects.get(employee_id="E101").is_active
    assert User.objects.get(employee_id="A200").is_active
    assert User.objects.get(pk=ops.pk).is_active
    assert personas["researcher"].is_active  # no employee id: made by hand, never deactivated


def test_a_units_file_creates_and_renames_teams_and_departments(personas):
    units = b"kind,acronym,name,hospital\nteam,ONCO,Oncology imaging,\ndepartment,,Pneumologie,PSL\n"
    parsed = directory_file_read(units, "units.csv")
    assert parsed.kind == FileKind.UNITS
    directory_apply(kind=parsed.kind, rows=parsed.rows, by=personas["ops"])
    assert Team.objects.get(acronym="ONCO").name == "Oncology imaging"
    assert Department.objects.get(name="Pneumologie").hospital.short_name == "PSL"
    renamed = directory_file_read(b"kind,acronym,name,hospital\nteam,ONCO,Oncology,\n", "units.csv")
    plan = directory_plan(kind=renamed.kind, rows=renamed.rows)
    assert plan.updated[0].changes == {"name": ["Oncology imaging", "Oncology"]}
    assert directory_plan(kind=parsed.kind, rows=parsed.rows).nothing_to_change
    bad = directory_file_read(b"kind,acronym,name,hospital\ndepartment,,Nowhere,XYZ\nroom,,A,\n", "u.csv")
    assert [len(row.errors) for row in directory_plan(kind=bad.kind, rows=bad.rows).errors] == [1, 1]


# Bad rows and files -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ("inria,E1,a@inria.example,A," + "x" * 1_000_000 + ",CARDIOSIM,staff", "longer than"),
        ('inria,E1,a@inria.example,=HYPERLINK("x"),B,CARDIOSIM,staff', "formula"),
        ("inria,E1,a@inria.example,+1,B,CARDIOSIM,staff", "formula"),
        ("inria,E1,a@inria.example,@SUM(1),B,CARDIOSIM,staff", "formula"),
        ("inria,E1,a@inria.example,-2,B,CARDIOSIM,staff", "formula"),
        ("inria,E1,a@inria.example,A,B,NOSUCHTEAM,staff", "unit"),
        ("inria,E1,a@inria.example,A,B,CARDIOSIM,boss", "function"),
        ("inria,E1,a@inria.example,A,B,Cardiologie (HEGP),team_leader", "leads a project-team"),
        ("mars,E1,a@inria.example,A,B,CARDIOSIM,staff", "institution"),
        ("partner,E1,a@inria.example,A,B,CARDIOSIM,staff", "institution"),
        ("inria,E1,not-an-address,A,B,CARDIOSIM,staff", "email"),
        ("inria,E1,a@inria.example,A\x1b[31m,B,CARDIOSIM,staff", "Control"),
        ("inria,E1,a@inria.example,A\u202eB,B,CARDIOSIM,staff", "direction"),
        ("inria,,a@inria.example,A,B,CARDIOSIM,staff", "required"),
    ],
)
def test_a_bad_row_is_an_error_and_nothing_is_written(personas, line, error):
    plan = plan_of(people_csv(ALICE, line))
    assert len(plan.errors) == 1
    assert error in " ".join(plan.errors[0].errors)
    with pytest.raises(Exception, match="errors"):
        apply(people_csv(ALICE, line), personas["ops"])
    assert not User.objects.filter(employee_id="E100").exists()


def test_duplicate_employee_ids_are_errors(personas):
    plan = plan_of(people_csv(ALICE, ALICE.replace("alice@", "alice2@")))
    assert [row.line for row in plan.errors] == [2, 3]


def test_two_leaders_for_one_team_are_errors(personas):
    first = "inria,E1,a@inria.example,A,B,PULSAR,team_leader"
    second = "inria,E2,b@inria.example,C,D,PULSAR,team_leader"
    assert len(plan_of(people_csv(first, second)).errors) == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"institution,employee_id,email\ninria,1,a@b.c\n", "columns"),
        (HEADER.replace("\n", ",birth_date\n").encode() + b"inria,1,a@b.c,A,B,PULSAR,staff,1990-13-45\n", "columns"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "neither"),
        (b"PK\x03\x04not really a zip", "neither"),
        (b"\xff\xfe\x00i\x00n", "neither"),
        (b"", "empty"),
        (b"x" * (5 * 1024 * 1024 + 1), "larger"),
        (HEADER.encode() + b"inria,1,a@b.c,A,B,PULSAR,staff\n" * 10_001, "more than"),
    ],
)
def test_a_bad_file_is_refused_as_a_whole(content, message):
    with pytest.raises(FileRefused, match=message):
        directory_file_read(content, "file.csv")


def test_an_xlsx_file_is_read_and_its_formulas_refused(personas):
    rows = [HEADER.strip().split(","), ["inria", 100, "alice@inria.example", "Alice", "Martin", "CARDIOSIM", "staff"]]
    plan = plan_of(xlsx(rows))
    assert [row.key for row in plan.created] == ["inria:100"]
    rows.append(["inria", "E2", "b@inria.example", "=1+1", "B", "CARDIOSIM", "staff"])
    assert "formula" in plan_of(xlsx(rows)).errors[0].errors[0]


# The pages -----------------------------------------------------------------------------


def upload(client: Client, content: bytes, name: str = "people.csv", **data: object):
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, content), **data})


def test_operations_preview_then_apply(sign_in: Callable[[str], Client]):
    client = sign_in("ops")
    response = upload(client, people_csv(ALICE, BRUNO))
    assert response.status_code == 200
    assert b"inria:E100" in response.content
    assert not User.objects.filter(employee_id="E100").exists()
    token = response.context["token"]
    response = client.post(APPLY_URL, {"token": token})
    assert response.status_code == 302
    assert User.objects.filter(employee_id__in=["E100", "A200"]).count() == 2
    # The preview is used once.
    assert client.post(APPLY_URL, {"token": token}).status_code == 400
    response = upload(client, people_csv(ALICE, BRUNO))
    assert response.context["plan"].nothing_to_change
    assert response.context["token"] == ""
    assert b"Nothing to change" in response.content or "Rien" in response.content.decode()


def test_a_preview_with_errors_offers_no_apply(sign_in):
    response = upload(sign_in("ops"), people_csv(ALICE, "inria,E1,a@x.example,A,B,NOSUCH,staff"))
    assert response.status_code == 400
    assert response.context["token"] == ""


def test_a_preview_is_its_uploaders_only(sign_in, personas, client):
    token = upload(sign_in("ops"), people_csv(ALICE)).context["token"]
    other = personas["director"]
    Group.objects.get(name="operations").user_set.add(other)
    client.force_login(other)
    assert client.post(APPLY_URL, {"token": token}).status_code == 400
    assert not User.objects.filter(employee_id="E100").exists()


def test_an_apply_refuses_a_directory_changed_since_the_preview(sign_in, personas):
    client = sign_in("ops")
    token = upload(client, people_csv(ALICE)).context["token"]
    apply(people_csv(ALICE.replace("Martin", "Durand")), personas["ops"])
    assert client.post(APPLY_URL, {"token": token}).status_code == 409
    assert User.objects.get(employee_id="E100").last_name == "Durand"


def test_a_file_neither_csv_nor_xlsx_is_a_form_error(sign_in):
    response = upload(sign_in("ops"), b"\x00\x01binary", "photo.png")
    assert response.status_code == 400
    assert response.context["form"].errors["file"]


def test_direction_may_not_import(sign_in):
    assert upload(sign_in("director"), people_csv(ALICE)).status_code == 403


def test_preview_costs_the_same_queries_whatever_the_number_of_rows(sign_in, personas):
    client = sign_in("ops")
    apply(people_csv(*(f"inria,E{n},p{n}@inria.example,P{n},Q,CARDIOSIM,staff" for n in range(3))), personas["ops"])

    def count(rows: int) -> int:
        lines = [f"inria,E{n},p{n}@inria.example,P{n},R,NEUROLEARN,staff" for n in range(rows)]
        with CaptureQueriesContext(connection) as queries:
            response = upload(client, people_csv(*lines), deactivate_missing="on")
        assert response.status_code == 200
        return len(queries)

    # Session and user, teams, departments, the people by key, by address, the usernames,
    # their protected roles, the people missing: the same whether 3 or 40 rows.
    assert count(3) == count(40)


# The command ---------------------------------------------------------------------------


def test_the_command_dry_run_prints_the_preview_and_writes_nothing(personas, tmp_path: Path):
    path = tmp_path / "people.csv"
    path.write_bytes(people_csv(ALICE))
    out = io.StringIO()
    call_command("import_directory", str(path), "--dry-run", stdout=out)
    assert "create inria:E100" in out.getvalue()
    assert not User.objects.filter(employee_id="E100").exists()
    call_command("import_directory", str(path), "--by", "ops", stdout=out)
    assert User.objects.filter(employee_id="E100").exists()
    out = io.StringIO()
    call_command("import_directory", str(path), "--by", "ops", stdout=out)
    assert "Nothing to change." in out.getvalue()


def test_the_command_fails_on_errors_and_without_an_operations_account(personas, tmp_path: Path):
    path = tmp_path / "people.csv"
    path.write_bytes(people_csv(ALICE, "inria,E1,a@x.example,A,B,NOSUCH,staff"))
    with pytest.raises(CommandError, match="errors"):
        call_command("import_directory", str(path), "--dry-run", stdout=io.StringIO(), stderr=io.StringIO())
    path.write_bytes(people_csv(ALICE))
    with pytest.raises(CommandError, match="--by"):
        call_command("import_directory", str(path), "--by", "researcher")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_directory", str(tmp_path / "missing.csv"), "--dry-run")


@pytest.mark.django_db(transaction=True)
def test_two_applies_of_the_same_file_at_once_create_each_person_once(personas):
    content = people_csv(ALICE, BRUNO)
    results = race([lambda: apply(content, personas["ops"]), lambda: apply(content, personas["ops"])])
    assert not any(isinstance(result, Exception) for result in results), results
    assert sorted(len(result.created) for result in results) == [0, 2]
    assert User.objects.filter(employee_id__in=["E100", "A200"]).count() == 2
    assert AuditEvent.objects.filter(action="directory_imported").count() == 1


def test_a_units_file_with_a_too_long_name_is_a_row_error(personas):
    parsed = directory_file_read(f"kind,acronym,name,hospital\nteam,LONG,{'n' * 250},\n".encode(), "u.csv")
    assert directory_plan(kind=parsed.kind, rows=parsed.rows).errors
