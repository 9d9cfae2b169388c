"""버스 정보: 국토교통부 TAGO (광양시 cityCode 36060), favourite stops."""
