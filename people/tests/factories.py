import factory
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
