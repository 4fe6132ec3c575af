"""Component ids, in one place (callbacks and browser tests refer to these names)."""

LOCATION = "pd-location"
LANG = "pd-lang"
INDICATOR = "pd-indicator"
SCHEME = "pd-scheme"
K = "pd-k"
UNIT = "pd-unit"

MAP = "pd-map"
CHOROPLETH = "pd-choropleth"
CONTEXT = "pd-context"
GEO_URL = "pd-geo-url"
STYLE = "pd-style"
CONTEXT_GEO = "pd-context-geo"
TILES = "pd-tiles"
LEGEND = "pd-legend"
HOVER = "pd-hover"
BREADCRUMB = "pd-breadcrumb"
TITLE = "pd-title"
NOTICE = "pd-notice"

TABS = "pd-tabs"
TAB_TABLE = "pd-tab-table"
TAB_PROFILE = "pd-tab-profile"
FOOTER = "pd-footer"
LOCALES = "pd-locales"
TABLE = "pd-table"
TABLE_BODY = "pd-table-body"
TABLE_HEAD_VALUE = "pd-table-head-value"
TABLE_HEAD_PARENT = "pd-table-head-parent"
TABLE_FILTER = "pd-table-filter"
TABLE_SORT = "pd-table-sort"
TABLE_PAGE = "pd-table-page"
TABLE_PREV = "pd-table-prev"
TABLE_NEXT = "pd-table-next"
TABLE_PAGER = "pd-table-pager"
DOWNLOAD_BUTTON = "pd-download-button"
DOWNLOAD = "pd-download"
PROFILE = "pd-profile"


def sort_button(column: str) -> dict:
    """Id of a table header button that sorts by ``column``."""
    return {"type": "pd-sort", "col": column}


def sort_arrow(column: str) -> dict:
    """Id of the arrow that shows the sort direction of ``column``."""
    return {"type": "pd-sort-arrow", "col": column}


def row(kode: str) -> dict:
    """Id of a table row (a click opens the area)."""
    return {"type": "pd-row", "kode": kode}


def text(key: str) -> dict:
    """Id of an element whose text is the locale label ``key`` (switched in the browser)."""
    return {"type": "pd-t", "key": key}
