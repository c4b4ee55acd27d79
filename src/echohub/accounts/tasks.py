"""Password-reset email, made when the job runs: the job holds the person's id, never a link."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template import loader
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from echohub.accounts.models import User
from echohub.core.mail import mail_language


@task()
def send_password_reset_task(
    user_id: int,
    subject_template: str,
    body_template: str,
    domain: str,
    protocol: str,
    language: str,
) -> int:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return 0
    # The link goes to the deployment's own address, never to the Host header the reset was
    # asked with (which whoever asks chooses: a poisoned link would carry the token away).
    # The request's host and scheme are used only when SITE_URL is empty.
    protocol, domain = site_address(default_protocol=protocol, default_domain=domain)
    context = {
        "email": user.email,
        "domain": domain,
        "site_name": domain,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": protocol,
        # No password yet (approved, never signed in): the link is their first sign-in.
        "first_sign_in": not user.has_usable_password(),
    }
    # Their own language first, else the one of the page the reset was asked for on.
    with translation.override(mail_language(user, known=language)):
        subject = "".join(loader.render_to_string(subject_template, context).splitlines())
        body = loader.render_to_string(body_template, context)
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


def site_address(*, default_protocol: str, default_domain: str) -> tuple[str, str]:
    """(scheme, host and any path prefix) of SITE_URL, or the defaults when it is empty."""
    parts = urlsplit(settings.SITE_URL or "")
    if not (parts.scheme and parts.netloc):
        return default_protocol, default_domain
    return parts.scheme, parts.netloc + parts.path.rstrip("/")
