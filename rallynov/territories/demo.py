"""Venues named in the reports."""

from rallynov.territories.models import Venue
from rallynov.territories.queries import resolve_commune

VENUES = [
    # (name, address, commune, postal code, capacity)
    ("Cinéma Olympia", "16 avenue du Maréchal Foch", "Dijon", "21000", 300),
    ("Pays de Montbéliard Agglomération", "8 avenue des Alliés", "Montbéliard", "25200", 120),
    ("Juratri", "Zone industrielle", "Lons-le-Saunier", "39000", 100),
    ("Saline royale", "Grande rue", "Arc-et-Senans", "25610", None),
    ("Maison de l'économie", "46 avenue Villarceau", "Besançon", "25000", 150),
    ("Aract Bourgogne-Franche-Comté", "Immeuble Le Jean Moulin", "Dijon", "21000", 40),
]


def load(*, programme, log):
    for name, address, commune, postal_code, capacity in VENUES:
        Venue.objects.get_or_create(
            name=name,
            defaults={
                "address": address,
                "commune": resolve_commune(commune, postal_code),
                "capacity": capacity,
            },
        )
    Venue.objects.get_or_create(name="Workshop Euwin", defaults={"address": "Sofia", "country": "Bulgarie"})
    log(f"  {Venue.objects.count()} lieux")
