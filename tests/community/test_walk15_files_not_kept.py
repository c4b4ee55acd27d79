"""Walk 15 (a participant starting a discussion): a PDF chosen for a message that was refused
for another reason (too short, identifying text...) vanished from the form without a word: a
browser never fills a file input again, and the page said nothing about it, so the message was
published later without the file. The refused form now names the files to choose again."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from echohub.community import services
from echohub.community.models import Post
from tests.community.conftest import CLEAN

AGAIN = "Choose notes.pdf again: files are not kept when a message is refused."


def _pdf(name="notes.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 synthetic", content_type="application/pdf")


def test_a_refused_new_discussion_names_the_file_to_choose_again(
    client, program, participant, topic
):
    client.force_login(participant)
    response = client.post(
        reverse("community:thread_new", args=[program.slug, topic.pk]),
        {"title": "Taper pace", "body": "short", "files": _pdf()},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "at least 15 characters" in html
    assert AGAIN in html
    assert not Post.objects.exists()


def test_a_refused_reply_names_every_file_to_choose_again(client, program, participant, topic):
    post = services.start_thread(actor=participant, topic=topic, title="Tapering", body=CLEAN)
    client.force_login(participant)
    response = client.post(
        reverse("community:thread", args=[program.slug, post.thread_id]),
        {"body": "", "files": [_pdf(), _pdf("scan.png")]},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose notes.pdf, scan.png again: files are not kept when a message is refused." in html


def test_a_file_refused_itself_gets_its_own_error_only(client, program, participant, topic):
    client.force_login(participant)
    bad = SimpleUploadedFile("tool.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = client.post(
        reverse("community:thread_new", args=[program.slug, topic.pk]),
        {"title": "Taper pace", "body": CLEAN, "files": bad},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "tool.exe is not a PDF or an image" in html
    assert "again: files are not kept" not in html


def test_a_published_message_keeps_its_file_and_says_nothing_about_it(
    client, program, participant, topic
):
    client.force_login(participant)
    response = client.post(
        reverse("community:thread_new", args=[program.slug, topic.pk]),
        {"title": "Taper pace", "body": CLEAN, "files": _pdf()},
        follow=True,
    )
    assert response.status_code == 200
    assert "again: files are not kept" not in response.content.decode()
    assert Post.objects.get().attachments.get().name == "notes.pdf"


def test_in_french_the_note_reads_in_french(client, program, participant, topic):
    participant.language = "fr"
    participant.save(update_fields=["language"])
    client.force_login(participant)
    response = client.post(
        reverse("community:thread_new", args=[program.slug, topic.pk]),
        {"title": "Taper pace", "body": "court", "files": _pdf()},
    )
    assert response.status_code == 400
    assert "notes.pdf" in response.content.decode()
