"""Library uploads: what is accepted, how big, under which name, and how it is served back.

A file is accepted by what it *is*, read from its first bytes, never by its name alone: a PDF
starts with ``%PDF-``; a PPTX is a ZIP package holding ``[Content_Types].xml`` and
``ppt/presentation.xml``; recordings (only where ``LIBRARY_RECORDING_UPLOADS`` allows) are MP4
(an ``ftyp`` box) or WebM (the EBML magic). The extension must agree with the content, so an
``.exe`` renamed ``.pdf`` is refused, and so is a PDF named ``.pptx``.

Stored files get a random name inside the private storage (``library/models.PrivateStorage``);
the name people see on download is cleaned here (`safe_filename`): no folders, no quotes, no
control or bidi characters, ASCII only in the plain ``filename=`` (the full name goes in
``filename*`` as RFC 5987 UTF-8).
"""

from __future__ import annotations

import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from typing import IO, Any
from urllib.parse import quote

from django.conf import settings
from django.utils.translation import gettext as _

from echohub.core.errors import DomainError
from echohub.library.models import FileKind

# --- sizes ---------------------------------------------------------------------------------

#: One slide deck or tool file. Under the request ceiling (core.limits.REQUEST_MAX_BYTES, 10 MB)
#: with room for the form around it; a longer deck is best linked or split.
LIBRARY_FILE_MAX_BYTES = 9 * 1024 * 1024
#: A recording file, where uploads are allowed: bounded by the same request ceiling (large
#: recordings belong on the video platform, linked).
RECORDING_MAX_BYTES = 9 * 1024 * 1024
#: A downloaded name, in characters (without its extension).
FILENAME_MAX = 80
#: Entries a PPTX package may list (a deck of hundreds of slides with their media lists a few
#: thousand). Past it the upload is not read as a deck: Python's zipfile builds an object per
#: entry, and 100,000 empty ones fit in a 9 MB upload (seconds of CPU each time; probe 12-23).
PACKAGE_MAX_ENTRIES = 10_000
#: A ZIP file ends with its directory's end record (22 bytes) and a comment of at most 65,535.
_END_RECORD = b"PK\x05\x06"
_END_SEARCH = 22 + 65_535

SLIDE_KINDS = frozenset({FileKind.PDF, FileKind.PPTX})
TOOL_KINDS = frozenset({FileKind.PDF, FileKind.PPTX})
RECORDING_KINDS = frozenset({FileKind.MP4, FileKind.WEBM})

CONTENT_TYPES = {
    FileKind.PDF: "application/pdf",
    FileKind.PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    FileKind.MP4: "video/mp4",
    FileKind.WEBM: "video/webm",
}
EXTENSIONS = {
    FileKind.PDF: ".pdf",
    FileKind.PPTX: ".pptx",
    FileKind.MP4: ".mp4",
    FileKind.WEBM: ".webm",
}


def recording_uploads_allowed() -> bool:
    """Whether this deployment accepts recording files (else recordings are links only)."""
    return bool(getattr(settings, "LIBRARY_RECORDING_UPLOADS", False))


@dataclass(frozen=True)
class CheckedFile:
    kind: FileKind
    size: int
    display_name: str  # the cleaned name people download it under
    storage_name: str  # random, inside the private storage


def sniff(head: bytes, stream: IO[bytes] | None = None) -> FileKind | None:
    """What the file is from its content, or None."""
    if head.startswith(b"%PDF-"):
        return FileKind.PDF
    if head[4:8] == b"ftyp":
        return FileKind.MP4
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return FileKind.WEBM
    if head.startswith(b"PK\x03\x04") and stream is not None:
        entries = package_entries(stream)
        if entries is None or entries > PACKAGE_MAX_ENTRIES:
            return None
        try:
            stream.seek(0)
            with zipfile.ZipFile(stream) as package:
                names = set(package.namelist())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
            # zipfile raises NotImplementedError for a directory asking a newer ZIP version
            # than it reads, EOFError for some cut archives: not a deck either way.
            return None
        finally:
            stream.seek(0)
        if "[Content_Types].xml" in names and "ppt/presentation.xml" in names:
            return FileKind.PPTX
    return None


def package_entries(stream: IO[bytes]) -> int | None:
    """How many entries a ZIP file's directory lists, from its end record (read from the last
    64 kB only); None when there is none. A ZIP64 package says 0xFFFF here: counted as that
    many, more than any deck has."""
    try:
        stream.seek(0, 2)
        size = stream.tell()
        start = max(0, size - _END_SEARCH)
        stream.seek(start)
        tail = stream.read()
    except (OSError, ValueError):
        return None
    finally:
        stream.seek(0)
    at = tail.rfind(_END_RECORD)
    while at >= 0:
        record = tail[at : at + 22]
        if len(record) == 22:
            comment = int.from_bytes(record[20:22], "little")
            if at + 22 + comment == len(tail):  # the record whose comment ends the file
                return int.from_bytes(record[10:12], "little")
        at = tail.rfind(_END_RECORD, 0, at)
    return None


def check_upload(
    upload: Any, *, allowed: frozenset[FileKind], max_bytes: int, field: str
) -> CheckedFile:
    """Refuse a file that is too big, of another kind than `allowed`, or whose extension
    disagrees with its content; else say what it is and the names to use."""
    size = int(getattr(upload, "size", 0) or 0)
    if size == 0:
        raise DomainError("empty_file", _("This file is empty."), field=field)
    if size > max_bytes:
        raise DomainError(
            "file_too_large",
            _("This file is too large: at most %(max)s MB.") % {"max": max_bytes // (1024 * 1024)},
            field=field,
        )
    upload.seek(0)
    head = upload.read(16)
    kind = sniff(head, upload)
    upload.seek(0)
    accepted = ", ".join(sorted(EXTENSIONS[k].lstrip(".").upper() for k in allowed))
    if kind is None or kind not in allowed:
        raise DomainError(
            "file_type",
            _("This file is not one we accept here (%(kinds)s). Check it opens, then try again.")
            % {"kinds": accepted},
            field=field,
        )
    name = str(getattr(upload, "name", "") or "")
    extension = ("." + name.rsplit(".", 1)[1].lower()) if "." in name else ""
    if extension != EXTENSIONS[kind]:
        raise DomainError(
            "file_extension",
            _(
                "The file's name ends in “%(ext)s” but it is a %(kind)s file: "
                "rename it and try again."
            )
            % {"ext": extension or "—", "kind": kind.label},
            field=field,
        )
    return CheckedFile(
        kind=kind,
        size=size,
        display_name=safe_filename(name, kind),
        storage_name=f"{kind.value}/{uuid.uuid4().hex}{EXTENSIONS[kind]}",
    )


_UNSAFE = re.compile(r"[^\w\-. ()]+", re.UNICODE)


def safe_filename(name: str, kind: FileKind) -> str:
    """A name safe to offer for download: the last path part only, without quotes, control,
    bidi or format characters, spaces collapsed, at most FILENAME_MAX characters, with the
    kind's own extension."""
    base = re.split(r"[\\/]", name)[-1]
    if base.lower().endswith(EXTENSIONS[kind]):
        base = base[: -len(EXTENSIONS[kind])]
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] not in ("C",))
    base = _UNSAFE.sub("_", base)
    base = re.sub(r"\s+", " ", base).strip(" ._")
    base = base[:FILENAME_MAX] or "file"
    return base + EXTENSIONS[kind]


def content_disposition(display_name: str) -> str:
    """`attachment` with an ASCII fallback name and the UTF-8 name (RFC 6266 / 5987)."""
    ascii_name = (
        unicodedata.normalize("NFKD", display_name).encode("ascii", "ignore").decode("ascii")
    )
    ascii_name = re.sub(r"[^A-Za-z0-9\-_. ()]+", "_", ascii_name).strip() or "file"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(display_name)}"
