from wagtail import hooks

from core.document_serving import refuse_documents_of_hidden_pages
from core.page_cache import tag_request

hooks.register("before_serve_document", refuse_documents_of_hidden_pages)
hooks.register("before_serve_page", tag_request)
