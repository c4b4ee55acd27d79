"""The translation check run by `make lint` (`echohub check_translations`).

It fails on:
- a message of a catalogue (.po) left untranslated (any plural form) or marked fuzzy;
- a catalogue out of date with the sources (`makemessages` run in a scratch copy finds
  messages the catalogue lacks, or the catalogue keeps messages the sources no longer have);
- a compiled catalogue (.mo) that does not hold the same translations as its .po;
- text in a template outside `{% translate %}` / `{% blocktranslate %}` (HTML text nodes and
  the attributes people read: title, alt, placeholder, aria-label, data-confirm), ignoring
  whitespace, punctuation, numbers, template variables and a few product names;
- a date format fixed in a template (`|date:"j M Y H:i"`): dates and times go through
  `local_date` and the format modules, so French reads « 4 déc. 2026, 12 h 30 »;
- obvious unmarked strings in Python: a bare string literal given as a form or model field's
  label, help text or verbose name, a choice's label, a validation or domain error's message,
  a flash message, the message of any `XxxError("code", "message")` / `XxxRefused(...)`.
  `# notranslate` on the line keeps deliberate English (messages only machines read).

Everything here but `makemessages` is plain Python, so the rules are testable on fixtures.
"""

from __future__ import annotations

import ast
import gettext
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from django.template.base import Lexer, TokenType

#: Attributes whose value people read (or hear through a screen reader).
READ_ATTRIBUTES = frozenset(
    {"title", "alt", "placeholder", "aria-label", "aria-description", "data-confirm", "data-label"}
)
#: Words that stay as they are in every language (product names, units with no translation).
UNTRANSLATED_WORDS = frozenset(
    {"echohub", "echo", "hub", "ECHO", "PDF", "CSV", "SVG", "XLSX", "Excel", "UTF", "REDCap"}
    | {"mg", "mcg", "mL", "PEG", "PHQ", "GAD"}  # units and instrument names, the same in French
)
#: A template line holding this comment is left alone (text meant to stay in one language);
#: in Python, a line with a `# notranslate` comment.
NO_TRANSLATE = "{# notranslate #}"
#: Elements whose content is code or sample input, not prose.
CODE_ELEMENTS = frozenset({"script", "style", "code", "pre", "kbd", "samp"})
_VAR = "\x01"  # a template variable or tag in the skeleton
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_][\w+]*")


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    kind: str
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.kind}: {self.text}"


# ---------------------------------------------------------------------------------------------
# .po files


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    comments: list[str] = field(default_factory=list)
    obsolete: bool = False
    line: int = 0

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        return (self.msgctxt, self.msgid, self.msgid_plural)

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr.values())


def _unquote(text: str) -> str:
    text = text.strip()
    if not (len(text) >= 2 and text[0] == text[-1] == '"'):
        raise ValueError(f"not a quoted string: {text!r}")
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r", "a": "\a", "b": "\b"}
    out, i, body = [], 0, text[1:-1]
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body):
            out.append(escapes.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            out.append(char)
            i += 1
    return "".join(out)


def _quote(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r")
    )
    if "\n" not in text[:-1]:
        return '"' + escaped.replace("\n", "\\n") + '"'
    parts = escaped.split("\n")
    lines = [part + "\\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
    return '""\n' + "\n".join(f'"{line}"' for line in lines)


def parse_po(text: str) -> list[Entry]:
    """The entries of a .po file (header included, as the entry with an empty msgid)."""
    entries: list[Entry] = []
    entry = Entry()
    current: tuple[str, int] | None = None  # which string the continuation lines extend
    started = False

    def finish() -> None:
        nonlocal entry, started, current
        if started:
            entries.append(entry)
        entry, started, current = Entry(), False, None

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        if not line:
            finish()
            continue
        if line.startswith("#"):
            if started and current is not None:
                finish()
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            else:
                entry.comments.append(raw)
            continue
        if not started:
            entry.line = number
        started = True
        entry.obsolete = entry.obsolete or obsolete
        if line.startswith("msgctxt "):
            entry.msgctxt, current = _unquote(line[8:]), ("msgctxt", 0)
        elif line.startswith("msgid_plural "):
            entry.msgid_plural, current = _unquote(line[13:]), ("msgid_plural", 0)
        elif line.startswith("msgid "):
            if current is not None and current[0] not in ("msgctxt",):
                finish()
                entry.line, started = number, True
                entry.obsolete = obsolete
            entry.msgid, current = _unquote(line[6:]), ("msgid", 0)
        elif line.startswith("msgstr["):
            index = int(line[7 : line.index("]")])
            entry.msgstr[index] = _unquote(line[line.index("]") + 1 :])
            current = ("msgstr", index)
        elif line.startswith("msgstr "):
            entry.msgstr[0], current = _unquote(line[7:]), ("msgstr", 0)
        elif line.startswith('"') and current is not None:
            more = _unquote(line)
            name, index = current
            if name == "msgstr":
                entry.msgstr[index] += more
            else:
                setattr(entry, name, (getattr(entry, name) or "") + more)
        else:
            raise ValueError(f"line {number}: cannot read {raw!r}")
    finish()
    return entries


def format_po(entries: Iterable[Entry]) -> str:
    """Write entries back as a .po file (the inverse of `parse_po` for what it keeps)."""
    blocks = []
    for entry in entries:
        previous = [c for c in entry.comments if c.startswith("#|")]
        lines = [c for c in entry.comments if not c.startswith("#|")]
        if entry.flags:
            lines.append("#, " + ", ".join(sorted(entry.flags)))
        if "fuzzy" in entry.flags:  # the earlier msgid only means something for a fuzzy entry
            lines += previous
        prefix = "#~ " if entry.obsolete else ""
        strings: list[tuple[str, str]] = []
        if entry.msgctxt is not None:
            strings.append(("msgctxt", entry.msgctxt))
        strings.append(("msgid", entry.msgid))
        if entry.msgid_plural is not None:
            strings.append(("msgid_plural", entry.msgid_plural))
            strings += [(f"msgstr[{i}]", entry.msgstr.get(i, "")) for i in sorted(entry.msgstr)]
        else:
            strings.append(("msgstr", entry.msgstr.get(0, "")))
        for name, value in strings:
            quoted = _quote(value).split("\n")
            lines.append(f"{prefix}{name} {quoted[0]}")
            lines += [prefix + q for q in quoted[1:]]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def compile_mo(entries: Iterable[Entry]) -> bytes:
    """A .mo file for the entries, as GNU msgfmt makes it (fuzzy and untranslated entries left
    out), in plain Python: no gettext tools needed (`check_translations --compile`)."""
    messages: dict[bytes, bytes] = {}
    for entry in entries:
        if entry.obsolete or ("fuzzy" in entry.flags and entry.msgid):
            continue
        key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            if entry.msgstr.get(0) or not entry.msgid:
                messages[key.encode()] = entry.msgstr.get(0, "").encode()
        elif any(entry.msgstr.values()):
            forms = [entry.msgstr.get(i, "") for i in range(max(entry.msgstr) + 1)]
            messages[f"{key}\0{entry.msgid_plural}".encode()] = "\0".join(forms).encode()
    keys = sorted(messages)
    ids = strs = b""
    offsets = []
    for raw in keys:
        offsets.append((len(ids), len(raw), len(strs), len(messages[raw])))
        ids += raw + b"\0"
        strs += messages[raw] + b"\0"
    key_start = 7 * 4 + 16 * len(keys)
    value_start = key_start + len(ids)
    table = [n for o1, l1, _o2, _l2 in offsets for n in (l1, o1 + key_start)]
    table += [n for _o1, _l1, o2, l2 in offsets for n in (l2, o2 + value_start)]
    header = struct.pack("Iiiiiii", 0x950412DE, 0, len(keys), 28, 28 + 8 * len(keys), 0, 0)
    return header + struct.pack(f"{len(table)}i", *table) + ids + strs


def catalogue_problems(path: Path) -> list[Problem]:
    """Untranslated and fuzzy messages of one .po file."""
    problems = []
    for entry in parse_po(path.read_text(encoding="utf-8")):
        if entry.obsolete or not entry.msgid:
            continue
        if "fuzzy" in entry.flags:
            problems.append(Problem(str(path), entry.line, "fuzzy", entry.msgid))
        elif not entry.translated:
            problems.append(Problem(str(path), entry.line, "untranslated", entry.msgid))
    return problems


def compiled_problems(po_path: Path, mo_path: Path) -> list[Problem]:
    """A .mo that is missing or does not hold exactly the .po's translations."""
    if not mo_path.exists():
        return [Problem(str(mo_path), 0, "not compiled", "run `echohub compilemessages`")]
    with mo_path.open("rb") as handle:
        compiled = dict(gettext.GNUTranslations(handle)._catalog)  # type: ignore[attr-defined]
    expected: dict[object, str] = {}
    for entry in parse_po(po_path.read_text(encoding="utf-8")):
        if entry.obsolete or ("fuzzy" in entry.flags and entry.msgid):
            continue
        msgid = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            if entry.msgstr.get(0):
                expected[msgid] = entry.msgstr[0]
        elif any(entry.msgstr.values()):  # as msgfmt: kept unless every form is empty
            expected.update({(msgid, i): text for i, text in entry.msgstr.items()})
    compiled.pop("", None)
    expected.pop("", None)
    if compiled != expected:
        differing = sorted(
            str(key)
            for key in set(compiled) ^ set(expected)
            | {key for key in set(compiled) & set(expected) if compiled[key] != expected[key]}
        )
        return [
            Problem(
                str(mo_path),
                0,
                "out of date with its .po (run `echohub compilemessages`)",
                ", ".join(differing[:5]) + (" …" if len(differing) > 5 else ""),
            )
        ]
    return []


def stale_problems(po_path: Path, fresh_po: Path) -> list[Problem]:
    """Messages the sources have that the catalogue lacks, and the other way round."""
    have = {e.key for e in parse_po(po_path.read_text("utf-8")) if e.msgid and not e.obsolete}
    want = {e.key for e in parse_po(fresh_po.read_text("utf-8")) if e.msgid and not e.obsolete}
    problems = [
        Problem(str(po_path), 0, "missing (run makemessages)", key[1]) for key in want - have
    ]
    problems += [
        Problem(str(po_path), 0, "no longer in the sources (run makemessages)", key[1])
        for key in have - want
    ]
    return sorted(problems, key=lambda p: (p.kind, p.text))


def makemessages_dry_run(source_root: Path, locale: str, domain: str = "django") -> Path:
    """Run `makemessages` on a scratch copy of ``source_root``; return the fresh .po path.

    The scratch copy starts from the committed catalogue, so the result is what `makemessages`
    would write; nothing in the tree is touched.
    """
    scratch = Path(tempfile.mkdtemp(prefix="echohub-i18n-"))
    copy = scratch / source_root.name
    shutil.copytree(
        source_root,
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo"),
    )
    args = [
        "makemessages",
        "-l",
        locale,
        "-d",
        domain,
        "--no-obsolete",
        "--add-location=file",
    ]
    code = (
        "import sys, django\n"
        "from django.conf import settings\n"
        "from pathlib import Path\n"
        "django.setup()\n"
        "settings.LOCALE_PATHS = [Path.cwd() / 'locale']\n"
        "from django.core.management import call_command\n"
        f"call_command(*{args!r}, verbosity=0)\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=copy, check=True)  # noqa: S603
    return copy / "locale" / locale / "LC_MESSAGES" / f"{domain}.po"


# ---------------------------------------------------------------------------------------------
# Templates


def _meaningful(text: str) -> str:
    """The text without template placeholders, or "" when nothing in it needs translating."""
    text = " ".join(text.replace(_VAR, " ").split())
    words = [w for w in _WORD.findall(text) if w not in UNTRANSLATED_WORDS and len(w) > 1]
    if not words or not _LETTER.search(" ".join(words)):
        return ""
    return text


def template_skeleton(source: str) -> str:
    """The template with every tag and variable replaced by a placeholder, translated text
    dropped, comments removed; newlines kept so that line numbers still match."""
    out: list[str] = []
    skip_until: tuple[str, ...] = ()
    for token in Lexer(source).tokenize():
        contents = token.contents
        newlines = "\n" * contents.count("\n")
        if skip_until:
            out.append(newlines)
            is_block = token.token_type == TokenType.BLOCK
            if is_block and contents and contents.split()[0] in skip_until:
                skip_until = ()
                out.append(_VAR)
            continue
        if token.token_type == TokenType.TEXT:
            out.append(contents)
        elif token.token_type == TokenType.VAR:
            out.append(_VAR + newlines)
        elif token.token_type == TokenType.BLOCK:
            name = contents.split()[0] if contents else ""
            if name in ("blocktranslate", "blocktrans"):
                skip_until = ("endblocktranslate", "endblocktrans")
            elif name == "comment":
                skip_until = ("endcomment",)
            elif name == "verbatim":
                skip_until = ("endverbatim",)
            out.append(_VAR + newlines)
        else:  # comment token
            out.append(newlines)
    return "".join(out)


class _TextFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self._raw: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in CODE_ELEMENTS:
            self._raw.append(tag)
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value and (text := _meaningful(value)):
                self.found.append((self.getpos()[0], f'{name}="{text}"'))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in CODE_ELEMENTS:
            self._raw.pop()

    def handle_endtag(self, tag: str) -> None:
        if self._raw and self._raw[-1] == tag:
            self._raw.pop()

    def handle_data(self, data: str) -> None:
        if not self._raw and (text := _meaningful(data)):
            line = self.getpos()[0] + data[: len(data) - len(data.lstrip())].count("\n")
            self.found.append((line, text))


def template_problems(path: Path, source: str | None = None) -> list[Problem]:
    """Text of one template that people read and that is not marked for translation."""
    source = path.read_text(encoding="utf-8") if source is None else source
    skeleton = template_skeleton(source)
    if path.suffix == ".txt":  # plain-text emails: every line is text
        found = [
            (number, text)
            for number, line in enumerate(skeleton.splitlines(), start=1)
            if (text := _meaningful(line))
        ]
    else:
        finder = _TextFinder()
        finder.feed(skeleton)
        finder.close()
        found = finder.found
    lines = source.splitlines()
    problems = [
        Problem(str(path), line, "not marked in template", text)
        for line, text in found
        if not (line <= len(lines) and NO_TRANSLATE in lines[line - 1])
    ]
    for number, line in enumerate(lines, start=1):
        for match in _FIXED_DATE_FORMAT.finditer(line):
            if match.group(2) not in MACHINE_DATE_FORMATS:
                problems.append(
                    Problem(str(path), number, "fixed date format (use local_date)", match[0])
                )
    return problems


#: `|date:"j M Y"` and the like: a format fixed in one language ("Dec", "12:30").
_FIXED_DATE_FORMAT = re.compile(r"\|(date|time):[\"']([^\"']*)[\"']")
#: Formats read by machines, the same in every language.
MACHINE_DATE_FORMATS = frozenset({"Y-m-d", "c", "U", "Y-m-d\\TH:i:sO", "Ymd", "Ymd\\THis\\Z"})


# ---------------------------------------------------------------------------------------------
# Python

#: Keyword arguments whose value people read.
READ_KEYWORDS = frozenset(
    {
        "label",
        "help_text",
        "verbose_name",
        "verbose_name_plural",
        "empty_label",
        "empty_value_display",
        "message",
        "subject",
    }
)
#: Calls whose first (or, for DomainError and add_error, second) argument people read.
_MESSAGE_CALLS = {
    "ValidationError": 0,
    "DomainError": 1,
    "ApiError": 1,
    "RecurrenceError": 1,
    "add_error": 1,
    "success": 1,
    "error": 1,
    "info": 1,
    "warning": 1,
    "NotFound": 0,
    "PermissionDenied": 0,
    "Conflict": 0,
}
_MARKERS = frozenset(
    {
        "_",
        "gettext",
        "gettext_lazy",
        "ngettext",
        "ngettext_lazy",
        "pgettext",
        "pgettext_lazy",
        "npgettext",
        "format_lazy",
        "gettext_noop",
    }
)


def _bare_text(node: ast.AST | None) -> str:
    """The literal text of a bare (unmarked) string literal or f-string that has letters."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return _bare_text(node.left)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return " ".join(filter(None, (_bare_text(node.left), _bare_text(node.right))))
    else:
        return ""
    words = [w for w in _WORD.findall(text) if w not in UNTRANSLATED_WORDS and len(w) > 1]
    # a single lower-case identifier-like word is a code or a key, not a sentence
    if not words or (len(words) == 1 and re.fullmatch(r"[a-z0-9_.:-]+", text.strip())):
        return ""
    return text


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _error_message_argument(node: ast.Call, name: str) -> ast.AST | None:
    """The message of a domain error built as ``XxxError("code", "message")`` or
    ``XxxRefused("code", "message")``: the argument after a code (a string literal that is one
    identifier-like word). Plain exceptions (``ValueError("...")``) speak to developers and
    are left alone."""
    if not name.endswith(("Error", "Refused")) or len(node.args) < 2:
        return None
    code = node.args[0]
    if not (isinstance(code, ast.Constant) and isinstance(code.value, str)):
        return None
    if not re.fullmatch(r"[a-z0-9_.:-]+", code.value):
        return None
    return node.args[1]


def _is_messages_call(node: ast.Call) -> bool:
    func = node.func
    return (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id == "messages"
    )


def _choice_labels(node: ast.ClassDef) -> Iterator[ast.AST]:
    """Labels of a TextChoices / IntegerChoices class's members (`X = "x", "Label"`)."""
    bases = {b.attr if isinstance(b, ast.Attribute) else getattr(b, "id", "") for b in node.bases}
    if not bases & {"TextChoices", "IntegerChoices", "Choices"}:
        return
    for statement in node.body:
        value = statement.value if isinstance(statement, ast.Assign) else None
        if isinstance(value, ast.Tuple) and len(value.elts) >= 2:
            yield value.elts[-1]


def python_problems(path: Path, source: str | None = None) -> list[Problem]:
    """Obvious user-facing string literals in one Python module that are not marked."""
    source = path.read_text(encoding="utf-8") if source is None else source
    tree = ast.parse(source)
    found: list[tuple[int, str]] = []

    def flag(node: ast.AST | None) -> None:
        if node is not None and (text := _bare_text(node)):
            found.append((getattr(node, "lineno", 0), text))

    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for label in _choice_labels(node):
                flag(label)
        if not isinstance(node, ast.Call):
            continue
        name = _call_name(node)
        if name in _MARKERS:
            continue
        for keyword in node.keywords:
            if keyword.arg in READ_KEYWORDS:
                flag(keyword.value)
            if keyword.arg == "error_messages" and isinstance(keyword.value, ast.Dict):
                for value in keyword.value.values:
                    flag(value)
            if keyword.arg == "choices" and isinstance(keyword.value, ast.List | ast.Tuple):
                for pair in keyword.value.elts:
                    if isinstance(pair, ast.Tuple) and len(pair.elts) == 2:
                        flag(pair.elts[1])
        if name in _MESSAGE_CALLS:
            if name in ("success", "error", "info", "warning") and not _is_messages_call(node):
                continue
            index = _MESSAGE_CALLS[name]
            if len(node.args) > index:
                flag(node.args[index])
        elif (message := _error_message_argument(node, name)) is not None:
            flag(message)
    lines = source.splitlines()
    return [
        Problem(str(path), line, "not marked in Python", text)
        for line, text in found
        if not (0 < line <= len(lines) and "# notranslate" in lines[line - 1])
    ]


# ---------------------------------------------------------------------------------------------
# The whole tree


def source_files(root: Path) -> tuple[list[Path], list[Path]]:
    """(templates, Python modules) under ``root`` that people's text can come from."""
    templates = sorted(
        p
        for p in root.rglob("*")
        if p.suffix in (".html", ".txt") and "templates" in p.relative_to(root).parts
    )
    # Not for people using the site: migrations, tests, command-line tools, the synthetic demo
    # content (program content is bilingual by the program's choice, not by the catalogue).
    skip = {"migrations", "tests", "__pycache__", "management", "demo"}
    modules = sorted(
        p
        for p in root.rglob("*.py")
        if not skip & set(p.relative_to(root).parts)
        and p.name not in ("settings_test.py", "cli.py", "i18n_lint.py")
    )
    return templates, modules


def check_tree(root: Path, *, locale: str = "fr", run_makemessages: bool = True) -> list[Problem]:
    """Every problem under ``root`` (the Django project package with its `locale` folder)."""
    problems: list[Problem] = []
    templates, modules = source_files(root)
    for template in templates:
        problems += template_problems(template)
    for module in modules:
        problems += python_problems(module)
    messages = root / "locale" / locale / "LC_MESSAGES"
    po_files = sorted(messages.glob("*.po"))
    if not po_files:
        problems.append(Problem(str(messages), 0, "no catalogue", "run makemessages"))
    for po in po_files:
        problems += catalogue_problems(po)
        problems += compiled_problems(po, po.with_suffix(".mo"))
        if run_makemessages:
            fresh = makemessages_dry_run(root, locale, po.stem)
            try:
                problems += stale_problems(po, fresh)
            finally:
                shutil.rmtree(fresh.parents[4], ignore_errors=True)
    return problems
