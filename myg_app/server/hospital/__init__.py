"""병원·약국: 국립중앙의료원 and 건강보험심사평가원 adapters, opening hours, search."""
