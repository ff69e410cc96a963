"""The DCAT-AP-NO catalogue: valid against SHACL shapes of the mandatory properties (and the
shapes do catch a broken catalogue), who is in it, Turtle and JSON-LD say the same."""
from __future__ import annotations

import pathlib

import pytest
from pyshacl import validate
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, RDF, SH

from app.opendata.datasets import DATASETS, NLOD_URI
from tests.opendata import factories as f

SHAPES = Graph().parse(pathlib.Path(__file__).with_name("dcat_ap_no_shapes.ttl"))
PUBLISHER = "https://organization-catalog.fellesdatakatalog.digdir.no/organizations/"


@pytest.fixture
def network(app, monkeypatch):
    monkeypatch.setitem(app.config, "OPENDATA_PUBLISHER_ORGNR", "971032081")
    monkeypatch.setitem(app.config, "OPENDATA_CONTACT_EMAIL", "apne-data@example.no")


@pytest.fixture
def members(make_municipality):
    asker = make_municipality("Asker", number="3203", org_number=f.ORG_NUMBER,
                              open_data_contact="data@asker.example.no")
    voss = make_municipality("Voss", number="4621", org_number="964967636",
                             privacy_contact="personvern@voss.example.no")
    hidden = make_municipality("Utenfor", number="4622")
    f.ideas(asker, 5)
    return asker, voss, hidden


def catalogue(client) -> Graph:
    response = client.get("/apne-data/katalog.ttl")
    assert response.status_code == 200
    assert response.content_type == "text/turtle; charset=utf-8"
    assert response.headers["Cache-Control"].startswith("public")
    return Graph().parse(data=response.get_data(as_text=True), format="turtle")


def conforms(graph: Graph) -> tuple[bool, str]:
    ok, _, text = validate(graph, shacl_graph=SHAPES, inference="none")
    return ok, text


def test_the_catalogue_conforms_to_the_shapes(client, network, members):
    graph = catalogue(client)
    ok, report = conforms(graph)
    assert ok, report
    datasets = set(graph.subjects(RDF.type, DCAT.Dataset))
    # the network's and each municipality's with an organisation number and a contact
    assert len(datasets) == 3 * len(DATASETS)
    publishers = {str(o) for o in graph.objects(None, DCTERMS.publisher)}
    assert publishers == {PUBLISHER + n for n in ("971032081", f.ORG_NUMBER, "964967636")}


def test_titles_in_both_written_forms_licence_and_downloads(client, network, members):
    graph = catalogue(client)
    dataset = URIRef("http://localhost/asker/apne-data/#ideer")
    langs = {literal.language for literal in graph.objects(dataset, DCTERMS.title)}
    assert langs == {"nb", "nn"}
    distributions = set(graph.objects(dataset, DCAT.distribution))
    assert {str(graph.value(d, DCAT.downloadURL)) for d in distributions} == {
        "http://localhost/asker/apne-data/ideer.csv", "http://localhost/asker/apne-data/ideer.json"}
    assert {graph.value(d, DCTERMS.license) for d in distributions} == {URIRef(NLOD_URI)}
    for d in distributions:
        assert client.get(str(graph.value(d, DCAT.downloadURL)).replace(
            "http://localhost", "")).status_code == 200
    assert graph.value(dataset, DCTERMS.modified) is not None


def test_a_municipality_without_an_organisation_number_is_left_out_and_told_why(
        client, network, members):
    graph = catalogue(client)
    assert not any("utenfor" in str(s) for s in graph.subjects(RDF.type, DCAT.Dataset))
    html = client.get("/utenfor/apne-data/?lang=en").get_data(as_text=True)
    assert "no organisation number" in html
    assert "no organisation number" not in client.get("/asker/apne-data/?lang=en").get_data(
        as_text=True)


@pytest.mark.parametrize("kind,prop", [
    ("Dataset", "dct:publisher"), ("Dataset", "dcat:contactPoint"), ("Dataset", "dcat:theme"),
    ("Dataset", "dct:description"), ("Dataset", "dct:accessRights"),
    ("Distribution", "dct:license"), ("Distribution", "dcat:accessURL"),
    ("Distribution", "dct:format"), ("Catalog", "dct:title"), ("Catalog", "dcat:dataset"),
])
def test_the_shapes_catch_a_missing_mandatory_property(client, network, members, kind, prop):
    graph = catalogue(client)
    prefix, name = prop.split(":")
    path = (DCTERMS if prefix == "dct" else DCAT)[name]
    subject = sorted(graph.subjects(RDF.type, DCAT[kind]))[0]
    graph.remove((subject, path, None))
    ok, results, _ = validate(graph, shacl_graph=SHAPES, inference="none")
    assert not ok
    assert path in set(results.objects(None, SH.resultPath))


def test_the_shapes_want_nynorsk_too(client, network, members):
    graph = catalogue(client)
    subject = sorted(graph.subjects(RDF.type, DCAT.Dataset))[0]
    for title in list(graph.objects(subject, DCTERMS.title)):
        if title.language == "nn":
            graph.remove((subject, DCTERMS.title, title))
    assert not conforms(graph)[0]


def test_json_ld_is_the_same_graph(client, network, members):
    response = client.get("/apne-data/katalog.jsonld")
    assert response.content_type == "application/ld+json; charset=utf-8"
    from_jsonld = Graph().parse(data=response.get_data(as_text=True), format="json-ld")
    assert isomorphic(from_jsonld, catalogue(client))


def test_without_network_settings_only_members_are_in(client, members):
    graph = catalogue(client)
    assert len(set(graph.subjects(RDF.type, DCAT.Dataset))) == 2 * len(DATASETS)
    assert conforms(graph)[0]
