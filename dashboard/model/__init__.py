"""View models: what a callback sends, computed from the dataset served (dash-free, pure).

Each function turns loaded frames into plain values (numbers, strings, dicts, small
dataclasses) that a component builder of :mod:`dashboard.components` renders. Nothing here
imports dash, reads files or changes its inputs. One module per concern:

- :mod:`~dashboard.model.classify`: class breaks, palettes, ranks within the parent area;
- :mod:`~dashboard.model.choropleth`: an indicator classified over a view, the map's ``hideout``;
- :mod:`~dashboard.model.legend`, :mod:`~dashboard.model.reasons`: the legend, why data is missing;
- :mod:`~dashboard.model.table`: the table's one filter-and-sort pipeline, its pages and CSV;
- :mod:`~dashboard.model.profile`: the desa profile;
- :mod:`~dashboard.model.routes`: where a path takes the map, the tab that opens, the breadcrumb;
- :mod:`~dashboard.model.page`: the indicator menu, title and footer of the dataset;
- :mod:`~dashboard.model.map_style`: what the map paints for the controls;
- :mod:`~dashboard.model.ranking`, :mod:`~dashboard.model.rank_map`,
  :mod:`~dashboard.model.rank_lists`, :mod:`~dashboard.model.targeting`,
  :mod:`~dashboard.model.export`: the ranking tab's state, map, lists and XLSX;
- :mod:`~dashboard.model.cache`: answers kept between requests;
- :mod:`~dashboard.model.impor`: the import page's service.
"""

from dashboard.model.cache import Computed, Memo
from dashboard.model.choropleth import (NODATA_FILL, Choropleth, Selection, choose, choropleth,
                                        hideout, select, short_number, unit_of)
from dashboard.model.export import (RankingFile, ranking_download, ranking_file,
                                    ranking_filename, ranking_xlsx)
from dashboard.model.legend import Legend, LegendEntry, class_label, legend
from dashboard.model.map_style import MapStyle, map_mode, map_style
from dashboard.model.page import DatasetText, dataset_text, indicator_menu, indicator_options
from dashboard.model.profile import (PROFILE_GROUPS, Profile, ProfileRow, ProfileSection,
                                     path_profile, profile)
from dashboard.model.rank_lists import (RankPanel, RankSummary, RankTab, TargetingList, Why,
                                        rank_panel, rank_rows, rank_summary, rank_tab,
                                        unranked_groups, why)
from dashboard.model.rank_map import (empty_rank_hideout, rank_hideout, rank_legend, rank_map,
                                      tier_label)
from dashboard.model.ranking import (RANK_VIEWS, TARGETING_SORTS, TIER_COLORS, TOP_CHOICES,
                                     WEIGHT_MAX, RankControls, RankDefaults, RankState,
                                     WeightRow, addable_indicators, controls_state,
                                     default_notes, indicator_label, rank_area, rank_controls,
                                     rank_defaults, rank_spec, ranking_frame, read_rank_state,
                                     read_weights, weight_rows, weight_shares)
from dashboard.model.reasons import (code_reason, empty_reason, is_missing, missing_reasons,
                                     reason_label)
from dashboard.model.routes import (LEGEND_ROOM, RANK_TAB, Navigation, Route, Trail, area_name,
                                    breadcrumb, desa_path, navigate, route, trail)
from dashboard.model.table import (SORT_COLUMNS, CsvFile, RowFilter, TablePage, TableView,
                                   csv_text, paginate, parse_filter, sorted_rows, table_csv,
                                   table_download, table_page, table_rows, table_view)
from dashboard.model.targeting import (TARGETING_BASES, TARGETING_COLUMNS, targeting,
                                       targeting_column, targeting_reason)

__all__ = [
    "Choropleth", "Computed", "CsvFile", "DatasetText", "LEGEND_ROOM", "Legend", "LegendEntry",
    "MapStyle", "Memo", "NODATA_FILL", "Navigation", "PROFILE_GROUPS", "Profile", "ProfileRow",
    "ProfileSection", "RANK_TAB", "RANK_VIEWS", "RankControls", "RankDefaults", "RankPanel",
    "RankState", "RankSummary", "RankTab", "RankingFile", "Route", "RowFilter", "SORT_COLUMNS",
    "Selection", "TARGETING_BASES", "TARGETING_COLUMNS", "TARGETING_SORTS", "TIER_COLORS",
    "TOP_CHOICES",
    "TablePage", "TableView", "TargetingList", "Trail", "WEIGHT_MAX", "WeightRow", "Why",
    "addable_indicators", "area_name", "breadcrumb", "choose", "choropleth", "class_label",
    "code_reason", "controls_state", "csv_text", "dataset_text", "default_notes", "desa_path",
    "empty_rank_hideout", "empty_reason", "hideout", "indicator_label", "indicator_menu",
    "indicator_options", "is_missing", "legend", "map_mode", "map_style", "missing_reasons",
    "navigate", "paginate", "parse_filter", "path_profile", "profile", "rank_area",
    "rank_controls", "rank_defaults", "rank_hideout", "rank_legend", "rank_map", "rank_panel",
    "rank_rows", "rank_spec", "rank_summary", "rank_tab", "ranking_download", "ranking_file",
    "ranking_filename", "ranking_frame", "ranking_xlsx", "read_rank_state", "read_weights",
    "reason_label", "route", "select", "short_number", "sorted_rows", "table_csv",
    "table_download", "table_page", "table_rows", "table_view", "targeting",
    "targeting_column", "targeting_reason", "tier_label", "trail", "unit_of", "unranked_groups",
    "weight_rows", "weight_shares", "why",
]
