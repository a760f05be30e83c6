from django import template

from rallynov.site.accessibility import load_audit

register = template.Library()


@register.simple_tag
def accessibility_status():
    """The RGAA conformance status measured by the last audit (« partiellement conforme »), or
    None when the site was never audited. Read from a file: no query."""
    audit = load_audit()
    return audit.status_label if audit else None
