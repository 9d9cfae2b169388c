"""전통시장 장보기 screens (citizen, merchant and 일자리경제과 officer)."""
