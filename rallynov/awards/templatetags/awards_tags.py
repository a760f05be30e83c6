from django import template
from django.forms import CheckboxSelectMultiple, RadioSelect
from django.utils import timezone
from django.utils.translation import gettext, ngettext

register = template.Library()


@register.filter
def described(field):
    """Render a widget tied to its help text and its errors (aria-describedby, aria-invalid)."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    attrs = {}
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def is_choice_group(field):
    return isinstance(field.field.widget, (RadioSelect, CheckboxSelectMultiple))


@register.filter
def euros(value):
    if value in (None, ""):
        return ""
    text = f"{float(value):,.0f}".replace(",", "\u202f")
    return f"{text} €"


@register.filter
def score(value):
    return "" if value is None else f"{value:.2f}".replace(".", ",")


@register.filter
def paris(value):
    """A date-time in Paris time, to the second, in French: "31/03/2024 à 23:59:59"."""
    if not value:
        return ""
    return timezone.localtime(value).strftime("%d/%m/%Y à %H:%M:%S")


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def seconds_until(moment):
    """Whole seconds from now to `moment` (0 once past): a countdown computed at each view."""
    return max(int((moment - timezone.now()).total_seconds()), 0) if moment else 0


@register.filter
def remaining(seconds):
    """12 jours, 3 heures et 5 minutes (server-side countdown, also the no-JavaScript text)."""
    seconds = int(seconds or 0)
    if seconds <= 0:
        return gettext("l'appel est clos")
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    return gettext("%(days)s, %(hours)s et %(minutes)s") % {
        "days": ngettext("%(n)d jour", "%(n)d jours", days) % {"n": days},
        "hours": ngettext("%(n)d heure", "%(n)d heures", hours) % {"n": hours},
        "minutes": ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes},
    }


@register.filter
def get_field(form, name):
    return form[name]
