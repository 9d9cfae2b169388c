"""복지정책 검색, 보조금24 맞춤혜택 and 소상공인 지원: one catalogue of public services (보조금24
records and the city's own programmes), one search index and one eligibility engine."""
