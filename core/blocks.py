from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h2", "h3", "blockquote"]


class FigureBlock(blocks.StructBlock):
    """A photo with caption and credit. Empty fields fall back to the image's own."""

    image = ImageChooserBlock(label="Ảnh")
    caption = blocks.CharBlock(label="Chú thích", required=False, help_text="Để trống để dùng chú thích của ảnh.")
    credit = blocks.CharBlock(
        label="Tác giả ảnh", required=False, help_text='Ví dụ: "Anh Dũng/TTXVN". Để trống để dùng của ảnh.'
    )

    class Meta:
        icon = "image"
        label = "Ảnh"
        template = "components/blocks/figure.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label="Trích dẫn")
    attribution = blocks.CharBlock(label="Người nói", required=False)

    class Meta:
        icon = "openquote"
        label = "Trích dẫn"
        template = "components/blocks/quote.html"


class GalleryBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="Tiêu đề", required=False)
    images = blocks.ListBlock(FigureBlock(), label="Các ảnh", min_num=2)

    class Meta:
        icon = "image"
        label = "Bộ ảnh"
        template = "components/blocks/gallery.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label="Đoạn văn", icon="pilcrow")
    image = FigureBlock()
    quote = QuoteBlock()
    embed = EmbedBlock(label="Nhúng (YouTube, Facebook…)", icon="media", template="components/blocks/embed.html")
    gallery = GalleryBlock()
