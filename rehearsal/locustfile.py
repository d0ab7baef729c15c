"""The simulated users of bin/loadtest (run by locust, headless): each signs in as one of the
demo's staff personas, in turn, then browses the main pages and the API's lists.

Environment: LOADTEST_CA, the certificate of the balancer; LOADTEST_EVENTS, a file where every
failed request is appended as ``<unix time> <name> <what>`` (for the restart's figures)."""

import itertools
import os
import re
import time
from typing import Any

from locust import HttpUser, between, events, task

from rehearsal.config import DEMO_PASSWORD, LOAD_ACCOUNTS, PAGES

API_LISTS = ["/api/projects/", "/api/people/", "/api/teams/", "/api/innovations/"]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ROUND = [*PAGES, *API_LISTS]
_accounts = itertools.cycle(LOAD_ACCOUNTS)
_starts = itertools.cycle(range(len(ROUND)))


@events.request.add_listener
def _record_failure(request_type: str, name: str, exception: BaseException | None, **_kwargs: Any) -> None:
    path = os.environ.get("LOADTEST_EVENTS")
    if exception is not None and path:
        what = " ".join(str(exception).split())[:200]
        with open(path, "a", encoding="utf-8") as file:
            file.write(f"{time.time():.3f} {request_type} {name} {what}\n")


class Person(HttpUser):
    """A signed-in member of staff reading a page for 1 to 5 seconds before the next."""

    wait_time = between(1, 5)

    def on_start(self) -> None:
        self.client.verify = os.environ["LOADTEST_CA"]
        self.username = next(_accounts)
        start = next(_starts)
        self.pages = itertools.cycle(ROUND[start:] + ROUND[:start])
        self.signed_in = False
        self.sign_in()

    def sign_in(self) -> None:
        """As a person does: the form, then the POST; after an error, again at the next turn."""
        headers = {"Referer": f"{self.host}/accounts/login/", "Origin": self.host or ""}
        with self.client.get("/accounts/login/", name="sign in (form)", catch_response=True) as page:
            token = TOKEN.search(page.text or "")
            if page.status_code != 200 or token is None:
                page.failure(f"the sign-in page answered {page.status_code}")
                return
        form = {"username": self.username, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token[1]}
        with self.client.post(
            "/accounts/login/", data=form, headers=headers, name="sign in", allow_redirects=False, catch_response=True
        ) as answer:
            if answer.status_code != 302:
                answer.failure(f"signing in as {self.username} answered {answer.status_code}")
            else:
                self.signed_in = True

    def _get(self, path: str, marker: str | None) -> None:
        with self.client.get(path, name=path, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
                self.signed_in = response.status_code not in (302, 401, 403)  # signed out: sign in again
            elif marker is not None and marker not in response.text:
                response.failure("not a signed-in page")

    @task
    def next_page(self) -> None:
        """The main pages and the API's lists, in turn (each user starts at a different one)."""
        if not self.signed_in:
            self.sign_in()
            return
        path = next(self.pages)
        self._get(path, None if path.startswith("/api/") else "user-menu__name")
