"""``manage.py seed_demo``: the demo accounts of SPEC §6, idempotent, refused with DEBUG off."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from people.demo import PERSONAS
from people.models import Company, Department, Hospital, Team, User
from people.roles import user_roles

MODELS = [User, Team, Hospital, Department, Company, Group, User.groups.through]


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True


def test_seed_demo_refuses_to_run_with_debug_off(db):
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_seed_demo_creates_the_eleven_accounts_with_the_demo_password(db, debug_on):
    call_command("seed_demo")
    users = {user.username: user for user in User.objects.all()}
    assert set(users) == {persona.username for persona in PERSONAS}
    assert all(user.check_password(settings.DEMO_PASSWORD) for user in users.values())


def test_seed_demo_gives_each_account_its_role(db, debug_on):
    call_command("seed_demo")
    roles = {user.username: user_roles(user) for user in User.objects.all()}
    assert roles == {
        "director": ["direction", "staff"],
        "ops": ["operations", "staff"],
        "teamlead": ["team_leader", "staff"],
        "teamlead2": ["team_leader", "staff"],
        "researcher": ["staff"],
        "depthead": ["department_head", "staff"],
        "depthead2": ["department_head", "staff"],
        "clinician": ["staff"],
        "clinician2": ["staff"],
        "transfer": ["transfer_officer", "staff"],
        "partner": ["partner"],
    }
    teams = dict(Team.objects.values_list("acronym", "leader__username"))
    assert teams["CARDIOSIM"] != teams["NEUROLEARN"]
    assert User.objects.get(username="researcher").team.leader.username == "teamlead"
    assert User.objects.get(username="clinician").department.head.username == "depthead"
    assert User.objects.get(username="clinician2").department.head.username == "depthead2"


def test_seed_demo_twice_changes_nothing(db, debug_on):
    call_command("seed_demo")
    before = counts()
    hashes = dict(User.objects.values_list("username", "password"))
    units = list(User.objects.order_by("username").values_list("username", "team", "department", "company"))
    call_command("seed_demo")
    assert counts() == before
    assert dict(User.objects.values_list("username", "password")) == hashes
    assert list(User.objects.order_by("username").values_list("username", "team", "department", "company")) == units


def test_seed_demo_restores_a_changed_demo_password(db, debug_on):
    call_command("seed_demo")
    clinician = User.objects.get(username="clinician")
    clinician.set_password("something-else-entirely")
    clinician.save()
    call_command("seed_demo")
    clinician.refresh_from_db()
    assert clinician.check_password(settings.DEMO_PASSWORD)
