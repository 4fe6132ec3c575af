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
TABLE_HEAD_RANK = "pd-table-head-rank"
TABLE_FILTER = "pd-table-filter"
TABLE_SORT = "pd-table-sort"
TABLE_PAGE = "pd-table-page"
TABLE_PREV = "pd-table-prev"
TABLE_NEXT = "pd-table-next"
TABLE_PAGER = "pd-table-pager"
DOWNLOAD_BUTTON = "pd-download-button"
DOWNLOAD_XLSX_BUTTON = "pd-download-xlsx-button"
DOWNLOAD = "pd-download"
REPORT_PNG_BUTTON = "pd-report-png-button"
REPORT_PDF_BUTTON = "pd-report-pdf-button"
REPORT_DOWNLOAD = "pd-report-download"
PROFILE = "pd-profile"
#: the header link to the import page
IMPORT_LINK = "pd-import-link"
SEARCH = "pd-search"
SEARCH_RESULTS = "pd-search-results"
PRESENT_LINK = "pd-present-link"


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


class PatternId:
    """Ids of one kind of repeated component, for pattern-matching callbacks:
    ``PatternId("imp-remove", "key")("f1")`` is ``{"type": "imp-remove", "key": "f1"}`` (and
    ``...(ALL)`` matches every one)."""

    def __init__(self, type_: str, field: str):
        self.type = type_
        self.field = field

    def __call__(self, value) -> dict:
        return {"type": self.type, self.field: value}


# ---- the ranking tab ------------------------------------------------------------------------

TAB_RANK = "pd-tab-rank"
RANK_VIEW = "pd-rank-view"
#: what the controls hold: {"w": "a=1,b=0", "n": "minmax", "kel": false}
RANK_STATE = "pd-rank-state"
#: what the URL hash asked for (written by the browser when a link or the back button sets it)
RANK_HASH = "pd-rank-hash"
#: the desa whose "why" is shown (a click on the map or in a list)
RANK_SEL = "pd-rank-sel"
RANK_WRAP = "pd-rank"
RANK_CONTROLS = "pd-rank-controls"
RANK_ADD = "pd-rank-add"
RANK_RESET = "pd-rank-reset"
RANK_TOP = "pd-rank-top"
RANK_SORT = "pd-rank-sort"
RANK_NOTICE = "pd-rank-notice"
RANK_BODY = "pd-rank-body"
RANK_XLSX_BUTTON = "pd-rank-xlsx-button"
RANK_XLSX = "pd-rank-xlsx"


def weight(kolom: str) -> dict:
    """Id of the weight slider of ``kolom``."""
    return {"type": "pd-w", "col": kolom}


def weight_share(kolom: str) -> dict:
    """Id of the text showing ``kolom``'s share of the total weight."""
    return {"type": "pd-w-share", "col": kolom}


def option(name: str) -> dict:
    """Id of a rendered option control (``norm`` or ``kel``)."""
    return {"type": "pd-rank-opt", "name": name}


def rank_row(kode: str) -> dict:
    """Id of a row of a ranking list (a click shows why that desa ranks there)."""
    return {"type": "pd-rank-row", "kode": kode}
