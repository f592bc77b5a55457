"""A saved chart's query for Superset's chart-data API, built from its params as Superset's frontend does.

The bundle's charts carry no query_context (the frontend builds it from the chart's params when a
dashboard renders), so the tests build the same request for the viz types the bundle uses: the
ECharts time-series charts (an x axis, metrics, series) and the table in aggregate and raw mode.
"""

import json

NO_FILTER = "No filter"


def filters(params):
    """The chart's simple adhoc filters as the API's filter clauses (the time range one included)."""
    clauses = []
    for adhoc in params.get("adhoc_filters", []):
        assert adhoc["expressionType"] == "SIMPLE", f"a SQL adhoc filter is not built here: {adhoc}"
        clauses.append({"col": adhoc["subject"], "op": adhoc["operator"],
                        "val": adhoc.get("comparator", NO_FILTER)})
    return clauses


def x_axis_column(params, temporal):
    """The base axis of a time-series chart: a time grain on a date axis, none on a numeric one."""
    column = {"columnType": "BASE_AXIS", "expressionType": "SQL", "label": params["x_axis"],
              "sqlExpression": params["x_axis"]}
    if temporal and params.get("time_grain_sqla"):
        column["timeGrain"] = params["time_grain_sqla"]
    return column


def query_object(params, temporal_columns):
    """The one query of a chart of the bundle's viz types."""
    viz = params["viz_type"]
    query = {"filters": filters(params), "extras": {"having": "", "where": ""}, "applied_time_extras": {},
             "row_limit": params.get("row_limit", 10000), "time_range": params.get("time_range", NO_FILTER),
             "order_desc": params.get("order_desc", True), "annotation_layers": [], "url_params": {},
             "custom_params": {}, "custom_form_data": {}}
    if viz.startswith("echarts_timeseries"):
        query["columns"] = [x_axis_column(params, params["x_axis"] in temporal_columns)] + params.get("groupby", [])
        query["series_columns"] = params.get("groupby", [])
        query["metrics"] = params["metrics"]
        query["orderby"] = [[params["metrics"][0], False]]
    elif viz == "table" and params.get("query_mode") == "raw":
        query["columns"] = params["all_columns"]
        query["metrics"] = []
        query["orderby"] = [json.loads(order) for order in params.get("order_by_cols", [])]
    elif viz == "table":
        query["columns"] = params["groupby"]
        query["metrics"] = params["metrics"]
        sort_by = params.get("timeseries_limit_metric") or params["metrics"][0]
        query["orderby"] = [[sort_by, not params.get("order_desc", True)]]
    else:
        raise AssertionError(f"viz type {viz} is not built here; add it to chart_queries.py")
    return query


def chart_data_request(params, dataset_id, temporal_columns):
    """The body of POST /api/v1/chart/data for a chart with these params on this dataset."""
    return {"datasource": {"id": dataset_id, "type": "table"}, "force": True, "form_data": params,
            "queries": [query_object(params, temporal_columns)], "result_format": "json", "result_type": "full"}
