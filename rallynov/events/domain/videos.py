"""Video views: counts recorded by hand or imported from the platforms' statistics."""

import datetime

from django.utils.translation import gettext as _

from rallynov.events.models import Video, VideoViewCount


def record_video_views(*, video, on, views, imported=False, is_generated=False):
    """Set the views counted for the period ending on `on` (re-importing changes nothing)."""
    count, _created = VideoViewCount.objects.update_or_create(
        video=video, on=on, defaults={"views": views, "imported": imported, "is_generated": is_generated}
    )
    return count


def import_video_views(*, programme, rows):
    """rows: dicts with url, date (JJ/MM/AAAA or AAAA-MM-JJ), views. Returns (imported, errors)
    where errors are (line number, French reason); a bad row never stops the good ones."""
    imported, errors = 0, []
    for line, row in enumerate(rows, start=2):
        url = (row.get("url") or "").strip()
        video = Video.objects.filter(programme=programme, url=url).first()
        if video is None:
            errors.append((line, _("aucune vidéo du programme n'a le lien « %(url)s »") % {"url": url}))
            continue
        raw_date = (row.get("date") or "").strip()
        on = None
        for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                on = datetime.datetime.strptime(raw_date, fmt).date()
                break
            except ValueError:
                continue
        if on is None:
            errors.append((line, _("date « %(date)s » illisible (JJ/MM/AAAA attendu)") % {"date": raw_date}))
            continue
        raw_views = (row.get("views") or row.get("vues") or "").strip().replace(" ", "").replace("\u202f", "")
        if not raw_views.isdigit():
            errors.append((line, _("nombre de vues « %(views)s » invalide") % {"views": raw_views}))
            continue
        record_video_views(video=video, on=on, views=int(raw_views), imported=True)
        imported += 1
    return imported, errors
