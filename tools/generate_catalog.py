#!/usr/bin/env python3
"""Generates the default Ben Tre configuration: config/regions.yaml, config/fields.yaml,
config/indicators/*.yaml and config/seed/reported.csv. Run from the repository root:

    python3 tools/generate_catalog.py

The output is committed; edit this script (or the YAML by hand) and regenerate. Indicator
families (per agency, hospital, station, product) are built from the lists below; each one
is something a provincial operation center monitors.
"""
import os
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(__file__))
from regions import DISTRICTS  # noqa: E402

P, D, C = "province", "district", "commune"
ALL = [P, D, C]
PD = [P, D]
REPORT = "Báo cáo chuyển đổi số tỉnh Bến Tre 2025"
indicators = []


def ind(code, name, name_en, unit, *, field=None, direction="neutral", frequency="daily", levels=(P,), rollup=None,
        thresholds=None, target=None, typical=None, pattern=None, formula=None, weight=None, kind=None, for_=None,
        description=None, source=None, prefer_reported=False):
    field = field or code.split(".")[0]
    if rollup is None:
        rollup = "none" if list(levels) == [P] else "sum"
    entry = {"code": code, "name": name, "name_en": name_en, "field": field, "unit": unit, "direction": direction,
             "frequency": frequency, "levels": list(levels), "rollup": rollup}
    if kind: entry["kind"] = kind
    if weight: entry["weight"] = weight
    if formula: entry["formula"] = formula
    if thresholds:
        entry["thresholds"] = thresholds
        # A summed indicator's lines are the province's: a district's or commune's share never
        # reaches them, and judging it there would only make noise.
        if rollup == "sum" and list(levels) != [P]:
            entry["alert_levels"] = [P]
    if for_: entry["for"] = for_
    if target: entry["target"] = target
    if typical is not None: entry["typical"] = typical
    if pattern: entry["pattern"] = pattern
    if description: entry["description"] = description
    if source: entry["source"] = source
    if prefer_reported: entry["prefer_reported"] = True
    indicators.append(entry)


def hi(w, c, clear=None):
    t = {"warning": w, "critical": c}
    if clear is not None: t["clear"] = clear
    return t


lo = hi  # the direction decides which side is bad


def ratio(code, name, name_en, num, den, *, levels=PD, thresholds=None, target=None, direction="higher_is_better", typical=None,
          frequency="daily", field=None):
    ind(code, name, name_en, "%", field=field, direction=direction, frequency=frequency, levels=levels, rollup="recompute",
        formula=f"{num} / {den} * 100", thresholds=thresholds, target=target, typical=typical)


# ---------------------------------------------------------------- 1 Public administration
# Rates are judged on 30-day counts: a commune's few applications of a morning would make them jump.
ind("admin.applications", "Hồ sơ TTHC tiếp nhận (30 ngày)", "Applications received, last 30 days", "hồ sơ", kind="integer",
    levels=ALL, typical=39600, frequency="hourly")
ind("admin.online_applications", "Hồ sơ nộp trực tuyến (30 ngày)", "Applications filed online, last 30 days", "hồ sơ", kind="integer",
    levels=ALL, typical=27500, frequency="hourly")
ind("admin.applications_today", "Hồ sơ TTHC tiếp nhận trong ngày", "Applications received today", "hồ sơ", kind="integer",
    levels=ALL, typical=1800, pattern="working_day", frequency="hourly")
ratio("admin.online_rate", "Tỷ lệ hồ sơ trực tuyến", "Share of applications filed online", "admin.online_applications",
      "admin.applications", levels=ALL, thresholds=hi(60, 45, 1), target={"value": 80, "by": "2025-12-31"})
ind("admin.settled", "Hồ sơ đã giải quyết (30 ngày)", "Applications settled, last 30 days", "hồ sơ", kind="integer", levels=ALL,
    typical=37400, frequency="hourly")
ind("admin.settled_ontime", "Hồ sơ giải quyết đúng hạn (30 ngày)", "Applications settled on time, last 30 days", "hồ sơ", kind="integer", levels=ALL,
    typical=36900, frequency="hourly")
ratio("admin.ontime_rate", "Tỷ lệ hồ sơ giải quyết đúng hạn", "Share of applications settled on time", "admin.settled_ontime",
      "admin.settled", levels=ALL, thresholds=hi(95, 90, 0.5), target={"value": 99, "by": "2025-12-31"})
ind("admin.overdue", "Hồ sơ quá hạn đang xử lý", "Overdue applications in progress", "hồ sơ", kind="integer", levels=ALL,
    direction="lower_is_better", typical=18, thresholds=lo(40, 80, 2), frequency="hourly")
ind("admin.procedures_online", "TTHC đủ điều kiện cung cấp trực tuyến", "Qualifying procedures offered online", "%",
    direction="higher_is_better", frequency="yearly", thresholds=hi(100, 95), target={"value": 100, "by": "2025-12-31"},
    typical=100, source=REPORT, description="Share of qualifying administrative procedures at every level offered as online public services, integrated into the National Public Service Portal.")
ind("admin.procedures_total", "Tổng số thủ tục hành chính", "Administrative procedures in force", "thủ tục", kind="integer",
    frequency="quarterly", typical=1840)
ind("admin.online_payment_rate", "Tỷ lệ hồ sơ thanh toán trực tuyến", "Share of fees paid online", "%", levels=PD,
    rollup="mean", direction="higher_is_better", thresholds=hi(40, 25), target={"value": 50, "by": "2025-12-31"}, typical=46)
ind("admin.digitized_rate", "Tỷ lệ hồ sơ được số hóa kết quả", "Share of results digitised", "%", levels=ALL, rollup="mean",
    direction="higher_is_better", thresholds=hi(80, 60), target={"value": 100, "by": "2025-12-31"}, typical=88)
ind("admin.satisfaction", "Chỉ số hài lòng của người dân", "Citizen satisfaction index", "%", levels=PD, rollup="mean",
    direction="higher_is_better", frequency="monthly", thresholds=hi(85, 75), typical=93)
ind("admin.feedback_received", "Phản ánh kiến nghị tiếp nhận (30 ngày)", "Citizen feedback received, last 30 days", "phản ánh", kind="integer",
    levels=ALL, typical=920)
ind("admin.feedback_resolved", "Phản ánh kiến nghị đã xử lý (30 ngày)", "Citizen feedback resolved, last 30 days", "phản ánh", kind="integer",
    levels=ALL, typical=860)
ratio("admin.feedback_resolved_rate", "Tỷ lệ phản ánh được xử lý", "Share of feedback resolved", "admin.feedback_resolved",
      "admin.feedback_received", levels=PD, thresholds=hi(85, 70, 1), typical=92)
ind("admin.mailbox_pending", "Thư điện tử công vụ chờ xử lý", "Public mailbox messages pending", "thư", kind="integer",
    direction="lower_is_better", thresholds=lo(50, 120, 5), typical=21)
ind("admin.documents_sent", "Văn bản điện tử gửi qua hệ thống", "Electronic documents sent", "văn bản", kind="integer",
    levels=PD, typical=2600, pattern="working_day")
ind("admin.documents_signed_rate", "Tỷ lệ văn bản ký số", "Share of documents digitally signed", "%", levels=ALL, rollup="mean",
    direction="higher_is_better", thresholds=hi(95, 85), target={"value": 100, "by": "2025-12-31"}, typical=98)
AGENCIES = [
    ("noi_vu", "Sở Nội vụ", "Department of Home Affairs"), ("tu_phap", "Sở Tư pháp", "Department of Justice"),
    ("khdt", "Sở Kế hoạch và Đầu tư", "Department of Planning and Investment"), ("tai_chinh", "Sở Tài chính", "Department of Finance"),
    ("cong_thuong", "Sở Công Thương", "Department of Industry and Trade"), ("nong_nghiep", "Sở Nông nghiệp và PTNT", "Department of Agriculture and Rural Development"),
    ("gtvt", "Sở Giao thông vận tải", "Department of Transport"), ("xay_dung", "Sở Xây dựng", "Department of Construction"),
    ("tnmt", "Sở Tài nguyên và Môi trường", "Department of Natural Resources and Environment"), ("tttt", "Sở Thông tin và Truyền thông", "Department of Information and Communications"),
    ("ldtbxh", "Sở Lao động - Thương binh và Xã hội", "Department of Labour, Invalids and Social Affairs"), ("vhttdl", "Sở Văn hóa, Thể thao và Du lịch", "Department of Culture, Sports and Tourism"),
    ("khcn", "Sở Khoa học và Công nghệ", "Department of Science and Technology"), ("gddt", "Sở Giáo dục và Đào tạo", "Department of Education and Training"),
    ("y_te", "Sở Y tế", "Department of Health"), ("thanh_tra", "Thanh tra tỉnh", "Provincial Inspectorate"),
    ("bqlkcn", "Ban Quản lý các khu công nghiệp", "Industrial Parks Authority"), ("cong_an", "Công an tỉnh", "Provincial Police"),
    ("bhxh", "Bảo hiểm xã hội tỉnh", "Provincial Social Insurance"), ("thue", "Cục Thuế tỉnh", "Provincial Tax Department"),
]
for slug, vi, en in AGENCIES:
    base = f"admin.agency.{slug}"
    ind(f"{base}.received", f"Hồ sơ tiếp nhận - {vi}", f"Applications received - {en}", "hồ sơ", kind="integer",
        typical=60, pattern="working_day")
    ind(f"{base}.ontime_rate", f"Tỷ lệ đúng hạn - {vi}", f"On-time rate - {en}", "%", direction="higher_is_better",
        thresholds=hi(95, 90, 0.5), typical=98.6)
    ind(f"{base}.overdue", f"Hồ sơ quá hạn - {vi}", f"Overdue applications - {en}", "hồ sơ", kind="integer",
        direction="lower_is_better", thresholds=lo(5, 12, 1), typical=1)
    ind(f"{base}.online_rate", f"Tỷ lệ trực tuyến - {vi}", f"Online rate - {en}", "%", direction="higher_is_better",
        thresholds=hi(60, 45, 1), typical=74)

# ---------------------------------------------------------------- 2 Socio-economy and statistics
ind("econ.grdp_growth", "Tăng trưởng GRDP", "GRDP growth", "%", direction="higher_is_better", frequency="quarterly",
    thresholds=hi(5, 3), target={"value": 7, "by": "2025-12-31"}, typical=6.3, source=REPORT)
ind("econ.grdp", "Tổng sản phẩm trên địa bàn (GRDP)", "Gross regional domestic product", "tỷ đồng", frequency="quarterly",
    direction="higher_is_better", typical=23500)
ind("econ.grdp_per_capita", "GRDP bình quân đầu người", "GRDP per capita", "triệu đồng", frequency="yearly",
    direction="higher_is_better", typical=72)
ind("econ.digital_economy_share", "Tỷ trọng kinh tế số trong GRDP", "Digital economy share of GRDP", "%",
    direction="higher_is_better", frequency="yearly", target={"value": 10, "by": "2025-12-31"}, typical=7.6, source=REPORT)
ind("econ.digital_economy_rank", "Xếp hạng tỷ trọng kinh tế số (trên 63 tỉnh)", "Digital economy share rank (of 63)", "hạng",
    kind="integer", direction="lower_is_better", frequency="yearly", typical=27, source=REPORT)
ind("econ.enterprises", "Doanh nghiệp đang hoạt động", "Active enterprises", "DN", kind="integer", levels=PD,
    direction="higher_is_better", frequency="monthly", typical=3700, source=REPORT)
ind("econ.enterprises_new", "Doanh nghiệp thành lập mới trong tháng", "New enterprises this month", "DN", kind="integer",
    levels=PD, direction="higher_is_better", frequency="monthly", typical=85)
ind("econ.enterprises_closed", "Doanh nghiệp giải thể trong tháng", "Enterprises dissolved this month", "DN", kind="integer",
    levels=PD, direction="lower_is_better", frequency="monthly", typical=22, thresholds=lo(40, 60))
ind("econ.budget_revenue", "Thu ngân sách lũy kế", "Budget revenue, year to date", "tỷ đồng", levels=PD,
    direction="higher_is_better", typical=4800)
ind("econ.budget_revenue_rate", "Tỷ lệ thu ngân sách so dự toán", "Budget revenue against plan", "%", levels=PD,
    rollup="mean", direction="higher_is_better", typical=86, target={"value": 100, "by": "2025-12-31"})
ind("econ.budget_spending", "Chi ngân sách lũy kế", "Budget spending, year to date", "tỷ đồng", levels=PD, typical=7600)
ind("econ.public_investment_rate", "Tỷ lệ giải ngân vốn đầu tư công", "Public investment disbursed", "%", levels=PD,
    rollup="mean", direction="higher_is_better", frequency="monthly", thresholds=hi(60, 45), target={"value": 95, "by": "2025-12-31"}, typical=71)
ind("econ.fdi_projects", "Dự án FDI còn hiệu lực", "FDI projects in force", "dự án", kind="integer", frequency="monthly",
    direction="higher_is_better", typical=92)
ind("econ.fdi_capital", "Vốn FDI đăng ký lũy kế", "Registered FDI capital", "triệu USD", frequency="monthly",
    direction="higher_is_better", typical=1900)
ind("econ.ddi_capital", "Vốn đầu tư trong nước đăng ký", "Registered domestic investment", "tỷ đồng", frequency="monthly",
    direction="higher_is_better", typical=56000)
ind("econ.exports", "Kim ngạch xuất khẩu trong tháng", "Exports this month", "triệu USD", frequency="monthly",
    direction="higher_is_better", typical=190)
ind("econ.imports", "Kim ngạch nhập khẩu trong tháng", "Imports this month", "triệu USD", frequency="monthly", typical=85)
ind("econ.iip", "Chỉ số sản xuất công nghiệp (IIP)", "Index of industrial production", "%", frequency="monthly",
    direction="higher_is_better", typical=108)
for slug, vi, en, typ in [("processing", "Công nghiệp chế biến, chế tạo", "Manufacturing", 109), ("electricity", "Sản xuất và phân phối điện", "Electricity", 111),
                          ("water", "Cung cấp nước, xử lý rác thải", "Water and waste", 106), ("mining", "Khai khoáng", "Mining", 97),
                          ("coconut", "Chế biến sản phẩm dừa", "Coconut processing", 112), ("seafood", "Chế biến thủy sản", "Seafood processing", 104)]:
    ind(f"econ.iip.{slug}", f"IIP - {vi}", f"IIP - {en}", "%", frequency="monthly", direction="higher_is_better", typical=typ)
ind("econ.cpi", "Chỉ số giá tiêu dùng (CPI) so cùng kỳ", "Consumer price index, year on year", "%", frequency="monthly",
    direction="lower_is_better", thresholds=lo(104, 106), typical=103.2)
for slug, vi, en, typ in [("food", "Hàng ăn và dịch vụ ăn uống", "Food and catering", 103.9), ("beverage", "Đồ uống và thuốc lá", "Beverages and tobacco", 102.1),
                          ("clothing", "May mặc, mũ nón, giày dép", "Clothing and footwear", 101.6), ("housing", "Nhà ở, điện, nước, chất đốt", "Housing and utilities", 104.8),
                          ("household", "Thiết bị và đồ dùng gia đình", "Household goods", 101.9), ("health", "Thuốc và dịch vụ y tế", "Medicine and health", 102.4),
                          ("transport", "Giao thông", "Transport", 98.7), ("post", "Bưu chính viễn thông", "Post and telecoms", 99.6),
                          ("education", "Giáo dục", "Education", 106.1), ("culture", "Văn hóa, giải trí và du lịch", "Culture and tourism", 102.3),
                          ("other", "Hàng hóa và dịch vụ khác", "Other goods and services", 103.0)]:
    ind(f"econ.cpi.{slug}", f"CPI - {vi}", f"CPI - {en}", "%", frequency="monthly", direction="lower_is_better", typical=typ)
for slug, vi, en, typ in [("coconut", "Sản phẩm từ dừa", "Coconut products", 38), ("fruit", "Trái cây", "Fruit", 14),
                          ("seafood", "Thủy sản", "Seafood", 31), ("garment", "Dệt may", "Garments", 46), ("rice", "Gạo", "Rice", 4),
                          ("candy", "Kẹo dừa và bánh kẹo", "Coconut candy and confectionery", 6), ("seedlings", "Cây giống, hoa kiểng", "Seedlings and ornamentals", 3),
                          ("electronics", "Linh kiện điện tử", "Electronic components", 29)]:
    ind(f"econ.exports.{slug}", f"Xuất khẩu - {vi}", f"Exports - {en}", "triệu USD", frequency="monthly",
        direction="higher_is_better", typical=typ)
for slug, vi, en, typ in [("us", "Hoa Kỳ", "United States", 52), ("eu", "Liên minh châu Âu", "European Union", 31),
                          ("china", "Trung Quốc", "China", 27), ("japan", "Nhật Bản", "Japan", 14), ("korea", "Hàn Quốc", "South Korea", 9),
                          ("asean", "ASEAN", "ASEAN", 24), ("australia", "Úc", "Australia", 7), ("middle_east", "Trung Đông", "Middle East", 6)]:
    ind(f"econ.exports.market.{slug}", f"Xuất khẩu sang {vi}", f"Exports to {en}", "triệu USD", frequency="monthly",
        direction="higher_is_better", typical=typ)
ind("econ.retail_sales", "Tổng mức bán lẻ hàng hóa và dịch vụ", "Retail sales of goods and services", "tỷ đồng", levels=PD,
    frequency="monthly", direction="higher_is_better", typical=6900)
ind("econ.unemployment_rate", "Tỷ lệ thất nghiệp", "Unemployment rate", "%", frequency="quarterly",
    direction="lower_is_better", thresholds=lo(3, 4), typical=2.2)
ind("econ.jobs_created", "Lao động được giải quyết việc làm", "People placed in jobs", "người", kind="integer", levels=PD,
    frequency="monthly", direction="higher_is_better", typical=2100)
ind("econ.workers_abroad", "Lao động đi làm việc ở nước ngoài", "Workers placed abroad", "người", kind="integer",
    frequency="monthly", direction="higher_is_better", typical=95)
ind("econ.poverty_rate", "Tỷ lệ hộ nghèo", "Share of poor households", "%", levels=ALL, rollup="mean", frequency="yearly",
    direction="lower_is_better", thresholds=lo(3, 5), target={"value": 1.5, "by": "2025-12-31"}, typical=2.4)
ind("econ.near_poverty_rate", "Tỷ lệ hộ cận nghèo", "Share of near-poor households", "%", levels=ALL, rollup="mean",
    frequency="yearly", direction="lower_is_better", typical=3.9)
ind("econ.social_allowance", "Người hưởng trợ cấp xã hội hằng tháng", "People on monthly social allowances", "người",
    kind="integer", levels=ALL, frequency="monthly", typical=64000)
ind("econ.agri_output", "Giá trị sản xuất nông, lâm, thủy sản", "Agriculture, forestry and fishery output", "tỷ đồng",
    levels=PD, frequency="quarterly", direction="higher_is_better", typical=9800)
ind("econ.industry_output", "Giá trị sản xuất công nghiệp", "Industrial output", "tỷ đồng", levels=PD, frequency="monthly",
    direction="higher_is_better", typical=5200)
ind("econ.credit_balance", "Dư nợ tín dụng", "Outstanding credit", "tỷ đồng", frequency="monthly", typical=71000)
ind("econ.deposits", "Huy động vốn tại chỗ", "Local deposits", "tỷ đồng", frequency="monthly", direction="higher_is_better", typical=62000)
ind("econ.bad_debt_rate", "Tỷ lệ nợ xấu", "Non-performing loan ratio", "%", frequency="monthly", direction="lower_is_better",
    thresholds=lo(2, 3), typical=1.1)
ind("econ.new_rural_communes", "Xã đạt chuẩn nông thôn mới", "Communes meeting new-rural standards", "xã", kind="integer",
    levels=PD, frequency="quarterly", direction="higher_is_better", typical=118)
ind("econ.population", "Dân số trung bình", "Average population", "người", kind="integer", levels=ALL, frequency="yearly", typical=1297000)
ind("econ.industrial_park_occupancy", "Tỷ lệ lấp đầy khu công nghiệp", "Industrial park occupancy", "%", frequency="quarterly",
    direction="higher_is_better", thresholds=hi(60, 40), typical=77)
ind("econ.households_business", "Hộ kinh doanh cá thể", "Household businesses", "hộ", kind="integer", levels=ALL, frequency="quarterly", typical=71000)
ind("econ.tax_arrears", "Nợ thuế", "Tax arrears", "tỷ đồng", levels=PD, frequency="monthly", direction="lower_is_better", typical=310)

# ---------------------------------------------------------------- 3 Digital transformation
for slug, vi, en, typ in [("total", "Chỉ số DTI tổng hợp", "DTI composite", 0.52), ("government", "DTI - Chính quyền số", "DTI - digital government", 0.55),
                          ("economy", "DTI - Kinh tế số", "DTI - digital economy", 0.44), ("society", "DTI - Xã hội số", "DTI - digital society", 0.51)]:
    ind(f"digital.dti.{slug}", vi, en, "điểm", direction="higher_is_better", frequency="yearly", typical=typ, levels=PD, rollup="mean")
ind("digital.dti_rank", "Xếp hạng DTI (trên 63 tỉnh)", "DTI rank (of 63)", "hạng", kind="integer", direction="lower_is_better",
    frequency="yearly", typical=24)
for slug, vi, en, typ in [("province", "cấp tỉnh", "provincial", 100), ("district", "cấp huyện", "district", 100), ("commune", "cấp xã", "commune", 91.5)]:
    ind(f"digital.officials_computers.{slug}", f"CBCC {vi} có máy tính", f"{en.capitalize()} officials with computers", "%",
        direction="higher_is_better", frequency="yearly", thresholds=hi(90, 80), target={"value": 100, "by": "2025-12-31"},
        typical=typ, source=REPORT)
ind("digital.commune_officials_computers", "CBCC cấp xã có máy tính", "Commune officials with computers", "%", levels=PD,
    rollup="mean", direction="higher_is_better", frequency="yearly", thresholds=hi(90, 80), target={"value": 100, "by": "2025-12-31"}, typical=92)
ind("digital.data_network_rate", "Cơ quan kết nối mạng truyền số liệu chuyên dùng", "Agencies on the specialised data network", "%",
    levels=PD, rollup="mean", direction="higher_is_better", thresholds=hi(95, 85), typical=100)
ind("digital.video_conference_points", "Điểm cầu truyền hình trực tuyến", "Video conferencing points", "điểm", kind="integer",
    levels=PD, frequency="monthly", direction="higher_is_better", typical=187)
ind("digital.online_services_rate", "DVC trực tuyến toàn trình", "End-to-end online public services", "%", direction="higher_is_better",
    frequency="monthly", thresholds=hi(50, 35), target={"value": 80, "by": "2025-12-31"}, typical=63)
LGSP = [("portal", "Cổng Dịch vụ công quốc gia", "National Public Service Portal"), ("population", "CSDL quốc gia về dân cư", "National population database"),
        ("land", "CSDL đất đai", "Land database"), ("business", "Đăng ký doanh nghiệp", "Business registration"),
        ("civil", "Hộ tịch điện tử", "Electronic civil status"), ("insurance", "Bảo hiểm xã hội", "Social insurance"),
        ("tax", "Thuế điện tử", "E-tax"), ("treasury", "Kho bạc nhà nước", "State treasury"), ("education", "CSDL ngành giáo dục", "Education database"),
        ("health", "Hồ sơ sức khỏe điện tử", "Electronic health records")]
for slug, vi, en in LGSP:
    ind(f"digital.lgsp.{slug}.transactions", f"Giao dịch LGSP - {vi}", f"LGSP transactions - {en}", "giao dịch", kind="integer",
        frequency="hourly", typical=900, pattern="working_day", direction="higher_is_better")
    ind(f"digital.lgsp.{slug}.errors", f"Lỗi kết nối LGSP - {vi}", f"LGSP connection errors - {en}", "lỗi", kind="integer",
        frequency="hourly", direction="lower_is_better", thresholds=lo(20, 60, 2), typical=2)
ind("digital.lgsp_uptime", "Thời gian hoạt động nền tảng LGSP", "LGSP platform uptime", "%", frequency="realtime",
    direction="higher_is_better", thresholds=hi(99.5, 98, 0.1), typical=99.95)
ind("digital.data_center_uptime", "Thời gian hoạt động Trung tâm dữ liệu tỉnh", "Provincial data centre uptime", "%", frequency="realtime",
    direction="higher_is_better", thresholds=hi(99.5, 98, 0.1), typical=99.97)
ind("digital.ioc_uptime", "Thời gian hoạt động Trung tâm IOC", "Operation centre uptime", "%", frequency="realtime",
    direction="higher_is_better", thresholds=hi(99.5, 98, 0.1), typical=99.99)
ind("digital.smartphone_share", "Người trưởng thành có điện thoại thông minh", "Adults with a smartphone", "%", levels=ALL,
    rollup="mean", frequency="quarterly", direction="higher_is_better", target={"value": 95, "by": "2025-12-31"}, typical=86)
ind("digital.fibre_households", "Hộ gia đình có cáp quang", "Households with fibre broadband", "%", levels=ALL, rollup="mean",
    frequency="quarterly", direction="higher_is_better", target={"value": 80, "by": "2025-12-31"}, typical=74)
ind("digital.mobile_broadband", "Thuê bao băng rộng di động", "Mobile broadband subscriptions", "thuê bao", kind="integer",
    levels=PD, frequency="monthly", direction="higher_is_better", typical=1020000)
ind("digital.vneid_level2", "Tỷ lệ kích hoạt định danh điện tử mức 2", "Level-2 electronic ID activated", "%", levels=ALL,
    rollup="mean", frequency="daily", direction="higher_is_better", thresholds=hi(70, 55), target={"value": 90, "by": "2025-12-31"}, typical=78)
ind("digital.cashless_share", "Tỷ lệ thanh toán không dùng tiền mặt", "Cashless payment share", "%", levels=PD, rollup="mean",
    frequency="monthly", direction="higher_is_better", typical=63)
for slug, vi, en, typ in [("platforms", "sử dụng nền tảng số", "use digital platforms", 100), ("etax", "nộp thuế điện tử", "pay taxes electronically", 100),
                          ("signature", "sử dụng chữ ký số", "use digital signatures", 100),
                          ("einvoice", "sử dụng hóa đơn điện tử", "use electronic invoices", 10)]:
    ind(f"digital.sme.{slug}", f"DNNVV {vi}", f"SMEs that {en}", "%", direction="higher_is_better", frequency="yearly",
        typical=typ, source=REPORT, description="The report gives both 10% and 100% for e-invoices; the figure recorded is 10%." if slug == "einvoice" else None)
ind("digital.vn_websites", "Doanh nghiệp có website tên miền .vn", "Enterprises with a .vn website", "DN", kind="integer",
    direction="higher_is_better", frequency="yearly", typical=2550, source=REPORT)
ind("digital.vn_website_share", "Tỷ lệ doanh nghiệp có website .vn", "Share of enterprises with a .vn website", "%",
    direction="higher_is_better", frequency="yearly", typical=70, source=REPORT)
ind("digital.it_enterprises", "Doanh nghiệp công nghệ thông tin", "IT enterprises", "DN", kind="integer",
    direction="higher_is_better", frequency="yearly", typical=55, source=REPORT)
ind("digital.dx_supported_enterprises", "Doanh nghiệp được hỗ trợ chuyển đổi số", "Enterprises supported in digital transformation",
    "DN", kind="integer", direction="higher_is_better", frequency="monthly", target={"value": 1000, "by": "2025-12-31"}, typical=640,
    description="Programme to support the digital transformation of 1,000 enterprises.")
for slug, vi, en, typ in [("total", "Điểm phục vụ bưu chính", "Postal service points", 203), ("offices", "Bưu cục", "Post offices", 56),
                          ("cultural", "Điểm Bưu điện - Văn hóa xã", "Commune cultural post offices", 123), ("agents", "Đại lý bưu chính", "Postal agents", 12),
                          ("branches", "Chi nhánh, văn phòng đại diện DN bưu chính", "Branches of postal enterprises", 12)]:
    ind(f"digital.postal.{slug}", vi, en, "điểm", kind="integer", direction="higher_is_better", frequency="yearly", typical=typ, source=REPORT)
ind("digital.postal_points", "Điểm phục vụ bưu chính (theo huyện)", "Postal service points by district", "điểm", kind="integer",
    levels=PD, direction="higher_is_better", frequency="yearly", typical=203)
ind("digital.postal_enterprises", "Doanh nghiệp bưu chính, chuyển phát", "Postal and delivery enterprises", "DN", kind="integer",
    frequency="yearly", typical=14, source=REPORT)
ind("digital.telecom_enterprises", "Doanh nghiệp viễn thông", "Telecommunications enterprises", "DN", kind="integer",
    frequency="yearly", typical=7, source=REPORT)
ind("digital.communes_post_office", "Xã có điểm phục vụ bưu chính", "Communes with a postal service point", "%",
    direction="higher_is_better", frequency="yearly", thresholds=hi(100, 95), typical=100, source=REPORT)
ind("digital.cyber_incidents", "Sự cố an toàn thông tin", "Cybersecurity incidents", "sự cố", kind="integer", levels=PD,
    direction="lower_is_better", thresholds=lo(3, 8), typical=0.6)
ind("digital.malware_blocked", "Mã độc bị chặn", "Malware blocked", "lượt", kind="integer", frequency="hourly", typical=140)
ind("digital.systems_security_approved", "Hệ thống được phê duyệt cấp độ an toàn", "Systems with an approved security level", "%",
    frequency="quarterly", direction="higher_is_better", thresholds=hi(90, 75), target={"value": 100, "by": "2025-12-31"}, typical=94)
ind("digital.public_wifi", "Điểm Wi-Fi công cộng", "Public Wi-Fi points", "điểm", kind="integer", levels=PD, frequency="monthly",
    direction="higher_is_better", typical=410)
ind("digital.community_teams", "Thành viên tổ công nghệ số cộng đồng", "Community digital technology team members", "người",
    kind="integer", levels=ALL, frequency="monthly", direction="higher_is_better", typical=9800)
ind("digital.open_data_sets", "Bộ dữ liệu mở công bố", "Open data sets published", "bộ", kind="integer", frequency="monthly",
    direction="higher_is_better", target={"value": 120, "by": "2025-12-31"}, typical=86)
ind("digital.ioc_users", "Người dùng ứng dụng IOC trên di động", "IOC mobile app users", "người", kind="integer", frequency="daily",
    direction="higher_is_better", typical=1250)
ind("digital.digital_records_citizens", "Người dân có tài khoản định danh trên Cổng DVC", "Citizens with a public-service account", "người",
    kind="integer", levels=PD, frequency="daily", direction="higher_is_better", typical=690000)

# ---------------------------------------------------------------- 4 Health
HOSPITALS = [("nguyen_dinh_chieu", "Bệnh viện Nguyễn Đình Chiểu", "Nguyen Dinh Chieu General Hospital", 1100),
             ("ydct", "Bệnh viện Y học cổ truyền", "Traditional Medicine Hospital", 250),
             ("lao", "Bệnh viện Lao và Bệnh phổi", "Tuberculosis and Lung Hospital", 180),
             ("tam_than", "Bệnh viện Tâm thần", "Psychiatric Hospital", 150),
             ("minh_duc", "Bệnh viện Đa khoa Minh Đức", "Minh Duc General Hospital", 300)]
for code, name, name_en, _ in DISTRICTS:
    HOSPITALS.append((f"ttyt_{code}", f"Trung tâm Y tế {name}", f"{name_en} Medical Centre", 180))
for slug, vi, en, beds in HOSPITALS:
    base = f"health.hospital.{slug}"
    ind(f"{base}.occupancy", f"Công suất giường - {vi}", f"Bed occupancy - {en}", "%", direction="lower_is_better",
        frequency="hourly", thresholds=lo(95, 110, 2), typical=86, pattern="hospital")
    ind(f"{base}.er_waiting", f"Chờ cấp cứu - {vi}", f"Waiting in emergency - {en}", "người", kind="integer",
        direction="lower_is_better", frequency="15m", thresholds=lo(beds // 40 + 8, beds // 25 + 14, 2), for_="15m",
        typical=max(3, beds // 90), pattern="hospital")
    ind(f"{base}.outpatients", f"Lượt khám ngoại trú - {vi}", f"Outpatient visits - {en}", "lượt", kind="integer",
        frequency="hourly", typical=beds * 2, pattern="working_day")
ind("health.beds", "Giường bệnh kế hoạch", "Planned hospital beds", "giường", kind="integer", levels=PD, frequency="yearly", typical=4200)
ind("health.occupied_beds", "Giường bệnh đang sử dụng", "Occupied hospital beds", "giường", kind="integer", levels=PD,
    frequency="hourly", typical=3450, pattern="hospital")
ratio("health.bed_occupancy", "Công suất sử dụng giường bệnh", "Hospital bed occupancy", "health.occupied_beds", "health.beds",
      direction="lower_is_better", thresholds=lo(95, 110, 2), frequency="hourly")
ind("health.er_waiting", "Bệnh nhân chờ cấp cứu", "Patients waiting in emergency", "người", kind="integer", levels=PD,
    direction="lower_is_better", frequency="15m", thresholds=lo(60, 100, 3), for_="15m", typical=34, pattern="hospital")
ind("health.outpatient_visits", "Lượt khám bệnh trong ngày", "Outpatient visits today", "lượt", kind="integer", levels=ALL,
    typical=9500, pattern="working_day")
ind("health.ambulance_response", "Thời gian cấp cứu 115 tiếp cận", "Time for 115 ambulances to reach patients", "phút",
    levels=PD, rollup="mean", direction="lower_is_better", thresholds=lo(20, 30, 1), frequency="hourly", typical=13)
for slug, vi, en, typ, w, c in [("dengue", "Sốt xuất huyết", "Dengue", 95, 180, 300), ("hfmd", "Tay chân miệng", "Hand, foot and mouth disease", 40, 90, 160),
                                ("measles", "Sởi", "Measles", 3, 10, 25), ("covid", "COVID-19", "COVID-19", 6, 40, 100),
                                ("influenza", "Cúm", "Influenza", 120, 300, 500), ("diarrhoea", "Tiêu chảy", "Diarrhoea", 150, 350, 600),
                                ("rabies_bites", "Phơi nhiễm dại", "Rabies exposures", 70, 150, 250), ("tb", "Lao phổi mới", "New pulmonary TB", 28, 60, 90)]:
    ind(f"health.cases.{slug}", f"Ca {vi} trong tuần", f"{en} cases this week", "ca", kind="integer", levels=ALL,
        direction="lower_is_better", thresholds=lo(w, c, max(1, w // 20)), typical=typ)
for slug, vi, en in [("bcg", "Lao (BCG)", "BCG"), ("hepb", "Viêm gan B sơ sinh", "Hepatitis B birth dose"), ("dtp", "5 trong 1 (DPT-VGB-Hib)", "Pentavalent"),
                     ("polio", "Bại liệt (OPV/IPV)", "Polio"), ("measles", "Sởi - Rubella", "Measles-rubella"), ("je", "Viêm não Nhật Bản", "Japanese encephalitis"),
                     ("tetanus", "Uốn ván cho phụ nữ có thai", "Tetanus for pregnant women"), ("full", "Tiêm chủng đầy đủ", "Full immunisation")]:
    ind(f"health.vaccination.{slug}", f"Tỷ lệ tiêm chủng - {vi}", f"Immunisation coverage - {en}", "%", levels=ALL, rollup="mean",
        frequency="monthly", direction="higher_is_better", thresholds=hi(95, 90), target={"value": 98, "by": "2025-12-31"}, typical=97)
ind("health.insurance_coverage", "Tỷ lệ bao phủ bảo hiểm y tế", "Health insurance coverage", "%", levels=ALL, rollup="mean",
    frequency="monthly", direction="higher_is_better", thresholds=hi(90, 85), target={"value": 95, "by": "2025-12-31"}, typical=93)
ind("health.ehr_rate", "Người dân có hồ sơ sức khỏe điện tử", "People with an electronic health record", "%", levels=ALL,
    rollup="mean", frequency="monthly", direction="higher_is_better", target={"value": 90, "by": "2025-12-31"}, typical=81)
ind("health.doctors_per_10k", "Bác sĩ trên 10.000 dân", "Doctors per 10,000 people", "bác sĩ", levels=PD, rollup="mean",
    frequency="yearly", direction="higher_is_better", typical=10.2)
ind("health.stations_standard", "Trạm y tế xã đạt chuẩn quốc gia", "Commune health stations meeting national standards", "%",
    levels=PD, rollup="mean", frequency="yearly", direction="higher_is_better", typical=96)
ind("health.food_poisoning", "Ngộ độc thực phẩm", "Food poisoning cases", "ca", kind="integer", levels=PD, direction="lower_is_better",
    thresholds=lo(10, 30), typical=0.4)
ind("health.blood_units", "Đơn vị máu dự trữ", "Blood units in reserve", "đơn vị", kind="integer", direction="higher_is_better",
    thresholds=hi(400, 250, 10), typical=760)
ind("health.drug_stock_days", "Số ngày dự trữ thuốc thiết yếu", "Days of essential medicines in stock", "ngày",
    direction="higher_is_better", thresholds=hi(30, 14), typical=58)
ind("health.births", "Trẻ sinh trong tháng", "Births this month", "trẻ", kind="integer", levels=ALL, frequency="monthly", typical=1100)
ind("health.malnutrition_rate", "Trẻ dưới 5 tuổi suy dinh dưỡng thể thấp còi", "Stunting among children under five", "%",
    levels=PD, rollup="mean", frequency="yearly", direction="lower_is_better", thresholds=lo(15, 20), typical=11.4)

# ---------------------------------------------------------------- 5 Education
LEVELS = [("preschool", "Mầm non", "Preschool"), ("primary", "Tiểu học", "Primary"), ("lower", "THCS", "Lower secondary"),
          ("upper", "THPT", "Upper secondary"), ("continuing", "GDTX", "Continuing education")]
for slug, vi, en in LEVELS:
    base = f"edu.{slug}"
    ind(f"{base}.students", f"Học sinh {vi}", f"{en} students", "học sinh", kind="integer", levels=PD, frequency="quarterly",
        typical={"preschool": 52000, "primary": 98000, "lower": 74000, "upper": 39000, "continuing": 6100}[slug])
    ind(f"{base}.attendance", f"Chuyên cần {vi}", f"{en} attendance", "%", levels=PD, rollup="mean", direction="higher_is_better",
        thresholds=hi(95, 90, 0.5), typical=98, pattern="working_day_rate")
    ind(f"{base}.enrolment", f"Tỷ lệ huy động {vi}", f"{en} enrolment rate", "%", levels=PD, rollup="mean", frequency="yearly",
        direction="higher_is_better", thresholds=hi(95, 90), typical=98.5)
    ind(f"{base}.dropout", f"Tỷ lệ bỏ học {vi}", f"{en} dropout rate", "%", levels=PD, rollup="mean", frequency="quarterly",
        direction="lower_is_better", thresholds=lo(1, 2), typical=0.4)
    ind(f"{base}.teachers", f"Giáo viên {vi}", f"{en} teachers", "giáo viên", kind="integer", levels=PD, frequency="yearly",
        typical={"preschool": 3400, "primary": 5600, "lower": 4300, "upper": 2300, "continuing": 380}[slug])
    ind(f"{base}.teacher_shortage", f"Giáo viên còn thiếu - {vi}", f"{en} teacher shortfall", "giáo viên", kind="integer",
        levels=PD, frequency="quarterly", direction="lower_is_better", thresholds=lo(150, 300), typical=90)
    ind(f"{base}.schools_standard", f"Trường {vi} đạt chuẩn quốc gia", f"{en} schools meeting national standards", "%",
        levels=PD, rollup="mean", frequency="yearly", direction="higher_is_better", target={"value": 85, "by": "2025-12-31"}, typical=78)
    ind(f"{base}.class_size", f"Sĩ số bình quân lớp {vi}", f"{en} average class size", "học sinh", levels=PD, rollup="mean",
        frequency="yearly", direction="lower_is_better", thresholds=lo(40, 45), typical=33)
ind("edu.attendance_rate", "Tỷ lệ học sinh đi học", "School attendance", "%", levels=ALL, rollup="mean", direction="higher_is_better",
    thresholds=hi(95, 90, 0.5), typical=98, pattern="working_day_rate")
ind("edu.dropout_rate", "Tỷ lệ học sinh bỏ học", "School dropout rate", "%", levels=PD, rollup="mean", frequency="quarterly",
    direction="lower_is_better", thresholds=lo(1, 2), typical=0.5)
ind("edu.schools_online", "Trường kết nối Internet cáp quang", "Schools on fibre internet", "trường", kind="integer", levels=PD,
    frequency="monthly", direction="higher_is_better", typical=520)
ind("edu.graduation_rate", "Tỷ lệ tốt nghiệp THPT", "Upper-secondary graduation rate", "%", levels=PD, rollup="mean",
    frequency="yearly", direction="higher_is_better", thresholds=hi(95, 90), typical=99.2)
for slug, vi, en, typ in [("math", "Toán", "Mathematics", 6.4), ("literature", "Ngữ văn", "Literature", 7.1), ("english", "Tiếng Anh", "English", 5.5),
                          ("physics", "Vật lý", "Physics", 6.6), ("chemistry", "Hóa học", "Chemistry", 6.7), ("biology", "Sinh học", "Biology", 6.2),
                          ("history", "Lịch sử", "History", 6.3), ("geography", "Địa lý", "Geography", 7.0)]:
    ind(f"edu.exam.{slug}", f"Điểm thi tốt nghiệp bình quân - {vi}", f"Average graduation exam score - {en}", "điểm", levels=PD,
        rollup="mean", frequency="yearly", direction="higher_is_better", typical=typ)
ind("edu.digital_transcripts", "Học bạ số", "Digital school records", "%", levels=PD, rollup="mean", frequency="monthly",
    direction="higher_is_better", target={"value": 100, "by": "2025-12-31"}, typical=84)
ind("edu.online_learning_users", "Người dùng nền tảng học trực tuyến", "Online learning platform users", "người", kind="integer",
    levels=PD, frequency="daily", typical=41000, pattern="working_day")
ind("edu.cashless_fees", "Trường thu học phí không dùng tiền mặt", "Schools collecting fees cashless", "%", levels=PD, rollup="mean",
    frequency="monthly", direction="higher_is_better", target={"value": 100, "by": "2025-12-31"}, typical=91)
ind("edu.school_meals", "Học sinh được hỗ trợ bữa ăn", "Students receiving meal support", "học sinh", kind="integer", levels=PD,
    frequency="monthly", typical=8600)
ind("edu.scholarships", "Học bổng được trao trong tháng", "Scholarships awarded this month", "suất", kind="integer", levels=PD,
    frequency="monthly", typical=420)
ind("edu.school_incidents", "Sự cố an toàn trường học", "School safety incidents", "vụ", kind="integer", levels=ALL,
    direction="lower_is_better", thresholds=lo(2, 5), typical=0.2)
ind("edu.literacy_rate", "Tỷ lệ người biết chữ (15-60 tuổi)", "Literacy rate, ages 15-60", "%", levels=PD, rollup="mean",
    frequency="yearly", direction="higher_is_better", typical=98.9)
ind("edu.vocational_trainees", "Người được đào tạo nghề", "People in vocational training", "người", kind="integer", levels=PD,
    frequency="monthly", direction="higher_is_better", typical=2300)
ind("edu.trained_labour_rate", "Tỷ lệ lao động qua đào tạo", "Share of trained workers", "%", frequency="yearly",
    direction="higher_is_better", target={"value": 70, "by": "2025-12-31"}, typical=67)

# ---------------------------------------------------------------- 6 Agriculture and salinity
STATIONS = [("ham_luong_son_doc", "Hàm Luông - Sơn Đốc", "834"), ("ham_luong_an_thuan", "Hàm Luông - An Thuận", "837"),
            ("ham_luong_phu_khanh", "Hàm Luông - Phú Khánh", "837"), ("ham_luong_my_thanh_an", "Hàm Luông - Mỹ Thạnh An", "829"),
            ("co_chien_huong_my", "Cổ Chiên - Hương Mỹ", "833"), ("co_chien_thanh_phu", "Cổ Chiên - Thạnh Phú", "837"),
            ("co_chien_cam_son", "Cổ Chiên - Cẩm Sơn", "833"), ("co_chien_tan_thieng", "Cổ Chiên - Tân Thiềng", "832"),
            ("ba_lai_tan_my", "Ba Lai - Tân Mỹ", "836"), ("ba_lai_cau_ba_lai", "Ba Lai - Cầu Ba Lai", "836"),
            ("ba_lai_giao_hoa", "Ba Lai - Giao Hòa", "831"), ("cua_dai_binh_dai", "Cửa Đại - Bình Đại", "835"),
            ("cua_dai_loc_thuan", "Cửa Đại - Lộc Thuận", "835"), ("cua_dai_giao_long", "Cửa Đại - Giao Long", "831"),
            ("my_tho_an_hoa", "Sông Mỹ Tho - An Hóa", "831"), ("ben_tre_phu_khuong", "Sông Bến Tre - Phú Khương", "829"),
            ("chet_say", "Rạch Chẹt Sậy", "829"), ("giong_trom_phong_nam", "Kênh Phong Nẫm", "834"),
            ("mo_cay_thi_tran", "Sông Mỏ Cày", "833"), ("mo_cay_bac_tan_thanh_binh", "Sông Cái Quao", "838"),
            ("cho_lach_vinh_thanh", "Sông Cổ Chiên - Vĩnh Thành", "832"), ("thanh_phu_giao_thanh", "Giao Thạnh", "837"),
            ("ba_tri_an_hoa_tay", "Sông Hàm Luông - An Hòa Tây", "836"), ("binh_dai_thua_duc", "Thừa Đức", "835"),
            ("chau_thanh_tien_thuy", "Sông Tiền - Tiên Thủy", "831")]
for slug, vi, district in STATIONS:
    ind(f"agri.salinity.station.{slug}", f"Độ mặn - {vi}", f"Salinity at {slug.replace('_', ' ').title()}", "‰",
        direction="lower_is_better", frequency="realtime", thresholds=lo(4, 8, 0.3), for_="10m", typical=2.6, pattern="tide_salinity",
        description=f"Continuous salinity sensor; district {district}.")
for slug, vi in [("ham_luong", "sông Hàm Luông"), ("co_chien", "sông Cổ Chiên"), ("ba_lai", "sông Ba Lai"), ("cua_dai", "sông Cửa Đại"),
                 ("my_tho", "sông Mỹ Tho"), ("ben_tre", "sông Bến Tre"), ("an_thuan", "cửa An Thuận"), ("binh_dai", "cửa Bình Đại"),
                 ("ba_tri", "cửa Ba Lai"), ("thanh_phu", "cửa Cổ Chiên")]:
    ind(f"agri.water_level.{slug}", f"Mực nước {vi}", f"Water level, {slug.replace('_', ' ').title()}", "cm", frequency="15m",
        thresholds={"warning": {"above": 160, "below": -160}, "critical": {"above": 185, "below": -190}, "clear": 5},
        typical=10, pattern="tide_level")
ind("agri.salinity.max", "Độ mặn cao nhất", "Peak salinity", "‰", levels=PD, rollup="max", direction="lower_is_better",
    frequency="realtime", thresholds=lo(4, 8, 0.3), for_="10m", typical=3.1, pattern="tide_salinity",
    description="Highest salinity measured in each district, rolled up to the province by maximum.")
ind("agri.water_level", "Mực nước sông Hàm Luông (Mỹ Hóa)", "Ham Luong river water level at My Hoa", "cm", frequency="15m",
    thresholds={"warning": {"above": 160, "below": -160}, "critical": {"above": 185, "below": -190}, "clear": 5}, typical=10, pattern="tide_level")
ind("agri.freshwater_reserve", "Lượng nước ngọt dự trữ", "Freshwater in reserve", "nghìn m³", levels=PD, direction="higher_is_better",
    thresholds=hi(3000, 1500, 50), typical=5200)
ind("agri.sluice_open_rate", "Cống ngăn mặn đang mở", "Salinity sluice gates open", "%", levels=PD, rollup="mean", frequency="hourly",
    typical=45, pattern="tide_level_rate")
ind("agri.drought_households", "Hộ thiếu nước sinh hoạt", "Households short of domestic water", "hộ", kind="integer", levels=ALL,
    direction="lower_is_better", thresholds=lo(500, 2000, 20), typical=120)
ind("agri.rice_affected", "Diện tích lúa bị ảnh hưởng mặn", "Rice area hit by salinity", "ha", levels=PD, direction="lower_is_better",
    thresholds=lo(500, 2000, 20), typical=90)
ind("agri.fruit_affected", "Diện tích cây ăn trái bị ảnh hưởng mặn", "Orchard area hit by salinity", "ha", levels=PD,
    direction="lower_is_better", thresholds=lo(300, 1200, 20), typical=40)
CROP_AREA = {}
for slug, vi, en, typ in [("coconut", "Dừa", "Coconut", 79000), ("fruit", "Cây ăn trái", "Fruit trees", 33000), ("rice", "Lúa", "Rice", 11000),
                          ("vegetable", "Rau màu", "Vegetables", 7800), ("seedlings", "Cây giống, hoa kiểng", "Seedlings and ornamentals", 9000),
                          ("cocoa", "Ca cao", "Cocoa", 600), ("sugarcane", "Mía", "Sugar cane", 1200)]:
    CROP_AREA[slug] = typ
    ind(f"agri.area.{slug}", f"Diện tích {vi}", f"{en} area", "ha", levels=PD, frequency="quarterly", typical=typ)
for slug, vi, en, unit, typ in [("coconut", "Sản lượng dừa", "Coconut harvest", "triệu trái", 710), ("fruit", "Sản lượng trái cây", "Fruit harvest", "tấn", 380000),
                                ("rice", "Sản lượng lúa", "Rice harvest", "tấn", 52000), ("shrimp", "Sản lượng tôm nuôi", "Farmed shrimp", "tấn", 46000),
                                ("fish", "Sản lượng cá nuôi", "Farmed fish", "tấn", 210000), ("clam", "Sản lượng nghêu", "Clams", "tấn", 26000),
                                ("catch", "Sản lượng khai thác thủy sản", "Fish catch", "tấn", 190000)]:
    ind(f"agri.output.{slug}", vi, en, unit, levels=PD, frequency="quarterly", direction="higher_is_better", typical=typ)
for slug, vi, en, unit, typ in [("dried_coconut", "Giá dừa khô", "Dried coconut price", "đ/trái", 9500), ("fresh_coconut", "Giá dừa xiêm xanh", "Green coconut price", "đ/trái", 7000),
                                ("durian", "Giá sầu riêng Ri6", "Ri6 durian price", "đ/kg", 68000), ("rambutan", "Giá chôm chôm", "Rambutan price", "đ/kg", 17000),
                                ("pomelo", "Giá bưởi da xanh", "Green-skin pomelo price", "đ/kg", 42000), ("shrimp", "Giá tôm thẻ chân trắng", "Whiteleg shrimp price", "đ/kg", 105000),
                                ("pangasius", "Giá cá tra", "Pangasius price", "đ/kg", 27000), ("pig", "Giá heo hơi", "Live pig price", "đ/kg", 61000),
                                ("rice", "Giá lúa tươi", "Fresh paddy price", "đ/kg", 6900), ("longan", "Giá nhãn", "Longan price", "đ/kg", 21000)]:
    ind(f"agri.price.{slug}", vi, en, unit, kind="integer", direction="higher_is_better", typical=typ)
ind("agri.coconut_price", "Giá dừa khô (bình quân)", "Dried coconut price (average)", "đ/trái", kind="integer", direction="higher_is_better", typical=9500)
for slug, vi, en, typ in [("pigs", "Đàn heo", "Pig herd", 380000), ("cattle", "Đàn bò", "Cattle herd", 240000), ("poultry", "Đàn gia cầm", "Poultry flock", 9800000),
                          ("goats", "Đàn dê", "Goat herd", 130000)]:
    ind(f"agri.livestock.{slug}", vi, en, "con", kind="integer", levels=PD, frequency="quarterly", typical=typ)
ind("agri.asf_outbreaks", "Ổ dịch tả heo châu Phi", "African swine fever outbreaks", "ổ dịch", kind="integer", levels=ALL,
    direction="lower_is_better", thresholds=lo(1, 5), typical=0.1)
ind("agri.bird_flu_outbreaks", "Ổ dịch cúm gia cầm", "Avian influenza outbreaks", "ổ dịch", kind="integer", levels=PD,
    direction="lower_is_better", thresholds=lo(1, 3), typical=0.05)
ind("agri.shrimp_area", "Diện tích nuôi tôm", "Shrimp farming area", "ha", levels=PD, frequency="monthly", typical=44000)
ind("agri.shrimp_disease_area", "Diện tích tôm bị bệnh", "Shrimp area with disease", "ha", levels=PD, direction="lower_is_better",
    thresholds=lo(200, 800, 10), typical=60)
ind("agri.fishing_boats", "Tàu cá hoạt động", "Fishing boats active", "tàu", kind="integer", levels=PD, frequency="daily", typical=3900)
ind("agri.vms_signal_lost", "Tàu cá mất kết nối giám sát hành trình", "Fishing boats with no VMS signal", "tàu", kind="integer",
    frequency="hourly", direction="lower_is_better", thresholds=lo(10, 25, 1), typical=3)
ind("agri.irrigation_canals_dredged", "Kênh thủy lợi được nạo vét", "Irrigation canals dredged", "km", levels=PD, frequency="monthly",
    direction="higher_is_better", typical=36)
ind("agri.ocop_products", "Sản phẩm OCOP", "OCOP products", "sản phẩm", kind="integer", levels=PD, frequency="quarterly",
    direction="higher_is_better", typical=240)
ind("agri.cooperatives", "Hợp tác xã nông nghiệp hoạt động", "Agricultural cooperatives active", "HTX", kind="integer", levels=PD,
    frequency="quarterly", typical=130)
ind("agri.rainfall_24h", "Lượng mưa 24 giờ (nông nghiệp)", "Rainfall, last 24 hours (agriculture)", "mm", levels=PD, rollup="mean",
    frequency="hourly", typical=6)

# ---------------------------------------------------------------- 7 Natural resources and environment
AIR = [("ben_tre", "TP Bến Tre", "829"), ("chau_thanh", "Châu Thành", "831"), ("giao_long_kcn", "KCN Giao Long", "831"),
       ("an_hiep_kcn", "KCN An Hiệp", "831"), ("mo_cay", "Mỏ Cày", "833"), ("giong_trom", "Giồng Trôm", "834"),
       ("binh_dai", "Bình Đại", "835"), ("ba_tri", "Ba Tri", "836")]
for slug, vi, _ in AIR:
    ind(f"env.aqi.{slug}", f"AQI trạm {vi}", f"AQI at {vi}", "AQI", kind="integer", direction="lower_is_better", frequency="realtime",
        thresholds=lo(100, 150, 5), for_="15m", typical=58, pattern="rush_hours_air")
    ind(f"env.pm25.{slug}", f"PM2.5 trạm {vi}", f"PM2.5 at {vi}", "µg/m³", direction="lower_is_better", frequency="realtime",
        thresholds=lo(50, 75, 2), typical=24, pattern="rush_hours_air")
    ind(f"env.noise.{slug}", f"Tiếng ồn trạm {vi}", f"Noise at {vi}", "dBA", direction="lower_is_better", frequency="15m",
        thresholds=lo(70, 80, 1), typical=62, pattern="rush_hours")
ind("env.aqi", "Chỉ số chất lượng không khí", "Air quality index", "AQI", kind="integer", levels=PD, rollup="max",
    direction="lower_is_better", frequency="realtime", thresholds=lo(100, 150, 5), for_="15m", typical=60, pattern="rush_hours_air")
ind("env.pm25", "Bụi mịn PM2.5", "Fine dust PM2.5", "µg/m³", levels=PD, rollup="mean", direction="lower_is_better",
    frequency="realtime", thresholds=lo(50, 75, 2), typical=25, pattern="rush_hours_air")
WATER = [("ham_luong", "Hàm Luông"), ("co_chien", "Cổ Chiên"), ("ba_lai", "Ba Lai"), ("cua_dai", "Cửa Đại"), ("ben_tre", "Sông Bến Tre"),
         ("giao_long", "Rạch Giao Long"), ("cai_mon", "Kênh Cái Mơn"), ("mo_cay", "Sông Mỏ Cày"), ("ba_tri", "Rạch Ba Tri"), ("an_hiep", "Rạch An Hiệp")]
for slug, vi in WATER:
    ind(f"env.water.{slug}.do", f"Oxy hòa tan (DO) - {vi}", f"Dissolved oxygen - {vi}", "mg/L", direction="higher_is_better",
        frequency="hourly", thresholds=hi(4, 2, 0.2), typical=5.6, pattern="daily")
    ind(f"env.water.{slug}.cod", f"COD - {vi}", f"Chemical oxygen demand - {vi}", "mg/L", direction="lower_is_better",
        frequency="hourly", thresholds=lo(15, 30, 1), typical=9)
    ind(f"env.water.{slug}.ph", f"pH - {vi}", f"pH - {vi}", "pH", frequency="hourly",
        thresholds={"warning": {"above": 8.5, "below": 6.0}, "critical": {"above": 9.0, "below": 5.5}, "clear": 0.1}, typical=7.2)
ind("env.temperature", "Nhiệt độ không khí", "Air temperature", "°C", levels=PD, rollup="mean", frequency="15m",
    thresholds={"warning": {"above": 36, "below": 18}, "critical": {"above": 39, "below": 14}, "clear": 0.5}, typical=28.5, pattern="daily_temperature")
ind("env.humidity", "Độ ẩm không khí", "Relative humidity", "%", levels=PD, rollup="mean", frequency="15m", typical=79, pattern="daily_inverse")
ind("env.rainfall", "Lượng mưa 24 giờ", "Rainfall, last 24 hours", "mm", levels=PD, rollup="mean", frequency="hourly",
    thresholds={"warning": {"above": 100}, "critical": {"above": 200}, "clear": 5}, typical=7)
ind("env.wind_speed", "Tốc độ gió ven biển", "Coastal wind speed", "m/s", frequency="15m",
    thresholds={"warning": {"above": 14}, "critical": {"above": 20}, "clear": 1}, typical=5.5, pattern="daily")
ind("env.waste_generated", "Chất thải rắn sinh hoạt phát sinh", "Household solid waste generated", "tấn/ngày", levels=PD, typical=560)
ind("env.waste_collected", "Chất thải rắn sinh hoạt được thu gom", "Household solid waste collected", "tấn/ngày", levels=PD, typical=515)
ratio("env.waste_collection_rate", "Tỷ lệ thu gom chất thải rắn", "Solid waste collection rate", "env.waste_collected", "env.waste_generated",
      thresholds=hi(85, 70, 1), target={"value": 95, "by": "2025-12-31"})
ind("env.landfill_remaining", "Công suất bãi chôn lấp còn lại", "Landfill capacity remaining", "%", direction="higher_is_better",
    frequency="monthly", thresholds=hi(20, 10), typical=38)
for slug, vi in [("giao_long", "KCN Giao Long"), ("an_hiep", "KCN An Hiệp"), ("phu_thuan", "KCN Phú Thuận")]:
    ind(f"env.wastewater.{slug}", f"Nước thải được xử lý - {vi}", f"Wastewater treated - {vi}", "%", direction="higher_is_better",
        frequency="hourly", thresholds=hi(95, 85, 1), typical=99)
ind("env.erosion_points", "Điểm sạt lở bờ sông, bờ biển", "Riverbank and coastal erosion points", "điểm", kind="integer", levels=PD,
    direction="lower_is_better", frequency="weekly" if False else "daily", thresholds=lo(30, 45), typical=22)
ind("env.erosion_length", "Chiều dài sạt lở", "Length of eroded banks", "m", levels=PD, direction="lower_is_better", typical=2900)
ind("env.mangrove_area", "Diện tích rừng ngập mặn", "Mangrove forest area", "ha", levels=PD, frequency="yearly",
    direction="higher_is_better", typical=4500)
ind("env.forest_fire_level", "Cấp dự báo cháy rừng", "Forest fire danger level", "cấp", kind="integer", frequency="daily",
    direction="lower_is_better", thresholds=lo(4, 5), typical=2)
ind("env.complaints", "Phản ánh ô nhiễm môi trường", "Pollution complaints", "phản ánh", kind="integer", levels=ALL,
    direction="lower_is_better", thresholds=lo(15, 30), typical=2)
ind("env.land_permits", "Giấy chứng nhận quyền sử dụng đất cấp mới", "Land use certificates issued", "giấy", kind="integer",
    levels=PD, typical=320, pattern="working_day")
ind("env.land_disputes", "Tranh chấp đất đai đang giải quyết", "Land disputes in progress", "vụ", kind="integer", levels=PD,
    direction="lower_is_better", frequency="monthly", thresholds=lo(150, 250), typical=96)
ind("env.sand_mining_violations", "Vi phạm khai thác cát", "Illegal sand mining cases", "vụ", kind="integer", levels=PD,
    direction="lower_is_better", frequency="monthly", thresholds=lo(3, 8), typical=0.5)
ind("env.groundwater_level", "Mực nước ngầm quan trắc", "Monitored groundwater level", "m", frequency="daily",
    thresholds={"warning": {"below": -18}, "critical": {"below": -22}, "clear": 0.2}, typical=-12.5)
ind("env.clean_water_rural", "Dân nông thôn dùng nước sạch", "Rural population with clean water", "%", levels=PD, rollup="mean",
    frequency="quarterly", direction="higher_is_better", target={"value": 80, "by": "2025-12-31"}, typical=71)

# ---------------------------------------------------------------- 8 Transport
POINTS = [("rach_mieu", "Cầu Rạch Miễu", 4200), ("ham_luong", "Cầu Hàm Luông", 3100), ("co_chien", "Cầu Cổ Chiên", 1900),
          ("ba_lai", "Cầu Ba Lai", 1700), ("ben_tre", "Cầu Bến Tre 1", 1500), ("ql60_chau_thanh", "QL60 - Châu Thành", 2600),
          ("ql60_mo_cay", "QL60 - Mỏ Cày", 2100), ("ql57_cho_lach", "QL57 - Chợ Lách", 1200), ("dt883_binh_dai", "ĐT883 - Bình Đại", 900),
          ("dt885_giong_trom", "ĐT885 - Giồng Trôm", 1000), ("dt885_ba_tri", "ĐT885 - Ba Tri", 800), ("dt887_mo_cay_bac", "ĐT887 - Mỏ Cày Bắc", 700),
          ("dong_khoi", "Đại lộ Đồng Khởi", 2300), ("nguyen_dinh_chieu", "Đường Nguyễn Đình Chiểu", 1400), ("ham_luong_ferry", "Bến phà Hàm Luông cũ", 300)]
for slug, vi, flow in POINTS:
    ind(f"transport.flow.{slug}", f"Lưu lượng xe - {vi}", f"Traffic flow - {vi}", "xe/giờ", kind="integer", frequency="realtime",
        thresholds={"warning": {"above": int(flow * 1.4)}, "critical": {"above": int(flow * 1.7)}, "clear": int(flow * 0.03)},
        for_="10m", typical=flow, pattern="rush_hours")
    ind(f"transport.speed.{slug}", f"Tốc độ trung bình - {vi}", f"Average speed - {vi}", "km/h", direction="higher_is_better",
        frequency="realtime", thresholds=hi(15, 8, 1), for_="10m", typical=42, pattern="rush_hours_inverse")
ind("transport.traffic_flow", "Lưu lượng xe qua cầu Rạch Miễu", "Traffic over Rach Mieu bridge", "xe/giờ", kind="integer",
    frequency="realtime", thresholds={"warning": {"above": 5900}, "critical": {"above": 7100}, "clear": 100}, for_="10m", typical=4200, pattern="rush_hours")
ind("transport.accidents", "Tai nạn giao thông trong ngày", "Road accidents today", "vụ", kind="integer", levels=ALL,
    direction="lower_is_better", thresholds=lo(4, 8), frequency="hourly", typical=1.2)
ind("transport.deaths", "Người chết do tai nạn giao thông", "Road deaths today", "người", kind="integer", levels=PD,
    direction="lower_is_better", thresholds=lo(2, 4), frequency="hourly", typical=0.5)
ind("transport.injuries", "Người bị thương do tai nạn giao thông", "Road injuries today", "người", kind="integer", levels=PD,
    direction="lower_is_better", thresholds=lo(6, 12), frequency="hourly", typical=1.4)
ind("transport.cameras_online", "Camera giao thông hoạt động", "Traffic cameras online", "%", levels=PD, rollup="mean",
    direction="higher_is_better", frequency="15m", thresholds=hi(90, 75, 1), typical=97)
ind("transport.cameras", "Camera giám sát giao thông", "Traffic surveillance cameras", "camera", kind="integer", levels=PD,
    frequency="monthly", typical=420)
ind("transport.violations_camera", "Vi phạm phát hiện qua camera", "Violations detected by camera", "lượt", kind="integer",
    levels=PD, frequency="hourly", typical=140, pattern="rush_hours")
ind("transport.congestion_points", "Điểm ùn tắc giao thông", "Congestion points", "điểm", kind="integer", levels=PD,
    direction="lower_is_better", frequency="15m", thresholds=lo(3, 6), typical=0.4, pattern="rush_hours")
ind("transport.flooded_roads", "Tuyến đường ngập do triều cường", "Road sections flooded by high tide", "tuyến", kind="integer",
    levels=PD, direction="lower_is_better", frequency="hourly", thresholds=lo(5, 12), typical=0.6, pattern="tide_level_rate")
ind("transport.ferry_trips", "Chuyến đò, phà trong ngày", "Ferry and boat crossings today", "chuyến", kind="integer", levels=PD,
    typical=2600)
ind("transport.waterway_cargo", "Hàng hóa vận chuyển đường thủy", "Inland waterway cargo", "nghìn tấn", frequency="monthly",
    direction="higher_is_better", typical=1350)
for n, (route, vi) in enumerate([("01", "Bến Tre - Thạnh Phú"), ("02", "Bến Tre - Ba Tri"), ("03", "Bến Tre - Bình Đại"),
                                 ("04", "Bến Tre - Chợ Lách"), ("05", "Bến Tre - Giồng Trôm"), ("06", "Bến Tre - Mỏ Cày"),
                                 ("07", "Bến Tre - Tiền Giang"), ("08", "Bến Tre - TP Hồ Chí Minh")]):
    ind(f"transport.bus.route_{route}", f"Hành khách tuyến buýt {route} ({vi})", f"Bus route {route} passengers ({vi})", "lượt",
        kind="integer", typical=400 + 60 * n, pattern="rush_hours")
ind("transport.road_works", "Công trình giao thông đang thi công", "Road works in progress", "công trình", kind="integer", levels=PD,
    frequency="weekly" if False else "daily", typical=38)
ind("transport.vehicle_registrations", "Phương tiện đăng ký mới", "New vehicle registrations", "xe", kind="integer", levels=PD,
    typical=260, pattern="working_day")
ind("transport.overloaded_trucks", "Xe quá tải bị xử lý", "Overloaded trucks stopped", "xe", kind="integer", frequency="daily",
    direction="lower_is_better", typical=6)
ind("transport.parking_occupancy", "Bãi đỗ xe trung tâm đang sử dụng", "Central car park occupancy", "%", frequency="15m",
    direction="lower_is_better", thresholds=lo(90, 98, 1), typical=61, pattern="working_day_rate")
ind("transport.port_throughput", "Hàng qua cảng Giao Long", "Cargo through Giao Long port", "tấn/ngày", direction="higher_is_better", typical=1800)
ind("transport.bridge_health_alerts", "Cảnh báo kết cấu cầu", "Bridge structure warnings", "cảnh báo", kind="integer",
    direction="lower_is_better", thresholds=lo(1, 3), typical=0.05)

# ---------------------------------------------------------------- 9 Tourism and trade
DESTINATIONS = [("con_phung", "Cồn Phụng", 900), ("con_quy", "Cồn Quy", 350), ("vam_ho", "Sân chim Vàm Hồ", 180),
                ("nguyen_dinh_chieu", "Khu lưu niệm Nguyễn Đình Chiểu", 420), ("dong_khoi", "Khu di tích Đồng Khởi", 380),
                ("con_oc", "Cồn Ốc", 160), ("cai_mon", "Vườn trái cây Cái Mơn", 640), ("cho_lach_flowers", "Làng hoa kiểng Chợ Lách", 520),
                ("my_long", "Làng bánh tráng Mỹ Lồng", 240), ("son_doc", "Làng bánh phồng Sơn Đốc", 210), ("thanh_phu_coast", "Biển Thạnh Phú", 300),
                ("binh_dai_coast", "Biển Bình Đại", 280), ("tan_thach_ferry", "Bến đò Tân Thạch", 260), ("truong_vinh_ky", "Khu lưu niệm Trương Vĩnh Ký", 110),
                ("vuon_co", "Vườn cò Giồng Trôm", 90)]
for slug, vi, typ in DESTINATIONS:
    ind(f"tourism.visitors.{slug}", f"Lượt khách - {vi}", f"Visitors - {vi}", "lượt", kind="integer", frequency="hourly",
        typical=typ, pattern="daytime")
ind("tourism.visitors", "Lượt khách du lịch trong tháng", "Tourist visits this month", "lượt", kind="integer", levels=PD,
    direction="higher_is_better", typical=170000)
ind("tourism.international_visitors", "Khách quốc tế trong tháng", "International visitors this month", "lượt", kind="integer",
    direction="higher_is_better", typical=52000)
ind("tourism.revenue", "Doanh thu du lịch trong tháng", "Tourism revenue this month", "tỷ đồng", direction="higher_is_better", typical=210)
ind("tourism.hotel_occupancy", "Công suất phòng lưu trú", "Hotel room occupancy", "%", levels=PD, rollup="mean", direction="higher_is_better",
    thresholds=hi(40, 25), typical=58)
ind("tourism.rooms", "Phòng lưu trú", "Guest rooms", "phòng", kind="integer", levels=PD, frequency="quarterly", typical=4300)
ind("tourism.homestays", "Cơ sở homestay", "Homestays", "cơ sở", kind="integer", levels=PD, frequency="quarterly", typical=180)
ind("tourism.tour_boats", "Tàu du lịch hoạt động", "Tour boats in service", "tàu", kind="integer", frequency="daily", typical=140)
ind("tourism.complaints", "Phản ánh của du khách", "Visitor complaints", "phản ánh", kind="integer", direction="lower_is_better",
    thresholds=lo(5, 12), typical=0.4)
ind("trade.ecommerce_booths", "Gian hàng trên sàn TMĐT Đặc sản Bến Tre", "Booths on the Ben Tre Specialty e-commerce platform", "gian",
    kind="integer", frequency="monthly", direction="higher_is_better", typical=73, source=REPORT, field="tourism")
ind("trade.ecommerce_products", "Sản phẩm trên sàn TMĐT Đặc sản Bến Tre", "Products on the Ben Tre Specialty e-commerce platform",
    "sản phẩm", kind="integer", frequency="monthly", direction="higher_is_better", typical=240, source=REPORT, field="tourism")
ind("trade.ocop_online", "Sản phẩm OCOP được quảng bá trên TMĐT", "OCOP products promoted online", "%", frequency="monthly",
    direction="higher_is_better", typical=100, source=REPORT, field="tourism")
ind("trade.key_products_online", "Sản phẩm chủ lực xã NTM nâng cao giao dịch trực tuyến", "Key products of advanced new-rural communes traded online",
    "%", frequency="quarterly", direction="higher_is_better", typical=15, source=REPORT, field="tourism")
ind("trade.ecommerce_orders", "Đơn hàng trên sàn TMĐT trong ngày", "E-commerce orders today", "đơn", kind="integer", frequency="hourly",
    typical=380, pattern="daytime", field="tourism")
ind("trade.ecommerce_gmv", "Giá trị giao dịch TMĐT trong ngày", "E-commerce sales today", "triệu đồng", frequency="hourly", typical=145,
    pattern="daytime", field="tourism")
for slug, vi, typ in [("3", "OCOP 3 sao", 170), ("4", "OCOP 4 sao", 66), ("5", "OCOP 5 sao", 4)]:
    ind(f"trade.ocop_{slug}star", f"Sản phẩm {vi}", f"{slug}-star OCOP products", "sản phẩm", kind="integer", frequency="quarterly",
        direction="higher_is_better", typical=typ, field="tourism")
ind("trade.markets", "Chợ truyền thống hoạt động", "Traditional markets open", "chợ", kind="integer", levels=PD, frequency="monthly", typical=164, field="tourism")
ind("trade.supermarkets", "Siêu thị, trung tâm thương mại", "Supermarkets and shopping centres", "cơ sở", kind="integer", levels=PD,
    frequency="quarterly", typical=21, field="tourism")
for slug, vi, en, unit, typ in [("rice", "Gạo thường", "Ordinary rice", "đ/kg", 15500), ("pork", "Thịt heo đùi", "Pork leg", "đ/kg", 110000),
                                ("chicken", "Thịt gà ta", "Free-range chicken", "đ/kg", 95000), ("eggs", "Trứng gà", "Chicken eggs", "đ/chục", 32000),
                                ("vegetables", "Rau muống", "Water spinach", "đ/kg", 12000), ("fish", "Cá lóc", "Snakehead fish", "đ/kg", 62000),
                                ("sugar", "Đường cát trắng", "White sugar", "đ/kg", 22000), ("ron95", "Xăng RON95", "RON95 petrol", "đ/lít", 21500),
                                ("diesel", "Dầu diesel", "Diesel", "đ/lít", 19300), ("lpg", "Gas 12 kg", "LPG 12 kg", "đ/bình", 450000)]:
    ind(f"trade.price.{slug}", f"Giá {vi}", f"{en} price", unit, kind="integer", frequency="daily", direction="lower_is_better",
        typical=typ, field="tourism")
ind("trade.market_violations", "Vi phạm thương mại bị xử lý", "Trade violations handled", "vụ", kind="integer", levels=PD,
    direction="lower_is_better", typical=4, field="tourism")
ind("trade.retail_sales_month", "Doanh thu bán lẻ trong tháng", "Retail revenue this month", "tỷ đồng", levels=PD, frequency="monthly",
    direction="higher_is_better", typical=5600, field="tourism")
ind("trade.cashless_merchants", "Điểm bán chấp nhận thanh toán QR", "Merchants accepting QR payments", "điểm", kind="integer",
    levels=PD, frequency="monthly", direction="higher_is_better", typical=26000, field="tourism")
ind("tourism.events", "Sự kiện văn hóa, du lịch trong tháng", "Cultural and tourism events this month", "sự kiện", kind="integer",
    levels=PD, frequency="monthly", typical=34)
ind("tourism.festival_visitors", "Khách dự Lễ hội Dừa", "Coconut Festival visitors", "lượt", kind="integer", frequency="yearly", typical=210000)

# ---------------------------------------------------------------- 0 Security and order
ind("security.incidents", "Vụ việc an ninh trật tự trong ngày", "Public order incidents today", "vụ", kind="integer", levels=ALL,
    direction="lower_is_better", thresholds=lo(12, 24, 1), frequency="hourly", typical=6)
for slug, vi, en, typ in [("theft", "Trộm cắp tài sản", "Theft", 2.1), ("robbery", "Cướp giật", "Robbery", 0.2), ("drugs", "Ma túy", "Drug offences", 1.1),
                          ("fraud", "Lừa đảo chiếm đoạt tài sản", "Fraud", 0.6), ("cyber", "Lừa đảo qua mạng", "Online fraud", 0.9),
                          ("gambling", "Đánh bạc", "Gambling", 0.5), ("assault", "Cố ý gây thương tích", "Assault", 0.4),
                          ("smuggling", "Buôn lậu, hàng giả", "Smuggling and counterfeits", 0.3), ("environment", "Vi phạm môi trường", "Environmental offences", 0.2),
                          ("weapons", "Vũ khí, vật liệu nổ", "Weapons and explosives", 0.05)]:
    ind(f"security.crime.{slug}", f"{vi} trong ngày", f"{en} today", "vụ", kind="integer", levels=PD, direction="lower_is_better",
        thresholds=lo(max(2, round(typ * 4)), max(4, round(typ * 8))), typical=typ)
for slug, vi, en, typ in [("113", "113 (công an)", "113 (police)", 36), ("114", "114 (cứu hỏa, cứu nạn)", "114 (fire and rescue)", 6),
                          ("115", "115 (cấp cứu)", "115 (ambulance)", 28)]:
    ind(f"security.calls_{slug}", f"Cuộc gọi {vi} trong giờ", f"Calls to {en} this hour", "cuộc", kind="integer", frequency="15m",
        typical=typ, pattern="daytime")
    ind(f"security.response_{slug}", f"Thời gian phản ứng {vi}", f"Response time, {en}", "phút", direction="lower_is_better",
        frequency="hourly", thresholds=lo(15, 25, 1), typical=9)
ind("security.hotline_calls", "Cuộc gọi đường dây nóng 113", "Calls to the 113 hotline", "cuộc", kind="integer", frequency="15m",
    typical=36, pattern="daytime")
ind("security.response_time", "Thời gian phản ứng hiện trường", "On-scene response time", "phút", levels=PD, rollup="mean",
    direction="lower_is_better", frequency="hourly", thresholds=lo(15, 25, 1), typical=10)
ind("security.fires", "Vụ cháy trong tháng", "Fires this month", "vụ", kind="integer", levels=ALL, direction="lower_is_better",
    thresholds=lo(8, 15), typical=3)
ind("security.fire_damage", "Thiệt hại do cháy trong tháng", "Fire damage this month", "triệu đồng", levels=PD, direction="lower_is_better",
    thresholds=lo(1000, 5000), typical=240)
ind("security.traffic_violations", "Vi phạm trật tự an toàn giao thông bị xử lý", "Traffic violations handled", "trường hợp", kind="integer",
    levels=PD, typical=420, pattern="daytime")
ind("security.fines_collected", "Tiền phạt vi phạm hành chính", "Administrative fines collected", "triệu đồng", levels=PD, typical=780)
ind("security.drug_users_managed", "Người nghiện ma túy đang quản lý", "Drug users under management", "người", kind="integer", levels=PD,
    frequency="monthly", typical=1450)
ind("security.wanted_arrested", "Đối tượng truy nã bị bắt trong tháng", "Wanted persons arrested this month", "đối tượng", kind="integer",
    frequency="monthly", direction="higher_is_better", typical=14)
ind("security.petitions", "Đơn thư khiếu nại, tố cáo tiếp nhận", "Complaints and denunciations received", "đơn", kind="integer",
    levels=PD, frequency="daily", typical=18, pattern="working_day")
ind("security.petitions_resolved_rate", "Tỷ lệ giải quyết khiếu nại, tố cáo", "Share of complaints resolved", "%", levels=PD,
    rollup="mean", frequency="monthly", direction="higher_is_better", thresholds=hi(85, 70), typical=91)
ind("security.shelter_capacity", "Sức chứa điểm sơ tán phòng chống thiên tai", "Disaster evacuation shelter capacity", "người",
    kind="integer", levels=PD, frequency="quarterly", direction="higher_is_better", typical=98000)
ind("security.rescue_teams_on_duty", "Lực lượng cứu hộ trực", "Rescue teams on duty", "đội", kind="integer", levels=PD,
    direction="higher_is_better", thresholds=hi(2, 1), typical=5)
ind("security.boats_offshore", "Tàu cá đang hoạt động xa bờ", "Fishing boats offshore", "tàu", kind="integer", frequency="hourly", typical=1300)
ind("security.storm_level", "Cấp rủi ro thiên tai", "Natural disaster risk level", "cấp", kind="integer", frequency="hourly",
    direction="lower_is_better", thresholds=lo(3, 4), typical=1)
ind("security.missing_persons", "Người mất tích đang tìm kiếm", "Missing persons being searched for", "người", kind="integer",
    direction="lower_is_better", thresholds=lo(1, 3), typical=0.1)
ind("security.residence_registrations", "Đăng ký cư trú trực tuyến", "Online residence registrations", "hồ sơ", kind="integer",
    levels=PD, typical=210, pattern="working_day")
ind("security.id_cards_issued", "Căn cước được cấp", "ID cards issued", "thẻ", kind="integer", levels=PD, typical=640, pattern="working_day")
ind("security.camera_points", "Camera an ninh kết nối", "Security cameras connected", "camera", kind="integer", levels=ALL,
    frequency="monthly", direction="higher_is_better", typical=5200)
ind("security.cameras_online", "Camera an ninh hoạt động", "Security cameras online", "%", levels=PD, rollup="mean",
    direction="higher_is_better", frequency="15m", thresholds=hi(90, 75, 1), typical=96)
ind("security.social_disputes", "Mâu thuẫn, tranh chấp được hòa giải", "Disputes settled by mediation", "vụ", kind="integer",
    levels=ALL, frequency="monthly", direction="higher_is_better", typical=240)
ind("security.juvenile_offences", "Vi phạm pháp luật ở người chưa thành niên", "Offences by minors", "vụ", kind="integer",
    levels=PD, frequency="monthly", direction="lower_is_better", thresholds=lo(8, 15), typical=3)
ind("security.illegal_fishing", "Vi phạm khai thác thủy sản (IUU)", "Illegal fishing violations (IUU)", "vụ", kind="integer",
    frequency="monthly", direction="lower_is_better", thresholds=lo(2, 5), typical=0.3)
ind("security.explosives_found", "Vật liệu nổ phát hiện, thu hồi", "Explosives found and recovered", "vụ", kind="integer",
    frequency="monthly", typical=0.2)

# District-level families: per district, the indicators each district center tracks for itself
# are the PD/ALL indicators above. To reach the district centers' scale, district sections of
# the provincial departments also report their workload at district level.
DEPARTMENT_SECTIONS = [
    ("noi_vu", "Phòng Nội vụ", "Home affairs office"), ("tu_phap", "Phòng Tư pháp", "Justice office"),
    ("tckh", "Phòng Tài chính - Kế hoạch", "Finance and planning office"), ("kinh_te", "Phòng Kinh tế - Hạ tầng", "Economy and infrastructure office"),
    ("nong_nghiep", "Phòng Nông nghiệp và PTNT", "Agriculture office"), ("tnmt", "Phòng Tài nguyên và Môi trường", "Environment office"),
    ("ldtbxh", "Phòng Lao động - TB&XH", "Labour and social affairs office"), ("vhtt", "Phòng Văn hóa và Thông tin", "Culture and information office"),
    ("gddt", "Phòng Giáo dục và Đào tạo", "Education office"), ("y_te", "Phòng Y tế", "Health office"),
    ("thanh_tra", "Thanh tra huyện", "District inspectorate"), ("vp", "Văn phòng HĐND và UBND", "People's Council and Committee office"),
    ("dan_toc_ton_giao", "Bộ phận Dân tộc - Tôn giáo", "Ethnic and religious affairs"), ("one_stop", "Bộ phận Một cửa", "One-stop shop"),
]
for slug, vi, en in DEPARTMENT_SECTIONS:
    base = f"admin.section.{slug}"
    ind(f"{base}.received", f"Hồ sơ tiếp nhận - {vi}", f"Applications received - {en}", "hồ sơ", kind="integer", levels=PD,
        typical=180, pattern="working_day")
    ind(f"{base}.ontime_rate", f"Tỷ lệ đúng hạn - {vi}", f"On-time rate - {en}", "%", levels=PD, rollup="mean",
        direction="higher_is_better", thresholds=hi(95, 90, 0.5), typical=98.5)
    ind(f"{base}.overdue", f"Hồ sơ quá hạn - {vi}", f"Overdue applications - {en}", "hồ sơ", kind="integer", levels=PD,
        direction="lower_is_better", thresholds=lo(10, 25, 1), typical=2)
    ind(f"{base}.tasks_overdue", f"Nhiệm vụ UBND giao quá hạn - {vi}", f"Overdue assigned tasks - {en}", "nhiệm vụ", kind="integer",
        levels=PD, direction="lower_is_better", thresholds=lo(5, 12, 1), typical=1, field="admin")
# Commune-level social and infrastructure figures each district center follows per commune.
for slug, vi, en, unit, typ, kw in [
    ("rural_roads_paved", "Đường giao thông nông thôn được cứng hóa", "Rural roads paved", "%", 89, {"direction": "higher_is_better", "rollup": "mean"}),
    ("electricity_households", "Hộ sử dụng điện an toàn", "Households with safe electricity", "%", 99.6, {"direction": "higher_is_better", "rollup": "mean"}),
    ("cultural_houses", "Ấp có nhà văn hóa đạt chuẩn", "Hamlets with a standard cultural house", "%", 92, {"direction": "higher_is_better", "rollup": "mean"}),
    ("new_rural_criteria", "Tiêu chí nông thôn mới đạt", "New-rural criteria met", "tiêu chí", 17, {"direction": "higher_is_better", "rollup": "mean"}),
    ("housing_support", "Nhà ở xã hội, nhà tình thương bàn giao", "Charity houses handed over", "căn", 18, {"direction": "higher_is_better"}),
]:
    ind(f"econ.commune.{slug}", vi, en, unit, levels=ALL, frequency="quarterly", typical=typ, **kw)

# ---------------------------------------------------------------- deeper families
for slug, vi, en in AGENCIES:
    base = f"admin.agency.{slug}"
    ind(f"{base}.received_online", f"Hồ sơ nộp trực tuyến - {vi}", f"Applications filed online - {en}", "hồ sơ", kind="integer",
        typical=44, pattern="working_day")
    ind(f"{base}.digitized_rate", f"Tỷ lệ số hóa kết quả - {vi}", f"Share of results digitised - {en}", "%", direction="higher_is_better",
        thresholds=hi(80, 60), typical=91)
    ind(f"{base}.satisfaction", f"Mức độ hài lòng - {vi}", f"Citizen satisfaction - {en}", "%", direction="higher_is_better",
        frequency="monthly", thresholds=hi(85, 75), typical=94)
    ind(f"digital.agency.{slug}.signed_rate", f"Văn bản ký số - {vi}", f"Documents digitally signed - {en}", "%",
        direction="higher_is_better", thresholds=hi(95, 85), typical=98.8, field="digital")
for slug, vi, en in DEPARTMENT_SECTIONS:
    base = f"admin.section.{slug}"
    ind(f"{base}.online_rate", f"Tỷ lệ trực tuyến - {vi}", f"Online rate - {en}", "%", levels=PD, rollup="mean",
        direction="higher_is_better", thresholds=hi(55, 40, 1), typical=71)
    ind(f"{base}.digitized_rate", f"Tỷ lệ số hóa - {vi}", f"Share digitised - {en}", "%", levels=PD, rollup="mean",
        direction="higher_is_better", thresholds=hi(80, 60), typical=88)
    ind(f"{base}.feedback", f"Phản ánh kiến nghị - {vi}", f"Citizen feedback - {en}", "phản ánh", kind="integer", levels=PD,
        direction="lower_is_better", typical=3)
for slug, vi, en, beds in HOSPITALS:
    base = f"health.hospital.{slug}"
    ind(f"{base}.inpatients", f"Bệnh nhân nội trú - {vi}", f"Inpatients - {en}", "người", kind="integer", frequency="hourly",
        typical=int(beds * 0.86), pattern="hospital")
    ind(f"{base}.surgeries", f"Ca phẫu thuật trong ngày - {vi}", f"Surgeries today - {en}", "ca", kind="integer",
        typical=max(2, beds // 40), pattern="working_day")
    ind(f"{base}.outpatient_wait", f"Thời gian chờ khám - {vi}", f"Outpatient waiting time - {en}", "phút",
        direction="lower_is_better", frequency="hourly", thresholds=lo(60, 120, 5), typical=34, pattern="working_day_rate")
for slug, vi, en, kw in [("station_doctors", "Trạm y tế xã có bác sĩ", "Commune health stations with a doctor", {"unit": "%", "rollup": "mean", "direction": "higher_is_better", "typical": 94}),
                         ("elderly_checkups", "Người cao tuổi được khám sức khỏe định kỳ", "Older people with a periodic check-up", {"unit": "%", "rollup": "mean", "direction": "higher_is_better", "typical": 78, "levels": ALL}),
                         ("hiv_arv", "Người nhiễm HIV được điều trị ARV", "People with HIV on ARV treatment", {"unit": "người", "kind": "integer", "typical": 1480}),
                         ("mental_managed", "Bệnh nhân tâm thần được quản lý", "Mental health patients under care", {"unit": "người", "kind": "integer", "typical": 5200}),
                         ("pharmacy_inspections", "Cơ sở dược được kiểm tra", "Pharmacies inspected", {"unit": "cơ sở", "kind": "integer", "typical": 46, "frequency": "monthly"})]:
    levels = kw.pop("levels", PD)
    unit = kw.pop("unit")
    ind(f"health.{slug}", vi, en, unit, levels=levels, frequency=kw.pop("frequency", "monthly"), **kw)
for slug, vi in WATER:
    ind(f"env.water.{slug}.tss", f"Chất rắn lơ lửng (TSS) - {vi}", f"Suspended solids - {vi}", "mg/L", direction="lower_is_better",
        frequency="hourly", thresholds=lo(50, 100, 2), typical=31)
    ind(f"env.water.{slug}.coliform", f"Coliform - {vi}", f"Coliform - {vi}", "MPN/100mL", direction="lower_is_better",
        frequency="daily", thresholds=lo(5000, 7500, 100), typical=2400)
for slug, vi, _ in AIR:
    ind(f"env.co.{slug}", f"CO trạm {vi}", f"Carbon monoxide at {vi}", "µg/m³", direction="lower_is_better", frequency="realtime",
        thresholds=lo(10000, 30000, 200), typical=2100, pattern="rush_hours_air")
    ind(f"env.no2.{slug}", f"NO2 trạm {vi}", f"Nitrogen dioxide at {vi}", "µg/m³", direction="lower_is_better", frequency="realtime",
        thresholds=lo(200, 400, 5), typical=38, pattern="rush_hours_air")
for slug, vi, flow in POINTS:
    ind(f"transport.heavy.{slug}", f"Tỷ lệ xe tải nặng - {vi}", f"Heavy vehicle share - {vi}", "%", frequency="15m", typical=14,
        pattern="daily")
for slug, vi, en, kw in [("weak_bridges", "Cầu yếu cần sửa chữa", "Weak bridges awaiting repair", {"direction": "lower_is_better", "typical": 48}),
                         ("road_length", "Chiều dài đường do huyện quản lý", "District-managed road length", {"unit": "km", "typical": 2100}),
                         ("ferry_terminals", "Bến khách ngang sông", "River crossing terminals", {"typical": 150}),
                         ("school_zone_violations", "Vi phạm an toàn giao thông khu vực trường học", "Traffic violations near schools", {"direction": "lower_is_better", "typical": 35, "frequency": "daily"})]:
    unit = kw.pop("unit", "điểm")
    ind(f"transport.{slug}", vi, en, unit, kind="integer" if unit != "km" else None, levels=PD, frequency=kw.pop("frequency", "monthly"), **kw)
for slug, vi, typ in DESTINATIONS:
    ind(f"tourism.revenue.{slug}", f"Doanh thu - {vi}", f"Revenue - {vi}", "triệu đồng", frequency="daily", typical=typ * 0.3,
        direction="higher_is_better")
ind("tourism.restaurants", "Cơ sở ăn uống phục vụ du lịch", "Restaurants serving tourists", "cơ sở", kind="integer", levels=PD, frequency="quarterly", typical=610)
ind("tourism.tour_operators", "Doanh nghiệp lữ hành", "Tour operators", "DN", kind="integer", levels=PD, frequency="quarterly", typical=42)
for slug, vi, en, typ in [("patrols", "Lượt tuần tra, kiểm soát", "Patrols carried out", 95), ("checkpoints", "Chốt kiểm soát hoạt động", "Checkpoints manned", 24),
                          ("fire_inspections", "Cơ sở được kiểm tra PCCC", "Premises inspected for fire safety", 38),
                          ("hydrants_ok", "Trụ nước chữa cháy hoạt động", "Fire hydrants in working order", 96),
                          ("youth_volunteers", "Thanh niên tình nguyện tham gia giữ gìn trật tự", "Youth volunteers on public order duty", 420)]:
    ind(f"security.{slug}", vi, en, "%" if slug == "hydrants_ok" else "lượt", kind=None if slug == "hydrants_ok" else "integer",
        levels=PD, rollup="mean" if slug == "hydrants_ok" else "sum", direction="higher_is_better", frequency="daily", typical=typ,
        thresholds=hi(90, 75) if slug == "hydrants_ok" else None)
for slug, vi, en, typ in [("services_output", "Giá trị các ngành dịch vụ", "Services output", 8600), ("construction_output", "Giá trị xây dựng", "Construction output", 2900)]:
    ind(f"econ.{slug}", vi, en, "tỷ đồng", levels=PD, frequency="quarterly", direction="higher_is_better", typical=typ)
for slug, vi, en, typ in [("workers", "Lao động đang làm việc", "Employed workers", 780000), ("insured_workers", "Lao động tham gia BHXH", "Workers with social insurance", 151000),
                          ("labour_disputes", "Tranh chấp lao động", "Labour disputes", 2)]:
    ind(f"econ.{slug}", vi, en, "người" if slug != "labour_disputes" else "vụ", kind="integer", levels=PD, frequency="quarterly", typical=typ,
        direction="lower_is_better" if slug == "labour_disputes" else "higher_is_better")
ind("econ.social_insurance_coverage", "Tỷ lệ lao động tham gia BHXH", "Social insurance coverage of the workforce", "%", levels=ALL,
    rollup="mean", frequency="quarterly", direction="higher_is_better", target={"value": 35, "by": "2025-12-31"}, typical=27)
for slug, vi, en, typ in [("agriculture", "Nông, lâm, thủy sản", "Agriculture, forestry and fishery", 160), ("manufacturing", "Công nghiệp chế biến", "Manufacturing", 720),
                          ("construction", "Xây dựng", "Construction", 540), ("trade", "Thương mại", "Trade", 1240), ("transport", "Vận tải, kho bãi", "Transport and storage", 170),
                          ("accommodation", "Lưu trú, ăn uống", "Accommodation and food", 190), ("it", "Thông tin và truyền thông", "Information and communications", 55),
                          ("other", "Ngành khác", "Other sectors", 635)]:
    ind(f"econ.enterprises.sector.{slug}", f"Doanh nghiệp ngành {vi}", f"Enterprises in {en}", "DN", kind="integer", levels=PD,
        frequency="quarterly", direction="higher_is_better", typical=typ)
for slug, vi, en, kw in [("e_office_users", "Người dùng hệ thống quản lý văn bản", "Document system users", {"unit": "người", "kind": "integer", "typical": 5600}),
                         ("signatures_issued", "Chữ ký số cá nhân đã cấp", "Personal digital signatures issued", {"unit": "chứng thư", "kind": "integer", "typical": 8900}),
                         ("commune_portals", "Trang thông tin điện tử cấp xã", "Commune web portals", {"unit": "trang", "kind": "integer", "typical": 159}),
                         ("ai_cameras", "Camera có phân tích AI", "Cameras with AI analytics", {"unit": "camera", "kind": "integer", "typical": 260}),
                         ("online_meetings", "Cuộc họp trực tuyến trong tháng", "Online meetings this month", {"unit": "cuộc", "kind": "integer", "typical": 140}),
                         ("online_services_district", "Hồ sơ DVC trực tuyến toàn trình", "End-to-end online applications", {"unit": "hồ sơ", "kind": "integer", "typical": 21000})]:
    unit = kw.pop("unit")
    ind(f"digital.{slug}", vi, en, unit, levels=PD, frequency="monthly", direction="higher_is_better", **kw)
for slug, vi, en in LEVELS:
    base = f"edu.{slug}"
    ind(f"{base}.internet_schools", f"Trường {vi} có Internet", f"{en} schools with internet", "%", levels=PD, rollup="mean",
        frequency="quarterly", direction="higher_is_better", typical=99)
    ind(f"{base}.students_per_computer", f"Học sinh trên một máy tính - {vi}", f"{en} students per computer", "học sinh", levels=PD,
        rollup="mean", frequency="yearly", direction="lower_is_better", typical=18)
    ind(f"{base}.elearning_rate", f"Học sinh dùng học liệu số - {vi}", f"{en} students using digital materials", "%", levels=PD,
        rollup="mean", frequency="monthly", direction="higher_is_better", typical=72)
    ind(f"{base}.excellent_rate", f"Học sinh xếp loại giỏi - {vi}", f"{en} students graded excellent", "%", levels=PD, rollup="mean",
        frequency="yearly", direction="higher_is_better", typical=31)
    ind(f"{base}.classrooms_solid", f"Phòng học kiên cố - {vi}", f"Permanent classrooms - {en}", "%", levels=PD, rollup="mean",
        frequency="yearly", direction="higher_is_better", typical=93)
for slug, vi, en, _ in [("coconut", "Dừa", "Coconut", 0), ("fruit", "Cây ăn trái", "Fruit trees", 0), ("rice", "Lúa", "Rice", 0),
                        ("vegetable", "Rau màu", "Vegetables", 0), ("seedlings", "Cây giống, hoa kiểng", "Seedlings and ornamentals", 0),
                        ("cocoa", "Ca cao", "Cocoa", 0), ("sugarcane", "Mía", "Sugar cane", 0)]:
    # In proportion to the crop's area: 0.15% under pests is usual, 0.5% a warning, 1.5% critical.
    area = CROP_AREA[slug]
    ind(f"agri.pests.{slug}", f"Diện tích {vi} nhiễm sâu bệnh", f"{en} area with pests", "ha", levels=PD, direction="lower_is_better",
        thresholds=lo(round(area * 0.005), round(area * 0.015), max(1, round(area * 0.0002))), typical=round(area * 0.0015, 1))
for slug, vi, en in [("pigs", "heo", "pigs"), ("cattle", "bò", "cattle"), ("poultry", "gia cầm", "poultry"), ("goats", "dê", "goats")]:
    ind(f"agri.livestock_vaccination.{slug}", f"Tỷ lệ tiêm phòng đàn {vi}", f"Vaccination coverage of {en}", "%", levels=PD, rollup="mean",
        frequency="monthly", direction="higher_is_better", thresholds=hi(80, 70), typical=88)
# ---------------------------------------------------------------- write
FIELDS = [
    ("admin", "1", "Hành chính công", "Public administration and online services", ["admin.online_rate", "admin.ontime_rate", "admin.overdue", "admin.feedback_resolved_rate"]),
    ("econ", "2", "Kinh tế - xã hội", "Socio-economy and statistics", ["econ.grdp_growth", "econ.digital_economy_share", "econ.cpi", "econ.public_investment_rate"]),
    ("digital", "3", "Chuyển đổi số", "Digital transformation", ["digital.online_services_rate", "digital.vneid_level2", "digital.lgsp_uptime", "digital.commune_officials_computers"]),
    ("health", "4", "Y tế", "Health", ["health.bed_occupancy", "health.er_waiting", "health.cases.dengue", "health.vaccination.full"]),
    ("edu", "5", "Giáo dục", "Education", ["edu.attendance_rate", "edu.dropout_rate", "edu.graduation_rate", "edu.digital_transcripts"]),
    ("agri", "6", "Nông nghiệp - Xâm nhập mặn", "Agriculture and salinity", ["agri.salinity.max", "agri.water_level", "agri.freshwater_reserve", "agri.price.dried_coconut"]),
    ("env", "7", "Tài nguyên - Môi trường", "Natural resources and environment", ["env.aqi", "env.pm25", "env.temperature", "env.waste_collection_rate"]),
    ("transport", "8", "Giao thông", "Transport", ["transport.traffic_flow", "transport.accidents", "transport.cameras_online", "transport.congestion_points"]),
    ("tourism", "9", "Du lịch - Thương mại", "Tourism and trade", ["tourism.hotel_occupancy", "tourism.visitors", "trade.ecommerce_orders", "trade.ecommerce_products"]),
    ("security", "0", "An ninh trật tự", "Security and order", ["security.incidents", "security.response_time", "security.calls_113", "security.fires"]),
]


def yaml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v) if isinstance(v, float) else str(v)
    if isinstance(v, list):
        return "[" + ", ".join(yaml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k}: {yaml_value(x)}" for k, x in v.items()) + " }"
    s = str(v)
    if s and all(ch.isalnum() or ch in "._-" for ch in s) and not s[0].isdigit() and s not in ("true", "false", "null", "yes", "no", "on", "off"):
        return s
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def nfc(s):
    return unicodedata.normalize("NFC", s)


def main():
    root = os.path.join(os.path.dirname(__file__), "..", "config")
    codes = [i["code"] for i in indicators]
    dupes = {c for c in codes if codes.count(c) > 1}
    assert not dupes, dupes
    with open(os.path.join(root, "regions.yaml"), "w") as f:
        f.write("# Ben Tre province, its nine district-level units (GSO codes) and their commune-level units.\n")
        f.write("# Generated by tools/generate_catalog.py. Commune codes are local codes (district code +\n")
        f.write("# two-digit sequence), not official GSO commune codes: replace them before connecting feeds\n")
        f.write("# that send GSO commune codes.\nregions:\n")
        f.write('  - { code: "83", name: "Bến Tre", name_en: "Ben Tre", level: province }\n')
        for code, name, name_en, communes in DISTRICTS:
            f.write(f'  - {{ code: "{code}", name: "{nfc(name)}", name_en: "{name_en}", level: district, parent: "83" }}\n')
        for code, name, name_en, communes in DISTRICTS:
            for n, commune in enumerate(communes, 1):
                f.write(f'  - {{ code: "{code}{n:02d}", name: "{nfc(commune)}", level: commune, parent: "{code}" }}\n')
    with open(os.path.join(root, "fields.yaml"), "w") as f:
        f.write("# The ten fields of the provincial center; `key` opens the field on the console,\n")
        f.write("# `headline` lists the indicators its overview panel leads with.\nfields:\n")
        for code, key, name, name_en, headline in FIELDS:
            f.write(f'  - {{ code: {code}, key: "{key}", name: "{nfc(name)}", name_en: "{name_en}", headline: {yaml_value(headline)} }}\n')
    idir = os.path.join(root, "indicators")
    for old in os.listdir(idir):
        if old.endswith(".yaml"):
            os.remove(os.path.join(idir, old))
    for code, *_ in FIELDS:
        items = [i for i in indicators if i["field"] == code]
        with open(os.path.join(idir, f"{code}.yaml"), "w") as f:
            f.write(f"# {len(items)} indicators. Generated by tools/generate_catalog.py.\nindicators:\n")
            for item in items:
                first = True
                for k, v in item.items():
                    val = nfc(v) if isinstance(v, str) else v
                    f.write(("  - " if first else "    ") + f"{k}: {yaml_value(val)}\n")
                    first = False
    write_facts(os.path.join(root, "seed"))
    district = sum(1 for i in indicators if D in i["levels"])
    commune = sum(1 for i in indicators if C in i["levels"])
    print(f"{len(indicators)} indicators, {district} at district level, {commune} at commune level, "
          f"{1 + len(DISTRICTS) + sum(len(c) for *_, c in DISTRICTS)} regions")


# The report's figures, at the dates they describe. Undated figures describe mid-2025.
FACTS = [
    ("econ.digital_economy_share", "2020-12-31", 6.31), ("econ.digital_economy_share", "2023-12-31", 6.60),
    ("econ.digital_economy_share", "2024-12-31", 7.63), ("econ.digital_economy_rank", "2023-12-31", 53),
    ("econ.digital_economy_rank", "2024-12-31", 27), ("econ.grdp_growth", "2025-03-31", 6.28),
    ("econ.enterprises", "2025-06-30", 3700), ("digital.it_enterprises", "2025-06-30", 55),
    ("digital.vn_websites", "2025-06-30", 2550), ("digital.vn_website_share", "2025-06-30", 70),
    ("digital.officials_computers.province", "2025-06-30", 100), ("digital.officials_computers.district", "2025-06-30", 100),
    ("digital.officials_computers.commune", "2025-06-30", 91.5), ("admin.procedures_online", "2025-06-30", 100),
    ("digital.postal.total", "2020-12-31", 167), ("digital.postal.total", "2025-06-30", 203),
    ("digital.postal.offices", "2025-06-30", 56), ("digital.postal.cultural", "2025-06-30", 123),
    ("digital.postal.agents", "2025-06-30", 12), ("digital.postal.branches", "2025-06-30", 12),
    ("digital.postal_enterprises", "2025-06-30", 14), ("digital.telecom_enterprises", "2025-06-30", 7),
    ("digital.communes_post_office", "2025-06-30", 100), ("digital.sme.platforms", "2025-06-30", 100),
    ("digital.sme.etax", "2025-06-30", 100), ("digital.sme.signature", "2025-06-30", 100),
    ("digital.sme.einvoice", "2025-06-30", 10), ("trade.ecommerce_booths", "2025-06-30", 73),
    ("trade.ecommerce_products", "2025-06-30", 240), ("trade.ocop_online", "2025-06-30", 100),
    ("trade.key_products_online", "2025-06-30", 15),
]


def write_facts(directory):
    os.makedirs(directory, exist_ok=True)
    codes = {i["code"] for i in indicators}
    with open(os.path.join(directory, "reported.csv"), "w") as f:
        f.write("indicator,region,time,value,source\n")
        for code, date, value in FACTS:
            assert code in codes, code
            f.write(f'{code},83,{date}T23:59:59+07:00,{value},"{REPORT}"\n')


if __name__ == "__main__":
    main()
