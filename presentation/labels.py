"""Every word the dashboard shows, in Vietnamese and English (the colours are in presentation/colours.py)."""

from __future__ import annotations

from campaign.bilingual import LANGS as LANGS  # the languages, Vietnamese first (re-exported for pages)
from campaign.bilingual import Bilingual

LANG_NAMES = {"vi": "Tiếng Việt", "en": "English"}

# key: (Vietnamese, English); read as one Bilingual each (TEXT below).
_TEXT: dict[str, tuple[str, str]] = {
    # App frame and sidebar
    "app_title": ("Báo cáo chiến dịch", "Campaign reports"),  # before the campaign's config is read (its name then)
    "language": ("Ngôn ngữ / Language", "Ngôn ngữ / Language"),
    "source": ("Nguồn dữ liệu", "Data source"),
    "source_sheet": ("Google Sheet", "Google Sheet"),
    "source_upload": ("Tệp tải lên (CSV/XLSX)", "Uploaded file (CSV/XLSX)"),
    "source_demo": ("Dữ liệu mẫu", "Demo data"),
    "upload_responses": ("Bảng câu trả lời (CSV hoặc XLSX)", "Response sheet (CSV or XLSX)"),
    "upload_roster": ("Danh sách đơn vị (không bắt buộc)", "Roster of agencies (optional)"),
    "upload_hint": (
        "Chọn tệp câu trả lời tải về từ Google Sheet; trong lúc chờ, trang hiển thị dữ liệu mẫu.",
        "Choose the response file downloaded from the Google Sheet; until then the demo data is shown.",
    ),
    "data_as_of": ("Dữ liệu lúc {time} ngày {date}", "Data as of {time} on {date}"),
    "refresh": ("Tải lại dữ liệu", "Refresh data"),
    "status_date": ("Trạng thái tính đến ngày", "Status as of (date)"),
    "status_time": ("lúc", "at"),
    "status_help": (
        "Mặc định là hiện tại; với đợt đã kết thúc đây là kết quả cuối cùng.",
        "Now by default; for a closed campaign this is the final state.",
    ),
    "groups": ("Nhóm đơn vị", "Groups of agencies"),
    "groups_all": ("Tất cả các nhóm", "All groups"),
    "demo_banner": (
        "Dữ liệu mẫu / Demo data — số liệu minh họa, không phải báo cáo thật.",
        "Dữ liệu mẫu / Demo data — invented figures, not real reports.",
    ),
    "read_failed": ("Không đọc được nguồn dữ liệu:", "The data source could not be read:"),
    "moment_throttled": (
        "Bạn đã chọn nhiều thời điểm khác nhau trong một phút: mỗi lần là một lần tính lại toàn bộ. Đang hiển thị số "
        "liệu hiện tại; hãy chọn lại sau {seconds} giây.",
        "You chose many different moments within a minute, each a full recalculation. Showing the current figures; "
        "choose again in {seconds} seconds.",
    ),
    "stale": (
        "Dữ liệu cũ từ {time} ngày {date}: đang hiển thị lần đọc thành công gần nhất.",
        "Stale since {time} on {date}: showing the last data read successfully.",
    ),
    "no_data": (
        "Chưa có dữ liệu để hiển thị. Hãy sửa lỗi trên rồi bấm «Tải lại dữ liệu».",
        "No data to show yet. Fix the error above, then press “Refresh data”.",
    ),
    "config_error": ("Tệp cấu hình campaign.toml có lỗi:", "The campaign.toml config file has an error:"),
    "unexpected_error": (
        "{source}: lỗi khi đọc ({kind}, mã lỗi {error_id}); hãy bấm «Tải lại dữ liệu» sau ít phút",
        "{source}: error while reading ({kind}, error id {error_id}); press “Refresh data” in a few minutes",
    ),
    "unexpected_page_error": (
        "Rất tiếc, trang gặp lỗi ngoài dự kiến (mã lỗi {error_id}). Hãy tải lại trang; nếu vẫn lỗi, hãy báo mã lỗi "
        "này cho quản trị viên. / Sorry, the page met an unexpected error (error id {error_id}). Reload the page; if "
        "it happens again, give this error id to the administrator.",
        "Sorry, the page met an unexpected error (error id {error_id}). Reload the page; if it happens again, give "
        "this error id to the administrator. / Rất tiếc, trang gặp lỗi ngoài dự kiến (mã lỗi {error_id}). Hãy tải "
        "lại trang; nếu vẫn lỗi, hãy báo mã lỗi này cho quản trị viên.",
    ),
    "access_broken": (
        "Bảng điều khiển tạm đóng: thiết lập truy cập của máy chủ có lỗi ({reason}). Quản trị viên: hãy sửa "
        "`.streamlit/secrets.toml` (xem mục «Access» của README) rồi khởi động lại ứng dụng. / The dashboard is closed: "
        "the server's access settings are broken ({reason_en}). Administrator: fix `.streamlit/secrets.toml` "
        '(README, "Access") and restart the app.',
        "The dashboard is closed: the server's access settings are broken ({reason_en}). Administrator: fix "
        '`.streamlit/secrets.toml` (README, "Access") and restart the app. / Bảng điều khiển tạm đóng: thiết lập truy '
        "cập của máy chủ có lỗi ({reason}). Quản trị viên: hãy sửa `.streamlit/secrets.toml` (xem mục «Access» của "
        "README) rồi khởi động lại ứng dụng.",
    ),
    # The coordinator's list of what the campaign's config lacks (dashboard/readiness.py, campaign/readiness.py)
    "setup_title": ("Chuẩn bị chiến dịch: {n} mục", "Campaign setup: {n} items"),
    "setup_wrong": ("Sai, phải sửa", "Wrong, to fix"),
    "setup_to_fill": ("Còn phải điền", "Still to fill in"),
    "setup_ready": ("Cấu hình chiến dịch đã sẵn sàng.", "The campaign's config is ready."),
    "setup_help": (
        "Sửa tệp cấu hình (campaign.toml) rồi chạy `python -m campaign check-config` để kiểm tra lại; xem README, mục "
        "«A new campaign».",
        "Edit the config (campaign.toml), then run `python -m campaign check-config` to check again; see README, "
        "“A new campaign”.",
    ),
    # Access
    "sign_in_title": ("Đăng nhập", "Sign in"),
    "sign_in": ("Đăng nhập", "Sign in"),
    "sign_out": ("Đăng xuất", "Sign out"),
    "sign_in_oidc_intro": (
        "Bảng điều khiển có thông tin cá nhân và số liệu chưa công bố: hãy đăng nhập bằng tài khoản công vụ.",
        "The dashboard holds personal data and unpublished figures: sign in with your work account.",
    ),
    "sign_in_password_intro": (
        "Bảng điều khiển có thông tin cá nhân và số liệu chưa công bố: hãy nhập mật khẩu được cấp.",
        "The dashboard holds personal data and unpublished figures: enter the password you were given.",
    ),
    "password": ("Mật khẩu", "Password"),
    "wrong_password": (
        "Sai mật khẩu. Có thể thử lại sau {seconds} giây (lúc {time}).",
        "Wrong password. You may try again in {seconds} seconds (at {time}).",
    ),
    "password_throttled": (
        "Đã có quá nhiều lần thử mật khẩu; lần thử này không được kiểm tra. Hãy thử lại sau {seconds} giây (lúc {time}).",
        "Too many password tries; this one was not checked. Try again in {seconds} seconds (at {time}).",
    ),
    "not_allowed": (
        "Tài khoản {email} chưa được cấp quyền xem bảng điều khiển này. Hãy đăng xuất và đăng nhập bằng tài khoản "
        "khác, hoặc đề nghị người quản trị thêm địa chỉ vào danh sách được phép.",
        "The account {email} may not view this dashboard. Sign out and sign in with another account, or ask the "
        "administrator to add the address to the allow-list.",
    ),
    "email_unverified": (
        "Địa chỉ {email} chưa được nhà cung cấp tài khoản xác minh, nên không được dùng để đăng nhập.",
        "The identity provider has not verified the address {email}, so it cannot be used to sign in.",
    ),
    "role_line": ("Vai trò: **{role}**", "Role: **{role}**"),
    "role_coordinator": ("Điều phối viên", "Coordinator"),
    "role_leader": ("Lãnh đạo", "Leader"),
    "role_open": (
        "Chưa thiết lập đăng nhập: chỉ dữ liệu mẫu và tệp bạn tải lên.",
        "No sign-in set up: only the demo data and files you upload.",
    ),
    "role_public": ("Công khai: không cần đăng nhập.", "Public: no sign-in."),
    "public_banner": (
        "Bảng điều khiển này đang CÔNG KHAI (allow_anonymous = true): ai có địa chỉ trang đều xem được số liệu. "
        "Thông tin cá nhân được ẩn.",
        "This dashboard is PUBLIC (allow_anonymous = true): anyone with its address sees the figures. "
        "Personal details are hidden.",
    ),
    "sheet_refused": (
        "Đã cấu hình bảng tính thật trong secrets nhưng chưa thiết lập đăng nhập, nên bảng tính không được mở "
        "(ai biết địa chỉ trang cũng sẽ xem được thông tin cá nhân). Hãy thêm mục `[auth]` hoặc `password_hash` vào "
        "`.streamlit/secrets.toml` như hướng dẫn ở mục «Access» của README, rồi khởi động lại ứng dụng.",
        "A real sheet is configured in secrets but no sign-in is set up, so the sheet is not opened (anyone who "
        "knows the page's address would see personal data). Add an `[auth]` block or a `password_hash` to "
        '`.streamlit/secrets.toml` as README\'s "Access" section says, then restart the app.',
    ),
    "upload_limit": ("Tối đa {mb} MB mỗi tệp.", "At most {mb} MB per file."),
    # Pages
    "page_overview": ("Tổng quan", "Overview"),
    "page_followup": ("Đôn đốc", "Follow-up"),
    "page_submissions": ("Báo cáo đã gửi", "Submissions"),
    "page_quality": ("Chất lượng dữ liệu", "Data quality"),
    "page_export": ("Xuất dữ liệu", "Export"),
    # Overview
    # The moment (#13): "now" while the campaign is open, the final picture once it has closed.
    "headline": (
        "Tính đến {time} ngày {date}, {reported}/{expected} đơn vị ({rate}) đã báo cáo{late}; {missing}.",
        "As of {time} on {date}, {reported}/{expected} agencies ({rate}) had reported{late}; {missing}.",
    ),
    "headline_final": (
        "Kết quả đợt báo cáo: {reported}/{expected} đơn vị ({rate}) đã báo cáo{late}; {missing}.",
        "Result of the reporting round: {reported}/{expected} agencies ({rate}) reported{late}; {missing}.",
    ),
    # The same with the chosen groups first: a screenshot forwarded alone still says what it counts (#26).
    "headline_groups": (
        "{groups} — tính đến {time} ngày {date}: {reported}/{expected} đơn vị ({rate}) đã báo cáo{late}; {missing}.",
        "{groups} — as of {time} on {date}: {reported}/{expected} agencies ({rate}) had reported{late}; {missing}.",
    ),
    "headline_final_groups": (
        "{groups} — kết quả đợt báo cáo: {reported}/{expected} đơn vị ({rate}) đã báo cáo{late}; {missing}.",
        "{groups} — result of the reporting round: {reported}/{expected} agencies ({rate}) reported{late}; {missing}.",
    ),
    "figures_read_at": ("Số liệu lúc {time} ngày {date}", "Figures as read at {time} on {date}"),
    "headline_late": (", trong đó {n} đơn vị trễ hạn", ", {n} of them late"),
    "headline_late_none": (", không có đơn vị nào trễ hạn", ", none of them late"),
    "headline_missing": ("{n} đơn vị chưa báo cáo", "{n} had not reported"),
    "headline_missing_none": ("không còn đơn vị nào chưa báo cáo", "every agency had reported"),
    "deadline_state": (
        "Đến hạn {date} ({time}): {on_time}/{expected} đơn vị ({rate}) đã báo cáo đúng hạn.",
        "By the deadline, {date} ({time}): {on_time}/{expected} agencies ({rate}) had reported on time.",
    ),
    "tile_expected": ("Đơn vị phải báo cáo", "Agencies expected"),
    "tile_reported": ("Đã báo cáo", "Reported"),
    "tile_on_time": ("Đúng hạn", "On time"),
    "tile_late": ("Trễ hạn", "Late"),
    "tile_missing": ("Chưa báo cáo", "Missing"),
    "tile_rate": ("Tỷ lệ báo cáo", "Reporting rate"),
    "tile_deadline": ("Hạn chót", "Deadline"),
    "deadline_today": ("hôm nay, {time}", "today, {time}"),
    "deadline_tomorrow": ("ngày mai, {time}", "tomorrow, {time}"),
    "deadline_in_days": ("còn {n} ngày", "{n} days left"),
    "status_now": ("Hiện tại", "Now"),
    "status_now_help": (
        "Để trống ngày: trạng thái hiện tại khi đợt còn mở, kết quả cuối cùng khi đã hết hạn. "
        "Chọn một ngày để xem trạng thái lúc đó (liên kết của trang giữ lựa chọn này).",
        "Leave the date empty: the state now while the campaign is open, the final result once it has closed. "
        "Pick a day to see the state then (the page's link keeps the choice).",
    ),
    "live": ("Bảng trực tiếp (tự cập nhật)", "Live board (updates itself)"),
    "live_help": (
        "Trang Tổng quan tự tải lại mỗi {seconds} giây (dữ liệu được đọc một lần cho mọi người xem). "
        "Địa chỉ có ?live=1 mở thẳng chế độ này, ví dụ cho màn hình lớn.",
        "The Overview reloads itself every {seconds} seconds (the data is read once for every viewer). "
        "An address with ?live=1 opens in this mode, e.g. on a TV screen.",
    ),
    "just_reported": ("Vừa báo cáo (từ {time} ngày {date})", "Just reported (since {time} on {date})"),
    "just_reported_none": (
        "Chưa có đơn vị nào báo cáo thêm từ {time} ngày {date}.",
        "No agency has reported since {time} on {date}.",
    ),
    "reported_at": ("lúc {time} ngày {date}", "at {time} on {date}"),
    "live_updated": (
        "Cập nhật lúc {time} · lần cập nhật tới lúc {next}",
        "Updated at {time} · next update at {next}",
    ),
    "share_link": ("Liên kết tới đúng trang này", "Link to exactly this view"),
    "upload_drop_help": (
        "Kéo tệp vào đây hoặc bấm để chọn (CSV, XLSX). {limit}",
        "Drag a file here or click to choose one (CSV, XLSX). {limit}",
    ),
    "chart_burnup": ("Số đơn vị đã báo cáo, cộng dồn theo ngày", "Agencies reported, cumulative by day"),
    "axis_date": ("Ngày", "Date"),
    "axis_agencies": ("Số đơn vị", "Agencies"),
    "deadline": ("Hạn báo cáo", "Deadline"),
    "expected_line": ("Tổng số đơn vị phải báo cáo: {n}", "Agencies expected: {n}"),
    "chart_groups": ("Tỷ lệ báo cáo theo nhóm đơn vị", "Reporting rate by group"),
    "axis_share": ("Tỷ lệ đơn vị", "Share of agencies"),
    "chart_activities": ("Số đơn vị theo loại hoạt động", "Agencies per activity"),
    "quantities": ("Số lượng đã báo cáo", "Quantities reported"),
    "participants": ("Người tham dự", "Participants"),
    "chart_map": ("Sở TT&TT 63 tỉnh, thành phố theo trạng thái báo cáo", "Provincial Departments by reporting status"),
    "map_attribution": (
        "Ranh giới hành chính do geoBoundaries.org cung cấp. Quần đảo Hoàng Sa và Trường Sa được vẽ theo vị trí các đảo chính.",
        "Administrative boundaries courtesy of geoBoundaries.org. "
        "The Hoàng Sa and Trường Sa archipelagos are drawn at the positions of their main islands.",
    ),
    "hoang_sa": ("Quần đảo Hoàng Sa (Đà Nẵng)", "Hoàng Sa archipelago (Đà Nẵng)"),
    "truong_sa": ("Quần đảo Trường Sa (Khánh Hòa)", "Trường Sa archipelago (Khánh Hòa)"),
    "east_sea": ("Biển Đông", "East Sea"),
    "first_report": ("báo cáo đầu tiên", "first report"),
    "no_report": ("chưa báo cáo", "no report yet"),
    # Follow-up
    "followup_intro": (
        "Các đơn vị chưa báo cáo hoặc báo cáo trễ, với địa chỉ liên hệ trong danh sách đơn vị.",
        "Agencies that have not reported or reported late, with the contacts from the roster.",
    ),
    "statuses": ("Trạng thái", "Status"),
    "statuses_none": ("Chọn trạng thái", "Choose a status"),
    "followup_details": (
        "Chi tiết: mã, nhóm, email, điện thoại, lần gửi gần nhất",
        "Details: code, group, email, phone, last submission",
    ),
    "emails_line": ("Tất cả email (dán vào ô Người nhận của Outlook)", "All emails (paste into Outlook's To field)"),
    "no_emails": ("Danh sách đơn vị chưa có email của các đơn vị này.", "The roster has no email for these agencies."),
    "draft": ("Thư nhắc (mẫu)", "Reminder email (draft)"),
    "draft_lang": ("Ngôn ngữ của thư", "Language of the email"),
    "subject": ("Tiêu đề", "Subject"),
    "download_list": ("Tải danh sách (CSV)", "Download the list (CSV)"),
    "nobody": ("Không có đơn vị nào ở trạng thái đã chọn.", "No agency has the chosen status."),
    "reminder_subject": (
        "Đề nghị gửi báo cáo kết quả hưởng ứng {campaign}",
        "Request for your report on {campaign}",
    ),
    "reminder_body": (
        "Kính gửi {agency},\n\n"
        "Thực hiện {letter} của Bộ Thông tin và Truyền thông về việc hưởng ứng {campaign}, {requester} đề nghị "
        "Quý đơn vị gửi báo cáo kết quả tổ chức các hoạt động trước {deadline}, {how}. "
        "Nếu đã gửi, xin vui lòng bỏ qua thư này.\n\n"
        "Mọi vướng mắc xin liên hệ: {contact}.\n\nTrân trọng.",
        "Dear {agency},\n\n"
        "Following the Ministry of Information and Communications' {letter} on {campaign}, the {requester} kindly asks "
        "you to send your report on the activities held before {deadline}, {how}. "
        "If you have already sent it, please disregard this email.\n\n"
        "For any question, please contact {contact}.\n\nBest regards.",
    ),
    "reminder_agency": ("Quý đơn vị", "colleagues"),
    "thanks_subject": ("Cảm ơn Quý đơn vị đã gửi báo cáo hưởng ứng {campaign}", "Thank you for your report on {campaign}"),
    "thanks_body": (
        "Kính gửi {agency},\n\n"
        "{requester} đã nhận được báo cáo kết quả hưởng ứng {campaign} của Quý đơn vị. "
        "Trân trọng cảm ơn sự phối hợp của Quý đơn vị.\n\n"
        "Mọi vướng mắc xin liên hệ: {contact}.\n\nTrân trọng.",
        "Dear {agency},\n\n"
        "The {requester} has received your report on {campaign}. Thank you for your cooperation.\n\n"
        "For any question, please contact {contact}.\n\nBest regards.",
    ),
    "thank_late": ("Gửi lời cảm ơn tới đơn vị đã báo cáo trễ", "Thank the agencies that reported late"),
    "thank_late_help": (
        "Thư nhắc chỉ gửi tới đơn vị chưa báo cáo. Đánh dấu ô này để đơn vị đã báo cáo trễ có đường dẫn thư cảm ơn.",
        "Reminders go only to agencies that have not reported. Tick this to give agencies that reported late a "
        "thank-you link instead.",
    ),
    # The coordinator acts in the app (issue #10): store, name resolution, chase log, emailed reports, roster
    "page_coordinator": ("Điều phối", "Coordinator"),
    # The Mailbox page (issue #24): the department's mailbox read as a source
    "page_mailbox": ("Hộp thư", "Mailbox"),
    "mail_intro": (
        "Mọi thư đến hộp thư của Vụ trong thời gian của đợt, mới nhất trước. Ứng dụng chỉ đọc: không xoá, không chuyển, "
        "không đánh dấu đã đọc, không trả lời thư nào.",
        "Every email that reached the department's mailbox in the campaign's period, newest first. The app only reads: "
        "it never deletes, moves, marks as read or answers anything.",
    ),
    "mail_no_inbox": (
        "Chưa kết nối hộp thư: hãy thêm mục [inbox] vào secrets (README → 'The mailbox').",
        "No mailbox connected: add an [inbox] table to secrets (README → 'The mailbox').",
    ),
    "mail_read_failed": ("Không đọc được hộp thư:", "The mailbox could not be read:"),
    "mail_stale": (
        "Đang hiển thị danh sách thư đọc được lần trước, lúc {time} ngày {date}.",
        "Showing the list of emails read last, at {time} on {date}.",
    ),
    "mail_read_at": ("Hộp thư đọc lúc {time} ngày {date}", "Mailbox read at {time} on {date}"),
    "mail_left_out": (
        "Còn {count} thư cũ hơn không được đọc ([mailbox] max_messages).",
        "{count} older emails were not read ([mailbox] max_messages).",
    ),
    "mail_refresh": ("Đọc lại hộp thư", "Read the mailbox again"),
    "mail_counts": (
        "{to_do} thư cần xử lý · {recorded} đã ghi nhận · {not_a_report} không phải báo cáo",
        "{to_do} to do · {recorded} recorded · {not_a_report} not a report",
    ),
    "mail_none": ("Không có thư nào trong thời gian của đợt.", "No email in the campaign's period."),
    "mail_waiting_leader": ("{count} báo cáo gửi qua email đang chờ ghi nhận.", "{count} emailed reports wait to be recorded."),
    "mail_pick": ("Thư", "Email"),
    "mail_state_to_do": ("Cần xử lý", "To do"),
    "mail_state_recorded": ("Đã ghi nhận", "Recorded"),
    "mail_state_not_a_report": ("Không phải báo cáo", "Not a report"),
    "mail_col_received": ("Thời điểm nhận", "Received"),
    "mail_col_state": ("Xử lý", "State"),
    "mail_col_timeliness": ("Hạn", "Deadline"),
    "mail_col_agency": ("Đơn vị", "Agency"),
    "mail_col_why": ("Căn cứ", "Why"),
    "mail_col_sender": ("Người gửi", "Sender"),
    "mail_col_subject": ("Tiêu đề", "Subject"),
    "mail_col_files": ("Tệp đính kèm", "Attachments"),
    "mail_col_file": ("Tệp", "File"),
    "mail_col_kind": ("Loại", "Kind"),
    "mail_col_type": ("Định dạng", "Format"),
    "mail_col_size": ("Dung lượng", "Size"),
    "mail_col_pages": ("Số trang", "Pages"),
    "mail_col_signed": ("Chữ ký số", "Digital signature"),
    "mail_kind_pdf": ("văn bản PDF", "PDF document"),
    "mail_kind_image": ("ảnh", "picture"),
    "mail_kind_video": ("video", "video"),
    "mail_kind_file": ("tệp", "file"),
    "mail_pages": ("{pages} trang", "{pages} pages"),
    "mail_signed": ("có chữ ký số", "digitally signed"),
    "mail_unsigned": ("không có chữ ký số", "not digitally signed"),
    "mail_file_problem": ("không đọc được ({problem})", "unreadable ({problem})"),
    "mail_too_big": ("thư lớn ({size}): chỉ đọc phần đầu thư", "large email ({size}): headers only"),
    "mail_why_address": ("địa chỉ người gửi có trong danh sách đơn vị", "the sender's address is on the roster"),
    "mail_why_domain": ("tên miền của người gửi là của một đơn vị", "the sender's domain is one agency's"),
    "mail_why_forwarded": ("thư chuyển tiếp, gửi từ {forwarded}", "forwarded, sent by {forwarded}"),
    "mail_why_sender_name": ("tên đơn vị đọc được từ tên người gửi", "the agency's name read in the sender's name"),
    "mail_why_subject": ("tên đơn vị đọc được từ tiêu đề", "the agency's name read in the subject"),
    "mail_why_text": ("tên đơn vị đọc được ở đầu thư", "the agency's name read at the top of the email"),
    "mail_why_domain_many": ("tên miền chung của nhiều đơn vị: {choices}", "a domain several agencies share: {choices}"),
    "mail_why_names_disagree": ("thư nêu nhiều đơn vị: {choices}", "the email names several agencies: {choices}"),
    "mail_why_unknown": ("không xác định được đơn vị", "no agency found"),
    "mail_auto_reply": ("Thư trả lời tự động: không phải báo cáo.", "An automatic reply: not a report."),
    "mail_reply": ("Thư trả lời một thư khác (thường là thư nhắc của Vụ).", "An answer to another email (often our reminder)."),
    "mail_problem": ("Không đọc được hết thư: {problem}", "Part of the email could not be read: {problem}"),
    "mail_date_header": ("Ngày ghi trong thư (Date:)", "Date the sender's email gives (Date:)"),
    "mail_text": ("Nội dung thư (văn bản thuần)", "The email's text (plain text)"),
    "mail_suggestions": ("Số liệu thư nêu (gợi ý, chưa điền):", "Quantities the email states (suggestions, not filled in):"),
    "mail_use_suggestions": ("Điền số liệu gợi ý", "Fill in the suggested quantities"),
    "mail_record": ("Ghi nhận", "Record"),
    "mail_record_help": (
        "Mở mẫu nhập báo cáo qua email đã điền sẵn đơn vị, thời điểm nhận, tiêu đề và tệp đính kèm; hãy bổ sung rồi lưu.",
        "Opens the emailed-report form filled with the agency, the moment received, the subject and attachments; "
        "complete it and save.",
    ),
    "mail_not_report": ("Không phải báo cáo", "Not a report"),
    "mail_undo_mark": ("Bỏ đánh dấu", "Undo the mark"),
    "mail_already": ("Thư này đã được ghi nhận.", "This email is already recorded."),
    "col_mail_waiting": ("Thư chờ ghi nhận", "Email waiting"),
    "mail_waiting_cell": ("đã gửi email, chưa ghi nhận ({count})", "emailed, not recorded yet ({count})"),
    "coordinator_only": (
        "Trang này dành cho cán bộ điều phối (nhập báo cáo nhận qua email, sửa danh sách đơn vị).",
        "This page is for the coordinator (reports received by email, editing the roster).",
    ),
    "page_refused": (
        "Trang vừa mở dành cho cán bộ điều phối; đây là trang Tổng quan.",
        "The page you opened is for the coordinator; this is the overview.",
    ),
    "who_label": ("Người nhập (tên của bạn)", "Entered by (your name)"),
    "who_placeholder": ("Ví dụ: Đào Ngọc Tuyền", "e.g. Đào Ngọc Tuyền"),
    "who_help": (
        "Ghi vào bảng tính cùng mỗi mục bạn lưu, để biết ai đã nhập. Chỉ cần nhập một lần cho cả phiên làm việc.",
        "Written into the sheet with each entry you save, so everyone knows who entered it. Type it once per session.",
    ),
    "who_signed_in": ("Người nhập: {email}", "Entered by: {email}"),
    "store_saved": ("Đã lưu. Số liệu bên dưới đã được đọc lại.", "Saved. The figures below were read again."),
    "store_save_failed": ("Chưa lưu được:", "Not saved:"),
    "store_day": ("Ngày", "Date"),
    "store_time": ("Giờ", "Time"),
    "store_not_on_roster": ("Không thuộc danh sách đơn vị", "Not on the roster"),
    "store_writes_off": (
        "Ứng dụng đang chỉ đọc Google Sheet: để lưu, hãy đặt store_writes = true trong mục [sheet] của secrets "
        "và cấp quyền Người chỉnh sửa (Editor) cho tài khoản dịch vụ.",
        "The app only reads the Google Sheet: to save, set store_writes = true under [sheet] in the secrets "
        "and give the service account Editor access.",
    ),
    "resolve_title": ("Đối chiếu tên đơn vị", "Resolve agency names"),
    "resolve_none": ("Không có tên nào cần đối chiếu.", "No name needs resolving."),
    "resolve_intro": (
        "Chọn đơn vị mà tên đã nhập muốn nói tới (gợi ý ở đầu danh sách; gõ để tìm bất kỳ đơn vị nào), hoặc "
        "«Không thuộc danh sách đơn vị». Quyết định áp dụng cho mọi dòng có cùng tên, từ lần đọc tiếp theo.",
        "Pick the agency the typed name means (suggestions first; type to search any agency), or “Not on the "
        "roster”. The decision applies to every row with the same name, from the next read on.",
    ),
    "resolve_name": ("Tên đã nhập", "Typed name"),
    "resolve_decided_title": ("Tên đã quyết định", "Names already decided"),
    "resolve_decided_name": ("Tên đã quyết định (để xem hoặc huỷ)", "A name already decided (to see or undo)"),
    "unmatched_fix_desk": (
        "Cách sửa: tìm đúng đơn vị đã gửi (theo email, nội dung báo cáo) — hãy kiểm tra gợi ý, đừng chép theo: tên gần "
        "giống nhất chưa chắc là đơn vị đã gửi — rồi chọn đơn vị đó ở mục «Đối chiếu tên đơn vị» ngay bên dưới và bấm "
        "«Lưu đối chiếu». Quyết định áp dụng cho mọi dòng có cùng tên.",
        "To fix: find the agency that sent it (its email, the report itself) — check the suggestion rather than copy "
        "it: the closest name is not always the sender — then pick that agency under “Resolve agency names” just below "
        "and press “Save the resolution”. The decision applies to every row with the same name.",
    ),
    "resolve_state_none": ("chưa khớp", "not matched"),
    "resolve_state_fuzzy": ("khớp gần đúng với {agency}", "close match to {agency}"),
    "resolve_state_resolved": ("đã đối chiếu: {agency}", "resolved: {agency}"),
    "resolve_state_rejected": ("đã xác định không thuộc danh sách", "marked not on the roster"),
    "resolve_decided": ("Đã quyết định: {decision}.", "Decided: {decision}."),
    "resolve_undo": ("Huỷ quyết định này", "Undo this decision"),
    "resolve_agency": ("Đơn vị", "Agency"),
    "resolve_agency_placeholder": ("Chọn hoặc gõ để tìm đơn vị", "Choose or type to search"),
    "email_activities_placeholder": ("Chọn các hoạt động đã triển khai", "Choose the activities held"),
    "resolve_save": ("Lưu đối chiếu", "Save the resolution"),
    "chase_title": ("Nhật ký đôn đốc", "Chase log"),
    "chase_not_since": ("Chưa liên hệ trong số ngày gần đây (0: tất cả)", "Not contacted in the last N days (0: all)"),
    "chase_not_since_help": (
        "Chỉ hiện các đơn vị chưa được liên hệ trong chừng ấy ngày, tính đến thời điểm đang xem.",
        "Show only agencies not contacted within that many days of the moment shown.",
    ),
    "chase_agency": ("Đơn vị", "Agency"),
    "chase_channel": ("Hình thức", "Channel"),
    "chase_contact": ("Người được liên hệ", "Contacted person"),
    "chase_note": ("Ghi chú", "Note"),
    "chase_promised": ("Ngày đơn vị hẹn gửi (nếu có)", "Date promised (if any)"),
    "chase_save": ("Ghi lần liên hệ", "Record the contact"),
    "chase_download": ("Tải nhật ký đôn đốc (CSV)", "Download the chase log (CSV)"),
    "channel_email": ("Email", "Email"),
    "channel_phone": ("Điện thoại", "Phone"),
    "channel_letter": ("Công văn", "Official letter"),
    "channel_zalo": ("Zalo", "Zalo"),
    "channel_other": ("Khác", "Other"),
    "channel_email_failed": ("Email không gửi được", "Email not sent"),
    "email_title": ("Báo cáo nhận qua email", "Report received by email"),
    "email_intro": (
        "Nhập báo cáo đơn vị gửi qua email: được tính như một câu trả lời biểu mẫu (nguồn: email), "
        "đúng hạn hay trễ hạn theo thời điểm nhận.",
        "Enter a report an agency sent by email: it counts as one more answer (source: email), "
        "on time or late by the moment it was received.",
    ),
    "email_other": ("Hoạt động khác (nếu có)", "Other activity (if any)"),
    "email_evidence": ("Đường dẫn minh chứng (mỗi dòng một đường dẫn)", "Evidence links (one per line)"),
    "email_ref": ("Tiêu đề hoặc mã email", "Email subject or id"),
    "email_save": ("Lưu báo cáo", "Save the report"),
    "email_need_agency": ("Hãy chọn đơn vị gửi báo cáo.", "Choose the agency that sent the report."),
    "row_source_form": ("Biểu mẫu", "Form"),
    "row_source_email": ("Email", "Email"),
    "roster_title": ("Danh sách đơn vị", "Roster of agencies"),
    "roster_intro": (
        "Sửa người liên hệ, email, điện thoại, tên khác và nhóm; thêm đơn vị; ghi ngày vào cột «Ngừng theo dõi» "
        "để bỏ một đơn vị khỏi danh sách phải báo cáo. Chỉ các dòng đã sửa được ghi.",
        "Edit contact person, emails, phone, aliases and group; add agencies; put a date in “Retired” to stop "
        "expecting an agency's report. Only the rows changed are written.",
    ),
    "roster_one": ("Liên hệ của một đơn vị", "One agency's contacts"),
    "roster_email_help": ("Nhiều địa chỉ thì ngăn cách bằng dấu ;", "Separate several addresses with ;"),
    "roster_save_one": ("Lưu liên hệ", "Save the contacts"),
    "roster_all": ("Sửa toàn bộ danh sách", "Edit the whole roster"),
    "roster_save_all": ("Lưu danh sách", "Save the roster"),
    "roster_invalid": ("Chưa lưu: hãy sửa các lỗi sau.", "Not saved: fix these first."),
    "roster_unchanged": ("Không có thay đổi nào để lưu.", "Nothing changed to save."),
    "col_contacts": ("Số lần liên hệ", "Contacts"),
    "col_last_contact": ("Liên hệ gần nhất", "Last contact"),
    "col_contacted_at": ("Thời điểm liên hệ", "Contacted at"),
    "col_channel": ("Hình thức", "Channel"),
    "col_contact": ("Người liên hệ", "Contact person"),
    "col_note": ("Ghi chú", "Note"),
    "col_promised_date": ("Ngày hẹn gửi", "Promised date"),
    "col_by": ("Người ghi", "Recorded by"),
    "col_source": ("Nguồn", "Source"),
    "col_aliases": ("Tên khác", "Aliases"),
    "col_retired": ("Ngừng theo dõi", "Retired"),
    "match_resolved": ("đã đối chiếu", "resolved"),
    "match_not_on_roster": ("không thuộc danh sách", "not on the roster"),
    "reminder_subject_overdue": (
        "Đề nghị khẩn trương gửi báo cáo kết quả hưởng ứng {campaign} (đã quá hạn)",
        "Overdue: please send your report on {campaign} urgently",
    ),
    "reminder_body_overdue": (
        "Kính gửi {agency},\n\n"
        "Theo {letter} của Bộ Thông tin và Truyền thông về việc hưởng ứng {campaign}, các cơ quan, đơn vị gửi báo cáo "
        "kết quả trước {deadline}. Đến nay đã quá hạn nhưng {requester} chưa nhận được báo cáo của Quý đơn vị. "
        "Đề nghị Quý đơn vị khẩn trương gửi báo cáo {how}.\n\n"
        "Mọi vướng mắc xin liên hệ: {contact}.\n\nTrân trọng.",
        "Dear {agency},\n\n"
        "The Ministry of Information and Communications' {letter} on {campaign} asked for the report on your activities "
        "before {deadline}. That deadline has passed and the {requester} has not yet received your report. "
        "Please send it urgently {how}.\n\n"
        "For any question, please contact {contact}.\n\nBest regards.",
    ),
    "reminder_letter": ("công văn", "letter"),
    "reminder_letter_number": ("công văn số {number}", "letter No. {number}"),
    "reminder_letter_date": (" ngày {date}", " of {date}"),
    "reminder_how_form": (
        "qua biểu mẫu trực tuyến ({form}) hoặc qua email {email}",
        "through the online form ({form}) or by email to {email}",
    ),
    "reminder_how_email": ("qua email {email}", "by email to {email}"),
    "reminder_contact": ("{name}, điện thoại {phone}, email {email}", "{name}, phone {phone}, email {email}"),
    # Column headers
    "col_code": ("Mã", "Code"),
    "col_name": ("Đơn vị", "Agency"),
    "col_group": ("Nhóm", "Group"),
    "col_status": ("Trạng thái", "Status"),
    "col_email": ("Email", "Email"),
    "col_phone": ("Điện thoại", "Phone"),
    "col_last": ("Lần gửi gần nhất", "Last submission"),
    "col_first": ("Lần gửi đầu tiên", "First submission"),
    "col_submissions": ("Số lần gửi", "Submissions"),
    "col_mailto": ("Thư nhắc", "Reminder"),
    "col_mailto_text": ("Soạn thư", "Write"),
    "answers_by_way": (
        "Trong {answers} câu trả lời qua biểu mẫu: {code} qua đường dẫn riêng của đơn vị (khớp mã đơn vị), "
        "{email} theo email người gửi, {typed} theo tên đơn vị tự gõ.",
        "Of {answers} answers through the form: {code} through the agency's own link (code matched), "
        "{email} by the sender's email, {typed} by a typed name.",
    ),
    "roster_links_download": (
        "Tải danh sách đơn vị kèm đường dẫn riêng (CSV)",
        "Download the roster with each agency's own link (CSV)",
    ),
    "roster_links_help": (
        "Mỗi đơn vị một đường dẫn biểu mẫu đã điền sẵn mã đơn vị: dùng để trộn thư hoặc in.",
        "Each agency's form link with its code filled in: for a mail merge or printing.",
    ),
    "send_title": ("Gửi thư nhắc từ ứng dụng", "Send the reminders from the app"),
    "send_no_smtp": (
        "Muốn ứng dụng tự gửi thư nhắc, hãy khai báo máy chủ thư của Bộ trong mục [smtp] của secrets (README → Đôn đốc). "
        "Đến lúc đó, dùng các liên kết 'Soạn thư' ở trên.",
        "To have the app send the reminders, set up the Ministry's mail server under [smtp] in secrets (README → "
        "Follow-up). Until then, use the 'Write' links above.",
    ),
    "send_intro": (
        "Thư gửi từ {sender}, chỉ tới đơn vị chưa báo cáo tại lúc bấm gửi; không gửi lại cho một đơn vị trong vòng "
        "{hours} giờ; tối đa {most} thư mỗi lần bấm. Mỗi thư được ghi vào nhật ký đôn đốc.",
        "Sent from {sender}, only to agencies that have not reported when you press send; never twice to one agency "
        "within {hours} hours; at most {most} emails per press. Each email is written into the chase log.",
    ),
    "send_chosen": (
        "Đơn vị nhận thư (mặc định: chưa báo cáo, chưa được liên hệ trong {hours} giờ qua)",
        "Agencies to email (by default: not reported, not contacted in the last {hours} hours)",
    ),
    "send_override": (
        "Vẫn gửi lại cho các đơn vị này dù đã gửi thư trong {hours} giờ qua",
        "Email these again although they were emailed in the last {hours} hours",
    ),
    "send_held": (
        "Tối đa {most} thư mỗi lần bấm: {rest} đơn vị còn lại sẽ được gửi ở lần bấm sau.",
        "At most {most} emails per press: the other {rest} agencies at the next press.",
    ),
    "send_preview": ("Xem trước {count} thư, đúng như sẽ gửi", "Preview the {count} emails exactly as they will go"),
    "send_to": ("Đến", "To"),
    "send_button": ("Gửi {count} thư", "Send {count} emails"),
    "send_sending": ("Đang gửi {count} thư…", "Sending {count} emails…"),
    "send_done": ("Đã gửi {sent} thư; {failed} thư không gửi được.", "{sent} emails sent; {failed} not sent."),
    "send_dropped": (
        "Không gửi cho các đơn vị vừa báo cáo: {codes}.",
        "Not sent to the agencies that have just reported: {codes}.",
    ),
    "send_stopped": ("Đã dừng gửi:", "Sending stopped:"),
    "digest_subject": (
        "[{campaign}] Tình hình báo cáo ngày {date}: {reported}/{expected} đơn vị ({rate})",
        "[{campaign}] Reporting on {date}: {reported}/{expected} agencies ({rate})",
    ),
    "digest_groups": ("Tỷ lệ báo cáo theo nhóm đơn vị:", "Reporting rate by group:"),
    "digest_new": (
        "Đã báo cáo từ {time} ngày {date} ({n} đơn vị):",
        "Reported since {time} on {date} ({n} agencies):",
    ),
    "digest_new_none": (
        "Không có đơn vị nào báo cáo thêm từ {time} ngày {date}.",
        "No agency has reported since {time} on {date}.",
    ),
    "digest_chart": ("Số đơn vị đã báo cáo, cộng dồn theo ngày", "Agencies reported, cumulative by day"),
    "digest_footer": (
        "Thư tự động từ bảng theo dõi chiến dịch; số liệu tính đến {time} ngày {date}; nguồn: {source}.",
        "An automatic email from the campaign dashboard; figures as of {time} on {date}; source: {source}.",
    ),
    "letter_own_link": (
        "Biểu mẫu báo cáo của Quý cơ quan, đơn vị (đã điền sẵn mã {code}): quét mã QR hoặc mở đường dẫn",
        "Your agency's report form (code {code} filled in): scan the QR code or open the link",
    ),
    "col_form_link": ("Đường dẫn riêng", "Own link"),
    "col_form_link_text": ("Mở biểu mẫu", "Open form"),
    "col_row": ("Dòng", "Row"),
    "col_submitted_at": ("Thời điểm gửi", "Submitted at"),
    "col_category": ("Xử lý", "Counted as"),
    "col_timeliness": ("Hạn", "Deadline"),
    "col_agency_code": ("Mã đơn vị khớp", "Matched code"),
    "col_agency": ("Đơn vị khớp", "Matched agency"),
    "col_typed_name": ("Tên đơn vị đã nhập", "Agency name as typed"),
    "col_match": ("Cách khớp", "Matched by"),
    "col_activities": ("Hoạt động", "Activities"),
    "col_other": ("Hoạt động khác", "Other activities"),
    "col_evidence": ("Minh chứng {n}", "Evidence {n}"),
    "col_notes": ("Ghi chú", "Notes"),
    "col_reporter": ("Người báo cáo", "Reporter"),
    "col_column": ("Cột", "Column"),
    "col_issue": ("Vấn đề", "Issue"),
    "col_value": ("Giá trị", "Value"),
    "col_suggestion": ("Gợi ý", "Suggestion"),
    "col_suggestions": ("Đơn vị gần giống (điểm)", "Closest agencies (score)"),
    # Submissions
    "search": ("Tìm (tên, mã, email)", "Search (name, code, email)"),
    "categories": ("Xử lý", "Counted as"),
    "all": ("Tất cả", "All"),
    "shown_rows": ("{shown}/{total} dòng", "{shown}/{total} rows"),
    "history": ("Lịch sử gửi của một đơn vị", "One agency's history"),
    "history_pick": ("Đơn vị", "Agency"),
    # Data quality
    "accounting": (
        "{rows_read} dòng đã đọc = {terms}",
        "{rows_read} rows read = {terms}",
    ),
    "unmatched_title": ("Tên đơn vị không khớp danh sách", "Agency names not in the roster"),
    "unmatched_fix": (
        "Cách sửa: tìm đúng đơn vị đã gửi (theo email, nội dung báo cáo) — hãy kiểm tra gợi ý, đừng chép theo: tên gần "
        "giống nhất chưa chắc là đơn vị đã gửi — rồi thêm tên đã nhập vào cột `aliases` của đúng đơn vị đó trong danh "
        "sách đơn vị (trang tính «{tab}» hoặc tệp danh sách; nhiều tên cách nhau bằng dấu `;`), rồi bấm «Tải lại dữ liệu».",
        "To fix: find the agency that sent it (its email, the report itself) — check the suggestion rather than copy "
        "it: the closest name is not always the sender — then add the name as typed to that agency's `aliases` column "
        "in the roster (the “{tab}” tab or the roster file; several names separated by `;`), and press “Refresh data”.",
    ),
    "no_unmatched": ("Mọi báo cáo đều khớp với một đơn vị.", "Every report matched an agency."),
    "issues_title": (
        "Tên khớp theo cách đọc, số lượng, đường dẫn và thời điểm cần kiểm tra",
        "Names matched by reading them, quantities, links and timestamps to check",
    ),
    "no_issues": ("Không có gì cần kiểm tra.", "Nothing to check."),
    # Export
    "export_intro": (
        "Năm tệp CSV (UTF-8, mở được bằng Excel) và một tệp Excel gồm cả năm bảng; bộ lọc nhóm đơn vị được áp dụng.",
        "Five CSV files (UTF-8, open in Excel) and one Excel workbook with all five tables; the group filter applies.",
    ),
    "download_xlsx": ("Tải tệp Excel (XLSX)", "Download the Excel workbook (XLSX)"),
    "itu_title": ("Tóm tắt cho ITU (tiếng Anh)", "Summary for ITU (English)"),
    "export_agency_status": ("Trạng thái từng đơn vị", "Status of each agency"),
    "export_submissions": ("Tất cả báo cáo", "All submissions"),
    "export_itu_summary": ("Tóm tắt hoạt động cho ITU", "Activity summary for ITU"),
    "export_campaign_summary": ("Chỉ số tổng hợp", "Campaign indicators"),
    "export_data_quality": ("Chất lượng dữ liệu", "Data quality"),
    # Export page: the documents (documents/ package)
    "documents_title": ("Văn bản", "Documents"),
    "documents_intro": (
        "Công văn đôn đốc, báo cáo kết quả gửi Lãnh đạo Bộ và báo cáo gửi ITU (DOCX), lập từ số liệu tại thời điểm và "
        "nhóm đơn vị đang chọn. Văn bản được tạo khi bấm tải; báo cáo có biểu đồ cần khoảng 10–20 giây.",
        "The urging letter, the report on results for the Minister and the report for ITU (DOCX), from the figures at "
        "the chosen moment and groups. Each is built when you click; the reports with charts take 10–20 seconds.",
    ),
    "letter_title": ("Công văn đôn đốc", "Urging letter (công văn đôn đốc)"),
    "letter_deadline": ("Hạn báo cáo mới", "New deadline"),
    "letter_late": ("Gửi cả các đơn vị báo cáo trễ hạn", "Also the agencies that reported late"),
    "letter_zip": ("Mỗi đơn vị một công văn (ZIP)", "One letter per agency (ZIP)"),
    "letter_count": ("Công văn gửi {n} đơn vị.", "The letter goes to {n} agencies."),
    "letter_nobody": ("Không còn đơn vị nào cần đôn đốc tại thời điểm này.", "No agency to urge at this moment."),
    "download_letter": ("Tải công văn đôn đốc (DOCX)", "Download the urging letter (DOCX)"),
    "download_letters_zip": ("Tải công văn cho từng đơn vị (ZIP)", "Download one letter per agency (ZIP)"),
    "download_final": ("Tải báo cáo kết quả gửi Lãnh đạo Bộ (DOCX)", "Download the report on results for the Minister (DOCX)"),
    "download_itu": ("Tải báo cáo gửi ITU (DOCX, tiếng Anh)", "Download the report for ITU (DOCX, English)"),
    "letter_dated": (
        "Ngày ký công văn (để trống: văn thư ghi khi vào số)",
        "The letter's date (empty: the registry dates it when it numbers it)",
    ),
    "report_dated": (
        "Ngày ký báo cáo (để trống: văn thư ghi khi vào số)",
        "The report's date (empty: the registry dates it when it numbers it)",
    ),
    "letter_deadline_after": (
        "Hạn báo cáo mới phải sau ngày ký công văn: hãy chọn lại một trong hai ngày.",
        "The new deadline must come after the letter's date: change one of the two.",
    ),
    "report_title": ("Báo cáo kết quả và báo cáo gửi ITU", "Report on results and report for ITU"),
    # What only a person knows for the documents (campaign/document_inputs.py): asked before building, kept in the store
    "inputs_title": ("Thông tin cần điền cho văn bản", "What the documents need from you"),
    "inputs_intro": (
        "Những thông tin chỉ người điều phối biết. Bấm «Lưu thông tin» để giữ lại cho các lần tạo văn bản sau "
        "(lưu trong kho dữ liệu của điều phối viên, trang «{tab}»).",
        "What only the coordinator knows. Press “Save” to keep it for the next documents (in the coordinator's store, "
        "tab “{tab}”).",
    ),
    "inputs_save": ("Lưu thông tin", "Save"),
    "inputs_missing": ("{document} còn thiếu: {items}.", "{document} still lacks: {items}."),
    "inputs_complete": ("Đã đủ thông tin cho cả ba văn bản.", "The three documents have all they need."),
    "inputs_readonly": (
        "Thông tin do điều phối viên điền; văn bản dùng bản đã lưu.",
        "The coordinator fills these in; the documents use what was saved.",
    ),
    "document_letter": ("Công văn đôn đốc", "The urging letter"),
    "document_final": ("Báo cáo kết quả", "The report on results"),
    "document_itu": ("Báo cáo gửi ITU", "The report for ITU"),
    "input_original_number": ("Số công văn gốc (công văn đề nghị báo cáo)", "The original letter's number"),
    "input_original_date": ("Ngày công văn gốc", "The original letter's date"),
    "input_letter_signer_title": (
        "Chức vụ người ký công văn đôn đốc (các dòng như trên văn bản, ví dụ KT. BỘ TRƯỞNG rồi THỨ TRƯỞNG)",
        "The urging letter's signing authority (its lines as printed, e.g. KT. BỘ TRƯỞNG then THỨ TRƯỞNG)",
    ),
    "input_letter_signer_name": ("Họ tên người ký công văn đôn đốc", "Who signs the urging letter"),
    "input_report_signer_title": (
        "Chức vụ người ký báo cáo (các dòng như trên văn bản)",
        "The report's signing authority (its lines as printed)",
    ),
    "input_report_signer_name": ("Họ tên người ký báo cáo", "Who signs the reports"),
    "input_itu_signer_title": (
        "Chức vụ người ký, bằng tiếng Anh (báo cáo gửi ITU)",
        "The signer's title in English (report for ITU)",
    ),
    "input_proposals": (
        "Đề xuất, kiến nghị (mục IV của báo cáo; mỗi dòng một đoạn)",
        "Proposals (section IV of the report; one paragraph a line)",
    ),
    # Statuses, row categories, match kinds, issues
    "status_on_time": ("Đúng hạn", "On time"),
    "status_late": ("Trễ hạn", "Late"),
    "status_missing": ("Chưa báo cáo", "Missing"),
    "category_counted": ("được tính", "counted"),
    "category_superseded": ("bị thay thế", "superseded"),
    "category_unmatched": ("không khớp đơn vị", "unmatched"),
    "category_undated": ("không có ngày giờ", "undated"),
    "category_blank": ("trống", "blank"),
    "category_after_as_of": ("gửi sau thời điểm xem", "after the as-of time"),
    "match_code": ("mã đơn vị", "code"),
    "match_email": ("email", "email"),
    "match_name": ("tên", "name"),
    "match_fuzzy": ("tên gần đúng", "close name"),
    "match_none": ("không khớp", "none"),
    "issue_approximate_quantity": ("số lượng ước chừng, đã lấy số", "approximate quantity, number taken"),
    "issue_rejected_quantity": ("số lượng không đọc được", "unreadable quantity"),
    "issue_unreadable_timestamp": ("thời điểm không đọc được", "unreadable timestamp"),
    "issue_hidden_characters_removed": ("đã bỏ ký tự ẩn", "hidden characters removed"),
    "issue_non_http_link": ("đường dẫn không phải http(s)", "link is not http(s)"),
    "issue_unmatched_name": ("tên không khớp", "unmatched name"),
    "issue_fuzzy_match": ("khớp theo tên gần đúng", "matched by a close name"),
    "issue_read_match": ("khớp theo cách đọc tên", "matched by reading the name"),
    "issue_code_name_disagree": ("mã và tên chỉ hai đơn vị khác nhau", "the code and the name name two agencies"),
    "issue_long_text_cut": ("ô quá dài, đã cắt bớt", "cell too long, cut"),
    "issue_quantity_without_tick": ("có số lượng nhưng không đánh dấu", "quantity without a tick"),
    # Evidence (issue #25): the gallery, the link check, the photos for the reports
    "page_evidence": ("Minh chứng", "Evidence"),
    "evidence_intro": (
        "Mọi đường dẫn, ảnh và tài liệu các đơn vị gửi kèm báo cáo, với trạng thái kiểm tra. Ảnh thu nhỏ do máy chủ "
        "tạo và lưu; bấm «Mở bản gốc» để xem tệp gốc.",
        "Every link, photo and document the agencies sent with their reports, with what the check found. Thumbnails "
        "are made and kept by the server; press “Open the original” to see the file itself.",
    ),
    "evidence_all": ("Tất cả", "All"),
    "evidence_more": (
        "Đang hiện {shown} trên {total} ảnh: chọn nhóm, hoạt động hoặc trạng thái để xem các ảnh còn lại.",
        "Showing {shown} of {total} photos: choose a group, activity or state to see the others.",
    ),
    "evidence_problems_intro": (
        "Đường dẫn mở ra trang đăng nhập hoặc bị từ chối (chưa chia sẻ), và đường dẫn hỏng, theo đơn vị: «Soạn thư» mở "
        "thư đề nghị đơn vị chia sẻ tệp hoặc gửi lại đường dẫn.",
        "Links that ask for sign-in or are refused (not shared), and broken links, per agency: “Write” opens an email "
        "asking the agency to share its files or send the links again.",
    ),
    "share_subject": ("Đề nghị chia sẻ minh chứng hưởng ứng {campaign}", "Please share your evidence for {campaign}"),
    "share_body": (
        "Kính gửi {agency},\n\n"
        "{requester} đã nhận được báo cáo của Quý đơn vị về {campaign}, xin cảm ơn. Tuy nhiên các đường dẫn minh chứng "
        "sau chưa mở được (tệp chưa được chia sẻ hoặc đường dẫn không còn):\n\n{links}\n\n"
        "Đề nghị Quý đơn vị chia sẻ tệp ở chế độ «Bất kỳ ai có đường liên kết đều có thể xem» (hoặc chia sẻ với {email}), "
        "hoặc gửi lại ảnh, video, tài liệu qua email {email}.\n\nTrân trọng.",
        "Dear {agency},\n\n"
        "The {requester} has received your report on {campaign}, thank you. The following evidence links cannot be "
        "opened (the files are not shared, or the links are gone):\n\n{links}\n\n"
        "Please share the files as “Anyone with the link can view” (or with {email}), or send the photos, videos and "
        "documents again to {email}.\n\nBest regards.",
    ),
    "evidence_count": ("{shown} trên {total} minh chứng", "{shown} of {total} pieces of evidence"),
    "evidence_none": ("Chưa có minh chứng nào khớp bộ lọc.", "No evidence matches the filters."),
    "evidence_kind": ("Loại", "Kind"),
    "evidence_state": ("Trạng thái", "State"),
    "evidence_activity": ("Hoạt động", "Activity"),
    "evidence_group": ("Nhóm đơn vị", "Group"),
    "evidence_open": ("Mở bản gốc", "Open the original"),
    "evidence_photos": ("Ảnh", "Photos"),
    "evidence_others": ("Video, tài liệu và trang web", "Videos, documents and web pages"),
    "evidence_check": ("Kiểm tra đường dẫn", "Check the links"),
    "evidence_check_help": (
        "Mỗi đường dẫn được kiểm tra tối đa một lần mỗi ngày; chỉ http(s) trên cổng 80/443 tới địa chỉ công khai.",
        "Each link is checked at most once a day; only http(s) on ports 80/443 to public addresses.",
    ),
    "evidence_checking": ("Đang kiểm tra {done}/{total} đường dẫn…", "Checking {done}/{total} links…"),
    "evidence_checked": ("Đã kiểm tra {total} đường dẫn.", "{total} links checked."),
    "evidence_check_failed": ("Kiểm tra dừng lại: {error}", "The check stopped: {error}"),
    "evidence_no_thumbnail": ("(chưa có ảnh thu nhỏ)", "(no thumbnail yet)"),
    "evidence_for_reports": ("Dùng trong báo cáo", "Use in the reports"),
    "evidence_for_reports_help": (
        "Chọn tối đa {n} ảnh, mỗi ảnh một chú thích (ai, làm gì, khi nào) bằng tiếng Việt và tiếng Anh: ảnh vào trang "
        "«Hình ảnh tiêu biểu» của báo cáo Bộ trưởng và trang «Photos» của báo cáo ITU.",
        "Choose up to {n} photos, each with a caption (who, what, when) in Vietnamese and English: they go on the "
        "“Hình ảnh tiêu biểu” page of the report to the Minister and the “Photos” page of the ITU report.",
    ),
    "evidence_pick_photo": ("Ảnh", "Photo"),
    "evidence_pick_use": ("Dùng ảnh này trong báo cáo", "Use this photo in the reports"),
    "evidence_caption_vi": ("Chú thích (tiếng Việt)", "Caption (Vietnamese)"),
    "evidence_caption_en": ("Chú thích (tiếng Anh)", "Caption (English)"),
    "evidence_pick_save": ("Lưu lựa chọn", "Save the choice"),
    "evidence_pick_full": (
        "Đã chọn đủ {n} ảnh: hãy bỏ một ảnh trước khi chọn thêm.",
        "{n} photos are chosen already: take one out before choosing another.",
    ),
    "evidence_chosen": ("Ảnh đã chọn cho báo cáo ({n}/{max})", "Photos chosen for the reports ({n}/{max})"),
    "evidence_no_photos_open": ("Chưa có ảnh nào mở được để chọn.", "No photo that opens to choose yet."),
    "evidence_problems": ("Đường dẫn minh chứng hỏng hoặc cần quyền truy cập", "Evidence links broken or closed"),
    "evidence_problems_none": ("Không có đường dẫn hỏng hay cần quyền truy cập.", "No broken or closed links."),
    "col_url": ("Đường dẫn", "Link"),
    "col_kind": ("Loại", "Kind"),
    "col_origin": ("Nguồn", "From"),
    "col_state": ("Trạng thái", "State"),
    "col_http_status": ("Mã HTTP", "HTTP status"),
    "col_activity": ("Hoạt động", "Activity"),
    "col_broken": ("Hỏng", "Broken"),
    "col_needs_access": ("Cần quyền truy cập", "Need access"),
    "col_caption_vi": ("Chú thích", "Caption (Vietnamese)"),
    "col_caption_en": ("Chú thích tiếng Anh", "Caption (English)"),
    "evkind_photo": ("Ảnh", "Photo"),
    "evkind_video": ("Video", "Video"),
    "evkind_document": ("Tài liệu", "Document"),
    "evkind_page": ("Trang web", "Web page"),
    "evkind_file": ("Tệp Drive (chưa rõ loại)", "Drive file (kind not known)"),
    "evstate_open": ("Mở được", "Opens"),
    "evstate_needs_access": ("Cần quyền truy cập", "Needs access"),
    "evstate_broken": ("Hỏng", "Broken"),
    "evstate_not_checked": ("Không kiểm tra", "Not checked (not http(s) or refused)"),
    "evstate_pending": ("Chưa kiểm tra", "Not checked yet"),
    "evorigin_form_link": ("Đường dẫn trong biểu mẫu", "Link in the Form"),
    "evorigin_form_upload": ("Tệp tải lên biểu mẫu (Drive)", "File uploaded to the Form (Drive)"),
    "evorigin_email": ("Báo cáo qua email", "Emailed report"),
}


TEXT: dict[str, Bilingual] = {key: Bilingual(vi, en) for key, (vi, en) in _TEXT.items()}


def t(key: str, lang: str, **values: object) -> str:
    """The text for `key` in `lang`, with `{placeholders}` filled."""
    text = TEXT[key].get(lang)
    return text.format(**values) if values else text


def coded(prefix: str, code: str, lang: str) -> str:
    """The label of a code (status, category, match kind, issue); the code itself when it has none."""
    key = f"{prefix}_{code}"
    return t(key, lang) if key in TEXT else code


def status_label(status: str, lang: str) -> str:
    return coded("status", status, lang)
