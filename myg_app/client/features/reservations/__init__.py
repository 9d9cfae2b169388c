"""통합예약 screens: one set of screens serving facility, sports, course and legal."""
