from django import template

register = template.Library()


@register.filter
def with_aria(field):
    """The field's widget with its help text and errors tied to it (aria-describedby, aria-invalid)."""
    described = []
    attrs = {}
    if field.errors:
        described.append(f"{field.auto_id}-error")
        attrs["aria-invalid"] = "true"
    if field.help_text:
        described.append(f"{field.auto_id}-help")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)
