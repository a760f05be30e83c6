"""`rallynov indicators --year 2023 [--programme SLUG] [--format text|json|xlsx]`: the FSE+ common
indicators of participants per operation and for the year (small cells masked)."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from rallynov.core.commands import add_programme_argument, programme_from_option
from rallynov.events.fse.indicators import fse_indicators
from rallynov.reporting import keyfigures
from rallynov.reporting.indicators import fse_table, funders_workbook, participant_indicators


class Command(BaseCommand):
    help = (
        "Indicateurs communs du FSE+ concernant les participants (règlement (UE) 2021/1057, annexe I), "
        "par opération cofinancée et pour l'année ; comptages de moins de 5 personnes masqués."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, help="Année, par exemple 2023.")
        add_programme_argument(parser)
        parser.add_argument(
            "--format",
            choices=["text", "json", "xlsx"],
            default="text",
            help="text (défaut), json ou xlsx (classeur des financeurs).",
        )
        parser.add_argument(
            "--output",
            help="Fichier où écrire (défaut : sortie standard ; obligatoire pour xlsx sur un terminal).",
        )
        parser.add_argument(
            "--sensitive",
            action="store_true",
            help="Inclure les autres caractéristiques (données sensibles) : réservé aux rapports aux financeurs.",
        )

    def handle(self, *args, year, format, programme=None, output=None, sensitive=False, **options):
        try:
            year = keyfigures.check_year(year)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        programme = programme_from_option(programme)
        data = fse_indicators(programme=programme, year=year, include_sensitive=sensitive)
        if format == "xlsx":
            content = funders_workbook(
                programme=programme,
                fse=data,
                indicators=participant_indicators(programme=programme, year=year),
            )
            if output in (None, "-"):
                if output is None and sys.stdout.isatty():
                    raise CommandError("Le classeur XLSX est binaire : indiquez --output FICHIER.xlsx.")
                sys.stdout.buffer.write(content)
                return
            self._write(output, content)
            self.stderr.write(f"Classeur écrit : {output}")
            return
        if format == "json":
            text = json.dumps(data, ensure_ascii=False, indent=2)
        else:
            text = self._text(data, programme)
        if output and output != "-":
            self._write(output, text.encode("utf-8"))
        else:
            self.stdout.write(text)

    def _write(self, path, content):
        try:
            with open(path, "wb") as handle:
                handle.write(content)
        except OSError as exc:
            raise CommandError(f"Impossible d'écrire « {path} » : {exc.strerror}.") from None

    def _text(self, data, programme):
        lines = [f"Indicateurs communs du FSE+ {data['year']} — {programme.name}", data["note"]]
        if not data["operations"]:
            lines.append(f"Aucune opération cofinancée par le FSE+ tenue en {data['year']}.")
            return "\n".join(lines)
        table = fse_table(data)
        for index, column in enumerate(table["columns"]):
            lines.append("")
            lines.append(f"{column['title']}" + (f" ({column['date']})" if column["date"] else ""))
            for label, values in table["rows"] + table["sensitive"]:
                lines.append(f"  {label} : {values[index]}")
        return "\n".join(lines)
