"""recognizers/contacts.py: emails, web and IP addresses, postal codes and phone numbers."""

from __future__ import annotations

from phi.recognizers import contacts

from .helpers import candidates, found, touched


def test_contacts_alone() -> None:
    text = (
        "Email ostrander.k@mailbox.example.ca or see www.example-clinic.ca/forms; "
        "server 10.0.4.27; fax (807) 555-0143; mail to P7B 5E1 or Dover, DE 19901."
    )
    got = candidates(contacts.recognize, text)
    assert ("ostrander.k@mailbox.example.ca", "EMAIL") in got
    assert ("www.example-clinic.ca/forms", "URL") in got
    assert ("10.0.4.27", "IP") in got
    assert ("(807) 555-0143", "PHONE") in got
    assert ("P7B 5E1", "POSTAL_CODE") in got
    assert ("19901", "POSTAL_CODE") in got


def test_ten_bare_digits_need_a_phone_cue() -> None:
    assert found("cell 7055550143 after 5", "7055550143", "PHONE")
    assert not any(k == "PHONE" for _t, k in candidates(contacts.recognize, "ref 7055550143"))


def test_not_contacts() -> None:
    text = "IP joint pain 3/10, version 2.0.1, BP 130/80, an @ sign, 999.999.1.1"
    assert candidates(contacts.recognize, text) == []
    assert not touched("BP 130/80 today", "130/80")
