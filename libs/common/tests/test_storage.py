"""The object store contract, run against files and against a real S3 server (SeaweedFS)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from aftersales_common.storage import (
    FileObjectStore,
    ObjectNotFound,
    ObjectStore,
    ObjectStoreSettings,
    S3ObjectStore,
    object_store,
)
from tests.infra.services import seaweedfs_server

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40


@pytest.fixture(scope="module")
def s3() -> Iterator[dict[str, str]]:
    with seaweedfs_server() as settings:
        yield settings


@pytest.fixture(params=["file", pytest.param("s3", marks=pytest.mark.realinfra)])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[ObjectStore]:
    if request.param == "file":
        yield FileObjectStore(tmp_path / "objects")
        return
    s3 = request.getfixturevalue("s3")
    yield object_store(ObjectStoreSettings(
        object_store="s3", s3_endpoint_url=s3["S3_ENDPOINT_URL"], s3_bucket=s3["S3_BUCKET"],
        s3_access_key=s3["S3_ACCESS_KEY"], s3_secret_key=s3["S3_SECRET_KEY"],
        s3_region=s3["S3_REGION"]), tmp_path)


def _key(name: str = "photo.png") -> str:
    return f"dealer/d-1/orders/{uuid.uuid4()}/{name}"


async def test_what_is_put_comes_back_with_its_content_type(store: ObjectStore) -> None:
    key = _key()
    await store.put(key, PNG, "image/png")
    assert await store.exists(key)
    assert await store.get(key) == (PNG, "image/png")


async def test_a_put_replaces_the_object(store: ObjectStore) -> None:
    key = _key("a.jpg")
    await store.put(key, b"first", "image/jpeg")
    await store.put(key, b"second", "image/webp")
    assert await store.get(key) == (b"second", "image/webp")


async def test_a_missing_key_is_not_found(store: ObjectStore) -> None:
    key = _key()
    assert not await store.exists(key)
    with pytest.raises(ObjectNotFound):
        await store.get(key)


async def test_delete_removes_it_and_deleting_nothing_is_fine(store: ObjectStore) -> None:
    key = _key()
    await store.put(key, PNG, "image/png")
    await store.delete(key)
    assert not await store.exists(key)
    with pytest.raises(ObjectNotFound):
        await store.get(key)
    await store.delete(key)


async def test_concurrent_puts_of_different_keys_all_land(store: ObjectStore) -> None:
    keys = [_key(f"{i}.png") for i in range(8)]
    await asyncio.gather(*[store.put(k, PNG + k.encode(), "image/png") for k in keys])
    for k in keys:
        assert (await store.get(k))[0] == PNG + k.encode()


@pytest.mark.parametrize("key", ["", "/etc/passwd", "../outside", "a/../../b", "a//b", "a/.hidden",
                                 "dealer/x~type", "a\\b", "a/b/" + "c" * 600])
async def test_unsafe_keys_are_refused(store: ObjectStore, key: str) -> None:
    with pytest.raises(ValueError):
        await store.put(key, b"x", "text/plain")


async def test_file_store_writes_only_under_its_root_and_leaves_no_temporary_files(
        tmp_path: Path) -> None:
    store = FileObjectStore(tmp_path / "objects")
    await store.put("dealer/d/orders/o/p.png", PNG, "image/png")
    files = sorted(p.relative_to(tmp_path).as_posix()
                   for p in tmp_path.rglob("*") if p.is_file())  # noqa: ASYNC240
    assert files == ["objects/dealer/d/orders/o/p.png", "objects/dealer/d/orders/o/p.png~type"]


def test_s3_settings_need_both_keys() -> None:
    with pytest.raises(ValueError):
        ObjectStoreSettings(object_store="s3", s3_access_key="k")
    assert isinstance(object_store(ObjectStoreSettings(object_store="s3"), Path("x")), S3ObjectStore)


@pytest.mark.realinfra
async def test_s3_store_refuses_wrong_credentials(s3: dict[str, str]) -> None:
    """SeaweedFS checks the signature: the contract above ran with real credentials."""
    bad = S3ObjectStore(endpoint_url=s3["S3_ENDPOINT_URL"], bucket=s3["S3_BUCKET"],
                        access_key=s3["S3_ACCESS_KEY"], secret_key="wrong-secret",
                        region=s3["S3_REGION"])
    with pytest.raises(Exception, match=r"SignatureDoesNotMatch|AccessDenied|InvalidAccessKeyId"):
        await bad.put(_key(), b"x", "text/plain")
