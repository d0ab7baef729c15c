"""Random worlds of transfer records (hypothesis), with a plain-Python reading
of SPEC §3 for them: what the property tests of test_selectors and test_access run."""

from datetime import date

from hypothesis import strategies as st

from people.demo import PERSONAS as DEMO_PERSONAS
from people.models import Company, Institution, User
from people.tests.factories import UserFactory
from projects import services as project_services
from transfer import services
from transfer.models import Agreement, Innovation

PERSONAS = [persona.username for persona in DEMO_PERSONAS]
TODAY = date(2030, 3, 10)


def fresh(username: str) -> User:
    """The account as a request would load it: no role cached from a previous call."""
    return User.objects.get(username=username)


class Lab:
    """A direct reading of SPEC §3 for transfer records, from plain Python data."""

    def __init__(
        self,
        *,
        users: dict[str, User],
        roles: dict[tuple[str, int], str],
        innovations: list[tuple[int | None, bool]],
        agreements: list[tuple[int, int]],
        companies: list[Company],
    ) -> None:
        self.users = users
        self.roles = roles  # (username, project index) → "lead" or "member"
        self.innovations = innovations  # (project index or None, confidential)
        self.agreements = agreements  # (innovation index, company index)
        self.companies = companies
        everything = {"direction", "operations", "transfer_office"}
        self.all_seers = {
            username for username, user in users.items() if user.is_active and user.groups.filter(name__in=everything)
        }

    def sees_all(self, username: str) -> bool:
        return username in self.all_seers

    def sees_innovation(self, username: str, index: int) -> bool:
        user = self.users[username]
        project, confidential = self.innovations[index]
        if not user.is_active:
            return False
        if self.sees_all(username):
            return True
        if user.institution == Institution.PARTNER:
            companies = {self.companies[c].pk for i, c in self.agreements if i == index}
            return not confidential and user.company_id in companies
        role = self.roles.get((username, project)) if project is not None else None
        return role == "lead" or (role == "member" and not confidential)

    def sees_agreement(self, username: str, index: int) -> bool:
        innovation, company = self.agreements[index]
        user = self.users[username]
        if not self.sees_innovation(username, innovation):
            return False
        return (
            self.sees_all(username)
            or user.institution != Institution.PARTNER
            or (self.companies[company].pk == user.company_id)
        )

    def sees_company(self, username: str, index: int) -> bool:
        user = self.users[username]
        if self.sees_all(username):
            return True
        if user.is_active and self.companies[index].pk == user.company_id:
            return True
        return any(self.sees_agreement(username, n) for n, (_i, c) in enumerate(self.agreements) if c == index)


USERS = [*PERSONAS, "partner2", "member"]
world = st.fixed_dictionaries(
    {
        "projects": st.lists(st.booleans(), min_size=1, max_size=3),  # confidential flags
        "memberships": st.lists(
            st.tuples(st.sampled_from(USERS), st.integers(0, 2), st.sampled_from(["lead", "member"])), max_size=8
        ),
        "innovations": st.lists(
            st.tuples(st.one_of(st.none(), st.integers(0, 2)), st.booleans()), min_size=1, max_size=5
        ),
        "agreements": st.lists(st.tuples(st.integers(0, 4), st.integers(0, 2)), max_size=5),
        "inactive": st.sets(st.sampled_from(USERS), max_size=2),
    }
)


def build(cast: dict[str, User], data: dict) -> tuple[Lab, list[Innovation], list[Agreement], list[Company]]:
    """The drawn world, written through the services, and its plain-Python reading."""
    officer, owner = cast["transfer"], UserFactory(username="owner")
    projects = [
        project_services.project_create(by=owner, acronym=f"P{n}", title=f"P{n}", confidential=confidential)
        for n, confidential in enumerate(data["projects"])
    ]
    roles = {("owner", n): "lead" for n in range(len(projects))}
    for username, index, role in data["memberships"]:
        index %= len(projects)
        if (username, index) not in roles:
            role = "member" if cast[username].institution == Institution.PARTNER else role  # partners never lead
            project_services.member_add(project=projects[index], by=owner, user=cast[username], role=role)
            roles[(username, index)] = role
    specs = [(None if p is None else p % len(projects), confidential) for p, confidential in data["innovations"]]
    innovations = [
        services.innovation_create(
            by=officer, title=f"I{n}", project=None if p is None else projects[p], confidential=confidential
        )
        for n, (p, confidential) in enumerate(specs)
    ]
    companies = [cast["partner"].company, cast["partner2"].company, Company.objects.create(name="Third SA")]
    pairs = [(index % len(innovations), company) for index, company in data["agreements"]]
    agreements = [
        services.agreement_create(
            by=officer,
            kind="nda",
            partner=companies[company],
            innovation=innovations[index],
            signed_on=TODAY,
            reference=f"A{n}",
        )
        for n, (index, company) in enumerate(pairs)
    ]
    User.objects.filter(username__in=data["inactive"]).update(is_active=False)
    users = {username: fresh(username) for username in [*USERS, "owner"]}
    lab = Lab(users=users, roles=roles, innovations=specs, agreements=pairs, companies=companies)
    return lab, innovations, agreements, companies
