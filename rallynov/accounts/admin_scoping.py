"""The admin's records of a programme (partnerships, fundings, editions, studies, surveys…) seen
and changed by that programme's team only.

Wagtail's snippet screens list and open every row of a model; a team member of Occitanie must not
see nor change Bourgogne-Franche-Comté's fundings. `ProgrammeScopedViewSet` (mixed into a
SnippetViewSet) filters its listing and its chooser, refuses its object screens (edit, delete,
history, usage, inspect, revisions, copy…: every view it constructs) for a record of another
programme, offers only the team's programmes (and their records) in its forms, and the bulk
actions refuse a foreign row. The rule is `may_manage_record` (accounts.rules.is_team_of on the record's
programme); superusers manage every programme."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from wagtail.snippets.views.chooser import SnippetChooserViewSet

from rallynov.accounts.rules import is_team_of, team_programme_ids
from rallynov.core.models import Programme


def programme_id_of(record, path):
    """The id of the programme `record` belongs to, following `path` ("programme", "study__programme")."""
    *hops, last = path.split("__")
    for hop in hops:
        record = getattr(record, hop, None)
        if record is None:
            return None
    return getattr(record, f"{last}_id", None)


def may_manage_record(user, record, path="programme"):
    """Whether `user` may see and change `record` in the admin: they are in the team of its programme."""
    return is_team_of(user, programme_id_of(record, path))


def scope_queryset(queryset, user, path="programme"):
    """The rows of `queryset` that `user` may see in the admin."""
    if user.is_superuser:
        return queryset
    return queryset.filter(**{f"{path}__in": team_programme_ids(user)})


def _limit_choices(form, user):
    """Offer only the user's programmes, and only their programmes' records, in `form`'s choices."""
    if user.is_superuser:
        return
    ids = team_programme_ids(user)
    for field in form.fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is None:
            continue
        model = queryset.model
        if model is Programme:
            field.queryset = queryset.filter(pk__in=ids)
        elif any(f.name == "programme" for f in model._meta.get_fields()):
            field.queryset = queryset.filter(programme__in=ids)


class _ScopedObject:
    """An object screen that does not find another programme's record."""

    def get_object(self, *args, **kwargs):
        record = super().get_object(*args, **kwargs)
        if record is not None and not may_manage_record(self.request.user, record, self.programme_path):
            raise Http404("Cet enregistrement appartient à un autre programme.")
        return record


class _ScopedForm:
    """A create or edit screen whose choices are the team's programmes and their records."""

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        _limit_choices(form, self.request.user)
        return form


class _ScopedList:
    """A chooser's list (the modal that picks a study for an interview…): the team's records."""

    def get_object_list(self):
        return scope_queryset(super().get_object_list(), self.request.user, self.programme_path)


def scoped_view_class(view_class, programme_path):
    """`view_class` made to show and change the records of the user's programmes only."""
    bases = [
        mixin
        for mixin, method in ((_ScopedObject, "get_object"), (_ScopedForm, "get_form"), (_ScopedList, "get_object_list"))
        if hasattr(view_class, method)
    ]
    if not bases:
        return view_class
    return type(view_class.__name__, (*bases, view_class), {"programme_path": programme_path})


class ScopedChooserViewSet(SnippetChooserViewSet):
    programme_path = "programme"

    def construct_view(self, view_class, *args, **kwargs):
        return super().construct_view(scoped_view_class(view_class, self.programme_path), *args, **kwargs)


class ProgrammeScopedViewSet:
    """Mixed before SnippetViewSet: its screens and its chooser show and change the records of
    the user's own programmes only. `programme_path` reaches the record's programme."""

    programme_path = "programme"

    def get_queryset(self, request):
        return scope_queryset(self.model._default_manager.all(), request.user, self.programme_path)

    def construct_view(self, view_class, *args, **kwargs):
        return super().construct_view(scoped_view_class(view_class, self.programme_path), *args, **kwargs)

    @property
    def chooser_viewset_class(self):
        return type("ScopedChooserViewSet", (ScopedChooserViewSet,), {"programme_path": self.programme_path})


def refuse_foreign_rows(request, action_type, objects, action_class_instance):
    """Wagtail's `before_bulk_action` hook: a bulk action (delete…) on a row of another programme
    is refused as a whole."""
    viewset = getattr(type(objects[0]), "snippet_viewset", None) if objects else None
    if not isinstance(viewset, ProgrammeScopedViewSet):
        return None
    if not all(may_manage_record(request.user, obj, viewset.programme_path) for obj in objects):
        raise PermissionDenied
    return None
