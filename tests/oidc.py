"""A real OpenID provider for the sign-in tests: tests/oidc_provider.mjs (npm's `oidc-provider`) under Node.

Started on a free port of 127.0.0.1 like the other servers (tests/servers.py), with its people in a
JSON file the test may rewrite between two sign-ins. Without Node or `npm ci`'s node_modules the
tests are skipped, saying so; with REQUIRE_OIDC_PROVIDER=1 (CI) they fail instead.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests

from tests.conftest import PROJECT_DIR
from tests.servers import HOST, Process, free_port

SCRIPT = PROJECT_DIR / "tests" / "oidc_provider.mjs"
CLIENT_ID = "lagesbild"
CLIENT_SECRET = "test-hemlighet-" + "x" * 32
ORGANISATION = "Testregionen"
EDITORS = "lagesbild-redaktorer"
APPROVERS = "lagesbild-granskare"
PASSWORD = "rätt-lösenord"


def unavailable(reason: str):
    if os.environ.get("REQUIRE_OIDC_PROVIDER") == "1" or os.environ.get("CI"):
        pytest.fail(f"{reason} (REQUIRE_OIDC_PROVIDER=1: the sign-in tests may not be skipped)")
    pytest.skip(f"sign-in tests skipped: {reason}")


def person(groups=(), **extra) -> dict:
    """An account at the test provider: its password, claims and (optionally) a faulty ID token."""
    name = extra.pop("name", "Anna Andersson")
    given, _, family = name.partition(" ")
    claims = {
        "name": name,
        "given_name": given,
        "family_name": family,
        "email": extra.pop("email", f"{given.lower()}@example.se"),
        "email_verified": True,
        "preferred_username": extra.pop("preferred_username", given.lower()),
        "groups": list(groups),
    }
    return {"password": PASSWORD, "claims": claims, **extra}


class Provider:
    """The running provider: its issuer, its people (rewritable), and a stop."""

    def __init__(self, tmp_path: Path, redirect_bases: list[str]):
        node = shutil.which("node")
        if node is None:
            unavailable("node is not installed (Debian: apt-get install nodejs npm)")
        if not (PROJECT_DIR / "node_modules" / "oidc-provider").exists():
            unavailable("npm's oidc-provider is not installed (run `npm ci`, as `make test` does)")
        self.accounts_file = tmp_path / "accounts.json"
        self.people = {}
        self.save()
        port = free_port()
        self.issuer = f"http://{HOST}:{port}"
        clients = [
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": [f"{base}/oidc/callback/" for base in redirect_bases],
                "post_logout_redirect_uris": [f"{base}/admin/login/" for base in redirect_bases],
                "token_endpoint_auth_method": "client_secret_post",
                "grant_types": ["authorization_code"],
                "response_types": ["code"],
            }
        ]
        env = {
            **os.environ,
            "PORT": str(port),
            "ACCOUNTS_FILE": str(self.accounts_file),
            "CLIENTS": json.dumps(clients),
        }
        self.process = Process([node, str(SCRIPT)], env, tmp_path / "oidc-provider.log")
        self.process.wait_for(self.issuer + "/.well-known/openid-configuration", timeout=30)

    def save(self):
        self.accounts_file.write_text(json.dumps(self.people), encoding="utf-8")

    def add(self, login: str, account: dict):
        self.people[login] = account
        self.save()

    def stop(self):
        self.process.stop()

    def settings(self, settings):
        """Django's settings for this provider, as cms/settings.py makes them from OIDC_* variables."""
        settings.OIDC_OP_ISSUER = self.issuer
        settings.OIDC_ORGANISATION = ORGANISATION
        settings.OIDC_RP_CLIENT_ID = CLIENT_ID
        settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
        settings.OIDC_RP_SIGN_ALGO = "RS256"
        settings.OIDC_RP_SCOPES = "openid email profile groups"
        for name in ("AUTHORIZATION", "TOKEN", "USER", "JWKS", "LOGOUT"):
            setattr(settings, f"OIDC_OP_{name}_ENDPOINT", None)  # from the discovery document
        settings.OIDC_USE_PKCE = True
        settings.OIDC_STORE_ID_TOKEN = True
        settings.OIDC_TIMEOUT = 10
        settings.RAPPORT_BLOCKS_PROVIDER_GROUPS = {EDITORS: "Redaktörer", APPROVERS: "Granskare"}
        settings.AUTHENTICATION_BACKENDS = [
            "axes.backends.AxesStandaloneBackend",
            "cms.sign_in.ProviderBackend",
            "django.contrib.auth.backends.ModelBackend",
        ]


def start(tmp_path: Path, *redirect_bases: str) -> Provider:
    return Provider(tmp_path, list(redirect_bases))


class Browserless:
    """A person at the provider's pages without a browser: requests for the provider, Django's test
    client for this site. Redirects are followed by hand, so each hop can be looked at."""

    def __init__(self, client, site: str = "http://testserver"):
        self.client = client
        self.site = site
        self.provider = requests.Session()

    def start(self, next_url: str = "/admin/") -> str:
        """This site's "Logga in med …": the provider's authorization address it redirects to."""
        response = self.client.get("/oidc/authenticate/", {"next": next_url})
        assert response.status_code == 302, response
        return response["Location"]

    def log_in_at_provider(self, authorization_url: str, login: str, password: str = PASSWORD) -> str:
        """The provider's login page, filled in: the callback address of this site it sends back to.

        A person still signed in at the provider is sent straight back, as by a real one.
        """
        response = self.provider.get(authorization_url, allow_redirects=False, timeout=10)
        while response.status_code in (302, 303):
            location = urljoin(response.url, response.headers["Location"])
            if location.startswith(self.site):
                return location
            response = self.provider.get(location, allow_redirects=False, timeout=10)
        assert response.status_code == 200 and "Logga in hos testleverantören" in response.text, response.text
        response = self.provider.post(
            response.url.rstrip("/") + "/login",
            data={"login": login, "password": password},
            allow_redirects=False,
            timeout=10,
        )
        return self.follow_to_site(response)

    def sign_out_at_provider(self, end_session_url: str):
        """The provider's "Logga ut" page, confirmed: the address it sends the browser to."""
        page = self.provider.get(end_session_url, timeout=10)
        assert page.status_code == 200 and "Logga ut" in page.text, page.text
        form = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page.text))
        action = re.search(r'<form[^>]*action="([^"]+)"', page.text).group(1)
        response = self.provider.post(
            urljoin(page.url, action), data={**form, "logout": "yes"}, allow_redirects=False, timeout=10
        )
        return self.follow_to_site(response)

    def follow_to_site(self, response) -> str:
        for _ in range(10):
            assert response.status_code in (302, 303), (response.status_code, response.text[:500])
            location = urljoin(response.url, response.headers["Location"])
            if location.startswith(self.site):
                return location
            response = self.provider.get(location, allow_redirects=False, timeout=10)
        raise AssertionError("the provider never sent the browser back")

    def callback(self, url: str):
        """This site's callback, as the browser would request it."""
        parts = urlsplit(url)
        return self.client.get(parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()})

    def sign_in(self, login: str, password: str = PASSWORD):
        return self.callback(self.log_in_at_provider(self.start(), login, password))
