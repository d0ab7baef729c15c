"""The permission matrix of notifications/ (notifications/tests/matrix.py): the
unsubscribe link answers whoever holds a genuine token, signed in or not, and
unsubscribes its owner only; a forged token answers 404 and changes nothing.
The access review answers operations only, as a page or a file."""

from typing import Any

import pytest
from django.test import Client

from core.exports import CONTENT_TYPES, ExportFormat
from core.testing import Check, check_case, matrix
from notifications.jobs import unsubscribe_token
from notifications.tests.matrix import ROWS
from people.models import DigestFrequency, User


@pytest.mark.parametrize("case", matrix(ROWS))
def test_permission_matrix(client: Client, personas: dict[str, User], case: Check) -> None:
    if case.name == "notifications:access-review":
        response = check_case(client, case, personas.get(case.persona), lambda name: name)
        if case.expected == 200:
            exported = (case.data or {}).get("format")
            assert response["Content-Type"].startswith(
                CONTENT_TYPES[ExportFormat(exported)] if exported else "text/html"
            )
        return
    owner = case.args[0].strip("<>").partition(":")[2]
    owner = {"own": case.persona, "forged": "clinician"}.get(owner, owner)

    def lookup(name: str) -> Any:
        token = unsubscribe_token(personas[owner])
        if name == "token:forged":
            return token[:-1] + ("A" if token[-1] != "A" else "B")
        return token

    response = check_case(client, case, personas.get(case.persona), lookup)
    off = set(User.objects.filter(digest=DigestFrequency.OFF).values_list("username", flat=True))
    if case.expected == 404:
        assert off == set()
    elif case.method == "GET":
        assert owner in response.content.decode()
    else:
        assert off == {owner}
