from salescrm.platform.metadata.fields import FieldDef, ObjectDef, OptionLabels
from salescrm.platform.metadata.registry import (
    builtin,
    builtin_objects,
    get_object,
    objects_for,
    register,
)

__all__ = ["FieldDef", "ObjectDef", "OptionLabels", "builtin", "builtin_objects", "get_object", "objects_for",
           "register"]
