"""Command line: ``phi scan [--json] FILE... | -`` and ``phi redact FILE... | -``.

All files are handled in one process. A file that cannot be read or is not valid UTF-8 gets a
one-line error on stderr and makes the exit status 2; the other files are still processed.
Exit status: 0 when every file was scanned (findings or not), 2 on usage or input errors;
with ``--fail-on-findings``, 1 when something was found (for scripts and pre-commit hooks).
"""

from __future__ import annotations

import json
import sys
from typing import TextIO

USAGE = (
    "usage: phi scan [--json] [--fail-on-findings] FILE... | -\n"
    "       phi redact FILE... | -\n"
    "Find (scan) or replace (redact) identifiers in UTF-8 text files; '-' reads standard input.\n"
)


def _read(path: str, stdin: TextIO) -> str:
    if path == "-":
        raw = stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read().encode("utf-8")
    else:
        with open(path, "rb") as fh:
            raw = fh.read()
    if b"\x00" in raw:
        raise ValueError("binary file (contains NUL bytes), not text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not valid UTF-8 (byte {exc.start})") from None
    return text.removeprefix("\ufeff")


def main(argv: list[str] | None = None) -> int:
    """Run the command; ``argv`` excludes the program name (``["scan", "--json", "a.txt"]``)."""
    args = list(sys.argv[1:] if argv is None else argv)
    out, err = sys.stdout, sys.stderr
    if not args or args[0] in ("-h", "--help", "help"):
        (out if args else err).write(USAGE)
        return 0 if args else 2
    command, rest = args[0], args[1:]
    if command not in ("scan", "redact"):
        err.write(f"phi: unknown command {command!r}\n{USAGE}")
        return 2
    as_json = fail_on_findings = False
    files: list[str] = []
    for a in rest:
        if a == "--json" and command == "scan":
            as_json = True
        elif a == "--fail-on-findings" and command == "scan":
            fail_on_findings = True
        elif a in ("-h", "--help"):
            out.write(USAGE)
            return 0
        elif a.startswith("--"):
            err.write(f"phi: unknown option {a!r}\n{USAGE}")
            return 2
        else:
            files.append(a)
    if not files:
        err.write(f"phi: no input files (use '-' for standard input)\n{USAGE}")
        return 2

    from phi.scanner import redact, scan

    status = 0
    for path in files:
        try:
            text = _read(path, sys.stdin)
        except (OSError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            err.write(f"phi: {path}: {reason}\n")
            status = 2
            continue
        if command == "redact":
            out.write(redact(text))
            continue
        findings = scan(text)
        if findings and fail_on_findings and status == 0:
            status = 1
        if as_json:
            record = {
                "file": path,
                "findings": [
                    {"start": f.start, "end": f.end, "kind": f.kind, "text": f.text}
                    for f in findings
                ],
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            out.write(f"{path}: {len(findings)} finding{'s' if len(findings) != 1 else ''}\n")
            for f in findings:
                line = text.count("\n", 0, f.start) + 1
                col = f.start - (text.rfind("\n", 0, f.start) + 1) + 1
                shown = f.text.replace("\n", " ")
                out.write(f"  {line}:{col}\t{f.kind:<13}\t{shown}\t({f.reason})\n")
    out.flush()
    return status


if __name__ == "__main__":
    sys.exit(main())
