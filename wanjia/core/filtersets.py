"""A FilterSet that knows who is asking, whether it is built by the API (from the request) or by a page's
selector (from the user): some filters depend on the user's role (searching by phone number)."""
import django_filters


class UserFilterSet(django_filters.FilterSet):
    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, user=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.user = user if user is not None else getattr(request, "user", None)
