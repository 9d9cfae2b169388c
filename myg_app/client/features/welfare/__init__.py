"""복지정책 검색, 보조금24 맞춤혜택 and 소상공인 지원: one catalogue, three functions' screens."""
