"""The schemathesis configuration runs every check, with only the documented exceptions."""
from __future__ import annotations

import pathlib

import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.config._checks import _BUILTIN_CHECK_CONFIGS
from schemathesis.reporting.html.build import enabled_checks

ROOT = pathlib.Path(__file__).resolve().parents[2]
CONFIG = ROOT / "tests" / "contract" / "schemathesis.toml"
DEFAULT_POSITIVE = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]


@pytest.fixture()
def schema(monkeypatch):
    monkeypatch.setenv("CONSENT_AUDIT_TOKEN", "test-token")
    config = SchemathesisConfig.from_path(str(CONFIG))
    return schemathesis.openapi.from_path(str(ROOT / "openapi.yaml"), config=config)


def checks_for(schema, path, method):
    return schema.config.checks_config_for(operation=schema[path][method])


def test_every_builtin_check_is_enabled(schema):
    """The global configuration enables every built-in check (the same set as `--checks all`)."""
    assert set(enabled_checks(schema.config.checks_config_for())) == set(_BUILTIN_CHECK_CONFIGS)


def test_use_after_free_is_off_only_for_reading_visitor_consent(schema):
    """Only GET /v1/visitors/{visitorId}/consent skips use_after_free (DELETE withdraws, the resource stays)."""
    for path, item in schema.raw_schema["paths"].items():
        for method in item:
            if method in {"get", "post", "delete"}:
                expected = (path, method) != ("/v1/visitors/{visitorId}/consent", "get")
                assert checks_for(schema, path, method.upper()).use_after_free.enabled is expected, (path, method)


@pytest.mark.parametrize(
    "path,method,extra",
    [
        ("/v1/consents", "POST", ["422"]),
        ("/v1/consents", "GET", ["400"]),
        ("/v1/stats", "GET", ["400"]),
        ("/v1/decisions", "POST", []),
        ("/v1/cookies", "GET", []),
        ("/v1/visitors/{visitorId}/consent", "GET", []),
    ],
)
def test_positive_data_acceptance_widens_only_for_cross_field_rules(schema, path, method, extra):
    """Schema-valid input must be accepted everywhere, except the 422/400 the contract gives for rules JSON Schema cannot state."""
    statuses = checks_for(schema, path, method).positive_data_acceptance.expected_statuses
    assert sorted(statuses) == sorted(DEFAULT_POSITIVE + extra)
    assert checks_for(schema, path, method).positive_data_acceptance.enabled


def test_bearer_token_comes_from_the_environment(schema):
    """The auditor token is read from CONSENT_AUDIT_TOKEN, never written in the file."""
    assert "${CONSENT_AUDIT_TOKEN}" in CONFIG.read_text(encoding="utf-8")
    assert "test-token" not in CONFIG.read_text(encoding="utf-8")
