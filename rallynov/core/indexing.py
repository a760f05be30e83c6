"""Wagtail's reference index and the search index, updated once per object after a bulk load.

Each save of a page or snippet enqueues an update of both indexes (run at once by the immediate
task backend); loading the demo saves a page five times or so (creation, revision, publication,
moderation…), so about 1,700 updates ran for some 600 objects and took a quarter of the load.
Inside `indexes_updated_once()` the updates are gathered, and run once per object at the end.
"""

from contextlib import contextmanager

from django.core.exceptions import ObjectDoesNotExist


class _Gather:
    """Stands for a task in a signal handler's module: remembers what it was asked to do."""

    def __init__(self, task, pending):
        self.task = task
        self.pending = pending

    def enqueue(self, *args):
        self.pending.setdefault((id(self.task), args), (self.task, args))


@contextmanager
def indexes_updated_once():
    """Gather the index updates of the saves made inside the block, and run each once when it
    ends without an error (an object deleted meanwhile is skipped). Single-threaded use: bulk
    loads (the demo, its second region)."""
    import modelsearch.signal_handlers as search_handlers
    import wagtail.signal_handlers as wagtail_handlers

    pending = {}
    reference, search = wagtail_handlers.update_reference_index_task, search_handlers.insert_or_update_object_task
    wagtail_handlers.update_reference_index_task = _Gather(reference, pending)
    search_handlers.insert_or_update_object_task = _Gather(search, pending)
    try:
        yield
    finally:
        wagtail_handlers.update_reference_index_task = reference
        search_handlers.insert_or_update_object_task = search
    for task, args in pending.values():
        try:
            task.call(*args)
        except ObjectDoesNotExist:
            continue
