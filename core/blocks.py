"""StreamField blocks shared by every page type. Each has a template, a description
and a preview so editors see what they are choosing in the admin."""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "document-link", "ol", "ul"]


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        template = "components/blocks/paragraph.html"
        description = "Text with headings, lists and links."
        preview_value = (
            "<h2>What is radical kindness?</h2><p>Acts that intentionally build bridges "
            "across differences.</p>"
        )


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(
        max_length=120, help_text="A section heading (shown as a level-2 heading)."
    )
    anchor = blocks.CharBlock(
        required=False,
        max_length=60,
        help_text="Optional: a short id so other pages can link to this section, e.g. 'week'.",
    )

    class Meta:
        icon = "title"
        template = "components/blocks/heading.html"
        description = "A level-2 section heading."
        preview_value = {"text": "Radical Kindness Week", "anchor": "week"}


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(help_text="The words quoted, without quotation marks.")
    attribution = blocks.CharBlock(required=False, max_length=200, help_text="Who said it.")

    class Meta:
        icon = "openquote"
        template = "components/blocks/quote.html"
        description = "A pull quote with an optional attribution."
        preview_value = {
            "quote": "Kindness is a superpower.",
            "attribution": "",
        }


class CallToActionBlock(blocks.StructBlock):
    """A prominent link: to a page on this site or to a URL elsewhere, never both."""

    heading = blocks.CharBlock(max_length=120, help_text="A short title for the panel.")
    text = blocks.TextBlock(required=False, help_text="Optional: one or two sentences.")
    link_text = blocks.CharBlock(max_length=60, help_text="The words on the button.")
    page = blocks.PageChooserBlock(required=False, help_text="A page on this site…")
    url = blocks.URLBlock(required=False, help_text="…or an address elsewhere.")

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            message = "Choose a page or enter an address, not both and not neither."
            raise StructBlockValidationError(
                block_errors={"page": ValidationError(message), "url": ValidationError(message)}
            )
        return value

    class Meta:
        icon = "link"
        template = "components/blocks/call_to_action.html"
        description = "A highlighted panel with one link."
        preview_value = {
            "heading": "Read the paper",
            "text": "The ten conditions radical kindness needs to thrive.",
            "link_text": "Read it",
            "url": "https://example.org/",
        }


class FigureBlock(blocks.StructBlock):
    image = ImageBlock(
        help_text="Describe the image for people who cannot see it, or tick 'decorative'."
    )
    caption = blocks.CharBlock(
        required=False, max_length=250, help_text="Optional: shown under the image for everyone."
    )

    class Meta:
        icon = "image"
        template = "components/blocks/figure.html"
        description = "An image with an optional caption."


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    figure = FigureBlock()
