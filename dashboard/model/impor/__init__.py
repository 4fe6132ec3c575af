"""The import page's pure helper layer (no dash): uploads held in memory
(:mod:`~dashboard.model.impor.uploads`), builds in threads (:mod:`~dashboard.model.impor.jobs`),
name decisions (:mod:`~dashboard.model.impor.review`) and the service the page's callbacks call
(:mod:`~dashboard.model.impor.service`).
"""

from dashboard.model.impor.jobs import Jobs
from dashboard.model.impor.review import NOT_IN_AREA, choices_from
from dashboard.model.impor.service import ImportDisabled, ImportService, open_store
from dashboard.model.impor.uploads import (PendingFile, PendingUploads, summary, upload_pairs,
                                           valid_period)

__all__ = ["ImportDisabled", "ImportService", "Jobs", "NOT_IN_AREA", "PendingFile",
           "PendingUploads", "choices_from", "open_store", "summary", "upload_pairs",
           "valid_period"]
