import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="edition",
            name="vice_president",
            field=models.ForeignKey(
                blank=True,
                help_text="Décide à la place du président les dossiers avec lesquels il est en conflit d'intérêts.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="awards.jurymember",
                verbose_name="vice-président·e du jury",
            ),
        ),
    ]
