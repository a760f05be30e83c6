"""Every named URL pattern of the site, for the tests that must visit each door (the permission
matrix, the crawl without server errors, the second factor)."""

from django.urls import URLPattern, URLResolver, get_resolver

# The parts' namespaces: each of their URLs is a door that a test must name.
OUR_NAMESPACES = {
    "accounts",
    "territories",
    "organizations",
    "site",
    "initiatives",
    "awards",
    "events",
    "studies",
    "partners",
    "reporting",
    "api-v1",
}


def named_patterns():
    """(full name such as "awards:review", URLPattern) of every named pattern of the URLconf."""

    def walk(patterns, namespaces=()):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                extra = (pattern.namespace,) if pattern.namespace else ()
                yield from walk(pattern.url_patterns, namespaces + extra)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield ":".join((*namespaces, pattern.name)), pattern

    return list(walk(get_resolver().url_patterns))
