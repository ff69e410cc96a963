"""The DCAT-AP-NO catalogue (data.norge.no harvests it): one dataset per (municipality x dataset
kind) plus the network's own, each with a CSV and a JSON distribution.

A municipality is in the catalogue only when it has an organisation number (its publisher URI
in Felles datakatalog's organisation catalogue) and a contact e-mail (the open-data contact, else
the privacy contact): both are mandatory in DCAT-AP-NO. `catalogue_problems` says what is
missing, and the municipality's settings page shows it. The network's datasets are in when
OPENDATA_PUBLISHER_ORGNR and OPENDATA_CONTACT_EMAIL are configured.

Licence: `dct:license` is the EU authority URI of NLOD 2.0; the licence's readable page
(data.norge.no) is linked from the licence resource with `rdfs:seeAlso` and from each README.
"""
from __future__ import annotations

from datetime import datetime

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, XSD

from app.core.clock import utcnow
from app.municipalities.models import Municipality
from app.opendata.datasets import DATASETS, NLOD_PAGE, NLOD_URI, Dataset, file_endpoint
from app.opendata.queries import last_modified, network_members

ORGANISATIONS = "https://organization-catalog.fellesdatakatalog.digdir.no/organizations/"
DATA_THEME = Namespace("http://publications.europa.eu/resource/authority/data-theme/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
FILE_TYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
PUBLIC = URIRef("http://publications.europa.eu/resource/authority/access-right/PUBLIC")
MEDIA_TYPES = {"csv": "text/csv", "json": "application/json"}
#: the Norwegian administrative units (Kartverket), for dct:spatial
MUNICIPALITY_UNIT = "https://data.geonorge.no/administrativeEnheter/kommune/id/"
LANGUAGES = ("nb", "nn")

JSONLD_CONTEXT = {"dcat": str(DCAT), "dct": str(DCTERMS), "foaf": str(FOAF), "vcard": str(VCARD),
                  "rdfs": str(RDFS), "xsd": str(XSD)}


def catalogue_problems(municipality: Municipality) -> list[str]:
    """Why the municipality's datasets are left out of the catalogue (empty: they are in)."""
    problems = []
    if not municipality.org_number:
        problems.append(str(_l("The municipality has no organisation number, so data.norge.no "
                               "cannot name it as the publisher.")))
    if not municipality.open_data_email:
        problems.append(str(_l("The municipality has no contact e-mail for open data (nor a "
                               "privacy contact).")))
    return problems


def _texts(graph: Graph, subject, predicate, text) -> None:
    """`text` (lazy, maybe with %(name)s) in bokmål and nynorsk, as language-tagged literals."""
    for lang in LANGUAGES:
        with force_locale(lang):
            graph.add((subject, predicate, Literal(str(text), lang=lang)))


class _Publisher:
    """Who publishes a set of datasets: the municipality, or the network."""

    def __init__(self, org_number: str, email: str, name: str, municipality=None):
        self.uri = URIRef(ORGANISATIONS + org_number)
        self.org_number, self.email, self.name = org_number, email, name
        self.municipality = municipality

    def url(self, endpoint: str, **values) -> str:
        if self.municipality is None:
            return url_for(f"opendata.{endpoint}", _external=True, **values)
        return url_for(f"tenant.opendata.{endpoint}", municipality=self.municipality.slug,
                       _external=True, **values)


def _network_publisher() -> _Publisher | None:
    org = current_app.config.get("OPENDATA_PUBLISHER_ORGNR")
    email = current_app.config.get("OPENDATA_CONTACT_EMAIL")
    if not org or not email:
        return None
    return _Publisher(org, email, current_app.config.get("OPENDATA_PUBLISHER_NAME") or "Tinget")


def _add_publisher(graph: Graph, publisher: _Publisher) -> None:
    graph.add((publisher.uri, RDF.type, FOAF.Agent))
    graph.add((publisher.uri, DCTERMS.identifier, Literal(publisher.org_number)))
    graph.add((publisher.uri, FOAF.name, Literal(publisher.name)))


def _add_dataset(graph: Graph, dataset: Dataset, publisher: _Publisher,
                 modified: datetime) -> URIRef:
    page = publisher.url("index")
    node = URIRef(f"{page}#{dataset.key}")
    graph.add((node, RDF.type, DCAT.Dataset))
    name = publisher.name
    for lang in LANGUAGES:
        with force_locale(lang):
            graph.add((node, DCTERMS.title, Literal(f"{dataset.title} – {name}", lang=lang)))
            graph.add((node, DCTERMS.description, Literal(str(dataset.description), lang=lang)))
    graph.add((node, DCTERMS.identifier, Literal(str(node))))
    graph.add((node, DCTERMS.publisher, publisher.uri))
    graph.add((node, DCAT.theme, DATA_THEME[dataset.eu_theme]))
    graph.add((node, DCTERMS.accessRights, PUBLIC))
    graph.add((node, DCAT.landingPage, URIRef(page)))
    graph.add((node, DCTERMS.modified, Literal(modified.isoformat(), datatype=XSD.dateTime)))
    _texts(graph, node, DCAT.keyword, _l("participation"))
    if publisher.municipality is not None:
        graph.add((node, DCTERMS.spatial, URIRef(MUNICIPALITY_UNIT + publisher.municipality.number)))
    contact = BNode()
    graph.add((node, DCAT.contactPoint, contact))
    graph.add((contact, RDF.type, VCARD.Kind))
    graph.add((contact, VCARD.fn, Literal(name)))
    graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{publisher.email}")))
    for fmt in ("csv", "json"):
        graph.add((node, DCAT.distribution, _add_distribution(graph, node, dataset, publisher,
                                                              fmt, modified)))
    return node


def _add_distribution(graph: Graph, dataset_node, dataset: Dataset, publisher: _Publisher,
                      fmt: str, modified: datetime) -> URIRef:
    node = URIRef(f"{dataset_node}-{fmt}")
    graph.add((node, RDF.type, DCAT.Distribution))
    _texts(graph, node, DCTERMS.title, _l("%(title)s (%(format)s)", title=dataset.title,
                                           format=fmt.upper()))
    _texts(graph, node, DCTERMS.description, _l("Aggregated counts; counts under 5 are withheld. "
                                                "The README describes the columns."))
    graph.add((node, DCAT.accessURL, URIRef(publisher.url("index"))))
    graph.add((node, DCAT.downloadURL, URIRef(publisher.url(file_endpoint(dataset.key, fmt)))))
    graph.add((node, FOAF.page, URIRef(publisher.url(file_endpoint(dataset.key, "readme")))))
    graph.add((node, DCTERMS.license, URIRef(NLOD_URI)))
    graph.add((node, DCTERMS.format, FILE_TYPE[fmt.upper()]))
    graph.add((node, DCAT.mediaType,
               URIRef(f"https://www.iana.org/assignments/media-types/{MEDIA_TYPES[fmt]}")))
    graph.add((node, DCTERMS.modified, Literal(modified.isoformat(), datatype=XSD.dateTime)))
    return node


def publishers(members: list[Municipality]) -> list[_Publisher]:
    """The network (when configured) and every member the catalogue can name."""
    found = [p for p in [_network_publisher()] if p]
    for municipality in members:
        if not catalogue_problems(municipality):
            found.append(_Publisher(municipality.org_number, municipality.open_data_email,
                                    municipality.display_name, municipality))
    return found


def build_catalogue() -> Graph:
    """The whole catalogue as an rdflib graph (one grouped query per dataset kind for the dates)."""
    graph = Graph()
    graph.bind("dcat", DCAT)
    graph.bind("dct", DCTERMS)
    graph.bind("foaf", FOAF)
    graph.bind("vcard", VCARD)
    catalogue = URIRef(url_for("opendata.index", _external=True) + "#katalog")
    graph.add((catalogue, RDF.type, DCAT.Catalog))
    _texts(graph, catalogue, DCTERMS.title, _l("Tinget: open data on participation"))
    _texts(graph, catalogue, DCTERMS.description, _l(
        "Aggregated, anonymised results of residents' participation in the smart-city "
        "municipalities: ideas, consultations, votes and surveys. Licence NLOD 2.0."))
    graph.add((URIRef(NLOD_URI), RDF.type, DCTERMS.LicenseDocument))
    graph.add((URIRef(NLOD_URI), RDFS.seeAlso, URIRef(NLOD_PAGE)))
    members = network_members()
    found = publishers(members)
    if found:  # the network when configured, else the first member named
        graph.add((catalogue, DCTERMS.publisher, found[0].uri))
    # modification dates come from the data (or when a member joined), never from the clock, so
    # the catalogue is the same document until something in it changes
    joined = max((member.created_at for member in members), default=None)
    changed = []
    for dataset in DATASETS.values():
        dates = last_modified(dataset, members) if found else {}
        for publisher in found:
            _add_publisher(graph, publisher)
            if publisher.municipality is None:
                modified = max(dates.values(), default=joined) or utcnow()
            else:
                modified = dates.get(publisher.municipality.id) or publisher.municipality.created_at
            modified = modified.replace(microsecond=0)
            changed.append(modified)
            node = _add_dataset(graph, dataset, publisher, modified)
            graph.add((catalogue, DCAT.dataset, node))
    modified = max(changed, default=None) or utcnow().replace(microsecond=0)
    graph.add((catalogue, DCTERMS.modified, Literal(modified.isoformat(), datatype=XSD.dateTime)))
    return graph
