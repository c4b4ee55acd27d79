"""Uploads: accepted by content, not by name; size limit; private storage; safe downloads."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from echohub.core.errors import DomainError
from echohub.library import files, services
from echohub.library.models import Talk, Tool
from echohub.programs.models import Role

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def _entry(name: str) -> zipfile.ZipInfo:
    """A fixed date inside the archive: these bytes appear in test ids, which every xdist
    worker must collect alike (a date from the clock differed between workers)."""
    return zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))


def pptx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(_entry("[Content_Types].xml"), "<Types/>")
        z.writestr(_entry("ppt/presentation.xml"), "<p:presentation/>")
    return out.getvalue()


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(_entry("[Content_Types].xml"), "<Types/>")
        z.writestr(_entry("word/document.xml"), "<w:document/>")
    return out.getvalue()


def _talk(coordinator, program, **kw):
    return services.save_talk(
        actor=coordinator,
        program=program,
        data={"title": "Slides test", "presenter_name": "Guest", "given_on": dt.date(2026, 1, 5)},
        **kw,
    )


@pytest.fixture
def coordinator(program, make_member):
    return make_member(program, Role.COORDINATOR)


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("virus.pdf", EXE, "file_type"),  # a renamed executable
        ("notes.pptx", docx_bytes(), "file_type"),  # a Word package is not a deck
        ("slides.pptx", PDF, "file_extension"),  # a PDF named .pptx
        ("slides.exe", PDF, "file_extension"),
        ("slides", PDF, "file_extension"),
        ("empty.pdf", b"", "empty_file"),
        ("broken.pptx", b"PK\x03\x04 not really a zip", "file_type"),
    ],
)
def test_bad_uploads_are_refused_and_nothing_is_stored(
    program, coordinator, name, content, code, _library_files
):
    with pytest.raises(DomainError) as err:
        _talk(coordinator, program, slides=SimpleUploadedFile(name, content))
    assert err.value.code == code and err.value.field == "slides"
    assert not Talk.objects.exists()
    assert not any(Path(_library_files).rglob("*.*")) if Path(_library_files).exists() else True


def test_too_big_is_refused(program, coordinator, monkeypatch):
    monkeypatch.setattr(files, "LIBRARY_FILE_MAX_BYTES", 100)
    with pytest.raises(DomainError) as err:
        _talk(coordinator, program, slides=SimpleUploadedFile("big.pdf", PDF + b"x" * 200))
    assert err.value.code == "file_too_large"


def test_the_limit_fits_under_the_request_ceiling():
    from echohub.core.limits import REQUEST_MAX_BYTES

    assert files.LIBRARY_FILE_MAX_BYTES < REQUEST_MAX_BYTES


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("../../etc/passwd.pdf", "pdf", "passwd.pdf"),
        ('C:\\Users\\x\\My "best" talk.pdf', "pdf", "My _best_ talk.pdf"),
        ("tapering\u202egpj.pdf", "pdf", "taperinggpj.pdf"),
        ('a\r\nContent-Type: text\thtml; x="y".pdf', "pdf", "aContent-Type_ texthtml_ x_y.pdf"),
        ("Présentation – douleur.pptx", "pptx", "Présentation _ douleur.pptx"),
        ("....pdf", "pdf", "file.pdf"),
    ],
)
def test_download_names_are_safe(name, kind, expected):
    assert files.safe_filename(name, files.FileKind(kind)) == expected


def test_slides_are_stored_privately_and_served_as_attachments(
    client, program, coordinator, make_member, _library_files
):
    deck = pptx_bytes()
    talk = _talk(coordinator, program, slides=SimpleUploadedFile('../evil "deck".pptx', deck))
    stored = Path(_library_files) / talk.slides.name
    assert stored.exists() and stored.read_bytes() == deck
    assert str(settings.STATIC_ROOT) not in str(stored.resolve())
    assert talk.slides_name == "evil _deck.pptx" and talk.slides_kind == "pptx"
    member = make_member(program, Role.PARTICIPANT)
    client.force_login(member)
    url = reverse(
        "library:talk_file", kwargs={"slug": program.slug, "pk": talk.pk, "what": "slides"}
    )
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == files.CONTENT_TYPES[files.FileKind.PPTX]
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="evil _deck.pptx"')
    assert '"deck"' not in disposition and "\n" not in disposition
    assert b"".join(response.streaming_content) == deck
    # Outsiders get 404.
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(url).status_code == 404


def test_a_recording_file_is_refused_unless_the_setting_allows(program, coordinator, settings):
    mp4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 40
    settings.LIBRARY_RECORDING_UPLOADS = False
    with pytest.raises(DomainError) as err:
        _talk(coordinator, program, recording_file=SimpleUploadedFile("rec.mp4", mp4))
    assert err.value.code == "recording_uploads_off"
    settings.LIBRARY_RECORDING_UPLOADS = True
    talk = _talk(coordinator, program, recording_file=SimpleUploadedFile("rec.mp4", mp4))
    assert talk.recording_kind == "mp4" and not talk.is_recorded  # no consent yet


def test_recording_download_needs_consent(client, program, coordinator, settings):
    settings.LIBRARY_RECORDING_UPLOADS = True
    mp4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 40
    talk = _talk(coordinator, program, recording_file=SimpleUploadedFile("rec.mp4", mp4))
    client.force_login(coordinator)
    url = reverse(
        "library:talk_file", kwargs={"slug": program.slug, "pk": talk.pk, "what": "recording"}
    )
    assert client.get(url).status_code == 404
    talk = services.save_talk(
        actor=coordinator,
        program=program,
        talk=talk,
        data={
            "title": talk.title,
            "presenter_name": "Guest",
            "given_on": talk.given_on,
            "recording_consent": True,
        },
    )
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "video/mp4"


def test_upload_through_the_form_shows_the_error_in_words(client, program, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("library:tool_new", kwargs={"slug": program.slug}),
        {"title": "Opioid Manager", "upload": SimpleUploadedFile("manager.pdf", EXE)},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "not one we accept here (PDF, PPTX)" in page and "Opioid Manager" in page
    assert not Tool.objects.exists()


def test_tool_file_replaced_removes_the_old_one(
    program, coordinator, _library_files, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        tool = services.save_tool(
            actor=coordinator,
            program=program,
            data={"title": "T"},
            upload=SimpleUploadedFile("a.pdf", PDF),
        )
    first = Path(_library_files) / tool.file.name
    assert first.exists()
    with django_capture_on_commit_callbacks(execute=True):
        tool = services.save_tool(
            actor=coordinator,
            program=program,
            tool=tool,
            data={"title": "T"},
            upload=SimpleUploadedFile("b.pptx", pptx_bytes()),
        )
    assert not first.exists() and (Path(_library_files) / tool.file.name).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_tool(actor=coordinator, tool=tool)
    assert not any(p.is_file() for p in Path(_library_files).rglob("*"))


def test_a_tool_needs_a_link_or_a_file(program, coordinator):
    with pytest.raises(DomainError) as err:
        services.save_tool(actor=coordinator, program=program, data={"title": "Nothing"})
    assert err.value.code == "link_or_file"


def test_only_site_administrators_add_tools_for_every_program(program, coordinator):
    from echohub.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.save_tool(
            actor=coordinator, program=None, data={"title": "X", "url": "https://a.org"}
        )
