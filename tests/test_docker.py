"""The container setup stays consistent with the pins (no Docker engine runs here, so the
files are checked, not built)."""

from __future__ import annotations

import re

import yaml

from socialkpi.config import project_root

ROOT = project_root()


def locked_version(package: str) -> str:
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line.startswith(f"{package}=="):
            return line.split("==", 1)[1].strip()
    raise AssertionError(f"{package} not in requirements.lock")


def test_image_base_matches_locked_airflow_and_python():
    dockerfile = (ROOT / "docker" / "Dockerfile").read_text()
    base = re.search(r"^FROM apache/airflow:(\S+)-python(\S+)$", dockerfile, re.M)
    assert base, "the image builds on the official Airflow image"
    assert base.group(1) == locked_version("apache-airflow")
    assert base.group(2) == "3.11"


def test_image_installs_the_same_lock_file_and_the_package():
    dockerfile = (ROOT / "docker" / "Dockerfile").read_text()
    assert "COPY --chown=airflow:root requirements.lock" in dockerfile
    assert re.search(r"pip install --no-cache-dir -r \S*requirements\.lock", dockerfile)
    assert "--no-deps /opt/socialkpi/src-root" in dockerfile, (
        "the package adds no unlocked dependency"
    )


def test_compose_runs_every_airflow_3_component_on_postgres():
    compose = yaml.safe_load((ROOT / "docker" / "docker-compose.yaml").read_text())
    services = compose["services"]
    assert {"postgres", "airflow-init", "airflow-apiserver", "airflow-scheduler",
            "airflow-dag-processor", "airflow-triggerer"} <= set(services)  # fmt: skip
    commands = {name: str(service.get("command", "")) for name, service in services.items()}
    assert commands["airflow-apiserver"] == "api-server"
    assert commands["airflow-dag-processor"] == "dag-processor"
    assert "pools set duckdb_writer 1" in commands["airflow-init"]
    env = services["airflow-scheduler"]["environment"]
    assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].startswith("postgresql")
    volumes = services["airflow-scheduler"]["volumes"]
    assert "../data/landing:/opt/socialkpi/landing" in volumes
    assert "../warehouse:/opt/socialkpi/warehouse" in volumes
