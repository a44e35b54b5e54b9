"""StreamField blocks shared by every page type."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Tiêu đề"))
    level = blocks.ChoiceBlock(choices=[("h2", "H2"), ("h3", "H3")], default="h2", label=_("Cấp"))

    class Meta:
        icon = "title"
        template = "components/heading_block.html"


class QuickLinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Nhãn"))
    description = blocks.CharBlock(required=False, label=_("Mô tả"))
    page = blocks.PageChooserBlock(required=False, label=_("Trang"))
    url = blocks.CharBlock(required=False, label=_("Hoặc địa chỉ"), help_text=_("Ví dụ /thu-tuc/"))

    class Meta:
        icon = "link"


class QuickLinksBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, label=_("Tiêu đề"))
    links = blocks.ListBlock(QuickLinkBlock(), label=_("Liên kết"))

    class Meta:
        icon = "list-ul"
        template = "components/quick_links_block.html"


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Tiêu đề"))
    text = blocks.RichTextBlock(features=["bold", "italic", "link"], label=_("Nội dung"))

    class Meta:
        icon = "pick"
        template = "components/callout_block.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul", "h3"], label=_("Đoạn văn"), icon="pilcrow"
    )
    quick_links = QuickLinksBlock()
    callout = CalloutBlock()
