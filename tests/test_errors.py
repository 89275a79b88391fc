"""One error family: every error the apps define derives from ApplicationError, so the API's one handler
(partners/errors.py) answers it in the one error shape instead of a 500."""

import importlib
import inspect
import pkgutil

from documents.errors import ApplicationError
from documents.ocr import nhn
from documents.ocr.images import ShrinkError

APPS = ("documents", "reviews", "registry", "partners")
# Raised and caught inside one module; never reaches a person.
INTERNAL = {ShrinkError, nhn._Attempt}


def _modules():
    for app in APPS:
        package = importlib.import_module(app)
        yield package
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
            if not any(part in info.name.split(".") for part in ("migrations", "management", "samples")):
                yield importlib.import_module(info.name)


def test_every_error_the_apps_define_is_an_application_error():
    errors = {
        cls for module in _modules() for _name, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, Exception) and cls.__module__ == module.__name__
    }

    assert len(errors) > 10  # the walk found the apps' errors
    assert sorted(cls.__qualname__ for cls in errors - INTERNAL if not issubclass(cls, ApplicationError)) == []
