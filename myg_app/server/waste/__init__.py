"""대형폐기물 배출 신고: item catalogue, collection dates per 읍면동, bookings, 배출번호."""
