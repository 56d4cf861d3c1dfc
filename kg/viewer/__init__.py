"""Looking at the graph: an offline page to explore it, and a static report with charts.

``view_data`` turns a dataset into the viewer's data (entities, facts, evidence, articles, a
layout); ``render_html`` puts that data, the script and the style into one page that needs no
network (scripts and styles are package data in ``kg/viewer/static/``). ``report_data`` counts
what the report shows and ``render_report`` draws it with matplotlib, an optional dependency.
"""

from kg.viewer.data import ViewArticle, ViewData, ViewEdge, ViewEvidence, ViewNode, view_data
from kg.viewer.page import render_html, script_json, write_view
from kg.viewer.report import ReportData, render_report, report_data, write_report

__all__ = ["ReportData", "ViewArticle", "ViewData", "ViewEdge", "ViewEvidence", "ViewNode", "render_html",
           "render_report", "report_data", "script_json", "view_data", "write_report", "write_view"]
