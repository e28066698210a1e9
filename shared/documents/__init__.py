"""Official documents: the register (numbering, hashing, storage model) and the regency's
`documents.yaml` part (offices, signers, numbering pattern). Services render; this registers."""
from .numbering import check_pattern, document_number
from .profile import DocumentsPart, Kind, Office, Signer, documents_profile
from .register import (
    DocumentColumns,
    Rendered,
    Stamp,
    create_documents_table,
    document_table_args,
    issue_once,
    register_item,
    stored_content,
)

__all__ = ["DocumentColumns", "DocumentsPart", "Kind", "Office", "Rendered", "Signer", "Stamp", "check_pattern",
           "create_documents_table", "document_number", "document_table_args", "documents_profile", "issue_once",
           "register_item", "stored_content"]
