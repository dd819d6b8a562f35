"""The product's command line: `python -m app --help`."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from app.settings import PROJECT_ROOT, Settings


def _migrate(settings: Settings) -> None:
    from app.migrations import upgrade_to_head

    settings.var_dir.mkdir(parents=True, exist_ok=True)
    upgrade_to_head(settings.sqlalchemy_url)
    print("Database migrated to the newest revision.", flush=True)


def _seed(settings: Settings) -> None:
    """Sample content always; demo staff accounts only in development, their details printed once."""
    from app.composition import build_product, seed_product

    seed_product(build_product(settings))


def cmd_run(settings: Settings, _: argparse.Namespace) -> int:
    from app.runner import run_product

    _migrate(settings)
    _seed(settings)
    return run_product(settings)


def cmd_serve(settings: Settings, _: argparse.Namespace) -> int:
    """Become uvicorn (exec), so a container's stop signal reaches it and it shuts down gracefully."""
    import os

    from app.runner import backend_command

    command = backend_command(settings)
    os.chdir(PROJECT_ROOT)
    os.execv(command[0], command)


def cmd_worker(settings: Settings, _: argparse.Namespace) -> int:
    """Run the background jobs in a process of their own, until SIGINT or SIGTERM."""
    import asyncio
    import logging
    import os

    from app.composition import build_product
    from app.db import is_postgres
    from app.jobs import work

    if not is_postgres(settings.sqlalchemy_url):
        print(
            "A separate worker needs PostgreSQL (DATABASE_URL): on SQLite the backend runs the jobs itself.",
            file=sys.stderr,
        )
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    job_app = build_product(settings).job_app()

    async def run() -> None:
        async with job_app.open_async():
            await work(job_app, name=f"worker-{os.getpid()}", own_process=True)

    asyncio.run(run())
    return 0


def cmd_create_admin(settings: Settings, args: argparse.Namespace) -> int:
    """The first administrator; the password comes from ADMIN_PASSWORD, else a prompt (or a line on stdin)."""
    import getpass
    import os

    from pydantic import ValidationError

    from app.composition import build_product
    from app.errors import DomainError
    from staff.auth import create_admin

    password = os.environ.get("ADMIN_PASSWORD") or (
        getpass.getpass("Password: ") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
    )
    try:
        account = create_admin(
            build_product(settings).staff_auth, username=args.username, display_name=args.name, password=password
        )
    except (DomainError, ValidationError) as error:
        print(f"Could not create the administrator: {error}", file=sys.stderr)
        return 2
    print(f"Administrator {account.username!r} created; sign in at /staff/login.", flush=True)
    return 0


def cmd_migrate(settings: Settings, _: argparse.Namespace) -> int:
    _migrate(settings)
    return 0


def cmd_seed(settings: Settings, _: argparse.Namespace) -> int:
    _seed(settings)
    return 0


def cmd_train(settings: Settings, _: argparse.Namespace) -> int:
    from app.rasa_project import ensure_model

    ensure_model(settings)
    return 0


def cmd_validate_bot(settings: Settings, _: argparse.Namespace) -> int:
    from app.rasa_project import RASA_BIN, rasa_environment

    command = [
        str(RASA_BIN),
        "data",
        "validate",
        "--domain",
        "bot/domain",
        "--data",
        "bot/data",
        "--config",
        "config.yml",
        "--fail-on-warnings",
    ]
    return subprocess.call(command, cwd=PROJECT_ROOT, env=rasa_environment())


def cmd_eval(settings: Settings, args: argparse.Namespace) -> int:
    from app.evaluation import evaluate, load_items, print_report, print_safety, print_side_by_side, write_report
    from app.taxonomy import load_taxonomy

    taxonomy = load_taxonomy(settings.taxonomy_path)
    groups = {t.id: t.group for t in taxonomy.topics.values()}
    reports = {}
    for file in args.files:
        print(f"\n=== {file}")
        report = evaluate(load_items(Path(file)), base_url=args.url, taxonomy_groups=groups)
        print_report(report)
        print_safety(report)
        out = Path(args.report or settings.var_dir / "eval" / f"{Path(file).stem}.json")
        write_report(report, out)
        print(f"\nJSON report: {out}")
        reports[Path(file).stem] = report
    if len(reports) > 1:
        print_side_by_side(reports)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m app",
        description="Kontaktcenter chatbot: run the product and its maintenance steps. "
        "Configuration comes from environment variables (see README: DATABASE_URL, PORT, RASA_URL, ...).",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="migrate, load sample content, train Rasa if needed, start Rasa + backend")
    commands.add_parser("serve", help="start only the backend (uvicorn) on HOST:PORT")
    commands.add_parser(
        "worker", help="run the background jobs (outbox, overdue marks, purges) on their own; needs PostgreSQL"
    )
    admin = commands.add_parser(
        "create-admin",
        help="create the first administrator (production has no demo accounts); password from ADMIN_PASSWORD or asked",
    )
    admin.add_argument("--username", required=True, help="a-z, 0-9, . - _ (3-64 characters)")
    admin.add_argument("--name", required=True, help="the name shown in the consoles")
    commands.add_parser("migrate", help="apply the database migrations (Alembic) up to the newest")
    commands.add_parser("seed", help="import the knowledge-base content files; demo staff accounts in development")
    commands.add_parser("train", help="train the Rasa model if bot/ or config.yml changed since the last model")
    commands.add_parser("validate-bot", help="rasa data validate over bot/ and config.yml, failing on warnings")
    evaluation = commands.add_parser(
        "eval", help="score evaluation files (JSONL) against the running product; several are printed side by side"
    )
    evaluation.add_argument("files", nargs="+", help="evaluation files, e.g. ../shared/eval/dev.jsonl")
    evaluation.add_argument("--url", default="http://127.0.0.1:8000", help="the running product's base URL")
    evaluation.add_argument(
        "--report", help="where to write the JSON report of one file (default var/eval/<name>.json)"
    )
    return parser


COMMANDS = {
    "run": cmd_run,
    "serve": cmd_serve,
    "worker": cmd_worker,
    "create-admin": cmd_create_admin,
    "migrate": cmd_migrate,
    "seed": cmd_seed,
    "train": cmd_train,
    "validate-bot": cmd_validate_bot,
    "eval": cmd_eval,
}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = Settings()
    return COMMANDS[args.command](settings, args)


if __name__ == "__main__":
    sys.exit(main())
