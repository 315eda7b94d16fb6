"""The one settings object: environment variables prefixed ``CRMKG_``; CLI flags override them."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Where the data lives, how IRIs look, where the service listens, and its limits."""

    model_config = SettingsConfigDict(env_prefix="CRMKG_", extra="ignore")

    store: Path = Field(Path(".crmkg/store"), description="Folder of the embedded store.")
    data_dir: Path = Field(PROJECT_ROOT / "data", description="Documents built into the graph.")
    ontology_dir: Path = Field(PROJECT_ROOT / "ontology", description="Schema and vocabularies.")
    base_iri: str = Field("https://w3id.org/crmkg/", description="Base of every minted IRI.")
    host: str = "127.0.0.1"
    port: int = 8000

    query_timeout: float = Field(30.0, gt=0, description="Seconds a SPARQL query may run.")
    max_query_length: int = Field(100_000, gt=0, description="Characters in one query.")
    max_request_bytes: int = Field(10_000_000, gt=0, description="Bytes in one request body.")
    max_result_rows: int = Field(100_000, gt=0, description="Rows in one SELECT answer.")
    max_response_bytes: int = Field(100_000_000, gt=0, description="Bytes in one answer.")
    max_upload_bytes: int = Field(50_000_000, gt=0, description="Bytes in one uploaded file.")
    query_workers: int = Field(2, ge=1, description="Processes that evaluate SPARQL queries.")
    response_cache_bytes: int = Field(
        64 * 1024 * 1024,
        ge=0,
        description="Bytes of REST answers kept in memory until the next write; 0: no cache.",
    )

    write_token: SecretStr | None = Field(None, description="Bearer token for writes over HTTP.")
    service_allowlist: list[str] = Field(
        default_factory=list, description="Hosts SPARQL SERVICE may call; empty: SERVICE is off."
    )

    sparql_query_url: str | None = Field(None, description="External SPARQL 1.1 query endpoint.")
    sparql_update_url: str | None = Field(None, description="External SPARQL 1.1 update endpoint.")
    sparql_gsp_url: str | None = Field(None, description="External Graph Store Protocol endpoint.")
    sparql_user: str | None = None
    sparql_password: SecretStr | None = None

    @property
    def uses_external_store(self) -> bool:
        return self.sparql_query_url is not None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings read from the environment once per process."""
    return Settings()
