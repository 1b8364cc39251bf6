"""Where objects go (environment variables), mixed into a service's settings."""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator
from pydantic_settings import BaseSettings


class ObjectStoreSettings(BaseSettings):
    """`OBJECT_STORE=file` (under `DATA_DIR/objects`) or `s3` with the `S3_*` variables."""

    object_store: Literal["file", "s3"] = "file"
    s3_endpoint_url: str = ""
    """An S3-compatible endpoint (SeaweedFS, MinIO, …); empty: AWS by region."""
    s3_bucket: str = "aftersales"
    s3_access_key: str = ""
    """Empty: the usual AWS credential chain (environment, instance role)."""
    s3_secret_key: str = ""
    s3_region: str = "us-east-1"

    @model_validator(mode="after")
    def _s3_needs_a_bucket(self) -> ObjectStoreSettings:
        if self.object_store == "s3" and not self.s3_bucket:
            raise ValueError("OBJECT_STORE=s3 needs S3_BUCKET")
        if bool(self.s3_access_key) != bool(self.s3_secret_key):
            raise ValueError("S3_ACCESS_KEY and S3_SECRET_KEY go together")
        return self
