"""The API's interactive documentation (Swagger UI) from django-ninja's own files, served here.

django-ninja renders its local template only when "ninja" is in INSTALLED_APPS (else a page that
loads Swagger UI from a CDN). Installing the app imports django-ninja and pydantic at every start
of every command (0.15 s of CPU for `rallynov help`); the settings instead add ninja's template
and static folders (found without importing it), and this page renders the local template.
"""

import json

from django.shortcuts import render
from ninja.openapi.docs import Swagger, _csrf_needed


class LocalSwagger(Swagger):
    def render_page(self, request, api, **kwargs):
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {
            "swagger_settings": json.dumps(self.settings, indent=1),
            "api": api,
            "add_csrf": _csrf_needed(api),
        }
        return render(request, self.template, context)
