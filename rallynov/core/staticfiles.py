"""Static files storage for production: WhiteNoise's compressed manifest storage, without the
rewriting of source-map comments. Vendored libraries (Leaflet.markercluster) reference source maps
that their packages do not ship, which makes `collectstatic` fail with DEBUG=false.

    STORAGES["staticfiles"]["BACKEND"] = "rallynov.core.staticfiles.StaticStorage"
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns):
    kept = []
    for extension, rules in patterns:
        rules = tuple(rule for rule in rules if "sourceMappingURL" not in (rule[0] if isinstance(rule, tuple) else rule))
        kept.append((extension, rules))
    return tuple(kept)


class StaticStorage(CompressedManifestStaticFilesStorage):
    patterns = _without_source_maps(CompressedManifestStaticFilesStorage.patterns)
