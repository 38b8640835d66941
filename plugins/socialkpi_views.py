"""Airflow 3 plugin: the run report and the dbt docs, served by the API server, in the UI menu.

- A FastAPI app mounted at ``/socialkpi`` serves ``<serving>/report/`` (the run report) and
  ``<serving>/dbt_docs/`` (dbt's static docs page) of this deployment
  (``SOCIALKPI_WAREHOUSE_DIR``), to logged-in users only (the UI's session cookie).
- Two external views put them in the UI's Browse menu, shown inside the UI (iframe), and a
  third on every DAG page and run ("Run report").

The Makefile sets ``AIRFLOW__CORE__PLUGINS_FOLDER`` to this folder.
"""

from __future__ import annotations

from pathlib import Path

from airflow.api_fastapi.core_api.security import requires_authenticated
from airflow.plugins_manager import AirflowPlugin
from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse

from socialkpi.config import Settings

URL_PREFIX = "/socialkpi"
SITES = {
    # url segment: (folder under the serving dir, entry page, what makes it)
    "report": ("report", "index.html", "the publish_warehouse task"),
    "dbt-docs": ("dbt_docs", "static_index.html", "the dbt_docs task"),
}

app = FastAPI(
    title="Social KPI report and dbt docs", dependencies=[Depends(requires_authenticated())]
)


def _site_file(site: str, path: str) -> Path:
    if site not in SITES:
        raise HTTPException(status_code=404)
    folder, entry, _ = SITES[site]
    root = (Settings.resolve().serving_dir / folder).resolve()
    target = (root / (path or entry)).resolve()
    if not target.is_relative_to(root):
        raise HTTPException(status_code=404)
    return target


@app.get("/{site}", include_in_schema=False)
def site_root(site: str, request: Request):
    if site not in SITES:
        raise HTTPException(status_code=404)
    # Relative links of the pages (plotly.min.js) need the trailing slash.
    return RedirectResponse(url=f"{request.url.path}/")


@app.get("/{site}/{path:path}", include_in_schema=False)
def site_file(site: str, path: str):
    target = _site_file(site, path)
    if target.is_file():
        return FileResponse(target)
    if not path:
        _, _, maker = SITES[site]
        return HTMLResponse(
            f"<p>Nothing published yet at {target.parent}: it is written by {maker} of a run "
            "of <code>socialkpi_daily</code> (<code>make demo</code>).</p>",
            status_code=404,
        )
    raise HTTPException(status_code=404)


class SocialKpiViews(AirflowPlugin):
    name = "socialkpi_views"
    fastapi_apps = [
        {"app": app, "url_prefix": URL_PREFIX, "name": "Social KPI report and dbt docs"}
    ]
    external_views = [
        {
            "name": "Social KPI run report",
            "href": "socialkpi/report/",
            "url_route": "socialkpi_report",
            "destination": "nav",
            "category": "browse",
        },
        {
            "name": "dbt docs",
            "href": "socialkpi/dbt-docs/",
            "url_route": "socialkpi_dbt_docs",
            "destination": "nav",
            "category": "browse",
        },
        {
            "name": "Run report",
            "href": "socialkpi/report/",
            "url_route": "socialkpi_dag_report",
            "destination": "dag",
        },
    ]
