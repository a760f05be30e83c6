"""Load regions, departments and communes shipped in territories/data (see SOURCES.md)."""

from django.db import migrations


def load(apps, schema_editor):
    from rallynov.territories.loading import load_territories

    load_territories(
        apps.get_model("territories", "Region"),
        apps.get_model("territories", "Department"),
        apps.get_model("territories", "DepartmentRegion"),
        apps.get_model("territories", "Commune"),
    )


class Migration(migrations.Migration):
    dependencies = [("territories", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
