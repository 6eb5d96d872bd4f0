"""Signing in with the organisation's identity provider, against a real one (tests/oidc.py, issue 25).

The authorization-code flow with PKCE, the state and nonce checks, a token for another audience,
an expired token, a person without the group and a person whose group was removed. The provider
is npm's certified `oidc-provider`, run by Node on 127.0.0.1; this site is Django's test client.
"""

import logging
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages

from cms.models import ProviderIdentity
from tests import oidc

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    running = oidc.start(tmp_path_factory.mktemp("oidc"), "http://testserver")
    yield running
    running.stop()


@pytest.fixture
def sign_in(provider, settings, demo_reports, client):
    """The demo site (its groups Redaktörer and Granskare) with the provider configured."""
    provider.settings(settings)
    provider.people.clear()
    provider.add("anna", oidc.person([oidc.EDITORS, "some-other-group"], name="Anna Andersson"))
    provider.add("gustav", oidc.person([oidc.APPROVERS], name="Gustav Granskare"))
    provider.add("utan", oidc.person(["lagesbild-lasare"], name="Ulla Utan"))
    provider.add("annan", oidc.person([oidc.EDITORS], name="Ada Annan", id_token="wrong-audience"))
    provider.add("gammal", oidc.person([oidc.EDITORS], name="Gösta Gammal", id_token="expired"))
    return oidc.Browserless(client)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def groups(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def assert_refused(response, message: str):
    assert response.status_code == 302 and response["Location"] == "/admin/login/"
    assert messages_of(response)[-1] == message
    assert "_auth_user_id" not in response.wsgi_request.session


FAILED = "Inloggningen med Testregionen kunde inte slutföras. Försök igen."


def test_the_login_page_offers_the_provider(sign_in, client):
    html = client.get("/admin/login/").content.decode()
    assert "Logga in med Testregionen" in html
    assert 'href="/oidc/authenticate/"' in html
    assert "Eller med ett lokalt konto" in html and 'name="password"' in html


def test_code_flow_with_pkce_state_and_nonce_makes_an_editor(sign_in, client, provider):
    authorization = sign_in.start()
    query = parse_qs(urlsplit(authorization).query)
    assert authorization.startswith(provider.issuer + "/auth?")
    assert query["response_type"] == ["code"] and query["client_id"] == [oidc.CLIENT_ID]
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) == 43
    assert len(query["state"][0]) >= 32 and len(query["nonce"][0]) >= 32
    callback = sign_in.log_in_at_provider(authorization, "anna")
    response = sign_in.callback(callback)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    user = User.objects.get(provider_identity__subject="anna", provider_identity__issuer=provider.issuer)
    assert groups(user) == {"Redaktörer"}  # "some-other-group" maps to nothing
    assert (user.get_full_name(), user.email, user.has_usable_password()) == (
        "Anna Andersson",
        "anna@example.se",
        False,
    )
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200 and "Starta nästa lägesbild" in dashboard.content.decode()


def test_a_stolen_code_is_useless_without_the_sessions_verifier(sign_in, client, provider):
    """PKCE: even with the client's secret, a code redeems only with the verifier its session holds."""

    def redeem(callback, verifier):
        return requests.post(
            provider.issuer + "/token",
            data={
                "grant_type": "authorization_code",
                "code": parse_qs(urlsplit(callback).query)["code"][0],
                "redirect_uri": "http://testserver/oidc/callback/",
                "client_id": oidc.CLIENT_ID,
                "client_secret": oidc.CLIENT_SECRET,
                "code_verifier": verifier,
            },
            timeout=10,
        )

    stolen = redeem(sign_in.log_in_at_provider(sign_in.start(), "anna"), "a" * 64)
    assert stolen.status_code == 400 and stolen.json()["error"] == "invalid_grant"
    # The same request with the verifier the session holds: the one difference.
    authorization = sign_in.start()
    state = parse_qs(urlsplit(authorization).query)["state"][0]
    verifier = client.session["oidc_states"][state]["code_verifier"]
    assert redeem(sign_in.log_in_at_provider(authorization, "anna"), verifier).status_code == 200


def test_an_unknown_state_is_refused(sign_in, client):
    callback = sign_in.log_in_at_provider(sign_in.start(), "anna")
    forged = callback.replace("state=", "state=x")
    assert_refused(sign_in.callback(forged), FAILED)
    assert not ProviderIdentity.objects.exists()


def test_a_callback_from_another_browser_is_refused(sign_in, client, provider):
    callback = sign_in.log_in_at_provider(sign_in.start(), "anna")
    client.cookies.clear()  # the session that sent the state is not this one
    assert_refused(sign_in.callback(callback), FAILED)
    assert not ProviderIdentity.objects.exists()


def test_a_token_with_another_nonce_is_refused(sign_in, client):
    authorization = sign_in.start()
    session = client.session
    state = parse_qs(urlsplit(authorization).query)["state"][0]
    states = session["oidc_states"]
    states[state]["nonce"] = "a-nonce-this-provider-never-saw"  # as if the token were replayed
    session["oidc_states"] = states
    session.save()
    assert_refused(sign_in.callback(sign_in.log_in_at_provider(authorization, "anna")), FAILED)
    assert not ProviderIdentity.objects.exists()


def test_a_token_for_another_audience_is_refused(sign_in, caplog):
    with caplog.at_level(logging.WARNING, logger="lagesbild.sign_in"):
        assert_refused(sign_in.sign_in("annan"), FAILED)
    assert "ID token refused: Audience doesn't match" in caplog.text
    assert not User.objects.filter(email="ada@example.se").exists()


def test_an_expired_token_is_refused(sign_in, caplog):
    with caplog.at_level(logging.WARNING, logger="lagesbild.sign_in"):
        assert_refused(sign_in.sign_in("gammal"), FAILED)
    assert "Signature has expired" in caplog.text
    assert not User.objects.filter(email="gösta@example.se").exists()


def test_a_person_without_the_group_is_refused_and_nothing_is_created(sign_in):
    users = User.objects.count()
    assert_refused(
        sign_in.sign_in("utan"),
        "Du är inloggad hos Testregionen men finns inte i någon grupp som får arbeta i Lägesbild. "
        "Be din administratör att lägga till dig.",
    )
    assert User.objects.count() == users and not ProviderIdentity.objects.exists()


def test_a_person_whose_group_was_removed_loses_the_role_at_the_next_sign_in(sign_in, client, provider):
    sign_in.sign_in("anna")
    user = User.objects.get(provider_identity__subject="anna")
    assert groups(user) == {"Redaktörer"}
    client.post("/admin/logout/")

    provider.people["anna"]["claims"]["groups"] = [oidc.APPROVERS]  # moved to the approvers
    provider.save()
    assert sign_in.sign_in("anna")["Location"] == "/admin/"
    assert groups(user) == {"Granskare"}
    client.post("/admin/logout/")

    provider.people["anna"]["claims"]["groups"] = []  # left the organisation's groups
    provider.save()
    assert_refused(
        sign_in.sign_in("anna"),
        "Du är inloggad hos Testregionen men finns inte i någon grupp som får arbeta i Lägesbild. "
        "Be din administratör att lägga till dig.",
    )
    assert groups(user) == set()
    assert User.objects.filter(provider_identity__subject="anna").count() == 1  # the same person, kept


def test_a_group_given_by_hand_outside_the_mapping_is_left_alone(sign_in):
    from django.contrib.auth.models import Group

    sign_in.sign_in("gustav")
    user = User.objects.get(provider_identity__subject="gustav")
    extra = Group.objects.create(name="Webbredaktion")
    user.groups.add(extra)
    sign_in.sign_in("gustav")
    assert groups(user) == {"Granskare", "Webbredaktion"}


def test_a_local_account_with_the_same_e_mail_is_never_taken_over(sign_in):
    local = User.objects.create_user("anna-lokal", email="anna@example.se", password="lokalt-lösenord-1")
    sign_in.sign_in("anna")
    created = User.objects.get(provider_identity__subject="anna")
    assert created.pk != local.pk
    assert not local.groups.exists() and not hasattr(local, "provider_identity")
    assert created.username == "anna"


def test_sign_out_ends_the_provider_session_too(sign_in, client, provider):
    sign_in.sign_in("anna")
    response = client.post("/admin/logout/")
    assert response.status_code == 302
    end_session = urlsplit(response["Location"])
    assert (
        f"{end_session.scheme}://{end_session.netloc}{end_session.path}" == provider.issuer + "/session/end"
    )
    query = parse_qs(end_session.query)
    assert query["post_logout_redirect_uri"] == ["http://testserver/admin/login/"]
    assert query["client_id"] == [oidc.CLIENT_ID] and query["id_token_hint"]
    assert "_auth_user_id" not in client.session
    page = sign_in.provider.get(response["Location"], timeout=10)
    assert page.status_code == 200 and "Logga ut" in page.text


def test_a_local_sign_in_signs_out_locally(sign_in, client):
    User.objects.create_superuser("nod", password="nödlösenord-123456")
    client.post("/admin/login/", {"username": "nod", "password": "nödlösenord-123456"})
    response = client.post("/admin/logout/")
    assert response["Location"] == "/admin/login/"


def test_without_a_provider_its_addresses_are_404_and_the_page_has_no_button(settings, client, db):
    settings.OIDC_OP_ISSUER = ""
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/", {"code": "x", "state": "y"}).status_code == 404
    assert "Logga in med" not in client.get("/admin/login/").content.decode()


def test_password_login_switched_off(sign_in, settings, client):
    settings.LAGESBILD_PASSWORD_LOGIN = False
    settings.AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "cms.sign_in.ProviderBackend"]
    html = client.get("/admin/login/").content.decode()
    assert "Logga in med Testregionen" in html and 'name="password"' not in html
    User.objects.create_superuser("nod", password="nödlösenord-123456")
    response = client.post("/admin/login/", {"username": "nod", "password": "nödlösenord-123456"})
    assert_refused(response, "Inloggning med lösenord är avstängd. Logga in med Testregionen.")
    assert sign_in.sign_in("anna")["Location"] == "/admin/"


def test_a_provider_that_does_not_answer_is_a_message(sign_in, settings, client):
    settings.OIDC_OP_ISSUER = "http://127.0.0.1:9"  # nothing listens on the discard port
    response = client.get("/oidc/authenticate/")
    assert_refused(response, "Inloggningstjänsten hos Testregionen svarar inte. Försök igen om en stund.")
