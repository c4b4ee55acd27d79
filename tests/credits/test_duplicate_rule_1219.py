"""One current, active rule per kind of credit in a program: a second Mainpro+ rule awarded the
same hours twice, on two certificates (a coordinator could save it twice by accident)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from echohub.credits import services
from echohub.credits.models import CreditRule
from tests.credits.conftest import rule_data
from tests.credits.test_views import form_data


def test_a_second_current_rule_of_the_same_kind_is_refused_in_words(program, coordinator):
    services.create_rule(actor=coordinator, program=program, data=rule_data())
    with pytest.raises(services.CreditRefused) as err:
        services.create_rule(actor=coordinator, program=program, data=rule_data())
    assert err.value.code == "duplicate_rule" and err.value.field == "credit_type"
    assert "credited twice" in err.value.message
    assert CreditRule.objects.filter(program=program).count() == 1


def test_custom_rules_differ_by_name_case_blind(program, coordinator):
    custom = rule_data(credit_type="custom", custom_name="Ontario pharmacists' CEUs")
    services.create_rule(actor=coordinator, program=program, data=custom)
    other = rule_data(credit_type="custom", custom_name="Nursing contact hours")
    services.create_rule(actor=coordinator, program=program, data=other)
    with pytest.raises(services.CreditRefused):
        again = rule_data(credit_type="custom", custom_name="  ontario PHARMACISTS' ceus ")
        services.create_rule(actor=coordinator, program=program, data=again)


def test_an_inactive_rule_leaves_room_and_a_new_version_is_not_its_own_twin(program, coordinator):
    rule = services.create_rule(actor=coordinator, program=program, data=rule_data())
    # a change to the same rule is a new version, not a second rule
    rule = services.change_rule(actor=coordinator, rule=rule, data=rule_data(minimum_share=50))
    assert rule.version == 2
    # made inactive, another rule of the kind may be created; the old one cannot come back
    rule = services.change_rule(
        actor=coordinator, rule=rule, data=rule_data(minimum_share=50, active=False)
    )
    services.create_rule(actor=coordinator, program=program, data=rule_data(minimum_share=75))
    with pytest.raises(services.CreditRefused) as err:
        services.change_rule(
            actor=coordinator, rule=rule, data=rule_data(minimum_share=50, active=True)
        )
    assert err.value.code == "duplicate_rule"


def test_the_form_shows_the_refusal_on_the_field_and_keeps_the_input(program, coordinator, client):
    services.create_rule(actor=coordinator, program=program, data=rule_data())
    client.force_login(coordinator)
    response = client.post(
        reverse("credits:rule_new", args=[program.slug]),
        form_data(provider_name="Second provider name"),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "credited twice" in body and "Second provider name" in body
    assert CreditRule.objects.filter(program=program).count() == 1
