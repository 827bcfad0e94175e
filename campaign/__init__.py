"""The campaign-reporting domain: config, normalising, matching, status, metrics, exports.

Pure pandas: this package never imports streamlit or gspread and never reads secrets.
"""
