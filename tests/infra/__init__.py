"""Test infrastructure: real Kafka / PostgreSQL servers for integration tests."""

from .services import create_database, kafka_broker, postgres_server

__all__ = ["create_database", "kafka_broker", "postgres_server"]
