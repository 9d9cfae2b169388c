"""통합예약: one booking engine behind 공공시설 대관, 체육시설 예약, 문화강좌 신청, 무료법률상담 예약."""
