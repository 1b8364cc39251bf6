"""Token verification, scoping and the development issuer's refusal in production."""

from __future__ import annotations

import time

import httpx
import jwt
import pytest
from pydantic import ValidationError

from aftersales_common.auth import Principal, TokenError, TokenVerifier
from aftersales_common.auth.dev_issuer import create_dev_issuer_app, dev_issuer_router
from aftersales_common.auth.tokens import issue_dev_token
from aftersales_common.errors import NotFound
from aftersales_common.settings import ServiceSettings

S = ServiceSettings(app_env="test")


def test_a_dev_token_round_trips_into_a_principal():
    token = issue_dev_token(S, sub="u1", roles=["cashier"], dealer_ids=["d1"])
    p = TokenVerifier(S).verify(token)
    assert p.sub == "u1" and p.roles == {"cashier"} and p.dealer_ids == {"d1"}


@pytest.mark.parametrize("tamper", ["secret", "expired", "audience", "issuer"])
def test_bad_tokens_are_refused(tamper):
    claims = {"sub": "u", "roles": ["admin"], "iss": S.auth_issuer, "aud": S.auth_audience,
              "exp": int(time.time()) + 60}
    key = S.auth_dev_secret
    if tamper == "secret":
        key = "another-secret-of-sufficient-length-000"
    elif tamper == "expired":
        claims["exp"] = int(time.time()) - 10
    elif tamper == "audience":
        claims["aud"] = "someone-else"
    else:
        claims["iss"] = "evil"
    token = jwt.encode(claims, key, algorithm="HS256")
    with pytest.raises(TokenError):
        TokenVerifier(S).verify(token)


def test_staff_see_only_their_dealers_and_customers_only_their_records():
    staff = Principal(sub="s", roles=frozenset({"service_advisor"}), dealer_ids=frozenset({"d1"}))
    staff.check_record("d1")
    with pytest.raises(NotFound):
        staff.check_record("d2")
    assert staff.listable_dealers() == ["d1"] and staff.listable_dealers("d1") == ["d1"]
    assert staff.listable_dealers("d2") == []
    customer = Principal(sub="c", roles=frozenset({"customer"}), customer_id="c1")
    assert customer.listable_dealers("d1") == []
    customer.check_record("d1", "c1")
    with pytest.raises(NotFound):
        customer.check_record("d1", "c2")


def test_production_refuses_the_development_issuer_and_defaults():
    with pytest.raises(ValidationError):
        ServiceSettings(app_env="production")
    prod = ServiceSettings(app_env="production", auth_jwks_url="https://idp/jwks",
                           database_url="postgresql://x/y")
    with pytest.raises(RuntimeError):
        dev_issuer_router(prod)
    with pytest.raises(RuntimeError):
        issue_dev_token(prod, sub="x", roles=["admin"])


async def test_the_issuer_gives_tokens_for_demo_accounts_only():
    app = create_dev_issuer_app(S)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        ok = await c.post("/api/auth/token", data={"username": "cashier", "password": "demo1234"})
        bad = await c.post("/api/auth/token", data={"username": "cashier", "password": "nope"})
    assert ok.status_code == 200
    assert TokenVerifier(S).verify(ok.json()["access_token"]).roles == {"cashier"}
    assert bad.status_code == 401
    assert bad.headers["content-type"] == "application/problem+json"


def test_production_verifies_tokens_against_the_issuers_jwks(monkeypatch):
    import json

    from cryptography.hazmat.primitives.asymmetric import rsa
    from jwt.algorithms import RSAAlgorithm

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
    jwk.update(kid="k1", use="sig", alg="RS256")
    monkeypatch.setattr(jwt.PyJWKClient, "fetch_data", lambda self: {"keys": [jwk]})
    prod = ServiceSettings(app_env="production", auth_jwks_url="https://idp.example/jwks",
                           database_url="postgresql://x/y", auth_issuer="https://idp.example")
    claims = {"sub": "u9", "roles": ["cashier"], "dealer_ids": ["d1"], "iss": prod.auth_issuer,
              "aud": prod.auth_audience, "exp": int(time.time()) + 60}
    good = jwt.encode(claims, key, algorithm="RS256", headers={"kid": "k1"})
    assert TokenVerifier(prod).verify(good).roles == {"cashier"}
    # a token signed with the public development secret is refused in production
    forged = jwt.encode(claims, prod.auth_dev_secret, algorithm="HS256", headers={"kid": "k1"})
    with pytest.raises(TokenError):
        TokenVerifier(prod).verify(forged)
