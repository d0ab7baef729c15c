"""A real OpenID Provider for the single sign-on tests: oidc-provider (the npm
package, certified by the OpenID Foundation) under Node, one process per
institution on a free loopback port (``oidc/provider.mjs``, installed by
``make oidc-provider``), with helpers to sign in through its pages with
Playwright and to sign or check ID tokens with its test key.

The provider's sign-in page takes an account's ``sub`` or ``email`` as the
login and that account's ``password`` (``TEST_PASSWORD`` unless the account
says otherwise); its consent page follows. Its codes, sessions and grants live
in the process's memory: a stopped provider forgets everything."""

import base64
import contextlib
import hashlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from core.tests.smtp import wait_until

BASE_DIR = Path(__file__).resolve().parent.parent.parent
OIDC_DIR = BASE_DIR / "oidc"
PROVIDER_SCRIPT = OIDC_DIR / "provider.mjs"
KEYS_DIR = OIDC_DIR / "keys"
TEST_PASSWORD = "labsite-test"
SCOPES = ["openid", "email", "profile", "employee"]
# An upper bound for a provider to start (Node loads in well under a second; a CI machine
# running the suite on every core is slower), not a speed goal.
START_WAIT = 30

# The accounts each institution's provider knows unless a test gives its own: a verified
# and an unverified email at each.
ACCOUNTS: dict[str, list[dict[str, Any]]] = {
    "inria": [
        {
            "sub": "inria-0001",
            "email": "alice.martin@inria.fr",
            "email_verified": True,
            "given_name": "Alice",
            "family_name": "Martin",
            "employee_id": "INR-0001",
        },
        {
            "sub": "inria-0002",
            "email": "bruno.petit@inria.fr",
            "email_verified": False,
            "given_name": "Bruno",
            "family_name": "Petit",
            "employee_id": "INR-0002",
        },
    ],
    "aphp": [
        {
            "sub": "aphp-7001",
            "email": "claire.durand@aphp.fr",
            "email_verified": True,
            "given_name": "Claire",
            "family_name": "Durand",
            "employee_id": "APHP-7001",
        },
        {
            "sub": "aphp-7002",
            "email": "david.bernard@aphp.fr",
            "email_verified": False,
            "given_name": "David",
            "family_name": "Bernard",
            "employee_id": "APHP-7002",
        },
    ],
}


class ProviderUnavailable(RuntimeError):
    """Node or the provider's packages are missing (``make oidc-provider``)."""


def node_executable() -> str:
    node = shutil.which("node")
    if node is None:
        raise ProviderUnavailable("Node is not installed (apt-get install nodejs npm).")
    if not (OIDC_DIR / "node_modules" / "oidc-provider").is_dir():
        raise ProviderUnavailable("The test OpenID Provider is not installed: run `make oidc-provider`.")
    return node


@dataclass
class OIDCProvider:
    """One oidc-provider process with one client (the site) and its accounts."""

    name: str
    institution: str
    accounts: list[dict[str, Any]]
    redirect_uris: list[str]
    workdir: Path
    post_logout_redirect_uris: list[str] = field(default_factory=list)
    client_id: str = "labsite"
    client_secret: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    token_endpoint_auth_method: str = "client_secret_post"
    key: str = "inria"
    issuer: str = ""
    process: subprocess.Popen[bytes] | None = None

    @property
    def log(self) -> Path:
        return self.workdir / f"oidc-{self.name}.log"

    @property
    def private_jwk(self) -> dict[str, Any]:
        """The provider's signing key, private part included (a test key, committed)."""
        return json.loads((KEYS_DIR / f"{self.key}.json").read_text())

    @property
    def public_jwk(self) -> dict[str, Any]:
        return {name: value for name, value in self.private_jwk.items() if name in PUBLIC_JWK_MEMBERS}

    def start(self) -> None:
        node = node_executable()
        self.workdir.mkdir(parents=True, exist_ok=True)
        config = self.workdir / f"oidc-{self.name}.json"
        config.write_text(
            json.dumps(
                {
                    "port": 0,
                    "client_id": self.client_id,
                    "client_secret": self.client_secret,
                    "redirect_uris": self.redirect_uris,
                    "post_logout_redirect_uris": self.post_logout_redirect_uris,
                    "token_endpoint_auth_method": self.token_endpoint_auth_method,
                    "accounts": [{"password": TEST_PASSWORD, **account} for account in self.accounts],
                    "signing_key": str(KEYS_DIR / f"{self.key}.json"),
                }
            )
        )
        with self.log.open("wb") as log:
            # Its own process group: stop() ends the provider and anything it started.
            self.process = subprocess.Popen(
                [node, str(PROVIDER_SCRIPT), "--config", str(config)],
                cwd=OIDC_DIR,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            self.issuer = wait_until(self._ready_line, timeout=START_WAIT)
            wait_until(self._discovery_answers, timeout=START_WAIT)
        except BaseException:
            self.stop()
            raise

    def _ready_line(self) -> str | None:
        assert self.process is not None
        if self.process.poll() is not None:
            raise RuntimeError(f"The OpenID Provider {self.name} exited:\n{self.output()}")
        for line in self.output().splitlines():
            if line.startswith("READY "):
                return line.removeprefix("READY ").strip()
        return None

    def _discovery_answers(self) -> bool:
        try:
            return requests.get(self.discovery_url, timeout=2).status_code == 200
        except requests.ConnectionError:
            return False

    def stop(self) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)
        self.process = None

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def discovery(self) -> dict[str, Any]:
        response = requests.get(self.discovery_url, timeout=5)
        response.raise_for_status()
        return response.json()

    def jwks(self) -> dict[str, Any]:
        response = requests.get(self.discovery()["jwks_uri"], timeout=5)
        response.raise_for_status()
        return response.json()

    def oidc_providers_entry(
        self,
        *,
        id: str | None = None,  # the setting's own key
        name: str | None = None,
        institution: str | None = None,
        domains: Iterable[str] | None = None,
        scopes: Iterable[str] | None = None,
        claims: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        """This provider as one object of labsite's ``OIDC_PROVIDERS`` setting."""
        entry: dict[str, Any] = {
            "id": id or self.name,
            "name": name or self.name.upper(),
            "issuer": self.issuer,
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "scopes": list(scopes) if scopes is not None else list(SCOPES),
            "institution": institution or self.institution,
        }
        if domains is not None:
            entry["domains"] = list(domains)
        if claims is not None:
            entry["claims"] = dict(claims)
        return entry

    def id_token(self, *, audience: str | None = None, lifetime: int = 300, **claims: Any) -> str:
        """An ID token signed with this provider's key, as if it had issued it: ``iss``,
        ``aud`` (the client), ``iat`` and ``exp`` (``lifetime`` seconds on, negative for an
        expired one) unless given; any claim may be overridden or added."""
        now = int(time.time())
        payload = {
            "iss": self.issuer,
            "aud": audience or self.client_id,
            "iat": now,
            "exp": now + lifetime,
            **claims,
        }
        return sign_jwt(payload, self.private_jwk)


# --- Playwright ------------------------------------------------------------------------------


def sign_in_at_provider(page: Any, login: str, password: str = TEST_PASSWORD, *, timeout: float = 15_000) -> None:
    """On the provider's sign-in page (where the site sent the browser): sign in, then
    accept the consent page if the provider shows one (only the first time a client asks
    an account for these scopes). Returns once the browser has left the provider's pages,
    or is back on its sign-in page after a wrong login or password."""
    page.wait_for_selector("input[name=login]", timeout=timeout)
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", password)
    with page.expect_navigation(timeout=timeout):
        page.click("button.login-submit")
    consent = page.locator("form input[name=prompt][value=consent]")
    if consent.count():
        with page.expect_navigation(timeout=timeout):
            page.click("button.login-submit")


def confirm_sign_out_at_provider(page: Any, *, timeout: float = 15_000) -> None:
    """On the provider's end-session page (RP-initiated logout): "Yes, sign me out"."""
    with page.expect_navigation(timeout=timeout):
        page.click("button[name=logout][value=yes]", timeout=timeout)


# --- Tokens ----------------------------------------------------------------------------------
# RS256 by hand (RSASSA-PKCS1-v1_5 with SHA-256, RFC 8017 §8.2): nothing more is needed to
# craft tokens with the provider's test key or check those it signs, and no package of the
# site's lock is needed for it. Not for production: no blinding, no constant time.

PUBLIC_JWK_MEMBERS = {"kty", "kid", "alg", "use", "n", "e"}
SHA256_DIGEST_INFO = bytes.fromhex("3031300d060960864801650304020105000420")


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _integer(jwk: Mapping[str, Any], member: str) -> int:
    return int.from_bytes(b64url_decode(jwk[member]), "big")


def _encoded_digest(message: bytes, length: int) -> int:
    digest_info = SHA256_DIGEST_INFO + hashlib.sha256(message).digest()
    padded = b"\x00\x01" + b"\xff" * (length - len(digest_info) - 3) + b"\x00" + digest_info
    return int.from_bytes(padded, "big")


def sign_jwt(payload: Mapping[str, Any], private_jwk: Mapping[str, Any], **header: Any) -> str:
    """A compact JWS (RS256) of ``payload``; ``header`` adds to or overrides ``alg``, ``typ``
    and ``kid``."""
    head = {"alg": "RS256", "typ": "JWT", "kid": private_jwk.get("kid"), **header}
    signing_input = f"{b64url_encode(json.dumps(head).encode())}.{b64url_encode(json.dumps(payload).encode())}"
    modulus, exponent = _integer(private_jwk, "n"), _integer(private_jwk, "d")
    length = (modulus.bit_length() + 7) // 8
    signature = pow(_encoded_digest(signing_input.encode("ascii"), length), exponent, modulus)
    return f"{signing_input}.{b64url_encode(signature.to_bytes(length, 'big'))}"


class InvalidSignature(ValueError):
    pass


def verify_jwt(token: str, jwks: Mapping[str, Any]) -> dict[str, Any]:
    """The payload of an RS256 ``token`` whose signature one key of ``jwks`` (by ``kid``)
    verifies; ``InvalidSignature`` otherwise. Claims (iss, aud, exp) are the caller's to check."""
    head_part, payload_part, signature_part = token.split(".")
    head = json.loads(b64url_decode(head_part))
    if head.get("alg") != "RS256":
        raise InvalidSignature(f"not RS256: {head.get('alg')}")
    keys = [key for key in jwks["keys"] if key.get("kid") == head.get("kid") and key.get("kty") == "RSA"]
    if not keys:
        raise InvalidSignature(f"no key {head.get('kid')!r}")
    modulus, exponent = _integer(keys[0], "n"), _integer(keys[0], "e")
    length = (modulus.bit_length() + 7) // 8
    signature = int.from_bytes(b64url_decode(signature_part), "big")
    expected = _encoded_digest(f"{head_part}.{payload_part}".encode("ascii"), length)
    if signature >= modulus or pow(signature, exponent, modulus) != expected:
        raise InvalidSignature("the signature does not match")
    return json.loads(b64url_decode(payload_part))


def pkce_pair() -> tuple[str, str]:
    """A PKCE ``code_verifier`` and its S256 ``code_challenge``."""
    verifier = secrets.token_urlsafe(48)
    return verifier, b64url_encode(hashlib.sha256(verifier.encode("ascii")).digest())
