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
              "iat": int(time.time()) - 20, "exp": int(time.time()) + 60}
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
    good = {**claims, "exp": int(time.time()) + 60, "aud": S.auth_audience, "iss": S.auth_issuer}
    assert TokenVerifier(S).verify(jwt.encode(good, S.auth_dev_secret, algorithm="HS256")).sub == "u"


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
              "aud": prod.auth_audience, "iat": int(time.time()), "exp": int(time.time()) + 60}
    good = jwt.encode(claims, key, algorithm="RS256", headers={"kid": "k1"})
    assert TokenVerifier(prod).verify(good).roles == {"cashier"}
    # a token signed with the public development secret is refused in production
    forged = jwt.encode(claims, prod.auth_dev_secret, algorithm="HS256", headers={"kid": "k1"})
    with pytest.raises(TokenError):
        TokenVerifier(prod).verify(forged)


# --- issue 7: every token error is a 401; tokens without a known role are refused ----------

def _signed(claims_update: dict, *, drop: tuple[str, ...] = ()) -> str:
    now = int(time.time())
    claims = {"sub": "u1", "roles": ["service_advisor"], "dealer_ids": ["d1"],
              "iss": S.auth_issuer, "aud": S.auth_audience, "iat": now, "exp": now + 600}
    claims.update(claims_update)
    for name in drop:
        claims.pop(name)
    return jwt.encode(claims, S.auth_dev_secret, algorithm="HS256")


@pytest.mark.parametrize("claims", [
    {"roles": []}, {"roles": ["ADMIN"]}, {"roles": ["superuser", "Admin"]}, {"roles": "admin"},
    {"roles": [["admin"]]}, {"roles": None},
    {"customer_id": ["c1"]}, {"customer_id": {"id": "c1"}}, {"customer_id": 7},
    {"customer_id": "c" * 37},
    {"dealer_ids": "d1"}, {"dealer_ids": [1]}, {"dealer_ids": [["d1"]]}, {"dealer_ids": {"d1": 1}},
    {"sub": "s" * 121}, {"sub": ""}, {"sub": "a\x00b"},
], ids=lambda c: repr(c)[:40])
def test_tokens_with_bad_claims_are_refused(claims):
    with pytest.raises(TokenError):
        TokenVerifier(S).verify(_signed(claims))


def test_unknown_roles_are_dropped_when_a_known_one_remains():
    p = TokenVerifier(S).verify(_signed({"roles": ["cashier", "ADMIN", "offline_access"]}))
    assert p.roles == {"cashier"}


def test_a_partner_token_is_valid_but_admitted_nowhere():
    p = TokenVerifier(S).verify(_signed({"roles": ["partner"]}))
    assert p.roles == {"partner"} and not p.is_staff and not p.is_customer
    assert p.listable_dealers() == [] and p.listable_dealers("d1") == []
    with pytest.raises(NotFound):
        p.check_record("d1")


def test_a_maximum_token_lifetime():
    now = int(time.time())
    verifier = TokenVerifier(S)
    assert S.auth_max_token_ttl_seconds == 12 * 3600
    ok = _signed({"iat": now, "exp": now + 12 * 3600})
    assert verifier.verify(ok).sub == "u1"
    for bad in (_signed({"iat": now, "exp": now + 12 * 3600 + 1}),
                _signed({"iat": now - 30 * 24 * 3600, "exp": now + 3600}),
                _signed({"exp": now + 60}, drop=("iat",)),
                _signed({"iat": "yesterday"})):
        with pytest.raises(TokenError):
            verifier.verify(bad)
    short = TokenVerifier(ServiceSettings(app_env="test", auth_max_token_ttl_seconds=60))
    with pytest.raises(TokenError):
        short.verify(_signed({"iat": now, "exp": now + 120}))


def _rsa_jwks(monkeypatch):
    import json

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from jwt.algorithms import RSAAlgorithm

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
    jwk.update(kid="k1", use="sig")  # no "alg": the key's family decides (RS256)
    monkeypatch.setattr(jwt.PyJWKClient, "fetch_data", lambda self: {"keys": [jwk]})
    prod = ServiceSettings(app_env="production", auth_jwks_url="https://idp.example/jwks",
                           database_url="postgresql://x/y", auth_issuer="https://idp.example")
    pem = key.public_key().public_bytes(serialization.Encoding.PEM,
                                        serialization.PublicFormat.SubjectPublicKeyInfo)
    return key, pem, prod


def _b64(data: bytes) -> str:
    import base64

    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _forge(header: dict, claims: dict, signature: bytes = b"") -> str:
    import json

    return ".".join([_b64(json.dumps(header).encode()), _b64(json.dumps(claims).encode()),
                     _b64(signature)])


def test_in_jwks_mode_a_token_whose_alg_does_not_fit_its_key_is_a_token_error(monkeypatch):
    import hashlib
    import hmac

    key, pem, prod = _rsa_jwks(monkeypatch)
    now = int(time.time())
    claims = {"sub": "u9", "roles": ["cashier"], "dealer_ids": ["d1"], "iss": prod.auth_issuer,
              "aud": prod.auth_audience, "iat": now, "exp": now + 60}
    verifier = TokenVerifier(prod)
    assert verifier.verify(jwt.encode(claims, key, algorithm="RS256",
                                      headers={"kid": "k1"})).roles == {"cashier"}
    signing_input = ".".join([_b64(b'{"alg":"HS256","kid":"k1","typ":"JWT"}'),
                              _b64(json_bytes(claims))])
    hs_with_public_key = signing_input + "." + _b64(
        hmac.new(pem, signing_input.encode(), hashlib.sha256).digest())
    forged = [
        hs_with_public_key,
        _forge({"alg": "none", "kid": "k1", "typ": "JWT"}, claims),
        _forge({"alg": "ES256", "kid": "k1", "typ": "JWT"}, claims, b"\x01" * 64),
        _forge({"alg": "PS256", "kid": "k1", "typ": "JWT"}, claims, b"\x01" * 256),
        _forge({"alg": "EdDSA", "kid": "k1", "typ": "JWT"}, claims, b"\x01" * 64),
        _forge({"alg": "RS256", "kid": "k1", "typ": "JWT"}, claims, b"\x01" * 3),
        _forge({"alg": "RS256", "kid": "unknown"}, claims, b"\x01" * 256),
        _forge({"alg": "RS256", "kid": ["k1"]}, claims, b"\x01" * 256),
        _forge({"alg": ["RS256"], "kid": "k1"}, claims, b"\x01" * 256),
        "a.b.c", "", "....",
    ]
    for token in forged:
        with pytest.raises(TokenError):
            verifier.verify(token)


def json_bytes(claims: dict) -> bytes:
    import json

    return json.dumps(claims).encode()


async def test_every_token_error_is_a_401_problem_on_an_endpoint():
    from fastapi import Depends, FastAPI

    from aftersales_common.web.deps import require
    from aftersales_common.web.problems import install_problem_handlers

    class _Runtime:
        verifier = TokenVerifier(S)

    app = FastAPI()
    app.state.runtime = _Runtime()
    install_problem_handlers(app)

    @app.get("/x")
    async def x(who: Principal = Depends(require("service_advisor"))) -> dict:
        return {"sub": who.sub}

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        async def call(token: str) -> httpx.Response:
            return await c.get("/x", headers={"Authorization": f"Bearer {token}"})

        assert (await call(_signed({}))).status_code == 200
        for claims in ({"roles": []}, {"roles": ["ADMIN"]}, {"customer_id": ["x"]},
                       {"sub": "s" * 121}, {"dealer_ids": "d1"}):
            r = await call(_signed(claims))
            assert r.status_code == 401, (claims, r.text)
            assert r.headers["content-type"] == "application/problem+json"
            assert r.headers["www-authenticate"] == "Bearer"
        partner = await call(_signed({"roles": ["partner"]}))
        assert partner.status_code == 403 and partner.json()["type"].endswith("forbidden")


def test_require_knows_only_known_roles():
    from aftersales_common.web.deps import require

    with pytest.raises(ValueError):
        require("ADMIN")
    with pytest.raises(ValueError):
        require()


def test_pii_is_shown_to_the_roles_that_need_it_and_masked_for_others():
    from aftersales_common.auth.principal import PII_ROLES, mask_email, mask_phone

    assert mask_phone("+8613912345678") == "+86139****5678"
    assert mask_phone("13912345678") == "139****5678"
    assert mask_email("zhang@example.com") == "z***@example.com"
    assert mask_phone(None) is None and mask_email(None) is None
    for role in PII_ROLES | {"admin"}:
        assert Principal(sub="s", roles=frozenset({role}),
                         dealer_ids=frozenset({"d1"})).sees_contact_of("d1", "c1")
        assert not Principal(sub="s", roles=frozenset({role}),
                             dealer_ids=frozenset({"d2"})).sees_contact_of("d1", "c1")
    for role in ("foreman", "technician", "qc_inspector", "parts_clerk", "warranty_clerk",
                 "partner"):
        assert not Principal(sub="s", roles=frozenset({role}),
                             dealer_ids=frozenset({"d1"})).sees_contact_of("d1", "c1")
    me = Principal(sub="c", roles=frozenset({"customer"}), customer_id="c1")
    assert me.sees_contact_of("d1", "c1") and not me.sees_contact_of("d1", "c2")
