"""Sections of the home page contributed by the parts.

Each app may have a module `home.py` (like this one) with `home_section(request)` returning None
or a dict(template=…, context=…, order=…); the home page shows them by order.
"""



from rallynov.core.parts import part_modules


def news_section(request):
    """The site's own section: the latest news of the programme."""
    from rallynov.core.queries import programme_for_request
    from rallynov.site import news

    programme = programme_for_request(request)
    articles = news.latest(programme=programme) if programme else []
    if not articles:
        return None
    return {"template": "site/includes/home_news.html", "context": {"articles": articles}, "order": 90}


def home_sections(request):
    sections = []
    news = news_section(request)
    if news:
        sections.append(news)
    for config, module in part_modules("home"):
        if config.name == "rallynov.site":
            continue
        section = module.home_section(request)
        if section:
            sections.append(section)
    sections.sort(key=lambda s: s.get("order", 100))
    return sections
