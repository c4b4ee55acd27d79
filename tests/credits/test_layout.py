"""The credit arithmetic stays plain Python; the records are in the admin, read-only."""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tests.factories import UserFactory

CALC = Path(__file__).resolve().parents[2] / "src" / "echohub" / "credits" / "calc.py"


def test_calc_imports_no_django():
    tree = ast.parse(CALC.read_text())
    modules = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names} | {
        n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module
    }
    assert not {m for m in modules if m.split(".")[0] in {"django", "echohub"}}


@pytest.mark.django_db
def test_every_credits_model_is_in_the_admin_and_read_only(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for model in apps.get_app_config("credits").get_models():
        assert admin.site.is_registered(model)
        url = reverse(f"admin:credits_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url
        add = reverse(f"admin:credits_{model._meta.model_name}_add")
        assert client.get(add).status_code == 403, add
