import factory
from django.apps import apps
from django.db.models import Model
from factory.django import DjangoModelFactory

from people.models import Company, Department, Hospital, Institution, Team, User


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@labsite.example")
    institution = Institution.INRIA
    password = factory.django.Password("correct horse battery staple")


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team

    acronym = factory.Sequence(lambda n: f"TEAM{n}")
    name = factory.Faker("catch_phrase")


class HospitalFactory(DjangoModelFactory):
    class Meta:
        model = Hospital

    short_name = factory.Sequence(lambda n: f"H{n}")
    name = factory.Sequence(lambda n: f"Hospital {n}")


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"Department {n}")
    hospital = factory.SubFactory(HospitalFactory)


class CompanyFactory(DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Company {n}")


def project_with(acronym: str, title: str, *members: User, lead: User | None = None) -> Model:
    """A project of ``members``, ``lead`` leading it: the directory opens a
    partner to the people they share a project with. people's code reads
    projects through relation names (``project_memberships``) and may not
    import them (labsite/layers.py); its tests make them through the app
    registry."""
    project = apps.get_model("projects", "Project").objects.create(acronym=acronym, title=title)
    if lead is not None:
        project.memberships.create(user=lead, role="lead")
    for member in members:
        project.memberships.create(user=member)
    return project
