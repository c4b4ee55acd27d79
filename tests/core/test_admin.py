import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tests.factories import SessionFactory, UserFactory

OUR_APPS = [
    "core",
    "accounts",
    "programs",
    "scheduling",
    "joining",
    "cases",
    "attendance",
    "credits",
]


def test_every_model_is_in_the_admin():
    missing = [
        m._meta.label
        for label in OUR_APPS
        for m in apps.get_app_config(label).get_models()
        if not admin.site.is_registered(m)
    ]
    assert missing == []


@pytest.mark.django_db
def test_superuser_can_open_every_changelist(client):
    SessionFactory()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for label in OUR_APPS:
        for model in apps.get_app_config(label).get_models():
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_staff_without_superuser_cannot_see_people(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403
