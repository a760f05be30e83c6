"""The register of processing activities (RGPD), built from what each part declares.

Each app that keeps personal data has a module `privacy.py` with a list `PROCESSING` of
`Processing` entries. The register page, `rallynov purge` (retention), and the export and erasure
of one person's data all work from these declarations.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps


@dataclass(frozen=True)
class Processing:
    model: str  # "app_label.ModelName"
    name: str  # French name of the processing, e.g. "Inscriptions aux événements"
    purpose: str  # why the data is kept
    legal_basis: str  # "consentement", "intérêt légitime", "mission d'intérêt public", "contrat", "obligation légale"
    fields: tuple  # the personal fields
    retention: str  # in words, e.g. "3 ans après l'événement"
    retention_days: int | None  # None: kept while the purpose lasts (e.g. public speaker)
    date_field: str = "created_at"  # the date the retention period runs from
    email_field: str = "email"  # how to find one person's records ("" when none)
    recipients: str = "Équipe du programme"
    # anonymise(queryset) blanks the personal fields but keeps the record, so counts stay true.
    anonymise: Callable | None = field(default=None, compare=False)

    def get_model(self):
        return apps.get_model(self.model)


def all_processing():
    from rallynov.core.parts import part_modules

    entries = []
    for _config, module in part_modules("privacy"):
        entries.extend(getattr(module, "PROCESSING", []))
    return entries
