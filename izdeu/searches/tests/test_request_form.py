"""The public request form: in three languages, without an account, refusing robots and floods."""

import io
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from izdeu.searches.models import IntakeChannel, SearchRequest
from izdeu.searches.tests.conftest import request_data
from izdeu.searches.throttle import LIMITS


@pytest.mark.parametrize("language,surname", [("kk", "Тегі"), ("ru", "Фамилия"), ("en", "Surname")])
def test_the_form_opens_in_each_language_without_an_account(client, public_organisation, language, surname):
    response = client.get(f"/{language}/request/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert re.search(rf'<label for="id_surname">{surname}', html)
    assert 'enctype="multipart/form-data"' in html and "<script" not in html


def test_the_page_is_light(client, public_organisation):
    html = client.get("/ru/request/").content
    stylesheet = finders.find("izdeu/izdeu.css")
    assert len(html) + len(open(stylesheet, "rb").read()) < 100_000


def test_a_kazakh_request_in_latin_letters_is_filed_and_its_codes_shown(client, public_organisation):
    response = client.post("/kk/request/", request_data())
    assert response.status_code == 200
    saved = SearchRequest.objects.get()
    assert (saved.full_name, saved.channel, saved.requester.language) == ("Nurlan Zagiparov", IntakeChannel.WEB, "kk")
    assert saved.requester.phone == "+77015550142"
    assert saved.birth_date.isoformat() == "1992-03-12" and saved.sex == "male"
    html = response.content.decode()
    assert saved.reference_code in html
    secret = re.search(r"<code>([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})</code>", html)[1]
    assert secret not in saved.secret_hash
    # Never cached anywhere: the secret is on this page.
    assert "no-store" in response["Cache-Control"]


def test_an_age_is_read_as_an_age(client, public_organisation):
    client.post("/ru/request/", request_data(birth="30 лет", full_name="Загипаров Нурлан"))
    saved = SearchRequest.objects.get()
    assert (saved.age_min, saved.age_max, saved.birth_date) == (30, 30, None)


def test_bad_input_is_explained_in_the_users_language_and_nothing_typed_is_lost(client, public_organisation):
    data = request_data(full_name="Загипаров Нурлан Серикович", iin="920312300128", requester_phone="12",
                        circumstances="Забрали у акимата в автобус")  # fmt: skip
    response = client.post("/ru/request/", data)
    html = response.content.decode()
    assert not SearchRequest.objects.exists()
    # The parsers' reasons, in Russian, each tied to its field.
    assert re.search(r'<ul class="errorlist" id="id_iin_error"><li>[^<]*ИИН', html)
    assert 'aria-describedby="id_iin_helptext id_iin_error"' in html
    assert 'id="id_requester_phone_error"' in html
    assert 'value="Загипаров Нурлан Серикович"' in html and "Забрали у акимата в автобус</textarea>" in html
    assert 'value="920312300128"' in html


def test_a_request_without_a_name_or_a_way_to_reach_the_requester_is_refused(client, public_organisation):
    html = client.post("/en/request/", request_data(full_name="", requester_phone="", requester_email="")).content.decode()
    assert not SearchRequest.objects.exists()
    assert "Write the name of the person you are looking for." in html
    assert "Give at least one way to reach you" in html


def test_a_wrong_sum_is_refused_and_asked_again(client, public_organisation):
    html = client.post("/en/request/", request_data(answer="8")).content.decode()
    assert not SearchRequest.objects.exists()
    assert "How much is 3 plus 4?" in html and "That is not the right sum" in html


def test_a_forged_challenge_is_replaced_by_a_new_sum(client, public_organisation):
    client.post("/en/request/", request_data(challenge="3:4", answer="7"))
    assert not SearchRequest.objects.exists()


def test_a_robot_filling_the_hidden_field_files_nothing(client, public_organisation):
    html = client.post("/en/request/", request_data(website="http://cheap-pills.example")).content.decode()
    assert not SearchRequest.objects.exists()
    assert "cheap-pills" not in html


def test_too_many_requests_from_one_address_are_refused(client, public_organisation):
    limit, _window = LIMITS["request"]
    for n in range(limit):
        client.post("/en/request/", request_data(full_name=f"Асқар Бекұлы {n}"), REMOTE_ADDR="10.1.2.3")
    response = client.post("/en/request/", request_data(full_name="Әлия Сәрсенова"), REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 429
    assert SearchRequest.objects.count() == limit
    # Another address is not held back.
    assert client.post("/en/request/", request_data(full_name="Әлия Сәрсенова"), REMOTE_ADDR="10.9.9.9").status_code == 200
    assert SearchRequest.objects.count() == limit + 1


def _photo_with_location() -> bytes:
    image = Image.new("RGB", (2400, 1800), (180, 120, 90))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x0132] = "2022:01:05 18:31:00"  # when it was taken
    exif.get_ifd(0x8825).update({1: "N", 2: (43.0, 14.0, 0.0), 3: "E", 4: (76.0, 56.0, 0.0)})  # Almaty
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_a_photo_is_kept_without_its_metadata(client, public_organisation):
    original = _photo_with_location()
    assert Image.open(io.BytesIO(original)).getexif()  # the test photo does say where it was taken
    photo = SimpleUploadedFile("IMG_20220105_183100.jpg", original, content_type="image/jpeg")
    assert client.post("/en/request/", request_data(photo=photo)).status_code == 200
    saved = SearchRequest.objects.get()
    assert "IMG_2022" not in saved.photo.name
    with saved.photo.open("rb") as stored:
        kept = stored.read()
    image = Image.open(io.BytesIO(kept))
    assert not image.getexif() and "exif" not in image.info and b"PhoneMaker" not in kept
    assert max(image.size) == 1600
    # At rest it is encrypted: the file on disk is not a JPEG.
    on_disk = (settings.MEDIA_ROOT / saved.photo.name).read_bytes()
    assert not on_disk.startswith(b"\xff\xd8")


def test_a_file_that_is_not_a_photo_is_refused(client, public_organisation):
    fake = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not a picture", content_type="image/jpeg")
    html = client.post("/en/request/", request_data(photo=fake)).content.decode()
    assert not SearchRequest.objects.exists()
    assert "could not be read as a photo" in html


def test_without_a_public_organisation_the_form_says_it_is_closed(client, settings, db):
    settings.PUBLIC_ORGANISATION = "Нет такой организации"
    html = client.get("/en/request/").content.decode()
    assert "Requests cannot be sent here yet" in html and "<form method=\"post\" action=\"/en/request/\"" not in html
    assert "Requests cannot be sent here yet" in client.post("/en/request/", request_data()).content.decode()
    assert not SearchRequest.objects.exists()
