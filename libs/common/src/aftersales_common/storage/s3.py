"""Objects in an S3-compatible bucket (AWS, SeaweedFS, MinIO): boto3, path-style, in a thread."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from aftersales_common.storage.base import ObjectNotFound, check_key

_MISSING = {"NoSuchKey", "404", "NotFound"}


class S3ObjectStore:
    """One bucket; the boto3 client (thread-safe) is made once, on first use."""

    def __init__(self, *, bucket: str, endpoint_url: str | None = None,
                 access_key: str | None = None, secret_key: str | None = None,
                 region: str = "us-east-1", timeout: float = 10.0) -> None:
        self.bucket = bucket
        self._options: dict[str, Any] = {
            "endpoint_url": endpoint_url, "aws_access_key_id": access_key,
            "aws_secret_access_key": secret_key, "region_name": region,
            "config": Config(s3={"addressing_style": "path"}, signature_version="s3v4",
                             connect_timeout=timeout, read_timeout=timeout,
                             retries={"max_attempts": 3, "mode": "standard"}),
        }
        self._client: Any = None
        self._lock = threading.Lock()

    def client(self) -> Any:
        """The boto3 S3 client (sessions are not thread-safe, so it is built under a lock)."""
        with self._lock:
            if self._client is None:
                self._client = boto3.session.Session().client("s3", **self._options)
            return self._client

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        await asyncio.to_thread(self.client().put_object, Bucket=self.bucket, Key=check_key(key),
                                Body=data, ContentType=content_type)

    async def get(self, key: str) -> tuple[bytes, str]:
        def read() -> tuple[bytes, str]:
            try:
                answer = self.client().get_object(Bucket=self.bucket, Key=check_key(key))
            except ClientError as exc:
                if _code(exc) in _MISSING:
                    raise ObjectNotFound(key) from None
                raise
            with answer["Body"] as body:
                return body.read(), answer.get("ContentType") or "application/octet-stream"

        return await asyncio.to_thread(read)

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self.client().delete_object, Bucket=self.bucket,
                                Key=check_key(key))

    async def exists(self, key: str) -> bool:
        def head() -> bool:
            try:
                self.client().head_object(Bucket=self.bucket, Key=check_key(key))
            except ClientError as exc:
                if _code(exc) in _MISSING:
                    return False
                raise
            return True

        return await asyncio.to_thread(head)

    async def create_bucket(self) -> None:
        """Create the bucket if it is not there yet (tests, first start of a deployment)."""
        def create() -> None:
            client = self.client()
            try:
                client.head_bucket(Bucket=self.bucket)
            except ClientError as exc:
                if _code(exc) not in {"404", "NoSuchBucket", "NotFound"}:
                    raise
                client.create_bucket(Bucket=self.bucket)

        await asyncio.to_thread(create)


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))
