from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from echohub.accounts.models import User
from echohub.accounts.professions import Profession
from echohub.core import bilingual, bilingual_forms
from echohub.core.choices import name_blank_choices
from echohub.core.limits import (
    LONG_TEXT_MAX,
    SEARCH_MAX,
    NameField,
    cap_text,
    check_email_lookalike,
)
from echohub.programs.models import (
    RURALITY_HELP,
    ContentLanguages,
    HubMember,
    HubRole,
    Program,
    Region,
    Role,
    Rurality,
    Site,
    SiteKind,
    region_label,
)


def region_choices(current: str = "") -> list[tuple[str, str]]:
    """The managed list's offered regions (and `current`, a retired one a site still has)."""
    names = list(Region.objects.filter(is_active=True).values_list("name", flat=True))
    if current and current not in names:
        names.append(current)
    return [(n, region_label(n)) for n in names]


def rurality_choices() -> list[tuple[str, str]]:
    """Each rurality with what it means, for the person choosing (never "not stated")."""
    return [
        (value, f"{label} — {RURALITY_HELP[value]}")
        for value, label in Rurality.choices
        if value != Rurality.NOT_STATED
    ]


RURALITY_SOURCE = _(
    "After Statistics Canada's population centre and rural area classification. Choose "
    "the one that fits where the site's patients live; coordinators can change it later."
)


class RegistrationForm(forms.Form):
    first_name = NameField(label=_("First name"), max_length=100)
    last_name = NameField(label=_("Last name"), max_length=100)
    # A domain that only looks like another ("exаmple.org" with a Cyrillic a): refused.
    email = forms.EmailField(label=_("Email"), validators=[check_email_lookalike])
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
    new_site_name = NameField(
        label=_("New site name"),
        max_length=200,
        required=False,
        help_text=_("Only if your site is not in the list."),
    )
    region = forms.ChoiceField(
        label=_("Region of the new site"),
        required=False,
        help_text=_("The health region the new site is in."),
    )
    new_site_kind = forms.ChoiceField(
        label=_("Kind of the new site"),
        required=False,
        choices=[("", "—"), *[c for c in SiteKind.choices if c[0] != SiteKind.NOT_STATED]],
    )
    new_site_rurality = forms.ChoiceField(
        label=_("Where is the new site?"),
        required=False,
        widget=forms.RadioSelect,
        help_text=RURALITY_SOURCE,
    )
    consent_research = forms.BooleanField(
        label=_("I agree that my participation data may be used for evaluation research."),
        required=False,
    )

    def __init__(self, *args: Any, program: Program, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["site"]).queryset = program.sites.filter(
            is_active=True
        ).order_by("name")
        cast(forms.ChoiceField, self.fields["region"]).choices = [("", "—"), *region_choices()]
        cast(forms.ChoiceField, self.fields["new_site_rurality"]).choices = rurality_choices()
        # A signed-in member registers as themselves: what their account knows is filled in,
        # and the email is their account's (approval finds the account by it; another address
        # would make a second account), so it is read-only and taken from the account.
        self.account_email = ""
        if user is not None and getattr(user, "is_authenticated", False) and user.email:
            self.account_email = str(user.email)
            for name in ("first_name", "last_name", "profession", "licence_number"):
                value = getattr(user, name, "") or ""
                if value:
                    self.initial.setdefault(name, value)
            self.initial["email"] = self.account_email
            if self.is_bound:  # whatever was sent for it, the account's address
                data = self.data.copy()  # type: ignore[attr-defined]
                data["email"] = self.account_email
                self.data = data
            email = self.fields["email"]
            email.widget.attrs["readonly"] = True
            email.help_text = _(
                "The address of your account. To use another, change it in your profile first."
            )

    def clean_email(self) -> str:
        if self.account_email:
            return self.account_email
        return str(self.cleaned_data.get("email") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("site") and not (data.get("new_site_name") or "").strip():
            self.add_error("site", _("Choose your site, or name a new one."))
        if not data.get("site") and (data.get("new_site_name") or "").strip():
            if not data.get("region") and "region" not in self.errors:
                self.add_error("region", _("Give the region of your new site."))
            if not data.get("new_site_kind") and "new_site_kind" not in self.errors:
                self.add_error("new_site_kind", _("Say what kind of site it is."))
            if not data.get("new_site_rurality") and "new_site_rurality" not in self.errors:
                self.add_error("new_site_rurality", _("Say where the new site is."))
        return data


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the person (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )


class SiteForm(forms.ModelForm):
    region = forms.ChoiceField(label=_("Region"))
    rurality = forms.ChoiceField(label=_("Rurality"), widget=forms.RadioSelect)

    class Meta:
        model = Site
        fields = ["name", "kind", "region", "rurality", "population_served", "is_active"]
        field_classes = {"name": NameField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = self.instance.region if self.instance.pk else ""
        cast(forms.ChoiceField, self.fields["region"]).choices = [
            ("", "—"),
            *region_choices(current),
        ]
        choices = rurality_choices()
        if self.instance.pk and self.instance.rurality == Rurality.NOT_STATED:
            # Kept until someone finds out; never offered for a new site.
            choices.append((Rurality.NOT_STATED, str(Rurality.NOT_STATED.label)))
        cast(forms.ChoiceField, self.fields["rurality"]).choices = choices
        self.fields["rurality"].help_text = RURALITY_SOURCE
        kinds = list(SiteKind.choices)
        if not (self.instance.pk and self.instance.kind == SiteKind.NOT_STATED):
            kinds = [c for c in kinds if c[0] != SiteKind.NOT_STATED]
        cast(forms.ChoiceField, self.fields["kind"]).choices = kinds


class InviteForm(forms.Form):
    """Invite someone into a role. The picker offers only the roles the inviter may give and
    starts on Participant (it started on Program admin, which a coordinator may not give: the
    first invitation a coordinator sent was refused)."""

    # A domain that only looks like another ("exаmple.org" with a Cyrillic a): refused.
    email = forms.EmailField(label=_("Email"), validators=[check_email_lookalike])
    first_name = NameField(label=_("First name"), max_length=100, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.PARTICIPANT)

    def __init__(self, *args: Any, can_grant_admin: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not can_grant_admin:
            cast(forms.ChoiceField, self.fields["role"]).choices = [
                (value, label) for value, label in Role.choices if value != Role.PROGRAM_ADMIN
            ]


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
        name_blank_choices(self)


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
        name_blank_choices(self)


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
    region = forms.ChoiceField(label=_("Region"), required=False)
    rurality = forms.ChoiceField(
        label=_("Rurality"), choices=[("", _("Any")), *Rurality.choices], required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Any")), *SiteKind.choices], required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["region"]).choices = [
            ("", _("Any")),
            *((n, region_label(n)) for n in Region.objects.values_list("name", flat=True)),
        ]


class AnnouncementForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    subject_fr = forms.CharField(label=_("Subject (French)"), max_length=200, required=False)
    body = forms.CharField(
        label=_("Message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Plain text. It is checked for identifying information, like case text: no "
            "patient details."
        ),
    )
    body_fr = forms.CharField(
        label=_("Message (French)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: every role."),
    )
    professions = forms.MultipleChoiceField(
        label=_("Professions"),
        choices=Profession.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choice-columns"}),
        required=False,
        help_text=_("None ticked: every profession."),
    )
    regions = forms.MultipleChoiceField(
        label=_("Regions of their site"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: every region (and people without a site)."),
    )
    series = forms.ChoiceField(
        label=_("Cycle"),
        required=False,
        help_text=_("Only people with attendance recorded in one of the cycle's sessions."),
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Subject then message in each of the program's languages (its default first).
        bilingual_forms.adapt(self, program.languages, ["subject", "body"], ["subject", "body"])
        langs = program.languages
        self.order_fields(
            [f"{f}{'_fr' if lang == 'fr' else ''}" for lang in langs for f in ("subject", "body")]
        )
        cast(forms.ChoiceField, self.fields["regions"]).choices = [
            (n, region_label(n)) for n in Region.objects.values_list("name", flat=True)
        ]
        cycles = program.series.order_by("-created_at").only("pk", "title", "title_fr")
        cast(forms.ChoiceField, self.fields["series"]).choices = [
            ("", _("Any cycle")),
            *((str(s.pk), bilingual.text(s, "title")) for s in cycles),
        ]


class ProgramSettingsForm(forms.ModelForm):
    """The program's own texts (in its content languages) and settings, for program admins."""

    class Meta:
        model = Program
        fields = [
            "content_languages",
            "name",
            "name_fr",
            "summary",
            "summary_fr",
            "description",
            "description_fr",
            "audience",
            "audience_fr",
            "how_to_join",
            "how_to_join_fr",
            "time_zone",
            "contact_email",
            "video_provider",
            "is_public",
            "registration_open",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "description_fr": forms.Textarea(attrs={"rows": 4}),
            "audience": forms.Textarea(attrs={"rows": 3}),
            "audience_fr": forms.Textarea(attrs={"rows": 3}),
            "how_to_join": forms.Textarea(attrs={"rows": 3}),
            "how_to_join_fr": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["content_languages"].help_text = _(
            "After changing the languages, save: the page then asks for the texts in each one."
        )
        languages = list(self.instance.languages)
        chosen = str(self.data.get("content_languages", "")) if self.is_bound else ""
        if chosen in ContentLanguages.values:  # switching: ask for the new language's texts too
            new = chosen.split("+")
            languages = new + [lang for lang in languages if lang not in new]
        bilingual_forms.adapt(self, languages, list(Program.BILINGUAL_FIELDS), ["name"])

    def clean_contact_email(self) -> str:
        # Shown on the public page and in emails: never a look-alike domain (probe 12-24).
        value = str(self.cleaned_data.get("contact_email") or "")
        if value:
            check_email_lookalike(value)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        bilingual_forms.check_required(self, data)
        return data


# Ceilings (core.limits), also told to the browser.
cap_text(
    ProgramSettingsForm.base_fields,
    LONG_TEXT_MAX,
    *(
        f"{name}{suffix}"
        for name in ("description", "audience", "how_to_join")
        for suffix in ("", "_fr")
    ),
)
cap_text(HubMemberForm.base_fields, LONG_TEXT_MAX, "bio")
cap_text(PeopleFilterForm.base_fields, SEARCH_MAX, "q")
cap_text(SiteFilterForm.base_fields, SEARCH_MAX, "q")
