"""Static checks of openapi.yaml against the wire contract (no running service needed).

Run: python -m pytest tests/contract (scripts/checks/openapi.sh does this after
installing its pinned tools).
"""
from __future__ import annotations

import pathlib
import re

import jsonschema
import pytest
import referencing
import referencing.jsonschema
import yaml
from openapi_spec_validator import validate

ROOT = pathlib.Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "openapi.yaml"
SPEC = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
SCHEMAS = SPEC["components"]["schemas"]

# Every endpoint of the wire contract (method, path) and whether it is an auditor endpoint.
ENDPOINTS = {
    ("get", "/v1/catalogue"): False,
    ("get", "/v1/categories"): False,
    ("get", "/v1/cookies"): False,
    ("get", "/v1/cookies/{id}"): False,
    ("post", "/v1/consents"): False,
    ("get", "/v1/consents"): True,
    ("get", "/v1/visitors/{visitorId}/consent"): False,
    ("delete", "/v1/visitors/{visitorId}/consent"): False,
    ("get", "/v1/visitors/{visitorId}/history"): True,
    ("post", "/v1/decisions"): False,
    ("get", "/.well-known/gpc.json"): False,
    ("get", "/v1/stats"): True,
    ("get", "/v1/audit/verify"): True,
    ("get", "/healthz"): False,
    ("get", "/readyz"): False,
    ("get", "/metrics"): False,
    ("get", "/sdk/consent.js"): False,
    ("get", "/demo"): False,
}
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
PROBLEM_STATUSES = {"400", "401", "404", "405", "409", "413", "415", "422", "503"}


def resolve(node: dict) -> dict:
    """Follows local `$ref`s until a non-reference node."""
    while isinstance(node, dict) and "$ref" in node:
        target: object = SPEC
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]  # type: ignore[index]
        node = target  # type: ignore[assignment]
    return node


def operations():
    for path, item in SPEC["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield method, path, operation


def validator_for(schema: dict) -> jsonschema.Draft202012Validator:
    """A 2020-12 validator for `schema` whose `#/components/...` refs resolve into the spec."""
    resource = referencing.Resource.from_contents(ECMA_SPEC, default_specification=referencing.jsonschema.DRAFT202012)
    registry = referencing.Registry().with_resource("urn:spec", resource)
    wrapped = {"$schema": "https://json-schema.org/draft/2020-12/schema", **_rebase(_ecma_patterns(schema))}
    return jsonschema.Draft202012Validator(
        wrapped, registry=registry, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def _rebase(node):
    """Points local refs at the registered spec."""
    if isinstance(node, dict):
        return {
            k: ("urn:spec" + v if k == "$ref" and isinstance(v, str) and v.startswith("#") else _rebase(v))
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_rebase(v) for v in node]
    return node


def _ecma_patterns(node):
    """Gives every `pattern` its ECMA 262 meaning under Python's `re`.

    ECMA `$` (no multiline flag) is the end of input; Python's `$` also matches before a final
    newline, so `abcdefgh\\n` would pass `^[a-z]{8}$`. `\\Z` is Python's spelling of the ECMA meaning.
    """
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if k == "pattern" and isinstance(v, str) and v.endswith("$") and not v.endswith("\\$"):
                out[k] = v[:-1] + "\\Z"
            else:
                out[k] = _ecma_patterns(v)
        return out
    if isinstance(node, list):
        return [_ecma_patterns(v) for v in node]
    return node


ECMA_SPEC = _ecma_patterns(SPEC)


def examples_of(media: dict):
    if "example" in media:
        yield "example", media["example"]
    for name, example in media.get("examples", {}).items():
        yield name, resolve(example)["value"]


def test_spec_is_valid_openapi_3_1():
    """The document passes openapi-spec-validator as OpenAPI 3.1."""
    assert SPEC["openapi"] == "3.1.0"
    validate(SPEC)


@pytest.mark.parametrize("method,path", sorted(ENDPOINTS))
def test_every_wire_endpoint_is_declared(method, path):
    """Each endpoint of the wire contract has an operation with an operationId."""
    operation = SPEC["paths"].get(path, {}).get(method)
    assert operation is not None, f"{method.upper()} {path} missing"
    assert operation.get("operationId")


def test_no_undeclared_endpoints():
    """The spec declares nothing beyond the wire contract (it would be fuzzed against a 405)."""
    declared = {(m, p) for m, p, _ in operations()}
    assert declared == set(ENDPOINTS)


@pytest.mark.parametrize("method,path", sorted(ENDPOINTS))
def test_auditor_endpoints_require_bearer_and_answer_401(method, path):
    """Auditor operations need bearerAuth and document 401 with WWW-Authenticate; public ones need nothing."""
    operation = SPEC["paths"][path][method]
    security = operation.get("security", SPEC.get("security", []))
    if ENDPOINTS[(method, path)]:
        assert security == [{"bearerAuth": []}]
        unauthorized = resolve(operation["responses"]["401"])
        assert unauthorized["headers"]["WWW-Authenticate"]
    else:
        assert security in ([], [{}, {"bearerAuth": []}])


@pytest.mark.parametrize("method,path", sorted(ENDPOINTS))
def test_error_statuses_are_problem_json(method, path):
    """Every declared 4xx/5xx answers application/problem+json with the Problem schema."""
    for status, response in SPEC["paths"][path][method]["responses"].items():
        if status[0] in "45":
            content = resolve(response)["content"]
            assert list(content) == ["application/problem+json"], (status, list(content))
            assert content["application/problem+json"]["schema"] == {"$ref": "#/components/schemas/Problem"}


def test_problem_responses_exist_for_every_listed_status():
    """components.responses covers 400/401/404/405/409/413/415/422/503, each with an example of its status."""
    statuses = set()
    for response in SPEC["components"]["responses"].values():
        content = response.get("content", {}).get("application/problem+json")
        if content:
            statuses.add(str(content["example"]["status"]))
    assert PROBLEM_STATUSES <= statuses
    assert SPEC["components"]["responses"]["MethodNotAllowed"]["headers"]["Allow"]


@pytest.mark.parametrize("method,path", sorted(ENDPOINTS))
def test_every_response_with_a_body_has_a_valid_example(method, path):
    """Each response media type carries at least one example, and JSON examples match their schema."""
    for status, response in SPEC["paths"][path][method]["responses"].items():
        response = resolve(response)
        for media_type, media in response.get("content", {}).items():
            found = list(examples_of(media))
            if media_type == "application/javascript":
                continue  # an alias of text/javascript, whose example covers both
            assert found, f"{status} {media_type} has no example"
            if "json" in media_type and "ndjson" not in media_type:
                validator = validator_for(media["schema"])
                for name, value in found:
                    errors = [e.message for e in validator.iter_errors(value)]
                    assert not errors, f"{status} {media_type} {name}: {errors}"


@pytest.mark.parametrize("method,path", [("post", "/v1/consents"), ("post", "/v1/decisions")])
def test_request_examples_match_and_both_content_types_are_accepted(method, path):
    """Bodies are declared as application/json and text/plain (JSON text) and their examples are valid."""
    content = SPEC["paths"][path][method]["requestBody"]["content"]
    assert set(content) == {"application/json", "text/plain"}
    for media in content.values():
        validator = validator_for(media["schema"])
        for name, value in examples_of(media):
            assert not list(validator.iter_errors(value)), name


def test_consent_201_has_location_and_links_to_visitor_operations():
    """POST /v1/consents 201 declares Location and links visitorId to GET/DELETE consent and history."""
    created = SPEC["paths"]["/v1/consents"]["post"]["responses"]["201"]
    assert resolve(created["headers"]["Location"])["required"] is True
    targets = {link["operationId"]: link["parameters"] for link in created["links"].values()}
    assert set(targets) == {"getVisitorConsent", "withdrawVisitorConsent", "getVisitorHistory"}
    assert all(p == {"visitorId": "$response.body#/visitorId"} for p in targets.values())
    operation_ids = {op["operationId"] for _, _, op in operations()}
    assert set(targets) <= operation_ids


@pytest.mark.parametrize("path", ["/v1/catalogue", "/v1/categories", "/v1/cookies", "/v1/cookies/{id}"])
def test_catalogue_reads_declare_etag_cache_control_and_304(path):
    """Catalogue GETs take If-None-Match, send ETag + Cache-Control, and document 304."""
    operation = SPEC["paths"][path]["get"]
    names = {resolve(p)["name"] for p in operation["parameters"]}
    assert "If-None-Match" in names
    ok = operation["responses"]["200"]["headers"]
    assert resolve(ok["ETag"])["required"] and resolve(ok["Cache-Control"])["required"]
    assert "304" in operation["responses"]


def schema_validator(name: str) -> jsonschema.Draft202012Validator:
    return validator_for({"$ref": f"#/components/schemas/{name}"})


@pytest.mark.parametrize(
    "value,valid",
    [
        ("abcdefgh", True),
        ("A" * 64, True),
        ("v_3f9a1c2e4b-Z", True),
        ("abcdefg", False),
        ("A" * 65, False),
        ("abc defgh", False),
        ("abcdefgh\n", False),
        ("abcdéfgh", False),
    ],
)
def test_visitor_id_pattern(value, valid):
    """VisitorId is exactly 8–64 of [A-Za-z0-9_-]."""
    assert schema_validator("VisitorId").is_valid(value) is valid


@pytest.mark.parametrize(
    "value,valid",
    [
        ("P30D", True),
        ("P1Y", True),
        ("PT12H", True),
        ("P1Y2M3DT4H5M6S", True),
        ("P2W", True),
        ("P1Y2W", True),
        ("P999999999D", True),
        ("P", False),
        ("PT", False),
        ("P1DT", False),
        ("P1000000000D", False),
        ("p30d", False),
        ("P0.5D", False),
        ("-P1D", False),
        ("P1D1Y", False),
        ("30 days", False),
        ("P٣D", False),
    ],
)
def test_iso8601_duration_pattern(value, valid):
    """ISO8601Duration accepts integer PnYnMnWnDTnHnMnS forms with ≥ 1 component and ASCII digits only."""
    assert schema_validator("ISO8601Duration").is_valid(value) is valid


@pytest.mark.parametrize(
    "value,valid",
    [
        ("2026-11-22T10:00:00.123Z", True),
        ("2026-11-22T10:00:00Z", True),
        ("2026-11-22T10:00:00+01:00", True),
        ("2026-11-22", False),
        ("2026-11-22 10:00:00Z", False),
        ("2026-11-22T10:00:00", False),
        ("2026-11-22T23:59:60Z", False),
        ("2026-13-01T00:00:00Z", False),
        ("2026-11-22T10:00:00+24:00", False),
        ("yesterday", False),
    ],
)
def test_date_time_pattern(value, valid):
    """DateTime is an RFC 3339 date-time with an offset."""
    assert schema_validator("DateTime").is_valid(value) is valid


def test_time_bound_accepts_a_full_date():
    """from/to accept a full date as well as a date-time, and reject other text."""
    v = schema_validator("TimeBound")
    assert v.is_valid("2026-11-22") and v.is_valid("2026-11-22T00:00:00Z")
    assert not v.is_valid("22/11/2026")


@pytest.mark.parametrize(
    "body,valid",
    [
        ({"choices": {}}, True),
        ({"choices": {"analytics": True, "essential": False}, "visitorId": "abcdefgh"}, True),
        ({"choices": {"analytics": True}, "locale": "en-GB", "source": "banner", "noticeVersion": "v1"}, True),
        ({}, False),
        ({"choices": {"marketing": True}}, False),
        ({"choices": {"analytics": "yes"}}, False),
        ({"choices": {}, "extra": 1}, False),
        ({"choices": {}, "visitorId": "short"}, False),
        ({"choices": {}, "locale": "x" * 36}, False),
        ({"choices": {}, "source": "s" * 65}, False),
        ({"choices": {}, "catalogueVersion": "not-a-version"}, False),
    ],
)
def test_consent_request_schema(body, valid):
    """ConsentRequest rejects unknown keys (top level and under choices), wrong types and over-long fields."""
    assert schema_validator("ConsentRequest").is_valid(body) is valid


@pytest.mark.parametrize(
    "body,valid",
    [
        ({}, True),
        ({"choices": {"analytics": True}, "cookies": ["_ga"]}, True),
        ({"visitorId": "abcdefgh", "setCookies": ["a=1"], "cookieHeader": "a=1"}, True),
        ({"visitorId": "abcdefgh", "choices": {}}, False),
        ({"cookies": ["x"] * 201}, False),
        ({"setCookies": ["x"] * 201}, False),
        ({"cookies": "_ga"}, False),
        ({"other": True}, False),
    ],
)
def test_decision_request_schema(body, valid):
    """DecisionRequest takes choices or visitorId (not both), ≤ 200 names/lines, no unknown keys."""
    assert schema_validator("DecisionRequest").is_valid(body) is valid


@pytest.mark.parametrize(
    "duration,valid",
    [
        ({"type": "session", "label": "Session"}, True),
        ({"type": "persistent", "iso8601": "P100D", "seconds": 8640000, "label": "100 days"}, True),
        ({"type": "until-replaced", "label": "No expiration, replaced on login or session change"}, True),
        ({"type": "persistent", "label": "100 days"}, False),
        ({"type": "forever", "label": "x"}, False),
        ({"type": "session", "label": "Session", "seconds": 0}, False),
    ],
)
def test_duration_is_one_of_three_shapes(duration, valid):
    """Duration is exactly one of session, persistent (with iso8601 + seconds) or until-replaced."""
    assert schema_validator("Duration").is_valid(duration) is valid


def test_consent_mode_security_storage_is_always_granted():
    """ConsentMode pins security_storage to granted and requires all seven keys."""
    v = schema_validator("ConsentMode")
    base = {k: "denied" for k in SCHEMAS["ConsentMode"]["required"]}
    assert not v.is_valid(base)
    assert v.is_valid({**base, "security_storage": "granted"})
    assert len(base) == 7


def test_effective_choices_pin_essential_true():
    """EffectiveChoices can never say essential:false."""
    v = schema_validator("EffectiveChoices")
    assert v.is_valid({"essential": True, "functionality": False, "analytics": False, "targeting": False})
    assert not v.is_valid({"essential": False, "functionality": False, "analytics": False, "targeting": False})


def test_catalogue_file_schema_accepts_the_documented_example_and_api_output():
    """CatalogueFile accepts its own example and the GET /v1/catalogue example (so the API output loads)."""
    v = schema_validator("CatalogueFile")
    for example in SCHEMAS["CatalogueFile"]["examples"]:
        assert not list(v.iter_errors(example))
    api_output = SPEC["paths"]["/v1/catalogue"]["get"]["responses"]["200"]["content"]["application/json"]["example"]
    assert not [e.message for e in v.iter_errors(api_output)]
    assert not v.is_valid({"categories": []})  # cookies is required


def test_patterns_use_ascii_classes_only():
    """No pattern uses \\d or \\w, whose Unicode meaning in Python generators differs from ECMA 262."""
    text = SPEC_PATH.read_text(encoding="utf-8")
    for pattern in re.findall(r"pattern: '([^']*)'", text):
        assert "\\d" not in pattern and "\\w" not in pattern, pattern
