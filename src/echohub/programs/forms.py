from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from echohub.accounts.models import User
from echohub.accounts.professions import Profession
from echohub.programs.models import HubMember, HubRole, Program, Role, Rurality, Site, SiteKind


class RegistrationForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(label=_("Email"))
    profession = forms.ChoiceField(label=_("Profession"), choices=[("", "—"), *Profession.choices])
    licence_number = forms.CharField(
        label=_("Licence / registration number"),
        max_length=40,
        help_text=_("From your regulatory college (e.g. CPSO, CNO, OCP). Used for CE credit."),
    )
    site = forms.ModelChoiceField(
        label=_("Your site"),
        queryset=Site.objects.none(),
        required=False,
        empty_label=_("— My site is not listed —"),
    )
    new_site_name = forms.CharField(
        label=_("New site name"),
        max_length=200,
        required=False,
        help_text=_("Only if your site is not in the list."),
    )
    region = forms.CharField(label=_("Region"), max_length=100, required=False)
    consent_research = forms.BooleanField(
        label=_("I agree that my participation data may be used for evaluation research."),
        required=False,
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["site"]).queryset = program.sites.filter(
            is_active=True
        ).order_by("name")
        regions = sorted(set(program.sites.values_list("region", flat=True)))
        self.fields["region"].widget = forms.TextInput(attrs={"list": "regions"})
        self.regions = regions

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("site") and not (data.get("new_site_name") or "").strip():
            self.add_error("site", _("Choose your site, or name a new one."))
        if (
            not data.get("site")
            and (data.get("new_site_name") or "").strip()
            and not (data.get("region") or "").strip()
        ):
            self.add_error("region", _("Give the region of your new site."))
        return data


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the person (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )


class SiteForm(forms.ModelForm):
    class Meta:
        model = Site
        fields = ["name", "kind", "region", "rurality", "population_served", "is_active"]


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Roles in this program"),
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none(), required=False)

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["site"]).queryset = program.sites.order_by("name")


class HubMemberForm(forms.ModelForm):
    user = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none())

    class Meta:
        model = HubMember
        fields = ["user", "hub_role", "discipline", "bio", "is_active"]

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["user"]).queryset = User.objects.filter(
            memberships__program=program, memberships__is_active=True
        ).distinct()
        cast(forms.ChoiceField, self.fields["hub_role"]).choices = HubRole.choices
        if self.instance.pk:
            self.fields["user"].disabled = True


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("Any role")), *Role.choices], required=False
    )
    profession = forms.ChoiceField(
        label=_("Profession"),
        choices=[("", _("Any profession")), *Profession.choices],
        required=False,
    )
    site = forms.ModelChoiceField(
        label=_("Site"), queryset=Site.objects.none(), required=False, empty_label=_("Any site")
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["site"]).queryset = program.sites.order_by("name")


class SiteFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    region = forms.CharField(label=_("Region"), required=False)
    rurality = forms.ChoiceField(
        label=_("Rurality"), choices=[("", _("Any")), *Rurality.choices], required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Any")), *SiteKind.choices], required=False
    )
