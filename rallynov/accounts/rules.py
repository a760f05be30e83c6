"""Named permission predicates: the one place that says who may do what."""

from django.conf import settings

from rallynov.accounts import roles
from rallynov.accounts.models import PartnerTerritory
from rallynov.core.models import Programme
from rallynov.core.queries import programme_for_request

# The pages that belong to a territory, by model label (see `territory_of`).
INITIATIVE = "initiatives.InitiativePage"
NEWS = "rallynov_site.NewsPage"
TERRITORY_PAGE_MODELS = (INITIATIVE, NEWS)


def _in_group(user, name):
    if not user.is_authenticated or not user.is_active:
        return False
    cache = getattr(user, "_rallynov_groups", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._rallynov_groups = cache
    return name in cache


def _in_group_of_any_programme(user, base):
    if not user.is_authenticated or not user.is_active:
        return False
    _in_group(user, base)  # fills the cache
    prefix = base + roles.PROGRAMME_SEPARATOR
    return any(name == base or name.startswith(prefix) for name in user._rallynov_groups)


def is_programme_team(user):
    """In the team of some programme (the default one's group or another programme's), and at
    work on a host of one of their programmes: on another programme's site a team member is
    a visitor like any other (ProgrammeTeamScopeMiddleware, `works_on_request_programme`), so
    that every rule built on this one (the prize's, the events', the studies'…) holds there too."""
    if getattr(user, OFF_PROGRAMME, False):
        return False
    return (
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or _in_group_of_any_programme(user, roles.PROGRAMME_TEAM))
    )


# Set on the user of a request by ProgrammeTeamScopeMiddleware when they are a team member on the
# host of a programme whose team they are not in.
OFF_PROGRAMME = "_rallynov_off_programme"


def team_programme_ids(user):
    """Ids of the programmes whose team `user` is in (read once per user object). The plain team
    group is the default programme's team; "Équipe du programme · <slug>" is that programme's."""
    if getattr(user, OFF_PROGRAMME, False):
        return frozenset()
    cached = getattr(user, "_rallynov_team_programmes", None)
    if cached is not None:
        return cached
    ids = frozenset()
    if is_programme_team(user):
        prefix = roles.PROGRAMME_TEAM + roles.PROGRAMME_SEPARATOR
        slugs = {name[len(prefix):] for name in user._rallynov_groups if name.startswith(prefix)}
        if roles.PROGRAMME_TEAM in user._rallynov_groups:
            slugs.add(settings.DEFAULT_PROGRAMME_SLUG)
        ids = frozenset(Programme.objects.filter(slug__in=slugs).values_list("pk", flat=True))
    user._rallynov_team_programmes = ids
    return ids


def is_team_of(user, programme_id):
    """In the team of this very programme (superusers are in every team). A team member of one
    programme is a stranger to another's records."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or programme_id in team_programme_ids(user)


def works_on_request_programme(request):
    """A team member works on the hosts of their own programmes only: on another programme's
    site, its team screens refuse them. Superusers and people outside any team (a rule of the
    screen decides for them) are not concerned."""
    user = request.user
    if user.is_superuser or not is_programme_team(user):
        return True
    programme = programme_for_request(request)
    return programme is None or is_team_of(user, programme.pk)


def mark_off_programme(request):
    """Make a team member on another programme's host a visitor there (see is_programme_team)."""
    user = request.user
    if user.is_authenticated and not user.is_superuser and not works_on_request_programme(request):
        setattr(user, OFF_PROGRAMME, True)


def is_partner_editor(user):
    return _in_group_of_any_programme(user, roles.PARTNER_EDITOR)


def is_juror(user):
    return _in_group(user, roles.JUROR)


def is_applicant(user):
    return _in_group(user, roles.APPLICANT)


def is_funders_reporting(user):
    """The funders' reporting role: reads the funders' indicators, FSE+ special categories included."""
    return _in_group(user, roles.FUNDERS_REPORTING)


def can_use_admin(user):
    return is_programme_team(user) or is_partner_editor(user)


def needs_second_factor(user):
    """With STAFF_MFA_REQUIRED, who must set up and use a second factor, on every screen: the
    staff (programme team, is_staff accounts, superusers) and the partner editors, who change the
    catalogue and the news in the admin, and the funders' reporting role, who reads the FSE+
    special categories. Applicants, jurors and the public do not."""
    return user.is_authenticated and (
        user.is_staff
        or user.is_superuser
        or is_programme_team(user)
        or is_partner_editor(user)
        or is_funders_reporting(user)
    )


def territory_codes(user, programme_id):
    """The department codes of `user`'s territory in a programme (empty when they have none),
    read once per request object: {programme_id: frozenset of codes} cached on the user."""
    if user is None or not getattr(user, "pk", None):
        return frozenset()
    cache = getattr(user, "_rallynov_territories", None)
    if cache is None:
        cache = {}
        scopes = PartnerTerritory.objects.filter(user_id=user.pk).select_related("region")
        for scope in scopes.prefetch_related("departments"):
            cache[scope.programme_id] = scope.department_codes()
        user._rallynov_territories = cache
    return cache.get(programme_id, frozenset())


def territory_of(obj):
    """The department codes an initiative or a news article belongs to.

    - An initiative: the department of its main commune (the one the map and the department
      facet use). A sheet without a commune belongs to no territory.
    - A news article has no place of its own: it belongs to the territory of the partner
      editor who wrote it (its Wagtail owner), so that the editors of a territory share their
      articles. An article written by the team belongs to no territory.
    """
    label = obj._meta.label
    if label == INITIATIVE:
        return frozenset({obj.main_commune.department_code}) if obj.main_commune_id else frozenset()
    if label == NEWS:
        return territory_codes(obj.owner, obj.programme_id) if obj.owner_id else frozenset()
    return frozenset()


def can_edit_in_territory(user, obj):
    """May `user` open and change this initiative or news article in the admin?

    The programme team (and superusers) edit everything. A partner editor edits the
    initiatives and news of their territory in the record's programme (see `territory_of`):
    a partner editor of Côte-d'Or edits a sheet whose main commune is in Côte-d'Or, not one in
    Doubs. Partner editors may add initiatives and news anywhere they have Wagtail's `add`
    permission (the catalogue, the news index), but have no `publish` permission: what they add
    or change waits in the moderation workflow of the catalogue or of the news until the team
    publishes it. Everybody else edits nothing.

    Every admin door of these pages asks this predicate: Wagtail's page screens through
    `accounts.policies.TerritoryPagePermissionPolicy`, the explorer, copy, move and bulk actions
    through the hooks of `accounts.wagtail_hooks`.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    if is_programme_team(user):
        # A page of no programme (home, legal pages) is guarded by Wagtail's page permissions.
        programme_id = getattr(obj, "programme_id", None)
        return programme_id is None or is_team_of(user, programme_id)
    if not is_partner_editor(user) or obj._meta.label not in TERRITORY_PAGE_MODELS:
        return False
    return bool(territory_of(obj) & territory_codes(user, obj.programme_id))
