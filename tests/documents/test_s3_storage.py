"""MEDIA_STORAGE=s3: uploads go to a private S3 bucket through django-storages, and the file view hands the
owner a short-lived signed URL. The bucket is a real S3-compatible server (moto in server mode) on loopback."""

import hashlib
import hmac
import runpy
import uuid
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
import requests
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from documents.kinds import Kind
from documents.models import Document

from .test_views import png_bytes, upload

moto_server = pytest.importorskip(
    "moto.server", reason="moto[server] is not installed (pip install -r requirements-dev.txt): no S3 server to test on"
)
boto3 = pytest.importorskip("boto3", reason="boto3 is not installed (django-storages[s3] brings it)")

pytestmark = pytest.mark.django_db

REGION = "ap-northeast-2"
ACCESS_KEY = "testing-access-key"
SECRET_KEY = "testing-secret-key"
EXPIRE_SECONDS = 60


@pytest.fixture(scope="module")
def s3_endpoint():
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture
def s3_client(s3_endpoint):
    return boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )


@pytest.fixture
def bucket(s3_client):
    name = f"media-{uuid.uuid4().hex[:12]}"
    s3_client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    return name


def product_settings() -> dict:
    """config/settings.py evaluated afresh against the current environment, as a process starting now would see it."""
    return runpy.run_path(str(Path(django_settings.BASE_DIR) / "config" / "settings.py"))


@pytest.fixture
def s3_media(settings, monkeypatch, _media_in_tmp, s3_endpoint, bucket):
    """The product's own MEDIA_STORAGE=s3 configuration, given the environment an operator would set (README),
    pointed at the loopback bucket.

    Depends on conftest's `_media_in_tmp` so it runs after it; assigning STORAGES through the `settings` fixture
    sends setting_changed, which empties django's storage cache and resets default_storage."""
    environment = {
        "MEDIA_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": bucket,
        "AWS_S3_REGION_NAME": REGION,
        "AWS_S3_ENDPOINT_URL": s3_endpoint,
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
    }
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_QUERYSTRING_EXPIRE", raising=False)
    configured = product_settings()
    settings.MEDIA_STORAGE = configured["MEDIA_STORAGE"]
    settings.STORAGES = {**settings.STORAGES, "default": configured["STORAGES"]["default"]}
    assert configured["STORAGES"]["default"] == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": s3_endpoint,
            "region_name": REGION,
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": EXPIRE_SECONDS,
            "file_overwrite": False,
        },
    }
    return bucket


def test_s3_without_a_bucket_name_is_refused_at_startup(monkeypatch):
    monkeypatch.setenv("MEDIA_STORAGE", "s3")
    monkeypatch.delenv("AWS_STORAGE_BUCKET_NAME", raising=False)
    with pytest.raises(ImproperlyConfigured, match="AWS_STORAGE_BUCKET_NAME"):
        product_settings()


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user("alice", password="pw-alice-1")


@pytest.fixture
def bob(django_user_model):
    return django_user_model.objects.create_user("bob", password="pw-bob-1")


def keys_in(s3_client, bucket: str) -> list[str]:
    return [item["Key"] for item in s3_client.list_objects_v2(Bucket=bucket).get("Contents", [])]


def sigv4_query_signature(url: str, *, secret_key: str) -> str:
    """The SigV4 signature S3 would compute for a presigned GET `url` (moto serves such URLs without checking)."""
    parts = urlsplit(url)
    query = {name: values[0] for name, values in parse_qs(parts.query, keep_blank_values=True).items()}
    query.pop("X-Amz-Signature")
    canonical_query = "&".join(f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}" for k, v in sorted(query.items()))
    canonical_request = "\n".join(
        ["GET", parts.path, canonical_query, f"host:{parts.netloc}", "", "host", "UNSIGNED-PAYLOAD"]
    )
    date, region, service, terminator = query["X-Amz-Credential"].split("/")[1:]
    string_to_sign = "\n".join(
        [
            "AWS4-HMAC-SHA256",
            query["X-Amz-Date"],
            f"{date}/{region}/{service}/{terminator}",
            hashlib.sha256(canonical_request.encode()).hexdigest(),
        ]
    )
    key = f"AWS4{secret_key}".encode()
    for part in (date, region, service, terminator):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()


def post_upload(client, file) -> object:
    return client.post(reverse("documents:upload"), {"kind": Kind.BUSINESS_CERTIFICATE, "files": [file]})


@pytest.fixture
def uploaded(client, alice, s3_media):
    """Alice uploads one PNG through the web form; the document and the bytes she sent."""
    content = png_bytes(text="s3")
    client.force_login(alice)
    response = post_upload(client, upload("certificate.png", content))
    assert response.status_code == 302, response.content.decode()[:500]
    document = Document.objects.get()
    client.logout()
    return document, content


def test_an_upload_lands_in_the_bucket_as_a_private_object(uploaded, s3_client, s3_media, s3_endpoint):
    document, content = uploaded
    assert keys_in(s3_client, s3_media) == [document.file.name]
    assert document.file.name.startswith("documents/") and "certificate" not in document.file.name

    stored = s3_client.get_object(Bucket=s3_media, Key=document.file.name)["Body"].read()
    assert stored == content

    grants = s3_client.get_object_acl(Bucket=s3_media, Key=document.file.name)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    assert all(grant["Grantee"].get("Type") == "CanonicalUser" for grant in grants)

    anonymous = requests.get(f"{s3_endpoint}/{s3_media}/{document.file.name}", timeout=5)
    assert anonymous.status_code == 403
    assert anonymous.content != content


def test_the_owner_is_redirected_to_a_short_lived_signed_url_that_serves_the_file(uploaded, client, alice):
    document, content = uploaded
    client.force_login(alice)
    response = client.get(reverse("documents:file", args=[document.pk]))

    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    location = response["Location"]
    query = parse_qs(urlsplit(location).query)
    assert urlsplit(location).path.endswith(document.file.name)
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert query["X-Amz-Expires"] == [str(EXPIRE_SECONDS)]
    credential = query["X-Amz-Credential"][0]
    assert credential.startswith(f"{ACCESS_KEY}/") and f"/{REGION}/s3/" in credential
    assert query["X-Amz-Signature"] == [sigv4_query_signature(location, secret_key=SECRET_KEY)]

    fetched = requests.get(location, timeout=5)
    assert fetched.status_code == 200
    assert fetched.content == content


def test_another_user_gets_not_found_and_no_url(uploaded, client, bob, s3_media):
    document, _ = uploaded
    client.force_login(bob)
    response = client.get(reverse("documents:file", args=[document.pk]))

    assert response.status_code == 404
    assert "Location" not in response
    page = response.content.decode()
    assert s3_media not in page and document.file.name not in page and "Signature" not in page


def test_a_rejected_upload_leaves_nothing_in_the_bucket(client, alice, s3_media, s3_client):
    client.force_login(alice)
    response = post_upload(client, upload("cut.png", png_bytes()[:-400]))

    assert response.status_code == 400
    assert "could not be read as an image" in response.content.decode()
    assert Document.objects.count() == 0
    assert keys_in(s3_client, s3_media) == []
