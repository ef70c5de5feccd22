"""Platform staff roles: the "Curators" group, staff who may change the category tree."""
from django.contrib.auth.models import Group, Permission

from .apps import CURATOR_PERMISSION

CURATOR_GROUP = "Curators"
# Permissions every curator holds, as "app_label.codename"; one not in the database (yet) is
# left out rather than failing.
CURATOR_PERMISSIONS = (CURATOR_PERMISSION,)


def ensure_curator_group() -> Group:
    """The Curators group, created if missing, holding every known curator permission."""
    group, _ = Group.objects.get_or_create(name=CURATOR_GROUP)
    for dotted in CURATOR_PERMISSIONS:
        app_label, codename = dotted.split(".", 1)
        perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if perm is not None:
            group.permissions.add(perm)
    return group
