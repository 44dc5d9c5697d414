"""Uploads on S3-compatible object storage (settings: AWS_STORAGE_BUCKET_NAME), so
several app servers share them. S3's API is played in-process by moto: the files
really go through django-storages and boto3, only the network is missing."""

import importlib

import boto3
import pytest
from moto import mock_aws

from core.storage import private_storage
from tests import factories as f

pytestmark = pytest.mark.django_db

BUCKET = "rk-media"
PRIVATE_BUCKET = "rk-private"
REGION = "eu-west-2"


@pytest.fixture
def s3(settings, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        client = boto3.client("s3", region_name=REGION)
        for bucket in (BUCKET, PRIVATE_BUCKET):
            client.create_bucket(
                Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION}
            )
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": BUCKET,
                    "region_name": REGION,
                    "querystring_auth": False,
                    "file_overwrite": False,
                    "default_acl": None,
                },
            },
        }
        yield client


def keys(client, bucket):
    return {item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])}


def test_images_and_their_renditions_are_stored_in_the_bucket(s3):
    image = f.ImageFactory(title="Elevenses")
    rendition = image.get_rendition("fill-400x300")
    stored = keys(s3, BUCKET)
    assert image.file.name in stored
    assert rendition.file.name in stored
    assert rendition.url.startswith(f"https://{BUCKET}.s3")
    assert "Signature" not in rendition.url  # a plain address a CDN can keep


def test_a_document_in_the_bucket_is_served_through_the_site(s3, client):
    document = f.DocumentFactory(title="Report")
    assert document.file.name in keys(s3, BUCKET)
    response = client.get(document.url)
    assert response.status_code == 200
    document.file.open("rb")
    assert b"".join(response.streaming_content) == document.file.read()


def test_shared_story_photos_go_to_the_private_bucket_with_expiring_addresses(s3, settings):
    settings.AWS_PRIVATE_STORAGE_BUCKET_NAME = PRIVATE_BUCKET
    storage = private_storage()
    name = storage.save("stories/photo.jpg", f.ImageFactory.build().file)
    assert name in keys(s3, PRIVATE_BUCKET)
    assert name not in keys(s3, BUCKET)
    assert "Signature" in storage.url(name) or "X-Amz-Signature" in storage.url(name)


def test_the_bucket_is_read_from_the_environment(monkeypatch):
    from radicalkindness.settings import base

    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", BUCKET)
    monkeypatch.setenv("AWS_S3_ENDPOINT_URL", "http://127.0.0.1:9000")
    try:
        storage = importlib.reload(base).STORAGES["default"]
    finally:
        monkeypatch.delenv("AWS_STORAGE_BUCKET_NAME")
        monkeypatch.delenv("AWS_S3_ENDPOINT_URL")
        importlib.reload(base)
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == BUCKET
    assert storage["OPTIONS"]["endpoint_url"] == "http://127.0.0.1:9000"
    assert importlib.reload(base).STORAGES["default"]["BACKEND"].endswith("FileSystemStorage")
