"""The unsubscribe page, reached from any community email without signing in.

GET shows what the link does and one button; POST (the button, or a mail client's RFC 8058
one-click `List-Unsubscribe-Post`) turns the person's discussion emails off: all of them, a
thread's own choice included ("off" wins, services.email_for). The page is in the person's
own language. The token is
signed (echohub.community.tasks.unsubscribe_token): it names the person, nothing else, and
does nothing but this.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt

from echohub.community import services
from echohub.community.models import EmailMode
from echohub.community.tasks import user_for_token
from echohub.core.mail import mail_language


@csrf_exempt  # one-click from a mail client (RFC 8058) carries no CSRF token; the token is signed
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    user = user_for_token(token)
    if user is None:
        return render(request, "community/unsubscribe.html", {"invalid": True}, status=404)
    done = False
    if request.method == "POST":
        services.set_email_mode(actor=user, mode=EmailMode.OFF)
        done = True
    # In the person's own language (the emails' language), not the browser's: the link is
    # theirs, and a shared or work computer may be set to another language.
    language = mail_language(user)
    with translation.override(language):
        response = render(
            request,
            "community/unsubscribe.html",
            {"done": done, "email": user.email, "token": token},
        )
    response["Content-Language"] = language
    return response
