"""The catalogue as an open-data feed that a national aggregator can harvest: CSV and JSON in the
import columns plus programme, SDGs, coordinates and the sheet's address, and a DCAT-AP
description of the dataset (JSON-LD) with its licence (Licence Ouverte 2.0).

Published initiatives only (the catalogue's read model holds nothing else), no personal data
(the import columns carry none). The programme read is core.queries.catalogue_scope: the host's,
`?programme=SLUG`, or every programme on the national host."""

import json
from collections import defaultdict

from django.db.models import Max

from rallynov.core import exports
from rallynov.initiatives.interchange.export import export_rows, exported_pages
from rallynov.initiatives.interchange.reading import COLUMNS
from rallynov.initiatives.models import CatalogueEntry, InitiativePage
from rallynov.initiatives.national import region_root_urls

FEED_COLUMNS = [*COLUMNS, "programme", "sdgs", "latitude", "longitude", "url", "id"]
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
LICENCE_NAME = "Licence Ouverte 2.0"


def feed_entries(programme):
    """The published catalogue of `programme` (None: every programme)."""
    entries = CatalogueEntry.objects.all()
    return entries if programme is None else entries.filter(programme=programme)


def feed_rows(entries):
    """Rows in FEED_COLUMNS order: the import columns of each published sheet, then its
    programme, its SDG numbers (separated by |), its coordinates, its address on its region's
    site and its id. A constant number of queries per thousand sheets."""
    meta = {
        pk: (slug, latitude, longitude, url, programme_id)
        for pk, slug, latitude, longitude, url, programme_id in entries.values_list(
            "pk", "programme__slug", "latitude", "longitude", "url", "programme_id"
        )
    }
    sdgs = defaultdict(list)
    links = InitiativePage.sdgs.through.objects.filter(initiativepage_id__in=list(meta))
    for pk, number in links.order_by("sustainabledevelopmentgoal__number").values_list(
        "initiativepage_id", "sustainabledevelopmentgoal__number"
    ):
        sdgs[pk].append(str(number))
    roots = region_root_urls()
    for page in exported_pages(entries):
        slug, latitude, longitude, url, programme_id = meta[page.pk]
        if url.startswith("/"):
            url = roots.get(programme_id, "") + url
        row = next(export_rows([page]))
        yield [*row, slug, "|".join(sdgs[page.pk]), latitude, longitude, url, page.pk]


def feed_csv(entries):
    return exports.rows_to_csv(FEED_COLUMNS, feed_rows(entries))


def feed_json(entries):
    records = [
        {column: ("" if value is None else value) for column, value in zip(FEED_COLUMNS, row, strict=True)}
        for row in feed_rows(entries)
    ]
    return json.dumps(records, ensure_ascii=False, default=str).encode("utf-8")


def dcat_description(*, entries, title, publisher, spatial, page_url, csv_url, json_url):
    """The dataset described in DCAT-AP (JSON-LD): title, publisher, licence, coverage, last
    change and its two distributions."""
    modified = entries.aggregate(last=Max("published_at"))["last"]
    distribution = [
        {
            "@type": "dcat:Distribution",
            "dct:title": f"{title} ({fmt.upper()})",
            "dcat:accessURL": {"@id": page_url},
            "dcat:downloadURL": {"@id": url},
            "dcat:mediaType": media,
            "dct:format": fmt.upper(),
            "dct:license": {"@id": LICENCE_URL},
        }
        for fmt, url, media in (("csv", csv_url, "text/csv"), ("json", json_url, "application/json"))
    ]
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@type": "dcat:Dataset",
        "@id": page_url,
        "dct:title": title,
        "dct:description": (
            "Initiatives d'innovation sociale recensées et publiées : structure, commune, thèmes, objectifs "
            "de développement durable, coordonnées, année, lauréats du prix."
        ),
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": publisher},
        "dct:license": {"@id": LICENCE_URL, "dct:title": LICENCE_NAME},
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/FRA"},
        "dct:spatial": spatial,
        "dct:modified": {"@value": modified.isoformat() if modified else None, "@type": "xsd:dateTime"},
        "dcat:keyword": ["innovation sociale", "économie sociale et solidaire", "initiatives", "territoires"],
        "dcat:landingPage": {"@id": page_url},
        "dcat:distribution": distribution,
    }
