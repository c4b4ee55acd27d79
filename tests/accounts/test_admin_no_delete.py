"""The Django admin cannot delete a person: that would cascade to the attendance and
certificates accreditors require; deactivation and erasure keep them."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_superuser_cannot_delete_a_person_in_the_admin(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    person = UserFactory()
    client.force_login(admin)
    page = client.get(reverse("admin:accounts_user_delete", args=[person.pk]))
    assert page.status_code == 403
    answer = client.post(reverse("admin:accounts_user_delete", args=[person.pk]), {"post": "yes"})
    assert answer.status_code == 403
    listing = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "delete_selected", "_selected_action": [person.pk], "post": "yes"},
    )
    assert listing.status_code in (200, 302)
    assert type(person).objects.filter(pk=person.pk).exists()
