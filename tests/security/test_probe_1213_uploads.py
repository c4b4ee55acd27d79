"""Probe: a slide deck or tool file built to trip the ZIP reader is refused in words, never a
500. Python's zipfile raises NotImplementedError (not BadZipFile) for a central directory that
asks for a newer ZIP version than it reads (found by mutating a small deck byte by byte); the
PPTX check caught only BadZipFile, OSError and ValueError."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from echohub.library import files
from echohub.library.models import Tool
from echohub.programs.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_files(settings: Any, tmp_path: Path) -> None:
    settings.LIBRARY_FILES_ROOT = str(tmp_path / "library-files")
    settings.TWO_FACTOR_ENFORCED = False


def _deck() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, text in (("[Content_Types].xml", "<Types/>"), ("ppt/presentation.xml", "<p/>")):
            z.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), text)
    return out.getvalue()


def _needing_zip_version(version: int) -> bytes:
    """A deck whose first central directory entry asks for ZIP `version` to be read."""
    data = bytearray(_deck())
    at = data.index(b"PK\x01\x02")
    data[at + 6 : at + 8] = struct.pack("<H", version)
    return bytes(data)


CRAFTED = {
    "version_113": _needing_zip_version(113),
}


@pytest.mark.parametrize("name", sorted(CRAFTED))
def test_a_crafted_package_is_not_a_deck(name: str) -> None:
    data = CRAFTED[name]
    assert files.sniff(data[:16], io.BytesIO(data)) is None


@pytest.mark.parametrize("name", sorted(CRAFTED))
def test_a_crafted_package_uploaded_is_refused_in_words(
    make_member: Any, program: Any, name: str
) -> None:
    coordinator = make_member(program, Role.COORDINATOR)
    client = Client(raise_request_exception=False)
    client.force_login(coordinator)
    response = client.post(
        reverse("library:tool_new", kwargs={"slug": program.slug}),
        {"title": "Opioid Manager", "upload": SimpleUploadedFile("manager.pptx", CRAFTED[name])},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "not one we accept here (PDF, PPTX)" in page and "Opioid Manager" in page
    assert not Tool.objects.exists()
