"""``{% fragment "name" part … %}…{% endfragment %}``: a template part rendered once per generation.

The block's output is kept by :func:`core.fragments.fragment` under its name and the parts
given (everything the block shows besides the data), for anonymous visitors only; for
anyone else it is rendered each time. Never put a CSRF token or a nonce inside.
"""

from __future__ import annotations

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token

from core.fragments import fragment

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist: NodeList, name: FilterExpression, parts: list[FilterExpression]) -> None:
        self.nodelist = nodelist
        self.name = name
        self.parts = parts

    def render(self, context: template.Context) -> str:
        request = context.get("request")
        name = str(self.name.resolve(context))
        parts = [part.resolve(context) for part in self.parts]
        # The block renders to a SafeString, and the cache keeps its class.
        return fragment(request, f"template:{name}", parts, lambda: self.nodelist.render(context))


@register.tag("fragment")
def do_fragment(parser: Parser, token: Token) -> FragmentNode:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs a name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]]
    )
