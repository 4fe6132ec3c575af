"""Component ids of the import page (callbacks and browser tests refer to these names)."""

from dashboard.ids import PatternId

LOCATION = "imp-location"
LANG = "imp-lang"
AREA = "imp-area"
CLIENT = "imp-client"
FILES_STAMP = "imp-files-stamp"
REPORT_STAMP = "imp-report-stamp"
VERSIONS_STAMP = "imp-versions-stamp"

BOUNDARY_UPLOAD = "imp-boundary-upload"
HOUSEHOLDS_UPLOAD = "imp-households-upload"
FILES = "imp-files"
PERIOD = "imp-period"
BUILD = "imp-build"
BUILD_NOTE = "imp-build-note"
BUILD_HINT = "imp-build-hint"
LIMIT = "imp-limit"
PROGRESS = "imp-progress"
POLL = "imp-poll"

CHECK = "imp-check"
REVIEW = "imp-review"
RESOLVE = "imp-resolve"
RESOLVE_NOTE = "imp-resolve-note"
REJECTED_BUTTON = "imp-rejected-button"
REJECTED_DOWNLOAD = "imp-rejected-download"

PUBLISH_SECTION = "imp-publish-section"
PUBLISH = "imp-publish"
DISCARD = "imp-discard"
PUBLISH_NOTE = "imp-publish-note"
PUBLISH_INFO = "imp-publish-info"

VERSIONS = "imp-versions"
VERSIONS_NOTE = "imp-versions-note"
VERSIONS_INFO = "imp-versions-info"


#: an element whose text is the locale label ``key`` (switched with the language)
text = PatternId("imp-t", "key")
#: the button that removes one upload (``key``)
remove = PatternId("imp-remove", "key")
#: the radio list of one name to review (``kunci`` of the check report)
choice = PatternId("imp-choice", "kunci")
#: the button that serves a version
switch = PatternId("imp-switch", "version")
#: the (confirmed) button that deletes a version
delete = PatternId("imp-delete", "version")
