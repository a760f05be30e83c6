from rallynov.site.chrome import lazy_chrome


def chrome(request):
    """`chrome`: the logo, colours and footer of the request's site, read when a template uses it."""
    return {"chrome": lazy_chrome(request)}
