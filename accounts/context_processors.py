from django.http import HttpRequest

from .models import Office


def office(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    label = ""
    if user is not None and user.is_authenticated:
        label = Office(user.office).label if user.office else ("系统管理员" if user.is_superuser else "")
    return {"office_label": label}
