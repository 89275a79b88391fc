import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# What start-up built (Django, the apps, their modules: about 157,000 objects) lives as long as the process; frozen,
# the garbage collector stops walking it on every full collection. A page of 100 API documents allocates enough to
# trigger one every few requests: 27 ms per request on average before, 7 ms after (bench/README.md).
gc.collect()
gc.freeze()

# Full collections, a tenth as often as Python's default: the API's pages no longer leave their rows to the
# collector (partners.selectors.shown_by_the_api), so little waits for one, and each paused a request of the 100-a-page
# list by 11-23 ms, one request in ten (bench/README.md, "Freed with the response").
gc.set_threshold(700, 10, 100)
