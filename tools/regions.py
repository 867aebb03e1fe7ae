# Ben Tre's commune-level units before the 2025 reorganisation, by district (GSO district codes).
# Names are the units' Vietnamese names. Commune codes here are LOCAL codes (district code +
# two-digit sequence), not GSO commune codes: replace them with the official codes before
# connecting agency feeds that send GSO commune codes.
DISTRICTS = [
    ("829", "Thành phố Bến Tre", "Ben Tre City", [
        "Phường Phú Khương", "Phường Phú Tân", "Phường An Hội", "Phường 4", "Phường 5", "Phường 6", "Phường 7",
        "Phường 8", "Phường Phú Khương Đông", "Xã Bình Phú", "Xã Sơn Đông", "Xã Phú Hưng", "Xã Mỹ Thạnh An",
        "Xã Nhơn Thạnh", "Xã Phú Nhuận", "Xã Mỹ Thành",
    ]),
    ("831", "Châu Thành", "Chau Thanh", [
        "Thị trấn Châu Thành", "Xã Tân Thạch", "Xã Quới Sơn", "Xã An Khánh", "Xã Giao Long", "Xã Phú Túc",
        "Xã Phú Đức", "Xã Phú An Hòa", "Xã An Phước", "Xã Tam Phước", "Xã Thành Triệu", "Xã Tường Đa",
        "Xã Tân Phú", "Xã Quới Thành", "Xã Phước Thạnh", "Xã An Hóa", "Xã Tiên Long", "Xã An Hiệp",
        "Xã Hữu Định", "Xã Tiên Thủy", "Xã Sơn Hòa", "Xã Giao Hòa",
    ]),
    ("832", "Chợ Lách", "Cho Lach", [
        "Thị trấn Chợ Lách", "Xã Phú Phụng", "Xã Sơn Định", "Xã Vĩnh Bình", "Xã Hòa Nghĩa", "Xã Long Thới",
        "Xã Phú Sơn", "Xã Tân Thiềng", "Xã Vĩnh Thành", "Xã Vĩnh Hòa", "Xã Hưng Khánh Trung B",
    ]),
    ("833", "Mỏ Cày Nam", "Mo Cay Nam", [
        "Thị trấn Mỏ Cày", "Xã Định Thủy", "Xã Đa Phước Hội", "Xã Tân Hội", "Xã Phước Hiệp", "Xã Bình Khánh",
        "Xã An Thạnh", "Xã An Định", "Xã Thành Thới B", "Xã Tân Trung", "Xã An Thới", "Xã Thành Thới A",
        "Xã Minh Đức", "Xã Ngãi Đăng", "Xã Cẩm Sơn", "Xã Hương Mỹ",
    ]),
    ("834", "Giồng Trôm", "Giong Trom", [
        "Thị trấn Giồng Trôm", "Xã Phong Nẫm", "Xã Mỹ Thạnh", "Xã Châu Hòa", "Xã Lương Hòa", "Xã Lương Quới",
        "Xã Lương Phú", "Xã Châu Bình", "Xã Thuận Điền", "Xã Sơn Phú", "Xã Bình Hòa", "Xã Phước Long",
        "Xã Hưng Phong", "Xã Long Mỹ", "Xã Tân Hào", "Xã Bình Thành", "Xã Tân Thanh", "Xã Tân Lợi Thạnh",
        "Xã Thạnh Phú Đông", "Xã Hưng Nhượng", "Xã Hưng Lễ",
    ]),
    ("835", "Bình Đại", "Binh Dai", [
        "Thị trấn Bình Đại", "Xã Tam Hiệp", "Xã Long Định", "Xã Long Hòa", "Xã Phú Thuận", "Xã Vang Quới Tây",
        "Xã Vang Quới Đông", "Xã Châu Hưng", "Xã Phú Vang", "Xã Lộc Thuận", "Xã Định Trung", "Xã Thới Lai",
        "Xã Bình Thới", "Xã Phú Long", "Xã Bình Thắng", "Xã Thạnh Trị", "Xã Đại Hòa Lộc", "Xã Thừa Đức",
        "Xã Thạnh Phước", "Xã Thới Thuận",
    ]),
    ("836", "Ba Tri", "Ba Tri", [
        "Thị trấn Ba Tri", "Xã Tân Mỹ", "Xã Mỹ Hòa", "Xã Tân Xuân", "Xã Mỹ Chánh", "Xã Bảo Thạnh",
        "Xã An Phú Trung", "Xã Mỹ Thạnh", "Xã Mỹ Nhơn", "Xã Phước Ngãi", "Xã An Ngãi Trung", "Xã Phú Lễ",
        "Xã An Bình Tây", "Xã Bảo Thuận", "Xã Tân Hưng", "Xã An Ngãi Tây", "Xã An Hiệp", "Xã Vĩnh Hòa",
        "Xã Tân Thủy", "Xã Vĩnh An", "Xã An Đức", "Xã An Hòa Tây",
    ]),
    ("837", "Thạnh Phú", "Thanh Phu", [
        "Thị trấn Thạnh Phú", "Xã Phú Khánh", "Xã Đại Điền", "Xã Quới Điền", "Xã Tân Phong", "Xã Mỹ Hưng",
        "Xã An Thạnh", "Xã Thới Thạnh", "Xã Hòa Lợi", "Xã An Điền", "Xã Bình Thạnh", "Xã An Thuận",
        "Xã An Quy", "Xã Thạnh Hải", "Xã An Nhơn", "Xã Giao Thạnh", "Xã Thạnh Phong", "Xã Mỹ An",
    ]),
    ("838", "Mỏ Cày Bắc", "Mo Cay Bac", [
        "Xã Phước Mỹ Trung", "Xã Tân Thành Bình", "Xã Thành An", "Xã Hòa Lộc", "Xã Tân Thanh Tây", "Xã Tân Bình",
        "Xã Nhuận Phú Tân", "Xã Khánh Thạnh Tân", "Xã Thanh Tân", "Xã Phú Mỹ", "Xã Hưng Khánh Trung A",
        "Xã Thạnh Ngãi", "Xã Tân Phú Tây",
    ]),
]
