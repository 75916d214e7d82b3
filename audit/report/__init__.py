"""Reports: score frames -> CSV (formula-safe) and Parquet files, ``report.html``, and
the terminal summary. ``write_reports(scores, out_dir)`` writes the files."""

from audit.report.tables import ReportPathError, write_reports

__all__ = ["ReportPathError", "write_reports"]
