from salescrm.platform.metadata.fields import FieldDef, ObjectDef
from salescrm.platform.metadata.registry import (
    builtin,
    builtin_objects,
    get_object,
    objects_for,
    register,
)

__all__ = ["FieldDef", "ObjectDef", "builtin", "builtin_objects", "get_object", "objects_for",
           "register"]
