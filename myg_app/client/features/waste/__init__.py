"""대형폐기물 배출 신고 screens (citizen and 자원순환과 officer)."""
