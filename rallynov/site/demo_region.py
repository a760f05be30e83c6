"""The second region's look in the demo: its own colours, so that one sees at a glance which
programme's site one is on (site.branding)."""

from rallynov.site.models import SiteSettings

PRIMARY = "#8a1538"  # a deep red: 9.3:1 on white
ACCENT = "#1d4f91"


def load(*, programme, log):
    settings = SiteSettings.for_site(programme.site)
    if not settings.primary_colour:
        settings.primary_colour, settings.accent_colour = PRIMARY, ACCENT
        settings.save(update_fields=["primary_colour", "accent_colour"])
        log(f"  couleurs du site : {PRIMARY}, {ACCENT}")
