"""Object storage behind one small interface: files under the data directory, or S3.

`ObjectStore` is what a service holds (`put`, `get`, `delete`, `exists`, all async);
`object_store(settings, data_dir)` builds the one the settings name (`OBJECT_STORE=file|s3`).
Keys are relative paths of safe segments (`dealer/<id>/orders/<id>/<photo>.jpg`).
"""

from __future__ import annotations

from pathlib import Path

from aftersales_common.storage.base import ObjectNotFound, ObjectStore, check_key
from aftersales_common.storage.files import FileObjectStore
from aftersales_common.storage.s3 import S3ObjectStore
from aftersales_common.storage.settings import ObjectStoreSettings

__all__ = ["FileObjectStore", "ObjectNotFound", "ObjectStore", "ObjectStoreSettings",
           "S3ObjectStore", "check_key", "object_store"]


def object_store(settings: ObjectStoreSettings, data_dir: Path) -> ObjectStore:
    """The store the settings name: files under `<data_dir>/objects`, or an S3 bucket."""
    if settings.object_store == "s3":
        return S3ObjectStore(endpoint_url=settings.s3_endpoint_url or None,
                             bucket=settings.s3_bucket, access_key=settings.s3_access_key or None,
                             secret_key=settings.s3_secret_key or None, region=settings.s3_region)
    return FileObjectStore(data_dir / "objects")
