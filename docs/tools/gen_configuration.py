#!/usr/bin/env python3
"""Assembles docs/configuration.md from the "## Configuration" section of each module README
(and the dashboard's settings in docs/dashboard.md, the logs section of docs/operations.md). Run from the repository root after changing
a module's configuration; ConfigurationDocTest fails when a variable the code reads is missing."""
import re
from pathlib import Path

SOURCES = [
    ("every service: Kafka client security", "docs/operations.md", "Kafka client security"),
    ("telemetry-gateway", "telemetry-gateway/README.md", "Configuration"),
    ("replenishment-streams", "replenishment-streams/README.md", "Configuration"),
    ("order-dispatcher", "order-dispatcher/README.md", "Configuration"),
    ("order-dispatcher: dashboard", "docs/dashboard.md", "Configuration"),
    ("printer-simulator (CLI defaults)", "printer-simulator/README.md", "Configuration"),
    ("local-stack", "local-stack/README.md", "Configuration"),
    ("every process: logs", "docs/operations.md", "Logs"),
]


def section(text, title):
    match = re.search(r"^##+ " + re.escape(title) + r"[^\n]*\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    return match.group(1).strip() if match else None


out = ["# Configuration reference", "",
       "Every service is configured by environment variables, read once at start into a typed config",
       "record (`XxxConfig.fromEnv`) that validates them and fails at start-up naming the bad variable.",
       "`KAFKA_BOOTSTRAP_SERVERS`, the Kafka client security variables (`KAFKA_SECURITY_PROTOCOL`,",
       "`KAFKA_SSL_*`, `KAFKA_SASL_*`) and `INKFLOW_LOG_FORMAT` (read by the logback files) are shared; every",
       "other variable carries its service's prefix. A port set to 0 means \"any free port\" (tests).",
       "This page is assembled from the module READMEs (and the logs section of docs/operations.md) by",
       "`docs/tools/gen_configuration.py`; `ConfigurationDocTest` checks that every variable the code",
       "and the logback files read is listed here.", "",
       "Every variable is read by one reader (`io.inkflow.schemas.config.Env`) with one set of rules:",
       "an absent or blank variable takes its default (a required one without a default fails); values",
       "are trimmed; a boolean is `true` or `false` in any case and nothing else (`yes`, `no`, `1` and",
       "`0` fail); an enum value is one of the listed names in any case, `-` standing for `_`; a duration",
       "is a whole number in the unit its name ends with (`_MS`, `_SECONDS`, `_MINUTES`, `_HOURS`, `_DAYS`).",
       ""]
for name, path, title in SOURCES:
    p = Path(path)
    if not p.exists():
        continue
    body = section(p.read_text(), title)
    if body:
        out += [f"## {name}", "", f"From [{path}](../{path}).", "", body, ""]
Path("docs/configuration.md").write_text("\n".join(out))
print("wrote docs/configuration.md")
