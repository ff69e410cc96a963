"""Open-data pages and downloads: the network's (`/apne-data/…`, a row per municipality) and one
municipality's (`/<k>/apne-data/…`), and the DCAT-AP-NO catalogue.

Each file is its own URL rule and endpoint (`/apne-data/ideer.csv` is `opendata.csv_ideer`), so
the tenant rules take no argument besides the municipality.
"""
from __future__ import annotations

from flask import g, render_template, url_for

from app.opendata import bp, files, tenant_bp
from app.opendata.catalogue import build_catalogue, catalogue_problems
from app.opendata.datasets import DATASETS, FORMATS, file_endpoint
from app.opendata.queries import last_modified, network_members, rows_of

NETWORK = "nettverket"


def _serve(key: str, fmt: str, municipalities: list, scope: str, prefix: str):
    dataset = DATASETS[key]
    rows = rows_of(dataset, municipalities)
    modified = max(last_modified(dataset, municipalities).values(), default=None)
    filename = f"{prefix}-{key}.{fmt}"
    if fmt == "csv":
        return files.public(files.csv_download(dataset, rows, filename), modified)
    return files.public(files.json_download(dataset, rows, scope, filename), modified)


def file_urls(blueprint: str, **values) -> dict[str, dict[str, str]]:
    """{dataset key: {"csv"|"json"|"readme": URL}} under `blueprint` ("opendata" or
    "tenant.opendata")."""
    return {key: {fmt: url_for(f"{blueprint}.{file_endpoint(key, fmt)}", **values)
                  for fmt in (*FORMATS, "readme")} for key in DATASETS}


# --- the network ----------------------------------------------------------------------------

@bp.route("/")
def index():
    return render_template("opendata/index.html", datasets=DATASETS.values(),
                           urls=file_urls("opendata"), municipality=None)


@bp.route("/katalog.ttl", defaults={"fmt": "ttl"})
@bp.route("/katalog.jsonld", defaults={"fmt": "jsonld"}, endpoint="catalogue")
def catalogue(fmt: str):
    return files.public(files.catalogue(build_catalogue(), fmt))


def _network_file(key: str, fmt: str):
    def view():
        if fmt == "readme":
            urls = file_urls("opendata", _external=True)[key]
            return files.public(files.readme(DATASETS[key], NETWORK, urls))
        return _serve(key, fmt, network_members(), NETWORK, NETWORK)
    return view


# --- one municipality -----------------------------------------------------------------------

@tenant_bp.public("/", endpoint="index")
def tenant_index():
    municipality = g.municipality
    return render_template("opendata/index.html", datasets=DATASETS.values(),
                           urls=file_urls("tenant.opendata"), municipality=municipality,
                           problems=catalogue_problems(municipality))


def _tenant_file(key: str, fmt: str):
    def view():
        municipality = g.municipality
        if fmt == "readme":
            urls = file_urls("tenant.opendata", _external=True)[key]
            return files.public(files.readme(DATASETS[key], municipality.display_name, urls))
        return _serve(key, fmt, [municipality], municipality.number, municipality.slug)
    return view


for _key in DATASETS:
    _paths = [(fmt, f"/{_key}.{fmt}") for fmt in FORMATS] + [("readme", f"/{_key}/README.md")]
    for _fmt, _path in _paths:
        bp.add_url_rule(_path, file_endpoint(_key, _fmt), _network_file(_key, _fmt))
        tenant_bp.add_url_rule(tenant_bp.public_prefix + _path, file_endpoint(_key, _fmt),
                               _tenant_file(_key, _fmt))
