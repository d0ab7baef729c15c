"""HTTP as a browser does it: through the balancer (HTTPS) or straight to one instance."""

import http.client
import re
import ssl
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from rehearsal.config import DEMO_PASSWORD, HOST
from rehearsal.processes import CheckFailed


@dataclass(frozen=True)
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes


@dataclass
class Site:
    port: int  # the balancer's HTTPS port
    tls: ssl.SSLContext

    @property
    def authority(self) -> str:
        return f"{HOST}:{self.port}"

    @property
    def url(self) -> str:
        return f"https://{self.authority}"


@dataclass
class Client:
    """One person's browser, talking either to the balancer (HTTPS) or straight
    to one instance (plain HTTP, with the headers the balancer would add). It
    keeps its cookies itself: ``__Host-`` cookies are Secure, which a cookie jar
    would withhold from the plain-HTTP hop to an instance."""

    site: Site
    port: int | None = None  # an instance's port, or None for the balancer
    forwarded_proto: str = "https"  # what the balancer would say, to an instance
    cookies: dict[str, str] = field(default_factory=dict)
    connection: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, form: dict[str, str] | None = None, timeout: float = 30) -> Response:
        headers = {"Host": self.site.authority, "Referer": f"{self.site.url}{path}", "Origin": self.site.url}
        if self.port is not None:
            headers |= {"X-Forwarded-Proto": self.forwarded_proto, "X-Real-IP": HOST}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection = self.connection or self._connect(timeout)
            connection.request(method, path, body=body, headers=headers)
            raw = connection.getresponse()
            response = Response(raw.status, raw.headers, raw.read())
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        self.connection = connection
        self._keep_cookies(response)
        return response

    def _keep_cookies(self, response: Response) -> None:
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def _connect(self, timeout: float) -> http.client.HTTPConnection:
        if self.port is None:
            return http.client.HTTPSConnection(HOST, self.site.port, timeout=timeout, context=self.site.tls)
        return http.client.HTTPConnection(HOST, self.port, timeout=timeout)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def sign_in(self, username: str) -> Response:
        page = self.request("GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
        if page.status != 200 or token is None:
            raise CheckFailed(f"the sign-in page answered {page.status}")
        form = {"username": username, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token[1].decode()}
        answer = self.request("POST", "/accounts/login/", form)
        if answer.status != 302 or "__Host-sessionid" not in self.cookies:
            raise CheckFailed(f"signing in as {username} answered {answer.status}")
        return answer


def signed_in_page(response: Response) -> bool:
    return response.status == 200 and b"user-menu__name" in response.body
