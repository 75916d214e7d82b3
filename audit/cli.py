"""The ``audit`` command line: a thin typer layer; each command is a few lines over the
library API (see ``docs/architecture.md``). Heavy imports happen inside commands so
``audit --help`` is instant.

Exit codes, the same in every command (README "Exit codes"): 0 success; 1 the command
finished but found problems (findings of ``check``, inputs that could not be read by
``extract``/``ingest``/``run``); 2 usage, config or input error (a path that does not
exist, no article found, a bad flag), with one ``audit: error:`` line and nothing
written; 130 interrupted (Ctrl-C), saying what was kept.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path

import typer

from audit.learned.defaults import DEFAULT_LR, DEFAULT_PAIR_EPOCHS  # imports nothing: start-up stays light
from audit.terminal import clean_lines, echo

app = typer.Typer(
    help="Audit quotes and their attribution across news outlets.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: no <bool>/<list[Path]> type labels, reads the same when piped
)


class Format(str, Enum):
    """``--format`` of the commands whose output is figures or a summary."""

    text = "text"
    json = "json"


class ExtractFormat(str, Enum):
    """``audit extract --format``: one record per quote."""

    jsonl = "jsonl"
    json = "json"
    csv = "csv"
    parquet = "parquet"
    table = "table"


class CheckFormat(str, Enum):
    """``audit check --format``."""

    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    junit = "junit"
    gitlab = "gitlab"


ModelOpt = typer.Option(None, "--model", metavar="NAME", help="Installed spaCy pipeline to use (default from config).")
DbOpt = typer.Option(None, "--db", metavar="FILE", help="DuckDB file (default audit.duckdb, or from config); a Spark table folder for run --engine spark and report.")
OutOpt = typer.Option(None, "--out", metavar="DIR", help="Report folder (default reports/, or from config).")
QuietOpt = typer.Option(False, "--quiet", "-q", help="Print only errors and the output asked for: no progress bar, no summary.")
VerboseOpt = typer.Option(False, "--verbose", "-v", help="Also print ingest and match figures and phase timings.")
FormatOpt = typer.Option(Format.text, "--format", "-f", help="Output for people (text) or for scripts (json).")
JsonAlias = typer.Option(False, "--json", hidden=True, help="Deprecated: use --format json.")
WorkersOpt = typer.Option(1, "--workers", metavar="N", min=1, help="Processes for parsing.")
ModelPathOpt = typer.Option(None, "--model-path", metavar="DIR", help="Model folder from `audit train`: add the learned tagger (default from config).")
SemanticOpt = typer.Option(None, "--semantic/--no-semantic", help="Run the semantic linking stage after lexical matching (default from config: on).")
StoryOpt = typer.Option(None, "--story", metavar="NAME", help="Name of the story these inputs make (default: their folder name); the reports cover its articles only.")
PairModelOpt = typer.Option(None, "--pair-model", metavar="DIR", help="Pair model folder from `audit train-pairs`: decides the semantic stage's uncertain pairs (default from config; the [deep] extra). Measure it with eval-statements on your gold first: on the shared stories it helped one held-out set and hurt another (docs/matching.md).")
DeviceOpt = typer.Option(None, "--device", metavar="NAME", help="Where the pair model runs: cpu, cuda or auto (default from config: cpu).")
Int8Opt = typer.Option(None, "--int8/--fp32", help="Run the learned tagger quantised to int8 (faster, slightly less accurate; default from config).")


class _AuditGroup(typer.core.TyperGroup):
    """The command group; lets ``--config FILE`` and ``--isolated`` follow the command name
    too (``audit check --isolated draft.md``, as ruff takes them), by moving them in front
    of it before click parses."""

    def parse_args(self, ctx, args: list[str]) -> list[str]:
        return super().parse_args(ctx, _hoist_global_options(args))

    def get_command(self, ctx, cmd_name: str):
        """The command, with its arguments' help showing their metavar alone: typer would
        add a Python type label (``PATH <list[Path]>``) that means nothing to a user."""
        command = super().get_command(ctx, cmd_name)
        for param in getattr(command, "params", ()):
            if isinstance(param, typer.core.TyperArgument):
                param.display_type_rich = lambda ctx: None  # type: ignore[method-assign]  # this instance only
        return command


GLOBAL_FLAGS = ("--isolated",)
GLOBAL_VALUE_OPTIONS = ("--config",)


def _hoist_global_options(args: list[str]) -> list[str]:
    """``args`` with the global options (up to a ``--``) moved to the front."""
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest.extend(args[i:])
            break
        if arg in GLOBAL_FLAGS or arg.split("=", 1)[0] in GLOBAL_VALUE_OPTIONS and "=" in arg:
            front.append(arg)
        elif arg in GLOBAL_VALUE_OPTIONS:
            front.extend(args[i : i + 2])
            i += 1
        else:
            rest.append(arg)
        i += 1
    return front + rest


def _fail(message: str, code: int = 2) -> typer.Exit:
    """Print a one-line error on stderr (cleaned: it often holds a file name) and return
    the Exit to raise."""
    echo(f"audit: error: {message}", err=True)
    return typer.Exit(code)


@contextmanager
def _writes(target: object, *, database: object = None) -> Iterator[None]:
    """Turn a write that fails (read-only folder, full disk, a file where a folder should
    be, a database that cannot grow) into one ``audit: error:`` line and exit 2 instead of
    a traceback; ``target`` names what was being written when the error does not, and
    ``database`` the database file where that differs (``run`` writes both)."""
    import duckdb

    try:
        yield
    except OSError as exc:
        raise _fail(f"cannot write {exc.filename or target}: {exc.strerror or exc}") from None
    except duckdb.Error as exc:
        raise _fail(
            f"{database or target}: database write failed: {exc}. Everything committed before is whole; "
            "make room (or fix permissions) and run the same command again"
        ) from None


_GLOBAL_OPTIONS: dict[str, object] = {}
"""``--config`` and ``--isolated`` of the current invocation, set by the group callback
(which runs before every command)."""


def _config(start: Path | None = None, **overrides: object):
    """Settings for this command: the file named with ``--config``, none with
    ``--isolated``, else the one found walking up from ``start``; then the flags."""
    from audit.config import ConfigError, load_config

    opts = _GLOBAL_OPTIONS
    try:
        cfg = load_config(
            start, config_file=config if isinstance(config := opts.get("config"), Path) else None,
            isolated=bool(opts.get("isolated")), **overrides
        )
        if cfg.check:  # the rules' settings too, before any command runs (imported only when there are some)
            from audit.check.settings import check_config

            check_config(cfg)
        return cfg
    except ConfigError as exc:
        raise _fail(str(exc)) from None


def version_text() -> str:
    """``audit --version``: the package, spaCy and the pipeline extraction would use, and
    whether that is spaCy's ``en_core_web_sm`` or the PyPI re-package of it."""
    from importlib.metadata import PackageNotFoundError, version

    from audit.config import DEFAULT_MODEL, UPSTREAM_MODEL

    def installed(dist: str) -> str:
        try:
            return version(dist)
        except PackageNotFoundError:
            return "not installed"

    cfg = _config()
    model = cfg.model
    origin = {
        UPSTREAM_MODEL: "spaCy's own release",
        DEFAULT_MODEL: f"PyPI re-package of {UPSTREAM_MODEL}, installed with quote-audit",
    }.get(model, "from config or --model")
    lines = [f"quote-audit {installed('quote-audit')}", f"spaCy {installed('spacy')}",
             f"model {model} {installed(model)} ({origin})"]
    if cfg.pair_model:
        from audit.learned.model import LearnedUnavailable
        from audit.learned.pairs import describe

        try:
            lines.append(f"{describe(Path(cfg.pair_model))}, device {cfg.device}")
        except LearnedUnavailable as exc:
            lines.append(f"pair model: {exc}")
    return "\n".join(lines)


@app.callback(cls=_AuditGroup, invoke_without_command=True)
def _main(
    ctx: typer.Context,
    version: bool = typer.Option(False, "--version", help="Print versions (package, spaCy, the model in use) and exit."),
    config: Path | None = typer.Option(
        None, "--config", metavar="FILE", help="Read settings from FILE only (a .audit.toml or a pyproject.toml)."
    ),
    isolated: bool = typer.Option(False, "--isolated", help="Ignore every config file."),
) -> None:
    """Audit quotes and their attribution across news outlets."""
    _GLOBAL_OPTIONS.clear()
    _GLOBAL_OPTIONS.update(config=config, isolated=isolated)
    if version:
        typer.echo(version_text())
        raise typer.Exit(0)
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(2)


def _pipeline(model: str | None):
    from audit.extract import ModelNotFound, load_pipeline

    try:
        return load_pipeline(model)
    except ModelNotFound as exc:
        raise _fail(str(exc)) from None


def _with_tagger(nlp, cfg):
    """``nlp`` with the learned tagger added when a model folder is configured."""
    if not cfg.model_path:
        return nlp
    from audit.learned.model import LearnedUnavailable

    try:
        from audit.learned.combine import add_tagger

        return add_tagger(nlp, cfg.model_path, int8=cfg.int8)
    except (LearnedUnavailable, OSError, ValueError) as exc:
        raise _fail(f"cannot use the model at {cfg.model_path}: {exc}") from None


def _with_pair_model(cfg) -> None:
    """Switch the semantic stage's pair model on when one is configured (off otherwise:
    the process may have had one on before)."""
    from audit.link import deep

    if not cfg.pair_model:
        deep.use_pair_model(None)
        return
    from audit.learned.model import LearnedUnavailable

    try:
        deep.use_pair_model(cfg.pair_model, device=cfg.device)
    except (LearnedUnavailable, OSError, ValueError) as exc:
        raise _fail(f"cannot use the pair model at {cfg.pair_model}: {exc}") from None


def _as_json(fmt: Format, json_alias: bool) -> bool:
    """``--format json``, or the retired ``--json`` (still accepted, with a note)."""
    if json_alias:
        typer.echo("audit: note: --json is deprecated; use --format json", err=True)
    return json_alias or fmt is Format.json


def _inputs(paths: list[Path] | list[str]) -> int:
    """Check the inputs before anything is loaded or written: a missing path or no article
    at all is one line and exit 2. Returns the number of articles (the progress total)."""
    from audit.ingest import READERS
    from audit.ingest.count import InputError, require_inputs

    try:
        return require_inputs(paths, frozenset(READERS)).articles
    except InputError as exc:
        raise _fail(str(exc)) from None


INGEST_ERRORS_SHOWN = 20
"""Failed inputs listed after ``audit ingest`` / ``audit run``; the rest are in the ``ingest_errors`` table."""


def _echo_ingest_errors(stats) -> None:
    """One readable line per input deliberately skipped (this tool's own output) and per
    input that could not be read (on stderr), the first ``INGEST_ERRORS_SHOWN`` of them."""
    for skipped in stats.skipped[:INGEST_ERRORS_SHOWN]:
        echo(f"audit: skipped {skipped.source}: {skipped.reason}", err=True)
    for err in stats.errors[:INGEST_ERRORS_SHOWN]:
        echo(f"audit: failed: {err.source}: {err.reason}", err=True)
    if stats.failed > INGEST_ERRORS_SHOWN:
        typer.echo(f"audit: ... and {stats.failed - INGEST_ERRORS_SHOWN:,} more: SELECT * FROM ingest_errors", err=True)


@app.command()
def extract(
    paths: list[Path] = typer.Argument(..., metavar="PATH", help="Files or folders (.txt .md .html .jsonl .csv .parquet .docx .rtf .warc); - reads standard input."),
    format: ExtractFormat = typer.Option(ExtractFormat.jsonl, "--format", "-f", help="Record format (json: one array; table: for people)."),
    output: Path | None = typer.Option(None, "-o", "--output", metavar="FILE", help="Write here (atomically) instead of standard output."),
    model: str | None = ModelOpt,
    workers: int = WorkersOpt,
    quiet: bool = QuietOpt,
    model_path: Path | None = ModelPathOpt,
    int8: bool | None = Int8Opt,
) -> None:
    """Extract and attribute quotes, one record per quote.

    \b
    Examples:
      audit extract articles/ -f table
      cat story.txt | audit extract - --format json
    """
    from audit.extract.output import write_quotes
    from audit.ingest import iter_articles

    if format is ExtractFormat.parquet and output is None:
        raise _fail("parquet output needs -o FILE")
    total = _inputs(paths)
    cfg = _config(model=model, model_path=str(model_path) if model_path else None, int8=int8)
    nlp = _with_tagger(_pipeline(cfg.model), cfg)
    try:
        with _writes(output or "standard output"):
            failed = write_quotes(
                iter_articles(paths, text_column=cfg.text_column, columns=cfg.columns),
                nlp=nlp,
                fmt=format.value,
                output=output,
                workers=workers,
                progress=not quiet,
                total=total,
            )
    except KeyboardInterrupt:
        kept = f"; {output} was left as it was" if output is not None else ""
        raise _fail(f"interrupted{kept}", 130) from None
    raise typer.Exit(1 if failed else 0)


@app.command("eval")
def eval_(
    gold: list[Path] = typer.Argument(..., metavar="GOLD", help="Seed *.gold.jsonl files, a texts gold.jsonl (or its folder), brat folders (text/ + attributions/) or a renderings.jsonl (mention-level speaker check)."),
    pred: Path | None = typer.Option(None, "--pred", metavar="FILE", help="Score these predictions (jsonl) instead of running extraction."),
    model: str | None = ModelOpt,
    limit: int | None = typer.Option(None, "--limit", metavar="N", help="Only the first N documents."),
    format: Format = FormatOpt,
    json_out: bool = JsonAlias,
    model_path: Path | None = ModelPathOpt,
    int8: bool | None = Int8Opt,
) -> None:
    """Score extraction against gold: P/R/F1 of quote content at overlap 0.3 and 0.8,
    plus cue, source and speaker accuracy on matched quotes.

    \b
    Example:
      audit eval tests/data/seed/*.gold.jsonl
    """
    from audit.eval.extraction import evaluate, render
    from audit.eval.speakers import evaluate_renderings, split_paths
    from audit.eval.speakers import render as render_mentions
    from audit.gold import EvalError

    as_json = _as_json(format, json_out)
    cfg = _config(model=model, model_path=str(model_path) if model_path else None, int8=int8)
    nlp = None if pred else _with_tagger(_pipeline(cfg.model), cfg)
    renderings, gold = split_paths(gold)
    for path in renderings:  # mention-level speaker check (renderings.jsonl)
        shown = render_mentions(evaluate_renderings(path, nlp=nlp), as_json=as_json, title=f"{path}: ")
        typer.echo(shown if as_json else clean_lines(shown))
    if not gold:
        return
    try:
        report = evaluate(gold, nlp=nlp, pred=pred, limit=limit)
    except EvalError as exc:
        raise _fail(str(exc)) from None
    text = render(report, as_json=as_json)
    typer.echo(text if as_json else clean_lines(text))


@app.command("eval-statements")
def eval_statements(
    path: Path = typer.Argument(..., metavar="GOLD", help="A renderings .jsonl file, or a folder of articles with gold.jsonl."),
    semantic: bool | None = SemanticOpt,
    window: int | None = typer.Option(None, "--semantic-window", metavar="DAYS", min=0, help="Semantic stage date window in days (default: none)."),
    misses: bool = typer.Option(False, "--misses", help="For a folder of articles: where each recorded problem is lost (extraction, credit, linking, finding, status)."),
    format: Format = FormatOpt,
    json_out: bool = JsonAlias,
    pair_model: Path | None = PairModelOpt,
    device: str | None = DeviceOpt,
) -> None:
    """Score statement clustering against gold statements: pairwise precision/recall and
    B-cubed F1, overall and per drift class, and the findings judged against the problems
    the gold records (per kind and status, and each recorded problem flagged or not).

    \b
    Example:
      audit eval-statements crossoutlet/renderings.jsonl
    """
    import json

    from audit.eval.statements import StatementEvalError, evaluate_articles, evaluate_renderings
    from audit.link import EncoderMissing

    as_json = _as_json(format, json_out)
    cfg = _config(semantic=semantic, pair_model=str(pair_model) if pair_model else None, device=device)
    if not path.exists():
        raise _fail(f"{path}: no such file or folder")
    if cfg.semantic:
        _with_pair_model(cfg)
    try:
        report = (evaluate_articles(path, semantic=cfg.semantic, window_days=window, misses=misses) if path.is_dir()
                  else evaluate_renderings(path, semantic=cfg.semantic, window_days=window))
    except (StatementEvalError, EncoderMissing) as exc:
        raise _fail(str(exc)) from None
    typer.echo(json.dumps(report.as_dict()) if as_json else clean_lines("\n".join(report.lines())))


@app.command()
def run(
    paths: list[Path] | None = typer.Argument(None, metavar="PATH", help="Files, folders or globs; none = the bundled demo corpus."),
    db: Path | None = DbOpt,
    out: Path | None = OutOpt,
    model: str | None = ModelOpt,
    workers: int = WorkersOpt,
    format: Format = FormatOpt,
    quiet: bool = QuietOpt,
    verbose: bool = VerboseOpt,
    model_path: Path | None = ModelPathOpt,
    int8: bool | None = Int8Opt,
    semantic: bool | None = SemanticOpt,
    pair_model: Path | None = PairModelOpt,
    device: str | None = DeviceOpt,
    engine: str = typer.Option("duckdb", "--engine", metavar="NAME", help="Where to run: duckdb (one machine) or spark (docs/spark.md)."),
    master: str | None = typer.Option(None, "--master", metavar="URL", help="Spark master: local[N], spark://..., or sc://... for Spark Connect."),
    story: str | None = StoryOpt,
) -> None:
    """The whole job: ingest, extract, match, score and report on these inputs' articles
    (a story, named after their folder unless --story says; the database may hold others).

    \b
    Examples:
      audit run                               (the bundled demo corpus)
      audit run coverage/ --out reports/
      audit run coverage/ --engine spark --master 'local[2]'   (tables in audit.parquet/)
    """
    import json

    from audit.engines import EngineError
    from audit.engines import run as run_engine
    from audit.extract import ModelNotFound
    from audit.ingest.count import InputError
    from audit.learned.model import LearnedUnavailable
    from audit.link import EncoderMissing
    from audit.pipeline import RunInterrupted, database_path
    from audit.report.summary import print_summary, run_figures
    from audit.store import StoreError

    cfg = _config(model=model, model_path=str(model_path) if model_path else None, int8=int8, semantic=semantic,
                  pair_model=str(pair_model) if pair_model else None, device=device)
    if cfg.pair_model and engine != "duckdb":
        raise _fail("--pair-model runs with the duckdb engine only (the spark engine's semantic stage has no cascade yet)")
    if cfg.semantic:
        _with_pair_model(cfg)
    try:
        database = database_path(paths, db=db, out=out, config=cfg) if engine == "duckdb" else None
        with _writes(out or cfg.out, database=database):
            result = run_engine(
                paths, engine=engine, master=master, db=db, out=out, config=cfg,
                progress=not quiet and format is Format.text, workers=workers, **({"story": story} if story else {}),
            )
    except (InputError, StoreError, LearnedUnavailable, EncoderMissing, EngineError, ModelNotFound) as exc:
        raise _fail(str(exc)) from None
    except RunInterrupted as exc:
        raise _fail(
            f"interrupted during {exc.stage}; every article stored in {exc.db} is complete and reports were "
            "not written: run the same command to resume (stored articles are skipped)", 130,
        ) from None
    _echo_ingest_errors(result.ingest)
    if format is Format.json:
        typer.echo(json.dumps(run_figures(result.scores, ingest=result.ingest, match=result.match,
                                          written=result.written, db=result.db, scope=result.scope)))
    elif not quiet:
        print_summary(result.scores, ingest=result.ingest, match=result.match, written=result.written, verbose=verbose,
                      scope=result.scope)
    raise typer.Exit(1 if result.ingest.failed else 0)


@app.command("ingest")
def ingest_(
    paths: list[str] = typer.Argument(..., metavar="PATH", help="Files, folders or globs (.txt .md .html .jsonl .csv .parquet .docx .rtf .warc); - reads standard input."),
    db: Path | None = DbOpt,
    no_extract: bool = typer.Option(False, "--no-extract", help="Store articles only; quotes are added by a later run."),
    model: str | None = ModelOpt,
    workers: int = WorkersOpt,
    format: Format = FormatOpt,
    quiet: bool = QuietOpt,
) -> None:
    """Read articles into the database and extract their quotes. Re-running is safe:
    stored articles are skipped, edited ones become new versions.

    \b
    Example:
      audit ingest coverage/ --db news.duckdb
    """
    import json

    from audit.load import ingest
    from audit.store import Store, StoreError

    total = _inputs(paths)
    cfg = _config(model=model, db=str(db) if db else None)
    nlp = None if no_extract else _pipeline(cfg.model)
    Path(cfg.db).parent.mkdir(parents=True, exist_ok=True)
    try:
        with _writes(cfg.db), Store(cfg.db) as store:
            stats = ingest(
                paths, store, nlp=nlp, extract=not no_extract, progress=not quiet and format is Format.text,
                workers=workers, text_column=cfg.text_column, columns=cfg.columns, total=total,
            )
    except StoreError as exc:
        raise _fail(str(exc)) from None
    except BaseException as exc:
        from audit.pipeline import is_interrupt

        if not is_interrupt(exc):
            raise
        raise _fail(
            f"interrupted; every article stored in {cfg.db} is complete: run the same command to resume "
            "(stored articles are skipped)", 130,
        ) from None
    _echo_ingest_errors(stats)
    if format is Format.json:
        figures = {k: getattr(stats, k) for k in ("seen", "added", "unchanged", "failed", "quotes")}
        typer.echo(json.dumps({"db": str(cfg.db), **figures}))
    elif not quiet:
        echo(f"{cfg.db}: {stats.line()}")
    raise typer.Exit(1 if stats.failed else 0)


@app.command("match")
def match_(
    db: Path | None = DbOpt,
    full: bool = typer.Option(False, "--full", help="Rebuild all statements instead of matching only new quotes."),
    date_window: int | None = typer.Option(None, "--date-window", metavar="DAYS", min=0, help="Only match quotes published within DAYS days."),
    format: Format = FormatOpt,
    json_out: bool = JsonAlias,
    quiet: bool = QuietOpt,
    semantic: bool | None = SemanticOpt,
    semantic_window: int | None = typer.Option(None, "--semantic-window", metavar="DAYS", min=0, help="Semantic stage: compare statements printed within DAYS days (default from config: 7)."),
    pair_model: Path | None = PairModelOpt,
    device: str | None = DeviceOpt,
) -> None:
    """Group every rendering of one utterance across outlets into a statement: lexical
    matching, then the semantic stage for paraphrases and translations.
    Incremental: quotes already matched keep their statement.

    \b
    Example:
      audit match --db news.duckdb
    """
    import json

    from audit.link import EncoderMissing, link
    from audit.link.embed import load_encoder
    from audit.match import match
    from audit.store import Store, StoreError

    as_json = _as_json(format, json_out)
    cfg = _config(db=str(db) if db else None, semantic=semantic, semantic_window_days=semantic_window,
                  pair_model=str(pair_model) if pair_model else None, device=device)
    if not Path(cfg.db).exists():
        raise _fail(f"no database at {cfg.db}; run `audit ingest` first, or pass --db")
    if cfg.semantic:
        _with_pair_model(cfg)
    linked = None
    try:
        if cfg.semantic:
            load_encoder()
        with _writes(cfg.db), Store(cfg.db) as store:
            stats = match(store, incremental=not full, date_window_days=date_window)
            if cfg.semantic:
                linked = link(store, full=full, window_days=cfg.semantic_window_days)
    except (StoreError, EncoderMissing) as exc:
        raise _fail(str(exc)) from None
    figures = stats.as_dict()
    if linked is not None:
        figures.update({f"semantic_{k}": v for k, v in linked.as_dict().items()})
    if as_json:
        typer.echo(json.dumps(figures))
        return
    if quiet:
        return
    seconds = sum(ph.seconds for ph in stats.phases.values())
    echo(
        f"{cfg.db}: {stats.quotes:,} quotes matched ({stats.skipped:,} without words skipped) in {seconds:.1f} s; "
        f"{stats.new_statements:,} new statements, {stats.joined_statements:,} existing ones grew; "
        f"{stats.statements:,} statements in all"
    )
    if linked is not None:
        typer.echo(
            f"semantic stage: {linked.pending:,} statements checked, {linked.joined:,} joined to another "
            f"({linked.fragments:,} fragments by containment); {linked.embedded:,} texts embedded "
            f"in {sum(ph.seconds for ph in linked.phases.values()):.1f} s"
        )


@app.command("check")
def check_(
    paths: list[Path] = typer.Argument(..., metavar="DRAFT", help="Draft files or folders (.md, .txt, .html); - reads standard input."),
    db: Path | None = typer.Option(None, "--db", metavar="FILE", help="Store built by `audit ingest` to check against (default: the configured db, if it exists)."),
    format: CheckFormat = typer.Option(CheckFormat.text, "--format", "-f", help="Report format (gitlab: Code Quality)."),
    output: Path | None = typer.Option(None, "-o", "--output", metavar="FILE", help="Write the report here instead of stdout."),
    fail_level: str | None = typer.Option(None, "--fail-level", metavar="LEVEL", help="Fail on findings at or above: error, warning or info (default error)."),
    exit_zero: bool = typer.Option(False, "--exit-zero", help="Report only: exit 0 even with findings."),
    write_baseline: Path | None = typer.Option(None, "--write-baseline", metavar="FILE", help="Accept every current finding: write them to FILE and exit 0."),
    baseline: Path | None = typer.Option(None, "--baseline", metavar="FILE", help="Hide findings accepted in FILE (from --write-baseline)."),
    select: list[str] | None = typer.Option(None, "--select", metavar="RULES", help="Only these rules (repeat or comma-separate)."),
    ignore: list[str] | None = typer.Option(None, "--ignore", metavar="RULES", help="Skip these rules (repeat or comma-separate)."),
    diff_base: str | None = typer.Option(None, "--diff-base", metavar="REF", help="Only findings on lines changed since this git ref (e.g. origin/main)."),
    model: str | None = ModelOpt,
    quiet: bool = QuietOpt,
) -> None:
    """Lint drafts for misquotes, misattributions and unsourced quotes (a CI gate).

    \b
    Exit 0 clean, 1 findings at or above the fail level, 2 usage, config or input error.
    Example:
      audit check drafts/*.md --db news.duckdb --format github
    """
    from audit.check import EXIT_CLEAN, check
    from audit.check.baseline import BaselineError
    from audit.check.baseline import write_baseline as save_baseline
    from audit.check.diffbase import DiffBaseError
    from audit.check.formats import render
    from audit.check.formats.text import render as render_text
    from audit.check.formats.text import summary
    from audit.check.reference import ReferenceError
    from audit.check.settings import load_settings
    from audit.config import ConfigError

    cfg = _config(paths[0], model=model)
    try:
        settings = load_settings(cfg.check, fail_level=fail_level, select=select, ignore=ignore)
    except ConfigError as exc:
        raise _fail(str(exc)) from None
    store = db
    if store is None:
        default = (cfg.source.parent if cfg.source else Path.cwd()) / cfg.db
        store = default if default.is_file() else None
    try:
        result = check(
            paths, config=cfg, store_path=store, nlp=_pipeline(cfg.model), settings=settings,
            baseline=None if write_baseline else baseline, diff_base=diff_base,
        )
    except (ReferenceError, BaselineError, DiffBaseError) as exc:
        raise _fail(str(exc)) from None
    for line in [*result.errors, *result.notes]:
        echo(f"audit: {line}", err=True)
    if write_baseline is not None:
        n = save_baseline(result.findings, write_baseline)
        echo(f"{write_baseline}: {n} finding(s) accepted", err=True)
        raise typer.Exit(2 if result.errors else EXIT_CLEAN)
    if format is CheckFormat.text:  # severities in colour; typer.echo drops it when stdout is not a terminal
        report = render_text(result, colour=output is None and not os.environ.get("NO_COLOR"))
    else:
        report = render(result, format.value)
    if output is not None:
        with _writes(output):
            output.write_text(report, encoding="utf-8")
    else:
        typer.echo(report, nl=False)
    if format is CheckFormat.text and not quiet:
        echo(summary(result), err=True)
    code = result.exit_code()
    raise typer.Exit(EXIT_CLEAN if exit_zero and code == 1 else code)


@app.command("train")
def train_(
    gold: list[Path] = typer.Argument(..., metavar="GOLD", help="Gold to learn from: seed *.gold.jsonl files or brat folders."),
    out: Path = typer.Option(..., "--out", metavar="DIR", help="Model folder to write (keep models trained on PolNeAR out of git)."),
    dev: list[Path] | None = typer.Option(None, "--dev", metavar="GOLD", help="Gold to score the tagger on after each epoch."),
    epochs: int = typer.Option(3, "--epochs", metavar="N", min=1),
    batch_size: int = typer.Option(16, "--batch-size", metavar="N", min=1),
    lr: float = typer.Option(DEFAULT_LR, "--lr", metavar="RATE", help="Peak learning rate."),
    max_length: int = typer.Option(256, "--max-length", metavar="N", min=40, help="Tokens per window."),
    limit: int | None = typer.Option(None, "--limit", metavar="N", help="Only the first N gold articles."),
    resume: bool = typer.Option(False, "--resume", help="Continue from DIR/checkpoint."),
) -> None:
    """Train the learned attribution tagger (needs the extra: pip install 'quote-audit[learned]').

    \b
    Example:
      audit train PolNeAR/data/train --dev PolNeAR/data/dev --out models/polnear
    """
    from audit.gold import EvalError
    from audit.learned.model import LearnedUnavailable
    from audit.learned.train import TrainError, train

    try:
        result = train(gold, out, epochs=epochs, batch_size=batch_size, lr=lr, max_length=max_length,
                       resume=resume, dev_paths=dev or (), limit=limit)
    except (LearnedUnavailable, TrainError, EvalError) as exc:
        raise _fail(str(exc)) from None
    scores = result.metadata.get("dev_scores")
    if scores:
        typer.echo("dev content F1 " + " / ".join(f"{k}: {v['f1']:.3f}" for k, v in scores["content"].items()))


@app.command("train-pairs")
def train_pairs_(
    gold: list[Path] = typer.Argument(..., metavar="GOLD", help="Statement gold: renderings .jsonl files or folders with gold.jsonl (as eval-statements reads)."),
    out: Path = typer.Option(..., "--out", metavar="DIR", help="Pair model folder to write (keep models trained on outlets' text out of git)."),
    epochs: int = typer.Option(DEFAULT_PAIR_EPOCHS, "--epochs", metavar="N", min=1),
    batch_size: int = typer.Option(16, "--batch-size", metavar="N", min=1),
    max_length: int = typer.Option(128, "--max-length", metavar="N", min=16, help="Tokens per pair."),
    limit: int | None = typer.Option(None, "--limit", metavar="N", min=1, help="Only the first N pairs (a quick run)."),
    device: str = typer.Option("cpu", "--device", metavar="NAME", help="cpu, cuda or auto."),
) -> None:
    """Train the semantic stage's pair model on statement gold (needs the extra: pip install 'quote-audit[deep]');
    use it with --pair-model DIR or `pair_model` in the config.

    \b
    Example:
      audit train-pairs renderings.jsonl stories/beirut/ --out models/pairs
      audit match --pair-model models/pairs
    """
    from audit.learned.model import LearnedUnavailable
    from audit.learned.pairs import PairDataError, train_pairs

    for path in gold:
        if not path.exists():
            raise _fail(f"{path}: no such file or folder")
    try:
        with _writes(out):
            meta = train_pairs(gold, out, epochs=epochs, batch_size=batch_size, max_length=max_length, limit=limit,
                               device=device)
    except (LearnedUnavailable, PairDataError) as exc:
        raise _fail(str(exc)) from None
    typer.echo(f"{out}: pair model trained on {meta['train_data']['pairs']} pairs in {meta['train_minutes']} min")


@app.command()
def report(
    db: Path | None = DbOpt,
    out: Path | None = OutOpt,
    format: Format = FormatOpt,
    quiet: bool = QuietOpt,
    verbose: bool = VerboseOpt,
    story: str | None = typer.Option(None, "--story", metavar="NAME", help="Report on this story only (as `audit run` named it); default: the whole database."),
) -> None:
    """Re-render CSV, Parquet, report.html and the summary from the database, without
    re-running extraction; --story NAME for one story's articles. With no --db and no audit.duckdb, uses the demo database
    that `audit run` left in the report folder. `--db` may also name the table folder
    of `audit run --engine spark`.

    \b
    Example:
      audit report --db news.duckdb --out reports/
      audit report --story beirut-2020
    """
    import json

    from audit.config import reference_dir
    from audit.engines.tables import DEMO_TABLES_NAME, TablesError, is_tables, open_tables
    from audit.pipeline import DEMO_DB_NAME
    from audit.report import write_reports
    from audit.report.summary import print_summary, run_figures
    from audit.score import score
    from audit.score.verified import load_verified
    from audit.store import Store, StoreError
    from audit.stories import StoryError
    from audit.stories import scope as story_scope

    cfg = _config(db=str(db) if db else None, out=str(out) if out else None)
    path, out_dir = Path(cfg.db), Path(cfg.out)
    if db is None and not path.exists():
        demo = [p for p in (out_dir / DEMO_DB_NAME, out_dir / DEMO_TABLES_NAME) if p.exists()]
        path = demo[0] if demo else path
    if not path.exists():
        raise _fail(f"no database at {path}; run `audit run` or `audit ingest` first, or pass --db")
    try:
        scope = None
        if is_tables(path):  # a table folder from `audit run --engine spark`
            if story is not None:
                raise _fail("--story needs a DuckDB database; a spark table folder holds one run")
            con = open_tables(path)
            try:
                scores = score(con, verified=load_verified(reference_dir(cfg)))
            finally:
                con.close()
        else:
            with Store(path, read_only=True) as store:
                scope = story_scope(store.con, story)
                scores = score(store, verified=load_verified(reference_dir(cfg)), story=story)
    except (StoreError, TablesError, StoryError) as exc:
        raise _fail(str(exc)) from None
    with _writes(out_dir):
        written = write_reports(scores, out_dir, story=story)
    if format is Format.json:
        typer.echo(json.dumps(run_figures(scores, written=written, db=path, scope=scope)))
    elif not quiet:
        print_summary(scores, written=written, verbose=verbose, scope=scope)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
