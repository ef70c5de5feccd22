"""Template tags of the account pages."""
from django import template

from marketplace.accounts.selectors import addresses_to_claim as _addresses_to_claim

register = template.Library()


@register.simple_tag(takes_context=True)
def addresses_to_claim(context) -> list[str]:
    """The signed-in user's verified addresses that still have guest purchases to link."""
    return _addresses_to_claim(user=context["request"].user)
