#!/usr/bin/env python3
"""Writes tests/fixtures/sheets/observations.xls, the legacy Excel (BIFF8) file that
tests/import.rs reads. No Rust crate writes .xls, so this one file is made with the Python
package xlwt (`pip install xlwt`) and committed; run again only to change it.

Illustrative values for the demonstration site (tests/fixtures/demo): one new value, with a
date cell for the release date, Chinese headers and a Chinese indicator name."""
import datetime
import pathlib

import xlwt

out = pathlib.Path(__file__).resolve().parent.parent / "tests/fixtures/sheets/observations.xls"
book = xlwt.Workbook(encoding="utf-8")
sheet = book.add_sheet("指标")
headers = ["指标", "年份", "数值", "单位", "数值性质", "出处", "发布机构", "发布日期", "网址"]
for c, h in enumerate(headers):
    sheet.write(0, c, h)
date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
row = ["示例专利数量", 2025, 130, "件", "初步数", "示例知识产权快报2025", "示例市场监管局"]
for c, v in enumerate(row):
    sheet.write(1, c, v)
sheet.write(1, 7, datetime.date(2026, 2, 14), date_style)
book.save(str(out))
print(out)
