from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class CustomerPicker(forms.TextInput):
    """A customer, by account number, searched on the server (`customers:pick`, wanjia.js): the register is
    far too large to list in a page. Without script it is a plain account-number box."""

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", "data-picker": "customers", "placeholder": _("输入户号或户名搜索"),
                          **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-picker-url"] = reverse("customers:pick")
        return context
